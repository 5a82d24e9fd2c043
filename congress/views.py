"""Congress pages: thin views over congress/workflow.py (proposals) and congress/services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from congress import exports, forms, services, stats
from congress import workflow as wf
from congress.models import (
    NUMBERED_STATES,
    Delegate,
    Notice,
    NoticeAttachment,
    Objection,
    Proposal,
    ProposalAttachment,
    ProposalState,
    Second,
    Session,
    Suggestion,
    Term,
)
from congress.permissions import (
    can_manage_congress,
    can_read_congress,
    can_see_all_proposals,
    department_proposals,
    visible_notices,
    visible_proposals,
)
from congress.records import KINDS, load_records
from unionhub.excel import xlsx_response
from unionhub.permissions import committee_required, is_committee, is_handler, member_of, officer_required
from unionhub.uploads import protected_download

S = ProposalState
PAGE_SIZE = 20


def _require_congress_reader(user):
    if not can_read_congress(user):
        raise PermissionDenied("您的账号未关联会员档案，不能查看教代会信息。")


def _page(request, qs, size=PAGE_SIZE):
    return Paginator(qs, size).get_page(request.GET.get("page"))


def _with_counts(qs):
    return qs.for_list().select_related("merged_into", "suggestion_track").annotate(second_count=Count("seconds"))


# ------------------------------------------------------------------ proposal lists


@login_required
def index(request):
    return redirect("congress:my_proposals")


@login_required
def my_proposals(request):
    me = member_of(request.user)
    if me is None:
        qs = Proposal.objects.none()
    else:
        qs = Proposal.objects.filter(Q(proposer=me) | Q(pk__in=Second.objects.filter(member=me).values("proposal")))
    qs = _with_counts(qs).order_by("-created_at", "-id")
    page = _page(request, qs)
    for p in page.object_list:
        p.next_step = wf.next_step(p)
        p.mine = p.proposer_id == getattr(me, "pk", None)
    return render(
        request,
        "congress/my_proposals.html",
        {"page_obj": page, "collecting": Session.objects.collecting().select_related("term"), "member": me},
    )


@login_required
def seconding(request):
    """征集附议: proposals of the delegate's term waiting for seconds."""
    me = member_of(request.user)
    mine = Delegate.objects.filter(member=me, is_active=True, term__is_current=True) if me else Delegate.objects.none()
    if not mine.exists():
        raise PermissionDenied("只有本届教代会代表可以附议提案。")
    terms = mine.values("term")
    qs = (
        _with_counts(Proposal.objects.filter(wf.open_for_seconds(), state=S.SECONDING, session__term__in=terms))
        .annotate(seconded_by_me=Exists(Second.objects.filter(proposal=OuterRef("pk"), member=me)))
        .order_by("submitted_at", "id")
    )
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(proposer__name__icontains=q))
    return render(request, "congress/seconding.html", {"page_obj": _page(request, qs), "me": me, "q": q})


REVIEW_TABS = {
    "review": ("待审查", Q(state=S.REVIEW)),
    "filed": ("待交办", Q(state=S.FILED)),
    "handling": ("办理中", Q(state__in=(S.HANDLING, S.RATING))),
    "suggestion": ("意见建议", Q(state=S.SUGGESTION) & ~Q(suggestion_track__status=Suggestion.Status.CLOSED)),
}


@committee_required
def review_queue(request):
    """提案审查: the committee's queue."""
    tab = request.GET.get("tab", "review")
    if tab not in REVIEW_TABS:
        tab = "review"
    counts = Proposal.objects.aggregate(**{k: Count("pk", filter=q) for k, (_, q) in REVIEW_TABS.items()})
    qs = _with_counts(Proposal.objects.filter(REVIEW_TABS[tab][1])).order_by("due_date", "submitted_at", "id")
    page = _page(request, qs)
    tabs = [(k, label, counts[k]) for k, (label, _) in REVIEW_TABS.items()]
    return render(request, "congress/review_queue.html", {"page_obj": page, "tab": tab, "tabs": tabs})


@login_required
def department_inbox(request):
    """本部门承办: what the handler's department must answer, due dates, overdue highlighted."""
    if not is_handler(request.user):
        raise PermissionDenied("只有承办部门可以查看本部门承办的提案。")
    dept = request.user.handler_department
    show = request.GET.get("show", "open")
    qs = _with_counts(department_proposals(request.user))
    if show == "open":
        qs = qs.filter(state=S.HANDLING)
    qs = qs.order_by("due_date", "id")
    suggestions = (
        Suggestion.objects.filter(department=dept)
        .select_related("proposal", "proposal__proposer", "proposal__session")
        .order_by("status", "-id")
    )
    if show == "open":
        suggestions = suggestions.filter(status=Suggestion.Status.ASSIGNED)
    return render(
        request,
        "congress/department_inbox.html",
        {
            "page_obj": _page(request, qs),
            "dept": dept,
            "show": show,
            "suggestions": suggestions[:50],
            "today": timezone.localdate(),
        },
    )


@login_required
def session_list(request):
    _require_congress_reader(request.user)
    # the newest session first: an aggregate query drops Meta.ordering, so it is spelled out
    sessions = (
        Session.objects.select_related("term")
        .annotate(filed=Count("proposals", filter=Q(proposals__state__in=NUMBERED_STATES)))
        .order_by("-term__number", "-number")
    )
    return render(
        request,
        "congress/session_list.html",
        {"sessions": sessions, "can_manage": can_manage_congress(request.user), "terms": Term.objects.all()},
    )


@login_required
def session_detail(request, pk):
    _require_congress_reader(request.user)
    session = get_object_or_404(Session.objects.select_related("term"), pk=pk)
    attendance = session.attendance.values("status").annotate(n=Count("pk"))
    return render(
        request,
        "congress/session_detail.html",
        {
            "session": session,
            "items": session.items.all(),
            "attendance": {a["status"]: a["n"] for a in attendance},
            "delegates": session.term.delegates.filter(is_active=True).count(),
            "can_report": can_see_all_proposals(request.user),
            "can_manage": can_manage_congress(request.user),
        },
    )


@login_required
def session_proposals(request, pk):
    """All proposals of a session the user may see, with filters and search."""
    _require_congress_reader(request.user)
    session = get_object_or_404(Session.objects.select_related("term"), pk=pk)
    form = forms.ProposalFilterForm(request.GET or None)
    qs = _with_counts(visible_proposals(request.user).filter(session=session))
    if form.is_valid():
        d = form.cleaned_data
        if d["q"]:
            qs = qs.filter(
                Q(title__icontains=d["q"]) | Q(number__icontains=d["q"]) | Q(proposer__name__icontains=d["q"])
            )
        if d["state"]:
            qs = qs.filter(state=d["state"])
        if d["category"]:
            qs = qs.filter(category=d["category"])
        if d["department"]:
            qs = qs.filter(lead_department=d["department"])
    qs = qs.order_by("seq", "-submitted_at", "-id")
    return render(
        request,
        "congress/session_proposals.html",
        {
            "session": session,
            "form": form,
            "page_obj": _page(request, qs),
            "can_report": can_see_all_proposals(request.user),
        },
    )


# ------------------------------------------------------------------ one proposal


def _get_proposal(request, pk):
    return get_object_or_404(
        visible_proposals(request.user).select_related(
            "session", "session__term", "category", "proposer", "proposer__department", "lead_department", "merged_into"
        ),
        pk=pk,
    )


@login_required
def proposal_create(request):
    sessions = Session.objects.collecting().select_related("term")
    if member_of(request.user) is None:
        raise PermissionDenied("您的账号未关联会员档案，不能提出提案。")
    if not sessions:
        messages.warning(request, "目前没有正在征集提案的教代会会议。")
        return redirect("congress:my_proposals")
    form = forms.ProposalForm(request.POST or None, request.FILES or None, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            p = services.create_proposal(
                by=request.user,
                session=d["session"],
                category=d["category"],
                title=d["title"],
                reason=d["reason"],
                suggestion=d["suggestion"],
                files=d["attachments"],
            )
        except wf.WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "提案草稿已保存。确认无误后请点击“提交”。")
            return redirect(p)
    return render(request, "congress/proposal_form.html", {"form": form, "title": "提出提案"})


@login_required
def proposal_edit(request, pk):
    p = _get_proposal(request, pk)
    reason = wf.refusal(p, "edit", request.user)
    if reason:
        messages.error(request, reason)
        return redirect(p)
    form = forms.ProposalForm(request.POST or None, request.FILES or None, instance=Proposal.objects.get(pk=p.pk))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            had_seconds = p.seconds.exists()
            p = wf.edit_proposal(
                proposal=p,
                by=request.user,
                title=d["title"],
                category=d["category"],
                reason=d["reason"],
                suggestion=d["suggestion"],
                add_files=d["attachments"],
                remove_attachments=d.get("remove_attachments") or (),
            )
        except wf.WorkflowError as e:
            form.add_error(None, str(e))
        else:
            if had_seconds and not p.seconds.exists():
                messages.warning(request, "提案内容已修改，原有附议已清除，需要代表重新附议。")
            else:
                messages.success(request, "提案已保存。")
            return redirect(p)
    return render(
        request,
        "congress/proposal_form.html",
        {"form": form, "title": "修改提案", "proposal": p, "warn_seconds": p.seconds.exists()},
    )


def _get_proposal_page(request, pk):
    """The proposal with everything its page shows: the proposal (with who-is-who facts about the
    viewer for the buttons), its related lists in one query (congress/records.py), plus the
    timeline and, only when proposals were merged into it, their credited members."""
    user = request.user
    me = member_of(user)
    qs = visible_proposals(user).select_related(
        "session",
        "session__term",
        "category",
        "proposer",
        "proposer__department",
        "lead_department",
        "merged_into",
        "suggestion_track",
        "suggestion_track__department",
    )
    if me is not None:
        delegate = Delegate.objects.filter(
            term_id=OuterRef("session__term_id"), term__is_current=True, member=me, is_active=True
        )
        qs = qs.annotate(viewer_is_delegate=Exists(delegate))
    p = get_object_or_404(qs, pk=pk)
    kinds = ("seconds", "attachments") if p.state in UNFILED_STATES else KINDS
    rec = load_records([p.pk], kinds)[p.pk]
    p.second_count = len(rec.seconds)
    p.viewer_facts = {
        "user_id": user.pk,
        "is_delegate": getattr(p, "viewer_is_delegate", False),
        "seconder_ids": rec.seconder_ids,
        "department_ids": rec.department_ids,
    }
    return p, rec


@login_required
def proposal_detail(request, pk):
    p, rec = _get_proposal_page(request, pk)
    return render(
        request,
        "congress/proposal_detail.html",
        {
            "p": p,
            "actions": wf.allowed_actions(p, request.user),
            "next_step": wf.next_step(p),
            **_proposal_context(p, rec),
        },
    )


# Before 立案 a proposal has no departments, answers, ratings, progress or proposals merged into
# it (merging targets filed ones; 退回 and 撤回 happen before filing): its page reads only seconds
# and attachments.
UNFILED_STATES = (S.DRAFT, S.SECONDING, S.REVIEW, S.WITHDRAWN)


def _proposal_context(p, rec):
    return {
        "seconds": rec.seconds,
        "attachments": rec.attachments,
        "assignments": rec.assignments,
        "answers": rec.answers,
        "ratings": rec.ratings,
        "progress": rec.progress,
        "merged": rec.merged,
        "track": wf.track_of(p),
        "timeline": p.transitions.all(),
        # 并案 keeps the merged proposals' proposers and seconders credited
        "credited": p.credited_members(merged_ids=[m.pk for m in rec.merged]) if rec.merged else None,
    }


ACTION_FORMS = {
    "return": forms.ReasonForm,
    "reject": forms.ReasonForm,
    "merge": forms.MergeForm,
    "assign": forms.AssignForm,
    "answer": forms.AnswerForm,
    "rate": forms.RateForm,
    "progress": forms.TextForm,
    "suggestion_assign": forms.DepartmentForm,
    "suggestion_answer": forms.TextForm,
}

PERFORM = {
    "submit": lambda p, by, d: wf.submit_proposal(proposal=p, by=by),
    "second": lambda p, by, d: wf.second_proposal(proposal=p, by=by),
    "unsecond": lambda p, by, d: wf.unsecond_proposal(proposal=p, by=by),
    "return": lambda p, by, d: wf.return_proposal(proposal=p, by=by, reason=d["reason"]),
    "file": lambda p, by, d: wf.file_proposal(proposal=p, by=by),
    "merge": lambda p, by, d: wf.merge_proposal(proposal=p, by=by, into=d["into"], comment=d["comment"]),
    "reject": lambda p, by, d: wf.reject_proposal(proposal=p, by=by, reason=d["reason"]),
    "assign": lambda p, by, d: wf.assign_proposal(
        proposal=p, by=by, lead=d["lead"], co_departments=d["co_departments"], due_date=d["due_date"]
    ),
    "answer": lambda p, by, d: wf.answer_proposal(proposal=p, by=by, text=d["text"], answer_type=d["answer_type"]),
    "rate": lambda p, by, d: wf.rate_proposal(proposal=p, by=by, result=d["result"], comment=d["comment"]),
    "progress": lambda p, by, d: wf.add_progress(proposal=p, by=by, text=d["text"]),
    "withdraw": lambda p, by, d: wf.withdraw_proposal(proposal=p, by=by),
    "excellent": lambda p, by, d: wf.set_excellent(proposal=p, by=by, excellent=True),
    "unexcellent": lambda p, by, d: wf.set_excellent(proposal=p, by=by, excellent=False),
    "suggestion_assign": lambda p, by, d: wf.assign_suggestion(proposal=p, by=by, department=d["department"]),
    "suggestion_answer": lambda p, by, d: wf.answer_suggestion(proposal=p, by=by, text=d["text"]),
    "suggestion_close": lambda p, by, d: wf.close_suggestion(proposal=p, by=by),
}

TEXT_LABELS = {"progress": "落实情况", "suggestion_answer": "答复内容"}


@login_required
def proposal_action(request, pk, action):
    """GET: the form or confirmation page of an action; POST: perform it through the workflow."""
    if action not in PERFORM:
        raise Http404("没有这个操作。")
    p = _get_proposal(request, pk)
    spec = wf.ACTIONS[action]
    reason = wf.refusal(p, action, request.user)
    if reason:
        messages.error(request, reason)
        return redirect(p)
    form_class = ACTION_FORMS.get(action)
    extra = {"label": TEXT_LABELS[action]} if action in TEXT_LABELS else {}
    form = None
    if form_class:
        form = form_class(request.POST if request.method == "POST" else None, proposal=p, **extra)
        if action == "merge" and not form.fields["into"].queryset.exists():
            # the form would offer an empty list and answer every try with 这个字段是必填项
            messages.error(request, f"{p.session.name}还没有已立案的提案，无法并案；请先立案要并入的提案。")
            return redirect(p)
    elif request.method == "GET" and not spec.confirm:
        return redirect(p)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            PERFORM[action](p, request.user, form.cleaned_data if form else {})
        except wf.WorkflowError as e:
            if form is None:
                messages.error(request, str(e))
                return redirect(p)
            form.add_error(None, str(e))
        else:
            if not visible_proposals(request.user).filter(pk=p.pk).exists():
                # e.g. 退回修改: the draft is the proposer's again, the committee no longer sees it
                messages.success(request, f"已{spec.label}，提案已交回提案人。")
                return redirect("congress:review_queue" if is_committee(request.user) else "congress:my_proposals")
            messages.success(request, f"已{spec.label}。")
            return redirect(p)
    return render(request, "congress/proposal_action.html", {"p": p, "action": spec, "form": form})


@login_required
def proposal_attachment(request, pk, attachment_pk):
    p = _get_proposal(request, pk)
    att = get_object_or_404(ProposalAttachment, proposal=p, pk=attachment_pk)
    return protected_download(att.file, att.name)


@login_required
def proposal_print(request, pk):
    """提案表: one proposal on one A4 page, with its history and signature lines."""
    p, rec = _get_proposal_page(request, pk)
    return render(request, "congress/print_proposal.html", {"p": p, **_proposal_context(p, rec)})


# ------------------------------------------------------------------ session printouts and export


def _filed_for_print(session):
    """The session's filed proposals, each with `.records` (seconds, answers, ratings, merged
    proposals): two queries however many proposals there are."""
    proposals = list(Proposal.objects.filter(session=session, state__in=NUMBERED_STATES).for_list().order_by("seq"))
    records = load_records([p.pk for p in proposals], ("seconds", "answers", "ratings", "merged"))
    for p in proposals:
        p.records = records[p.pk]
    return proposals


@login_required
def session_compilation(request, pk):
    """提案汇编: every filed proposal of the session (filed proposals are public to members)."""
    _require_congress_reader(request.user)
    session = get_object_or_404(Session.objects.select_related("term"), pk=pk)
    return render(
        request, "congress/print_compilation.html", {"session": session, "proposals": _filed_for_print(session)}
    )


def _require_report_access(user):
    if not can_see_all_proposals(user):
        raise PermissionDenied("只有提案工作委员会和工会干部可以查看办理情况报告。")


@login_required
def session_report(request, pk):
    """提案办理情况报告: counts per department (print)."""
    _require_report_access(request.user)
    session = get_object_or_404(Session.objects.select_related("term"), pk=pk)
    return render(
        request,
        "congress/print_report.html",
        {"session": session, "tables": stats.session_report_tables(session), "today": timezone.localdate()},
    )


@login_required
def session_export(request, pk):
    _require_report_access(request.user)
    session = get_object_or_404(Session.objects.select_related("term"), pk=pk)
    return xlsx_response(exports.session_workbook(session), f"{session.name}提案及答复.xlsx")


# ------------------------------------------------------------------ delegates


@officer_required
def delegate_list(request, term_pk):
    term = get_object_or_404(Term, pk=term_pk)
    delegates = term.delegates.select_related("member", "member__department").order_by("delegation", "member__staff_no")
    q = request.GET.get("q", "").strip()
    if q:
        delegates = delegates.filter(Q(member__name__icontains=q) | Q(member__staff_no__icontains=q) | Q(delegation=q))
    return render(
        request,
        "congress/delegate_list.html",
        {
            "term": term,
            "page_obj": _page(request, delegates, 50),
            "q": q,
            "import_form": forms.DelegateImportForm(),
            "add_form": forms.DelegateAddForm(),
        },
    )


@officer_required
@require_POST
def delegate_import(request, term_pk):
    term = get_object_or_404(Term, pk=term_pk)
    form = forms.DelegateImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
        return redirect("congress:delegate_list", term_pk=term.pk)
    try:
        n = services.import_delegates(term=term, upload=form.cleaned_data["file"])
    except services.CongressError as e:
        messages.error(request, "导入失败，未写入任何数据：" + str(e).replace("\n", "；"))
    else:
        messages.success(request, f"已导入 {n} 名代表。")
    return redirect("congress:delegate_list", term_pk=term.pk)


@officer_required
@require_POST
def delegate_add(request, term_pk):
    term = get_object_or_404(Term, pk=term_pk)
    form = forms.DelegateAddForm(request.POST)
    if form.is_valid():
        try:
            d = services.add_delegate(term=term, **form.cleaned_data)
        except services.CongressError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, f"已添加代表 {d.member.name}。")
    else:
        for field, errs in form.errors.items():
            for e in errs:
                messages.error(request, f"{form.fields[field].label}：{e}")
    return redirect("congress:delegate_list", term_pk=term.pk)


# ------------------------------------------------------------------ 校务公开


@login_required
def notice_list(request):
    qs = (
        visible_notices(request.user)
        .select_related("category", "department")
        .annotate(
            objection_count=Count("objections"),
            open_objections=Count("objections", filter=Q(objections__answered_at__isnull=True)),
        )
    )
    q = request.GET.get("q", "").strip()
    cat = request.GET.get("category", "")
    state = request.GET.get("state", "")
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(content__icontains=q))
    if cat.isdigit():
        qs = qs.filter(category_id=int(cat))
    if state in Notice.State.values:
        qs = qs.filter(state=state)
    from congress.models import NoticeCategory

    return render(
        request,
        "congress/notice_list.html",
        {
            "page_obj": _page(request, qs.order_by("-published_at", "-id")),
            "q": q,
            "category": cat,
            "state": state,
            "categories": NoticeCategory.objects.all(),
            "states": Notice.State.choices,
            "can_manage": can_manage_congress(request.user),
            "today": timezone.localdate(),
        },
    )


def _get_notice(request, pk):
    return get_object_or_404(
        visible_notices(request.user).select_related("category", "department", "published_by"), pk=pk
    )


@login_required
def notice_detail(request, pk):
    notice = _get_notice(request, pk)
    manage = can_manage_congress(request.user)
    me = member_of(request.user)
    objections = notice.objections.select_related("member", "answered_by")
    if not manage:
        objections = objections.filter(member=me) if me else objections.none()
    form = forms.ObjectionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.raise_objection(notice=notice, by=request.user, text=form.cleaned_data["text"])
            except services.CongressError as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, "您的反馈/异议已提交，工会将尽快答复。")
                return redirect("congress:notice_detail", pk=notice.pk)
    return render(
        request,
        "congress/notice_detail.html",
        {
            "notice": notice,
            "objections": objections,
            "form": form if me and notice.in_period() else None,
            "answer_form": forms.ObjectionAnswerForm(),
            "can_manage": manage,
            "attachments": notice.attachments.all(),
        },
    )


@officer_required
def notice_create(request):
    return _notice_form(request, None)


@officer_required
def notice_edit(request, pk):
    notice = get_object_or_404(Notice, pk=pk)
    if notice.state != Notice.State.DRAFT:
        # a withdrawn notice cannot be published again: a correction is a new notice
        then = "请新建一条公开事项" if notice.state == Notice.State.WITHDRAWN else "请撤回后新建一条公开事项"
        messages.error(request, f"该公开事项{notice.get_state_display()}，只有草稿可以修改；如需更正，{then}。")
        return redirect("congress:notice_detail", pk=pk)
    return _notice_form(request, notice)


def _notice_form(request, notice):
    form = forms.NoticeForm(request.POST or None, request.FILES or None, instance=notice)
    if request.method == "POST" and form.is_valid():
        notice = services.save_notice(form=form, by=request.user, files=form.cleaned_data["attachments"])
        messages.success(request, "公开事项已保存（草稿）。")
        return redirect("congress:notice_detail", pk=notice.pk)
    return render(request, "congress/notice_form.html", {"form": form, "notice": notice})


@officer_required
def notice_state(request, pk, action):
    """发布 (POST) or 撤回 (confirmation page, then POST)."""
    notice = get_object_or_404(Notice, pk=pk)
    if action not in ("publish", "withdraw"):
        raise Http404
    if request.method == "POST":
        try:
            fn = services.publish_notice if action == "publish" else services.withdraw_notice
            fn(notice=notice, by=request.user)
        except services.CongressError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, "已发布。" if action == "publish" else "已撤回。")
        return redirect("congress:notice_detail", pk=pk)
    if action == "publish":
        return redirect("congress:notice_detail", pk=pk)
    return render(request, "congress/notice_withdraw.html", {"notice": notice})


@officer_required
@require_POST
def objection_answer(request, pk, objection_pk):
    objection = get_object_or_404(Objection, notice_id=pk, pk=objection_pk)
    form = forms.ObjectionAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_objection(objection=objection, by=request.user, answer=form.cleaned_data["answer"])
        except services.CongressError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, "已答复。")
    else:
        messages.error(request, "请填写答复内容。")
    return redirect("congress:notice_detail", pk=pk)


@login_required
def notice_attachment(request, pk, attachment_pk):
    notice = _get_notice(request, pk)
    att = get_object_or_404(NoticeAttachment, notice=notice, pk=attachment_pk)
    return protected_download(att.file, att.name)


# ------------------------------------------------------------------ terms, sessions, items, attendance (officers)


@officer_required
def term_create(request):
    form = forms.TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if form.cleaned_data["is_current"]:
                Term.objects.filter(is_current=True).update(is_current=False)
            term = form.save()
        messages.success(request, f"已建立{term}。")
        return redirect("congress:delegate_list", term_pk=term.pk)
    return render(request, "congress/simple_form.html", {"form": form, "title": "新建届次"})


@officer_required
def session_form(request, pk=None):
    session = get_object_or_404(Session, pk=pk) if pk else None
    form = forms.SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            session = form.save()
            moved = wf.advance_seconded(session) if pk and "seconds_required" in form.changed_data else 0
        messages.success(request, f"已保存{session.name}。")
        if moved:
            messages.info(request, f"{moved} 件提案的附议人数已达到新的要求，已转入待审查。")
        return redirect("congress:session_detail", pk=session.pk)
    title = f"修改{session.name}" if session else "新建教代会会议"
    return render(request, "congress/simple_form.html", {"form": form, "title": title})


@officer_required
def session_items(request, pk):
    session = get_object_or_404(Session, pk=pk)
    formset_class = forms.session_item_formset()
    formset = formset_class(request.POST or None, instance=session)
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, "议案与报告已保存。")
        return redirect("congress:session_detail", pk=session.pk)
    return render(request, "congress/session_items.html", {"session": session, "formset": formset})


@officer_required
def session_attendance(request, pk):
    from congress.models import Attendance

    session = get_object_or_404(Session.objects.select_related("term"), pk=pk)
    delegates = list(
        session.term.delegates.filter(is_active=True)
        .select_related("member", "member__department")
        .order_by("delegation", "member__staff_no")
    )
    current = dict(Attendance.objects.filter(session=session).values_list("delegate_id", "status"))
    if request.method == "POST":
        statuses = {d.pk: request.POST.get(f"status_{d.pk}", Attendance.Status.PRESENT) for d in delegates}
        try:
            services.record_attendance(session=session, statuses=statuses)
        except services.CongressError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, "出席情况已保存。")
            return redirect("congress:session_detail", pk=session.pk)
    for d in delegates:
        d.status = current.get(d.pk, Attendance.Status.PRESENT)
    return render(
        request,
        "congress/session_attendance.html",
        {"session": session, "delegates": delegates, "choices": Attendance.Status.choices},
    )


@officer_required
@require_POST
def delegate_toggle(request, term_pk, pk):
    """在任 on/off (a delegate who left or was recalled can no longer second); reversible."""
    delegate = get_object_or_404(Delegate.objects.select_related("member"), term_id=term_pk, pk=pk)
    delegate.is_active = not delegate.is_active
    delegate.save(update_fields=["is_active"])
    messages.success(request, f"{delegate.member.name}已{'恢复在任' if delegate.is_active else '设为不在任'}。")
    return redirect("congress:delegate_list", term_pk=term_pk)


@officer_required
def delegate_template(request, term_pk):
    """An empty roster workbook with the two columns the import reads."""
    term = get_object_or_404(Term, pk=term_pk)
    return xlsx_response(exports.delegate_template(), f"{term}代表名单导入模板.xlsx")
