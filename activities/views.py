from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from activities import brackets, exports, ranking, services
from activities.forms import (
    ActivityForm,
    DivisionForm,
    EntryForm,
    EventForm,
    MatchScoreForm,
    MeetForm,
    ParticipantsForm,
    UnitForm,
)
from activities.models import ActivityType, Division, Entry, EntryMember, Event, Match, Participation, Result, Unit
from activities.permissions import (
    can_view,
    managed_events,
    managed_matches,
    public_meets,
    visible_activities,
    visible_entries,
    visible_events,
    visible_meets,
)
from activities.services import ActivityError, ResultsInvalid
from unionhub.permissions import is_officer, member_of, officer_required

STATUSES = ("DNS", "DNF", "DQ")


def member_required(view):
    """Logged in (else login) and a member or an officer role (else 403)."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not can_view(request.user):
            raise PermissionDenied("您没有权限访问此页面。")
        return view(request, *args, **kwargs)

    return wrapped


def _year(request):
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return None


def entries_with_people(qs):
    return qs.select_related("unit", "event").prefetch_related(
        Prefetch("entry_members", queryset=EntryMember.objects.select_related("member"))
    )


# ------------------------------------------------------------------ activities


@member_required
def activity_list(request):
    qs = visible_activities(request.user).annotate(n=Count("participations")).order_by("-date", "-id")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(place__icontains=q) | Q(organiser__icontains=q))
    type_id = request.GET.get("type", "")
    if type_id.isdigit():
        qs = qs.filter(type_id=int(type_id))
    year = _year(request)
    if year:
        qs = qs.filter(date__year=year)
    when = request.GET.get("when", "")
    today = timezone.localdate()
    if when == "upcoming":
        qs = qs.filter(date__gte=today).order_by("date", "id")
    elif when == "past":
        qs = qs.filter(date__lt=today)
    me = member_of(request.user)
    mine = request.GET.get("mine") == "1"
    if mine:
        qs = qs.filter(participations__member=me) if me else qs.none()
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    my_ids = set()
    if me:
        my_ids = set(
            Participation.objects.filter(member=me, activity__in=[a.pk for a in page]).values_list(
                "activity_id", flat=True
            )
        )
    for a in page:
        a.attendance_count = a.attendance(a.n)
        a.is_mine = a.pk in my_ids
    return render(
        request,
        "activities/activity_list.html",
        {
            "page_obj": page,
            "types": ActivityType.objects.all(),
            "q": q,
            "type_id": type_id,
            "year": year,
            "when": when,
            "mine": mine,
            "years": range(today.year + 1, today.year - 6, -1),
            "can_manage": is_officer(request.user),
            "today": today,
        },
    )


@officer_required
def activity_create(request):
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        activity.created_by = request.user
        activity.save()
        messages.success(request, "活动已创建。")
        return redirect("activities:activity_detail", pk=activity.pk)
    return render(request, "activities/form.html", {"form": form, "title": "新建活动"})


@officer_required
def activity_edit(request, pk):
    activity = get_object_or_404(visible_activities(request.user), pk=pk)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "活动已保存。")
        return redirect("activities:activity_detail", pk=activity.pk)
    return render(request, "activities/form.html", {"form": form, "title": f"编辑活动：{activity.title}"})


@member_required
def activity_detail(request, pk):
    activity = get_object_or_404(visible_activities(request.user), pk=pk)
    me = member_of(request.user)
    officer = is_officer(request.user)
    participations = activity.participations.select_related("member__department")
    count = participations.count()
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "participations": participations if officer else None,
            "count": count,
            "attendance": activity.attendance(count),
            "registered": bool(me and participations.filter(member=me).exists()),
            "can_register": bool(me) and activity.registration_open(),
            "full": activity.capacity is not None and count >= activity.capacity,
            "can_manage": officer,
            "participants_form": ParticipantsForm() if officer else None,
        },
    )


@member_required
@require_POST
def activity_register(request, pk):
    activity = get_object_or_404(visible_activities(request.user), pk=pk)
    try:
        services.register(activity=activity, member=member_of(request.user), by=request.user)
        messages.success(request, "报名成功。")
    except ActivityError as e:
        messages.error(request, str(e))
    return redirect("activities:activity_detail", pk=pk)


@member_required
@require_POST
def activity_cancel(request, pk):
    activity = get_object_or_404(visible_activities(request.user), pk=pk)
    try:
        services.cancel_registration(activity=activity, member=member_of(request.user))
        messages.success(request, "已取消报名。")
    except ActivityError as e:
        messages.error(request, str(e))
    return redirect("activities:activity_detail", pk=pk)


@officer_required
@require_POST
def activity_add_participants(request, pk):
    activity = get_object_or_404(visible_activities(request.user), pk=pk)
    form = ParticipantsForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(form.errors["staff_nos"]))
        return redirect("activities:activity_detail", pk=pk)
    try:
        n = services.add_participants(activity=activity, members=form.cleaned_data["staff_nos"], by=request.user)
        messages.success(request, f"已添加{n}人。")
    except ActivityError as e:
        messages.error(request, str(e))
    return redirect("activities:activity_detail", pk=pk)


@officer_required
def participation_remove(request, pk):
    p = get_object_or_404(
        Participation.objects.filter(activity__in=visible_activities(request.user)).select_related(
            "member", "activity"
        ),
        pk=pk,
    )
    if request.method == "POST":
        services.remove_participant(participation=p)
        messages.success(request, f"已移除{p.member.name}。")
        return redirect("activities:activity_detail", pk=p.activity_id)
    return render(request, "activities/participation_remove.html", {"participation": p})


# ------------------------------------------------------------------ meets


@member_required
def meet_list(request):
    qs = visible_meets(request.user).annotate(n_events=Count("events", distinct=True)).order_by("-start_date", "-id")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(place__icontains=q))
    year = _year(request)
    if year:
        qs = qs.filter(start_date__year=year)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "activities/meet_list.html",
        {
            "page_obj": page,
            "q": q,
            "year": year,
            "years": range(today.year + 1, today.year - 6, -1),
            "can_manage": is_officer(request.user),
            "today": today,
        },
    )


@officer_required
def meet_create(request):
    today = timezone.localdate()
    initial = {"entry_opens": today, "points_table": "9-7-6-5-4-3-2-1"}
    form = MeetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        meet = form.save(commit=False)
        meet.created_by = request.user
        meet.save()
        messages.success(request, "运动会已创建，请添加组别、代表队和比赛项目。")
        return redirect("activities:meet_detail", pk=meet.pk)
    return render(request, "activities/form.html", {"form": form, "title": "新建运动会"})


@officer_required
def meet_edit(request, pk):
    meet = get_object_or_404(visible_meets(request.user), pk=pk)
    form = MeetForm(request.POST or None, instance=meet)
    if request.method == "POST" and form.is_valid():
        form.save()
        for event in meet.events.all():
            services.recompute(event=event)  # the points table or tie rule may have changed
        messages.success(request, "运动会设置已保存。")
        return redirect("activities:meet_detail", pk=meet.pk)
    return render(request, "activities/form.html", {"form": form, "title": f"编辑：{meet.name}"})


@member_required
def meet_detail(request, pk):
    meet = get_object_or_404(visible_meets(request.user), pk=pk)
    events = meet.events.select_related("division").annotate(
        n_entries=Count("entries", distinct=True), n_results=Count("entries__result", distinct=True)
    )
    me = member_of(request.user)
    my_entries = []
    if me:
        my_entries = list(
            EntryMember.objects.filter(event__meet=meet, member=me).select_related("event__division", "entry__unit")
        )
    return render(
        request,
        "activities/meet_detail.html",
        {
            "meet": meet,
            "events": events,
            "divisions": meet.divisions.all(),
            "units": meet.units.select_related("leader", "department", "union_group"),
            "can_manage": is_officer(request.user),
            "my_entries": my_entries,
            "entries_open": meet.entries_open(),
        },
    )


@officer_required
@require_POST
def meet_lock(request, pk):
    meet = get_object_or_404(visible_meets(request.user), pk=pk)
    services.set_locked(meet=meet, locked=not meet.is_locked)
    messages.success(request, "成绩已锁定。" if meet.is_locked else "已解锁，可以修改成绩。")
    return redirect("activities:meet_detail", pk=pk)


def _locked(request, meet, what):
    """A locked meet gets no new parts (a new unit would join the final 团体总分 with 0 points)."""
    messages.error(request, f"运动会成绩已锁定，不能再添加{what}。如需修改请先解锁。")
    return redirect("activities:meet_detail", pk=meet.pk)


@officer_required
def division_create(request, pk):
    meet = get_object_or_404(visible_meets(request.user), pk=pk)
    if meet.is_locked:
        return _locked(request, meet, "组别")
    form = DivisionForm(request.POST or None, meet=meet)
    if request.method == "POST" and form.is_valid():
        form.instance.meet = meet
        form.save()
        messages.success(request, "组别已添加。")
        return redirect("activities:meet_detail", pk=pk)
    return render(request, "activities/form.html", {"form": form, "title": f"{meet.name}：添加组别", "meet": meet})


@officer_required
def unit_create(request, pk):
    meet = get_object_or_404(visible_meets(request.user), pk=pk)
    if meet.is_locked:
        return _locked(request, meet, "代表队")
    form = UnitForm(request.POST or None, meet=meet)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "代表队已添加。")
        return redirect("activities:meet_detail", pk=pk)
    return render(request, "activities/form.html", {"form": form, "title": f"{meet.name}：添加代表队", "meet": meet})


@officer_required
def unit_edit(request, pk):
    unit = get_object_or_404(Unit.objects.filter(meet__in=visible_meets(request.user)), pk=pk)
    form = UnitForm(request.POST or None, instance=unit, meet=unit.meet)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "代表队已保存。")
        return redirect("activities:meet_detail", pk=unit.meet_id)
    return render(request, "activities/form.html", {"form": form, "title": f"编辑代表队：{unit.name}"})


@officer_required
@require_POST
def units_from_departments(request, pk):
    meet = get_object_or_404(visible_meets(request.user), pk=pk)
    try:
        n = services.units_from_departments(meet=meet)
        messages.success(request, f"已按部门添加{n}个代表队。")
    except ActivityError as e:
        messages.error(request, str(e))
    return redirect("activities:meet_detail", pk=pk)


@officer_required
def division_edit(request, pk):
    division = get_object_or_404(Division.objects.filter(meet__in=visible_meets(request.user)), pk=pk)
    form = DivisionForm(request.POST or None, instance=division, meet=division.meet)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "组别已保存。")
        return redirect("activities:meet_detail", pk=division.meet_id)
    return render(request, "activities/form.html", {"form": form, "title": f"编辑组别：{division.name}"})


PARTS = {"event": Event, "division": Division, "unit": Unit}


@officer_required
def meet_part_delete(request, kind, pk):
    """Delete an event, division or unit after a confirmation page."""
    model = PARTS.get(kind)
    if model is None:
        raise Http404
    obj = get_object_or_404(model.objects.filter(meet__in=visible_meets(request.user)).select_related("meet"), pk=pk)
    if request.method == "POST":
        try:
            services.delete_meet_part(obj=obj)
            messages.success(request, f"已删除{model._meta.verbose_name}“{obj}”。")
        except ActivityError as e:
            messages.error(request, str(e))
        return redirect("activities:meet_detail", pk=obj.meet_id)
    return render(
        request, "activities/confirm_delete.html", {"obj": obj, "what": model._meta.verbose_name, "meet": obj.meet}
    )


@officer_required
def event_create(request, pk):
    meet = get_object_or_404(visible_meets(request.user), pk=pk)
    if meet.is_locked:
        return _locked(request, meet, "比赛项目")
    form = EventForm(request.POST or None, meet=meet)
    if request.method == "POST" and form.is_valid():
        event = form.save()
        messages.success(request, f"项目“{event}”已添加。")
        return redirect("activities:meet_detail", pk=pk)
    return render(request, "activities/form.html", {"form": form, "title": f"{meet.name}：添加比赛项目"})


@officer_required
def event_edit(request, pk):
    event = get_object_or_404(managed_events(request.user), pk=pk)
    form = EventForm(request.POST or None, instance=event, meet=event.meet)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            services.recompute(event=event)  # the multiplier may have changed
        messages.success(request, "项目已保存。")
        clashes = services.schedule_clashes(event)
        if clashes:
            listed = "；".join(f"{name}（{other} {other.time_label}）" for name, other in clashes[:10])
            more = f"等 {len(clashes)} 人次" if len(clashes) > 10 else ""
            messages.warning(request, f"调整后以下报名与本项目时间冲突：{listed}{more}。请调整比赛时间或报名。")
        return redirect("activities:event_detail", pk=pk)
    return render(request, "activities/form.html", {"form": form, "title": f"编辑项目：{event}"})


# ------------------------------------------------------------------ events and entries


@member_required
def event_detail(request, pk):
    event = get_object_or_404(visible_events(request.user), pk=pk)
    meet = event.meet
    entries = list(entries_with_people(event.entries.all()).select_related("result"))
    drawn = event.is_match and event.matches.exists()  # entries are closed once the draw is made
    for e in entries:
        e.event = event  # already has its meet: no query per row
        # withdraw() refuses an entry with a result or a draw: offer no link that can only fail
        e.withdrawable = services.can_withdraw(request.user, e) and not drawn and not hasattr(e, "result")
    me = member_of(request.user)
    units = services.entering_units(request.user, meet)
    form = None
    if not meet.is_locked and not drawn and units.exists() and (is_officer(request.user) or meet.entries_open()):
        form = EntryForm(units=units)
    my_unit, not_for_me = None, ""
    if me and meet.entries_open() and event.is_individual and not drawn:
        my_unit = services.unit_for(meet, me)
        not_for_me = services.division_refusal(meet, event.division, me)  # say so before the click
    entered = bool(me and any(em.member_id == me.pk for e in entries for em in e.entry_members.all()))
    return render(
        request,
        "activities/event_detail.html",
        {
            "event": event,
            "meet": meet,
            "entries": entries,
            "form": form,
            "my_unit": my_unit,
            "not_for_me": not_for_me,
            "drawn": drawn,
            "entered": entered,
            "can_manage": is_officer(request.user),
        },
    )


@member_required
@require_POST
def event_enter(request, pk):
    event = get_object_or_404(visible_events(request.user), pk=pk)
    meet = event.meet
    me = member_of(request.user)
    if request.POST.get("self") == "1":
        unit = services.unit_for(meet, me)
        if unit is None:
            messages.error(request, "没有找到您所在的代表队，请联系工会干部。")
            return redirect("activities:event_detail", pk=pk)
        members, team_name = [me], ""
    else:
        form = EntryForm(request.POST, units=services.entering_units(request.user, meet))
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("activities:event_detail", pk=pk)
        unit, members, team_name = (
            form.cleaned_data["unit"],
            form.cleaned_data["staff_nos"],
            form.cleaned_data["team_name"],
        )
    try:
        entry = services.enter(event=event, unit=unit, members=members, by=request.user, team_name=team_name)
        messages.success(request, f"已报名：{entry.member_names}（{unit.name}）。")
    except ActivityError as e:
        messages.error(request, str(e))
    return redirect("activities:event_detail", pk=pk)


@member_required
def entry_withdraw(request, pk):
    entry = get_object_or_404(entries_with_people(visible_entries(request.user)), pk=pk)
    if not services.can_withdraw(request.user, entry):
        raise PermissionDenied("您不能撤销这条报名。")
    if request.method == "POST":
        try:
            services.withdraw(entry=entry, by=request.user)
            messages.success(request, "报名已撤销。")
        except ActivityError as e:
            messages.error(request, str(e))
        return redirect("activities:event_detail", pk=entry.event_id)
    return render(request, "activities/entry_withdraw.html", {"entry": entry})


# ------------------------------------------------------------------ results


def _result_rows(event, entries, typed=None, errors=None):
    rows = []
    for e in entries:
        r = getattr(e, "result", None)
        if typed is not None:
            values = typed[e.pk]
        elif r is None:
            values = [""] * event.attempts
        elif r.status:
            values = [r.status] + [""] * (event.attempts - 1)
        elif event.attempts > 1 and r.attempt_marks:
            values = [event.format_mark(a) for a in r.attempt_marks] + [""] * event.attempts
            values = values[: event.attempts]
        else:
            values = [event.format_mark(r.mark)] + [""] * (event.attempts - 1)
        rows.append({"entry": e, "result": r, "values": values, "error": (errors or {}).get(e.pk, "")})
    return rows


@officer_required
def event_results(request, pk):
    event = get_object_or_404(managed_events(request.user), pk=pk)
    if event.is_match:
        return redirect("activities:event_matches", pk=pk)
    entries = list(entries_with_people(event.entries.all()).select_related("result"))
    typed = errors = None
    if request.method == "POST":
        typed, rows = {}, {}
        for e in entries:
            texts = [request.POST.get(f"mark_{e.pk}_{i}", "").strip() for i in range(event.attempts)]
            typed[e.pk] = texts
            if f"mark_{e.pk}_0" not in request.POST:
                continue  # entered after the page was opened: leave its result alone
            status = ""
            if texts and texts[0].upper() in STATUSES:
                status, texts = texts[0].upper(), [""] * event.attempts
            rows[e.pk] = (texts, status)
        try:
            if event.meet.is_locked:
                raise ActivityError("运动会成绩已锁定，不能修改。如需修改请先解锁。")
            n = services.save_results(event=event, rows=rows, by=request.user)
            messages.success(request, f"成绩已保存（{n}条变动），名次与得分已重新计算。")
            return redirect("activities:event_results", pk=pk)
        except ResultsInvalid as e:
            errors = e.errors
            messages.error(request, str(e))
        except ActivityError as e:
            messages.error(request, str(e))
    ranked = sorted(
        (e for e in entries if getattr(e, "result", None) and e.result.place),
        key=lambda e: e.result.place,
    )
    return render(
        request,
        "activities/event_results.html",
        {
            "event": event,
            "meet": event.meet,
            "rows": _result_rows(event, entries, typed, errors),
            "attempt_range": range(1, event.attempts + 1),
            "ranked": ranked,
        },
        status=400 if errors else 200,
    )


@member_required
def event_matches(request, pk):
    event = get_object_or_404(visible_events(request.user), pk=pk)
    matches = list(
        event.matches.select_related("entry_a__unit", "entry_b__unit").order_by("kind", "group", "round_no", "number")
    )
    ko = [m for m in matches if m.kind != Match.Kind.ROUND_ROBIN]
    group_matches = [m for m in matches if m.kind == Match.Kind.ROUND_ROBIN]
    total_rounds = max((m.round_no for m in ko if m.kind == Match.Kind.MAIN), default=0)
    rounds = {}
    for m in group_matches:
        rounds.setdefault(f"{m.group}组 第{m.round_no}轮" if m.group else f"第{m.round_no}轮", []).append(m)
    for m in sorted(ko, key=lambda m: (m.kind == Match.Kind.THIRD, m.round_no, m.number)):
        kind = brackets.THIRD if m.kind == Match.Kind.THIRD else brackets.MAIN
        rounds.setdefault(brackets.round_name(m.round_no, total_rounds, kind), []).append(m)
    group_tables = []
    if group_matches:
        entries = sorted(event.entries.select_related("unit"), key=lambda e: (e.seed or 0, e.pk))
        by_group = ranking.group_by(group_matches, key=lambda m: m.group)
        for label in sorted(by_group):
            ids = {i for m in by_group[label] for i in (m.entry_a_id, m.entry_b_id)}
            table = brackets.round_robin_standings(
                [e for e in entries if e.pk in ids],
                [
                    brackets.RRResult(m.entry_a, m.entry_b, m.score_a, m.score_b, m.forfeit)
                    for m in by_group[label]
                    if m.played
                ],
            )
            group_tables.append((f"{label}组积分" if label else "循环赛积分", table))
    places = list(
        Result.objects.filter(entry__event=event, place__isnull=False).select_related("entry__unit").order_by("place")
    )
    can_manage = is_officer(request.user) and not event.meet.is_locked
    return render(
        request,
        "activities/event_matches.html",
        {
            "event": event,
            "meet": event.meet,
            "rounds": rounds,
            "group_tables": group_tables,
            "places": places,
            "n_entries": event.entries.count(),
            "can_manage": can_manage,
            "can_cross": can_manage
            and bool(group_matches)
            and group_matches[0].group != ""
            and not ko
            and all(m.played for m in group_matches),
            "groups_locked": bool(ko),
            "can_draw": can_manage and not any(m.played and not m.is_bye for m in matches),
        },
    )


@officer_required
@require_POST
def event_group_knockout(request, pk):
    event = get_object_or_404(managed_events(request.user), pk=pk)
    try:
        n = services.generate_group_knockout(event=event, by=request.user)
        messages.success(request, f"已生成交叉淘汰赛{n}场。")
    except ActivityError as e:
        messages.error(request, str(e))
    return redirect("activities:event_matches", pk=pk)


@officer_required
@require_POST
def event_generate_matches(request, pk):
    event = get_object_or_404(managed_events(request.user), pk=pk)
    try:
        n = services.generate_matches(event=event, by=request.user)
        messages.success(request, f"已生成{n}场对阵。")
    except ActivityError as e:
        messages.error(request, str(e))
    return redirect("activities:event_matches", pk=pk)


@officer_required
@require_POST
def match_score(request, pk):
    match = get_object_or_404(managed_matches(request.user), pk=pk)
    form = MatchScoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, "比分应为0-999的整数。")
    else:
        try:
            saved = services.record_match(
                match=match,
                score_a=form.cleaned_data["score_a"],
                score_b=form.cleaned_data["score_b"],
                forfeit=form.cleaned_data["forfeit"],
                by=request.user,
            )
            messages.success(request, f"第{match.number}场比分已保存。")
            if saved.cleared_numbers:
                numbers = "、".join(f"第{n}场" for n in saved.cleared_numbers)
                messages.warning(request, f"{numbers}的对阵因此改变，原比分已清除，请重新录入。")
        except ActivityError as e:
            messages.error(request, str(e))
    return redirect("activities:event_matches", pk=match.event_id)


# ------------------------------------------------------------------ standings, live, printouts, export


def _event_results(meet, top=None):
    """[(event, [results best first])] for the whole meet in three queries."""
    events = list(meet.events.select_related("division"))
    results = (
        Result.objects.filter(entry__event__meet=meet)
        .select_related("entry__unit")
        .prefetch_related(Prefetch("entry__entry_members", queryset=EntryMember.objects.select_related("member")))
        .order_by("place", "id")
    )
    by_event = ranking.group_by(results, key=lambda r: r.entry.event_id)
    out = []
    for event in events:
        rows = by_event.get(event.pk, [])
        for r in rows:
            r.entry.event = event  # avoid a query per row for display_name / mark_text
        placed = [r for r in rows if r.place]
        unplaced = [r for r in rows if not r.place and r.status]
        if top:
            placed = [r for r in placed if r.place <= top]
            unplaced = []
        out.append((event, placed + unplaced))
    return out


def _standings_context(meet):
    standings = services.meet_standings(meet)
    depth = min(len(meet.points), 8)
    for s in standings:
        s.points_text = ranking.format_points(s.points)
        s.counts = [s.count(p) for p in range(1, depth + 1)]
    return {"standings": standings, "place_headers": [f"第{p}名" for p in range(1, depth + 1)]}


@member_required
def meet_standings(request, pk):
    meet = get_object_or_404(visible_meets(request.user), pk=pk)
    context = {"meet": meet, "event_results": _event_results(meet), "can_manage": is_officer(request.user)}
    context.update(_standings_context(meet))
    return render(request, "activities/meet_standings.html", context)


def live(request, pk):
    """The projector page: public (no login) for a meet the officers marked public."""
    meet = get_object_or_404(public_meets(), pk=pk)
    context = {"meet": meet, "now": timezone.localtime()}
    context.update(_standings_context(meet))
    latest = (
        Result.objects.filter(entry__event__meet=meet, place__isnull=False)
        .values("entry__event_id")
        .annotate(last=Max("updated_at"))
        .order_by("-last")[:4]
    )
    order = [row["entry__event_id"] for row in latest]
    by_event = dict(_event_results(meet, top=6))
    events = {e.pk: e for e in by_event}
    context["latest"] = [(events[i], by_event[events[i]]) for i in order if i in events]
    return render(request, "activities/live.html", context)


@member_required
def print_programme(request, pk):
    meet = get_object_or_404(visible_meets(request.user), pk=pk)
    # 竞赛日程: in time order (the officers' 排序 orders events within the same time; untimed last)
    events = sorted(
        meet.events.select_related("division"),
        key=lambda e: (e.starts_at is None, e.starts_at or 0, e.sort_order, e.pk),
    )
    entries = entries_with_people(Entry.objects.filter(event__meet=meet)).order_by("unit__sort_order", "unit_id", "id")
    by_event = ranking.group_by(entries, key=lambda e: e.event_id)
    programme = []
    for event in events:
        by_unit = {}
        for e in by_event.get(event.pk, []):
            e.event = event
            by_unit.setdefault(e.unit, []).append(e)
        programme.append((event, by_unit))
    return render(
        request,
        "activities/print_programme.html",
        {
            "meet": meet,
            "programme": programme,
            "divisions": meet.divisions.all(),
            "units": meet.units.select_related("leader"),
        },
    )


@member_required
def print_checkin(request, pk):
    event = get_object_or_404(visible_events(request.user), pk=pk)
    entries = list(entries_with_people(event.entries.all()))
    return render(request, "activities/print_checkin.html", {"event": event, "meet": event.meet, "entries": entries})


@member_required
def print_results(request, pk):
    meet = get_object_or_404(visible_meets(request.user), pk=pk)
    context = {"meet": meet, "event_results": _event_results(meet)}
    context.update(_standings_context(meet))
    return render(request, "activities/print_results.html", context)


@member_required
def print_standings(request, pk):
    meet = get_object_or_404(visible_meets(request.user), pk=pk)
    context = {"meet": meet}
    context.update(_standings_context(meet))
    return render(request, "activities/print_standings.html", context)


@officer_required
def print_certificates(request, pk):
    meet = get_object_or_404(visible_meets(request.user), pk=pk)
    top = 6 if request.GET.get("top") == "6" else 3
    certificates = [(event, r) for event, rows in _event_results(meet, top=top) for r in rows]
    return render(
        request,
        "activities/print_certificates.html",
        {"meet": meet, "certificates": certificates, "top": top},
    )


@officer_required
def meet_export(request, pk):
    meet = get_object_or_404(visible_meets(request.user), pk=pk)
    return exports.meet_workbook_response(meet)
