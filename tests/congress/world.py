"""Congress objects for the whole-site tests (tests/urlcatalog.py).

- a current term (第六届) with a session (六届四次) collecting proposals today;
- `delegate` (and the chair, who usually sits in the congress too) are delegates of the term;
- the proposal in URLs is `member`'s, waiting for seconds, with an attachment and a second
  by `delegate`;
- a closed proposal handled by the handler's department (assignment, answer, rating,
  落实情况) and one turned into an 意见建议 assigned to it, so every congress model has a row
  (the admin pages open them) and the handler has something of its own;
- a published notice in its 公示期 with an attachment and an objection by `member`, and a
  draft notice (the one the edit page opens).
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from congress.models import (
    Answer,
    AnswerType,
    Attendance,
    Delegate,
    Notice,
    NoticeAttachment,
    NoticeCategory,
    Objection,
    ProgressUpdate,
    Proposal,
    ProposalAssignment,
    ProposalAttachment,
    ProposalCategory,
    ProposalState,
    ProposalTransition,
    Rating,
    RatingResult,
    Second,
    Session,
    SessionItem,
    Suggestion,
    Term,
)

S = ProposalState


def populate(world):
    today = timezone.localdate()
    member = world.member.member
    handler_dept = world.handler.handler_department
    category = ProposalCategory.objects.get_or_create(name="福利待遇")[0]

    term = Term.objects.create(number=6, is_current=True, start_date=datetime.date(2023, 3, 1))
    session = Session.objects.create(
        term=term,
        number=4,
        meeting_date=today + datetime.timedelta(days=20),
        collection_start=today - datetime.timedelta(days=10),
        collection_end=today + datetime.timedelta(days=10),
        notes="会议备注",
    )
    delegate = Delegate.objects.create(term=term, member=world.delegate.member, delegation="语文教研组")
    Delegate.objects.create(term=term, member=world.chair.member, delegation="行政办公室", on_committee=True)
    item = SessionItem.objects.create(session=session, title="学校工作报告", kind=SessionItem.Kind.REPORT)
    attendance = Attendance.objects.create(session=session, delegate=delegate)

    proposal = Proposal.objects.create(
        session=session,
        category=category,
        proposer=member,
        title="建议为每位教师定期体检",
        reason="教师工作强度大，体检不规律。",
        suggestion="每年3月定为教职工体检月。",
        state=S.SECONDING,
        submitted_at=timezone.now(),
    )
    attachment = ProposalAttachment.objects.create(
        proposal=proposal, file=ContentFile(b"%PDF-1.4 test", name="a.pdf"), name="现状.pdf"
    )
    second = Second.objects.create(proposal=proposal, member=world.delegate.member)
    transition = ProposalTransition.objects.create(
        proposal=proposal,
        action="submit",
        action_label="提交",
        from_state=S.DRAFT,
        to_state=S.SECONDING,
        by=world.member,
        actor_name=world.member.name,
    )

    closed = Proposal.objects.create(
        session=session,
        category=category,
        proposer=member,
        title="建议增设教工子女暑期托管",
        reason="暑期双职工家庭照看困难。",
        suggestion="由工会牵头开设托管班。",
        state=S.CLOSED,
        seq=1,
        number="六届四次-001",
        submitted_at=timezone.now(),
        filed_at=timezone.now(),
        lead_department=handler_dept,
        due_date=today + datetime.timedelta(days=30),
    )
    assignment = ProposalAssignment.objects.create(proposal=closed, department=handler_dept, is_lead=True)
    answer = Answer.objects.create(
        proposal=closed,
        department=handler_dept,
        answer_type=AnswerType.PLANNED,
        text="已列入明年计划。",
        answered_by=world.handler,
    )
    rating = Rating.objects.create(
        proposal=closed, result=RatingResult.SATISFIED, comment="满意", rated_by=world.member
    )
    progress = ProgressUpdate.objects.create(proposal=closed, text="托管班已开班。", by=world.handler)

    rejected = Proposal.objects.create(
        session=session,
        category=category,
        proposer=member,
        title="建议食堂延长晚餐时间",
        reason="晚自习教师就餐不便。",
        suggestion="晚餐延长至19点。",
        state=S.SUGGESTION,
        submitted_at=timezone.now(),
    )
    suggestion = Suggestion.objects.create(
        proposal=rejected, status=Suggestion.Status.ASSIGNED, department=handler_dept
    )

    notice_category = NoticeCategory.objects.get_or_create(name="财务")[0]
    notice = Notice.objects.create(
        title="2026年工会经费收支公示",
        category=notice_category,
        content="收支明细见附件。",
        department=member.department,
        state=Notice.State.PUBLISHED,
        period_start=today - datetime.timedelta(days=2),
        period_end=today + datetime.timedelta(days=5),
        published_at=timezone.now(),
        published_by=world.officer,
    )
    notice_attachment = NoticeAttachment.objects.create(
        notice=notice, file=ContentFile(b"%PDF-1.4 test", name="b.pdf"), name="明细.pdf"
    )
    objection = Objection.objects.create(notice=notice, member=member, text="慰问支出为何增加？")
    world.draft_notice = Notice.objects.create(
        title="职称评聘结果公示（草稿）",
        category=notice_category,
        content="待审定。",
        department=member.department,
        period_start=today,
        period_end=today + datetime.timedelta(days=7),
    )

    world.term, world.session, world.proposal, world.notice = term, session, proposal, notice
    world.proposal_attachment, world.notice_attachment, world.objection = attachment, notice_attachment, objection
    for obj in (
        term,
        session,
        delegate,
        item,
        attendance,
        proposal,
        attachment,
        second,
        transition,
        assignment,
        answer,
        rating,
        progress,
        suggestion,
        notice,
        notice_attachment,
        objection,
    ):
        world.objects[type(obj)] = obj


KWARGS = {
    "congress:proposal_action": lambda w: {"pk": w.proposal.pk, "action": "withdraw"},
    "congress:proposal_attachment": lambda w: {"pk": w.proposal.pk, "attachment_pk": w.proposal_attachment.pk},
    "congress:notice_edit": lambda w: {"pk": w.draft_notice.pk},
    "congress:notice_state": lambda w: {"pk": w.notice.pk, "action": "withdraw"},
    "congress:objection_answer": lambda w: {"pk": w.notice.pk, "objection_pk": w.objection.pk},
    "congress:notice_attachment": lambda w: {"pk": w.notice.pk, "attachment_pk": w.notice_attachment.pk},
}
