import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.services import record_status_change
from members.stats import annual_sheets, basic_numbers, dashboard_indicators, dashboard_panels
from unionhub.stats import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch(make_member, other_department):
    """2020: A, B, C join. 2023: C transfers out, D joins (contract, female, born 1995), A retires."""
    a = make_member(name="甲", sex="M", birth_date=datetime.date(1963, 5, 1), joined_on=datetime.date(2000, 9, 1))
    b = make_member(name="乙", sex="F", birth_date=datetime.date(1980, 5, 1), joined_on=datetime.date(2020, 3, 1))
    c = make_member(name="丙", sex="F", birth_date=datetime.date(1985, 5, 1), joined_on=datetime.date(2020, 3, 1))
    d = make_member(
        name="丁",
        sex="F",
        birth_date=datetime.date(1995, 5, 1),
        joined_on=datetime.date(2023, 4, 1),
        employment_type="contract",
        department=other_department,
    )
    record_status_change(member=c, kind="transfer_out", date=datetime.date(2023, 6, 30))
    record_status_change(member=a, kind="retire", date=datetime.date(2023, 5, 1))
    return a, b, c, d


def test_basic_numbers_follow_the_dated_events(branch):
    n2022 = basic_numbers(Period.year(2022))
    assert (n2022["total"], n2022["women"], n2022["retired"], n2022["joined"], n2022["left"]) == (3, 2, 0, 0, 0)
    n2023 = basic_numbers(Period.year(2023))
    assert (n2023["total"], n2023["women"], n2023["retired"], n2023["contract"]) == (3, 2, 1, 1)
    assert (n2023["joined"], n2023["left"], n2023["departments"]) == (1, 1, 2)
    assert basic_numbers(Period.year(2020))["joined"] == 2


def test_first_import_without_join_dates_is_not_counted_as_new_members(department):
    """Before: a 花名册 without 入会日期 imported this year made every member a 本年新入会
    (dashboard and year-end workbook), because their 入会 events carry the import date."""
    from members.importer import import_roster
    from tests.members.conftest import roster_file, roster_row

    rows = [roster_row("N1", **{"入会日期": None}), roster_row("N2", **{"入会日期": None})]
    rows.append(
        roster_row("N3", name="李芳", sex="女", birth=datetime.date(1990, 1, 2), **{"入会日期": timezone.localdate()})
    )
    assert import_roster(roster_file(rows)).ok
    n = basic_numbers(Period.year(timezone.localdate().year))
    assert (n["total"], n["joined"]) == (3, 1)


def test_annual_sheets_distribution(branch, department, other_department):
    basic, dist = annual_sheets(Period.year(2023))
    assert (basic.name, dist.name) == ("基本情况", "会员分布")
    rows = dict((r[0], r[1]) for r in basic.tables[0].rows)
    assert rows["会员总数"] == 3 and rows["其中：离退休会员"] == 1 and rows["本期减少（转出、退会、去世）"] == 1
    by_dept = dist.tables[0]
    headers = by_dept.headers
    table = {r[0]: dict(zip(headers[1:], r[1:], strict=True)) for r in by_dept.rows}
    # 甲 (60 at end of 2023, retired) and 乙 (43) in 信息中心; 丁 (28, contract) in 后勤处
    assert table[department.name]["会员数"] == 2 and table[department.name]["56岁及以上"] == 1
    assert table[department.name]["36-45岁"] == 1 and table[department.name]["离退休"] == 1
    assert table[other_department.name]["合同制"] == 1 and table[other_department.name]["35岁及以下"] == 1
    assert by_dept.total_row[1] == 3
    assert dist.tables[1].rows[0][0] == "（未分组）"


def test_age_band_boundary(make_member):
    # exactly 35 on 31 Dec counts in 35岁及以下, 36 the day after birthday in 36-45
    make_member(birth_date=datetime.date(1988, 12, 31), joined_on=datetime.date(2010, 1, 1))
    make_member(birth_date=datetime.date(1987, 12, 31), joined_on=datetime.date(2010, 1, 1))
    _basic, dist = annual_sheets(Period.year(2023))
    total = dist.tables[0].total_row
    headers = dist.tables[0].headers
    assert total[headers.index("35岁及以下")] == 1 and total[headers.index("36-45岁")] == 1


def test_dashboard_only_for_roster_roles(branch, officer, committee, member):
    period = Period.year(2023)
    assert dashboard_panels(member, period) == [] and dashboard_indicators(committee, period) == []
    panels = dashboard_panels(officer, period)
    assert [p.title.split("（")[0] for p in panels] == ["会员按部门", "会员按用工形式"]
    assert sum(panels[0].series[0][1]) == 3 + 3  # branch + officer, committee and member's own records
    assert panels[0].links[0].startswith(reverse("members:list") + "?")
    labels = dict(zip(panels[1].labels, panels[1].series[0][1], strict=True))
    assert labels["合同制"] == 1
    indicators = {i.label: i.value for i in dashboard_indicators(officer, period)}
    assert indicators["会员总数"] == 6


def test_dashboard_page_shows_member_numbers(client_as, officer, branch):
    body = client_as(officer).get(reverse("dashboard"), {"year": 2023}).content.decode()
    assert "会员按部门" in body and "会员总数" in body


def test_member_home_section(client_as, member):
    body = client_as(member).get(reverse("member_home")).content.decode()
    assert "查看我的会员信息" in body and reverse("members:me") in body


def test_stats_query_count_constant(make_member, django_assert_max_num_queries):
    for _ in range(30):
        make_member()
    # basic numbers: aggregate, joined, left, departments, groups; distribution: two
    # grouped queries and the totals
    with django_assert_max_num_queries(8):
        annual_sheets(Period.year(2024))
