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

from functools import cache
from importlib import import_module

from django.contrib.auth.backends import ModelBackend
from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from unionhub.models import Notification, User

FACTS_ATTR = "_unionhub_facts"


def _roles_annotation():
    """The user's roles as one bit mask (bit i = Role.ALL[i]): one subquery instead of one per role."""
    from unionhub.permissions import Role

    bits = Case(
        *(When(group__name=name, then=Value(1 << i)) for i, name in enumerate(Role.ALL)),
        default=Value(0),
        output_field=IntegerField(),
    )
    mask = User.groups.through.objects.filter(user_id=OuterRef("pk")).order_by().values("user_id")
    mask = mask.annotate(mask=Sum(bits)).values("mask")
    return Coalesce(Subquery(mask, output_field=IntegerField()), Value(0))


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


@cache
def _user_queryset():
    """The annotated user queryset, built once per process: building its ~20 subqueries costs
    ~3 ms, more than running the query, and it does not depend on the request (only constants).
    Never evaluated itself; load_user() filters a clone. Returns (queryset, fact names)."""
    extra = app_annotations()
    queryset = User._default_manager.select_related("member", "member__department", "member__union_group").annotate(
        nav_roles=_roles_annotation(), nav_unread=_unread_annotation(), **extra
    )
    return queryset, ("nav_unread", *extra)


def load_user(user_id):
    """The user with member (+department, union group), roles, unread count and the apps' facts."""
    from unionhub.permissions import Role

    queryset, fact_names = _user_queryset()
    users = list(queryset.filter(pk=user_id))
    user = users[0] if users else None
    if user is None:
        return None
    mask = user.__dict__.pop("nav_roles")
    roles = frozenset(name for i, name in enumerate(Role.ALL) if mask & (1 << i))
    if user.is_superuser:
        roles |= {Role.CHAIR}
    user._unionhub_roles = roles
    facts = {name: user.__dict__.pop(name) for name in fact_names}
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
