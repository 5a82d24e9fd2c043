"""Hardship files, aid applications, the public 公示 and the access log.

Only 帮扶专员 and 工会主席 open files and applications (welfare_required → 403 for the rest,
and every object is fetched through visible_hardship_files / visible_applications). Full ID
and bank numbers appear on the file page only; every read and export writes an AccessLog row.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from unionhub.permissions import Role, has_role, is_welfare_officer, role_required, welfare_required
from unionhub.uploads import protected_download
from welfare import exports, services
from welfare.forms import (
    AmountForm,
    ApplicationForm,
    ApproveForm,
    CloseFileForm,
    HardshipAttachmentForm,
    HardshipFileForm,
    HouseholdFormSet,
    PayForm,
    PublicizeForm,
    RefuseForm,
    ReviewFileForm,
)
from welfare.models import AccessLog, AidApplication, HardshipAttachment, HardshipFile
from welfare.params import to_id, to_text, to_year
from welfare.permissions import visible_applications, visible_hardship_files

A = AccessLog.Action
PAGE_SIZE = 30
chair_required = role_required(Role.CHAIR)


def _filter_files(request, qs):
    q = to_text(request.GET.get("q"))
    if q:
        qs = qs.filter(Q(member__name__icontains=q) | Q(member__staff_no__icontains=q))
    category = request.GET.get("category", "")
    if category in HardshipFile.Category.values:
        qs = qs.filter(category=category)
    state = request.GET.get("state", "open")
    if state == "open":
        qs = qs.filter(closed_on__isnull=True)
    elif state == "closed":
        qs = qs.filter(closed_on__isnull=False)
    elif state == "review_due":
        # due = one year after the last review (or opening): due within the next 30 days or overdue
        limit = timezone.localdate() + datetime.timedelta(days=30)
        last_year = limit.replace(year=limit.year - 1) if not (limit.month == 2 and limit.day == 29) else limit
        qs = qs.filter(closed_on__isnull=True).filter(
            Q(reviewed_on__lte=last_year) | Q(reviewed_on__isnull=True, opened_on__lte=last_year)
        )
    return qs, {"q": q, "category": category, "state": state}


@welfare_required
def file_list(request):
    qs, filters = _filter_files(request, visible_hardship_files(request.user))
    page = Paginator(qs.order_by("-opened_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    services.log_access(request, A.LIST, detail=f"困难档案列表 第{page.number}页")
    return render(
        request,
        "welfare/file_list.html",
        {
            "page_obj": page,
            "filters": filters,
            "categories": HardshipFile.Category.choices,
            "states": [("open", "在档"), ("review_due", "待复核"), ("closed", "已销档"), ("all", "全部")],
        },
    )


@welfare_required
def file_detail(request, pk):
    hardship_file = get_object_or_404(visible_hardship_files(request.user).select_related("created_by"), pk=pk)
    services.log_access(request, A.VIEW, hardship_file=hardship_file, detail=f"查看{hardship_file.member.name}的档案")
    return render(
        request,
        "welfare/file_detail.html",
        {
            "file": hardship_file,
            "household": hardship_file.household.all(),
            "attachments": hardship_file.attachments.all(),
            "applications": hardship_file.applications.all(),
            "attachment_form": HardshipAttachmentForm(),
            "review_form": ReviewFileForm(),
        },
    )


@welfare_required
def file_edit(request, pk=None):
    hardship_file = get_object_or_404(visible_hardship_files(request.user), pk=pk) if pk else None
    if hardship_file is not None and not hardship_file.is_open:
        messages.error(request, "已销档的档案不能修改。")
        return redirect("welfare:file_detail", pk=hardship_file.pk)
    if request.method == "POST":
        form = HardshipFileForm(request.POST, instance=hardship_file)
        household = HouseholdFormSet(request.POST, instance=hardship_file or HardshipFile())
        if form.is_valid() and household.is_valid():
            try:
                saved = services.save_hardship_file(form=form, household=household, by=request.user)
            except services.WelfareError as err:
                form.add_error(None, str(err))
            else:
                services.log_access(request, A.EDIT, hardship_file=saved, detail="保存档案")
                messages.success(request, f"已保存{saved.member.name}的困难职工档案。")
                return redirect("welfare:file_detail", pk=saved.pk)
    else:
        form = HardshipFileForm(instance=hardship_file, initial={"member": request.GET.get("member", "")})
        household = HouseholdFormSet(instance=hardship_file or HardshipFile())
        if hardship_file is not None:
            # the edit form shows the bank card in full and the household: a read like the file page
            services.log_access(
                request, A.VIEW, hardship_file=hardship_file, detail=f"打开{hardship_file.member.name}的档案修改页"
            )
    return render(request, "welfare/file_form.html", {"form": form, "household": household, "file": hardship_file})


@welfare_required
@require_POST
def file_review(request, pk):
    hardship_file = get_object_or_404(visible_hardship_files(request.user), pk=pk)
    form = ReviewFileForm(request.POST)
    if form.is_valid():
        try:
            services.review_hardship_file(hardship_file=hardship_file, by=request.user, **form.cleaned_data)
        except services.WelfareError as err:
            messages.error(request, str(err))
        else:
            messages.success(request, "已记录年度复核。")
    else:
        messages.error(request, "请填写复核日期。")
    return redirect("welfare:file_detail", pk=hardship_file.pk)


@welfare_required
def file_close(request, pk):
    hardship_file = get_object_or_404(visible_hardship_files(request.user), pk=pk, closed_on__isnull=True)
    form = CloseFileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_hardship_file(hardship_file=hardship_file, by=request.user, **form.cleaned_data)
        except services.WelfareError as err:
            form.add_error(None, str(err))
        else:
            messages.success(request, f"{hardship_file.member.name}的档案已销档。")
            return redirect("welfare:file_detail", pk=hardship_file.pk)
    return render(request, "welfare/file_close.html", {"file": hardship_file, "form": form})


@welfare_required
@require_POST
def file_attachment_upload(request, pk):
    hardship_file = get_object_or_404(visible_hardship_files(request.user), pk=pk)
    form = HardshipAttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        HardshipAttachment.objects.create(
            hardship_file=hardship_file,
            description=form.cleaned_data["description"],
            file=upload,
            original_name=upload.name,
            uploaded_by=request.user,
        )
        messages.success(request, "材料已上传。")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("welfare:file_detail", pk=hardship_file.pk)


@welfare_required
def file_attachment_download(request, pk):
    attachment = get_object_or_404(
        HardshipAttachment.objects.filter(hardship_file__in=visible_hardship_files(request.user)), pk=pk
    )
    services.log_access(
        request, A.DOWNLOAD, hardship_file=attachment.hardship_file, detail=f"下载材料“{attachment.original_name}”"
    )
    return protected_download(attachment.file, attachment.original_name)


@welfare_required
def file_export(request):
    qs, filters = _filter_files(request, visible_hardship_files(request.user))
    qs = qs.prefetch_related("household").order_by("member__department__sort_order", "member__staff_no")
    services.log_access(request, A.EXPORT, detail=f"导出困难职工档案（{qs.count()}份）")
    return exports.hardship_files_response(qs)


# --- aid applications -------------------------------------------------------------------------


@welfare_required
def application_list(request):
    qs = visible_applications(request.user)
    q = to_text(request.GET.get("q"))
    if q:
        qs = qs.filter(Q(member__name__icontains=q) | Q(member__staff_no__icontains=q))
    status = request.GET.get("status", "")
    if status in AidApplication.Status.values:
        qs = qs.filter(status=status)
    kind = request.GET.get("kind", "")
    if kind in AidApplication.Kind.values:
        qs = qs.filter(kind=kind)
    page = Paginator(qs.order_by("-applied_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    services.log_access(request, A.LIST, detail=f"帮扶申请列表 第{page.number}页")
    return render(
        request,
        "welfare/application_list.html",
        {
            "page_obj": page,
            "filters": {"q": q, "status": status, "kind": kind},
            "statuses": AidApplication.Status.choices,
            "kinds": AidApplication.Kind.choices,
        },
    )


@welfare_required
def application_create(request):
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        if form.is_valid():
            try:
                application = services.create_application(by=request.user, **form.cleaned_data)
            except services.WelfareError as err:
                form.add_error(None, str(err))
            else:
                messages.success(request, f"已登记{application.member.name}的{application.get_kind_display()}申请。")
                return redirect("welfare:application_detail", pk=application.pk)
    else:
        form = ApplicationForm(initial={"member": request.GET.get("member", "")})
    return render(
        request,
        "welfare/_form_page.html",
        {"form": form, "page_title": "登记帮扶申请", "cancel_url": reverse("welfare:application_list")},
    )


ACTIONS = {
    # action: (form class, service, allowed from, button label)
    "review": (AmountForm, services.review_application, AidApplication.Status.APPLIED, "初审通过"),
    "publicize": (PublicizeForm, services.publicize_application, AidApplication.Status.REVIEWED, "开始公示"),
    "approve": (ApproveForm, services.approve_application, AidApplication.Status.PUBLICIZED, "审批通过"),
    "pay": (PayForm, services.pay_application, AidApplication.Status.APPROVED, "确认发放"),
}


def _action_forms(application):
    forms = []
    for name, (form_class, _service, from_status, label) in ACTIONS.items():
        if application.status == from_status:
            initial = {}
            if name in ("review", "approve"):
                initial["amount"] = application.amount or application.requested_amount
            forms.append((name, label, form_class(initial=initial, prefix=name)))
    return forms


@welfare_required
def application_detail(request, pk):
    application = get_object_or_404(visible_applications(request.user).select_related("created_by"), pk=pk)
    services.log_access(
        request,
        A.VIEW,
        application=application,
        hardship_file=application.hardship_file,
        detail=f"查看{application.member.name}的{application.get_kind_display()}申请",
    )
    return render(
        request,
        "welfare/application_detail.html",
        {
            "application": application,
            "steps": application.steps.select_related("by"),
            "action_forms": _action_forms(application),
            "refuse_form": RefuseForm(prefix="refuse") if application.is_open else None,
        },
    )


@welfare_required
@require_POST
def application_action(request, pk, action):
    application = get_object_or_404(visible_applications(request.user), pk=pk)
    if action == "refuse":
        form = RefuseForm(request.POST, prefix="refuse")
        service = services.refuse_application
    elif action in ACTIONS:
        form_class, service, _from, _label = ACTIONS[action]
        form = form_class(request.POST, prefix=action)
    else:
        messages.error(request, "未知操作。")
        return redirect("welfare:application_detail", pk=application.pk)
    if form.is_valid():
        try:
            service(application=application, by=request.user, **form.cleaned_data)
        except services.WelfareError as err:
            messages.error(request, str(err))
        else:
            application.refresh_from_db()
            messages.success(request, f"申请已更新为“{application.get_status_display()}”。")
            return redirect("welfare:application_detail", pk=application.pk)
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}：{error}" if label else error)
    return redirect("welfare:application_detail", pk=application.pk)


def _can_export_aid(user):
    return has_role(user, Role.OFFICER, Role.WELFARE)


@login_required
def aid_export(request):
    """已发放名单. Welfare roles get masked ID/bank columns; officers (finance checks) none at all."""
    if not _can_export_aid(request.user):
        raise PermissionDenied("您没有权限导出帮扶发放名单。")
    year = to_year(request.GET.get("year"), timezone.localdate().year)
    qs = (
        AidApplication.objects.filter(status=AidApplication.Status.PAID, paid_on__year=year)
        .select_related("member__department", "hardship_file")
        .order_by("paid_on", "id")
    )
    sensitive = is_welfare_officer(request.user)
    services.log_access(
        request, A.EXPORT, detail=f"导出{year}年帮扶发放名单（{'含脱敏证件/银行卡号' if sensitive else '无敏感列'}）"
    )
    return exports.aid_grants_response(qs, year=year, sensitive=sensitive)


@login_required
def publicity(request):
    """帮扶公示: any member sees applications in their 公示期: name, department, kind, amount only."""
    today = timezone.localdate()
    rows = (
        AidApplication.objects.filter(
            status=AidApplication.Status.PUBLICIZED, publicity_start__lte=today, publicity_end__gte=today
        )
        .select_related("member__department")
        .order_by("publicity_end", "id")
    )
    return render(request, "welfare/publicity.html", {"rows": rows, "today": today})


@chair_required
def access_log(request):
    qs = AccessLog.objects.select_related("user", "hardship_file__member", "application__member")
    user_q = to_text(request.GET.get("user"))
    if user_q:
        qs = qs.filter(Q(user__username__icontains=user_q) | Q(user__name__icontains=user_q))
    action = request.GET.get("action", "")
    if action in A.values:
        qs = qs.filter(action=action)
    file_id = request.GET.get("file", "")
    if to_id(file_id):  # a hand-typed huge or negative id filters nothing instead of a 500
        qs = qs.filter(hardship_file_id=to_id(file_id))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "welfare/access_log.html",
        {"page_obj": page, "filters": {"user": user_q, "action": action, "file": file_id}, "actions": A.choices},
    )
