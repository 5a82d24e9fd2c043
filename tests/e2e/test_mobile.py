"""Members open the app on their phones (often inside WeChat): a 390px-wide touch screen.

On the demo data, every page a member or delegate uses fits the screen (no sideways scrolling of
the whole page; wide tables scroll inside their own box), list titles stay readable instead of
one Chinese character a line, and the hamburger menu opens.
"""

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        locale="zh-CN",
        viewport={"width": PHONE_WIDTH, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        base_url=live_server.url,
    )
    context.set_default_timeout(15000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())


def page_width(pg):
    # on a mobile viewport the layout viewport grows with the content, so compare with the device width
    return pg.evaluate("document.scrollingElement.scrollWidth")


def member_pages():
    from activities.models import Activity, Event, Meet
    from congress.models import Notice, Proposal

    locked_meet = Meet.objects.filter(is_locked=True).first() or Meet.objects.first()
    return [
        "/",
        "/members/me/",
        "/messages/",
        "/congress/proposals/mine/",
        "/congress/proposals/new/",
        "/congress/proposals/seconding/",
        f"/congress/proposals/{Proposal.objects.filter(proposer__staff_no='1006').first().pk}/",
        "/congress/notices/",
        f"/congress/notices/{Notice.objects.filter(state='published').first().pk}/",
        "/welfare/mine/",
        "/welfare/publicity/",
        "/activities/",
        f"/activities/{Activity.objects.first().pk}/",
        "/activities/meets/",
        f"/activities/meets/{locked_meet.pk}/",
        f"/activities/events/{Event.objects.filter(meet=locked_meet).first().pk}/",
        f"/activities/meets/{locked_meet.pk}/standings/",
        f"/activities/live/{locked_meet.pk}/",
    ]


def test_member_pages_fit_a_phone_and_the_menu_opens(phone, demo, browser_login, shot):
    browser_login(phone, "1006", "Union-2026")

    toggler = phone.get_by_role("button", name="菜单")
    assert toggler.is_visible()
    assert not phone.locator("#mainnav").is_visible()
    toggler.tap()
    phone.locator("#mainnav.show").wait_for()
    phone.locator("#mainnav").get_by_role("button", name="教代会").tap()
    phone.locator("#mainnav").get_by_role("link", name="我的提案").tap()
    phone.wait_for_url("**/congress/proposals/mine/")

    too_wide = {}
    for url in member_pages():
        phone.goto(url)
        width = page_width(phone)
        if width > PHONE_WIDTH:
            too_wide[url] = width
            shot(phone, "mobile-too-wide" + url.replace("/", "-"))
    assert too_wide == {}

    # a list's titles wrap in lines of several characters, not one character a line
    phone.goto("/congress/proposals/mine/")
    title = phone.locator("main table tbody td a").first
    assert title.bounding_box()["width"] >= 90
    shot(phone, "mobile-my-proposals")


def test_long_branch_name_keeps_the_hamburger_beside_it_and_fields_do_not_zoom(phone, demo, browser_login, settings):
    settings.UNIONHUB_BRANCH_NAME = "华东师范大学第二附属中学工会委员会"
    browser_login(phone, "1006", "Union-2026")
    brand = phone.locator(".navbar-brand").bounding_box()
    toggler = phone.get_by_role("button", name="菜单").bounding_box()
    assert toggler["y"] < brand["y"] + brand["height"]  # same row, not pushed below the name
    assert toggler["x"] + toggler["width"] <= PHONE_WIDTH

    # small search fields are 16px on touch screens, so iOS/WeChat does not zoom the page on tap
    phone.goto("/congress/proposals/seconding/")
    size = phone.locator("main form input[name=q]").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 16


def test_officer_results_entry_header_buttons_stay_on_one_line(phone, demo, browser_login):
    from activities.models import Event

    event = Event.objects.filter(meet__is_locked=False).first()
    browser_login(phone, "1002", "Union-2026")
    phone.goto(f"/activities/events/{event.pk}/results/")
    buttons = phone.locator("main .page-header .btn")
    assert buttons.count() >= 2
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        assert box["height"] < 48, buttons.nth(i).inner_text()  # one line, not "返回…运动\n会"
        assert box["x"] + box["width"] <= PHONE_WIDTH
    assert page_width(phone) <= PHONE_WIDTH

    # the page asks for DNS/DNF/DQ and times like 1:02.35: a phone's decimal keypad has neither letters nor ':'
    mark = phone.locator("main table input[name^=mark_]").first
    assert mark.evaluate("e => e.inputMode") not in ("decimal", "numeric")
