"""Welfare numbers for a period: 慰问 and 困难帮扶 (DOMAIN.md §7).

The year-end workbook (annual_sheets) and the dashboard (dashboard_panels / indicators) both
read the row functions below, so they never disagree. Only aggregates leave this module:
no names, no ID or bank numbers.
"""

import datetime
from decimal import Decimal

from django.db.models import CharField, Count, Q, Sum
from django.db.models.functions import Cast, ExtractMonth, ExtractYear, Substr
from django.urls import reverse

from members.models import Department
from unionhub.permissions import Role, has_role, is_welfare_officer
from unionhub.stats import Indicator, Panel, Sheet, Table
from welfare.models import AidApplication, DonationCampaign, HardshipFile, Occasion, Visit

ZERO = Decimal("0")


def _visits(period):
    return Visit.objects.in_period(period)


def visits_by_occasion(period):
    """[(occasion, 人次, 金额, 超标准例外人次)] for every occasion, in the configured order."""
    counts = {
        row["occasion_id"]: row
        for row in _visits(period)
        .values("occasion_id")
        .annotate(n=Count("id"), amount=Sum("amount"), exceptions=Count("id", filter=~Q(exception_reason="")))
    }
    rows = []
    for occasion in Occasion.objects.all():
        row = counts.get(occasion.pk, {})
        if not row and not occasion.is_active:
            continue
        rows.append([occasion.name, row.get("n", 0), row.get("amount") or ZERO, row.get("exceptions", 0)])
    return rows


def months_of(period):
    """[(year, month)] covered by the period."""
    months, day = [], period.start.replace(day=1)
    while day <= period.end:
        months.append((day.year, day.month))
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def visits_by_month(period):
    """[(label, 人次, 金额)] for each month of the period (empty months included)."""
    counts = {
        (row["y"], row["m"]): row
        for row in _visits(period)
        .annotate(y=ExtractYear("visit_date"), m=ExtractMonth("visit_date"))
        .values("y", "m")
        .annotate(n=Count("id"), amount=Sum("amount"))
    }
    single_year = period.start.year == period.end.year
    rows = []
    for y, m in months_of(period):
        row = counts.get((y, m), {})
        label = f"{m}月" if single_year else f"{y}年{m}月"
        rows.append([label, row.get("n", 0), row.get("amount") or ZERO])
    return rows


def visits_by_department(period):
    counts = {
        row["member__department_id"]: row
        for row in _visits(period).values("member__department_id").annotate(n=Count("id"), amount=Sum("amount"))
    }
    return [
        [d.name, counts[d.pk]["n"], counts[d.pk]["amount"] or ZERO]
        for d in Department.objects.filter(pk__in=counts.keys())
    ]


def files_by_category(period):
    """[(类别, 期末在档, 本期新建, 本期销档)] in one query."""
    qs = HardshipFile.objects.aggregate(
        **{
            f"{c}_{key}": Count("id", filter=Q(category=c) & cond)
            for c in HardshipFile.Category.values
            for key, cond in (
                ("open", Q(opened_on__lte=period.end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=period.end))),
                ("new", Q(opened_on__gte=period.start, opened_on__lte=period.end)),
                ("closed", Q(closed_on__gte=period.start, closed_on__lte=period.end)),
            )
        },
    )
    rows = [[label, qs[f"{c}_open"], qs[f"{c}_new"], qs[f"{c}_closed"]] for c, label in HardshipFile.Category.choices]
    return rows


def _grants(period):
    return AidApplication.objects.filter(
        status=AidApplication.Status.PAID, paid_on__gte=period.start, paid_on__lte=period.end
    )


def aid_by(field, choices, period):
    """[(label, 人次, 金额)] of aid paid in the period, grouped by `field` (kind or source)."""
    counts = {row[field]: row for row in _grants(period).values(field).annotate(n=Count("id"), amount=Sum("amount"))}
    return [[label, counts.get(v, {}).get("n", 0), counts.get(v, {}).get("amount") or ZERO] for v, label in choices]


def aid_by_kind(period):
    return aid_by("kind", AidApplication.Kind.choices, period)


def aid_by_source(period):
    return aid_by("source", AidApplication.Source.choices, period)


def donations(period):
    """[(活动, 日期, 受捐对象, 捐款人数, 金额)] for campaigns dated in the period."""
    campaigns = DonationCampaign.objects.filter(date__gte=period.start, date__lte=period.end).annotate(
        named_n=Count("donations"), named_amount=Sum("donations__amount")
    )
    return [
        [
            c.name,
            c.date,
            c.recipient,
            c.named_n + c.anonymous_count,
            (c.named_amount or ZERO) + c.anonymous_total,
        ]
        for c in campaigns.order_by("date", "id")
    ]


def _sum(rows, col):
    return sum((r[col] for r in rows), start=0)


def visit_sheet(period):
    by_occasion = visits_by_occasion(period)
    by_month = visits_by_month(period)
    by_department = visits_by_department(period)
    total_n, total_amount = _sum(by_occasion, 1), _sum(by_occasion, 2)
    return Sheet(
        name="慰问",
        tables=[
            Table(
                title=f"{period.label}慰问情况（按慰问事项）",
                headers=["慰问事项", "人次", "金额（元）", "其中超标准例外（人次）"],
                rows=by_occasion,
                formats={1: "int", 2: "money", 3: "int"},
                total_row=["合计", total_n, total_amount, _sum(by_occasion, 3)],
            ),
            Table(
                title="慰问情况（按月份）",
                headers=["月份", "人次", "金额（元）"],
                rows=by_month,
                formats={1: "int", 2: "money"},
                total_row=["合计", _sum(by_month, 1), _sum(by_month, 2)],
            ),
            Table(
                title="慰问情况（按部门）",
                headers=["部门", "人次", "金额（元）"],
                rows=by_department,
                formats={1: "int", 2: "money"},
                total_row=["合计", _sum(by_department, 1), _sum(by_department, 2)],
            ),
        ],
        indicators=[
            Indicator("慰问人次", total_n),
            Indicator("慰问金额（元）", total_amount, "money"),
            Indicator("超标准例外（人次）", _sum(by_occasion, 3)),
        ],
        definitions=[
            ("慰问人次", "期间内慰问日期落在期间内的已完成慰问记录条数；待走访的计划不计。"),
            ("慰问金额", "上述记录的慰问金、慰问品金额之和。"),
            ("超标准例外", "超出当年慰问标准（金额、次数或形式）、经填写例外说明后登记的慰问。"),
        ],
    )


def hardship_sheet(period):
    categories = files_by_category(period)
    by_kind = aid_by_kind(period)
    by_source = aid_by_source(period)
    gifts = donations(period)
    return Sheet(
        name="困难帮扶",
        tables=[
            Table(
                title=f"{period.label}困难职工档案（按建档类别）",
                headers=["建档类别", "期末在档（户）", "本期新建档", "本期销档"],
                rows=categories,
                formats={1: "int", 2: "int", 3: "int"},
                total_row=["合计", _sum(categories, 1), _sum(categories, 2), _sum(categories, 3)],
            ),
            Table(
                title="帮扶发放（按救助类型）",
                headers=["救助类型", "人次", "金额（元）"],
                rows=by_kind,
                formats={1: "int", 2: "money"},
                total_row=["合计", _sum(by_kind, 1), _sum(by_kind, 2)],
            ),
            Table(
                title="帮扶发放（按资金来源）",
                headers=["资金来源", "人次", "金额（元）"],
                rows=by_source,
                formats={1: "int", 2: "money"},
                total_row=["合计", _sum(by_source, 1), _sum(by_source, 2)],
            ),
            Table(
                title="募捐",
                headers=["募捐活动", "日期", "受捐对象", "捐款人数", "金额（元）"],
                rows=gifts,
                formats={1: "date", 3: "int", 4: "money"},
                total_row=["合计", "", "", _sum(gifts, 3), _sum(gifts, 4)],
            ),
        ],
        indicators=[
            Indicator("在档困难职工（户）", _sum(categories, 1)),
            Indicator("帮扶人次", _sum(by_kind, 1)),
            Indicator("帮扶金额（元）", _sum(by_kind, 2), "money"),
            Indicator("募捐金额（元）", _sum(gifts, 4), "money"),
        ],
        definitions=[
            ("期末在档", "期末日已建档且未销档的困难职工档案数。"),
            ("帮扶人次", "发放日期在期间内、状态为“已发放”的帮扶申请数。"),
            ("募捐金额", "日期在期间内的募捐活动的记名捐款与未记名捐款之和。"),
        ],
    )


def annual_sheets(period):
    return [visit_sheet(period), hardship_sheet(period)]


def _money(value):
    return float(value or 0)


def _panel(title, rows, col, *, kind="bar", fmt="int", url="", series_name=None):
    values = [_money(r[col]) if fmt == "money" else r[col] for r in rows]
    return Panel(
        title=title, labels=[r[0] for r in rows], series=[(series_name or title, values)], kind=kind, fmt=fmt, url=url
    )


def _occasion_rows(counts):
    """visits_by_occasion's rows from {occasion id: {n, amount, exceptions}}."""
    rows = []
    for occasion in Occasion.objects.all():
        row = counts.get(occasion.pk, {})
        if not row and not occasion.is_active:
            continue
        rows.append([occasion.name, row.get("n", 0), row.get("amount") or ZERO, row.get("exceptions", 0)])
    return rows


def _month_rows(period, counts):
    """visits_by_month's rows from {(year, month): {n, amount}}."""
    single_year = period.start.year == period.end.year
    rows = []
    for y, m in months_of(period):
        row = counts.get((y, m), {})
        rows.append([f"{m}月" if single_year else f"{y}年{m}月", row.get("n", 0), row.get("amount") or ZERO])
    return rows


def _add(into, key, row):
    acc = into.setdefault(key, {"n": 0, "amount": ZERO, "exceptions": 0})
    acc["n"] += row["n"]
    acc["amount"] += row["amount"] or ZERO
    acc["exceptions"] += row["exceptions"]


def _visit_numbers(period):
    """One query: the period's done visits per (month, occasion) plus the planned ones; returns
    (by month rows, by occasion rows, totals {n, amount}, planned count)."""
    done = Q(status=Visit.Status.DONE, visit_date__gte=period.start, visit_date__lte=period.end)
    # the month as "YYYY-MM" from the ISO date text: native SQL on SQLite too (ExtractMonth
    # there is a Python function called per visit)
    rows = (
        Visit.objects.filter(done | Q(status=Visit.Status.PLANNED))
        .annotate(ym=Substr(Cast("visit_date", CharField()), 1, 7))
        .values("status", "ym", "occasion_id")
        .annotate(n=Count("id"), amount=Sum("amount"), exceptions=Count("id", filter=~Q(exception_reason="")))
        .order_by()
    )
    by_month, by_occasion, overall, planned = {}, {}, {}, 0
    for row in rows:
        if row["status"] == Visit.Status.PLANNED:
            planned += row["n"]
            continue
        _add(by_month, (int(row["ym"][:4]), int(row["ym"][5:7])), row)
        _add(by_occasion, row["occasion_id"], row)
        _add(overall, "all", row)
    totals = overall.get("all", {"n": 0, "amount": ZERO})
    return _month_rows(period, by_month), _occasion_rows(by_occasion), totals, planned


def _hardship_numbers(period):
    """Two queries: paid aid per (kind, source), and the files per category."""
    grants = list(_grants(period).values("kind", "source").annotate(n=Count("id"), amount=Sum("amount")).order_by())

    def by(field, choices):
        rows = []
        for value, label in choices:
            mine = [g for g in grants if g[field] == value]
            rows.append([label, sum(g["n"] for g in mine), sum((g["amount"] or ZERO for g in mine), start=ZERO)])
        return rows

    categories = files_by_category(period)
    totals = {"n": sum(g["n"] for g in grants), "amount": sum((g["amount"] or ZERO for g in grants), start=ZERO)}
    return (
        by("kind", AidApplication.Kind.choices),
        by("source", AidApplication.Source.choices),
        categories,
        totals,
        _sum(categories, 1),
    )


def dashboard(user, period):
    """(indicators, panels): visits for officers and welfare roles (one query + the occasion
    list), hardship aid and files for welfare roles only (two queries)."""
    indicators, panels = [], []
    if has_role(user, Role.OFFICER, Role.WELFARE):
        by_month, by_occasion, totals, planned = _visit_numbers(period)
        url = reverse("welfare:visit_list") + f"?year={period.start.year}"
        indicators.append(Indicator("慰问人次", totals["n"], url=url))
        indicators.append(Indicator("慰问金额（元）", totals["amount"], "money", url=url))
        if planned:
            indicators.append(Indicator("待走访", planned, url=reverse("welfare:visit_list") + "?status=planned"))
        panels += [
            _panel("慰问人次（按月）", by_month, 1, kind="line", url=url, series_name="人次"),
            _panel("慰问金额（按月）", by_month, 2, fmt="money", url=url, series_name="金额"),
            _panel("慰问人次（按事项）", by_occasion, 1, kind="hbar", url=url, series_name="人次"),
            _panel("慰问金额（按事项）", by_occasion, 2, kind="hbar", fmt="money", url=url, series_name="金额"),
        ]
    if is_welfare_officer(user):
        by_kind, by_source, categories, grants, open_files = _hardship_numbers(period)
        paid_url = reverse("welfare:application_list") + "?status=paid"
        indicators.append(Indicator("帮扶人次", grants["n"], url=paid_url))
        indicators.append(Indicator("帮扶金额（元）", grants["amount"], "money", url=paid_url))
        indicators.append(Indicator("在档困难职工（户）", open_files, url=reverse("welfare:file_list")))
        panels += [
            _panel("帮扶金额（按救助类型）", by_kind, 2, fmt="money", url=paid_url, series_name="金额"),
            _panel("帮扶金额（按资金来源）", by_source, 2, kind="pie", fmt="money", url=paid_url, series_name="金额"),
            _panel(
                "困难职工档案（按建档类别）", categories, 1, url=reverse("welfare:file_list"), series_name="期末在档"
            ),
        ]
    return indicators, panels


def dashboard_panels(user, period):
    return dashboard(user, period)[1]


def dashboard_indicators(user, period):
    return dashboard(user, period)[0]
