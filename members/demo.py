"""Demo data for the members app: a school union branch (seed_demo calls seed()).

scale="demo": 8 departments, 9 union groups, about 150 members (retirees, 合同制 and
other 用工形式, a few who left), dated membership events, and the 7 demo logins 1001..1007
(password Union-2026). scale="large" adds the benchmark roster: 20,000 members over 60
departments, written with bulk_create.

Idempotent: departments/groups/users are looked up by name, members by 工号; only what is
missing is created, so running it twice changes nothing.
"""

import datetime
import random

from django.contrib.auth.models import Group
from django.utils import timezone

from members.idcard import check_char
from members.models import (
    Department,
    EmploymentType,
    Member,
    MembershipEvent,
    MembershipStatus,
    UnionGroup,
    WorkStatus,
)
from members.pinyin import initials
from unionhub.models import User
from unionhub.permissions import Role

DEMO_PASSWORD = "Union-2026"

DEPARTMENTS = ["行政办公室", "教务处", "学生处", "总务处", "语文教研组", "数学教研组", "英语教研组", "综合教研组"]

# group name -> department (None: a group across departments)
GROUPS = [
    ("行政小组", "行政办公室"),
    ("教务学工小组", "教务处"),
    ("后勤小组", "总务处"),
    ("语文小组", "语文教研组"),
    ("数学小组", "数学教研组"),
    ("英语小组", "英语教研组"),
    ("理化生小组", "综合教研组"),
    ("文体艺术小组", "综合教研组"),
    ("离退休小组", None),
]
DEPT_GROUPS = {
    "行政办公室": ["行政小组"],
    "教务处": ["教务学工小组"],
    "学生处": ["教务学工小组"],
    "总务处": ["后勤小组"],
    "语文教研组": ["语文小组"],
    "数学教研组": ["数学小组"],
    "英语教研组": ["英语小组"],
    "综合教研组": ["理化生小组", "文体艺术小组"],
}
# how many members (of the ~143 non-account ones) each department gets
DEPT_WEIGHTS = {
    "行政办公室": 10,
    "教务处": 10,
    "学生处": 12,
    "总务处": 22,
    "语文教研组": 24,
    "数学教研组": 24,
    "英语教研组": 20,
    "综合教研组": 28,
}

# username, name, sex, birth, department, roles, extra user fields
ACCOUNTS = [
    ("1001", "陈建国", "M", datetime.date(1968, 5, 16), "行政办公室", [Role.CHAIR], {"is_staff": True}),
    ("1002", "李红梅", "F", datetime.date(1979, 9, 3), "行政办公室", [Role.OFFICER], {}),
    ("1003", "张丽华", "F", datetime.date(1975, 2, 21), "行政办公室", [Role.WELFARE], {}),
    ("1004", "王志强", "M", datetime.date(1972, 11, 8), "教务处", [Role.COMMITTEE], {}),
    ("1005", "刘德明", "M", datetime.date(1970, 7, 30), "总务处", [Role.HANDLER], {"handler_department": "总务处"}),
    ("1006", "周明辉", "M", datetime.date(1983, 4, 12), "数学教研组", [], {}),
    ("1007", "孙晓燕", "F", datetime.date(1990, 12, 5), "语文教研组", [], {}),
]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤"
)
MALE_GIVEN = "伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欢阳建国志文博晨"
FEMALE_GIVEN = "芳娜敏静丽艳娟霞秀玲燕萍红琳雪梅莉婷慧颖洁倩琴云兰凤玉英佳欣悦怡晓蕾"
AREAS = ["360426", "110105", "440105", "320102", "330106", "420106", "510107", "370102", "430104", "610113"]
TITLES = ["中学高级教师", "中学一级教师", "中学二级教师", "正高级教师", "", ""]
EDUCATIONS = ["本科", "本科", "本科", "硕士研究生", "大专", "博士研究生"]
POLITICAL = ["中共党员", "群众", "群众", "中共党员", "民盟盟员", "共青团员"]
ETHNICITIES = ["汉族"] * 14 + ["回族", "满族", "壮族", "土家族"]


def seed(*, out, scale="demo"):
    today = timezone.localdate()
    rng = random.Random(20260101)
    departments = _departments(DEPARTMENTS, start=1)
    groups = _groups(departments)
    existing_ids = set(Member.objects.exclude(id_number="").values_list("id_number", flat=True))
    created = _seed_accounts(departments, groups, existing_ids, today)
    created += _seed_roster(rng, departments, groups, existing_ids, today)
    _group_leaders(groups)
    out.write(f"会员：新建 {created} 人，现有 {Member.objects.count()} 人，部门 {len(departments)} 个。")
    if scale == "large":
        large_created = _seed_large(today)
        out.write(f"大规模数据：新建会员 {large_created} 人，共 {Member.objects.count()} 人。")
    out.write(f"演示账号（密码 {DEMO_PASSWORD}）：")
    for username, name, _sex, _birth, dept, roles, _extra in ACCOUNTS:
        label = "、".join(roles) or ("会员（教代会代表）" if username == "1006" else "会员")
        if username == "1005":
            label += f"（{dept}）"
        out.write(f"  {username}  {name}  {label}")


def _departments(names, *, start):
    existing = {d.name: d for d in Department.objects.filter(name__in=names)}
    missing = [Department(name=n, sort_order=start + i) for i, n in enumerate(names) if n not in existing]
    if missing:
        Department.objects.bulk_create(missing, batch_size=2000)
        existing = {d.name: d for d in Department.objects.filter(name__in=names)}
    return existing


def _groups(departments):
    result = {}
    for i, (name, dept) in enumerate(GROUPS, start=1):
        result[name] = UnionGroup.objects.get_or_create(
            name=name, defaults={"department": departments.get(dept), "sort_order": i}
        )[0]
    return result


def _group_leaders(groups):
    """Each demo group without a leader gets its first in-service member (by 工号) as 组长."""
    for group in groups.values():
        if group.leader_id:
            continue
        leader = group.members.in_union().exclude(work_status=WorkStatus.RETIRED).order_by("staff_no").first()
        leader = leader or group.members.in_union().order_by("staff_no").first()
        if leader:
            group.leader = leader
            group.save(update_fields=["leader"])


def _id_number(rng, birth, sex, taken):
    while True:
        area = rng.choice(AREAS)
        seq = rng.randrange(0, 1000)
        if (seq % 2 == 1) != (sex == "M"):
            seq = (seq + 1) % 1000
        first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
        number = first17 + check_char(first17)
        if number not in taken:
            taken.add(number)
            return number


def _random_name(rng, sex):
    given = MALE_GIVEN if sex == "M" else FEMALE_GIVEN
    return rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2, 2))))


def _random_birth(rng, lo, hi):
    start = datetime.date(lo, 1, 1).toordinal()
    end = datetime.date(hi, 12, 28).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))


def _seed_accounts(departments, groups, taken, today):
    group_by_role = {g.name: g for g in Group.objects.filter(name__in=Role.ALL)}
    id_rng = random.Random(1001)
    created = 0
    for username, name, sex, birth, dept, roles, extra in ACCOUNTS:
        extra = dict(extra)
        if "handler_department" in extra:
            extra["handler_department"] = departments[extra["handler_department"]]
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, name=name, **extra)
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set([group_by_role[r] for r in [*roles, Role.MEMBER]])
        if Member.objects.filter(staff_no=username).exists():
            continue
        joined = datetime.date(max(birth.year + 23, 1995), 9, 1)
        member = Member.objects.create(
            staff_no=username,
            name=name,
            sex=sex,
            birth_date=birth,
            ethnicity="汉族",
            id_number=_id_number(id_rng, birth, sex, taken),
            phone=f"139{int(username):08d}",
            department=departments[dept],
            union_group=groups[DEPT_GROUPS[dept][0]],
            position="教师" if "教研组" in dept else "职员",
            title="中学一级教师" if "教研组" in dept else "",
            education="本科",
            political_status="中共党员" if username in {"1001", "1002"} else "群众",
            employment_type=EmploymentType.ESTABLISHED,
            joined_on=joined,
            user=user,
        )
        MembershipEvent.objects.create(member=member, kind=MembershipEvent.Kind.JOIN, date=joined, note="演示数据")
        created += 1
    return created


def _plan_roster(rng):
    """(department, profile) for each demo member: a fixed mix, shuffled deterministically."""
    plan = []
    for dept, count in DEPT_WEIGHTS.items():
        plan.extend([dept] * count)
    rng.shuffle(plan)
    return plan


def _seed_roster(rng, departments, groups, taken, today):
    """Members 1008..1157: a deterministic mix of ages, 用工形式, retirees and leavers."""
    plan = _plan_roster(rng)
    members, events = [], []
    staff_nos = [str(1008 + i) for i in range(len(plan))]
    existing = set(Member.objects.filter(staff_no__in=staff_nos).values_list("staff_no", flat=True))
    retiree_group = groups["离退休小组"]
    for i, dept in enumerate(plan):
        staff_no = str(1008 + i)
        sex = "F" if rng.random() < 0.58 else "M"
        profile = "working"
        if i % 11 == 3:
            profile = "retired"
        elif i in (7, 41):
            profile = "transferred"
        elif i == 60:
            profile = "quit"
        elif i == 88:
            profile = "deceased"
        elif i == 95:
            profile = "reserved"
        elif i % 23 == 5:
            profile = "new"
        if profile == "retired":
            birth = _random_birth(rng, 1950, today.year - (61 if sex == "M" else 56))
        elif profile == "new":
            birth = _random_birth(rng, today.year - 30, today.year - 23)
        else:
            birth = _random_birth(rng, 1966, 2000)
        # draw everything random before the idempotency check so staff numbers keep their data
        name = _random_name(rng, sex)
        id_number_rng = rng.random()
        roll = rng.random()
        title = rng.choice(TITLES)
        education = rng.choice(EDUCATIONS)
        political = rng.choice(POLITICAL)
        ethnicity = rng.choice(ETHNICITIES)
        phone = f"13{rng.randrange(0, 10)}{rng.randrange(0, 10**8):08d}"
        if staff_no in existing:
            continue
        if dept == "总务处":
            employment = (
                EmploymentType.MIGRANT
                if roll < 0.2
                else EmploymentType.DISPATCHED
                if roll < 0.35
                else EmploymentType.CONTRACT
                if roll < 0.6
                else EmploymentType.ESTABLISHED
            )
        else:
            employment = (
                EmploymentType.CONTRACT
                if roll < 0.15
                else EmploymentType.AGENCY
                if roll < 0.22
                else EmploymentType.ESTABLISHED
            )
        hired = datetime.date(min(birth.year + 23, today.year), 9, 1)
        if profile == "new":
            # joined this year or last year, so "joined during the year" has numbers
            hired = datetime.date(today.year - (i % 2), 3 + i % 6, 1 + i % 27)
            if hired > today:
                hired = today
        joined = max(hired, datetime.date(1990, 1, 1))
        id_number = _id_number(random.Random(id_number_rng), birth, sex, taken)
        group_names = DEPT_GROUPS[dept]
        group = groups[group_names[i % len(group_names)]]
        member = Member(
            staff_no=staff_no,
            name=name,
            name_initials=initials(name),
            sex=sex,
            birth_date=birth,
            ethnicity=ethnicity,
            id_number=id_number,
            phone=phone,
            department=departments[dept],
            union_group=group,
            position="教师" if "教研组" in dept else "职员",
            title=title if "教研组" in dept else "",
            education=education,
            political_status=political,
            employment_type=employment,
            joined_on=joined,
        )
        member_events = [(MembershipEvent.Kind.JOIN, joined, "")]
        if profile == "retired":
            retire_age = 60 if sex == "M" else 55
            retired_on = _add_years(birth, retire_age)
            member.work_status = WorkStatus.RETIRED
            member.retired_on = retired_on
            member.union_group = retiree_group
            member.employment_type = EmploymentType.ESTABLISHED
            member_events.append((MembershipEvent.Kind.RETIRE, retired_on, "到龄退休"))
        elif profile in {"transferred", "quit", "deceased", "reserved"}:
            left = datetime.date(today.year - (1 if i % 2 else 0), 6, 30)
            if left > today:
                left = today
            kind, status, note = {
                "transferred": (MembershipEvent.Kind.TRANSFER_OUT, MembershipStatus.TRANSFERRED, "调往区教育局"),
                "quit": (MembershipEvent.Kind.QUIT, MembershipStatus.QUIT, "本人申请退会"),
                "deceased": (MembershipEvent.Kind.DEATH, MembershipStatus.DECEASED, "因病去世"),
                "reserved": (MembershipEvent.Kind.RESERVE, MembershipStatus.RESERVED, "停薪留职，保留会籍"),
            }[profile]
            member.membership_status = status
            member_events.append((kind, left, note))
        members.append(member)
        events.append(member_events)
    if not members:
        return 0
    Member.objects.bulk_create(members, batch_size=2000)
    by_staff_no = dict(Member.objects.filter(staff_no__in=[m.staff_no for m in members]).values_list("staff_no", "pk"))
    MembershipEvent.objects.bulk_create(
        [
            MembershipEvent(member_id=by_staff_no[m.staff_no], kind=kind, date=date, note=note or "演示数据")
            for m, member_events in zip(members, events, strict=True)
            for kind, date, note in member_events
        ],
        batch_size=2000,
    )
    return len(members)


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 Feb
        return day.replace(year=day.year + years, day=28)


LARGE_MEMBERS = 20_000
LARGE_DEPARTMENTS = 60
LARGE_PREFIX = "L"


def _seed_large(today):
    """The benchmark roster: 20,000 members over 60 departments (8 demo + 52 more)."""
    extra_names = [f"第{i:02d}分部" for i in range(1, LARGE_DEPARTMENTS - len(DEPARTMENTS) + 1)]
    departments = list(_departments(DEPARTMENTS, start=1).values()) + list(
        _departments(extra_names, start=len(DEPARTMENTS) + 1).values()
    )
    departments.sort(key=lambda d: d.sort_order)
    groups = {}
    for i, dept in enumerate(departments, start=1):
        groups[dept.pk] = UnionGroup.objects.get_or_create(
            name=f"{dept.name}工会小组", defaults={"department": dept, "sort_order": 100 + i}
        )[0]
    have = Member.objects.count()
    missing = LARGE_MEMBERS - have
    if missing <= 0:
        return 0
    taken = set(Member.objects.exclude(id_number="").values_list("id_number", flat=True))
    used_staff = set(Member.objects.filter(staff_no__startswith=LARGE_PREFIX).values_list("staff_no", flat=True))
    rng = random.Random(42)
    created = 0
    n = 0
    batch, batch_events = [], []
    while created < missing:
        n += 1
        staff_no = f"{LARGE_PREFIX}{n:06d}"
        if staff_no in used_staff:
            continue
        sex = "F" if rng.random() < 0.55 else "M"
        retired = rng.random() < 0.12
        birth = (
            _random_birth(rng, 1945, today.year - (61 if sex == "M" else 56))
            if retired
            else _random_birth(rng, 1966, 2002)
        )
        name = _random_name(rng, sex)
        dept = departments[n % len(departments)]
        joined = datetime.date(max(1990, min(birth.year + 23, today.year)), 1 + n % 12, 1 + n % 28)
        if joined > today:
            joined = today
        roll = rng.random()
        employment = (
            EmploymentType.CONTRACT
            if roll < 0.18
            else EmploymentType.AGENCY
            if roll < 0.25
            else EmploymentType.DISPATCHED
            if roll < 0.3
            else EmploymentType.MIGRANT
            if roll < 0.33
            else EmploymentType.ESTABLISHED
        )
        member = Member(
            staff_no=staff_no,
            name=name,
            name_initials=initials(name),
            sex=sex,
            birth_date=birth,
            ethnicity="汉族",
            id_number=_id_number(rng, birth, sex, taken),
            phone=f"15{n % 10}{n:08d}",
            department=dept,
            union_group=groups[dept.pk],
            employment_type=employment,
            joined_on=joined,
        )
        ev = [(MembershipEvent.Kind.JOIN, joined)]
        if retired:
            retired_on = _add_years(birth, 60 if sex == "M" else 55)
            member.work_status = WorkStatus.RETIRED
            member.retired_on = retired_on
            ev.append((MembershipEvent.Kind.RETIRE, max(retired_on, joined)))
        elif rng.random() < 0.03:
            left = datetime.date(rng.randint(max(joined.year, 2016), today.year), 6, 30)
            left = min(max(left, joined), today)
            member.membership_status = MembershipStatus.TRANSFERRED
            ev.append((MembershipEvent.Kind.TRANSFER_OUT, left))
        batch.append(member)
        batch_events.append(ev)
        created += 1
        if len(batch) == 2000 or created == missing:
            _flush_large(batch, batch_events)
            batch, batch_events = [], []
    return created


def _flush_large(members, events):
    Member.objects.bulk_create(members, batch_size=2000)
    by_staff_no = dict(Member.objects.filter(staff_no__in=[m.staff_no for m in members]).values_list("staff_no", "pk"))
    MembershipEvent.objects.bulk_create(
        [
            MembershipEvent(member_id=by_staff_no[m.staff_no], kind=kind, date=date, note="压测数据")
            for m, ev in zip(members, events, strict=True)
            for kind, date in ev
        ],
        batch_size=2000,
    )
