"""Who may see and do what. The one place that knows the roles.

Roles are Django groups (created by migration unionhub/0002_roles). A user may hold several.
Views call the helpers here; object views fetch through the `visible_*` querysets so that
changing an id in a URL can never show somebody else's data.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


class Role:
    CHAIR = "工会主席"
    OFFICER = "工会干部"
    WELFARE = "帮扶专员"
    COMMITTEE = "提案委员会"
    HANDLER = "承办部门"
    MEMBER = "会员"

    ALL = (CHAIR, OFFICER, WELFARE, COMMITTEE, HANDLER, MEMBER)


def roles_of(user) -> frozenset:
    """The names of the user's roles, cached on the user object for the request."""
    if not user or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_unionhub_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached = cached | {Role.CHAIR}
        user._unionhub_roles = cached
    return cached


def has_role(user, *roles) -> bool:
    """True if the user holds any of `roles`. The chair (工会主席) may do everything."""
    held = roles_of(user)
    return Role.CHAIR in held or bool(held.intersection(roles))


def is_chair(user) -> bool:
    return Role.CHAIR in roles_of(user)


def is_officer(user) -> bool:
    """工会干部 or 工会主席: runs the roster, activities, visits, notices."""
    return has_role(user, Role.OFFICER)


def is_welfare_officer(user) -> bool:
    """帮扶专员 or 工会主席: the only roles that open hardship files and aid."""
    return has_role(user, Role.WELFARE)


def is_committee(user) -> bool:
    return has_role(user, Role.COMMITTEE)


def is_handler(user) -> bool:
    return has_role(user, Role.HANDLER) and getattr(user, "handler_department_id", None) is not None


def member_of(user):
    """The Member row linked to this login, or None."""
    if not user or not user.is_authenticated:
        return None
    try:
        return user.member
    except Exception:  # RelatedObjectDoesNotExist
        return None


def role_required(*roles):
    """View decorator: logged in (else redirect to login) and holding one of `roles` (else 403)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied("您没有权限访问此页面。")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


officer_required = role_required(Role.OFFICER)
welfare_required = role_required(Role.WELFARE)
committee_required = role_required(Role.COMMITTEE)


def visible_members(user):
    """Members this user may open: officers and welfare officers see the roster, others themselves."""
    from members.models import Member

    qs = Member.objects.select_related("department", "union_group")
    if has_role(user, Role.OFFICER, Role.WELFARE):
        return qs
    me = member_of(user)
    return qs.filter(pk=me.pk) if me else qs.none()


def can_see_member_private_data(user, member) -> bool:
    """ID number and phone in full: officers, and the member themself."""
    if has_role(user, Role.OFFICER):
        return True
    me = member_of(user)
    return me is not None and me.pk == member.pk
