"""Member numbers for a period (DOMAIN.md §7: 基本情况, 会员分布).

Counts are "as of the end of the period" from the dated membership events
(Member.objects.members_as_of), so a past year shows who was a member then. Joins and
departures are events dated inside the period. The dashboard and the year-end workbook
both read these functions.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.db.models import CharField, Count, F, Max, Min, Q, Value
from django.db.models.functions import Cast, Concat, Substr
from django.urls import reverse

from members.models import EmploymentType, Member, MembershipEvent, Sex
from unionhub.permissions import Role, has_role
from unionhub.stats import Indicator, Panel, Sheet, Table

AGE_BANDS = [("35岁及以下", None, 35), ("36-45岁", 36, 45), ("46-55岁", 46, 55), ("56岁及以上", 56, None)]
LEAVE_KINDS = (MembershipEvent.Kind.TRANSFER_OUT, MembershipEvent.Kind.QUIT, MembershipEvent.Kind.DEATH)


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 Feb
        return day.replace(year=day.year - years, day=28)


def _last_kind_in(day, kinds, wanted):
    """Subquery of the ids of members whose last event of `kinds` on or before `day` (latest
    date, then latest id - as MemberQuerySet.with_status_as_of) is one of `wanted`.

    One grouped pass over the events instead of a correlated subquery per member: per member the
    MAX of "date + fixed-width id + kind" picks the last event, and its tail is that event's kind.
    """
    key = Concat(
        Cast("date", CharField()), Cast(F("id") + Value(ID_OFFSET), CharField()), "kind", output_field=CharField()
    )
    return (
        MembershipEvent.objects.filter(date__lte=day, kind__in=list(kinds))
        .order_by()
        .values("member_id")
        .annotate(last_kind=Substr(Max(key), KIND_AT))
        .filter(last_kind__in=list(wanted))
        .values("member_id")
    )


ID_OFFSET = 10**12  # ids below this become 13 digits "1000000000042": sorts like the number
KIND_AT = len("2026-12-31") + 13 + 1  # where the kind starts in the key


def member_ids_at(day):
    """Subquery of the ids of members on `day` (same as Member.objects.members_as_of(day))."""
    in_kinds = [k for k, s in MembershipEvent.MEMBERSHIP_EFFECT.items() if s in MembershipEvent.IN_UNION_STATUSES]
    return _last_kind_in(day, MembershipEvent.MEMBERSHIP_EFFECT, in_kinds)


def retired_ids_at(day):
    """Subquery of the ids of members retired on `day` (same as Member.objects.retired_as_of(day))."""
    return _last_kind_in(day, MembershipEvent.WORK_EFFECT, [MembershipEvent.Kind.RETIRE])


def members_at(day):
    """Members on `day` as a plain filter (pk in the as-of subquery), safe to group and count."""
    return Member.objects.filter(pk__in=member_ids_at(day))


def _age_filter(day, low, high):
    """Q for members aged low..high (inclusive) on `day`, by birth date ranges."""
    q = Q()
    if low is not None:  # age >= low  <=>  born on or before day - low years
        q &= Q(birth_date__lte=_years_before(day, low))
    if high is not None:  # age <= high  <=>  born after day - (high + 1) years
        q &= Q(birth_date__gt=_years_before(day, high + 1))
    return q


def _aggregates(day):
    retired_pks = retired_ids_at(day)
    aggs = {
        "total": Count("pk"),
        "women": Count("pk", filter=Q(sex=Sex.FEMALE)),
        "retired": Count("pk", filter=Q(pk__in=retired_pks)),
    }
    for i, (_label, low, high) in enumerate(AGE_BANDS):
        aggs[f"age{i}"] = Count("pk", filter=_age_filter(day, low, high))
    for value, _label in EmploymentType.choices:
        aggs[f"emp_{value}"] = Count("pk", filter=Q(employment_type=value))
    return aggs


def _row_values(d):
    return (
        [d["total"], d["women"]]
        + [d[f"age{i}"] for i in range(len(AGE_BANDS))]
        + [d[f"emp_{v}"] for v, _l in EmploymentType.choices]
        + [d["retired"]]
    )


DISTRIBUTION_HEADERS = (
    ["会员数", "女"]
    + [label for label, _lo, _hi in AGE_BANDS]
    + [label for _v, label in EmploymentType.choices]
    + ["离退休"]
)


def basic_numbers(period):
    """The 基本情况 numbers as a dict (also used by the dashboard)."""
    end = period.end
    members = members_at(end)
    totals = members.aggregate(
        **_aggregates(end),
        departments=Count("department", distinct=True),
        groups=Count("union_group", distinct=True),  # COUNT(DISTINCT) skips the ungrouped (NULL)
    )
    # a member entered without 入会日期 gets an 入会 event dated the day of entry (needed for the
    # as-of counts); that day is not when they joined, so it is not a 新入会 of that year
    joined_then = Q(kind=MembershipEvent.Kind.RESTORE) | Q(
        kind=MembershipEvent.Kind.JOIN, member__joined_on__isnull=False
    )
    moves = MembershipEvent.objects.filter(date__gte=period.start, date__lte=end).aggregate(
        joined=Count("member", distinct=True, filter=joined_then),
        left=Count("member", distinct=True, filter=Q(kind__in=LEAVE_KINDS)),
    )
    return {
        "total": totals["total"],
        "women": totals["women"],
        "contract": totals[f"emp_{EmploymentType.CONTRACT}"],
        "migrant": totals[f"emp_{EmploymentType.MIGRANT}"],
        "retired": totals["retired"],
        "joined": moves["joined"],
        "left": moves["left"],
        "departments": totals["departments"],
        "groups": totals["groups"],
    }


def annual_sheets(period):
    n = basic_numbers(period)
    basic = Table(
        title=f"{settings.UNIONHUB_BRANCH_NAME} 会员基本情况（截至 {period.end:%Y年%m月%d日}）",
        headers=["项目", "数值"],
        rows=[
            ["单位名称", settings.UNIONHUB_BRANCH_NAME],
            ["统计年度", period.label],
            ["会员总数", n["total"]],
            ["其中：女会员", n["women"]],
            ["其中：合同制会员", n["contract"]],
            ["其中：农民工会员", n["migrant"]],
            ["其中：离退休会员", n["retired"]],
            ["本期新入会", n["joined"]],
            ["本期减少（转出、退会、去世）", n["left"]],
            ["有会员的部门数", n["departments"]],
            ["有会员的工会小组数", n["groups"]],
        ],
        formats={1: "int"},
    )
    by_department, by_group = distribution(period)
    return [
        Sheet(
            name="基本情况",
            tables=[basic],
            indicators=_indicators(n, period),
            definitions=[
                ("会员总数", "统计期末会籍为“在会”或“保留会籍”的人数，按会籍变动记录的日期推算。"),
                ("离退休会员", "统计期末已有“退休”记录且仍在会的会员。"),
                ("本期新入会", "统计期内有“入会”或“恢复”记录的人数（未填入会日期、按录入日记录入会的不计）。"),
                ("本期减少", "统计期内有“转出”“退会”或“去世”记录的人数。"),
                ("用工形式", "按会员当前登记的用工形式统计。"),
            ],
        ),
        Sheet(
            name="会员分布",
            tables=[by_department, by_group],
            definitions=[("年龄段", f"按统计期末（{period.end:%Y-%m-%d}）的周岁计算；出生日期缺失的不计入年龄段。")],
        ),
    ]


def distribution(period):
    """(by department, by union group) Tables of 会员分布 as of the period end."""
    end = period.end
    members = members_at(end)
    aggs = _aggregates(end)
    dept_rows = (
        members.values("department__name", "department__sort_order")
        .annotate(**aggs)
        .order_by("department__sort_order", "department__name")
    )
    group_rows = (
        members.values("union_group__name", "union_group__sort_order")
        .annotate(**aggs)
        .order_by("union_group__sort_order", "union_group__name")
    )
    totals = members.aggregate(**aggs)
    fmt = {i: "int" for i in range(1, len(DISTRIBUTION_HEADERS) + 1)}
    by_department = Table(
        title="按部门",
        headers=["部门", *DISTRIBUTION_HEADERS],
        rows=[[d["department__name"], *_row_values(d)] for d in dept_rows],
        formats=fmt,
        total_row=["合计", *_row_values(totals)],
    )
    by_group = Table(
        title="按工会小组",
        headers=["工会小组", *DISTRIBUTION_HEADERS],
        rows=[[d["union_group__name"] or "（未分组）", *_row_values(d)] for d in group_rows],
        formats=fmt,
        total_row=["合计", *_row_values(totals)],
    )
    return by_department, by_group


def _list_url(**params):
    return reverse("members:list") + ("?" + urlencode(params) if params else "")


def _indicators(n, period):
    return [
        Indicator("会员总数", n["total"], url=_list_url(status="in_union")),
        Indicator("女会员", n["women"], url=_list_url(status="in_union", sex=Sex.FEMALE)),
        Indicator("离退休会员", n["retired"], url=_list_url(status="in_union", work="retired")),
        Indicator(f"{period.label}新入会", n["joined"]),
        Indicator(f"{period.label}减少", n["left"]),
    ]


def _can_see(user):
    return has_role(user, Role.OFFICER, Role.WELFARE)


def dashboard(user, period):
    """(indicators, panels) for the dashboard in two queries: members on the period end grouped by
    department and 用工形式 (sums give the totals), and the period's joins/departures."""
    if not _can_see(user):
        return [], []
    end = period.end
    # grouped by the two ids only (a hash aggregate); the department's name and order ride along
    # as Min() of the joined columns and only the ~hundreds of result rows get sorted
    rows = list(
        members_at(end)
        .values("department_id", "employment_type")
        .annotate(
            department_name=Min("department__name"),
            department_sort=Min("department__sort_order"),
            total=Count("pk"),
            women=Count("pk", filter=Q(sex=Sex.FEMALE)),
            retired=Count("pk", filter=Q(pk__in=retired_ids_at(end))),
        )
        .order_by("department_sort", "department_name", "department_id")
    )
    # a member entered without 入会日期 gets an 入会 event dated the day of entry (needed for the
    # as-of counts); that day is not when they joined, so it is not a 新入会 of that year
    joined_then = Q(kind=MembershipEvent.Kind.RESTORE) | Q(
        kind=MembershipEvent.Kind.JOIN, member__joined_on__isnull=False
    )
    moves = MembershipEvent.objects.filter(date__gte=period.start, date__lte=end).aggregate(
        joined=Count("member", distinct=True, filter=joined_then),
        left=Count("member", distinct=True, filter=Q(kind__in=LEAVE_KINDS)),
    )
    n = {key: sum(r[key] for r in rows) for key in ("total", "women", "retired")} | moves
    departments, emp = {}, {}
    for r in rows:
        d = departments.setdefault(r["department_id"], {"name": r["department_name"], "total": 0, "women": 0})
        d["total"] += r["total"]
        d["women"] += r["women"]
        emp[r["employment_type"]] = emp.get(r["employment_type"], 0) + r["total"]
    emp_choices = [(v, label) for v, label in EmploymentType.choices if emp.get(v)]
    panels = [
        Panel(
            title=f"会员按部门（截至 {end:%Y-%m-%d}）",
            labels=[d["name"] for d in departments.values()],
            series=[
                ("会员", [d["total"] for d in departments.values()]),
                ("女", [d["women"] for d in departments.values()]),
            ],
            kind="hbar",
            url=_list_url(status="in_union"),
            links=[_list_url(status="in_union", department=pk) for pk in departments],
        ),
        Panel(
            title=f"会员按用工形式（截至 {end:%Y-%m-%d}）",
            labels=[label for _v, label in emp_choices],
            series=[("会员", [emp[v] for v, _l in emp_choices])],
            kind="pie",
            url=_list_url(status="in_union"),
            links=[_list_url(status="in_union", employment=v) for v, _l in emp_choices],
        ),
    ]
    return _indicators(n, period), panels


def dashboard_indicators(user, period):
    return dashboard(user, period)[0]


def dashboard_panels(user, period):
    return dashboard(user, period)[1]
