import os
import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from members import exports, importer, services
from members.forms import (
    DepartmentForm,
    ImportUploadForm,
    MemberFilterForm,
    MemberForm,
    StatusChangeForm,
    UnionGroupForm,
)
from members.models import Department, Member, MembershipEvent, UnionGroup
from unionhub.excel import xlsx_response
from unionhub.permissions import (
    Role,
    can_see_member_private_data,
    is_officer,
    member_of,
    officer_required,
    role_required,
    visible_members,
)
from unionhub.uploads import validate_attachment

PAGE_SIZE = 30
roster_required = role_required(Role.OFFICER, Role.WELFARE)


def _filtered_members(request):
    form = MemberFilterForm(request.GET or None)
    qs = form.filter(visible_members(request.user)).order_by("department__sort_order", "department__name", "staff_no")
    return form, qs


# --- roster -------------------------------------------------------------------------


@roster_required
def member_list(request):
    form, qs = _filtered_members(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # ID numbers and phones in full only for roles that may see everybody's (officers);
    # an unsaved Member stands for "somebody else" in the permission check.
    show_private = can_see_member_private_data(request.user, Member())
    return render(
        request,
        "members/member_list.html",
        {
            "form": form,
            "page_obj": page,
            "show_private": show_private,
            "query": request.GET.urlencode(),
            "can_edit": is_officer(request.user),
        },
    )


@roster_required
def member_export(request):
    _form, qs = _filtered_members(request)
    include_private = can_see_member_private_data(request.user, Member())
    wb = exports.roster_workbook(qs, include_private=include_private)
    return xlsx_response(wb, "会员花名册.xlsx")


@roster_required
def member_detail(request, pk):
    # the login account (shown to officers) comes with the member
    member = get_object_or_404(visible_members(request.user).select_related("user"), pk=pk)
    events = list(member.events.select_related("recorded_by").order_by("date", "id"))
    return render(
        request,
        "members/member_detail.html",
        {
            "member": member,
            "events": events,
            "show_private": can_see_member_private_data(request.user, member),
            "can_edit": is_officer(request.user),
            "show_recorder": is_officer(request.user),
        },
    )


@officer_required
def member_create(request):
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = services.create_member(member=form.save(commit=False), by=request.user)
        messages.success(request, f"已添加会员 {member.name}。")
        return redirect("members:detail", pk=member.pk)
    return render(request, "members/member_form.html", {"form": form, "title": "添加会员"})


@officer_required
def member_edit(request, pk):
    member = get_object_or_404(visible_members(request.user), pk=pk)
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        services.update_member(member=form.save(commit=False))
        messages.success(request, f"已保存 {member.name} 的信息。")
        return redirect("members:detail", pk=member.pk)
    return render(
        request, "members/member_form.html", {"form": form, "member": member, "title": f"编辑会员：{member.name}"}
    )


@officer_required
def member_status(request, pk):
    member = get_object_or_404(visible_members(request.user), pk=pk)
    form = StatusChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.record_status_change(member=member, by=request.user, **form.cleaned_data)
        except services.MemberError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已记录 {member.name} {event.get_kind_display()}（{event.date:%Y-%m-%d}）。")
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/member_status.html", {"form": form, "member": member})


@officer_required
@require_POST
def event_undo(request, pk):
    """撤销 a 会籍变动 recorded by mistake (the latest one only)."""
    event = get_object_or_404(MembershipEvent.objects.select_related("member"), pk=pk)
    label = f"{event.get_kind_display()}（{event.date:%Y-%m-%d}）"
    try:
        services.undo_last_event(event=event, by=request.user)
    except services.MemberError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已撤销 {event.member.name} 的{label}记录。")
    return redirect("members:detail", pk=event.member_id)


@login_required
def my_info(request):
    """我的信息: the logged-in member's own record, nobody else's."""
    member = member_of(request.user)
    if member is None:
        return render(request, "members/my_info.html", {"member": None})
    member = visible_members(request.user).get(pk=member.pk)
    events = member.events.order_by("date", "id")
    return render(request, "members/my_info.html", {"member": member, "events": events})


# --- departments and groups -----------------------------------------------------------


@officer_required
def department_list(request):
    # one query: departments with member counts
    departments = Department.objects.annotate(
        # distinct: the groups join repeats each member once per group of the department
        member_count=Count("members", filter=Q(members__membership_status__in=["active", "reserved"]), distinct=True),
        group_count=Count("groups", distinct=True),
    ).order_by("sort_order", "name")
    q = request.GET.get("q", "").strip()
    if q:
        departments = departments.filter(name__icontains=q)
    page = Paginator(departments, 50).get_page(request.GET.get("page"))
    return render(request, "members/department_list.html", {"page_obj": page, "q": q})


@officer_required
def department_edit(request, pk=None):
    department = get_object_or_404(Department, pk=pk) if pk else None
    form = DepartmentForm(request.POST or None, instance=department)
    if request.method == "POST" and form.is_valid():
        department = form.save()
        messages.success(request, f"已保存部门“{department.name}”。")
        return redirect("members:departments")
    return render(
        request,
        "members/simple_form.html",
        {
            "form": form,
            "title": f"编辑部门：{department.name}" if department else "添加部门",
            "back": "members:departments",
        },
    )


@officer_required
def group_list(request):
    groups = (
        UnionGroup.objects.select_related("department", "leader")
        .annotate(member_count=Count("members", filter=Q(members__membership_status__in=["active", "reserved"])))
        .order_by("sort_order", "name")
    )
    q = request.GET.get("q", "").strip()
    if q:
        groups = groups.filter(name__icontains=q)
    page = Paginator(groups, 50).get_page(request.GET.get("page"))
    return render(request, "members/group_list.html", {"page_obj": page, "q": q})


@officer_required
def group_edit(request, pk=None):
    group = get_object_or_404(UnionGroup, pk=pk) if pk else None
    form = UnionGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        group = form.save()
        messages.success(request, f"已保存工会小组“{group.name}”。")
        return redirect("members:groups")
    return render(
        request,
        "members/simple_form.html",
        {"form": form, "title": f"编辑工会小组：{group.name}" if group else "添加工会小组", "back": "members:groups"},
    )


# --- login accounts -----------------------------------------------------------------------


@officer_required
def account_select(request):
    """Pick members without a login (filters as on the roster) and create accounts for them."""
    form = MemberFilterForm(request.GET or None)
    qs = form.filter(Member.objects.in_union().filter(user__isnull=True).select_related("department"))
    qs = qs.order_by("department__sort_order", "department__name", "staff_no")
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "members/account_select.html", {"form": form, "page_obj": page, "query": request.GET})


@officer_required
@require_POST
@never_cache
def account_create(request):
    if request.POST.get("scope") == "all":
        form = MemberFilterForm(request.POST)
        if not form.is_valid():  # never widen "all matching" to everybody because a filter went stale
            messages.error(request, "筛选条件已失效（如部门已删除），请重新筛选后再开通。")
            return redirect("members:accounts")
        members = form.filter(Member.objects.in_union().filter(user__isnull=True))
    else:
        ids = [int(x) for x in request.POST.getlist("member") if x.isdigit()]
        if not ids:
            messages.error(request, "请先勾选要开通账号的会员。")
            return redirect("members:accounts")
        members = Member.objects.in_union().filter(pk__in=ids, user__isnull=True)
    try:
        issued = services.create_accounts(members=list(members.only("pk")), by=request.user)
    except services.MemberError as exc:
        messages.error(request, str(exc))
        return redirect("members:accounts")
    issued.sort(key=lambda pair: (pair[0].department.sort_order, pair[0].department.name, pair[0].staff_no))
    # The passwords exist only in this response (never_cache: no-store) and are stored nowhere.
    return render(request, "members/account_passwords.html", {"issued": issued})


@officer_required
@require_POST
@never_cache
def member_password_reset(request, pk):
    """重置密码: the login page tells members who forgot their password to ask an officer."""
    member = get_object_or_404(visible_members(request.user).select_related("user"), pk=pk)
    try:
        password = services.reset_password(member=member, by=request.user)
    except services.MemberError as exc:
        messages.error(request, str(exc))
        return redirect("members:detail", pk=member.pk)
    return render(request, "members/account_passwords.html", {"issued": [(member, password)], "reset": True})


# --- import ---------------------------------------------------------------------------------

IMPORT_DIR = "roster-imports"


STALE_IMPORT_SECONDS = 24 * 3600


def _import_path(token):
    return os.path.join(settings.MEDIA_ROOT, IMPORT_DIR, f"{token}.xlsx")


def _purge_stale_imports():
    """Uploads that were checked but never confirmed are removed after a day."""
    folder = os.path.join(settings.MEDIA_ROOT, IMPORT_DIR)
    cutoff = time.time() - STALE_IMPORT_SECONDS
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return
    for entry in entries:
        try:
            if entry.is_file() and entry.stat().st_mtime < cutoff:
                os.remove(entry.path)
        except OSError:
            pass


@officer_required
def import_upload(request):
    """Step 1: upload → the full report (nothing written). Step 2 is import_confirm."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            validate_attachment(upload, allowed={".xlsx"})
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            _purge_stale_imports()
            allow_new = form.cleaned_data["allow_new"]
            report = importer.read_roster(upload, allow_new=allow_new)
            token = None
            if report.ok:
                token = uuid.uuid4().hex
                os.makedirs(os.path.dirname(_import_path(token)), exist_ok=True)
                upload.seek(0)
                with open(_import_path(token), "wb") as fh:
                    for chunk in upload.chunks():
                        fh.write(chunk)
                _forget_pending(request)
                request.session["roster_import"] = {"token": token, "name": upload.name, "allow_new": allow_new}
            return render(
                request,
                "members/import_report.html",
                {"report": report, "token": token, "filename": upload.name, "form": ImportUploadForm()},
            )
    return render(request, "members/import_upload.html", {"form": form})


def _forget_pending(request):
    pending = request.session.pop("roster_import", None)
    if pending:
        try:
            os.remove(_import_path(pending["token"]))
        except OSError:
            pass


@officer_required
@require_POST
def import_confirm(request):
    """Re-validate the stored upload and write it in one transaction (or not at all)."""
    pending = request.session.get("roster_import")
    if not pending or pending.get("token") != request.POST.get("token"):
        messages.error(request, "导入已失效或已完成，请重新上传文件。")
        return redirect("members:import")
    path = _import_path(pending["token"])
    if not os.path.exists(path):
        request.session.pop("roster_import", None)
        messages.error(request, "导入已失效，请重新上传文件。")
        return redirect("members:import")
    with open(path, "rb") as fh:
        report = importer.import_roster(fh, by=request.user, allow_new=pending.get("allow_new", True))
    _forget_pending(request)
    if not report.ok:
        # the data changed since the preview (e.g. someone else took an 证件号码): show why, nothing written
        return render(
            request,
            "members/import_report.html",
            {"report": report, "token": None, "filename": pending["name"], "form": ImportUploadForm()},
        )
    messages.success(request, f"花名册导入完成：{report.summary()}")
    return redirect(reverse("members:list"))


@officer_required
def import_template(request):
    return xlsx_response(exports.template_workbook(), "会员花名册导入模板.xlsx")
