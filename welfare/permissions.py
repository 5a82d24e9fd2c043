"""Who sees what in welfare. Hardship files and aid applications: 帮扶专员 and 工会主席 only."""

from members.models import Member
from unionhub.permissions import Role, has_role, is_welfare_officer, member_of, role_required

# visits (五必访) are run by union officers; the welfare officer works on them too
visits_required = role_required(Role.OFFICER, Role.WELFARE)


def can_manage_visits(user) -> bool:
    return has_role(user, Role.OFFICER, Role.WELFARE)


def visible_visits(user):
    """Officers see every visit; a member only the visits to themself."""
    from welfare.models import Visit

    qs = Visit.objects.select_related("member__department", "occasion")
    if can_manage_visits(user):
        return qs
    me = member_of(user)
    return qs.filter(member=me) if me else qs.none()


def visible_hardship_files(user):
    from welfare.models import HardshipFile

    if not is_welfare_officer(user):
        return HardshipFile.objects.none()
    return HardshipFile.objects.select_related("member__department")


def visible_applications(user):
    from welfare.models import AidApplication

    if not is_welfare_officer(user):
        return AidApplication.objects.none()
    return AidApplication.objects.select_related("member__department", "hardship_file")


def visit_members():
    """Members an officer may pick for a visit: everyone in the union (retirees included)."""
    return Member.objects.in_union().select_related("department")
