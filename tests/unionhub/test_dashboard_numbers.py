"""Each app's dashboard() computes cards and charts from a few consolidated queries; here the
same numbers are recomputed with the apps' per-table functions (the ones the year-end workbook
uses, tested in tests/<app>/test_stats.py) and plain querysets, on the demo data."""

import datetime

import pytest
from django.db.models import Count
from django.utils import timezone

from unionhub.stats import Period

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def chair_user(demo_world):
    from unionhub.models import User

    return User.objects.get(username="1001")


def _panel(panels, prefix):
    return next(p for p in panels if p.title.startswith(prefix))


def _values(panel, series=0):
    return dict(zip(panel.labels, panel.series[series][1], strict=True))


@pytest.mark.parametrize("year", [YEAR, YEAR - 1, YEAR - 5])
def test_members_dashboard_matches_the_as_of_querysets(chair_user, year):
    from members import stats
    from members.models import EmploymentType, Member

    period = Period.year(year)
    indicators, panels = stats.dashboard(chair_user, period)
    n = stats.basic_numbers(period)
    got = {i.label: i.value for i in indicators}
    assert [got["会员总数"], got["女会员"], got["离退休会员"]] == [n["total"], n["women"], n["retired"]]
    assert got["会员总数"] == Member.objects.members_as_of(period.end).count() > 0
    by_department, _ = stats.distribution(period)
    dept = _panel(panels, "会员按部门")
    assert _values(dept) == {r[0]: r[1] for r in by_department.rows}
    assert _values(dept, 1) == {r[0]: r[2] for r in by_department.rows}
    expected_emp = dict(Member.objects.members_as_of(period.end).values_list("employment_type").annotate(n=Count("pk")))
    labels = dict(EmploymentType.choices)
    assert _values(_panel(panels, "会员按用工形式")) == {labels[k]: v for k, v in expected_emp.items()}


def test_members_as_of_subqueries_match_the_reference_querysets(make_member):
    """Same-day events: the later-recorded one wins, as with_status_as_of orders them."""
    from members.models import Member, MembershipEvent
    from members.stats import member_ids_at, retired_ids_at

    K = MembershipEvent.Kind
    day = datetime.date(2020, 6, 1)
    quit_same_day = make_member(joined_on=day)
    MembershipEvent.objects.create(member=quit_same_day, kind=K.QUIT, date=day)
    back_same_day = make_member(joined_on=datetime.date(2010, 1, 1))
    MembershipEvent.objects.create(member=back_same_day, kind=K.QUIT, date=day)
    MembershipEvent.objects.create(member=back_same_day, kind=K.RESTORE, date=day)
    retired = make_member(joined_on=datetime.date(2010, 1, 1))
    MembershipEvent.objects.create(member=retired, kind=K.RETIRE, date=day)
    left_later = make_member(joined_on=datetime.date(2010, 1, 1))
    MembershipEvent.objects.create(member=left_later, kind=K.TRANSFER_OUT, date=datetime.date(2022, 3, 1))
    make_member(joined_on=datetime.date(2021, 9, 1))
    for d in (datetime.date(2019, 12, 31), day, datetime.date(2021, 12, 31), datetime.date(2030, 1, 1)):
        assert set(member_ids_at(d).values_list("member_id", flat=True)) == set(
            Member.objects.members_as_of(d).values_list("pk", flat=True)
        ), d
        assert set(retired_ids_at(d).values_list("member_id", flat=True)) == set(
            Member.objects.retired_as_of(d).values_list("pk", flat=True)
        ), d
    assert quit_same_day.pk not in set(member_ids_at(day).values_list("member_id", flat=True))
    assert back_same_day.pk in set(member_ids_at(day).values_list("member_id", flat=True))


def test_congress_dashboard_matches_counts_by(chair_user):
    from congress import stats
    from congress.models import Proposal, Session

    sessions = Session.objects.order_by("-meeting_date")
    assert sessions.exists()
    period = Period.year(sessions.first().meeting_date.year)
    qs = Proposal.objects.filter(session__meeting_date__range=(period.start, period.end))
    indicators, panels = stats.dashboard(chair_user, period)
    total = stats.proposal_counts(qs)
    got = {i.label: i.value for i in indicators}
    assert got["收到提案"] == total["received"] > 0 and got["立案"] == total["filed"]
    assert got["提案满意率"] == stats._rate(total)
    assert got["逾期未答复提案"] == Proposal.objects.overdue().count()
    states = dict(qs.values_list("state").annotate(n=Count("pk")))
    state_panel = _panel(panels, "提案状态")
    assert [v for v in state_panel.series[0][1]] == [states.get(s.value, 0) for s in stats.S if s != stats.S.DRAFT]
    by_dept = stats.counts_by(qs.filter(lead_department__isnull=False), "lead_department__name")
    answered = _panel(panels, "各部门提案答复与逾期")
    assert answered.labels == [label for label, _ in by_dept]
    assert answered.series[0][1] == [c["filed"] for _, c in by_dept]
    assert answered.series[1][1] == [c["answered"] for _, c in by_dept]
    assert answered.series[2][1] == [c["overdue"] for _, c in by_dept]


def test_welfare_dashboard_matches_the_sheet_rows(chair_user):
    from welfare import stats
    from welfare.models import HardshipFile, Visit

    period = Period.year(YEAR)
    indicators, panels = stats.dashboard(chair_user, period)
    got = {i.label: i.value for i in indicators}
    by_month = stats.visits_by_month(period)
    by_occasion = stats.visits_by_occasion(period)
    assert got["慰问人次"] == sum(r[1] for r in by_occasion) > 0
    assert got["慰问金额（元）"] == sum(r[2] for r in by_occasion)
    assert got.get("待走访", 0) == Visit.objects.planned().count()
    assert _panel(panels, "慰问人次（按月）").series[0][1] == [r[1] for r in by_month]
    assert _panel(panels, "慰问金额（按月）").series[0][1] == [float(r[2]) for r in by_month]
    assert _values(_panel(panels, "慰问人次（按事项）")) == {r[0]: r[1] for r in by_occasion}
    kinds = stats.aid_by_kind(period)
    assert _values(_panel(panels, "帮扶金额（按救助类型）")) == {r[0]: float(r[2]) for r in kinds}
    assert _values(_panel(panels, "帮扶金额（按资金来源）")) == {r[0]: float(r[2]) for r in stats.aid_by_source(period)}
    assert got["帮扶人次"] == sum(r[1] for r in kinds)
    assert _values(_panel(panels, "困难职工档案")) == {r[0]: r[1] for r in stats.files_by_category(period)}
    assert got["在档困难职工（户）"] == HardshipFile.objects.filter(closed_on__isnull=True).count()


@pytest.mark.parametrize("year", [YEAR, YEAR - 1])
def test_summary_indicators_of_the_workbook_read_the_same_on_the_dashboard(chair_user, year):
    """DOMAIN.md §7: the workbook and the dashboard never disagree. Before, the 在档困难职工 card
    counted the files open today whatever the year: the 2025 dashboard said 8 while its own chart
    and the 2025 workbook said 5 at year end."""
    from unionhub import yearend
    from unionhub.stats import app_modules, dashboard_parts

    period = Period.year(year)
    cards = {}
    for module in app_modules("stats"):
        cards.update({i.label: i.value for i in dashboard_parts(module, chair_user, period)[0]})
    summary = {i.label: i.value for sheet in yearend.collect(period).sheets for i in sheet.indicators}
    shared = set(cards) & set(summary)
    assert {"会员总数", "收到提案", "慰问金额（元）", "帮扶金额（元）", "在档困难职工（户）"} <= shared
    assert {label: cards[label] for label in shared} == {label: summary[label] for label in shared}


def test_activities_dashboard_matches_by_type_and_month(chair_user):
    from activities import stats

    period = Period.year(YEAR)
    indicators, panels = stats.dashboard(chair_user, period)
    types = stats.by_type(period)
    months = stats.by_month(period)
    assert [i.value for i in indicators] == [sum(r[1] for r in types), sum(r[2] for r in types)]
    assert _panel(panels, "文体活动（按月）").series[1][1] == [n for _, n in months.values()]
    assert _values(_panel(panels, "文体活动（按类型）"), 1) == {r[0]: r[2] for r in types}


def test_dashboard_wrappers_return_the_same_parts(chair_user):
    """dashboard_indicators/_panels (other callers) are the two halves of dashboard()."""
    from unionhub.stats import app_modules

    period = Period.year(YEAR)
    for module in app_modules("stats"):
        if hasattr(module, "dashboard"):
            indicators, panels = module.dashboard(chair_user, period)
            assert module.dashboard_indicators(chair_user, period) == indicators
            assert module.dashboard_panels(chair_user, period) == panels
