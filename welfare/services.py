"""Writes in welfare: visits checked against the year's standard, festival lists, hardship files,
the aid workflow and the access log. Each function is atomic and raises WelfareError (Chinese)."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from members.models import Member, WorkStatus
from welfare.models import (
    AccessLog,
    AidApplication,
    AidStep,
    HardshipFile,
    Occasion,
    Standard,
    Visit,
)


class WelfareError(Exception):
    """A rule was broken; str(error) is the Chinese message shown to the user."""


class StandardViolation(WelfareError):
    """The visit breaks the year's 慰问标准; `problems` lists each rule broken."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("不符合慰问标准：" + "；".join(problems) + "。如确需超标准慰问，请填写“超标准例外说明”。")


# the earliest date a visit, a standard or a file may carry: the standards page starts at 2000,
# and a typo such as 0026-11-28 must not slip past the yearly standard (there is none for year 26)
EARLIEST = datetime.date(2000, 1, 1)


def past_date_problem(day, label):
    """Dates of something that already happened: not after today, nor before 2000 (a year typo)."""
    if day and day > timezone.localdate():
        return f"{label}不能晚于今天。"
    if day and day < EARLIEST:
        return f"{label}不能早于 {EARLIEST.year} 年，请检查年份。"
    return None


def year_ahead_problem(day, label):
    """Dates that may lie ahead (a festival, a scheduled operation) but not beyond a year, nor before 2000."""
    last = timezone.localdate() + datetime.timedelta(days=366)
    if day and not EARLIEST <= day <= last:
        return f"{label}应在 {EARLIEST:%Y-%m-%d} 至 {last:%Y-%m-%d} 之间，请检查年份。"
    return None


def _money(value):
    return f"{Decimal(value):,.2f}"


def standard_for(occasion, year):
    return Standard.objects.filter(occasion=occasion, year=year).first()


def standard_problems(*, member, occasion, form, amount, day, exclude_visit_id=None):
    """The rules of `day`'s year this visit would break (empty list = within the standard)."""
    standard = standard_for(occasion, day.year)
    if standard is None:
        return []
    amount = Decimal(amount or 0)
    problems = []
    label = f"{day.year}年“{occasion.name}”标准"
    if amount > standard.max_amount:
        problems.append(f"金额 {_money(amount)} 元超过{label}上限 {_money(standard.max_amount)} 元")
    if standard.goods_only and form == Visit.Form.CASH and amount > 0:
        problems.append(f"{label}规定仅限慰问品，不能发放慰问金")
    if standard.max_times is not None:
        earlier = Visit.objects.done().filter(member=member, occasion=occasion, visit_date__year=day.year)
        if exclude_visit_id:
            earlier = earlier.exclude(pk=exclude_visit_id)
        count = earlier.count()
        if count >= standard.max_times:
            problems.append(
                f"{member.name}{day.year}年已有 {count} 次“{occasion.name}”慰问，{label}每人每年最多 {standard.max_times} 次"
            )
    return problems


def _check_standard(visit, exception_reason):
    """Refuse a visit that breaks the standard unless an exception reason is given."""
    # Lock the member row so two officers cannot both record the last allowed visit.
    Member.objects.select_for_update().filter(pk=visit.member_id).first()
    problems = standard_problems(
        member=visit.member,
        occasion=visit.occasion,
        form=visit.form,
        amount=visit.amount,
        day=visit.visit_date,
        exclude_visit_id=visit.pk,
    )
    exception_reason = (exception_reason or "").strip()
    if problems and not exception_reason:
        raise StandardViolation(problems)
    # The exception reason is kept only when it was needed, so reports list real exceptions.
    visit.exception_reason = exception_reason if problems else ""


@transaction.atomic
def record_visit(
    *,
    by,
    member,
    occasion,
    reason,
    visit_date,
    event_date=None,
    visitors="",
    form=Visit.Form.CASH,
    amount=Decimal("0"),
    notes="",
    exception_reason="",
    signed=False,
):
    """Record a visit that took place, checked against the standard of the visit's year."""
    if visit_date is None:
        raise WelfareError("请填写慰问日期。")
    if event_date and event_date > visit_date + datetime.timedelta(days=366):
        raise WelfareError("事件日期不能晚于慰问日期一年以上。")
    visit = Visit(
        member=member,
        occasion=occasion,
        reason=reason,
        event_date=event_date,
        visit_date=visit_date,
        visitors=visitors,
        form=form,
        amount=Decimal(amount or 0),
        notes=notes,
        signed=signed,
        status=Visit.Status.DONE,
        created_by=by,
    )
    _check_standard(visit, exception_reason)
    visit.save()
    return visit


EDITABLE_VISIT_FIELDS = (
    "member",
    "occasion",
    "reason",
    "event_date",
    "visit_date",
    "visitors",
    "form",
    "amount",
    "notes",
    "signed",
)


@transaction.atomic
def update_visit(*, visit, by, exception_reason="", **fields):
    """Correct a recorded visit; the standard is checked again (the visit itself not counted)."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.status != Visit.Status.DONE:
        raise WelfareError("待走访的记录请用“完成走访”。")
    for name, value in fields.items():
        if name not in EDITABLE_VISIT_FIELDS:
            raise WelfareError(f"不能修改字段 {name}。")
        setattr(visit, name, value)
    if visit.visit_date is None:
        raise WelfareError("请填写慰问日期。")
    visit.amount = Decimal(visit.amount or 0)
    _check_standard(visit, exception_reason)
    visit.save()
    return visit


@transaction.atomic
def mark_signed(*, visit, by):
    updated = Visit.objects.filter(pk=visit.pk, status=Visit.Status.DONE, signed=False).update(signed=True)
    if not updated:
        raise WelfareError("该记录已签领或尚未完成走访。")


@transaction.atomic
def complete_visit(
    *, visit, by, visit_date, visitors="", form=Visit.Form.GOODS, amount=Decimal("0"), notes="", exception_reason=""
):
    """Complete a planned visit (e.g. from a festival list), with the same standard check."""
    visit = Visit.objects.select_for_update().select_related("member", "occasion").get(pk=visit.pk)
    if visit.status != Visit.Status.PLANNED:
        raise WelfareError("该慰问已完成，不能重复完成。")
    if visit_date is None:
        raise WelfareError("请填写慰问日期。")
    visit.visit_date = visit_date
    visit.visitors = visitors
    visit.form = form
    visit.amount = Decimal(amount or 0)
    if notes:
        visit.notes = notes
    visit.status = Visit.Status.DONE
    _check_standard(visit, exception_reason)
    visit.save()
    return visit


@transaction.atomic
def cancel_planned_visit(*, visit, by):
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.status != Visit.Status.PLANNED:
        raise WelfareError("只能取消待走访的记录。")
    visit.delete()


@transaction.atomic
def copy_standards(*, year, by=None):
    """Start `year` from a copy of the previous year's standards; existing ones are kept. Returns the count."""
    previous = list(Standard.objects.filter(year=year - 1).select_related("occasion"))
    if not previous:
        raise WelfareError(f"{year - 1}年没有慰问标准可复制。")
    existing = set(Standard.objects.filter(year=year).values_list("occasion_id", flat=True))
    new = [
        Standard(
            year=year,
            occasion_id=s.occasion_id,
            max_amount=s.max_amount,
            payment=s.payment,
            max_times=s.max_times,
            notes=s.notes,
        )
        for s in previous
        if s.occasion_id not in existing
    ]
    if not new:
        raise WelfareError(f"{year}年的慰问标准已齐全，无需复制。")
    Standard.objects.bulk_create(new)
    return len(new)


FESTIVAL_LABELS = dict(Visit.Festival.choices)


def festival_candidates(day):
    """Who gets a festival visit: all retirees in the union and members with an open hardship file."""
    hardship_ids = HardshipFile.objects.filter(closed_on__isnull=True).values("member_id")
    return (
        Member.objects.in_union()
        .filter(Q(work_status=WorkStatus.RETIRED) | Q(pk__in=hardship_ids))
        .select_related("department")
        .order_by("department__sort_order", "staff_no")
    )


@transaction.atomic
def create_festival_visits(*, festival, event_date, by):
    """One click: a planned 节日走访 for each candidate without one for this festival and year.

    Returns (created, skipped). The reason text does not say why someone is on the list:
    the list mixes retirees and hardship members, and hardship is confidential.
    """
    if festival not in FESTIVAL_LABELS:
        raise WelfareError("请选择节日。")
    problem = year_ahead_problem(event_date, "节日日期")
    if problem:
        raise WelfareError(problem)
    occasion = Occasion.objects.filter(code=Occasion.FESTIVAL).first()
    if occasion is None:
        raise WelfareError("未找到“节日走访”慰问事项（代码 festival），请先在慰问事项中设置。")
    label = FESTIVAL_LABELS[festival]
    already = set(
        Visit.objects.filter(festival=festival, occasion=occasion, event_date__year=event_date.year).values_list(
            "member_id", flat=True
        )
    )
    candidates = list(festival_candidates(event_date).values_list("pk", flat=True))
    new = [
        Visit(
            member_id=pk,
            occasion=occasion,
            festival=festival,
            reason=f"{event_date.year}年{label}走访慰问",
            event_date=event_date,
            form=Visit.Form.GOODS,
            status=Visit.Status.PLANNED,
            created_by=by,
        )
        for pk in candidates
        if pk not in already
    ]
    Visit.objects.bulk_create(new, batch_size=2000)
    return len(new), len(candidates) - len(new)


# --- hardship files ---------------------------------------------------------------------------


def validate_reasons(main_reason, secondary):
    secondary = list(dict.fromkeys(secondary or []))
    if len(secondary) > 3:
        raise WelfareError("次要致困原因最多选择三项。")
    if main_reason in secondary:
        raise WelfareError("次要致困原因不能与主要致困原因相同。")
    return secondary


@transaction.atomic
def save_hardship_file(*, form, household, by):
    """Save a file with its household members (a ModelForm and its inline formset) together."""
    hardship_file = form.save(commit=False)
    hardship_file.secondary_reasons = validate_reasons(hardship_file.main_reason, hardship_file.secondary_reasons)
    # the household members listed are the others in the household: 家庭人口 counts them and the member
    listed = sum(1 for f in household.forms if f.cleaned_data and not f.cleaned_data.get("DELETE"))
    if hardship_file.household_size < listed + 1:
        raise WelfareError(
            f"家庭人口 {hardship_file.household_size} 人少于本人加登记的 {listed} 名家庭成员（{listed + 1} 人），"
            "人均月收入会算错，请核对。"
        )
    if hardship_file.pk is None:
        hardship_file.created_by = by
        if HardshipFile.objects.filter(member=hardship_file.member, closed_on__isnull=True).exists():
            raise WelfareError(f"{hardship_file.member.name}已有在档的困难职工档案，请在原档案中更新。")
    hardship_file.save()
    household.instance = hardship_file
    household.save()
    return hardship_file


@transaction.atomic
def review_hardship_file(*, hardship_file, by, reviewed_on):
    hardship_file = HardshipFile.objects.select_for_update().get(pk=hardship_file.pk)
    if not hardship_file.is_open:
        raise WelfareError("档案已销档，不能复核。")
    if reviewed_on < hardship_file.opened_on:
        raise WelfareError("复核日期不能早于建档日期。")
    if reviewed_on > timezone.localdate():
        raise WelfareError("复核日期不能晚于今天。")
    if hardship_file.reviewed_on and reviewed_on < hardship_file.reviewed_on:
        # would move 下次复核 back and hide the real last review
        raise WelfareError(f"复核日期不能早于上次复核日期 {hardship_file.reviewed_on:%Y-%m-%d}。")
    hardship_file.reviewed_on = reviewed_on
    hardship_file.save(update_fields=["reviewed_on", "updated_at"])
    return hardship_file


@transaction.atomic
def close_hardship_file(*, hardship_file, by, closed_on, reason):
    hardship_file = HardshipFile.objects.select_for_update().get(pk=hardship_file.pk)
    if not hardship_file.is_open:
        raise WelfareError("档案已销档。")
    if reason not in HardshipFile.CloseReason.values:
        raise WelfareError("请选择销档原因。")
    if closed_on < hardship_file.opened_on:
        raise WelfareError("销档日期不能早于建档日期。")
    if closed_on > timezone.localdate():
        raise WelfareError("销档日期不能晚于今天。")
    hardship_file.closed_on = closed_on
    hardship_file.close_reason = reason
    hardship_file.save(update_fields=["closed_on", "close_reason", "updated_at"])
    return hardship_file


# --- aid applications -------------------------------------------------------------------------

S = AidApplication.Status


@transaction.atomic
def create_application(
    *, by, member, kind, reason, applied_on, requested_amount=None, school_level="", hardship_file=None
):
    if kind not in AidApplication.Kind.values:
        raise WelfareError("请选择救助类型。")
    if kind == AidApplication.Kind.EDUCATION and not school_level:
        raise WelfareError("助学申请请填写子女就学阶段。")
    if hardship_file is None:
        hardship_file = HardshipFile.objects.filter(member=member, closed_on__isnull=True).first()
    elif hardship_file.member_id != member.pk:
        raise WelfareError("所选困难档案不属于该申请人。")
    application = AidApplication.objects.create(
        member=member,
        hardship_file=hardship_file,
        kind=kind,
        reason=reason,
        requested_amount=requested_amount,
        school_level=school_level if kind == AidApplication.Kind.EDUCATION else "",
        applied_on=applied_on,
        created_by=by,
    )
    AidStep.objects.create(application=application, from_status="", to_status=S.APPLIED, by=by, comment="登记申请")
    return application


def _locked(application, *expected):
    application = AidApplication.objects.select_for_update().get(pk=application.pk)
    if application.status not in expected:
        names = "、".join(S(e).label for e in expected)
        raise WelfareError(f"当前状态为“{application.get_status_display()}”，此操作只能在“{names}”状态下进行。")
    return application


def _move(application, to, by, comment, fields):
    step = AidStep(application=application, from_status=application.status, to_status=to, by=by, comment=comment)
    application.status = to
    application.save(update_fields=["status", "updated_at", *fields])
    step.save()
    return application


def _positive_amount(amount):
    if amount is None or Decimal(amount) <= 0:
        raise WelfareError("请填写大于 0 的救助金额。")
    return Decimal(amount)


@transaction.atomic
def review_application(*, application, by, amount, comment=""):
    """初审 (branch): the proposed amount that will be publicised."""
    application = _locked(application, S.APPLIED)
    application.amount = _positive_amount(amount)
    return _move(application, S.REVIEWED, by, comment or "初审通过", ["amount"])


@transaction.atomic
def publicize_application(*, application, by, start, end):
    application = _locked(application, S.REVIEWED)
    if start is None or end is None:
        raise WelfareError("请填写公示起止日期。")
    if end < start:
        raise WelfareError("公示结束日期不能早于开始日期。")
    if start < application.applied_on:
        # a backdated 公示 would already be over: nobody could have seen it or objected
        raise WelfareError(f"公示开始日期不能早于申请日期 {application.applied_on:%Y-%m-%d}。")
    application.publicity_start, application.publicity_end = start, end
    return _move(
        application, S.PUBLICIZED, by, f"公示 {start:%Y-%m-%d} 至 {end:%Y-%m-%d}", ["publicity_start", "publicity_end"]
    )


@transaction.atomic
def approve_application(*, application, by, amount, source, today=None, comment=""):
    """审批 after the 公示期 has come to its last day without a sustained objection."""
    application = _locked(application, S.PUBLICIZED)
    today = today or timezone.localdate()
    if application.publicity_end and today < application.publicity_end:
        raise WelfareError(f"公示期至 {application.publicity_end:%Y-%m-%d} 结束，公示期满后方可审批。")
    if source not in AidApplication.Source.values:
        raise WelfareError("请选择资金来源。")
    application.amount = _positive_amount(amount)
    application.source = source
    return _move(application, S.APPROVED, by, comment or "审批通过", ["amount", "source"])


@transaction.atomic
def pay_application(*, application, by, paid_on, submitted_up_on=None, comment=""):
    application = _locked(application, S.APPROVED)
    if paid_on is None:
        raise WelfareError("请填写发放日期。")
    today = timezone.localdate()
    if paid_on > today:
        raise WelfareError("发放日期不能晚于今天；请在实际发放后确认。")
    if submitted_up_on is not None and submitted_up_on > today:
        raise WelfareError("上报上级工会日期不能晚于今天。")
    if application.publicity_end and paid_on < application.publicity_end:
        raise WelfareError(f"发放日期不能早于公示结束日期 {application.publicity_end:%Y-%m-%d}。")
    if application.source == AidApplication.Source.UPPER and submitted_up_on is None:
        raise WelfareError("资金来源为上级工会时，请填写上报上级工会日期。")
    if submitted_up_on is not None and submitted_up_on < application.applied_on:
        raise WelfareError(f"上报上级工会日期不能早于申请日期 {application.applied_on:%Y-%m-%d}。")
    application.paid_on = paid_on
    application.submitted_up_on = submitted_up_on
    return _move(
        application, S.PAID, by, comment or f"已发放 {_money(application.amount)} 元", ["paid_on", "submitted_up_on"]
    )


@transaction.atomic
def refuse_application(*, application, by, reason):
    application = _locked(application, *AidApplication.OPEN_STATUSES)
    reason = (reason or "").strip()
    if not reason:
        raise WelfareError("不予救助须填写理由。")
    application.refusal_reason = reason
    return _move(application, S.REFUSED, by, reason, ["refusal_reason"])


# --- access log ---------------------------------------------------------------------------------


def log_access(request, action, *, hardship_file=None, application=None, detail=""):
    """Write one AccessLog row for a read or export of hardship data."""
    ip = request.META.get("REMOTE_ADDR") or None
    return AccessLog.objects.create(
        user=request.user if request.user.is_authenticated else None,
        action=action,
        hardship_file=hardship_file,
        application=application,
        detail=detail[:300],
        path=request.get_full_path()[:300],
        ip=ip,
    )
