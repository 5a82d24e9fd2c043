from django.shortcuts import redirect
from django.urls import reverse


class ForcePasswordChangeMiddleware:
    """A user whose password was set by an officer must choose their own before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = {reverse("password_change"), reverse("password_change_done"), reverse("logout")}
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("password_change")
        return self.get_response(request)


class RejectNulCharactersMiddleware:
    """A NUL character in a query string or form field is never real input (PostgreSQL refuses
    it in text, so it would surface as a 500 deep in some view). Answer 400 once, for every app."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET) or (
            request.method == "POST"
            and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
            and _has_nul(request.POST)
        ):
            from django.shortcuts import render

            return render(
                request, "400.html", {"reason": "提交的内容含有非法字符（空字符），请检查后重试。"}, status=400
            )
        return self.get_response(request)


def _has_nul(querydict):
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in querydict.lists())
