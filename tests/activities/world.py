"""Objects the activities URLs open in the whole-site tests (tests/urlcatalog.py).

- an activity open for registration, with world.member registered (world.participation);
- a public meet (so /activities/live/ works without login), open for entries, with one
  division and one unit (the department of every persona's member record, led by
  world.delegate: a unit leader may enter and withdraw for the unit);
- events of each kind, entered and scored through the services (places and points computed):
  跳绳 (individual, with results), 登山 (individual, world.member's entry, no result yet: the
  entry a member may still withdraw), 跳长绳 (team), 迎面接力 (relay, double points),
  拔河 (team match, knockout of four teams, every match scored) and 投篮 (nobody entered yet:
  the part a confirmation page may delete).

Only one unit and one division per meet: their names are unique per meet, and the hostile
test writes the same payload into every row.
"""

import datetime

from django.utils import timezone

from activities import services
from activities.models import (
    Activity,
    ActivityType,
    Division,
    Entry,
    EntryMember,
    Event,
    Match,
    Meet,
    Participation,
    Result,
    Unit,
)


def _people(world, *personas):
    return [world.personas[p].member for p in personas]


def populate(world):
    today = timezone.localdate()
    officer = world.officer

    activity = Activity.objects.create(
        type=ActivityType.objects.order_by("sort_order", "pk").first(),
        title="三八节踏青",
        date=today + datetime.timedelta(days=14),
        place="植物园",
        organiser="女工委员会",
        description="集合后统一乘车前往。",
        mode=Activity.Mode.REGISTRATION,
        registration_deadline=today + datetime.timedelta(days=7),
        capacity=50,
        created_by=officer,
    )
    world.activity = activity
    world.participation = services.register(activity=activity, member=world.member.member)

    meet = Meet.objects.create(
        name="教职工趣味运动会",
        start_date=today + datetime.timedelta(days=3),
        place="学校操场",
        age_reference_date=today,
        entry_opens=today - datetime.timedelta(days=10),
        entry_closes=today + datetime.timedelta(days=2),
        max_events_per_person=3,
        is_public=True,
        notes="各代表队按时检录。",
        created_by=officer,
    )
    division = Division.objects.create(meet=meet, name="中青年组", max_age=60, sort_order=1)
    department = world.member.member.department
    unit = Unit.objects.create(
        meet=meet, name=department.name, department=department, leader=world.delegate.member, sort_order=1
    )
    world.meet, world.division, world.unit = meet, division, unit

    def event(name, **fields):
        fields.setdefault("entries_per_unit", 8)
        return Event.objects.create(meet=meet, name=name, division=division, **fields)

    def enter(ev, personas, team_name=""):
        return services.enter(event=ev, unit=unit, members=_people(world, *personas), by=officer, team_name=team_name)

    def results(ev, marks):
        rows = {e.pk: ([mark], "") if mark not in ("DNS", "DNF", "DQ") else ([""], mark) for e, mark in marks}
        services.save_results(event=ev, rows=rows, by=officer)

    rope = event("跳绳", measure="count", better="higher", unit_label="个", decimals=0, venue="篮球场")
    rope_entries = [enter(rope, [p]) for p in ("chair", "delegate", "officer", "member")]
    results(rope, zip(rope_entries, ["150", "138", "138", "DNS"], strict=True))

    climb = event("登山", measure="time", better="lower", unit_label="秒")
    world.entry = enter(climb, ["member"])

    long_rope = event(
        "跳长绳", kind=Event.Kind.TEAM, measure="count", better="higher", decimals=0, team_min=2, team_max=4
    )
    teams = [
        enter(long_rope, ["chair", "officer", "member"], team_name="一队"),
        enter(long_rope, ["welfare_officer", "committee", "handler"], team_name="二队"),
    ]
    results(long_rope, zip(teams, ["88", "95"], strict=True))

    relay = event(
        "迎面接力",
        kind=Event.Kind.RELAY,
        measure="time",
        better="lower",
        unit_label="秒",
        team_min=2,
        team_max=4,
        multiplier=2,
        counts_toward_limit=False,
    )
    relay_teams = [
        enter(relay, ["chair", "delegate"], team_name="接力一队"),
        enter(relay, ["committee", "handler"], team_name="接力二队"),
    ]
    results(relay, zip(relay_teams, ["1:02.35", "58.10"], strict=True))

    tug = event(
        "拔河",
        kind=Event.Kind.TEAM,
        measure="match",
        match_format=Event.Format.KNOCKOUT,
        team_min=1,
        team_max=4,
        counts_toward_limit=False,
    )
    for personas, name in (
        (["chair", "officer"], "拔河甲队"),
        (["welfare_officer", "committee"], "拔河乙队"),
        (["handler", "delegate"], "拔河丙队"),
        (["member"], "拔河丁队"),
    ):
        enter(tug, personas, team_name=name)
    services.generate_matches(event=tug, by=officer)
    for number in (1, 2, 3, 4):  # semi-finals, then the final and the 3rd-place match
        match = Match.objects.filter(event=tug, is_bye=False, winner_side="").order_by("number").first()
        if match is None or match.entry_a_id is None or match.entry_b_id is None:
            continue
        services.record_match(match=match, score_a=2, score_b=number % 2, by=officer)
    world.match_event = tug

    world.empty_event = event("投篮", measure="count", better="higher", decimals=0)
    world.event = rope

    world.objects[ActivityType] = activity.type
    world.objects[Activity] = activity
    world.objects[Participation] = world.participation
    world.objects[Meet] = meet
    world.objects[Division] = division
    world.objects[Unit] = unit
    world.objects[Event] = rope
    world.objects[Entry] = world.entry
    world.objects[EntryMember] = world.entry.entry_members.get()
    world.objects[Result] = Result.objects.filter(entry__event=rope, place=1).get()
    world.objects[Match] = Match.objects.filter(event=tug, is_bye=False).order_by("number").first()


def _meet(w):
    return {"pk": w.meet.pk}


KWARGS = {
    "activities:division_create": _meet,
    "activities:unit_create": _meet,
    "activities:units_from_departments": _meet,
    "activities:event_create": _meet,
    "activities:print_programme": _meet,
    "activities:print_results": _meet,
    "activities:print_standings": _meet,
    "activities:print_certificates": _meet,
    "activities:live": _meet,
    "activities:meet_part_delete": lambda w: {"kind": "event", "pk": w.empty_event.pk},
    "activities:event_results": lambda w: {"pk": w.event.pk},
    "activities:print_checkin": lambda w: {"pk": w.event.pk},
    "activities:event_matches": lambda w: {"pk": w.match_event.pk},
    "activities:event_generate_matches": lambda w: {"pk": w.match_event.pk},
    "activities:event_group_knockout": lambda w: {"pk": w.match_event.pk},
}
