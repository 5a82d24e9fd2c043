"""The password backend: Django's ModelBackend, loading in ONE query everything every page needs
about the logged-in user.

Every page reads the user's roles (permissions.roles_of), `user.member` with its department and
union group (menus, "mine" querysets, the member home), the navbar's unread-notification count,
and a few facts the apps' menus need (e.g. whether the member is a current 教代会代表). They
come as annotations on the user query instead of a query each. The values are read fresh from
the database on every request (the user is loaded per request), so nothing goes stale.

An app adds its own facts with an optional `user_annotations() -> {name: expression}` in its
menu_items.py (expressions on the User queryset, OuterRef("pk") is the user's id); the menu
reads them back with `request_fact(user, name, compute)`, which falls back to `compute()` for a
user object not loaded through this backend (e.g. right after login in the same request).
"""

from importlib import import_module

from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from unionhub.models import Notification, User

FACTS_ATTR = "_unionhub_facts"
ROLE_PREFIX = "role_"


def _role_annotations():
    from unionhub.permissions import Role

    through = User.groups.through
    return {
        f"{ROLE_PREFIX}{i}": Exists(through.objects.filter(user_id=OuterRef("pk"), group__name=name))
        for i, name in enumerate(Role.ALL)
    }


def _unread_annotation():
    unread = (
        Notification.objects.filter(user_id=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))


def app_annotations():
    """{name: expression} from every app's menu_items.user_annotations(), in menu order."""
    from unionhub.menu import APPS

    result = {}
    for app in APPS:
        try:
            module = import_module(f"{app}.menu_items")
        except ModuleNotFoundError:
            continue
        if hasattr(module, "user_annotations"):
            result.update(module.user_annotations())
    return result


def load_user(user_id):
    """The user with member (+department, union group), roles, unread count and the apps' facts."""
    from unionhub.permissions import Role

    extra = app_annotations()
    user = (
        User._default_manager.select_related("member", "member__department", "member__union_group")
        .annotate(**_role_annotations(), nav_unread=_unread_annotation(), **extra)
        .filter(pk=user_id)
        .first()
    )
    if user is None:
        return None
    roles = frozenset(name for i, name in enumerate(Role.ALL) if user.__dict__.pop(f"{ROLE_PREFIX}{i}"))
    if user.is_superuser:
        roles |= {Role.CHAIR}
    user._unionhub_roles = roles
    facts = {name: user.__dict__.pop(name) for name in ("nav_unread", *extra)}
    setattr(user, FACTS_ATTR, facts)
    return user


def request_fact(user, name, compute):
    """A fact loaded with the user (see module doc), or compute() when it was not."""
    facts = getattr(user, FACTS_ATTR, None)
    if facts is not None and name in facts:
        return facts[name]
    return compute()


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        user = load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
