"""The whole 提案 journey in a browser: submit, two seconds, 立案 and 交办, answer, 不满意,
re-handling, 满意, and the printed 提案表 showing the history."""

import datetime

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def congress_setup(member, make_user, committee, handler, other_department):
    from django.contrib.auth.models import Group

    from congress.models import Delegate, ProposalCategory, Session, Term
    from unionhub.permissions import Role

    for name in Role.ALL:  # transactional tests flush the migration's groups
        Group.objects.get_or_create(name=name)
    ProposalCategory.objects.get_or_create(name="福利待遇")
    today = timezone.localdate()
    term = Term.objects.create(number=6, is_current=True)
    Session.objects.create(
        term=term,
        number=4,
        meeting_date=today + datetime.timedelta(days=20),
        collection_start=today - datetime.timedelta(days=5),
        collection_end=today + datetime.timedelta(days=10),
    )
    for username, name in (("delegate01", "吴代表"), ("delegate02", "冯代表")):
        user = make_user(username, name=name)
        Delegate.objects.create(term=term, member=user.member, delegation="语文教研组")
    # the personas were created before the groups existed again: give them their roles
    committee.groups.add(Group.objects.get(name=Role.COMMITTEE))
    handler.groups.add(Group.objects.get(name=Role.HANDLER))
    return term


def as_user(page, browser_login, username):
    page.context.clear_cookies()
    browser_login(page, username)


def test_proposal_journey(page, congress_setup, browser_login, shot):
    from congress.models import Proposal

    # member drafts and submits
    as_user(page, browser_login, "member01")
    page.goto("/congress/proposals/new/")
    page.get_by_label("类别").select_option(label="福利待遇")
    page.get_by_label("案由（标题）").fill("建议为每位教师定期体检")
    page.get_by_label("现状与理由").fill("教师工作强度大，体检不规律。")
    page.get_by_label("具体建议（办法）").fill("每年3月定为教职工体检月。")
    pdf = {"mimeType": "application/pdf", "buffer": b"%PDF-1.4 test"}
    page.get_by_label("附件").set_input_files([{"name": "体检测算.pdf", **pdf}, {"name": "旧方案.pdf", **pdf}])
    shot(page, "congress-01-new-proposal")
    page.get_by_role("button", name="保存草稿").click()
    assert page.get_by_role("link", name="旧方案.pdf").is_visible()
    # the wrong file went up: take it away again before submitting
    page.get_by_role("link", name="修改", exact=True).click()
    page.get_by_label("旧方案.pdf").check()
    shot(page, "congress-01b-remove-attachment")
    page.get_by_role("button", name="保存草稿").click()
    assert page.get_by_role("link", name="体检测算.pdf").is_visible()
    assert page.get_by_role("link", name="旧方案.pdf").count() == 0
    page.get_by_role("button", name="提交", exact=True).click()
    assert page.get_by_text("征集附议中（0/2）").is_visible()
    detail_url = page.url
    shot(page, "congress-02-submitted")

    # two delegates second it
    for username in ("delegate01", "delegate02"):
        as_user(page, browser_login, username)
        page.goto("/congress/proposals/seconding/")
        page.get_by_role("link", name="建议为每位教师定期体检").click()
        page.get_by_role("button", name="附议", exact=True).click()
    assert page.get_by_text("等待提案工作委员会审查").is_visible()

    # the committee files and assigns it
    as_user(page, browser_login, "committee01")
    page.goto("/congress/proposals/review/")
    shot(page, "congress-03-review-queue")
    page.get_by_role("link", name="建议为每位教师定期体检").click()
    page.get_by_role("button", name="立案", exact=True).click()
    assert page.get_by_role("heading", name="六届四次-001 建议为每位教师定期体检").is_visible()
    page.get_by_role("link", name="交办", exact=True).click()
    page.get_by_label("主办部门").select_option(label="后勤处")
    page.get_by_label("答复期限").fill((timezone.localdate() + datetime.timedelta(days=14)).isoformat())
    shot(page, "congress-04-assign")
    page.get_by_role("button", name="确认交办").click()

    # the handler answers
    def answer(text):
        as_user(page, browser_login, "handler01")
        page.goto("/congress/proposals/department/")
        page.get_by_role("link", name="建议为每位教师定期体检").click()
        page.get_by_role("link", name="答复", exact=True).click()
        page.get_by_label("已解决").check()
        page.get_by_label("答复内容").fill(text)
        page.get_by_role("button", name="确认答复").click()

    answer("拟安排体检，时间待定。")
    shot(page, "congress-05-answered")

    # the member rates 不满意: back to the department once
    def rate(label, comment=""):
        as_user(page, browser_login, "member01")
        page.goto(detail_url)
        page.get_by_role("link", name="评价", exact=True).click()
        page.get_by_label(label, exact=True).check()
        if comment:
            page.get_by_label("意见").fill(comment)
        page.get_by_role("button", name="确认评价").click()

    rate("不满意", "没有具体时间")
    assert page.get_by_text("办理中，答复期限").is_visible()
    answer("每年3月为教职工体检月，今年3月12日起分批体检。")
    rate("满意")
    assert page.locator(".badge", has_text="已办结").first.is_visible()
    timeline = page.locator(".timeline").inner_text()
    for step in ("提交", "附议", "附议人数达到要求", "立案", "交办", "答复", "评价"):
        assert step in timeline
    assert timeline.count("答复") >= 2 and "不满意" in timeline
    shot(page, "congress-06-closed-timeline")

    # the printed 提案表 shows the history
    page.get_by_role("link", name="打印提案表").click()
    body = page.locator("main").inner_text()
    assert "提案表" in body and "六届四次-001" in body and "领衔人签名" in body
    for who in ("郑会员", "吴代表", "冯代表", "孙委员", "周处长"):
        assert who in body
    shot(page, "congress-07-print")
    p = Proposal.objects.get()
    assert p.state == "closed" and p.rehandled and p.ratings.count() == 2


def test_seconding_search_button_stays_on_one_line(page, congress_setup, browser_login, shot):
    """The 搜索 button next to the search box broke into 搜/索 on two lines."""
    as_user(page, browser_login, "delegate01")
    page.goto("/congress/proposals/seconding/")
    button = page.get_by_role("button", name="搜索")
    shot(page, "congress-seconding-search")
    # a small button is about 31 px high on one line, over 50 px on two
    assert button.bounding_box()["height"] < 40


def test_items_form_columns_are_wide_enough(page, congress_setup, officer, browser_login, shot):
    """The 类型 select showed half of 议案, and the 删除 label broke into 删/除."""
    from django.contrib.auth.models import Group

    from congress.models import Session, SessionItem
    from unionhub.permissions import Role

    officer.groups.add(Group.objects.get(name=Role.OFFICER))
    session = Session.objects.get()
    SessionItem.objects.create(session=session, title="学校工作报告", kind="report", outcome="heard")
    as_user(page, browser_login, "officer01")
    page.goto(f"/congress/sessions/{session.pk}/items/")
    shot(page, "congress-session-items")
    widths = page.eval_on_selector_all("select[name$='-kind']", "els => els.map(e => e.getBoundingClientRect().width)")
    assert min(widths) >= 80
    label = page.locator("label[for$='-DELETE']").first
    assert label.bounding_box()["height"] < 30


def test_a_long_link_in_a_proposal_does_not_widen_the_page(page, congress_setup, member, browser_login, shot):
    """A link without spaces in 现状与理由 stretched the proposal page and the 提案表 to twice the
    screen width (and off the A4 page when printed)."""
    from congress.models import Proposal, ProposalCategory, Session

    p = Proposal.objects.create(
        session=Session.objects.get(),
        category=ProposalCategory.objects.get(name="福利待遇"),
        proposer=member.member,
        title="建议为每位教师定期体检",
        reason="参考：https://www.example.edu.cn/" + "a" * 250 + "/index.html",
        suggestion="每年3月定为教职工体检月。",
    )
    as_user(page, browser_login, "member01")
    for path in (f"/congress/proposals/{p.pk}/", f"/congress/proposals/{p.pk}/print/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366, path
    shot(page, "congress-long-link-print")
