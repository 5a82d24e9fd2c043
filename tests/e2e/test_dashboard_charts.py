"""The dashboard as people see it: charts drawn, numbers beside them, printable."""

from decimal import Decimal

import pytest

from tests.unionhub.conftest import fake_apps  # noqa: F401 - fixture
from unionhub.permissions import is_officer
from unionhub.stats import HomeSection, Indicator, Panel

# No serialized_rollback: tests/conftest.py puts the data migrations' rows back before each test,
# and restoring a serialized copy clashed with the content types a previous flush re-created
# (IntegrityError on django_content_type when another transactional test ran first).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEPTS = ["行政办公室", "教务处", "学生处", "总务处", "语文教研组", "数学教研组", "英语教研组", "综合教研组"]


def panels(user, period):
    if not is_officer(user):
        return []
    return [
        Panel(
            "各部门会员（男/女）",
            DEPTS,
            [("男", [5, 8, 6, 9, 7, 10, 4, 12]), ("女", [9, 14, 8, 5, 15, 11, 13, 10])],
            url="/members/",
            links=[f"/members/?department={i}" for i in range(len(DEPTS))],
        ),
        Panel(
            "用工形式", ["编制", "合同制", "人事代理", "派遣", "农民工"], [("人数", [96, 31, 12, 8, 3])], kind="donut"
        ),
        Panel(
            "各月慰问人次",
            [f"{m}月" for m in range(1, 13)],
            [("人次", [4, 9, 3, 5, 2, 6, 1, 3, 12, 4, 5, 15])],
            kind="line",
        ),
        Panel(
            "困难帮扶金额（按类别）",
            ["医疗救助", "助学", "生活救助", "临时救助"],
            [("金额", [Decimal("36000.5"), Decimal("12000"), Decimal("8800"), Decimal("3000")])],
            kind="pie",
            fmt="money",
        ),
        Panel(
            "各部门提案满意率",
            DEPTS[:6],
            [("满意率", [0.92, 0.85, 0.7, 0.55, 1.0, 0.8])],
            kind="hbar",
            fmt="percent",
        ),
        Panel(
            "六十个部门的会员数", [f"第{i + 1}部门" for i in range(60)], [("会员", [(i * 37) % 400 for i in range(60)])]
        ),
    ]


def indicators(user, period):
    return [
        Indicator("会员总数", 150, url="/members/"),
        Indicator("女职工占比", 0.57, "percent"),
        Indicator("慰问金额", Decimal("23500"), "money"),
    ]


def sections(user):
    return [
        HomeSection("我的提案", [("关于改善食堂伙食的建议", "/congress/", "待承办部门答复")]),
        HomeSection("近期活动", [("教职工羽毛球赛", "/activities/", "5月20日 报名中")]),
        HomeSection("通知公告", []),
    ]


@pytest.fixture
def chart_apps(fake_apps):  # noqa: F811
    fake_apps(
        fake_charts={
            "stats": {"dashboard_panels": panels, "dashboard_indicators": indicators},
            "home": {"sections": sections},
        }
    )


def test_officer_dashboard_draws_charts_and_prints(page, officer, chart_apps, browser_login, shot):
    browser_login(page, "officer01")
    page.goto("/dashboard/")
    assert page.get_by_role("heading", name="各部门会员（男/女）").is_visible()
    assert page.locator("svg.chart-svg").count() == 6
    assert page.locator("table.chart-table").count() == 6
    # the SVG really lays out: the first chart has a visible size on the page
    box = page.locator("svg.chart-svg").first.bounding_box()
    assert box["width"] > 300 and box["height"] > 150
    shot(page, "dashboard")
    page.locator("svg.chart-svg a").nth(1).locator("text.chart-label").click()  # 教务处's columns
    assert page.url.endswith("/members/?department=1")
    page.goto("/dashboard/")
    page.locator("table.chart-table").first.get_by_role("link", name="行政办公室").click()
    assert page.url.endswith("/members/?department=0")
    page.goto("/dashboard/")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    assert not page.get_by_role("link", name="下载").first.is_visible()
    assert page.get_by_text("工作统计").first.is_visible()
    path = shot(page, "dashboard-print")
    page.screenshot(path=str(path.with_name("dashboard-print-page1.png")))  # what the first A4 page shows


def test_member_home_sections(page, member, chart_apps, browser_login, shot):
    browser_login(page, "member01")
    assert page.get_by_role("heading", name="我的提案").is_visible()
    assert page.get_by_text("待承办部门答复").is_visible()
    shot(page, "member-home-sections")


def test_chair_dashboard_on_demo_data(page, browser_login, shot):
    """The real apps' panels on seed_demo data: every panel drawn, the workbook downloads."""
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    browser_login(page, "1001", "Union-2026")
    page.goto("/dashboard/")
    panels = page.locator("section.dashboard-panel")
    assert panels.count() >= 1
    assert page.locator("svg.chart-svg").count() == panels.count()
    shot(page, "dashboard-demo")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载").click()
    assert download.value.suggested_filename.endswith("年度统计.xlsx")
