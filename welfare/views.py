"""Visits (五必访), reminders, standards, occasions, 签领表, 我的慰问 and donations."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from members.models import Department, Member, WorkStatus
from unionhub.permissions import Role, is_chair, member_of, role_required
from unionhub.uploads import protected_download
from welfare import exports, services
from welfare.forms import (
    AttachmentForm,
    CampaignForm,
    CompleteVisitForm,
    DonationForm,
    FestivalForm,
    LifeEventForm,
    OccasionForm,
    SignSheetForm,
    StandardForm,
    VisitForm,
)
from welfare.models import (
    Donation,
    DonationCampaign,
    LifeEvent,
    Occasion,
    Standard,
    Visit,
    VisitAttachment,
)
from welfare.params import to_id, to_int, to_text, to_year
from welfare.permissions import visible_visits, visits_required

chair_required = role_required(Role.CHAIR)
PAGE_SIZE = 30
SIGN_SHEET_PREVIEW = 200  # rows shown on screen; the export and the printout carry all


# --- visits -------------------------------------------------------------------------------------


@visits_required
def visit_list(request):
    qs = visible_visits(request.user)
    q = to_text(request.GET.get("q"))
    if q:
        qs = qs.filter(Q(member__name__icontains=q) | Q(member__staff_no__icontains=q) | Q(reason__icontains=q))
    occasion = to_id(request.GET.get("occasion"))
    if occasion:
        qs = qs.filter(occasion_id=occasion)
    status = request.GET.get("status", "")
    if status in Visit.Status.values:
        qs = qs.filter(status=status)
    department = to_id(request.GET.get("department"))
    if department:
        qs = qs.filter(member__department_id=department)
    year = to_year(request.GET.get("year"))
    if year:
        qs = qs.filter(Q(visit_date__year=year) | Q(visit_date__isnull=True, event_date__year=year))
    if request.GET.get("exceptions"):
        qs = qs.exclude(exception_reason="")
    # 人次 counts visits made; planned festival visits (not yet made) are counted apart
    totals = qs.aggregate(
        count=Count("id", filter=Q(status=Visit.Status.DONE)),
        planned=Count("id", filter=Q(status=Visit.Status.PLANNED)),
        amount=Sum("amount", filter=Q(status=Visit.Status.DONE)),
    )
    page = Paginator(qs.order_by("status", "-visit_date", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    this_year = timezone.localdate().year
    return render(
        request,
        "welfare/visit_list.html",
        {
            "page_obj": page,
            "totals": totals,
            "occasions": Occasion.objects.all(),
            "departments": Department.objects.all(),
            "statuses": Visit.Status.choices,
            "years": range(this_year, this_year - 6, -1),
            "filters": {
                "q": q,
                "occasion": occasion,
                "status": status,
                "department": department,
                "year": year,
                "exceptions": bool(request.GET.get("exceptions")),
            },
        },
    )


@visits_required
def visit_create(request):
    if request.method == "POST":
        form = VisitForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                visit = services.record_visit(by=request.user, **data)
            except services.WelfareError as err:
                form.add_error(None, str(err))
                if isinstance(err, services.StandardViolation):
                    form.add_error("exception_reason", "超出标准，请填写例外说明后再保存。")
            else:
                messages.success(request, f"已登记对{visit.member.name}的慰问。")
                return redirect("welfare:visit_detail", pk=visit.pk)
    else:
        initial = {}
        staff_no = request.GET.get("member", "")
        if staff_no:
            initial["member"] = staff_no
        occasion = to_id(request.GET.get("occasion"))
        if occasion:
            initial["occasion"] = occasion
        if request.GET.get("event_date"):
            initial["event_date"] = request.GET["event_date"]
        form = VisitForm(initial=initial)
    return render(request, "welfare/visit_form.html", {"form": form, "standards": _standards_hint()})


def _standards_hint():
    year = timezone.localdate().year
    return Standard.objects.filter(year=year).select_related("occasion")


@visits_required
def visit_edit(request, pk):
    visit = get_object_or_404(visible_visits(request.user).done(), pk=pk)
    if request.method == "POST":
        form = VisitForm(request.POST, instance=Visit.objects.get(pk=visit.pk))
        if form.is_valid():
            try:
                services.update_visit(visit=visit, by=request.user, **form.cleaned_data)
            except services.WelfareError as err:
                form.add_error(None, str(err))
                if isinstance(err, services.StandardViolation):
                    form.add_error("exception_reason", "超出标准，请填写例外说明后再保存。")
            else:
                messages.success(request, "慰问记录已修改。")
                return redirect("welfare:visit_detail", pk=visit.pk)
    else:
        form = VisitForm(instance=visit, initial={"member": visit.member.staff_no})
    return render(request, "welfare/visit_form.html", {"form": form, "visit": visit, "standards": _standards_hint()})


@visits_required
@require_POST
def visit_mark_signed(request, pk):
    visit = get_object_or_404(visible_visits(request.user), pk=pk)
    try:
        services.mark_signed(visit=visit, by=request.user)
    except services.WelfareError as err:
        messages.error(request, str(err))
    else:
        messages.success(request, f"已记录{visit.member.name}签领。")
    return redirect("welfare:visit_detail", pk=visit.pk)


@visits_required
def visit_detail(request, pk):
    visit = get_object_or_404(visible_visits(request.user).select_related("created_by"), pk=pk)
    return render(
        request,
        "welfare/visit_detail.html",
        {
            "visit": visit,
            "attachments": visit.attachments.all(),
            "attachment_form": AttachmentForm(),
            "standard": services.standard_for(visit.occasion, visit.year) if visit.year else None,
        },
    )


@visits_required
def visit_complete(request, pk):
    visit = get_object_or_404(visible_visits(request.user).planned(), pk=pk)
    if request.method == "POST":
        form = CompleteVisitForm(request.POST)
        if form.is_valid():
            try:
                services.complete_visit(visit=visit, by=request.user, **form.cleaned_data)
            except services.WelfareError as err:
                form.add_error(None, str(err))
            else:
                messages.success(request, f"已完成对{visit.member.name}的走访。")
                return redirect("welfare:visit_detail", pk=visit.pk)
    else:
        form = CompleteVisitForm()
    return render(
        request,
        "welfare/visit_complete.html",
        {
            "form": form,
            "visit": visit,
            "page_title": "完成走访",
            "submit_label": "完成走访",
            "cancel_url": reverse("welfare:visit_detail", args=[visit.pk]),
        },
    )


@visits_required
def visit_cancel(request, pk):
    visit = get_object_or_404(visible_visits(request.user).planned(), pk=pk)
    if request.method == "POST":
        services.cancel_planned_visit(visit=visit, by=request.user)
        messages.success(request, f"已取消对{visit.member.name}的走访计划。")
        return redirect(reverse("welfare:visit_list") + "?status=planned")
    return render(request, "welfare/visit_cancel.html", {"visit": visit})


@visits_required
@require_POST
def visit_attachment_upload(request, pk):
    visit = get_object_or_404(visible_visits(request.user), pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        VisitAttachment.objects.create(
            visit=visit,
            kind=form.cleaned_data["kind"],
            file=upload,
            original_name=upload.name,
            uploaded_by=request.user,
        )
        messages.success(request, "佐证材料已上传。")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("welfare:visit_detail", pk=visit.pk)


@visits_required
def visit_attachment_download(request, pk):
    attachment = get_object_or_404(VisitAttachment.objects.filter(visit__in=visible_visits(request.user)), pk=pk)
    return protected_download(attachment.file, attachment.original_name)


@login_required
def my_visits(request):
    """我的慰问: a member sees the visits made to themself, nobody else's."""
    me = member_of(request.user)
    qs = Visit.objects.none() if me is None else Visit.objects.done().filter(member=me).select_related("occasion")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "welfare/my_visits.html", {"page_obj": page, "member": me})


# --- reminders and festival lists -------------------------------------------------------------

# statutory ages used to estimate a retirement when no date is recorded (the recorded date wins)
RETIREMENT_AGE = {"M": 60, "F": 55}


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def retiring_members(today, horizon):
    """In-work members retiring between today and horizon: the recorded date, else the statutory age."""
    q = Q(retired_on__gte=today, retired_on__lte=horizon)
    for sex, age in RETIREMENT_AGE.items():
        q |= Q(
            retired_on__isnull=True,
            sex=sex,
            birth_date__gte=_add_years(today, -age),
            birth_date__lte=_add_years(horizon, -age),
        )
    return Member.objects.in_union().exclude(work_status=WorkStatus.RETIRED).filter(q).select_related("department")


@visits_required
def reminders(request):
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=60)
    retirement_visits = Visit.objects.filter(member=OuterRef("pk"), occasion__code=Occasion.RETIREMENT)
    retiring = list(
        retiring_members(today, horizon)
        .annotate(visited=Exists(retirement_visits))
        .order_by("retired_on", "birth_date", "staff_no")
    )
    for m in retiring:
        m.expected_retirement = m.retired_on or _add_years(m.birth_date, RETIREMENT_AGE[m.sex])
    retiring.sort(key=lambda m: (m.expected_retirement, m.staff_no))
    done_after = Visit.objects.done().filter(
        member=OuterRef("member"), occasion=OuterRef("occasion"), visit_date__gte=OuterRef("date")
    )
    unvisited = (
        LifeEvent.objects.filter(dismissed=False)
        .annotate(visited=Exists(done_after))
        .filter(visited=False)
        .select_related("member__department", "occasion")
        .order_by("date", "id")
    )
    planned = Visit.objects.planned().values("festival", "event_date__year").annotate(n=Count("id"))
    return render(
        request,
        "welfare/reminders.html",
        {
            "retiring": retiring,
            "unvisited": unvisited,
            "planned": planned,
            "festival_labels": dict(Visit.Festival.choices),
            "life_event_form": LifeEventForm(),
            "festival_form": FestivalForm(),
            "retirement_occasion": Occasion.objects.filter(code=Occasion.RETIREMENT).first(),
            "horizon": horizon,
        },
    )


@visits_required
@require_POST
def life_event_create(request):
    form = LifeEventForm(request.POST)
    if form.is_valid():
        event = form.save(commit=False)
        event.member = form.cleaned_data["member"]
        event.recorded_by = request.user
        event.save()
        messages.success(request, f"已登记：{event.member.name} {event.occasion}（{event.date:%Y-%m-%d}）。")
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}：{error}" if label else error)
    return redirect("welfare:reminders")


@visits_required
def life_event_dismiss(request, pk):
    event = get_object_or_404(LifeEvent.objects.select_related("member", "occasion"), pk=pk, dismissed=False)
    if request.method == "POST":
        event.dismissed = True
        event.save(update_fields=["dismissed"])
        messages.success(request, f"已将“{event}”标记为无需慰问。")
        return redirect("welfare:reminders")
    return render(request, "welfare/life_event_dismiss.html", {"event": event})


@visits_required
@require_POST
def festival_list_create(request):
    form = FestivalForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择节日并填写日期。")
        return redirect("welfare:reminders")
    try:
        created, skipped = services.create_festival_visits(by=request.user, **form.cleaned_data)
    except services.WelfareError as err:
        messages.error(request, str(err))
        return redirect("welfare:reminders")
    label = Visit.Festival(form.cleaned_data["festival"]).label
    text = f"已生成{label}走访名单：新增 {created} 人"
    if skipped:
        text += f"，{skipped} 人已在名单中"
    messages.success(request, text + "。")
    return redirect(reverse("welfare:visit_list") + f"?status=planned&year={form.cleaned_data['event_date'].year}")


# --- standards and occasions ----------------------------------------------------------------------


@visits_required
def standard_list(request):
    this_year = timezone.localdate().year
    year = to_int(request.GET.get("year"), this_year)
    year = max(2000, min(this_year + 1, year))
    by_occasion = {s.occasion_id: s for s in Standard.objects.filter(year=year)}
    rows = [(occasion, by_occasion.get(occasion.pk)) for occasion in Occasion.objects.all()]
    return render(
        request,
        "welfare/standard_list.html",
        {
            "rows": rows,
            "year": year,
            "years": range(this_year + 1, this_year - 6, -1),
            "is_chair": is_chair(request.user),
        },
    )


@chair_required
def standard_edit(request, pk=None):
    standard = get_object_or_404(Standard, pk=pk) if pk else None
    if request.method == "POST":
        form = StandardForm(request.POST, instance=standard)
        if form.is_valid():
            standard = form.save()
            messages.success(request, f"已保存{standard}的慰问标准。")
            return redirect(reverse("welfare:standard_list") + f"?year={standard.year}")
    else:
        initial = {}
        if standard is None:
            initial["year"] = to_year(request.GET.get("year"), timezone.localdate().year)
            initial["occasion"] = to_id(request.GET.get("occasion"))
        form = StandardForm(instance=standard, initial=initial)
    return render(
        request,
        "welfare/_form_page.html",
        {
            "form": form,
            "page_title": f"修改慰问标准：{standard}" if standard else "新增慰问标准",
            "cancel_url": reverse("welfare:standard_list"),
        },
    )


@chair_required
@require_POST
def standard_copy(request):
    year = to_year(request.POST.get("year"), timezone.localdate().year)
    try:
        n = services.copy_standards(year=year, by=request.user)
    except services.WelfareError as err:
        messages.error(request, str(err))
    else:
        messages.success(request, f"已从{year - 1}年复制 {n} 项慰问标准到{year}年，请核对后按需修改。")
    return redirect(reverse("welfare:standard_list") + f"?year={year}")


@chair_required
def occasion_list(request):
    occasions = Occasion.objects.annotate(visit_count=Count("visits"))
    return render(request, "welfare/occasion_list.html", {"occasions": occasions})


@chair_required
def occasion_edit(request, pk=None):
    occasion = get_object_or_404(Occasion, pk=pk) if pk else None
    if request.method == "POST":
        form = OccasionForm(request.POST, instance=occasion)
        if form.is_valid():
            occasion = form.save()
            messages.success(request, f"已保存慰问事项“{occasion}”。")
            return redirect("welfare:occasion_list")
    else:
        form = OccasionForm(instance=occasion)
    return render(
        request,
        "welfare/_form_page.html",
        {
            "form": form,
            "page_title": f"修改慰问事项：{occasion}" if occasion else "新增慰问事项",
            "cancel_url": reverse("welfare:occasion_list"),
        },
    )


# --- 签领表 -----------------------------------------------------------------------------------------


def _sign_sheet_visits(form):
    data = form.cleaned_data
    qs = (
        Visit.objects.done()
        .filter(visit_date__gte=data["start"], visit_date__lte=data["end"])
        .select_related("member__department", "occasion")
        .order_by("visit_date", "member__department__sort_order", "member__staff_no", "id")
    )
    if data.get("occasion"):
        qs = qs.filter(occasion=data["occasion"])
    return qs


def _sign_sheet_form(request):
    if "start" not in request.GET:
        today = timezone.localdate()
        return SignSheetForm(initial={"start": today.replace(day=1), "end": today}), False
    form = SignSheetForm(request.GET)
    return form, form.is_valid()


@visits_required
def sign_sheet(request):
    form, ok = _sign_sheet_form(request)
    visits = _sign_sheet_visits(form) if ok else None
    if ok and request.GET.get("format") == "xlsx":
        return exports.sign_sheet_response(visits, form.cleaned_data)
    preview = list(visits[: SIGN_SHEET_PREVIEW + 1]) if ok else []
    return render(
        request,
        "welfare/sign_sheet.html",
        {
            "form": form,
            "visits": preview[:SIGN_SHEET_PREVIEW],
            "truncated": len(preview) > SIGN_SHEET_PREVIEW,
            "preview_size": SIGN_SHEET_PREVIEW,
            "ok": ok,
        },
    )


@visits_required
def sign_sheet_print(request):
    form, ok = _sign_sheet_form(request)
    if not ok:
        raise Http404("请先选择签领表的时间范围。")
    visits = list(_sign_sheet_visits(form))
    total = sum((v.amount for v in visits), start=0)
    return render(
        request, "welfare/sign_sheet_print.html", {"visits": visits, "data": form.cleaned_data, "total": total}
    )


# --- donations ----------------------------------------------------------------------------------


@visits_required
def campaign_list(request):
    campaigns = (
        DonationCampaign.objects.annotate(named_total=Sum("donations__amount"), donor_count=Count("donations"))
        .annotate(total=Coalesce(F("named_total"), Value(Decimal("0"))) + F("anonymous_total"))
        .order_by("-date", "-id")
    )
    page = Paginator(campaigns, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "welfare/campaign_list.html", {"page_obj": page})


@visits_required
def campaign_edit(request, pk=None):
    campaign = get_object_or_404(DonationCampaign, pk=pk) if pk else None
    if request.method == "POST":
        form = CampaignForm(request.POST, instance=campaign)
        if form.is_valid():
            campaign = form.save()
            messages.success(request, f"已保存募捐活动“{campaign.name}”。")
            return redirect("welfare:campaign_detail", pk=campaign.pk)
    else:
        form = CampaignForm(instance=campaign, initial={} if campaign else {"date": timezone.localdate()})
    return render(
        request,
        "welfare/_form_page.html",
        {
            "form": form,
            "page_title": f"修改募捐活动：{campaign.name}" if campaign else "新建募捐活动",
            "cancel_url": reverse("welfare:campaign_detail", args=[campaign.pk])
            if campaign
            else reverse("welfare:campaign_list"),
        },
    )


@visits_required
def campaign_detail(request, pk):
    campaign = get_object_or_404(DonationCampaign, pk=pk)
    if request.method == "POST":
        form = DonationForm(request.POST)
        if form.is_valid():
            Donation.objects.create(
                campaign=campaign,
                member=form.cleaned_data["member"],
                donor_name=form.cleaned_data["donor_name"],
                amount=form.cleaned_data["amount"],
            )
            messages.success(request, "已登记捐款。")
            return redirect("welfare:campaign_detail", pk=campaign.pk)
    else:
        form = DonationForm()
    donations = campaign.donations.select_related("member__department")
    named = donations.aggregate(total=Sum("amount"), n=Count("id"))
    return render(
        request,
        "welfare/campaign_detail.html",
        {
            "campaign": campaign,
            "donations": donations,
            "named": named,
            "total": (named["total"] or 0) + campaign.anonymous_total,
            "form": form,
        },
    )
