"""Writes for activities and sports meets. Every function is atomic and raises a domain
error with a Chinese message; nothing is half-written."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from activities import brackets, ranking
from activities.marks import MarkError
from activities.models import Activity, Entry, EntryMember, Event, Match, Meet, Participation, Result, Unit
from members.models import Member
from unionhub.permissions import is_officer, member_of


class ActivityError(Exception):
    """A refused action; str(error) is the message shown to the user."""


class EntryError(ActivityError):
    pass


class ResultsInvalid(ActivityError):
    """Some rows of a results form are wrong. errors: {entry id: message}."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(f"有{len(errors)}行成绩有误，未保存任何成绩，请修改后重新提交。")


# ------------------------------------------------------------------ activities


@transaction.atomic
def register(*, activity: Activity, member: Member, by=None, day=None):
    """A member signs up for an activity (报名) before the deadline and while places are left."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if member is None:
        raise ActivityError("您的账号未关联会员档案，不能报名。")
    if activity.mode != Activity.Mode.REGISTRATION:
        raise ActivityError("该活动不接受个人报名。")
    if not activity.registration_open(day):
        raise ActivityError("报名已截止。")
    if activity.participations.filter(member=member).exists():
        raise ActivityError("您已报名该活动。")
    if activity.capacity is not None and activity.participations.count() >= activity.capacity:
        raise ActivityError(f"名额已满（限{activity.capacity}人）。")
    return Participation.objects.create(activity=activity, member=member, source=Participation.Source.SELF)


@transaction.atomic
def cancel_registration(*, activity: Activity, member: Member, day=None):
    if not activity.registration_open(day):
        raise ActivityError("报名已截止，不能取消，请联系工会。")
    deleted, _ = Participation.objects.filter(activity=activity, member=member).delete()
    if not deleted:
        raise ActivityError("您没有报名该活动。")


@transaction.atomic
def add_participants(*, activity: Activity, members, by=None):
    """Officers add people to the list (any mode except head count). Returns how many were new."""
    if activity.mode == Activity.Mode.HEADCOUNT:
        raise ActivityError("该活动只记人数，请直接修改参加人数。")
    have = set(activity.participations.values_list("member_id", flat=True))
    new = [
        Participation(activity=activity, member=m, source=Participation.Source.OFFICER)
        for m in members
        if m.pk not in have
    ]
    Participation.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def remove_participant(*, participation: Participation):
    participation.delete()


# ------------------------------------------------------------------ meets: units


@transaction.atomic
def units_from_departments(*, meet: Meet):
    """One 代表队 per active department that the meet does not have yet. Returns how many."""
    from members.models import Department

    _check_unlocked(meet)
    have = set(meet.units.exclude(department=None).values_list("department_id", flat=True))
    names = set(meet.units.values_list("name", flat=True))
    new = [
        Unit(meet=meet, name=d.name, department=d, sort_order=d.sort_order)
        for d in Department.objects.filter(is_active=True)
        if d.pk not in have and d.name not in names
    ]
    Unit.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def set_locked(*, meet: Meet, locked: bool):
    meet.is_locked = locked
    meet.save(update_fields=["is_locked"])


def _check_unlocked(meet):
    if meet.is_locked:
        raise ActivityError("运动会成绩已锁定，不能修改。如需修改请先解锁。")


# ------------------------------------------------------------------ entries


def can_enter_for_unit(user, unit: Unit) -> bool:
    """Officers for any unit, unit leaders (领队) for their own unit."""
    if is_officer(user):
        return True
    me = member_of(user)
    return me is not None and unit.leader_id == me.pk


def entering_units(user, meet: Meet):
    """The units this user may enter whole teams for."""
    if is_officer(user):
        return meet.units.all()
    me = member_of(user)
    return meet.units.filter(leader=me) if me else meet.units.none()


def unit_for(meet: Meet, member):
    """The unit a member enters for by themself: their department's or union group's, else an open unit."""
    if member is None:
        return None
    units = list(meet.units.all())
    explicit = [u for u in units if (u.department_id or u.union_group_id) and u.includes(member)]
    return (explicit or [u for u in units if u.includes(member)] or [None])[0]


def division_refusal(meet: Meet, division, m) -> str:
    """Why `m` may not compete in `division` (sex, age on the meet's reference date), or ""."""
    if division is None:
        return ""
    if division.sex and m.sex != division.sex:
        return f"{m.name}的性别不符合{division.name}（限{division.get_sex_display()}）。"
    if division.min_age is not None or division.max_age is not None:
        age = m.age_on(meet.age_reference_date)
        if age is None:
            return f"{m.name}缺少出生日期，无法确定年龄组。"
        if (division.min_age is not None and age < division.min_age) or (
            division.max_age is not None and age > division.max_age
        ):
            return (
                f"{m.name}按{meet.age_reference_date:%Y-%m-%d}计{age}岁，不符合{division.name}（{division.age_text}）。"
            )
    return ""


@transaction.atomic
def enter(*, event: Event, unit: Unit, members, by, team_name: str = "", day=None) -> Entry:
    """Enter one person (individual event) or one team. Every rule of DOMAIN.md §6 is checked."""
    event = Event.objects.select_for_update(of=("self",)).select_related("meet", "division").get(pk=event.pk)
    meet = event.meet
    members = list(members)
    me = member_of(by)
    officer = is_officer(by)
    leader = me is not None and unit.leader_id == me.pk

    if unit.meet_id != meet.pk:
        raise EntryError("代表队不属于本运动会。")
    if meet.is_locked:
        raise EntryError("运动会成绩已锁定，不能再报名。")
    if not officer:
        if not leader and not (me is not None and [m.pk for m in members] == [me.pk]):
            raise EntryError("您只能为自己报名；为代表队报名请联系领队或工会干部。")
        if not meet.entries_open(day):
            raise EntryError(f"报名时间为{meet.entry_opens:%Y-%m-%d}至{meet.entry_closes:%Y-%m-%d}，现在不能报名。")
    if event.is_match and event.matches.exists():
        raise EntryError(f"{event}的对阵已生成，不能再报名。")

    if event.is_individual:
        if len(members) != 1:
            raise EntryError("个人项目每次报名一人。")
    elif not event.team_min <= len(members) <= event.team_max:
        size = f"{event.team_min}人" if event.team_min == event.team_max else f"{event.team_min}-{event.team_max}人"
        raise EntryError(f"{event}每队需{size}，现有{len(members)}人。")
    if len({m.pk for m in members}) != len(members):
        raise EntryError("同一队员不能重复填写。")

    # lock the people, so two simultaneous entries cannot both pass the per-person limit
    locked = {m.pk: m for m in Member.objects.select_for_update().filter(pk__in=[m.pk for m in members])}
    members = [locked[m.pk] for m in members]
    division = event.division
    for m in members:
        if m.membership_status not in ("active", "reserved"):
            raise EntryError(f"{m.name}不是在会会员，不能报名。")
        if not unit.includes(m):
            raise EntryError(f"{m.name}不属于{unit.name}，不能代表该队参赛。")
        refusal = division_refusal(meet, division, m)
        if refusal:
            raise EntryError(refusal)

    taken = {
        row["member_id"]: row
        for row in EntryMember.objects.filter(event=event, member__in=members).values("member_id", "member__name")
    }
    if taken:
        name = next(iter(taken.values()))["member__name"]
        raise EntryError(f"{name}已报名{event}。")

    others = (
        EntryMember.objects.filter(member__in=members, event__meet=meet)
        .select_related("event", "event__division", "member")
        .order_by("event__sort_order", "event_id")
    )
    if event.counts_toward_limit:
        limited = {}
        for em in others:
            if em.event.counts_toward_limit:
                limited.setdefault(em.member, []).append(str(em.event))
        for m, events in limited.items():
            if len(events) >= meet.max_events_per_person:
                raise EntryError(
                    f"每人最多报名{meet.max_events_per_person}个个人项目，{m.name}已报名：{'、'.join(events)}。"
                )
    if event.starts_at:
        for em in others:
            if event.overlaps(em.event):
                raise EntryError(
                    f"{em.member.name}已报名{em.event}（{em.event.time_label}），"
                    f"与{event}（{event.time_label}）时间冲突。"
                )

    count = event.entries.filter(unit=unit).count()
    if count >= event.entries_per_unit:
        what = "人" if event.is_individual else "队"
        raise EntryError(f"{unit.name}在{event}已报{count}{what}，每队限报{event.entries_per_unit}{what}。")

    entry = Entry.objects.create(event=event, unit=unit, team_name=team_name.strip(), created_by=by)
    EntryMember.objects.bulk_create(
        [EntryMember(entry=entry, event=event, member=m, order=i) for i, m in enumerate(members, start=1)]
    )
    return entry


def schedule_clashes(event: Event):
    """[(member name, other event)] for the event's entrants who are also entered in another event
    of the meet that overlaps it in time (after the officer moved or lengthened an event)."""
    if not event.starts_at:
        return []
    mine = EntryMember.objects.filter(event=event).values("member_id")
    others = (
        EntryMember.objects.filter(event__meet_id=event.meet_id, member_id__in=mine, event__starts_at__isnull=False)
        .exclude(event=event)
        .select_related("member", "event", "event__division")
        .order_by("event__starts_at", "member__name")
    )
    return [(em.member.name, em.event) for em in others if event.overlaps(em.event)]


def can_withdraw(user, entry: Entry, day=None) -> bool:
    meet = entry.event.meet
    if meet.is_locked:
        return False
    if is_officer(user):
        return True
    if not meet.entries_open(day):
        return False
    me = member_of(user)
    if me is None:
        return False
    if entry.unit.leader_id == me.pk:
        return True
    return entry.event.is_individual and any(em.member_id == me.pk for em in entry.entry_members.all())


@transaction.atomic
def withdraw(*, entry: Entry, by, day=None):
    if not can_withdraw(by, entry, day):
        raise EntryError("您不能撤销这条报名（报名已截止、成绩已锁定或不是您的报名）。")
    if hasattr(entry, "result") or Match.objects.filter(event=entry.event).exists():
        raise EntryError("该项目已有成绩或对阵，不能撤销报名。")
    entry.delete()


# ------------------------------------------------------------------ results


def _points_decimal(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@transaction.atomic
def save_results(*, event: Event, rows, by):
    """rows: {entry id: (list of typed attempt texts, status)}. All rows are checked first;
    any bad row raises ResultsInvalid and nothing is written. Then places and points of the
    whole event are recomputed from the marks."""
    event = Event.objects.select_for_update(of=("self",)).select_related("meet").get(pk=event.pk)
    _check_unlocked(event.meet)
    if event.is_match:
        raise ActivityError("对抗赛项目的成绩由对阵结果产生，请在对阵页录入比分。")
    entries = {e.pk: e for e in event.entries.all()}
    errors, parsed = {}, {}
    for entry_id, (texts, status) in rows.items():
        if entry_id not in entries:
            raise ActivityError("提交的报名不属于本项目，请刷新页面后重试。")
        status = (status or "").upper()
        if status not in Result.Status.values:
            errors[entry_id] = "状态只能是 DNS、DNF 或 DQ"
            continue
        texts = list(texts)[: event.attempts]
        attempts = []
        try:
            for t in texts:
                attempts.append(event.parse_mark(t) if (t or "").strip() else None)
        except MarkError as e:
            if event.attempts > 1:  # say which attempt, and how to record a failed one
                errors[entry_id] = f"第{len(attempts) + 1}次：{e}（试跳/试投失败请留空）"
            else:
                errors[entry_id] = str(e)
            continue
        mark = ranking.aggregate_attempts(attempts, how=event.aggregate, higher_is_better=event.higher_is_better)
        if status:
            mark = None
        parsed[entry_id] = (mark, attempts if event.attempts > 1 else [], status)
    if errors:
        raise ResultsInvalid(errors)
    existing = {r.entry_id: r for r in Result.objects.filter(entry__event=event)}
    to_create, to_update, to_delete = [], [], []
    for entry_id, (mark, attempts, status) in parsed.items():
        r = existing.get(entry_id)
        if mark is None and not status and not any(a is not None for a in attempts):
            if r:
                to_delete.append(r.pk)
            continue
        if r is None:
            to_create.append(
                Result(entry_id=entry_id, mark=mark, attempt_marks=attempts, status=status, recorded_by=by)
            )
        elif (r.mark, r.attempt_marks, r.status) != (mark, attempts, status):
            r.mark, r.attempt_marks, r.status, r.recorded_by = mark, attempts, status, by
            r.updated_at = timezone.now()
            to_update.append(r)
    Result.objects.filter(pk__in=to_delete).delete()
    Result.objects.bulk_create(to_create)
    Result.objects.bulk_update(to_update, ["mark", "attempt_marks", "status", "recorded_by", "updated_at"])
    recompute_event(event)
    return len(to_create) + len(to_update) + len(to_delete)


@transaction.atomic
def recompute(*, event: Event):
    """Places and points of one event again (after the points table, tie rule or multiplier changed)."""
    if event.is_match:
        if event.matches.exists():
            _refresh_matches(event)
    else:
        recompute_event(event)


def recompute_event(event: Event):
    """Places and points of every result of a marked event, from the marks."""
    results = list(Result.objects.filter(entry__event=event).order_by("id"))
    meet = event.meet
    ranked = ranking.rank_event(
        [(r, r.mark, r.status) for r in results],
        higher_is_better=event.higher_is_better,
        table=meet.points,
        multiplier=event.multiplier,
        tie_rule=meet.tie_rule,
    )
    for row in ranked:
        row.key.place = row.place
        row.key.points = _points_decimal(row.points)
    Result.objects.bulk_update(results, ["place", "points"])


def _write_places(event: Event, places: dict):
    """Results of a match event from {entry: place}; entries without a place get none."""
    meet = event.meet
    entries = list(event.entries.all())
    place_list = [places.get(e) for e in entries]
    points = ranking.points_for_places(
        place_list, table=meet.points, multiplier=event.multiplier, tie_rule=meet.tie_rule
    )
    existing = {r.entry_id: r for r in Result.objects.filter(entry__event=event)}
    create, update = [], []
    for e, place, pts in zip(entries, place_list, points, strict=True):
        r = existing.get(e.pk)
        if r is None:
            create.append(Result(entry=e, place=place, points=_points_decimal(pts)))
        else:
            r.place, r.points = place, _points_decimal(pts)
            update.append(r)
    Result.objects.bulk_create(create)
    Result.objects.bulk_update(update, ["place", "points"])


# ------------------------------------------------------------------ matches


@transaction.atomic
def generate_matches(*, event: Event, by=None):
    """Draw a knockout bracket or a round robin for a match event, in entry order (seeds first)."""
    event = Event.objects.select_for_update(of=("self",)).select_related("meet").get(pk=event.pk)
    _check_unlocked(event.meet)
    if not event.is_match:
        raise ActivityError("只有对抗赛项目需要生成对阵。")
    if event.matches.exclude(winner_side="").exclude(is_bye=True).exists():
        raise ActivityError("已有比赛结果，不能重新生成对阵。")
    entries = sorted(event.entries.all(), key=lambda e: (e.seed is None, e.seed or 0, e.pk))
    if len(entries) < 2:
        raise ActivityError("至少需要2支队伍报名才能生成对阵。")
    event.matches.all().delete()
    Result.objects.filter(entry__event=event).delete()
    for i, e in enumerate(entries, start=1):
        e.seed = i
    Entry.objects.bulk_update(entries, ["seed"])
    rows = []
    if event.match_format == Event.Format.ROUND_ROBIN:
        groups = brackets.split_groups(entries, event.groups) if event.groups > 1 else [entries]
        number = 0
        for g, teams in enumerate(groups):
            label = brackets.group_label(g) if len(groups) > 1 else ""
            for r, pairs in enumerate(brackets.round_robin_rounds(teams), start=1):
                for pos, (a, b) in enumerate(pairs):
                    number += 1
                    rows.append(
                        Match(
                            event=event,
                            number=number,
                            kind=Match.Kind.ROUND_ROBIN,
                            group=label,
                            round_no=r,
                            position=pos,
                            entry_a=a,
                            entry_b=b,
                        )
                    )
    else:
        rows = _knockout_rows(event, brackets.single_elimination(entries), offset=0)
    Match.objects.bulk_create(rows)
    _refresh_matches(event)
    return len(rows)


def _knockout_rows(event, bracket, *, offset):
    return [
        Match(
            event=event,
            number=offset + m.number,
            kind=Match.Kind.THIRD if m.kind == brackets.THIRD else Match.Kind.MAIN,
            round_no=m.round,
            position=m.position,
            entry_a=m.a,
            entry_b=m.b,
            is_bye=m.bye,
            winner_side=("a" if m.a is not None else "b") if m.bye else "",
        )
        for m in bracket.matches
    ]


@transaction.atomic
def generate_group_knockout(*, event: Event, by=None):
    """After the group round robins: each group's top two play a cross knockout (A1-B2, B1-A2 ...)."""
    event = Event.objects.select_for_update(of=("self",)).select_related("meet").get(pk=event.pk)
    _check_unlocked(event.meet)
    matches = list(event.matches.select_related("entry_a", "entry_b"))
    group_matches = [m for m in matches if m.kind == Match.Kind.ROUND_ROBIN and m.group]
    if not group_matches:
        raise ActivityError("本项目没有分组循环赛。")
    if len(group_matches) != len(matches):
        raise ActivityError("交叉淘汰赛已生成。")
    if any(not m.played for m in group_matches):
        raise ActivityError("小组赛还有比赛未录入比分，不能生成交叉淘汰赛。")
    tables, _ranks, _complete = _group_tables(event, group_matches)
    bracket = brackets.single_elimination(brackets.cross_seeds(tables))
    rows = _knockout_rows(event, bracket, offset=max(m.number for m in matches))
    Match.objects.bulk_create(rows)
    _refresh_matches(event)
    return len(rows)


def _group_tables(event, group_matches):
    """([[entries of a group, best first]] in group order, {entry: rank in group}, all played?)."""
    entries = sorted(event.entries.all(), key=lambda e: (e.seed or 0, e.pk))
    members = {}
    for m in group_matches:
        members.setdefault(m.group, set()).update({m.entry_a_id, m.entry_b_id})
    tables, ranks = [], {}
    for label in sorted(members):
        teams = [e for e in entries if e.pk in members[label]]
        played = [
            brackets.RRResult(m.entry_a, m.entry_b, m.score_a, m.score_b, m.forfeit)
            for m in group_matches
            if m.group == label and m.played
        ]
        standings = brackets.round_robin_standings(teams, played)
        tables.append([st.team for st in standings])
        ranks.update({st.team: st.rank for st in standings})
    return tables, ranks, all(m.played for m in group_matches)


@transaction.atomic
def record_match(*, match: Match, score_a, score_b, forfeit: str = "", by=None):
    match = Match.objects.select_for_update(of=("self",)).select_related("event__meet").get(pk=match.pk)
    event = match.event
    _check_unlocked(event.meet)
    if match.is_bye:
        raise ActivityError("轮空场次无需录入比分。")
    if match.kind == Match.Kind.ROUND_ROBIN and event.matches.exclude(kind=Match.Kind.ROUND_ROBIN).exists():
        raise ActivityError("交叉淘汰赛已生成，小组赛比分不能再修改。")
    if match.entry_a_id is None or match.entry_b_id is None:
        raise ActivityError("对阵双方尚未确定，不能录入比分。")
    if forfeit not in ("", "a", "b"):
        raise ActivityError("弃权方不正确。")
    if forfeit:
        winner = "b" if forfeit == "a" else "a"
        score_a = score_b = None
    else:
        if score_a is None or score_b is None:
            raise ActivityError("请填写双方比分。")
        if score_a < 0 or score_b < 0:
            raise ActivityError("比分不能为负数。")
        if score_a == score_b:
            raise ActivityError("比分相同，请按竞赛规程决出胜负后再录入。")
        winner = "a" if score_a > score_b else "b"
    match.score_a, match.score_b, match.forfeit, match.winner_side = score_a, score_b, forfeit, winner
    match.save(update_fields=["score_a", "score_b", "forfeit", "winner_side"])
    played = event.matches.exclude(pk=match.pk).filter(is_bye=False).exclude(winner_side="")
    before = set(played.values_list("number", flat=True))
    _refresh_matches(event)
    # a corrected result can change who plays a later match: that match's score is cleared
    match.cleared_numbers = sorted(before - set(played.values_list("number", flat=True)))
    return match


def _refresh_matches(event: Event):
    """Push winners through the bracket and write places once they are settled."""
    matches = list(event.matches.select_related("entry_a", "entry_b"))
    group_matches = [m for m in matches if m.kind == Match.Kind.ROUND_ROBIN]
    ko_matches = [m for m in matches if m.kind != Match.Kind.ROUND_ROBIN]
    extra_places, offset = {}, 0
    if group_matches:
        tables, ranks, complete = _group_tables(event, group_matches)
        if not ko_matches:
            # one round robin: its table is the result; groups wait for the cross knockout
            single = len(tables) == 1 and complete
            _write_places(event, ranks if single else {})
            return
        seeds = brackets.cross_seeds(tables)
        extra_places = brackets.group_stage_places(tables, ranks)
        offset = min(m.number for m in ko_matches) - 1
    else:
        seeds = sorted(event.entries.all(), key=lambda e: (e.seed or 0, e.pk))
    bracket = brackets.single_elimination(seeds)
    changed = {}
    while True:  # a corrected early result can change the teams of later matches: repeat until stable
        outcomes = {m.number - offset: m.winner_side for m in ko_matches if m.winner_side and not m.is_bye}
        brackets.resolve(bracket, outcomes)
        stable = True
        for m in ko_matches:
            b = bracket.match(m.number - offset)
            a_id = b.a.pk if b.a is not None else None
            b_id = b.b.pk if b.b is not None else None
            if (m.entry_a_id, m.entry_b_id) != (a_id, b_id):
                stable = False
                m.entry_a_id, m.entry_b_id = a_id, b_id
                if not m.is_bye:  # the teams changed after an earlier result was corrected
                    m.score_a = m.score_b = None
                    m.forfeit = m.winner_side = ""
                changed[m.pk] = m
        if stable:
            break
    if changed:
        Match.objects.bulk_update(
            list(changed.values()), ["entry_a", "entry_b", "score_a", "score_b", "forfeit", "winner_side"]
        )
    _write_places(event, {**extra_places, **brackets.knockout_places(bracket)})


# ------------------------------------------------------------------ standings


def meet_standings(meet: Meet):
    """团体总分: list of ranking.Standing (unit = Unit). Three queries: units, events, results.

    Points are recomputed from the stored places with exact fractions (ties share points),
    so the table never depends on rounded decimals."""
    units = list(meet.units.all())
    by_id = {u.pk: u for u in units}
    events = {e.pk: e for e in meet.events.all()}
    rows = Result.objects.filter(entry__event__meet=meet, place__isnull=False).values_list(
        "entry__event_id", "entry__unit_id", "place"
    )
    per_event = ranking.group_by(rows, key=lambda r: r[0])
    table = meet.points
    scores = []
    for event_id, results in per_event.items():
        event = events[event_id]
        points = ranking.points_for_places(
            [p for _, _, p in results], table=table, multiplier=event.multiplier, tie_rule=meet.tie_rule
        )
        scores.extend((by_id[u], p, pts) for (_, u, p), pts in zip(results, points, strict=True))
    return ranking.team_standings(scores, units=units)


def entry_counts(meet: Meet):
    """{event id: number of entries}."""
    return dict(meet.events.annotate(n=Count("entries")).values_list("pk", "n"))


# ------------------------------------------------------------------ deleting meet parts


@transaction.atomic
def delete_meet_part(*, obj):
    """Delete an event, division or unit of a meet that nothing depends on yet."""
    from activities.models import Division

    meet = obj.meet
    _check_unlocked(meet)
    if isinstance(obj, Event) and obj.entries.exists():
        raise ActivityError(f"{obj}已有报名，请先撤销报名再删除。")
    if isinstance(obj, Division) and obj.events.exists():
        raise ActivityError(f"组别“{obj.name}”下还有比赛项目，不能删除。")
    if isinstance(obj, Unit) and obj.entries.exists():
        raise ActivityError(f"代表队“{obj.name}”已有报名，不能删除。")
    obj.delete()
