"""welfare/stats.py: the 慰问 and 困难帮扶 numbers, and who sees which dashboard panel."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.welfare.conftest import TODAY
from unionhub.stats import Period
from welfare import services, stats
from welfare.models import AidApplication, Donation, DonationCampaign, HardshipFile, Occasion, Visit

pytestmark = pytest.mark.django_db
YEAR = TODAY.year
PERIOD = Period.year(YEAR)


@pytest.fixture
def data(make_member, occasion, make_visit, hardship_file, welfare_officer, other_department):
    a = make_member(name="甲")
    b = make_member(name="乙", department=other_department)
    marriage = Occasion.objects.get(code="marriage")
    make_visit(a, occasion, visit_date=datetime.date(YEAR, 3, 5), amount=Decimal("500"))
    make_visit(a, occasion, visit_date=datetime.date(YEAR, 3, 20), amount=Decimal("1500"), exception_reason="大病")
    make_visit(b, marriage, visit_date=datetime.date(YEAR, 5, 1), amount=Decimal("800"))
    make_visit(b, marriage, visit_date=datetime.date(YEAR - 1, 5, 1), amount=Decimal("999"))  # last year
    Visit.objects.create(member=a, occasion=occasion, reason="计划", status="planned")  # not counted
    for kind, source, amount in (
        ("medical", "branch", "2000"),
        ("medical", "upper", "3000"),
        ("warmth", "branch", "500"),
    ):
        app = services.create_application(
            by=welfare_officer, member=hardship_file.member, kind=kind, reason="x", applied_on=TODAY
        )
        AidApplication.objects.filter(pk=app.pk).update(
            status="paid", amount=Decimal(amount), source=source, paid_on=datetime.date(YEAR, 6, 1)
        )
    services.create_application(
        by=welfare_officer, member=hardship_file.member, kind="living", reason="x", applied_on=TODAY
    )
    HardshipFile.objects.create(
        member=b, category="relative", main_reason="illness", household_size=2, household_income=1000,
        opened_on=datetime.date(YEAR, 2, 1), closed_on=datetime.date(YEAR, 9, 1), close_reason="recovered",
    )  # fmt: skip
    c = DonationCampaign.objects.create(
        name="慈心一日捐", date=datetime.date(YEAR, 4, 1), recipient="慈善会", anonymous_total=100, anonymous_count=4
    )
    Donation.objects.create(campaign=c, member=a, amount=50)
    return a, b


def test_visits_by_occasion_month_and_department(data, department, other_department):
    by_occasion = {r[0]: r[1:] for r in stats.visits_by_occasion(PERIOD)}
    assert by_occasion["生病住院"] == [2, Decimal("2000"), 1]
    assert by_occasion["结婚"] == [1, Decimal("800"), 0]
    assert by_occasion["生育"] == [0, 0, 0]
    months = stats.visits_by_month(PERIOD)
    assert len(months) == 12
    assert months[2] == ["3月", 2, Decimal("2000")] and months[4] == ["5月", 1, Decimal("800")]
    by_department = {r[0]: r[1:] for r in stats.visits_by_department(PERIOD)}
    assert by_department == {department.name: [2, Decimal("2000")], other_department.name: [1, Decimal("800")]}


def test_hardship_numbers(data):
    categories = {r[0]: r[1:] for r in stats.files_by_category(PERIOD)}
    assert categories["深度困难"] == [1, 0, 0]  # opened 400 days ago: still open, not new this year
    assert categories["相对困难"] == [0, 1, 1]  # opened and closed this year
    by_kind = {r[0]: r[1:] for r in stats.aid_by_kind(PERIOD)}
    assert by_kind["医疗救助"] == [2, Decimal("5000")] and by_kind["送温暖"] == [1, Decimal("500")]
    by_source = {r[0]: r[1:] for r in stats.aid_by_source(PERIOD)}
    assert by_source["本级工会"] == [2, Decimal("2500")] and by_source["上级工会"] == [1, Decimal("3000")]
    assert stats.donations(PERIOD) == [["慈心一日捐", datetime.date(YEAR, 4, 1), "慈善会", 5, Decimal("150")]]


def test_annual_sheets_totals_agree_with_dashboard(data, chair):
    visit_sheet, hardship_sheet = stats.annual_sheets(PERIOD)
    assert [visit_sheet.name, hardship_sheet.name] == ["慰问", "困难帮扶"]
    assert visit_sheet.tables[0].total_row == ["合计", 3, Decimal("2800"), 1]
    assert visit_sheet.tables[1].total_row[1:] == [3, Decimal("2800")]
    indicators = {i.label: i.value for i in stats.dashboard_indicators(chair, PERIOD)}
    assert indicators["慰问人次"] == 3 and indicators["慰问金额（元）"] == Decimal("2800")
    assert indicators["帮扶人次"] == hardship_sheet.tables[1].total_row[1] == 3
    panels = {p.title: p for p in stats.dashboard_panels(chair, PERIOD)}
    assert sum(panels["慰问人次（按月）"].series[0][1]) == 3
    # no names in any statistics table
    text = str([t.rows for s in stats.annual_sheets(PERIOD) for t in s.tables])
    assert "困难甲" not in text and "乙" not in text


def test_panels_by_role(data, officer, welfare_officer, committee, member):
    officer_titles = {p.title for p in stats.dashboard_panels(officer, PERIOD)}
    assert "慰问金额（按事项）" in officer_titles
    assert not any("帮扶" in t or "困难" in t for t in officer_titles)
    welfare_titles = {p.title for p in stats.dashboard_panels(welfare_officer, PERIOD)}
    assert {"帮扶金额（按救助类型）", "帮扶金额（按资金来源）", "困难职工档案（按建档类别）"} <= welfare_titles
    assert stats.dashboard_panels(committee, PERIOD) == []
    assert stats.dashboard_panels(member, PERIOD) == []
    assert not any("帮扶" in i.label for i in stats.dashboard_indicators(officer, PERIOD))


def test_officer_dashboard_shows_visit_panels_only(client_as, data, officer):
    page = client_as(officer).get(reverse("dashboard") + f"?year={YEAR}").content.decode()
    assert "慰问人次（按月）" in page and "帮扶金额" not in page and "困难职工档案" not in page


def test_member_home_lists_my_visits(client_as, member, occasion, make_visit):
    make_visit(member.member, occasion, reason="住院看望")
    page = client_as(member).get(reverse("member_home")).content.decode()
    assert "我的慰问" in page and "住院看望" in page
