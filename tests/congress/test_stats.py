"""congress/stats.py: the numbers of the year-end sheets and the dashboard agree with the data."""

import datetime

import pytest
from django.utils import timezone

from congress import stats
from congress import workflow as wf
from congress.models import Notice, NoticeCategory, Objection, ProposalState, RatingResult
from unionhub.stats import Period

S = ProposalState
TODAY = timezone.localdate


@pytest.fixture
def data(make_proposal, member, other_member, committee, handler, other_department, session, officer, department):
    filed = [make_proposal(member, state=S.REVIEW, title=f"立案{i}") for i in range(3)]
    for p in filed:
        wf.file_proposal(proposal=p, by=committee)
        wf.assign_proposal(proposal=p, by=committee, lead=other_department, due_date=TODAY())
    wf.answer_proposal(proposal=filed[0], by=handler, text="a", answer_type="solved")
    wf.rate_proposal(proposal=filed[0], by=member, result=RatingResult.SATISFIED)
    wf.answer_proposal(proposal=filed[1], by=handler, text="a", answer_type="planned")
    wf.rate_proposal(proposal=filed[1], by=member, result=RatingResult.UNSATISFIED)  # back to handling
    wf.answer_proposal(proposal=filed[1], by=handler, text="b", answer_type="solved")
    wf.rate_proposal(proposal=filed[1], by=member, result=RatingResult.BASIC)
    type(filed[2]).objects.filter(pk=filed[2].pk).update(due_date=TODAY() - datetime.timedelta(days=1))
    merged = make_proposal(other_member, state=S.REVIEW, title="并案")
    wf.merge_proposal(proposal=merged, by=committee, into=filed[0])
    rejected = make_proposal(other_member, state=S.REVIEW, title="不立案")
    wf.reject_proposal(proposal=rejected, by=committee, reason="个人诉求")
    make_proposal(member, state=S.DRAFT, title="草稿")
    cat = NoticeCategory.objects.get_or_create(name="财务")[0]
    n = Notice.objects.create(
        title="经费公示", category=cat, content="c", department=department, period_start=TODAY(),
        period_end=TODAY(), state=Notice.State.PUBLISHED, published_at=timezone.now(), kind=Notice.Kind.SPECIAL,
    )  # fmt: skip
    Objection.objects.create(notice=n, member=member.member, text="?")
    return filed


def test_session_counts(data, session):
    c = stats.proposal_counts(session.proposals.all())
    assert c["received"] == 5  # 3 filed + merged + rejected; the draft does not count
    assert (c["filed"], c["merged"], c["suggestion"]) == (3, 1, 1)
    assert c["answered"] == 2
    assert (c["satisfied"], c["basic"], c["unsatisfied"]) == (1, 1, 0)  # the final rating counts
    assert c["overdue"] == 1


def test_annual_sheets(data, session):
    sheets = stats.annual_sheets(Period.year(session.meeting_date.year))
    congress, disclosure = sheets
    assert congress.name == "教代会与提案" and disclosure.name == "校务公开"
    by_dept = next(t for t in congress.tables if t.title == "提案办理（按主办部门）")
    row = by_dept.rows[0]
    assert row[0] == "后勤处" and row[2] == 3 and row[9] == 1.0  # 满意率 2 of 2 rated
    cat_row = next(r for r in disclosure.tables[0].rows if r[0] == "财务")
    assert cat_row[1:] == [1, 1, 1, 0]


def test_other_year_is_empty(data, session):
    congress, _ = stats.annual_sheets(Period.year(session.meeting_date.year - 3))
    assert congress.indicators[1].value == 0


def test_satisfaction_rate_is_blank_not_zero_when_nothing_was_rated(data, session, client_as, committee):
    """A year (or a department) with no rated proposal has no 满意率: 0% would say everybody was unhappy."""
    year = session.meeting_date.year - 3
    congress, _ = stats.annual_sheets(Period.year(year))
    assert next(i for i in congress.indicators if i.label == "提案满意率").value is None
    page = client_as(committee).get("/dashboard/", {"year": year}).content.decode()
    card = page[page.index("提案满意率") :][:400]
    assert "—" in card and "0.0%" not in card


def test_dashboard_panels_for_committee_only(data, session, committee, member):
    period = Period.year(session.meeting_date.year)
    assert stats.dashboard_panels(member, period) == []
    panels = stats.dashboard_panels(committee, period)
    state_panel = panels[0]
    assert dict(zip(state_panel.labels, state_panel.series[0][1], strict=True))["办理中"] == 1
    indicators = {i.label: i.value for i in stats.dashboard_indicators(committee, period)}
    assert indicators["立案"] == 3 and indicators["逾期未答复提案"] == 1


def test_dashboard_page_shows_congress_panels(client_as, committee, data, session):
    r = client_as(committee).get("/dashboard/", {"year": session.meeting_date.year})
    assert "各部门提案办理满意率" in r.content.decode()


def test_home_and_menu(client_as, member, delegate, handler, committee, data):
    from congress.home import sections
    from congress.menu_items import items

    titles = [s.title for s in sections(member)]
    assert titles == ["我的提案", "校务公开"]
    assert any("立案0" in text for text, _, _ in sections(member)[0].items)
    assert "等待我附议" in [s.title for s in sections(delegate)]
    labels = lambda u: [i.label for i in items(u)]  # noqa: E731
    assert "提案审查" in labels(committee) and "提案审查" not in labels(member)
    assert "本部门承办" in labels(handler) and "征集附议" in labels(delegate) and "征集附议" not in labels(member)
    body = client_as(member).get("/me/").content.decode()
    assert "我的提案" in body and "经费公示" in body


def test_home_puts_what_waits_for_me_first(member, make_proposal, delegate):
    from congress.home import sections

    for i in range(6):
        make_proposal(member, state=S.CLOSED, title=f"旧提案{i}")
    make_proposal(member, state=S.RATING, title="请评价我")
    items = sections(member)[0].items
    assert items[0][0] == "请评价我" and items[0][2] == "部门已答复，等待提案人评价"


def test_handler_home_shows_what_the_department_must_answer(client_as, handler, member, make_proposal, department):
    """A handler's home page said nothing about proposals to answer, overdue ones included."""
    import datetime

    from django.utils import timezone

    from congress.models import ProposalAssignment

    today = timezone.localdate()
    late = make_proposal(
        member,
        state=S.HANDLING,
        title="逾期的提案",
        number="六届四次-001",
        seq=1,
        lead_department=handler.handler_department,
        due_date=today - datetime.timedelta(days=2),
    )
    ProposalAssignment.objects.create(proposal=late, department=handler.handler_department, is_lead=True)
    helping = make_proposal(
        member,
        state=S.HANDLING,
        title="协办的提案",
        number="六届四次-002",
        seq=2,
        lead_department=department,
        due_date=today + datetime.timedelta(days=9),
    )
    ProposalAssignment.objects.create(proposal=helping, department=department, is_lead=True)
    ProposalAssignment.objects.create(proposal=helping, department=handler.handler_department)
    body = client_as(handler).get("/me/").content.decode()
    assert "本部门待答复提案" in body
    assert "六届四次-001 逾期的提案" in body and "（已逾期）" in body
    assert "六届四次-002 协办的提案" in body and "协办 · 答复期限" in body
    assert "本部门待答复提案" not in client_as(member).get("/me/").content.decode()


def test_home_does_not_call_a_notice_not_yet_started_in_period(member, data):
    """The home block said 公示中 for a notice published ahead of its 公示期."""
    import datetime

    from django.utils import timezone

    from congress.home import sections
    from congress.models import Notice

    today = timezone.localdate()
    n = Notice.objects.filter(state=Notice.State.PUBLISHED).first()
    Notice.objects.filter(pk=n.pk).update(
        period_start=today + datetime.timedelta(days=3), period_end=today + datetime.timedelta(days=10)
    )
    notes = {text: note for text, _, note in sections(member)[-1].items}
    assert notes[n.title] == f"{today + datetime.timedelta(days=3):%m-%d} 起公示"
