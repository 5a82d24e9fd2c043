"""文体活动 numbers for a period (DOMAIN.md §7). The dashboard and the year-end workbook read these."""

from django.db.models import Count, Q, Sum
from django.urls import reverse

from activities.models import Activity, ActivityType, EntryMember, Event, Meet, Result, Unit
from unionhub.permissions import is_officer
from unionhub.stats import Indicator, Panel, Sheet, Table

MODE_HEADCOUNT = Activity.Mode.HEADCOUNT


def attendance_by_activity(period):
    """[(activity id, type name, month, 参加人次)] for activities dated in the period (2 queries)."""
    rows = (
        Activity.objects.in_period(period)
        .annotate(n=Count("participations"))
        .values_list("pk", "type__name", "date", "mode", "head_count", "n")
    )
    return [(pk, t, d.month, (hc or 0) if mode == MODE_HEADCOUNT else n) for pk, t, d, mode, hc, n in rows]


def by_type(period, attendance=None):
    """[(type name, activities, 参加人次)] in type order, every type listed."""
    counts = {}
    for _, t, _, n in attendance if attendance is not None else attendance_by_activity(period):
        acts, people = counts.get(t, (0, 0))
        counts[t] = (acts + 1, people + n)
    return [(t.name, *counts.get(t.name, (0, 0))) for t in ActivityType.objects.all()]


def by_month(period, attendance=None):
    months = {m: [0, 0] for m in range(1, 13)}
    for _, _, month, n in attendance if attendance is not None else attendance_by_activity(period):
        months[month][0] += 1
        months[month][1] += n
    return months


def meet_totals(period):
    meets = Meet.objects.in_period(period)
    return {
        "meets": meets.count(),
        "events": Event.objects.filter(meet__in=meets).count(),
        "entrants": EntryMember.objects.filter(event__meet__in=meets).count(),
        "people": EntryMember.objects.filter(event__meet__in=meets).values("member").distinct().count(),
    }


def places_by_unit(period):
    """[(unit name, entrants 人次, 1st, 2nd, 3rd, points)] over the period's meets, by unit name."""
    meets = Meet.objects.in_period(period)
    people = dict(
        EntryMember.objects.filter(event__meet__in=meets)
        .values("entry__unit__name")
        .annotate(n=Count("id"))
        .values_list("entry__unit__name", "n")
    )
    places = (
        Result.objects.filter(entry__event__meet__in=meets, place__isnull=False)
        .values("entry__unit__name")
        .annotate(
            first=Count("id", filter=Q(place=1)),
            second=Count("id", filter=Q(place=2)),
            third=Count("id", filter=Q(place=3)),
            points=Sum("points"),
        )
    )
    by_name = {p["entry__unit__name"]: p for p in places}
    names = list(
        dict.fromkeys(Unit.objects.filter(meet__in=meets).order_by("sort_order", "name").values_list("name", flat=True))
    )
    rows = []
    for name in names:
        p = by_name.get(name, {})
        rows.append(
            [
                name,
                people.get(name, 0),
                p.get("first", 0),
                p.get("second", 0),
                p.get("third", 0),
                float(p.get("points") or 0),
            ]
        )
    return rows


def annual_sheets(period):
    attendance = attendance_by_activity(period)
    types = by_type(period, attendance)
    totals = meet_totals(period)
    months = by_month(period, attendance)
    units = places_by_unit(period)
    tables = [
        Table(
            title="文体活动（按类型）",
            headers=["活动类型", "活动次数", "参加人次"],
            rows=[list(r) for r in types],
            formats={1: "int", 2: "int"},
            total_row=["合计", sum(r[1] for r in types), sum(r[2] for r in types)],
        ),
        Table(
            title="文体活动（按月份）",
            headers=["月份", "活动次数", "参加人次"],
            rows=[[f"{m}月", a, n] for m, (a, n) in months.items()],
            formats={1: "int", 2: "int"},
        ),
        Table(
            title="运动会",
            headers=["运动会场次", "比赛项目", "参赛人次", "参赛人数"],
            rows=[[totals["meets"], totals["events"], totals["entrants"], totals["people"]]],
            formats={0: "int", 1: "int", 2: "int", 3: "int"},
        ),
        Table(
            title="各代表队参赛与获奖",
            headers=["代表队", "参赛人次", "第一名", "第二名", "第三名", "团体得分"],
            rows=units,
            formats={1: "int", 2: "int", 3: "int", 4: "int", 5: "decimal"},
            note="按代表队名称汇总本年度所有运动会；名次含并列。",
        ),
    ]
    return [
        Sheet(
            name="文体活动",
            tables=tables,
            indicators=[
                Indicator("文体活动次数", sum(r[1] for r in types)),
                Indicator("文体活动参加人次", sum(r[2] for r in types)),
                Indicator("运动会参赛人次", totals["entrants"]),
            ],
            definitions=[
                ("参加人次", "报名或指定参加的人数之和；“只记人数”的活动按登记的人数计。同一人参加多次计多人次。"),
                ("参赛人次", "运动会各项目报名的运动员人数之和（集体项目按队员计）。"),
                ("名次", "按竞赛规程的竞赛排名法（1、2、2、4），并列者计入同一名次。"),
            ],
        )
    ]


def dashboard(user, period):
    """(indicators, panels) from one pass over the period's activities (+ the type list)."""
    if not is_officer(user):
        return [], []
    attendance = attendance_by_activity(period)
    months = by_month(period, attendance)
    types = by_type(period, attendance)
    url = reverse("activities:activity_list") + f"?year={period.start.year}"
    indicators = [
        Indicator("文体活动", sum(r[1] for r in types), url=reverse("activities:activity_list")),
        Indicator("活动参加人次", sum(r[2] for r in types)),
    ]
    panels = [
        Panel(
            title="文体活动（按月）",
            labels=[f"{m}月" for m in months],
            series=[("活动次数", [a for a, _ in months.values()]), ("参加人次", [n for _, n in months.values()])],
            kind="bar",
            url=url,
        ),
        Panel(
            title="文体活动（按类型）",
            labels=[t for t, _, _ in types],
            series=[("活动次数", [a for _, a, _ in types]), ("参加人次", [n for _, _, n in types])],
            kind="hbar",
            url=url,
        ),
    ]
    return indicators, panels


def dashboard_panels(user, period):
    return dashboard(user, period)[1]


def dashboard_indicators(user, period):
    return dashboard(user, period)[0]
