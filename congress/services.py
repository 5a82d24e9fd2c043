"""Multi-row writes outside the proposal state machine (which is congress/workflow.py):
drafting a proposal with attachments, the delegate roster import, 校务公开 notices and objections."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from congress.models import Delegate, Notice, NoticeAttachment, Objection, Proposal, ProposalAttachment, ProposalState
from congress.workflow import DUE_SOON_DAYS, WorkflowError, department_users
from members.models import Member
from unionhub.notifications import notify
from unionhub.permissions import member_of


class CongressError(Exception):
    """A refused write; the Chinese message is shown to the user."""


@transaction.atomic
def create_proposal(*, by, session, category, title, reason, suggestion, files=()):
    """A new draft (草稿) by the logged-in member, during the session's collection period."""
    me = member_of(by)
    if me is None:
        raise WorkflowError("您的账号未关联会员档案，不能提出提案。")
    if not session.is_collecting():
        raise WorkflowError(
            f"{session.name}不在提案征集期内（{session.collection_start} 至 {session.collection_end}）。"
        )
    proposal = Proposal.objects.create(
        session=session, category=category, title=title, reason=reason, suggestion=suggestion, proposer=me
    )
    add_attachments(proposal=proposal, files=files)
    return proposal


def add_attachments(*, proposal, files):
    for f in files:
        ProposalAttachment.objects.create(proposal=proposal, file=f, name=f.name[:200])


# ------------------------------------------------------------------ delegates


@transaction.atomic
def add_delegate(*, term, staff_no, delegation="", on_committee=False):
    member = Member.objects.in_union().filter(staff_no=(staff_no or "").strip()).first()
    if member is None:
        raise CongressError(f"工号“{staff_no}”不是在会会员。")
    if Delegate.objects.filter(term=term, member=member).exists():
        raise CongressError(f"{member.name}（{member.staff_no}）已是{term}代表。")
    return Delegate.objects.create(term=term, member=member, delegation=delegation, on_committee=on_committee)


DELEGATION_MAX = Delegate._meta.get_field("delegation").max_length


def read_delegate_rows(upload):
    """(row number, 工号, 代表团) for each data row of the first sheet; CongressError if unreadable."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        raise CongressError("无法读取该文件，请上传 Excel（.xlsx）文件。")
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [str(c or "").strip() for c in next(rows, [])]
    if "工号" not in header:
        raise CongressError("第 1 行（表头）缺少“工号”列。")
    i_no = header.index("工号")
    i_del = header.index("代表团") if "代表团" in header else None
    out = []
    for n, row in enumerate(rows, start=2):
        if row is None or all(c in (None, "") for c in row):
            continue
        no = row[i_no] if i_no < len(row) else None
        if isinstance(no, float) and no.is_integer():
            no = int(no)
        delegation = row[i_del] if i_del is not None and i_del < len(row) else ""
        out.append((n, str(no or "").strip(), str(delegation or "").strip()))
    return out


@transaction.atomic
def import_delegates(*, term, upload):
    """Import the roster (工号, 代表团). All rows or nothing: returns (created count, [])
    or raises CongressError listing every bad row by its row number."""
    rows = read_delegate_rows(upload)
    if not rows:
        raise CongressError("文件中没有数据行。")
    nos = [no for _, no, _ in rows]
    members = {m.staff_no: m for m in Member.objects.in_union().filter(staff_no__in=nos)}
    existing = set(Delegate.objects.filter(term=term).values_list("member__staff_no", flat=True))
    errors, seen, new = [], set(), []
    for n, no, delegation in rows:
        if not no:
            errors.append(f"第 {n} 行：工号为空。")
        elif no not in members:
            errors.append(f"第 {n} 行：工号“{no}”不是在会会员。")
        elif no in seen:
            errors.append(f"第 {n} 行：工号“{no}”在文件中重复。")
        elif no in existing:
            errors.append(f"第 {n} 行：{members[no].name}（{no}）已是{term}代表。")
        else:
            seen.add(no)
            if len(delegation) > DELEGATION_MAX:
                errors.append(f"第 {n} 行：代表团“{delegation[:10]}…”超过 {DELEGATION_MAX} 个字。")
            new.append(Delegate(term=term, member=members[no], delegation=delegation))
    if errors:
        raise CongressError("\n".join(errors))
    try:
        Delegate.objects.bulk_create(new)
    except IntegrityError:
        raise CongressError("导入时代表名单被他人修改，请重试。")
    return len(new)


# ------------------------------------------------------------------ 校务公开


@transaction.atomic
def save_notice(*, form, by, files=()):
    notice = form.save()
    for f in files:
        NoticeAttachment.objects.create(notice=notice, file=f, name=f.name[:200])
    return notice


@transaction.atomic
def publish_notice(*, notice, by):
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.state != Notice.State.DRAFT:
        raise CongressError(f"该公开事项当前为“{notice.get_state_display()}”，不能发布。")
    notice.state, notice.published_at, notice.published_by = Notice.State.PUBLISHED, timezone.now(), by
    notice.save(update_fields=["state", "published_at", "published_by"])
    return notice


@transaction.atomic
def withdraw_notice(*, notice, by):
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.state != Notice.State.PUBLISHED:
        raise CongressError(f"该公开事项当前为“{notice.get_state_display()}”，不能撤回。")
    notice.state = Notice.State.WITHDRAWN
    notice.save(update_fields=["state"])
    return notice


@transaction.atomic
def raise_objection(*, notice, by, text):
    me = member_of(by)
    if me is None:
        raise CongressError("只有会员可以提出异议。")
    if not notice.in_period():
        raise CongressError(f"公示期为 {notice.period_start} 至 {notice.period_end}，现在不在公示期内，不能提出异议。")
    text = (text or "").strip()
    if not text:
        raise CongressError("请填写异议内容。")
    objection = Objection.objects.create(notice=notice, member=me, text=text)
    if notice.published_by_id:
        notify(
            [notice.published_by],
            title=f"公开事项《{notice.title}》收到异议",
            url=_notice_url(notice),
            body=text[:200],
        )
    return objection


@transaction.atomic
def answer_objection(*, objection, by, answer):
    objection = (
        Objection.objects.select_for_update(of=("self",)).select_related("notice", "member__user").get(pk=objection.pk)
    )
    answer = (answer or "").strip()
    if not answer:
        raise CongressError("请填写答复内容。")
    if objection.is_answered:
        raise CongressError("该异议已答复。")
    objection.answer, objection.answered_by, objection.answered_at = answer, by, timezone.now()
    objection.save(update_fields=["answer", "answered_by", "answered_at"])
    notify(
        [objection.member.user],
        title=f"您对《{objection.notice.title}》的异议已答复",
        url=_notice_url(objection.notice),
        body=answer[:200],
    )
    return objection


def _notice_url(notice):
    from django.urls import reverse

    return reverse("congress:notice_detail", args=[notice.pk])


@transaction.atomic
def record_attendance(*, session, statuses):
    """statuses: {delegate id: Attendance.Status value} for delegates of the session's term. All or nothing."""
    from congress.models import Attendance

    delegates = set(session.term.delegates.filter(pk__in=statuses).values_list("pk", flat=True))
    unknown = set(statuses) - delegates
    if unknown:
        raise CongressError("名单中有不属于本届的代表，请刷新页面后重试。")
    bad = [v for v in statuses.values() if v not in Attendance.Status.values]
    if bad:
        raise CongressError("出席情况只能是出席、请假或缺席。")
    existing = {a.delegate_id: a for a in Attendance.objects.filter(session=session)}
    new, changed = [], []
    for delegate_id, status in statuses.items():
        row = existing.get(delegate_id)
        if row is None:
            new.append(Attendance(session=session, delegate_id=delegate_id, status=status))
        elif row.status != status:
            row.status = status
            changed.append(row)
    Attendance.objects.bulk_create(new)
    Attendance.objects.bulk_update(changed, ["status"])
    return len(new) + len(changed)


# ------------------------------------------------------------------ reminders


def send_due_reminders(*, today=None):
    """Tell the lead department about answers due within DUE_SOON_DAYS, once per due date.

    Returns the number of proposals reminded. Run daily by `manage.py notify_due_proposals`.
    """
    today = today or timezone.localdate()
    due = (
        Proposal.objects.filter(
            state=ProposalState.HANDLING,
            due_date__gte=today,
            due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        )
        .exclude(due_reminder_for=F("due_date"))
        .select_related("lead_department")
    )
    count = 0
    for p in due:
        with transaction.atomic():
            updated = (
                Proposal.objects.filter(pk=p.pk)
                .exclude(due_reminder_for=p.due_date)
                .update(due_reminder_for=p.due_date)
            )
            if not updated:
                continue
            days = (p.due_date - today).days
            when = "今天" if days == 0 else f"{days} 天后"
            notify(
                department_users([p.lead_department_id]),
                title=f"提案 {p.number} 答复期限将至（{when}）",
                url=p.get_absolute_url(),
                body=f"《{p.title}》答复期限 {p.due_date:%Y-%m-%d}，请及时答复。",
            )
            count += 1
    return count
