"""Proposal pages: login required, per-persona access, happy paths, refusals, query counts."""

import datetime
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from congress import workflow as wf
from congress.models import (
    AnswerType,
    Proposal,
    ProposalAssignment,
    ProposalAttachment,
    ProposalState,
    ProposalTransition,
    Second,
)

S = ProposalState
TODAY = timezone.localdate


# every page: django session, user, roles, member, menu delegate check, unread count,
# session save (savepoint, update, release)
BASE = 9


def url(name, *args):
    return reverse(f"congress:{name}", args=args)


@pytest.fixture
def many(make_proposal, member, other_member, delegate, other_department, session):
    """25 proposals in assorted states (more than one page), with seconds and assignments."""
    states = [S.SECONDING, S.REVIEW, S.FILED, S.HANDLING, S.CLOSED]
    result = []
    for i in range(25):
        st = states[i % len(states)]
        p = make_proposal(
            member if i % 2 else other_member,
            state=st,
            title=f"提案{i:02d}",
            submitted_at=timezone.now(),
            seq=i + 1 if st in (S.FILED, S.HANDLING, S.CLOSED) else None,
            number=f"六届四次-{i + 1:03d}" if st in (S.FILED, S.HANDLING, S.CLOSED) else "",
            lead_department=other_department if st in (S.HANDLING, S.CLOSED) else None,
            due_date=TODAY() + datetime.timedelta(days=i - 10) if st == S.HANDLING else None,
        )
        Second.objects.create(proposal=p, member=delegate.member)
        if p.lead_department_id:
            ProposalAssignment.objects.create(proposal=p, department=other_department, is_lead=True)
        result.append(p)
    return result


# ------------------------------------------------------------------ login and roles


@pytest.mark.parametrize(
    "name,args",
    [
        ("my_proposals", ()),
        ("seconding", ()),
        ("review_queue", ()),
        ("department_inbox", ()),
        ("proposal_create", ()),
        ("session_list", ()),
        ("notice_list", ()),
        ("notice_create", ()),
    ],
)
def test_anonymous_is_sent_to_login(client, db, name, args):
    response = client.get(url(name, *args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_cannot_open_a_proposal(client, draft):
    for name in ("proposal_detail", "proposal_print", "proposal_edit"):
        response = client.get(url(name, draft.pk))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(url("proposal_action", draft.pk, "submit"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    draft.refresh_from_db()
    assert draft.state == S.DRAFT


def test_member_cannot_see_another_members_draft(client_as, draft, other_member, committee, handler):
    for user in (other_member, committee, handler):
        assert client_as(user).get(url("proposal_detail", draft.pk)).status_code == 404


def test_outsider_sees_no_proposals(client_as, outsider, many):
    assert client_as(outsider).get(url("proposal_detail", many[2].pk)).status_code == 404


def test_seconding_proposal_visible_to_delegates_not_to_plain_members(
    client_as, make_proposal, member, delegate, other_member
):
    p = make_proposal(member, state=S.SECONDING)
    assert client_as(delegate).get(url("proposal_detail", p.pk)).status_code == 200
    assert client_as(other_member).get(url("proposal_detail", p.pk)).status_code == 404


def test_handler_sees_only_own_departments_inbox(client_as, handler, make_user, department, many):
    from unionhub.permissions import Role

    body = client_as(handler).get(url("department_inbox") + "?show=all").content.decode()
    handled = [p for p in many if p.lead_department_id]
    assert all(p.title in body for p in handled[:10])
    assert "提案00" not in body  # a 征集附议 proposal, not assigned
    other = make_user("handler02", Role.HANDLER, handler_department=department)
    body = client_as(other).get(url("department_inbox") + "?show=all").content.decode()
    assert "本部门还没有承办过提案" in body


def test_inbox_highlights_overdue(client_as, handler, many):
    body = client_as(handler).get(url("department_inbox")).content.decode()
    assert 'class="overdue"' in body and "逾期" in body


def test_plain_member_cannot_open_review_or_inbox(client_as, member, delegate):
    assert client_as(member).get(url("review_queue")).status_code == 403
    assert client_as(member).get(url("department_inbox")).status_code == 403
    assert client_as(member).get(url("seconding")).status_code == 403
    assert client_as(delegate).get(url("seconding")).status_code == 200


# ------------------------------------------------------------------ lists and query counts


def test_my_proposals_lists_own_and_seconded_with_next_step(client_as, member, many, django_assert_max_num_queries):
    c = client_as(member)
    # BASE + collecting sessions + page count + page (proposals joined with session, category, people)
    with django_assert_max_num_queries(BASE + 3):
        response = c.get(url("my_proposals"))
    body = response.content.decode()
    assert "提案01" in body and "提案00" not in body
    assert "还需" in body or "等待提案工作委员会审查" in body


def test_seconding_list_and_query_count(client_as, delegate, many, django_assert_max_num_queries):
    c = client_as(delegate)
    # BASE + delegate check + page count + page (annotated with counts and "seconded by me")
    with django_assert_max_num_queries(BASE + 3):
        response = c.get(url("seconding"))
    body = response.content.decode()
    assert "提案00" in body and "已附议" in body


def test_review_queue_tabs_and_query_count(client_as, committee, many, django_assert_max_num_queries):
    c = client_as(committee)
    # BASE + menu badge (proposals to review) + tab counts (one aggregate) + page count + page
    with django_assert_max_num_queries(BASE + 4):
        response = c.get(url("review_queue"))
    body = response.content.decode()
    assert "提案01" in body and "待审查" in body
    body = c.get(url("review_queue") + "?tab=filed").content.decode()
    assert "提案02" in body and "提案01<" not in body


def test_department_inbox_query_count(client_as, handler, many, django_assert_max_num_queries):
    c = client_as(handler)
    # BASE + department + menu badge count + page count + page + suggestions
    with django_assert_max_num_queries(BASE + 5):
        c.get(url("department_inbox") + "?show=all")


def test_session_proposals_filters_search_pagination(
    client_as, member, session, many, other_department, django_assert_max_num_queries
):
    c = client_as(member)
    # BASE + session + filter-form choices (categories, departments) + page count + page
    with django_assert_max_num_queries(BASE + 5):
        response = c.get(url("session_proposals", session.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "提案02" in body  # filed: public
    assert "提案00" not in body or "提案00</a>" not in body  # 征集附议 of someone else: not visible
    body = c.get(url("session_proposals", session.pk) + "?state=handling").content.decode()
    assert "提案03" in body and "提案02<" not in body
    body = c.get(url("session_proposals", session.pk) + "?q=提案12").content.decode()
    assert "提案12" in body and "提案17" not in body
    body = c.get(url("session_proposals", session.pk) + f"?department={other_department.pk}").content.decode()
    assert "提案03" in body and "提案02<" not in body


def test_session_list_and_detail(client_as, member, session):
    c = client_as(member)
    assert session.name in c.get(url("session_list")).content.decode()
    assert "议案与报告" in c.get(url("session_detail", session.pk)).content.decode()


# ------------------------------------------------------------------ one proposal


def test_member_creates_a_draft_with_attachment(client_as, member, session, category):
    c = client_as(member)
    assert c.get(url("proposal_create")).status_code == 200
    pdf = SimpleUploadedFile("现状.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = c.post(
        url("proposal_create"),
        {
            "session": session.pk,
            "category": category.pk,
            "title": "建议增设教工书屋",
            "reason": "教师缺少阅读空间",
            "suggestion": "利用图书馆三楼",
            "attachments": [pdf],
        },
    )
    p = Proposal.objects.get(title="建议增设教工书屋")
    assert response.status_code == 302 and response["Location"] == p.get_absolute_url()
    assert p.state == S.DRAFT and p.proposer == member.member
    att = p.attachments.get()
    download = c.get(url("proposal_attachment", p.pk, att.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")


def test_attachment_of_a_draft_is_hidden_from_others(client_as, draft, other_member, member):
    from congress.models import ProposalAttachment

    att = ProposalAttachment.objects.create(proposal=draft, file=SimpleUploadedFile("a.txt", b"hello"), name="a.txt")
    assert client_as(other_member).get(url("proposal_attachment", draft.pk, att.pk)).status_code == 404
    assert client_as(member).get(url("proposal_attachment", draft.pk, att.pk)).status_code == 200


def test_wrong_attachment_type_is_refused(client_as, member, session, category):
    c = client_as(member)
    bad = SimpleUploadedFile("virus.exe", b"MZ....", content_type="application/octet-stream")
    response = c.post(
        url("proposal_create"),
        {
            "session": session.pk,
            "category": category.pk,
            "title": "t",
            "reason": "r",
            "suggestion": "s",
            "attachments": [bad],
        },
    )
    assert response.status_code == 200
    assert "不支持的附件类型" in response.content.decode()
    assert not Proposal.objects.exists()


def test_create_outside_collection_period_is_refused(client_as, member, session):
    session.collection_start = TODAY() - datetime.timedelta(days=30)
    session.collection_end = TODAY() - datetime.timedelta(days=2)
    session.save()
    response = client_as(member).get(url("proposal_create"), follow=True)
    assert "目前没有正在征集提案的教代会会议" in response.content.decode()


def test_outsider_cannot_create(client_as, outsider, session):
    assert client_as(outsider).get(url("proposal_create")).status_code == 403


def test_detail_shows_only_allowed_buttons(client_as, make_proposal, member, delegate, committee):
    p = make_proposal(member, state=S.REVIEW, submitted_at=timezone.now())
    body = client_as(committee).get(url("proposal_detail", p.pk)).content.decode()
    for label in ("立案", "退回修改", "并案", "不立案"):
        assert f">{label}<" in body
    assert ">撤回<" not in body
    body = client_as(member).get(url("proposal_detail", p.pk)).content.decode()
    assert ">撤回<" in body and ">立案<" not in body
    body = client_as(delegate).get(url("proposal_detail", p.pk)).content.decode()
    assert 'id="actions"' not in body


def test_submit_and_second_through_the_page(client_as, draft, member, delegate, delegate2):
    r = client_as(member).post(url("proposal_action", draft.pk, "submit"), follow=True)
    assert "已提交" in r.content.decode()
    draft.refresh_from_db()
    assert draft.state == S.SECONDING
    client_as(delegate).post(url("proposal_action", draft.pk, "second"))
    client_as(delegate2).post(url("proposal_action", draft.pk, "second"))
    draft.refresh_from_db()
    assert draft.state == S.REVIEW


def test_returned_draft_shows_why_and_can_be_resubmitted_after_collection(
    client_as, draft, member, delegate, delegate2, committee, session
):
    wf.submit_proposal(proposal=draft, by=member)
    wf.second_proposal(proposal=draft, by=delegate)
    wf.second_proposal(proposal=draft, by=delegate2)
    session.collection_start = TODAY() - datetime.timedelta(days=20)
    session.collection_end = TODAY() - datetime.timedelta(days=1)
    session.save()
    r = client_as(committee).post(
        url("proposal_action", draft.pk, "return"), {"reason": "请把建议写具体到学期"}, follow=True
    )
    assert r.redirect_chain[-1][0] == url("review_queue") and "已退回修改，提案已交回提案人" in r.content.decode()
    body = client_as(member).get(url("proposal_detail", draft.pk)).content.decode()
    assert "退回修改" in body and "请把建议写具体到学期" in body and "请修改后重新提交" in body
    assert ">提交<" in body
    r = client_as(member).post(url("proposal_action", draft.pk, "submit"), follow=True)
    draft.refresh_from_db()
    assert draft.state == S.REVIEW  # unchanged text: its two seconds still count


def test_refused_action_gives_chinese_message_and_changes_nothing(client_as, draft, member, delegate, other_member):
    client_as(member).post(url("proposal_action", draft.pk, "submit"))
    r = client_as(member).post(url("proposal_action", draft.pk, "second"), follow=True)
    body = r.content.decode()
    assert "只有本届教代会代表可以附议" in body
    assert not Second.objects.exists()
    r = client_as(member).post(url("proposal_action", draft.pk, "file"), follow=True)
    assert "提案当前状态为“征集附议”，不能立案" in r.content.decode()
    draft.refresh_from_db()
    assert draft.state == S.SECONDING


def test_unknown_action_is_404(client_as, draft, member):
    assert client_as(member).post(url("proposal_action", draft.pk, "explode")).status_code == 404


def test_return_needs_a_reason_on_the_form(client_as, make_proposal, member, committee):
    p = make_proposal(member, state=S.REVIEW)
    c = client_as(committee)
    assert "理由" in c.get(url("proposal_action", p.pk, "return")).content.decode()
    r = c.post(url("proposal_action", p.pk, "return"), {"reason": ""})
    assert r.status_code == 200 and "这个字段是必填项" in r.content.decode()
    p.refresh_from_db()
    assert p.state == S.REVIEW
    c.post(url("proposal_action", p.pk, "return"), {"reason": "请补充数据"})
    p.refresh_from_db()
    assert p.state == S.DRAFT


def test_assign_answer_rate_through_the_pages(client_as, make_proposal, member, committee, handler, other_department):
    p = make_proposal(member, state=S.REVIEW)
    client_as(committee).post(url("proposal_action", p.pk, "file"))
    due = (TODAY() + datetime.timedelta(days=10)).isoformat()
    r = client_as(committee).post(
        url("proposal_action", p.pk, "assign"), {"lead": other_department.pk, "due_date": due}
    )
    assert r.status_code == 302
    r = client_as(handler).post(
        url("proposal_action", p.pk, "answer"), {"answer_type": AnswerType.SOLVED, "text": "已办理"}
    )
    assert r.status_code == 302
    client_as(member).post(url("proposal_action", p.pk, "rate"), {"result": "satisfied", "comment": "很好"})
    p.refresh_from_db()
    assert p.state == S.CLOSED
    body = client_as(member).get(url("proposal_detail", p.pk)).content.decode()
    for label in ("立案", "交办", "答复", "评价"):
        assert label in body
    assert "满意" in body


def test_withdraw_has_a_confirmation_page(client_as, draft, member):
    c = client_as(member)
    r = c.get(url("proposal_action", draft.pk, "withdraw"))
    assert r.status_code == 200 and "确定要撤回吗" in r.content.decode()
    draft.refresh_from_db()
    assert draft.state == S.DRAFT
    c.post(url("proposal_action", draft.pk, "withdraw"))
    draft.refresh_from_db()
    assert draft.state == S.WITHDRAWN


def test_edit_after_seconds_warns_and_clears(client_as, draft, member, delegate, category):
    wf.submit_proposal(proposal=draft, by=member)
    wf.second_proposal(proposal=draft, by=delegate)
    c = client_as(member)
    assert "已有的附议将被清除" in c.get(url("proposal_edit", draft.pk)).content.decode()
    r = c.post(
        url("proposal_edit", draft.pk),
        {"category": category.pk, "title": "新标题", "reason": "r", "suggestion": "s"},
        follow=True,
    )
    assert "原有附议已清除" in r.content.decode()
    assert not draft.seconds.exists()


def _attach(proposal, name, content=b"%PDF-1.4 x"):
    return ProposalAttachment.objects.create(proposal=proposal, file=SimpleUploadedFile(name, content), name=name)


def test_author_removes_an_attachment_from_a_draft(
    client_as, draft, member, category, django_capture_on_commit_callbacks
):
    keep, drop = _attach(draft, "保留.pdf"), _attach(draft, "旧方案.pdf")
    stored = drop.file.path
    c = client_as(member)
    page = c.get(url("proposal_edit", draft.pk)).content.decode()
    assert "删除已有附件" in page and "旧方案.pdf" in page and "保留.pdf" in page
    data = {"category": category.pk, "title": draft.title, "reason": draft.reason, "suggestion": draft.suggestion}
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(url("proposal_edit", draft.pk), {**data, "remove_attachments": [drop.pk]}, follow=True)
    assert r.status_code == 200 and "旧方案.pdf" not in r.content.decode() and "保留.pdf" in r.content.decode()
    assert list(draft.attachments.values_list("name", flat=True)) == ["保留.pdf"]
    assert c.get(url("proposal_attachment", draft.pk, drop.pk)).status_code == 404
    assert not os.path.exists(stored)
    assert c.get(url("proposal_attachment", draft.pk, keep.pk)).status_code == 200


def test_removing_an_attachment_after_seconds_clears_them(client_as, draft, member, delegate, category):
    drop = _attach(draft, "测算表.xlsx")
    wf.submit_proposal(proposal=draft, by=member)
    wf.second_proposal(proposal=draft, by=delegate)
    data = {"category": category.pk, "title": draft.title, "reason": draft.reason, "suggestion": draft.suggestion}
    r = client_as(member).post(url("proposal_edit", draft.pk), {**data, "remove_attachments": [drop.pk]}, follow=True)
    assert "原有附议已清除" in r.content.decode()
    assert not draft.seconds.exists() and not draft.attachments.exists()
    assert draft.transitions.filter(comment__contains="删除附件：测算表.xlsx").exists()


def test_cannot_remove_another_proposals_attachment(client_as, draft, make_proposal, member, category):
    mine = _attach(draft, "我的.pdf")
    theirs = _attach(make_proposal(member), "另一件提案的.pdf")
    data = {"category": category.pk, "title": "改了标题", "reason": draft.reason, "suggestion": draft.suggestion}
    r = client_as(member).post(url("proposal_edit", draft.pk), {**data, "remove_attachments": [theirs.pk]})
    assert r.status_code == 200 and "选择一个有效的选项" in r.content.decode()
    draft.refresh_from_db()
    assert draft.title != "改了标题"
    assert ProposalAttachment.objects.filter(pk__in=[mine.pk, theirs.pk]).count() == 2


def test_other_member_cannot_edit(client_as, make_proposal, member, other_member):
    p = make_proposal(member, state=S.FILED, number="六届四次-001", seq=1)
    r = client_as(other_member).get(url("proposal_edit", p.pk), follow=True)
    assert "不能修改" in r.content.decode() or "只有提案人" in r.content.decode()


# ------------------------------------------------------------------ printouts and export


@pytest.fixture
def closed_proposal(make_proposal, member, delegate, committee, handler, other_department):
    p = make_proposal(member, state=S.REVIEW, submitted_at=timezone.now())
    Second.objects.create(proposal=p, member=delegate.member)
    wf.file_proposal(proposal=p, by=committee)
    wf.assign_proposal(proposal=p, by=committee, lead=other_department, due_date=TODAY())
    wf.answer_proposal(proposal=p, by=handler, text="每年3月体检", answer_type=AnswerType.SOLVED)
    wf.rate_proposal(proposal=p, by=member, result="basic", comment="希望扩大项目")
    p.refresh_from_db()
    return p


def test_print_proposal_shows_history_and_signatures(client_as, member, closed_proposal):
    body = client_as(member).get(url("proposal_print", closed_proposal.pk)).content.decode()
    assert "提案表" in body and "六届四次-001" in body
    assert "领衔人签名" in body
    for label in ("立案", "交办", "答复", "评价"):
        assert f">{label}<" in body
    assert "window.print()" in body  # print_base.html


def test_compilation_lists_filed_proposals(client_as, member, session, closed_proposal, make_proposal, other_member):
    make_proposal(other_member, state=S.SECONDING, title="尚未立案的提案")
    body = client_as(member).get(url("session_compilation", session.pk)).content.decode()
    assert "提案汇编" in body and closed_proposal.title in body and "每年3月体检" in body
    assert "尚未立案的提案" not in body


def test_handling_report_counts_per_department(client_as, committee, member, session, closed_proposal):
    assert client_as(member).get(url("session_report", session.pk)).status_code == 403
    body = client_as(committee).get(url("session_report", session.pk)).content.decode()
    assert "办理情况报告" in body and "后勤处" in body and "100%" in body


def test_export_reads_back_with_numbers(client_as, committee, member, session, closed_proposal):
    from io import BytesIO

    from openpyxl import load_workbook

    assert client_as(member).get(url("session_export", session.pk)).status_code == 403
    r = client_as(committee).get(url("session_export", session.pk))
    assert r.status_code == 200
    wb = load_workbook(BytesIO(r.content))
    ws = wb["提案及答复"]
    header = [c.value for c in ws[2]]
    row = {h: c.value for h, c in zip(header, ws[3], strict=False)}
    assert row["编号"] == "六届四次-001"
    assert ws.column_dimensions["A"].width >= 13  # before: 8, the number printed as 六届四次-0
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True  # 16 columns print one page wide
    assert wb["办理情况"].auto_filter.ref is None  # several tables on one sheet: no filter on the first
    assert row["附议人数"] == 1 and isinstance(row["附议人数"], int)
    assert row["答复内容"] == "每年3月体检"
    assert row["评价"] == "基本满意"
    assert row["主办部门"] == "后勤处"
    report = wb["办理情况"]
    values = [[c.value for c in r] for r in report.iter_rows()]
    dept_row = next(v for v in values if v[0] == "后勤处")
    assert dept_row[2] == 1  # 立案, a number


def test_export_escapes_formulas(client_as, committee, make_proposal, member, session):
    from io import BytesIO

    from openpyxl import load_workbook

    make_proposal(member, state=S.REVIEW, title="=HYPERLINK(1)", submitted_at=timezone.now())
    wb = load_workbook(BytesIO(client_as(committee).get(url("session_export", session.pk)).content))
    assert wb["提案及答复"]["B3"].value == "'=HYPERLINK(1)"


def test_timeline_records_who_and_when(closed_proposal):
    t = ProposalTransition.objects.filter(proposal=closed_proposal, action="answer").get()
    assert t.by.username == "handler01" and t.from_state == S.HANDLING and t.to_state == S.RATING


def test_long_chinese_attachment_name_is_kept_for_download(client_as, member, session, category):
    name = "关于教职工体检情况的调查报告" * 8 + ".pdf"
    c = client_as(member)
    c.post(
        url("proposal_create"),
        {
            "session": session.pk, "category": category.pk, "title": "t", "reason": "r", "suggestion": "s",
            "attachments": [SimpleUploadedFile(name, b"%PDF-1.4 x", content_type="application/pdf")],
        },
    )  # fmt: skip
    att = Proposal.objects.get().attachments.get()
    assert att.name == name[:200] and len(att.file.name) < 100
    response = c.get(url("proposal_attachment", att.proposal_id, att.pk))
    assert response.status_code == 200


def test_proposal_detail_while_seconding_query_count(
    client_as, member, delegate, delegate2, make_proposal, make_member, django_assert_max_num_queries
):
    """The page delegates open most under load (reading before they second): its query count
    does not grow with the seconds, and an unfiled proposal skips the filing-stage sections."""
    from congress.models import Delegate

    p = make_proposal(member, state=S.SECONDING, submitted_at=timezone.now())
    for i in range(6):
        seconder = Delegate.objects.create(term=p.session.term, member=make_member(name=f"附议代表{i}"))
        Second.objects.create(proposal=p, member=seconder.member)
    client = client_as(delegate)
    # BASE, the proposal (with the delegate check for the 附议 button), its seconds and
    # attachments (one query, congress/records.py), timeline
    with django_assert_max_num_queries(BASE + 3):
        body = client.get(url("proposal_detail", p.pk)).content.decode()
    assert "附议代表5" in body and f'action="{url("proposal_action", p.pk, "second")}"' in body
    assert "承办部门" not in body and "办理答复" not in body


def test_merge_page_says_when_there_is_nothing_to_merge_into(client_as, committee, make_proposal, member):
    """The 并案 page offered an empty list; every try answered 这个字段是必填项."""
    p = make_proposal(member, state=ProposalState.REVIEW)
    r = client_as(committee).get(url("proposal_action", p.pk, "merge"), follow=True)
    assert "还没有已立案的提案，无法并案" in r.content.decode()
    make_proposal(member, state=ProposalState.FILED, seq=1, number="六届四次-001", title="建议增设教工食堂窗口")
    r = client_as(committee).get(url("proposal_action", p.pk, "merge"))
    assert r.status_code == 200 and "六届四次-001 建议增设教工食堂窗口" in r.content.decode()


def test_seconding_lists_only_proposals_that_can_still_be_seconded(client_as, delegate, member, make_proposal, session):
    """After the collection period a proposal left in 征集附议 was still offered as 阅读并附议,
    and its page had no 附议 button."""
    from congress.home import sections
    from congress.models import Session

    old = Session.objects.create(
        term=session.term,
        number=3,
        meeting_date=TODAY() - datetime.timedelta(days=100),
        collection_start=TODAY() - datetime.timedelta(days=140),
        collection_end=TODAY() - datetime.timedelta(days=110),
    )
    make_proposal(member, state=S.SECONDING, title="征集期内的提案", submitted_at=timezone.now())
    make_proposal(member, state=S.SECONDING, title="过期未附议满的提案", session=old, submitted_at=timezone.now())
    make_proposal(
        member,
        state=S.SECONDING,
        title="退回后重新提交的提案",
        session=old,
        submitted_at=timezone.now(),
        returned_at=timezone.now(),
    )
    body = client_as(delegate).get(url("seconding")).content.decode()
    assert "征集期内的提案" in body and "退回后重新提交的提案" in body
    assert "过期未附议满的提案" not in body
    waiting = [s for s in sections(delegate) if s.title == "等待我附议"][0]
    assert {t for t, _, _ in waiting.items} == {"征集期内的提案", "退回后重新提交的提案"}


def test_a_seconding_proposal_cannot_be_edited_after_the_collection_period(
    client_as, member, delegate, make_proposal, session
):
    """Editing cleared the seconds, and after the collection period nobody could second again:
    the proposal was stuck in 征集附议 for good."""
    p = make_proposal(member, state=S.SECONDING, submitted_at=timezone.now())
    Second.objects.create(proposal=p, member=delegate.member)
    c = client_as(member)
    body = c.get(url("proposal_edit", p.pk)).content.decode()
    assert "保存修改" in body and "保存草稿" not in body  # it is no longer a draft
    session.collection_start = TODAY() - datetime.timedelta(days=30)
    session.collection_end = TODAY() - datetime.timedelta(days=1)
    session.save()
    r = c.post(
        url("proposal_edit", p.pk),
        {"category": p.category_id, "title": "改过的标题", "reason": p.reason, "suggestion": p.suggestion},
        follow=True,
    )
    assert "征集附议中的提案不能再修改" in r.content.decode()
    p.refresh_from_db()
    assert p.title != "改过的标题" and p.seconds.count() == 1


def test_handling_report_shows_a_dash_when_nothing_was_rated(client_as, committee, member, session, make_proposal):
    """A department with no rated proposal printed 满意率 0%, as if every proposer were unhappy."""
    from members.models import Department

    dept = Department.objects.create(name="基建处")
    make_proposal(member, state=S.HANDLING, seq=1, number="六届四次-001", lead_department=dept, due_date=TODAY())
    body = client_as(committee).get(url("session_report", session.pk)).content.decode()
    row = body[body.index('">基建处</td>') :].split("</tr>")[0]
    assert ">—</td>" in row and "0%" not in row
