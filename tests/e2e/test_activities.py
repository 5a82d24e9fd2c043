"""A sports meet run from the browser: the officer sets it up, members enter, the officer
types the results and the standings and the 成绩册 show the right order."""

import datetime

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _rows_from_migrations(db):
    """Transactional tests empty every table afterwards, rows made by data migrations included
    (the role groups, the activity types): put them back whatever ran before."""
    from django.contrib.auth.models import Group

    from activities.demo import TYPES
    from activities.models import ActivityType
    from unionhub.permissions import Role

    for role in Role.ALL:
        Group.objects.get_or_create(name=role)
    for i, name in enumerate(TYPES, start=1):
        ActivityType.objects.get_or_create(name=name, defaults={"sort_order": i * 10})


@pytest.fixture
def people(make_user, department, other_department):
    from unionhub.permissions import Role

    officer = make_user("officer01", Role.OFFICER, name="李干事")
    a = make_user("m001", name="张晓红")
    b = make_user("m002", name="王丽")
    c = make_user("m003", name="赵敏")
    c.member.department = other_department
    c.member.save()
    return officer, a, b, c


def test_officer_runs_a_meet(page, people, browser_login, shot, department, other_department):
    today = timezone.localdate()
    browser_login(page, "officer01")

    # the officer creates the meet
    page.goto("/activities/meets/new/")
    page.get_by_label("运动会名称").fill("三八趣味运动会")
    page.locator("#id_start_date").fill((today + datetime.timedelta(days=3)).isoformat())  # entries close that day
    page.get_by_label("年龄计算日期").fill(today.isoformat())
    page.get_by_label("报名开始日期").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_label("报名截止日期").fill((today + datetime.timedelta(days=3)).isoformat())
    page.get_by_label("公开成绩直播").check()
    shot(page, "activities-meet-form")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="三八趣味运动会").is_visible()

    # units from the departments, then an event
    page.get_by_role("button", name="按部门生成").click()
    page.wait_for_load_state()
    assert page.get_by_text("已按部门添加2个代表队").is_visible()
    page.get_by_role("link", name="添加项目").click()
    page.get_by_label("项目名称").fill("1分钟跳绳")
    page.get_by_label("计量方式").select_option(label="计数")
    page.get_by_label("成绩优劣").select_option(label="数值大者优（如计数）")
    page.get_by_label("成绩单位").fill("个")
    page.get_by_label("小数位数").fill("0")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="1分钟跳绳").click()
    event_url = page.url
    shot(page, "activities-meet-detail")

    # three members enter themselves
    for username in ("m001", "m002", "m003"):
        page.context.clear_cookies()
        browser_login(page, username)
        page.goto(event_url)
        page.get_by_role("button", name="我要报名").click()
        page.wait_for_load_state()
        assert page.get_by_text("已报名：").is_visible()
    shot(page, "activities-event-entries")

    # the officer types the results: Tab between rows, Enter saves
    page.context.clear_cookies()
    browser_login(page, "officer01")
    page.goto(event_url)
    page.get_by_role("link", name="录入成绩").first.click()
    page.get_by_label("张晓红成绩").fill("150")
    page.keyboard.press("Tab")
    page.keyboard.type("abc")  # 王丽: a typo first
    page.keyboard.press("Tab")
    page.keyboard.type("162")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("次数应为非负整数，不能是“abc”").is_visible()
    shot(page, "activities-results-error")
    page.get_by_label("王丽成绩").fill("150")
    with page.expect_navigation():
        page.get_by_label("王丽成绩").press("Enter")
    assert page.get_by_text("成绩已保存").is_visible()
    shot(page, "activities-results-saved")

    # standings: 赵敏's unit (162, 1st, 9 points) vs two tied for 2nd ((7+6)/2 each = 13)
    page.get_by_role("link", name="成绩与团体总分").click()
    page.wait_for_load_state()
    rows = page.locator("table.standings tbody tr")
    assert rows.nth(0).locator("td").nth(1).inner_text() == department.name
    assert rows.nth(0).locator("td").nth(2).inner_text() == "13"
    assert rows.nth(1).locator("td").nth(1).inner_text() == other_department.name
    assert rows.nth(1).locator("td").nth(2).inner_text() == "9"
    assert page.get_by_role("cell", name="6.5").count() == 2
    shot(page, "activities-standings")

    # the 成绩册 prints
    page.get_by_role("link", name="打印成绩册").click()
    page.wait_for_load_state()
    assert page.get_by_text("成 绩 册").is_visible()
    assert page.get_by_role("button", name="打印").is_visible()
    shot(page, "activities-print-results")

    # the public live page works without logging in
    live_url = page.url.replace("print/results/", "").replace("meets", "live")
    page.context.clear_cookies()
    page.goto(live_url)
    assert page.get_by_text("团体总分").is_visible()
    shot(page, "activities-live")


def test_demo_meet_pages(page, browser_login, shot):
    """The seeded 三八 meet: bracket, standings, printouts look right in a browser."""
    import io

    from activities import demo as activities_demo
    from activities.models import Meet
    from members import demo as members_demo

    # only the parts this page needs: other apps' demos need rows the flush above removed
    members_demo.seed(out=io.StringIO(), scale="demo")
    activities_demo.seed(out=io.StringIO(), scale="demo")
    meet = Meet.objects.get(name__contains="三八")
    tug = meet.events.get(name="拔河")
    browser_login(page, "1002", "Union-2026")
    page.goto(f"/activities/meets/{meet.pk}/")
    assert page.get_by_text("成绩已锁定").first.is_visible()
    shot(page, "activities-demo-meet")
    page.goto(f"/activities/events/{tug.pk}/matches/")
    assert page.get_by_role("heading", name="决赛", exact=True).is_visible()
    assert page.get_by_role("heading", name="三四名决赛").is_visible()
    shot(page, "activities-demo-bracket")
    page.goto(f"/activities/meets/{meet.pk}/standings/")
    shot(page, "activities-demo-standings")
    page.goto(f"/activities/meets/{meet.pk}/print/programme/")
    assert page.get_by_text("秩 序 册").is_visible()
    shot(page, "activities-demo-programme")
    page.goto(f"/activities/meets/{meet.pk}/print/certificates/")
    assert page.locator(".certificate").count() >= 18
    shot(page, "activities-demo-certificates")
    page.locator(".certificate").first.screenshot(
        path=str(shot(page, "activities-demo-certificates").parent / "activities-demo-certificate-1.png")
    )
    shuttle = meet.events.get(name="踢毽子")  # two attempts, best counts
    page.goto(f"/activities/events/{shuttle.pk}/results/")
    assert page.get_by_role("columnheader", name="第2次").is_visible()
    shot(page, "activities-demo-results-attempts")
    page.goto("/activities/")
    shot(page, "activities-demo-list")


def _overlap(a, b):
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_score_forms_and_standings_fit_their_columns(page, browser_login, shot):
    """The officer's score row stays one line (the 保存 button used to wrap into 保/存 and
    stretch the boxes), and the 团体总分 table with its 8 place columns no longer runs under
    the 各项目成绩 column at 1366 px."""
    import io

    from activities import demo as activities_demo
    from activities.models import Meet
    from members import demo as members_demo

    members_demo.seed(out=io.StringIO(), scale="demo")
    activities_demo.seed(out=io.StringIO(), scale="demo")
    meet = Meet.objects.get(name__contains="三八")
    Meet.objects.filter(pk=meet.pk).update(is_locked=False)  # the officer can type scores again
    tug = meet.events.get(name="拔河")
    browser_login(page, "1002", "Union-2026")
    page.goto(f"/activities/events/{tug.pk}/matches/")
    forms = page.locator("form[action*='/score/']")
    assert forms.count() >= 4
    for i in range(forms.count()):
        button = forms.nth(i).get_by_role("button", name="保存")
        assert button.bounding_box()["height"] < 40, "保存 wraps onto two lines"
        assert forms.nth(i).bounding_box()["height"] < 40
    shot(page, "activities-score-forms")
    page.goto(f"/activities/meets/{meet.pk}/standings/")
    table = page.locator("table.standings").bounding_box()
    other = page.get_by_role("heading", name="各项目成绩").bounding_box()
    first_event = page.locator(".event-results").first.bounding_box()
    assert not _overlap(table, other) and not _overlap(table, first_event)
    shot(page, "activities-standings-layout")
    # the projector page opened by a logged-in officer: big text, but the menu bar stays one line
    page.goto(f"/activities/live/{meet.pk}/")
    assert page.locator("nav.navbar").bounding_box()["height"] < 70, "the menu items wrap (工作/台)"
    assert page.get_by_role("heading", name="团体总分").is_visible()
    shot(page, "activities-live-logged-in")
