import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from activities import home, menu_items, stats
from activities.models import Activity, ActivityType, Entry, Meet, Participation, Result
from unionhub.stats import Period

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_the_finished_and_the_open_meet_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Activity.objects.count(), Meet.objects.count(), Entry.objects.count(), Result.objects.count())
    year = timezone.localdate().year
    womens_day = Meet.objects.get(name=f"{year}年庆三八教职工趣味运动会")
    assert womens_day.is_locked and womens_day.is_public
    names = set(womens_day.events.values_list("name", flat=True))
    assert {"拔河", "1分钟跳绳", "踢毽子", "托球往返跑", "登山", "4×50米迎面接力"} <= names
    tug = womens_day.events.get(name="拔河")
    assert tug.matches.exists()
    assert Result.objects.filter(entry__event=tug, place=1).count() == 1
    assert Result.objects.filter(entry__event__meet=womens_day, place=1).count() >= 6
    open_meet = Meet.objects.exclude(pk=womens_day.pk).get()
    assert open_meet.entries_open() and not open_meet.is_locked
    assert Activity.objects.count() == 12
    call_command("seed_demo", stdout=io.StringIO())
    assert counts == (Activity.objects.count(), Meet.objects.count(), Entry.objects.count(), Result.objects.count())


def test_annual_sheet_counts_activities_and_attendance(make_member, officer):
    t1 = ActivityType.objects.get(name="女工活动")
    t2 = ActivityType.objects.get(name="体检")
    a = Activity.objects.create(type=t1, title="插花", date=datetime.date(2025, 3, 6))
    Activity.objects.create(type=t2, title="体检", date=datetime.date(2025, 4, 1), mode="headcount", head_count=120)
    Activity.objects.create(type=t2, title="去年体检", date=datetime.date(2024, 4, 1), mode="headcount", head_count=99)
    for _ in range(3):
        Participation.objects.create(activity=a, member=make_member())
    sheet = stats.annual_sheets(Period.year(2025))[0]
    assert sheet.name == "文体活动"
    by_type = {row[0]: row[1:] for row in sheet.tables[0].rows}
    assert by_type["女工活动"] == [1, 3]
    assert by_type["体检"] == [1, 120]
    assert sheet.tables[0].total_row == ["合计", 2, 123]
    months = sheet.tables[1].rows
    assert months[2] == ["3月", 1, 3] and months[3] == ["4月", 1, 120]
    # the dashboard reads the same numbers
    panels = stats.dashboard_panels(officer, Period.year(2025))
    assert panels[0].series[1][1][2] == 3 and panels[0].series[1][1][3] == 120


def test_annual_sheet_meets_and_places_per_unit(
    officer, rope, unit, other_unit, athletes, make_member, other_department
):
    from activities import services

    other = make_member(department=other_department)
    e1 = services.enter(event=rope, unit=unit, members=[athletes[0]], by=officer)
    e2 = services.enter(event=rope, unit=other_unit, members=[other], by=officer)
    services.save_results(event=rope, rows={e1.pk: (["150"], ""), e2.pk: (["120"], "")}, by=officer)
    year = rope.meet.start_date.year
    sheet = stats.annual_sheets(Period.year(year))[0]
    assert sheet.tables[2].rows == [[1, 1, 2, 2]]
    units = {row[0]: row[1:] for row in sheet.tables[3].rows}
    assert units[unit.name] == [1, 1, 0, 0, 9.0]
    assert units[other_unit.name] == [1, 0, 1, 0, 7.0]


def test_dashboard_panels_only_for_officers(member, officer):
    assert stats.dashboard_panels(member, Period.year(2025)) == []
    assert len(stats.dashboard_panels(officer, Period.year(2025))) == 2


def test_menu_by_role(member, officer, outsider):
    assert menu_items.items(outsider) == []
    member_labels = [i.label for i in menu_items.items(member)]
    assert "运动会" in member_labels and "新建运动会" not in member_labels
    assert "新建运动会" in [i.label for i in menu_items.items(officer)]


def test_home_sections_show_upcoming_and_mine(member, meet, rope, unit):
    from activities import services

    t = ActivityType.objects.first()
    soon = Activity.objects.create(type=t, title="五四踏青", date=timezone.localdate() + datetime.timedelta(days=3))
    services.register(activity=soon, member=member.member)
    services.enter(event=rope, unit=unit, members=[member.member], by=member)
    sections = {s.title: s for s in home.sections(member)}
    assert [i[0] for i in sections["近期文体活动"].items] == ["五四踏青"]
    mine = [i[0] for i in sections["我的报名"].items]
    assert "五四踏青" in mine and f"{meet.name} · 跳绳" in mine
    assert "运动会" in sections


def test_member_home_page_renders_activity_sections(client_as, member):
    from django.urls import reverse

    body = client_as(member).get(reverse("member_home")).content.decode()
    assert "近期文体活动" in body and "我的报名" in body
