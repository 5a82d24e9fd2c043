"""Login throttling (django-axes) and the officers' page that lifts a lock.

- LoginThrottleBackend: axes' backend, except that an authenticate() call without a request
  (test clients' login(), a shell) is left to the next backend instead of raising. Every real
  login comes through the login or admin form, which pass the request, so it is throttled.
- lockout_response: a locked-out login gets the normal login page with a Chinese explanation
  (HTTP 429), not a bare error text.
- lockout_list / lockout_unlock: 工会干部 and 工会主席 see the locked 工号 and lift a lock.
"""

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from unionhub.forms import LoginForm
from unionhub.models import User
from unionhub.permissions import officer_required


class LoginThrottleBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_message():
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME else 0
    text = f"该工号连续 {settings.AXES_FAILURE_LIMIT} 次密码错误，已被暂时锁定。"
    if minutes:
        return text + f"请 {minutes} 分钟后再试，或联系工会干部解锁。"
    return text + "请联系工会干部解锁。"


def lockout_response(request, original_response=None, credentials=None):
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = LoginForm(request, initial={"username": username})
    return render(
        request,
        "registration/login.html",
        {"form": form, "lockout_message": lockout_message(), "next": request.POST.get("next", "")},
        status=429,
    )


def locked_attempts():
    """Access attempts that currently lock a 工号 (failures at the limit, cool-off not over)."""
    from axes.helpers import get_cool_off
    from django.utils import timezone

    qs = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    cool_off = get_cool_off()
    if cool_off:
        qs = qs.filter(attempt_time__gte=timezone.now() - cool_off)
    return qs.order_by("-attempt_time")


@officer_required
def lockout_list(request):
    # queries: session/user, roles, count + page of attempts, names of the page's users
    page = Paginator(locked_attempts(), 30).get_page(request.GET.get("page"))
    names = dict(User.objects.filter(username__in=[a.username for a in page]).values_list("username", "name"))
    rows = [{"attempt": a, "name": names.get(a.username, "")} for a in page]
    return render(request, "unionhub/lockout_list.html", {"page_obj": page, "rows": rows})


@officer_required
@require_POST
def lockout_unlock(request):
    username = request.POST.get("username", "").strip()
    if not username or not reset(username=username):
        messages.error(request, "该工号当前没有被锁定。")
    else:
        messages.success(request, f"已解除工号 {username} 的登录锁定。")
    return redirect("lockout_list")
