import pytest
from django.urls import reverse

from tests.unionhub.conftest import YEAR

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    for name in ("dashboard", "member_home", "annual_export"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_ordinary_member_gets_403_on_dashboard_and_export(client_as, member, two_fake_apps):
    assert client_as(member).get(reverse("dashboard")).status_code == 403
    assert client_as(member).get(reverse("annual_export")).status_code == 403


def test_officer_sees_own_panels_not_welfare(client_as, officer, two_fake_apps):
    response = client_as(officer).get(reverse("dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "各部门会员人数" in body and "<svg" in body
    assert "困难帮扶金额" not in body
    assert 'href="/members/"' in body  # indicator card and panel link to the list behind them
    assert "下载" in body and reverse("annual_export") in body


def test_welfare_officer_sees_welfare_panel_without_officer_panels(client_as, welfare_officer, two_fake_apps):
    body = client_as(welfare_officer).get(reverse("dashboard")).content.decode()
    assert "困难帮扶金额" in body and "¥36,000.50" in body
    assert 'href="/welfare/aid/?kind=medical"' in body  # per-label link in chart and table
    assert "各部门会员人数" not in body
    assert reverse("annual_export") not in body  # the workbook download is for officers


def test_chair_sees_every_panel(client_as, chair, two_fake_apps):
    body = client_as(chair).get(reverse("dashboard")).content.decode()
    assert "各部门会员人数" in body and "困难帮扶金额" in body


def test_committee_with_no_panels_gets_empty_state(client_as, committee, two_fake_apps):
    body = client_as(committee).get(reverse("dashboard")).content.decode()
    assert "暂无统计数据" in body


def test_year_selector_passes_the_period_to_the_apps(client_as, officer, fake_apps):
    seen = []

    def panels(user, period):
        seen.append(period)
        return []

    fake_apps(fake_probe={"stats": {"dashboard_panels": panels}})
    client = client_as(officer)
    body = client.get(reverse("dashboard"), {"year": YEAR - 2}).content.decode()
    assert seen[-1].start.isoformat() == f"{YEAR - 2}-01-01" and seen[-1].end.isoformat() == f"{YEAR - 2}-12-31"
    assert f'value="{YEAR - 2}" selected' in body
    for junk in ("abc", "1900", str(YEAR + 50)):
        assert client.get(reverse("dashboard"), {"year": junk}).status_code == 200
        assert seen[-1].start.year == YEAR


def test_broken_stats_module_is_not_silently_skipped(client_as, officer, fake_apps, monkeypatch):
    import sys

    fake_apps(fake_people={})
    monkeypatch.delitem(sys.modules, "fake_people.stats", raising=False)

    def broken_import(name, *args, **kwargs):
        raise ModuleNotFoundError("No module named 'numpyx'", name="numpyx")

    monkeypatch.setattr("unionhub.stats.import_module", broken_import)
    with pytest.raises(ModuleNotFoundError):
        client_as(officer).get(reverse("dashboard"))


def test_dashboard_machinery_adds_no_queries(client_as, officer, fake_apps, django_assert_max_num_queries):
    """Panels and cards cost only what the apps' own functions query (the fakes query nothing)."""
    from tests.unionhub.conftest import PEOPLE, WELFARE

    client = client_as(officer)
    fake_apps()
    bare = _queries(client, reverse("dashboard"))
    fake_apps(fake_people=PEOPLE, fake_welfare=WELFARE)
    # the page chrome: session, user, roles, the navbar (menu, unread notices), session save
    with django_assert_max_num_queries(bare):
        response = client.get(reverse("dashboard"))
    assert "各部门会员人数" in response.content.decode()
    assert bare <= 10


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_dashboard_and_home_queries_do_not_grow_with_data(client_as, chair, make_member):
    """With the real apps' stats.py/home.py (whichever exist): the same queries for 3 or 33 members."""
    client = client_as(chair)
    for _ in range(3):
        make_member()
    small = {u: _queries(client, u) for u in (reverse("dashboard"), reverse("member_home"))}
    for _ in range(30):
        make_member()
    large = {u: _queries(client, u) for u in (reverse("dashboard"), reverse("member_home"))}
    assert small == large


def _per_app_queries(user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from unionhub.stats import Period, app_modules, dashboard_parts

    period = Period.year(YEAR)
    counts = {}
    for module in app_modules("stats"):
        with CaptureQueriesContext(connection) as ctx:
            dashboard_parts(module, user, period)
        counts[f"{module.__name__}.dashboard"] = len(ctx)
    for module in app_modules("home"):
        with CaptureQueriesContext(connection) as ctx:
            module.sections(user)
        counts[f"{module.__name__}.sections"] = len(ctx)
    return counts


def test_dashboard_and_home_stay_within_15_queries(client_as, chair, make_member):
    """The issue's target for every page: ≤ 15 queries. The message names each app's share."""
    client = client_as(chair)
    make_member()
    counts = {u: _queries(client, u) for u in (reverse("dashboard"), reverse("member_home"))}
    assert all(n <= 15 for n in counts.values()), f"{counts}; per app: {_per_app_queries(chair)}"


@pytest.mark.parametrize(
    "username, pages",
    [
        ("1001", ("dashboard", "member_home")),  # 工会主席: every app's panels
        ("1002", ("dashboard", "member_home")),  # 工会干部
        ("1003", ("dashboard", "member_home")),  # 帮扶专员: visits, aid, files
        ("1004", ("dashboard", "member_home")),  # 提案委员会 (menu badge: proposals to review)
        ("1005", ("member_home",)),  # 承办部门 (menu badge: proposals to handle)
        ("1006", ("member_home",)),  # 教代会代表 with proposals and proposals to second
        ("1007", ("member_home",)),
    ],
)
def test_pages_stay_within_15_queries_with_data_in_every_app(client, demo_world, username, pages):
    """With the demo data in every app (the counts above do not depend on how much there is:
    see test_dashboard_and_home_queries_do_not_grow_with_data), each persona's pages stay within
    the issue's 15 queries - the page chrome (session, the user with roles, member, unread count
    and menu facts in one query, session save) included."""
    from activities.models import Activity
    from congress.models import Proposal
    from unionhub.models import User
    from welfare.models import AidApplication, HardshipFile, Visit

    assert Proposal.objects.exclude(state="draft").exists() and Visit.objects.exists()
    assert AidApplication.objects.filter(status="paid").exists() and HardshipFile.objects.exists()
    assert Activity.objects.exists()
    user = User.objects.get(username=username)
    client.force_login(user)
    for page in pages:
        n = _queries(client, reverse(page))
        assert n <= 15, f"{page}: {n} queries; per app: {_per_app_queries(user)}"


def test_dashboard_numbers_show_with_demo_data(client, demo_world):
    """The consolidated queries still put the apps' numbers on the page (chair sees them all)."""
    from unionhub.models import User

    client.force_login(User.objects.get(username="1001"))
    body = client.get(reverse("dashboard")).content.decode()
    for title in ("会员按部门", "提案状态", "慰问人次（按月）", "帮扶金额（按救助类型）", "文体活动（按月）"):
        assert title in body


def test_member_home_costs_one_query_for_the_member_and_unit(client_as, member, fake_apps):
    """The member, department and union group come in one query shared with the menu: giving the
    member a group adds no query (the page chrome - session, roles, menus - is not this page's)."""
    from members.models import UnionGroup

    fake_apps()
    client = client_as(member)
    before = _queries(client, reverse("member_home"))
    mine = member.member
    mine.union_group = UnionGroup.objects.create(name="信息小组")
    mine.save()
    assert _queries(client, reverse("member_home")) == before


def test_member_home_collects_sections(client_as, member, two_fake_apps):
    client = client_as(member)
    body = client.get(reverse("member_home")).content.decode()
    assert "郑会员，您好" in body
    assert "我的提案" in body and 'href="/congress/p/1/"' in body and "待答复" in body
    assert "通知公告" in body and "暂无" in body
    assert "进入工作台" not in body


def test_member_home_for_officer_links_to_dashboard(client_as, officer, two_fake_apps):
    body = client_as(officer).get(reverse("member_home")).content.decode()
    assert reverse("dashboard") in body and "进入工作台" in body


def test_member_home_without_member_record(client_as, outsider, two_fake_apps):
    body = client_as(outsider).get(reverse("member_home")).content.decode()
    assert "尚未关联会员档案" in body
