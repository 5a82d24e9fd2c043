"""A4 printouts as Chromium prints them (print media, page.pdf on A4), on seed_demo data.

Page counts come from the PDF itself; what cannot be read back from a PDF without extra tools
(which rows reached paper) is checked on the page laid out for print at the A4 text width.
"""

import re
from io import StringIO

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

A4_TEXT_WIDTH = 703  # 210 mm - 2 x 12 mm margins, at 96 dpi


def pdf_pages(page):
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.fixture
def demo(page, browser_login):
    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    browser_login(page, "1001", "Union-2026")


def test_proposal_form_with_its_whole_history_prints_on_one_page(page, demo, shot):
    from django.db.models import Count

    from congress.models import Proposal

    # the filed proposal with the longest history: two answers, two ratings, a dozen log lines
    p = Proposal.objects.exclude(number="").annotate(n=Count("transitions")).order_by("-n", "pk").first()
    assert p.transitions.count() >= 10
    page.goto(f"/congress/proposals/{p.pk}/print/")
    assert page.get_by_text("领衔人签名").is_visible()
    shot(page, "print-proposal")
    assert pdf_pages(page) == 1  # was 2: the signature lines alone on page 2

    # a long text needs a second page: the signatures go over with the last rows, not alone
    p.reason = "近年来教职工工作强度持续加大，很多老师反映午休条件不足，影响下午的教学状态。" * 28
    p.save(update_fields=["reason"])
    page.emulate_media(media="screen")
    page.goto(f"/congress/proposals/{p.pk}/print/")
    assert pdf_pages(page) == 2
    block = page.locator(".signature-block")
    assert block.evaluate("e => getComputedStyle(e).breakBefore") == "avoid"


def test_sign_sheet_total_once_and_dates_on_one_line(page, demo, shot):
    page.goto("/welfare/sign-sheet/print/?start=2026-01-01&end=2026-12-31")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_TEXT_WIDTH, "height": 1000})
    # the 合计 row is part of the body: printed once after the last row, not at every page foot
    assert page.locator("tfoot").evaluate("e => getComputedStyle(e).display") == "table-row-group"
    lines = (
        page.locator("tbody tr")
        .first.locator("td")
        .evaluate_all(
            "tds => tds.map(td => { const r = document.createRange(); r.selectNodeContents(td);"
            " return new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size; })"
        )
    )
    # 姓名, 形式, 金额 and 慰问日期 on one line each (was 2026-01- / 03, 慰问 / 金)
    assert [lines[i] for i in (1, 4, 5, 6)] == [1, 1, 1, 1]
    shot(page, "print-sign-sheet")
    assert pdf_pages(page) == 3  # 54 demo visits; was 4
    # pages are numbered (第 n 页 / 共 m 页): a sheet that falls out of the pile goes back in place
    assert page.evaluate("getComputedStyle(document.body).page") == "numbered"


def test_certificates_carry_no_page_number(page, demo):
    from activities.models import Meet

    meet = Meet.objects.order_by("start_date").first()
    page.goto(f"/activities/meets/{meet.pk}/print/certificates/")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.body).page") == "auto"
    assert page.locator(".certificate").first.get_by_text("第一名").is_visible()


def test_lists_print_without_controls_and_dashboard_tables_whole(page, demo):
    page.goto("/welfare/")
    assert page.locator("form.filter-bar").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("form.filter-bar").is_visible()  # was printed: empty inputs on paper
    assert not page.get_by_role("button", name="筛选").is_visible()
    assert page.locator("table").first.is_visible()

    # dashboard: panels are plain blocks on paper; as flex items the one pushed to a new page
    # lost its last rows (会员按用工形式 printed without 农民工 and 合计)
    page.emulate_media(media="screen")
    page.goto("/dashboard/")
    page.emulate_media(media="print")
    assert page.locator("#panels").evaluate("e => getComputedStyle(e).display") == "block"
