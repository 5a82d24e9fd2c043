from django.conf import settings
from django.utils.functional import SimpleLazyObject

from unionhub.auth import request_fact
from unionhub.menu import build_menu
from unionhub.permissions import roles_of


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"branch_name": settings.UNIONHUB_BRANCH_NAME}

    def unread():
        # loaded with the user (unionhub/auth.py), so the navbar badge costs no query of its own
        return request_fact(user, "nav_unread", lambda: user.notifications.unread().count())

    return {
        "branch_name": settings.UNIONHUB_BRANCH_NAME,
        "nav_menu": SimpleLazyObject(lambda: build_menu(user)),
        "nav_unread": SimpleLazyObject(unread),
        "user_roles": SimpleLazyObject(lambda: sorted(roles_of(user))),
    }
