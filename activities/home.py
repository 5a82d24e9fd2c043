"""Blocks for the member home page: upcoming activities, my registrations, meets."""

from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, EntryMember, Meet
from activities.permissions import can_view
from unionhub.permissions import member_of
from unionhub.stats import HomeSection


def sections(user):
    if not can_view(user):
        return []
    today = timezone.localdate()
    me = member_of(user)
    upcoming = Activity.objects.upcoming(today).select_related("type").order_by("date", "id")[:5]
    result = [
        HomeSection(
            title="近期文体活动",
            items=[
                (
                    a.title,
                    reverse("activities:activity_detail", args=[a.pk]),
                    f"{a.date:%m-%d}" + ("（报名中）" if a.registration_open(today) else ""),
                )
                for a in upcoming
            ],
            empty_text="近期没有活动。",
            more_url=reverse("activities:activity_list") + "?when=upcoming",
        )
    ]
    if me is not None:
        mine = (
            Activity.objects.filter(participations__member=me, date__gte=today)
            .order_by("date", "id")
            .only("title", "date")[:5]
        )
        entries = (
            EntryMember.objects.filter(member=me, event__meet__start_date__gte=today)
            .select_related("event__division", "event__meet")
            .order_by("event__meet__start_date", "event__starts_at")[:5]
        )
        result.append(
            HomeSection(
                title="我的报名",
                items=[(a.title, reverse("activities:activity_detail", args=[a.pk]), f"{a.date:%m-%d}") for a in mine]
                + [
                    (f"{em.event.meet.name} · {em.event}", reverse("activities:event_detail", args=[em.event_id]), "")
                    for em in entries
                ],
                empty_text="您还没有报名近期的活动。",
                more_url=reverse("activities:activity_list") + "?mine=1",
            )
        )
    meets = Meet.objects.filter(start_date__gte=today).order_by("start_date")[:3]
    if meets:
        result.append(
            HomeSection(
                title="运动会",
                items=[
                    (
                        m.name,
                        reverse("activities:meet_detail", args=[m.pk]),
                        "报名中" if m.entries_open(today) else f"{m.start_date:%m-%d}",
                    )
                    for m in meets
                ],
                more_url=reverse("activities:meet_list"),
            )
        )
    return result
