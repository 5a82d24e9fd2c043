"""Cross-cutting pages: login locks (and the audit log)."""

from django.urls import path

from unionhub import audit_views, security

urlpatterns = [
    path("accounts/lockouts/", security.lockout_list, name="lockout_list"),
    path("accounts/lockouts/unlock/", security.lockout_unlock, name="lockout_unlock"),
    path("audit/", audit_views.audit_log, name="audit_log"),
]
