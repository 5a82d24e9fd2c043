"""Demo data for activities (seed_demo calls seed()).

scale="demo": 12 activities across the year (三八, 五四 outing, 教师节, 元旦联欢 ...), the
finished 三八趣味运动会 (拔河 knockout bracket, 跳绳, 踢毽子, 托球往返跑, 登山, a relay; results
entered and locked, public live page) and an autumn meet open for entries. Entries go
through services.enter, so the demo obeys every entry rule.

scale="large" adds 200 activities over ten years and 20 meets with 30,000 entries (with
results), written with bulk_create.

Idempotent: activities are found by (title, date), meets by name; what exists is skipped.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from activities import ranking, services
from activities.models import (
    Activity,
    ActivityType,
    Division,
    Entry,
    EntryMember,
    Event,
    Meet,
    Participation,
    Result,
    Unit,
)
from members.models import Department, Member
from unionhub.models import User

TYPES = ["文艺", "体育", "参观踏青", "学习培训", "体检", "女工活动", "其他"]
LARGE_ACTIVITIES = 200
LARGE_MEETS = 20
LARGE_ENTRIES = 30_000
LARGE_PREFIX = "大规模测试"
BATCH = 2000


def seed(*, out, scale="demo"):
    officer = User.objects.filter(username="1002").first()
    members = list(Member.objects.in_union().select_related("department").order_by("staff_no"))
    if not members:
        out.write("文体活动：没有会员，跳过（请先生成会员演示数据）。")
        return
    today = timezone.localdate()
    rng = random.Random(20260308)
    n_act = _seed_activities(rng, members, officer, today.year)
    n_meet = 0
    if _seed_womens_day_meet(rng, members, officer, today.year):
        n_meet += 1
    if _seed_open_meet(members, officer, today):
        n_meet += 1
    out.write(f"文体活动：新建活动 {n_act} 个，运动会 {n_meet} 个。")
    if scale == "large":
        a, m, e = _seed_large(members, today)
        out.write(f"文体活动大规模数据：新建活动 {a} 个，运动会 {m} 个，报名 {e} 条。")


# ------------------------------------------------------------------ activities

# (month, day, type, title, place, organiser, mode, capacity or head count, days before for deadline)
ACTIVITIES = [
    (1, 12, "体育", "新春登山健身活动", "南山森林公园", "校工会", "registration", 60, 5),
    (3, 6, "女工活动", "庆三八插花艺术沙龙", "教工之家", "女工委员会", "registration", 30, 2),
    (3, 8, "体育", "三八趣味运动会", "学校田径场", "校工会", "list", None, 0),
    (3, 20, "学习培训", "女职工健康知识讲座", "报告厅", "女工委员会", "headcount", 86, 0),
    (4, 15, "体检", "教职工年度健康体检", "市人民医院体检中心", "校工会", "headcount", 142, 0),
    (5, 4, "参观踏青", "五四青年教师踏青野炊", "梅岭风景区", "校工会、团委", "registration", 50, 3),
    (6, 18, "学习培训", "师德师风专题培训", "报告厅", "校工会", "headcount", 128, 0),
    (7, 8, "学习培训", "暑期教职工读书分享会", "图书馆", "校工会", "registration", 40, 3),
    (9, 10, "文艺", "庆祝教师节文艺汇演", "学校礼堂", "校工会", "list", None, 0),
    (10, 29, "其他", "重阳节退休教师座谈会", "教工之家", "校工会", "list", None, 0),
    (11, 20, "体育", "教职工羽毛球比赛", "体育馆", "校工会", "registration", 48, 5),
    (12, 30, "文艺", "“大家乐”元旦联欢会", "学校礼堂", "校工会", "registration", None, 5),
]


def _seed_activities(rng, members, officer, year):
    for i, name in enumerate(TYPES, start=1):  # normally there from migration 0002
        ActivityType.objects.get_or_create(name=name, defaults={"sort_order": i * 10})
    types = {t.name: t for t in ActivityType.objects.all()}
    created = 0
    women = [m for m in members if m.sex == "F" and m.work_status != "retired"]
    working = [m for m in members if m.work_status != "retired"]
    retired = [m for m in members if m.work_status == "retired"]
    young = [m for m in working if m.birth_date and year - m.birth_date.year <= 40]
    for month, day, type_name, title, place, organiser, mode, number, lead in ACTIVITIES:
        date = datetime.date(year, month, day)
        activity, new = Activity.objects.get_or_create(
            title=title,
            date=date,
            defaults={
                "type": types.get(type_name) or types["其他"],
                "place": place,
                "organiser": organiser,
                "mode": mode,
                "capacity": number if mode == "registration" else None,
                "head_count": number if mode == "headcount" else None,
                "registration_deadline": date - datetime.timedelta(days=lead) if mode == "registration" else None,
                "description": f"{organiser}组织{title}，欢迎广大教职工积极参加。",
                "created_by": officer,
            },
        )
        if not new:
            continue
        created += 1
        if mode == "headcount" or title == "三八趣味运动会":
            continue  # the 三八 meet's participants are its entrants (added with the meet)
        pool = {"女工活动": women, "参观踏青": young or working, "其他": retired or working}.get(type_name, working)
        if "三八" in title:
            pool = women
        size = min(len(pool), number or rng.randint(40, 80))
        if activity.date > timezone.localdate():
            size = size // 3  # registration still open: only some have signed up
        chosen = rng.sample(pool, size)
        Participation.objects.bulk_create(
            [
                Participation(
                    activity=activity,
                    member=m,
                    source=Participation.Source.SELF if mode == "registration" else Participation.Source.OFFICER,
                )
                for m in chosen
            ]
        )
    return created


# ------------------------------------------------------------------ the finished 三八 meet


def _units(meet, members=()):
    """One unit per department; the first woman of the department (by 工号) leads it (领队)."""
    services.units_from_departments(meet=meet)
    units = list(meet.units.select_related("department"))
    for unit in units:
        unit.leader = next((m for m in members if m.department_id == unit.department_id and m.sex == "F"), None)
    Unit.objects.bulk_update(units, ["leader"])
    return units


def _members_of(unit, members, sex=None):
    return [m for m in members if m.department_id == unit.department_id and (sex is None or m.sex == sex)]


def _seed_womens_day_meet(rng, members, officer, year):
    name = f"{year}年庆三八教职工趣味运动会"
    if Meet.objects.filter(name=name).exists():
        return False
    day = datetime.date(year, 3, 8)

    def at(h, m):
        return timezone.make_aware(datetime.datetime(year, 3, 8, h, m))

    meet = Meet.objects.create(
        name=name,
        start_date=day,
        place="学校田径场",
        age_reference_date=day,
        entry_opens=day - datetime.timedelta(days=20),
        entry_closes=day - datetime.timedelta(days=7),
        max_events_per_person=2,
        notes="一、参赛对象：全体在职女教职工。\n二、每人限报2个个人项目，拔河、接力不计入限项。\n"
        "三、各项目录取前八名，按9、7、6、5、4、3、2、1计分，接力项目双倍计分；团体总分相同者以第一名多者列前。",
        created_by=officer,
    )
    young = Division.objects.create(meet=meet, name="女子青年组", sex="F", max_age=40, sort_order=1)
    middle = Division.objects.create(meet=meet, name="女子中年组", sex="F", min_age=41, sort_order=2)
    units = _units(meet, members)
    ev = dict(meet=meet, entries_per_unit=2)
    events = {
        "rope_y": Event.objects.create(
            name="1分钟跳绳",
            division=young,
            measure="count",
            better="higher",
            unit_label="个",
            decimals=0,
            starts_at=at(8, 30),
            duration_minutes=30,
            sort_order=1,
            **ev,
        ),
        "rope_m": Event.objects.create(
            name="1分钟跳绳",
            division=middle,
            measure="count",
            better="higher",
            unit_label="个",
            decimals=0,
            starts_at=at(8, 30),
            duration_minutes=30,
            sort_order=2,
            **ev,
        ),
        "shuttle": Event.objects.create(
            name="踢毽子",
            measure="count",
            better="higher",
            unit_label="个",
            decimals=0,
            attempts=2,
            starts_at=at(9, 10),
            duration_minutes=30,
            sort_order=3,
            **ev,
        ),
        "ball": Event.objects.create(
            name="托球往返跑",
            measure="time",
            better="lower",
            unit_label="秒",
            starts_at=at(9, 40),
            duration_minutes=40,
            sort_order=4,
            **ev,
        ),
        "climb": Event.objects.create(
            name="登山",
            measure="time",
            better="lower",
            unit_label="分:秒",
            decimals=1,
            starts_at=at(14, 0),
            duration_minutes=90,
            venue="南山步道",
            sort_order=6,
            **ev,
        ),
    }
    relay = Event.objects.create(
        meet=meet,
        name="4×50米迎面接力",
        kind="relay",
        measure="time",
        better="lower",
        unit_label="秒",
        team_min=4,
        team_max=4,
        entries_per_unit=1,
        counts_toward_limit=False,
        multiplier=2,
        starts_at=at(10, 30),
        duration_minutes=30,
        sort_order=5,
    )
    tug = Event.objects.create(
        meet=meet,
        name="拔河",
        kind="team",
        measure="match",
        better="higher",
        team_min=5,
        team_max=10,
        entries_per_unit=1,
        counts_toward_limit=False,
        match_format="knockout",
        starts_at=at(15, 30),
        duration_minutes=60,
        sort_order=7,
    )
    for unit in units:
        women = _members_of(unit, members, "F")
        rng.shuffle(women)
        for person in women:
            for key in rng.sample(list(events), 3):
                try:
                    services.enter(event=events[key], unit=unit, members=[person], by=officer, day=day)
                except services.ActivityError:
                    continue  # the rules said no (limit, age group, unit cap): like a real entry form
        for team_event, size in ((relay, 4), (tug, min(8, len(women)))):
            if len(women) >= max(size, team_event.team_min):
                try:
                    services.enter(event=team_event, unit=unit, members=women[:size], by=officer, day=day)
                except services.ActivityError:
                    pass
    # results, typed as on the field
    marks = {
        "rope_y": lambda: str(rng.randint(120, 185)),
        "rope_m": lambda: str(rng.randint(90, 160)),
        "ball": lambda: f"{rng.uniform(18, 30):.2f}",
        "climb": lambda: f"{rng.randint(11, 16)}:{rng.randint(0, 59):02d}.{rng.randint(0, 9)}",
    }
    for key, event in events.items():
        rows = {}
        for e in event.entries.all():
            if rng.random() < 0.05:
                rows[e.pk] = ([""] * event.attempts, "DNS")
            elif key == "shuttle":
                rows[e.pk] = ([str(rng.randint(10, 60)), str(rng.randint(10, 60))], "")
            else:
                rows[e.pk] = ([marks[key]()], "")
        services.save_results(event=event, rows=rows, by=officer)
    services.save_results(
        event=relay, rows={e.pk: ([f"{rng.uniform(52, 64):.2f}"], "") for e in relay.entries.all()}, by=officer
    )
    if tug.entries.count() >= 2:
        services.generate_matches(event=tug, by=officer)
        for _ in range(tug.matches.count()):
            pending = [
                m for m in tug.matches.all() if not m.is_bye and not m.winner_side and m.entry_a_id and m.entry_b_id
            ]
            if not pending:
                break
            m = pending[0]
            a_wins = rng.random() < 0.6
            services.record_match(
                match=m,
                score_a=2 if a_wins else rng.randint(0, 1),
                score_b=rng.randint(0, 1) if a_wins else 2,
                by=officer,
            )
    meet.is_locked = True
    meet.is_public = True
    meet.save(update_fields=["is_locked", "is_public"])
    activity = Activity.objects.filter(title="三八趣味运动会", date=day).first()
    if activity is not None:
        entrants = Member.objects.filter(meet_entries__event__meet=meet).distinct()
        services.add_participants(activity=activity, members=entrants, by=officer)
    return True


# ------------------------------------------------------------------ the upcoming meet


def _seed_open_meet(members, officer, today):
    name = f"{today.year}年秋季教职工运动会" if today.month < 10 else f"{today.year + 1}年春季教职工运动会"
    if Meet.objects.filter(name=name).exists():
        return False
    start = today + datetime.timedelta(days=21)
    meet = Meet.objects.create(
        name=name,
        start_date=start,
        place="学校田径场、体育馆",
        age_reference_date=start,
        entry_opens=today - datetime.timedelta(days=3),
        entry_closes=today + datetime.timedelta(days=10),
        max_events_per_person=2,
        notes="每人限报2个个人项目（羽毛球团体、接力不计入）。各代表队领队负责本队报名，会员也可自行报名。",
        created_by=officer,
    )
    divisions = {}
    for i, (label, sex, lo, hi) in enumerate(
        [
            ("男子青年组", "M", None, 40),
            ("男子中年组", "M", 41, None),
            ("女子青年组", "F", None, 40),
            ("女子中年组", "F", 41, None),
        ],
        start=1,
    ):
        divisions[label] = Division.objects.create(meet=meet, name=label, sex=sex, min_age=lo, max_age=hi, sort_order=i)
    units = _units(meet)

    def at(d, h, m):
        return timezone.make_aware(datetime.datetime.combine(start + datetime.timedelta(days=d), datetime.time(h, m)))

    order = 0
    for n, division in enumerate(divisions.values()):
        order += 1
        Event.objects.create(
            meet=meet,
            name="60米",
            division=division,
            measure="time",
            better="lower",
            unit_label="秒",
            starts_at=at(0, 8 + (30 + n * 15) // 60, (30 + n * 15) % 60),
            sort_order=order,
        )
        order += 1
        Event.objects.create(
            meet=meet,
            name="定点投篮",
            division=division,
            measure="count",
            better="higher",
            unit_label="个",
            decimals=0,
            attempts=3,
            aggregate="sum",
            starts_at=at(0, 10, 0),
            sort_order=order,
        )
    Event.objects.create(
        meet=meet,
        name="4×100米混合接力",
        kind="relay",
        measure="time",
        better="lower",
        unit_label="秒",
        team_min=4,
        team_max=4,
        entries_per_unit=1,
        counts_toward_limit=False,
        multiplier=2,
        starts_at=at(0, 15, 0),
        sort_order=20,
    )
    Event.objects.create(
        meet=meet,
        name="羽毛球团体",
        kind="team",
        measure="match",
        better="higher",
        team_min=3,
        team_max=5,
        entries_per_unit=1,
        counts_toward_limit=False,
        match_format="round_robin",
        groups=2,
        starts_at=at(1, 9, 0),
        venue="体育馆",
        sort_order=21,
    )
    # some units already entered a few people; the leader of 数学教研组 is the demo member 1006
    leader = Member.objects.filter(staff_no="1006").first()
    for unit in units:
        if leader and unit.department_id == leader.department_id:
            unit.leader = leader
            unit.save(update_fields=["leader"])
    events = list(meet.events.filter(kind="individual").select_related("division"))
    for unit in units[:4]:
        for person in _members_of(unit, members)[:6]:
            for event in events:
                try:
                    services.enter(event=event, unit=unit, members=[person], by=officer, day=today)
                    break
                except services.ActivityError:
                    continue
    return True


# ------------------------------------------------------------------ large scale


def _seed_large(members, today):
    types = list(ActivityType.objects.all())
    rng = random.Random(7)
    have = set(Activity.objects.filter(title__startswith=LARGE_PREFIX).values_list("title", flat=True))
    acts = []
    for i in range(LARGE_ACTIVITIES):
        title = f"{LARGE_PREFIX}活动{i + 1:03d}"
        if title in have:
            continue
        day = today - datetime.timedelta(days=rng.randint(0, 3650))
        mode = "headcount" if i % 4 == 0 else "list"
        acts.append(
            Activity(
                type=types[i % len(types)],
                title=title,
                date=day,
                mode=mode,
                head_count=rng.randint(20, 300) if mode == "headcount" else None,
                place="校内",
            )
        )
    Activity.objects.bulk_create(acts, batch_size=BATCH)
    member_ids = list(Member.objects.in_union().values_list("pk", flat=True))
    parts = []
    for a in Activity.objects.filter(title__startswith=LARGE_PREFIX, mode="list", participations__isnull=True):
        parts.extend(
            Participation(activity=a, member_id=m, source="officer")
            for m in rng.sample(member_ids, min(30, len(member_ids)))
        )
    Participation.objects.bulk_create(parts, batch_size=BATCH)

    departments = list(Department.objects.order_by("sort_order", "pk"))
    by_dept = {}
    for pk, dept in Member.objects.in_union().values_list("pk", "department_id"):
        by_dept.setdefault(dept, []).append(pk)
    meets_made = entries_made = 0
    per_meet = LARGE_ENTRIES // LARGE_MEETS
    events_per_meet = 15
    for i in range(LARGE_MEETS):
        name = f"{LARGE_PREFIX}运动会{i + 1:02d}"
        if Meet.objects.filter(name=name).exists():
            continue
        day = today - datetime.timedelta(days=180 * (i + 1))
        meet = Meet.objects.create(
            name=name,
            start_date=day,
            age_reference_date=day,
            entry_opens=day - datetime.timedelta(days=20),
            entry_closes=day - datetime.timedelta(days=5),
            max_events_per_person=20,
            is_locked=True,
        )
        Unit.objects.bulk_create(
            [Unit(meet=meet, name=d.name, department=d, sort_order=d.sort_order) for d in departments]
        )
        units = list(meet.units.all())
        events = Event.objects.bulk_create(
            [
                Event(
                    meet=meet,
                    name=f"项目{k + 1:02d}",
                    measure="count" if k % 2 else "time",
                    better="higher" if k % 2 else "lower",
                    decimals=0 if k % 2 else 2,
                    entries_per_unit=1000,
                    sort_order=k,
                )
                for k in range(events_per_meet)
            ]
        )
        per_event = per_meet // events_per_meet
        entries, people = [], []
        for event in events:
            chosen = set()
            j = 0
            while len(chosen) < per_event and j < per_event * 5:
                unit = units[j % len(units)]
                j += 1
                pool = by_dept.get(unit.department_id) or member_ids
                m = rng.choice(pool)
                if m in chosen:
                    continue
                chosen.add(m)
                entries.append(Entry(event=event, unit=unit))
                people.append((event, m))
        Entry.objects.bulk_create(entries, batch_size=BATCH)
        EntryMember.objects.bulk_create(
            [EntryMember(entry=e, event=ev, member_id=m) for e, (ev, m) in zip(entries, people, strict=True)],
            batch_size=BATCH,
        )
        results = []
        by_event = ranking.group_by(entries, key=lambda e: e.event_id)
        for event in events:
            rows = [
                (e, rng.randint(8000, 20000) if event.measure == "time" else rng.randint(50, 200), "")
                for e in by_event.get(event.pk, [])
            ]
            for r in ranking.rank_event(rows, higher_is_better=event.better == "higher"):
                results.append(
                    Result(
                        entry=r.key,
                        mark=r.mark,
                        place=r.place,
                        points=Decimal(r.points.numerator) / Decimal(r.points.denominator),
                    )
                )
        for r in results:
            r.points = r.points.quantize(Decimal("0.01"))
        Result.objects.bulk_create(results, batch_size=BATCH)
        meets_made += 1
        entries_made += len(entries)
    return len(acts), meets_made, entries_made
