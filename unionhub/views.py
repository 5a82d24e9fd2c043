from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from unionhub.forms import LoginForm
from unionhub.permissions import Role, has_role


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        messages.success(self.request, "密码已修改。")
        return response


@login_required
def home(request):
    """Officers land on the dashboard, everybody else on their own home page."""
    if has_role(request.user, Role.OFFICER, Role.WELFARE, Role.COMMITTEE):
        return redirect("dashboard")
    return redirect("member_home")


@login_required
def notification_list(request):
    qs = request.user.notifications.all()
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "unionhub/notification_list.html", {"page_obj": page})


@login_required
@require_POST
def notification_open(request, pk):
    note = get_object_or_404(request.user.notifications, pk=pk)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("notifications")


@login_required
@require_POST
def notification_read_all(request):
    request.user.notifications.unread().update(read_at=timezone.now())
    messages.success(request, "已全部标为已读。")
    return redirect("notifications")
