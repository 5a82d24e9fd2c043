"""The proposal workflow (DOMAIN.md §2), in one place.

ACTIONS is the state machine table: for each action the states it starts from, the state it
leads to, who may perform it (ACTORS) and an extra guard. `check()` answers "may this user do
this now?" with a Chinese reason, `allowed_actions()` gives the buttons a page shows, and the
`perform_*` functions below do the work atomically: lock the proposal row, check again under
the lock, change the state, log the transition (who, when, from, to, comment) and notify.

| from      | action                         | to                          | who                          |
|-----------|--------------------------------|-----------------------------|------------------------------|
| 草稿      | 提交 submit                    | 征集附议 (待审查 if N = 0)  | proposer                     |
| 草稿/征集 | 修改 edit (clears seconds)     | unchanged                   | proposer                     |
| 征集附议  | 附议 second / 撤销附议 unsecond | 征集附议; 待审查 at N      | delegate of the term, not proposer |
| 待审查    | 退回修改 return (reason)       | 草稿                        | committee                    |
| 待审查    | 立案 file (numbered)           | 已立案                      | committee                    |
| 待审查    | 并案 merge into a filed one    | 已并案                      | committee                    |
| 待审查    | 不立案 reject (reason)         | 意见建议                    | committee                    |
| 已立案    | 交办 assign (lead, co, due)    | 办理中                      | committee                    |
| 办理中    | 答复 answer (text, type)       | 待评价                      | lead department              |
| 待评价    | 评价 rate                      | 已办结; 办理中 once if 不满意 | proposer                   |
| 已办结    | 落实情况 progress              | 已办结                      | an assigned department or committee |
| before 已立案 | 撤回 withdraw              | 已撤回                      | proposer                     |
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from congress.models import (
    NUMBERED_STATES,
    Answer,
    AnswerType,
    Delegate,
    Proposal,
    ProposalAssignment,
    ProposalAttachment,
    ProposalState,
    ProposalTransition,
    Rating,
    RatingResult,
    Second,
    Session,
    Suggestion,
)
from unionhub.notifications import notify
from unionhub.permissions import Role, is_committee, is_handler, member_of

S = ProposalState
REHANDLE_DAYS = 15  # a 不满意 rating gives the lead department this many days for the second round
DUE_SOON_DAYS = 3


class WorkflowError(Exception):
    """An action refused: the message is shown to the user as is."""


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: tuple
    target: str | None  # None: decided by the action (automatic review, rating)
    actor: str
    form: bool = False  # the action needs input: a form page before the POST
    confirm: bool = False  # destructive: a confirmation page
    style: str = "primary"


ACTIONS = {
    a.name: a
    for a in [
        Action("edit", "修改", (S.DRAFT, S.SECONDING), None, "proposer", form=True, style="outline-secondary"),
        Action("submit", "提交", (S.DRAFT,), S.SECONDING, "proposer"),
        Action("second", "附议", (S.SECONDING,), None, "delegate"),
        Action("unsecond", "撤销附议", (S.SECONDING,), S.SECONDING, "seconder", style="outline-secondary"),
        Action("return", "退回修改", (S.REVIEW,), S.DRAFT, "committee", form=True, style="outline-warning"),
        Action("file", "立案", (S.REVIEW,), S.FILED, "committee", style="success"),
        Action("merge", "并案", (S.REVIEW,), S.MERGED, "committee", form=True, style="outline-primary"),
        Action("reject", "不立案", (S.REVIEW,), S.SUGGESTION, "committee", form=True, style="outline-danger"),
        Action("assign", "交办", (S.FILED,), S.HANDLING, "committee", form=True),
        Action("answer", "答复", (S.HANDLING,), S.RATING, "lead_department", form=True),
        Action("rate", "评价", (S.RATING,), None, "proposer", form=True),
        Action("progress", "填报落实情况", (S.CLOSED,), S.CLOSED, "department_or_committee", form=True),
        Action(
            "withdraw", "撤回", (S.DRAFT, S.SECONDING, S.REVIEW), S.WITHDRAWN, "proposer", confirm=True, style="danger"
        ),
        Action("excellent", "评为优秀提案", NUMBERED_STATES, None, "committee", style="outline-success"),
        Action("unexcellent", "取消优秀提案", NUMBERED_STATES, None, "committee", style="outline-secondary"),
        Action("suggestion_assign", "交办意见建议", (S.SUGGESTION,), S.SUGGESTION, "committee", form=True),
        Action("suggestion_answer", "答复意见建议", (S.SUGGESTION,), S.SUGGESTION, "suggestion_department", form=True),
        Action("suggestion_close", "关闭意见建议", (S.SUGGESTION,), S.SUGGESTION, "committee", confirm=True),
    ]
}

ACTOR_REFUSALS = {
    "proposer": "只有提案人（领衔人）可以{label}。",
    "delegate": "只有本届教代会代表可以附议。",
    "seconder": "您尚未附议此提案。",
    "committee": "只有提案工作委员会可以{label}。",
    "lead_department": "只有主办部门可以答复此提案。",
    "department_or_committee": "只有承办部门或提案工作委员会可以{label}。",
    "suggestion_department": "只有交办的部门可以答复此意见建议。",
}


# ------------------------------------------------------------------ who is who


def is_proposer(proposal, user):
    me = member_of(user)
    return me is not None and me.pk == proposal.proposer_id


def viewer_facts(proposal, user):
    """Facts about `user` that a page loaded together with the proposal (congress.views:
    `_get_proposal_page`), so that the buttons cost no query each; None when not loaded (the
    workflow's own re-read under the lock never has them and asks the database)."""
    facts = getattr(proposal, "viewer_facts", None)
    if facts is None or user is None or facts.get("user_id") != user.pk:
        return None
    return facts


def is_term_delegate(term_id, user):
    """An active delegate of this term, and the term is the current one (本届代表)."""
    me = member_of(user)
    return (
        me is not None
        and Delegate.objects.filter(term_id=term_id, term__is_current=True, member=me, is_active=True).exists()
    )


def has_seconded(proposal, user):
    me = member_of(user)
    if me is None:
        return False
    facts = viewer_facts(proposal, user)
    if facts is not None:
        return me.pk in facts["seconder_ids"]
    return proposal.seconds.filter(member=me).exists()


def _is_actor(actor, proposal, user):
    facts = viewer_facts(proposal, user)
    if actor == "proposer":
        return is_proposer(proposal, user)
    if actor == "delegate":
        if facts is not None:
            return facts["is_delegate"]
        return is_term_delegate(proposal.session.term_id, user)
    if actor == "seconder":
        return has_seconded(proposal, user)
    if actor == "committee":
        return is_committee(user)
    if actor == "lead_department":
        return is_handler(user) and user.handler_department_id == proposal.lead_department_id
    if actor == "department_or_committee":
        if is_committee(user):
            return True
        if not is_handler(user):
            return False
        if facts is not None:
            return user.handler_department_id in facts["department_ids"]
        return proposal.assignments.filter(department_id=user.handler_department_id).exists()
    if actor == "suggestion_department":
        track = track_of(proposal)
        return is_handler(user) and track is not None and track.department_id == user.handler_department_id
    raise ValueError(actor)


def track_of(proposal):
    try:
        return proposal.suggestion_track
    except Suggestion.DoesNotExist:
        return None


# ------------------------------------------------------------------ guards


def open_for_seconds(today=None):
    """Proposals (in 征集附议) that may still be seconded: their session is collecting, or the
    committee returned them for revision (the same rule as the `second` guard below)."""
    from django.db.models import Q

    today = today or timezone.localdate()
    return Q(session__collection_start__lte=today, session__collection_end__gte=today) | Q(returned_at__isnull=False)


def _guard(action, proposal, user, today):
    """Extra conditions beyond state and actor; returns a refusal message or None."""
    session = proposal.session
    # a proposal the committee returned for revision was submitted in time: it may come back (and
    # be seconded again, if its edit cleared the seconds) after the collection period
    if action.name in ("submit", "second") and not session.is_collecting(today) and not proposal.returned_at:
        return (
            f"{session.name}的提案征集期为 {session.collection_start:%Y-%m-%d} 至 "
            f"{session.collection_end:%Y-%m-%d}，现在不在征集期内，不能{action.label}。"
        )
    if (
        action.name == "edit"
        and proposal.state == S.SECONDING
        and not session.is_collecting(today)
        and not proposal.returned_at
    ):
        # editing clears the seconds, and nobody may second after the collection period
        return f"{session.name}的提案征集期已于 {session.collection_end:%Y-%m-%d} 结束，征集附议中的提案不能再修改。"
    if action.name == "second":
        if is_proposer(proposal, user):
            return "提案人不能附议自己的提案。"
        if has_seconded(proposal, user):
            return "您已附议过此提案。"
    if action.name in ("excellent", "unexcellent"):
        if session.meeting_date > today:
            return "优秀提案在会议召开后评选。"
        if action.name == "excellent" and proposal.is_excellent:
            return "该提案已是优秀提案。"
        if action.name == "unexcellent" and not proposal.is_excellent:
            return "该提案不是优秀提案。"
    if action.name.startswith("suggestion_"):
        track = track_of(proposal)
        need = {
            "suggestion_assign": Suggestion.Status.NEW,
            "suggestion_answer": Suggestion.Status.ASSIGNED,
            "suggestion_close": Suggestion.Status.ANSWERED,
        }[action.name]
        if track is None or track.status != need:
            current = track.get_status_display() if track else "无"
            return f"意见建议当前为“{current}”，不能{action.label}。"
    return None


def refusal(proposal, name, user, today=None):
    """Why `user` may not perform action `name` on `proposal` now (Chinese), or None if allowed."""
    action = ACTIONS[name]
    if not user or not user.is_authenticated:
        return "请先登录。"
    if proposal.state not in action.sources:
        return f"提案当前状态为“{proposal.get_state_display()}”，不能{action.label}。"
    if not _is_actor(action.actor, proposal, user):
        return ACTOR_REFUSALS[action.actor].format(label=action.label)
    return _guard(action, proposal, user, today or timezone.localdate())


def check(proposal, name, user, today=None):
    reason = refusal(proposal, name, user, today)
    if reason:
        raise WorkflowError(reason)
    return ACTIONS[name]


def allowed_actions(proposal, user, today=None):
    """The actions to show as buttons on the proposal page."""
    return [
        a for a in ACTIONS.values() if proposal.state in a.sources and refusal(proposal, a.name, user, today) is None
    ]


def next_step(proposal):
    """What the proposal waits for, in a sentence (我的提案, home page)."""
    st = proposal.state
    if st == S.DRAFT:
        if proposal.returned_at:
            return "已被提案工作委员会退回修改（理由见办理过程），请修改后重新提交（征集期结束后也可提交）"
        return "草稿：请完善后提交"
    if st == S.SECONDING:
        n = getattr(proposal, "second_count", None)
        if n is None:
            n = proposal.seconds.count()
        need = proposal.session.seconds_required
        return f"征集附议中（{n}/{need}），还需 {max(need - n, 0)} 位代表附议"
    if st == S.REVIEW:
        return "等待提案工作委员会审查"
    if st == S.FILED:
        return "已立案，等待交办承办部门"
    if st == S.HANDLING:
        dept = proposal.lead_department.name if proposal.lead_department_id else ""
        due = f"，答复期限 {proposal.due_date:%Y-%m-%d}" if proposal.due_date else ""
        return f"{dept}办理中{due}" + ("（已逾期）" if proposal.is_overdue else "")
    if st == S.RATING:
        return "部门已答复，等待提案人评价"
    if st == S.CLOSED:
        return "已办结"
    if st == S.MERGED:
        return f"已并入提案 {proposal.merged_into.number}" if proposal.merged_into_id else "已并案"
    if st == S.SUGGESTION:
        track = track_of(proposal)
        return f"转为意见建议：{track.get_status_display()}" if track else "转为意见建议"
    return "已撤回"


# ------------------------------------------------------------------ helpers


def _lock(proposal):
    """Re-read the proposal under a row lock so two people cannot act on it at once."""
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("session", "session__term", "proposer", "proposer__user", "lead_department")
        .get(pk=proposal.pk)
    )


def _log(proposal, action, from_state, by, comment="", label=None):
    return ProposalTransition.objects.create(
        proposal=proposal,
        action=action,
        action_label=label or ACTIONS[action].label,
        from_state=from_state,
        to_state=proposal.state,
        by=by,
        actor_name=_actor_name(by, action),
        comment=comment,
    )


def _actor_name(by, action):
    if by is None:
        return "系统"
    name = by.get_full_name()
    if action in ("answer", "suggestion_answer") and getattr(by, "handler_department_id", None):
        return f"{name}（{by.handler_department.name}）"
    return name


def _set_state(proposal, state, **fields):
    proposal.state = state
    for k, v in fields.items():
        setattr(proposal, k, v)
    proposal.save(update_fields=["state", "updated_at", *fields])


def _parties(proposal):
    """Users of the proposer and the seconders (the people told about every state change)."""
    from unionhub.models import User

    return list(
        User.objects.filter(member__in=[proposal.proposer_id, *proposal.seconds.values_list("member_id", flat=True)])
    )


def department_users(department_ids):
    from unionhub.models import User

    return list(
        User.objects.filter(handler_department__in=department_ids, groups__name=Role.HANDLER, is_active=True).distinct()
    )


def committee_users():
    from unionhub.models import User

    return list(User.objects.filter(groups__name=Role.COMMITTEE, is_active=True).distinct())


def _tell_parties(proposal, by, what, body=""):
    users = [u for u in _parties(proposal) if u.pk != getattr(by, "pk", None)]
    notify(users, title=f"提案《{proposal.title}》{what}", url=proposal.get_absolute_url(), body=body)


def _require_text(value, message):
    value = (value or "").strip()
    if not value:
        raise WorkflowError(message)
    return value


# ------------------------------------------------------------------ actions


@transaction.atomic
def edit_proposal(*, proposal, by, title, category, reason, suggestion, add_files=(), remove_attachments=()):
    """修改 in 草稿 or 征集附议: the text, new attachments, attachments taken away. Changing any of
    them after seconds were given clears the seconds (the delegates seconded what they read)."""
    p = _lock(proposal)
    check(p, "edit", by)
    title = _require_text(title, "请填写案由（标题）。")
    reason = _require_text(reason, "请填写现状与理由。")
    suggestion = _require_text(suggestion, "请填写具体建议。")
    removed = list(p.attachments.filter(pk__in=[a.pk for a in remove_attachments]))
    changed = (p.title, p.category_id, p.reason, p.suggestion) != (title, category.pk, reason, suggestion)
    changed = changed or bool(add_files) or bool(removed)
    p.title, p.category, p.reason, p.suggestion = title, category, reason, suggestion
    p.save(update_fields=["title", "category", "reason", "suggestion", "updated_at"])
    for attachment in removed:
        stored, storage = attachment.file.name, attachment.file.storage
        attachment.delete()
        transaction.on_commit(lambda name=stored, storage=storage: storage.delete(name))
    for f in add_files:
        ProposalAttachment.objects.create(proposal=p, file=f, name=f.name[:200])
    if changed:
        what = "修改了提案内容"
        if removed:
            what += "（删除附件：" + "、".join(a.name for a in removed) + "）"
        cleared = p.seconds.count()
        if cleared:
            users = [u for u in _parties(p) if u.pk != by.pk]
            p.seconds.all().delete()
            _log(p, "edit", p.state, by, f"{what}，已有的 {cleared} 个附议已清除，需重新附议。")
            notify(
                users,
                title=f"提案《{p.title}》内容已修改，您的附议已清除",
                url=p.get_absolute_url(),
                body="如仍支持该提案，请重新附议。",
            )
        elif p.state != S.DRAFT:
            _log(p, "edit", p.state, by, f"{what}。")
    return p


@transaction.atomic
def submit_proposal(*, proposal, by):
    p = _lock(proposal)
    check(p, "submit", by)
    # a returned proposal keeps the time it was first submitted (within the collection period)
    _set_state(p, S.SECONDING, submitted_at=p.submitted_at or timezone.now())
    _log(p, "submit", S.DRAFT, by)
    _maybe_ready_for_review(p)
    return p


def _maybe_ready_for_review(p):
    """The automatic step: when seconds reach the session's threshold the proposal goes to 待审查."""
    count = p.seconds.count()
    if p.state == S.SECONDING and count >= p.session.seconds_required:
        _set_state(p, S.REVIEW)
        _log(p, "auto_review", S.SECONDING, None, f"附议人数达到 {count} 人", label="附议人数达到要求")
        _tell_parties(p, None, "已进入审查", "附议人数已达到要求，等待提案工作委员会审查。")
        notify(
            committee_users(),
            title=f"新提案待审查：《{p.title}》",
            url=p.get_absolute_url(),
            body=f"{p.session.name} · 领衔人 {p.proposer.name}",
        )


@transaction.atomic
def advance_seconded(session):
    """After the session's 所需附议人数 was lowered: proposals already seconded enough go to 待审查
    now (the automatic step otherwise only runs on a new second). Returns how many moved."""
    from django.db.models import Count

    ready = (
        Proposal.objects.filter(session=session, state=S.SECONDING)
        .annotate(n=Count("seconds"))
        .filter(n__gte=session.seconds_required)
        .values_list("pk", flat=True)
    )
    moved = 0
    for pk in list(ready):
        p = _lock(Proposal(pk=pk))
        _maybe_ready_for_review(p)
        moved += p.state == S.REVIEW
    return moved


@transaction.atomic
def second_proposal(*, proposal, by):
    p = _lock(proposal)
    check(p, "second", by)
    Second.objects.create(proposal=p, member=member_of(by))
    _log(p, "second", S.SECONDING, by)
    notify(
        [p.proposer.user] if p.proposer.user_id else [],
        title=f"{by.get_full_name()} 附议了您的提案《{p.title}》",
        url=p.get_absolute_url(),
    )
    _maybe_ready_for_review(p)
    return p


@transaction.atomic
def unsecond_proposal(*, proposal, by):
    p = _lock(proposal)
    check(p, "unsecond", by)
    p.seconds.filter(member=member_of(by)).delete()
    _log(p, "unsecond", S.SECONDING, by)
    return p


@transaction.atomic
def return_proposal(*, proposal, by, reason):
    p = _lock(proposal)
    check(p, "return", by)
    reason = _require_text(reason, "退回修改必须填写理由。")
    _set_state(p, S.DRAFT, returned_at=timezone.now())
    _log(p, "return", S.REVIEW, by, reason)
    _tell_parties(p, by, "被退回修改", f"理由：{reason}")
    return p


@transaction.atomic
def file_proposal(*, proposal, by):
    """立案: number the proposal per session (六届四次-001). The session row is locked while the
    next number is taken, and (session, seq) is unique in the database, so two committee members
    filing at the same moment get different numbers."""
    p = _lock(proposal)
    check(p, "file", by)
    session = Session.objects.select_for_update().get(pk=p.session_id)
    seq = (Proposal.objects.filter(session=session).aggregate(m=Max("seq"))["m"] or 0) + 1
    number = f"{session.name}-{seq:03d}"
    _set_state(p, S.FILED, seq=seq, number=number, filed_at=timezone.now())
    _log(p, "file", S.REVIEW, by, f"编号 {number}")
    _tell_parties(p, by, f"已立案（{number}）")
    return p


@transaction.atomic
def merge_proposal(*, proposal, by, into, comment=""):
    p = _lock(proposal)
    check(p, "merge", by)
    if into is None:
        raise WorkflowError("请选择要并入的提案。")
    into = Proposal.objects.select_for_update().get(pk=into.pk)
    if into.pk == p.pk or into.session_id != p.session_id or into.state not in NUMBERED_STATES:
        raise WorkflowError("只能并入本次会议已立案的其他提案。")
    _set_state(p, S.MERGED, merged_into=into)
    _log(p, "merge", S.REVIEW, by, f"并入 {into.number}《{into.title}》" + (f"；{comment}" if comment else ""))
    ProposalTransition.objects.create(
        proposal=into,
        action="merged_in",
        action_label="并入提案",
        from_state=into.state,
        to_state=into.state,
        by=by,
        actor_name=_actor_name(by, "merged_in"),
        comment=f"《{p.title}》（领衔人 {p.proposer.name}）并入本提案，其提案人和附议人一并列入。",
    )
    _tell_parties(p, by, f"已并入提案 {into.number}", f"并入《{into.title}》办理，您仍列为提案人/附议人。")
    return p


@transaction.atomic
def reject_proposal(*, proposal, by, reason):
    """不立案: the proposal becomes a 意见建议 with its own lighter track."""
    p = _lock(proposal)
    check(p, "reject", by)
    reason = _require_text(reason, "不立案必须填写理由（理由将告知提案人）。")
    _set_state(p, S.SUGGESTION)
    Suggestion.objects.create(proposal=p)
    _log(p, "reject", S.REVIEW, by, reason)
    _tell_parties(p, by, "不予立案，转为意见建议", f"理由：{reason}")
    return p


@transaction.atomic
def assign_proposal(*, proposal, by, lead, co_departments=(), due_date, today=None):
    p = _lock(proposal)
    check(p, "assign", by)
    today = today or timezone.localdate()
    if lead is None:
        raise WorkflowError("请选择主办部门。")
    if due_date is None:
        raise WorkflowError("请填写答复期限。")
    if due_date < today:
        raise WorkflowError("答复期限不能早于今天。")
    co = [d for d in co_departments if d.pk != lead.pk]
    ProposalAssignment.objects.create(proposal=p, department=lead, is_lead=True)
    ProposalAssignment.objects.bulk_create([ProposalAssignment(proposal=p, department=d) for d in co])
    _set_state(p, S.HANDLING, lead_department=lead, due_date=due_date)
    names = f"主办：{lead.name}" + (f"；协办：{'、'.join(d.name for d in co)}" if co else "")
    _log(p, "assign", S.FILED, by, f"{names}；答复期限 {due_date:%Y-%m-%d}")
    _tell_parties(p, by, f"已交办{lead.name}办理")
    notify(
        department_users([lead.pk, *(d.pk for d in co)]),
        title=f"本部门收到提案 {p.number}《{p.title}》",
        url=p.get_absolute_url(),
        body=f"{names}。请于 {due_date:%Y-%m-%d} 前由主办部门答复。",
    )
    return p


@transaction.atomic
def answer_proposal(*, proposal, by, text, answer_type):
    p = _lock(proposal)
    check(p, "answer", by)
    text = _require_text(text, "请填写答复内容。")
    if answer_type not in AnswerType.values:
        raise WorkflowError("请选择答复类型。")
    round_no = 2 if p.rehandled else 1
    Answer.objects.create(
        proposal=p, round=round_no, department=p.lead_department, answer_type=answer_type, text=text, answered_by=by
    )
    _set_state(p, S.RATING)
    _log(p, "answer", S.HANDLING, by, f"{AnswerType(answer_type).label}：{text}")
    _tell_parties(p, by, "已答复，请评价", f"{p.lead_department.name}：{text[:200]}")
    return p


@transaction.atomic
def rate_proposal(*, proposal, by, result, comment="", today=None):
    """评价. 不满意 sends the proposal back to the lead department once; after that it closes."""
    p = _lock(proposal)
    check(p, "rate", by)
    if result not in RatingResult.values:
        raise WorkflowError("请选择评价：满意、基本满意或不满意。")
    comment = (comment or "").strip()
    round_no = 2 if p.rehandled else 1
    Rating.objects.create(proposal=p, round=round_no, result=result, comment=comment, rated_by=by)
    label = RatingResult(result).label
    text = label + (f"：{comment}" if comment else "")
    if result == RatingResult.UNSATISFIED and not p.rehandled:
        today = today or timezone.localdate()
        due = max(p.due_date or today, today) + datetime.timedelta(days=REHANDLE_DAYS)
        _set_state(p, S.HANDLING, rehandled=True, due_date=due)
        _log(p, "rate", S.RATING, by, f"{text}（重新办理，答复期限 {due:%Y-%m-%d}）")
        notify(
            department_users([p.lead_department_id]),
            title=f"提案 {p.number} 评价不满意，请重新办理",
            url=p.get_absolute_url(),
            body=f"{text}。请于 {due:%Y-%m-%d} 前再次答复。",
        )
    else:
        _set_state(p, S.CLOSED)
        _log(p, "rate", S.RATING, by, text)
        notify(
            department_users([p.lead_department_id]), title=f"提案 {p.number} 评价：{label}", url=p.get_absolute_url()
        )
    _tell_parties(p, by, f"评价：{label}")
    return p


@transaction.atomic
def add_progress(*, proposal, by, text):
    from congress.models import ProgressUpdate

    p = _lock(proposal)
    check(p, "progress", by)
    text = _require_text(text, "请填写落实情况。")
    ProgressUpdate.objects.create(proposal=p, text=text, by=by)
    _log(p, "progress", S.CLOSED, by, text)
    _tell_parties(p, by, "有新的落实情况")
    return p


@transaction.atomic
def withdraw_proposal(*, proposal, by):
    p = _lock(proposal)
    from_state = p.state
    check(p, "withdraw", by)
    _set_state(p, S.WITHDRAWN)
    _log(p, "withdraw", from_state, by)
    _tell_parties(p, by, "已被提案人撤回")
    return p


@transaction.atomic
def set_excellent(*, proposal, by, excellent=True):
    p = _lock(proposal)
    name = "excellent" if excellent else "unexcellent"
    check(p, name, by)
    p.is_excellent = excellent
    p.save(update_fields=["is_excellent", "updated_at"])
    _log(p, name, p.state, by)
    if excellent:
        _tell_parties(p, by, "被评为优秀提案")
    return p


@transaction.atomic
def assign_suggestion(*, proposal, by, department):
    p = _lock(proposal)
    check(p, "suggestion_assign", by)
    if department is None:
        raise WorkflowError("请选择承办部门。")
    track = p.suggestion_track
    track.department = department
    track.status = Suggestion.Status.ASSIGNED
    track.save(update_fields=["department", "status"])
    _log(p, "suggestion_assign", S.SUGGESTION, by, f"交办{department.name}")
    notify(department_users([department.pk]), title=f"本部门收到意见建议《{p.title}》", url=p.get_absolute_url())
    return p


@transaction.atomic
def answer_suggestion(*, proposal, by, text):
    p = _lock(proposal)
    check(p, "suggestion_answer", by)
    text = _require_text(text, "请填写答复内容。")
    track = p.suggestion_track
    track.answer, track.answered_by, track.answered_at = text, by, timezone.now()
    track.status = Suggestion.Status.ANSWERED
    track.save(update_fields=["answer", "answered_by", "answered_at", "status"])
    _log(p, "suggestion_answer", S.SUGGESTION, by, text)
    _tell_parties(p, by, "（意见建议）已答复", text[:200])
    return p


@transaction.atomic
def close_suggestion(*, proposal, by):
    p = _lock(proposal)
    check(p, "suggestion_close", by)
    track = p.suggestion_track
    track.status, track.closed_at = Suggestion.Status.CLOSED, timezone.now()
    track.save(update_fields=["status", "closed_at"])
    _log(p, "suggestion_close", S.SUGGESTION, by)
    return p
