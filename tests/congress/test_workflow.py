"""The proposal state machine (DOMAIN.md §2): every transition for the right actor, and refusals
for the wrong actor, the wrong state and each guard."""

import datetime

import pytest
from django.utils import timezone

from congress import services
from congress import workflow as wf
from congress.models import (
    AnswerType,
    ProposalState,
    ProposalTransition,
    RatingResult,
    Second,
    Suggestion,
)
from unionhub.models import Notification

S = ProposalState
TODAY = timezone.localdate


@pytest.fixture
def people(member, delegate, delegate2, committee, handler, other_member):
    return {
        "member": member,
        "delegate": delegate,
        "delegate2": delegate2,
        "committee": committee,
        "handler": handler,
        "other": other_member,
    }


def advance(p, to, people, other_department):
    """Drive proposal p through the real workflow up to state `to`."""
    order = [S.SECONDING, S.REVIEW, S.FILED, S.HANDLING, S.RATING, S.CLOSED]
    steps = {
        S.SECONDING: lambda: wf.submit_proposal(proposal=p, by=people["member"]),
        S.REVIEW: lambda: (
            wf.second_proposal(proposal=p, by=people["delegate"]),
            wf.second_proposal(proposal=p, by=people["delegate2"]),
        ),
        S.FILED: lambda: wf.file_proposal(proposal=p, by=people["committee"]),
        S.HANDLING: lambda: wf.assign_proposal(
            proposal=p, by=people["committee"], lead=other_department, due_date=TODAY() + datetime.timedelta(days=10)
        ),
        S.RATING: lambda: wf.answer_proposal(
            proposal=p, by=people["handler"], text="已安排每年3月体检。", answer_type=AnswerType.SOLVED
        ),
        S.CLOSED: lambda: wf.rate_proposal(proposal=p, by=people["member"], result=RatingResult.SATISFIED),
    }
    for state in order[: order.index(to) + 1]:
        steps[state]()
    p.refresh_from_db()
    assert p.state == to
    return p


@pytest.fixture
def at(draft, people, other_department):
    def go(state):
        return advance(draft, state, people, other_department)

    return go


def refused(fn, message_part, **kwargs):
    with pytest.raises(wf.WorkflowError) as exc:
        fn(**kwargs)
    assert message_part in str(exc.value)


# ------------------------------------------------------------------ happy path


def test_full_journey_is_logged_as_a_timeline(at, draft):
    p = at(S.CLOSED)
    log = list(ProposalTransition.objects.filter(proposal=p).values_list("action", "from_state", "to_state"))
    assert log == [
        ("submit", S.DRAFT, S.SECONDING),
        ("second", S.SECONDING, S.SECONDING),
        ("second", S.SECONDING, S.SECONDING),
        ("auto_review", S.SECONDING, S.REVIEW),
        ("file", S.REVIEW, S.FILED),
        ("assign", S.FILED, S.HANDLING),
        ("answer", S.HANDLING, S.RATING),
        ("rate", S.RATING, S.CLOSED),
    ]
    assert ProposalTransition.objects.filter(proposal=p, action="submit").get().by.username == "member01"


def test_seconds_reaching_threshold_moves_to_review_automatically(at, draft, people):
    p = at(S.SECONDING)
    wf.second_proposal(proposal=p, by=people["delegate"])
    p.refresh_from_db()
    assert p.state == S.SECONDING
    wf.second_proposal(proposal=p, by=people["delegate2"])
    p.refresh_from_db()
    assert p.state == S.REVIEW
    # the committee is told there is a proposal to review
    assert Notification.objects.filter(user=people["committee"], title__contains="待审查").exists()


def test_threshold_is_configurable_per_session(draft, session, people):
    session.seconds_required = 1
    session.save()
    wf.submit_proposal(proposal=draft, by=people["member"])
    wf.second_proposal(proposal=draft, by=people["delegate"])
    draft.refresh_from_db()
    assert draft.state == S.REVIEW


def test_unsecond_removes_the_second(at, people):
    p = at(S.SECONDING)
    wf.second_proposal(proposal=p, by=people["delegate"])
    wf.unsecond_proposal(proposal=p, by=people["delegate"])
    assert not p.seconds.exists()
    refused(wf.unsecond_proposal, "尚未附议", proposal=p, by=people["delegate"])


def test_return_requires_reason_and_goes_back_to_draft(at, people):
    p = at(S.REVIEW)
    refused(wf.return_proposal, "必须填写理由", proposal=p, by=people["committee"], reason="  ")
    p.refresh_from_db()
    assert p.state == S.REVIEW
    wf.return_proposal(proposal=p, by=people["committee"], reason="请写明具体办法")
    p.refresh_from_db()
    assert p.state == S.DRAFT
    assert p.transitions.last().comment == "请写明具体办法"
    assert Notification.objects.filter(user=people["member"], body__contains="请写明具体办法").exists()


def test_file_numbers_per_session(at, make_proposal, people):
    p = at(S.FILED)
    assert p.number == "六届四次-001"
    second = make_proposal(people["other"], state=S.REVIEW, title="建议增设教工书屋")
    wf.file_proposal(proposal=second, by=people["committee"])
    second.refresh_from_db()
    assert second.number == "六届四次-002"


def test_merge_keeps_everyone_credited(at, make_proposal, people, delegate2):
    target = at(S.FILED)
    other = make_proposal(people["other"], state=S.REVIEW, title="建议组织教职工体检")
    Second.objects.create(proposal=other, member=people["delegate2"].member)
    refused(wf.merge_proposal, "请选择", proposal=other, by=people["committee"], into=None)
    refused(wf.merge_proposal, "已立案的其他提案", proposal=other, by=people["committee"], into=other)
    wf.merge_proposal(proposal=other, by=people["committee"], into=target)
    other.refresh_from_db()
    assert other.state == S.MERGED and other.merged_into == target
    credited = set(target.credited_members().values_list("staff_no", flat=True))
    assert {"member01", "member02", "delegate01", "delegate02"} <= credited
    assert target.transitions.filter(action="merged_in").exists()


def test_merge_refuses_a_target_that_is_not_filed(make_proposal, people):
    a = make_proposal(people["member"], state=S.REVIEW)
    b = make_proposal(people["other"], state=S.REVIEW, title="另一件")
    refused(wf.merge_proposal, "已立案的其他提案", proposal=b, by=people["committee"], into=a)


def test_reject_requires_reason_and_creates_suggestion(at, people, other_department):
    p = at(S.REVIEW)
    refused(wf.reject_proposal, "必须填写理由", proposal=p, by=people["committee"], reason="")
    wf.reject_proposal(proposal=p, by=people["committee"], reason="属于个人诉求")
    p.refresh_from_db()
    assert p.state == S.SUGGESTION
    assert p.suggestion_track.status == Suggestion.Status.NEW
    # the lighter track: assigned, answered, closed
    refused(wf.answer_suggestion, "只有交办的部门", proposal=p, by=people["handler"], text="x")
    wf.assign_suggestion(proposal=p, by=people["committee"], department=other_department)
    refused(wf.close_suggestion, "不能关闭", proposal=p, by=people["committee"])
    wf.answer_suggestion(proposal=p, by=people["handler"], text="已转告相关老师")
    wf.close_suggestion(proposal=p, by=people["committee"])
    p.refresh_from_db()
    assert p.suggestion_track.status == Suggestion.Status.CLOSED
    assert p.state == S.SUGGESTION


def test_assign_sets_lead_co_and_due_date_and_tells_the_department(at, people, department, other_department):
    p = at(S.FILED)
    refused(wf.assign_proposal, "主办部门", proposal=p, by=people["committee"], lead=None, due_date=TODAY())
    refused(wf.assign_proposal, "答复期限", proposal=p, by=people["committee"], lead=other_department, due_date=None)
    refused(
        wf.assign_proposal,
        "不能早于今天",
        proposal=p,
        by=people["committee"],
        lead=other_department,
        due_date=TODAY() - datetime.timedelta(days=1),
    )
    due = TODAY() + datetime.timedelta(days=14)
    wf.assign_proposal(
        proposal=p, by=people["committee"], lead=other_department, co_departments=[department], due_date=due
    )
    p.refresh_from_db()
    assert p.state == S.HANDLING and p.lead_department == other_department and p.due_date == due
    assert {(a.department_id, a.is_lead) for a in p.assignments.all()} == {
        (other_department.pk, True),
        (department.pk, False),
    }
    assert Notification.objects.filter(user=people["handler"], title__contains="本部门收到提案").count() == 1


def test_answer_requires_text_and_type(at, people):
    p = at(S.HANDLING)
    refused(wf.answer_proposal, "答复内容", proposal=p, by=people["handler"], text="", answer_type="solved")
    refused(wf.answer_proposal, "答复类型", proposal=p, by=people["handler"], text="好", answer_type="")
    wf.answer_proposal(proposal=p, by=people["handler"], text="列入明年计划", answer_type=AnswerType.PLANNED)
    p.refresh_from_db()
    assert p.state == S.RATING
    assert p.answers.get().get_answer_type_display() == "列入计划"


def test_unsatisfied_rating_rehandles_once_then_closes(at, people):
    p = at(S.RATING)
    wf.rate_proposal(proposal=p, by=people["member"], result=RatingResult.UNSATISFIED, comment="没有时间表")
    p.refresh_from_db()
    assert p.state == S.HANDLING and p.rehandled
    assert p.due_date > TODAY()
    wf.answer_proposal(proposal=p, by=people["handler"], text="明年3月实施", answer_type=AnswerType.SOLVED)
    wf.rate_proposal(proposal=p, by=people["member"], result=RatingResult.UNSATISFIED)
    p.refresh_from_db()
    assert p.state == S.CLOSED
    assert list(p.ratings.values_list("round", flat=True)) == [1, 2]
    assert list(p.answers.values_list("round", flat=True)) == [1, 2]


def test_rating_needs_a_valid_result(at, people):
    p = at(S.RATING)
    refused(wf.rate_proposal, "请选择评价", proposal=p, by=people["member"], result="great")


def test_progress_by_department_or_committee_after_closing(at, people, other_member):
    p = at(S.CLOSED)
    wf.add_progress(proposal=p, by=people["handler"], text="体检已完成")
    wf.add_progress(proposal=p, by=people["committee"], text="已纳入制度")
    assert p.progress.count() == 2
    refused(wf.add_progress, "只有承办部门或提案工作委员会", proposal=p, by=other_member, text="x")


@pytest.mark.parametrize("state", [S.DRAFT, S.SECONDING, S.REVIEW])
def test_proposer_may_withdraw_before_filing(at, draft, people, state):
    p = draft if state == S.DRAFT else at(state)
    wf.withdraw_proposal(proposal=p, by=people["member"])
    p.refresh_from_db()
    assert p.state == S.WITHDRAWN
    assert p.transitions.last().from_state == state


def test_withdraw_refused_after_filing(at, people):
    p = at(S.FILED)
    refused(wf.withdraw_proposal, "不能撤回", proposal=p, by=people["member"])


def test_editing_after_seconds_clears_them(at, category, people):
    p = at(S.SECONDING)
    wf.second_proposal(proposal=p, by=people["delegate"])
    wf.edit_proposal(
        proposal=p, by=people["member"], title="建议每年为教师体检", category=category, reason=p.reason,
        suggestion=p.suggestion,
    )  # fmt: skip
    assert not p.seconds.exists()
    assert "附议已清除" in p.transitions.last().comment
    assert Notification.objects.filter(user=people["delegate"], title__contains="附议已清除").exists()


def test_editing_without_change_keeps_seconds(at, category, people):
    p = at(S.SECONDING)
    wf.second_proposal(proposal=p, by=people["delegate"])
    wf.edit_proposal(
        proposal=p, by=people["member"], title=p.title, category=category, reason=p.reason, suggestion=p.suggestion
    )
    assert p.seconds.count() == 1


def test_excellent_flag_after_the_session(at, session, people):
    p = at(S.CLOSED)
    refused(wf.set_excellent, "会议召开后", proposal=p, by=people["committee"])
    session.meeting_date = TODAY() - datetime.timedelta(days=1)
    session.save()
    refused(wf.set_excellent, "提案工作委员会", proposal=p, by=people["member"])
    wf.set_excellent(proposal=p, by=people["committee"])
    p.refresh_from_db()
    assert p.is_excellent
    wf.set_excellent(proposal=p, by=people["committee"], excellent=False)
    p.refresh_from_db()
    assert not p.is_excellent


# ------------------------------------------------------------------ refusals: actor


def test_only_the_proposer_submits(draft, people):
    refused(wf.submit_proposal, "只有提案人", proposal=draft, by=people["other"])
    refused(wf.submit_proposal, "只有提案人", proposal=draft, by=people["committee"])


def test_seconder_must_be_a_delegate_of_the_term(at, people, make_user, make_proposal, delegate):
    p = at(S.SECONDING)
    refused(wf.second_proposal, "只有本届教代会代表", proposal=p, by=people["other"])
    refused(wf.second_proposal, "只有本届教代会代表", proposal=p, by=people["committee"])


def test_inactive_delegate_cannot_second(at, people):
    p = at(S.SECONDING)
    people["delegate"].member.delegate_terms.update(is_active=False)
    refused(wf.second_proposal, "只有本届教代会代表", proposal=p, by=people["delegate"])


def test_delegate_of_another_term_cannot_second(at, people):
    from congress.models import Delegate, Term

    p = at(S.SECONDING)
    old = Term.objects.create(number=5)
    Delegate.objects.create(term=old, member=people["other"].member)
    refused(wf.second_proposal, "只有本届教代会代表", proposal=p, by=people["other"])


def test_delegates_of_a_term_that_is_no_longer_current_cannot_second(at, people, term):
    p = at(S.SECONDING)
    term.is_current = False
    term.save()
    refused(wf.second_proposal, "只有本届教代会代表", proposal=p, by=people["delegate"])


def test_proposer_cannot_second_own_proposal(delegate, make_proposal, people):
    p = make_proposal(delegate)
    wf.submit_proposal(proposal=p, by=delegate)
    refused(wf.second_proposal, "不能附议自己的提案", proposal=p, by=delegate)


def test_cannot_second_twice(at, people):
    p = at(S.SECONDING)
    wf.second_proposal(proposal=p, by=people["delegate"])
    refused(wf.second_proposal, "已附议过", proposal=p, by=people["delegate"])


@pytest.mark.parametrize("name", ["return", "file", "merge", "reject"])
def test_only_committee_reviews(at, people, name):
    p = at(S.REVIEW)
    for who in ("member", "delegate", "handler"):
        assert "只有提案工作委员会" in wf.refusal(p, name, people[who])
    assert wf.refusal(p, name, people["committee"]) is None


def test_only_committee_assigns(at, people, other_department):
    p = at(S.FILED)
    refused(
        wf.assign_proposal, "只有提案工作委员会", proposal=p, by=people["handler"], lead=other_department,
        due_date=TODAY(),
    )  # fmt: skip


def test_only_the_lead_department_answers(at, people, make_user, department):
    from unionhub.permissions import Role

    p = at(S.HANDLING)
    wrong_dept = make_user("handler02", Role.HANDLER, handler_department=department)
    refused(wf.answer_proposal, "只有主办部门", proposal=p, by=wrong_dept, text="x", answer_type="solved")
    refused(wf.answer_proposal, "只有主办部门", proposal=p, by=people["committee"], text="x", answer_type="solved")


def test_co_department_cannot_answer(at, people, make_user, department, other_department):
    from unionhub.permissions import Role

    p = at(S.FILED)
    wf.assign_proposal(
        proposal=p, by=people["committee"], lead=other_department, co_departments=[department], due_date=TODAY()
    )
    co = make_user("handler02", Role.HANDLER, handler_department=department)
    refused(wf.answer_proposal, "只有主办部门", proposal=p, by=co, text="x", answer_type="solved")


def test_only_the_proposer_rates(at, people):
    p = at(S.RATING)
    refused(wf.rate_proposal, "只有提案人", proposal=p, by=people["committee"], result="satisfied")
    refused(wf.rate_proposal, "只有提案人", proposal=p, by=people["delegate"], result="satisfied")


def test_only_the_proposer_withdraws(at, people):
    p = at(S.SECONDING)
    refused(wf.withdraw_proposal, "只有提案人", proposal=p, by=people["committee"])


# ------------------------------------------------------------------ refusals: state and guards


@pytest.mark.parametrize(
    "state,name",
    [
        (S.DRAFT, "second"),
        (S.DRAFT, "file"),
        (S.SECONDING, "submit"),
        (S.SECONDING, "file"),
        (S.REVIEW, "second"),
        (S.REVIEW, "assign"),
        (S.FILED, "file"),
        (S.FILED, "answer"),
        (S.HANDLING, "rate"),
        (S.RATING, "answer"),
        (S.CLOSED, "rate"),
        (S.CLOSED, "withdraw"),
    ],
)
def test_action_refused_in_the_wrong_state(at, draft, people, state, name):
    p = draft if state == S.DRAFT else at(state)
    for user in people.values():
        reason = wf.refusal(p, name, user)
        assert reason is not None
    assert "当前状态为" in wf.refusal(p, name, people["committee"] if name != "submit" else people["member"])


def test_submit_outside_collection_period_refused(draft, session, people):
    session.collection_start = TODAY() - datetime.timedelta(days=30)
    session.collection_end = TODAY() - datetime.timedelta(days=1)
    session.save()
    refused(wf.submit_proposal, "不在征集期内", proposal=draft, by=people["member"])
    draft.refresh_from_db()
    assert draft.state == S.DRAFT


def test_second_outside_collection_period_refused(at, session, people):
    p = at(S.SECONDING)
    session.collection_end = TODAY() - datetime.timedelta(days=1)
    session.collection_start = TODAY() - datetime.timedelta(days=9)
    session.save()
    refused(wf.second_proposal, "不在征集期内", proposal=p, by=people["delegate"])


def _close_collection(session):
    session.collection_start = TODAY() - datetime.timedelta(days=20)
    session.collection_end = TODAY() - datetime.timedelta(days=1)
    session.save()


def test_returned_proposal_comes_back_after_collection_closed(at, session, people):
    """The committee reviews after the collection period; 退回修改 must not strand the proposal."""
    p = at(S.REVIEW)
    submitted = p.submitted_at
    _close_collection(session)
    wf.return_proposal(proposal=p, by=people["committee"], reason="请写明具体办法")
    p.refresh_from_db()
    assert "请修改后重新提交" in wf.next_step(p)
    wf.edit_proposal(
        proposal=p, by=people["member"], title=p.title, category=p.category, reason=p.reason, suggestion="每年3月体检"
    )
    assert not p.seconds.exists()  # the text changed: the delegates must second it again
    wf.submit_proposal(proposal=p, by=people["member"])
    wf.second_proposal(proposal=p, by=people["delegate"])
    wf.second_proposal(proposal=p, by=people["delegate2"])
    p.refresh_from_db()
    assert p.state == S.REVIEW and p.submitted_at == submitted


def test_returned_proposal_resubmitted_unchanged_keeps_its_seconds(at, session, people):
    p = at(S.REVIEW)
    _close_collection(session)
    wf.return_proposal(proposal=p, by=people["committee"], reason="请补充附件")
    wf.submit_proposal(proposal=p, by=people["member"])
    p.refresh_from_db()
    assert p.state == S.REVIEW and p.seconds.count() == 2


def test_proposal_never_returned_cannot_collect_seconds_late(at, session, people, make_proposal):
    late = make_proposal(people["other"], state=S.SECONDING, submitted_at=timezone.now())
    _close_collection(session)
    refused(wf.second_proposal, "不在征集期内", proposal=late, by=people["delegate"])


def test_allowed_actions_match_the_buttons(at, people):
    p = at(S.REVIEW)
    assert {a.name for a in wf.allowed_actions(p, people["committee"])} == {"return", "file", "merge", "reject"}
    assert {a.name for a in wf.allowed_actions(p, people["member"])} == {"withdraw"}
    assert wf.allowed_actions(p, people["handler"]) == []


def test_next_step_sentences(draft, people):
    assert wf.next_step(draft) == "草稿：请完善后提交"
    wf.submit_proposal(proposal=draft, by=people["member"])
    wf.second_proposal(proposal=draft, by=people["delegate"])
    draft.refresh_from_db()
    assert wf.next_step(draft) == "征集附议中（1/2），还需 1 位代表附议"


def test_next_step_while_handling(at):
    p = at(S.HANDLING)
    assert wf.next_step(p).startswith("后勤处办理中，答复期限")


# ------------------------------------------------------------------ notifications


def test_state_changes_notify_proposer_and_seconders(at, people):
    at(S.FILED)
    for who in ("member", "delegate", "delegate2"):
        assert Notification.objects.filter(user=people[who], title__contains="已立案").exists()
    # the actor is not told about their own action
    assert not Notification.objects.filter(user=people["committee"], title__contains="已立案").exists()


def test_due_reminders_once_per_due_date(at, people):
    p = at(S.HANDLING)
    p.due_date = TODAY() + datetime.timedelta(days=2)
    p.save()
    assert services.send_due_reminders() == 1
    assert services.send_due_reminders() == 0
    assert Notification.objects.filter(user=people["handler"], title__contains="答复期限将至").count() == 1


def test_due_reminders_skip_far_and_answered(at, people):
    p = at(S.HANDLING)
    p.due_date = TODAY() + datetime.timedelta(days=4)
    p.save()
    assert services.send_due_reminders() == 0
    p.due_date = TODAY() + datetime.timedelta(days=1)
    p.state = S.RATING
    p.save()
    assert services.send_due_reminders() == 0


def test_notify_due_proposals_command(at, people):
    from io import StringIO

    from django.core.management import call_command

    p = at(S.HANDLING)
    p.due_date = TODAY()
    p.save()
    out = StringIO()
    call_command("notify_due_proposals", stdout=out)
    assert "1" in out.getvalue()
    assert Notification.objects.filter(user=people["handler"], title__contains="今天").exists()
