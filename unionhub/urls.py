from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from unionhub import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password_change_done",
    ),
    path("messages/", views.notification_list, name="notifications"),
    path("messages/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("messages/read-all/", views.notification_read_all, name="notification_read_all"),
    path("", include("unionhub.dashboard_urls")),
    path("", include("unionhub.security_urls")),
    path("members/", include("members.urls")),
    path("congress/", include("congress.urls")),
    path("welfare/", include("welfare.urls")),
    path("activities/", include("activities.urls")),
    path("admin/", admin.site.urls),
]

# database down → friendly 503 (unionhub/errors.py)
handler400 = "unionhub.errors.bad_request"
handler500 = "unionhub.errors.server_error"


# auditlog's own LogEntry admin would show every recorded change (hardship circumstances
# included) to any staff user with view permission; the trail is read on the chair-only
# 操作日志 page instead. (Here, not in admin.py: every app's admin module has loaded by now.)
if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)
