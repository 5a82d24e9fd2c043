"""Who sees what in activities/: querysets limited to the user."""

from activities.models import Activity, Entry, Event, Match, Meet
from unionhub.permissions import Role, has_role, is_officer


def can_view(user) -> bool:
    """Members (and every officer role) see activities and meets; accounts without a role do not."""
    return has_role(user, Role.MEMBER, Role.OFFICER, Role.WELFARE, Role.COMMITTEE, Role.HANDLER)


def visible_activities(user):
    return Activity.objects.select_related("type") if can_view(user) else Activity.objects.none()


def visible_meets(user):
    return Meet.objects.all() if can_view(user) else Meet.objects.none()


def visible_events(user):
    return Event.objects.select_related("meet", "division").filter(meet__in=visible_meets(user))


def visible_entries(user):
    return Entry.objects.select_related("event__meet", "unit").filter(event__meet__in=visible_meets(user))


def managed_events(user):
    return Event.objects.select_related("meet", "division") if is_officer(user) else Event.objects.none()


def managed_matches(user):
    return Match.objects.select_related("event__meet") if is_officer(user) else Match.objects.none()


def public_meets():
    return Meet.objects.filter(is_public=True)
