from decimal import Decimal

import pytest

from activities import services
from activities.models import Match, Result
from activities.services import ActivityError, ResultsInvalid

pytestmark = pytest.mark.django_db


@pytest.fixture
def climb_entries(officer, climb, unit, athletes):
    return [services.enter(event=climb, unit=unit, members=[a], by=officer) for a in athletes[:2]]


def test_results_rank_and_score_from_marks(
    officer, make_event, unit, other_unit, athletes, make_member, other_department
):
    event = make_event(name="登山", entries_per_unit=4)
    others = [make_member(department=other_department) for _ in range(2)]
    entries = [services.enter(event=event, unit=unit, members=[a], by=officer) for a in athletes[:3]]
    entries += [services.enter(event=event, unit=other_unit, members=[m], by=officer) for m in others]
    rows = {
        entries[0].pk: (["1:02.35"], ""),
        entries[1].pk: (["1:05.00"], ""),
        entries[2].pk: (["1:05.00"], ""),
        entries[3].pk: ([""], "DNS"),
        entries[4].pk: (["58.9"], ""),
    }
    services.save_results(event=event, rows=rows, by=officer)
    got = {r.entry_id: (r.mark, r.place, r.points) for r in Result.objects.all()}
    assert got[entries[4].pk] == (58900, 1, Decimal("9"))
    assert got[entries[0].pk] == (62350, 2, Decimal("7"))
    assert got[entries[1].pk] == (65000, 3, Decimal("5.5"))  # (6+5)/2
    assert got[entries[2].pk] == (65000, 3, Decimal("5.5"))
    assert got[entries[3].pk] == (None, None, Decimal("0"))
    standings = services.meet_standings(event.meet)
    assert [(s.unit, s.points) for s in standings] == [(unit, 18), (other_unit, 9)]


def test_one_bad_row_saves_nothing(officer, climb, climb_entries):
    rows = {climb_entries[0].pk: (["1:02.35"], ""), climb_entries[1].pk: (["1:75"], "")}
    with pytest.raises(ResultsInvalid) as err:
        services.save_results(event=climb, rows=rows, by=officer)
    assert err.value.errors == {climb_entries[1].pk: "秒数应小于60"}
    assert not Result.objects.exists()


def test_correcting_a_mark_recomputes_places(officer, climb, climb_entries):
    a, b = climb_entries
    services.save_results(event=climb, rows={a.pk: (["60"], ""), b.pk: (["61"], "")}, by=officer)
    services.save_results(event=climb, rows={a.pk: (["62"], ""), b.pk: (["61"], "")}, by=officer)
    assert Result.objects.get(entry=b).place == 1
    assert Result.objects.get(entry=a).place == 2
    # clearing a mark removes the result
    services.save_results(event=climb, rows={a.pk: ([""], ""), b.pk: (["61"], "")}, by=officer)
    assert not Result.objects.filter(entry=a).exists()


def test_attempts_best_of_three(officer, make_event, unit, athletes):
    event = make_event(name="投篮", measure="count", better="higher", attempts=3, decimals=0)
    e = services.enter(event=event, unit=unit, members=[athletes[0]], by=officer)
    services.save_results(event=event, rows={e.pk: (["3", "", "5"], "")}, by=officer)
    r = Result.objects.get()
    assert (r.mark, r.attempt_marks, r.place) == (5, [3, None, 5], 1)


def test_bad_attempt_names_the_attempt_and_how_to_record_a_failure(officer, make_event, unit, athletes):
    event = make_event(name="立定跳远", measure="distance", better="higher", attempts=3)
    e = services.enter(event=event, unit=unit, members=[athletes[0]], by=officer)
    with pytest.raises(ResultsInvalid) as err:
        services.save_results(event=event, rows={e.pk: (["2.10", "2.35", "X"], "")}, by=officer)
    assert err.value.errors == {e.pk: "第3次：无法识别的距离“X”（试跳/试投失败请留空）"}
    assert not Result.objects.exists()


def test_relay_points_are_doubled(officer, make_event, unit, athletes):
    relay = make_event(name="4×50米接力", kind="relay", team_min=4, team_max=4, multiplier=2)
    e = services.enter(event=relay, unit=unit, members=athletes[:4], by=officer)
    services.save_results(event=relay, rows={e.pk: (["58.3"], "")}, by=officer)
    assert Result.objects.get().points == 18


def test_locked_meet_refuses_results(officer, climb, climb_entries, meet):
    meet.is_locked = True
    meet.save()
    with pytest.raises(ActivityError, match="已锁定"):
        services.save_results(event=climb, rows={climb_entries[0].pk: (["60"], "")}, by=officer)


def _tug_teams(officer, make_event, meet, n, make_member, fmt="knockout"):
    from activities.models import Unit
    from members.models import Department

    event = make_event(
        name="拔河", kind="team", measure="match", team_min=1, team_max=10, counts_toward_limit=False, match_format=fmt
    )
    entries = []
    for i in range(n):
        dept = Department.objects.create(name=f"队{i}", sort_order=10 + i)
        u = Unit.objects.create(meet=meet, name=f"队{i}", department=dept, sort_order=10 + i)
        entries.append(services.enter(event=event, unit=u, members=[make_member(department=dept)], by=officer))
    return event, entries


def test_knockout_bracket_with_bye_places_and_points(officer, make_event, meet, make_member):
    event, entries = _tug_teams(officer, make_event, meet, 5, make_member)
    services.generate_matches(event=event, by=officer)
    matches = {m.number: m for m in event.matches.all()}
    assert len(matches) == 8  # 4 + 2 + 1 + 3rd place
    assert [m.is_bye for n, m in sorted(matches.items()) if m.round_no == 1] == [True, False, True, True]

    def play(number, a, b):
        services.record_match(match=Match.objects.get(event=event, number=number), score_a=a, score_b=b, by=officer)

    play(2, 2, 1)  # seed 4 beats seed 5
    play(5, 2, 0)  # seed 1 beats seed 4
    play(6, 0, 2)  # seed 3 beats seed 2
    play(7, 2, 1)  # final: seed 1 beats seed 3
    play(8, 2, 0)  # 3rd place: seed 4 beats seed 2
    places = {r.entry_id: (r.place, r.points) for r in Result.objects.filter(entry__event=event)}
    e1, e2, e3, e4, e5 = entries
    assert places[e1.pk] == (1, 9)
    assert places[e3.pk] == (2, 7)
    assert places[e4.pk] == (3, 6)
    assert places[e2.pk] == (4, 5)
    assert places[e5.pk] == (5, 4)


def test_match_scores_validated(officer, make_event, meet, make_member):
    event, _ = _tug_teams(officer, make_event, meet, 4, make_member)
    services.generate_matches(event=event, by=officer)
    final = Match.objects.get(event=event, number=3)
    with pytest.raises(ActivityError, match="对阵双方尚未确定"):
        services.record_match(match=final, score_a=2, score_b=0, by=officer)
    first = Match.objects.get(event=event, number=1)
    with pytest.raises(ActivityError, match="比分相同"):
        services.record_match(match=first, score_a=1, score_b=1, by=officer)
    services.record_match(match=first, score_a=None, score_b=None, forfeit="b", by=officer)
    first.refresh_from_db()
    assert first.winner_side == "a"
    with pytest.raises(ActivityError, match="已有比赛结果"):
        services.generate_matches(event=event, by=officer)


def test_correcting_an_early_match_clears_later_ones(officer, make_event, meet, make_member):
    event, entries = _tug_teams(officer, make_event, meet, 4, make_member)
    services.generate_matches(event=event, by=officer)

    def play(number, a, b):
        services.record_match(match=Match.objects.get(event=event, number=number), score_a=a, score_b=b, by=officer)

    play(1, 2, 0)
    play(2, 2, 0)
    play(3, 2, 0)
    play(1, 0, 2)  # correction: seed 4 actually won the first semi
    final = Match.objects.get(event=event, number=3)
    assert final.entry_a_id == entries[3].pk
    assert final.winner_side == ""
    assert not Result.objects.filter(entry__event=event, place=1).exists()


def test_round_robin_places_after_last_match(officer, make_event, meet, make_member):
    event, entries = _tug_teams(officer, make_event, meet, 3, make_member, fmt="round_robin")
    services.generate_matches(event=event, by=officer)
    matches = list(event.matches.all())
    assert len(matches) == 3
    wins = {
        frozenset((entries[0].pk, entries[1].pk)): entries[0].pk,
        frozenset((entries[1].pk, entries[2].pk)): entries[1].pk,
        frozenset((entries[0].pk, entries[2].pk)): entries[0].pk,
    }
    for m in matches[:-1]:
        w = wins[frozenset((m.entry_a_id, m.entry_b_id))]
        services.record_match(
            match=m, score_a=2 if w == m.entry_a_id else 0, score_b=0 if w == m.entry_a_id else 2, by=officer
        )
    assert not Result.objects.filter(entry__event=event, place__isnull=False).exists()
    m = matches[-1]
    w = wins[frozenset((m.entry_a_id, m.entry_b_id))]
    services.record_match(
        match=m, score_a=2 if w == m.entry_a_id else 0, score_b=0 if w == m.entry_a_id else 2, by=officer
    )
    places = dict(Result.objects.filter(entry__event=event).values_list("entry_id", "place"))
    assert [places[e.pk] for e in entries] == [1, 2, 3]


def test_groups_then_cross_knockout(officer, make_event, meet, make_member):
    event, entries = _tug_teams(officer, make_event, meet, 6, make_member, fmt="round_robin")
    event.groups = 2
    event.save()
    services.generate_matches(event=event, by=officer)
    group_matches = list(event.matches.all())
    assert {m.group for m in group_matches} == {"A", "B"}
    assert len(group_matches) == 6  # 3 + 3
    with pytest.raises(ActivityError, match="小组赛还有比赛未录入比分"):
        services.generate_group_knockout(event=event, by=officer)
    seed = {e.pk: e.seed for e in event.entries.all()}
    for m in group_matches:  # the better seed always wins
        a_wins = seed[m.entry_a_id] < seed[m.entry_b_id]
        services.record_match(match=m, score_a=2 if a_wins else 0, score_b=0 if a_wins else 2, by=officer)
    assert not Result.objects.filter(entry__event=event, place__isnull=False).exists()
    services.generate_group_knockout(event=event, by=officer)
    ko = list(event.matches.exclude(kind=Match.Kind.ROUND_ROBIN).order_by("number"))
    assert len(ko) == 4  # two semi-finals, final, 3rd place
    # snake groups: A = seeds 1, 4, 5; B = 2, 3, 6 -> A1 (seed 1) v B2 (seed 3), B1 (seed 2) v A2 (seed 4)
    assert (seed[ko[0].entry_a_id], seed[ko[0].entry_b_id]) == (1, 3)
    assert (seed[ko[1].entry_a_id], seed[ko[1].entry_b_id]) == (2, 4)
    with pytest.raises(ActivityError, match="小组赛比分不能再修改"):
        services.record_match(match=group_matches[0], score_a=0, score_b=2, by=officer)
    for number in (ko[0].number, ko[1].number, ko[2].number, ko[3].number):
        m = Match.objects.get(event=event, number=number)
        services.record_match(match=m, score_a=2, score_b=1, by=officer)
    places = {seed[e]: p for e, p in Result.objects.filter(entry__event=event).values_list("entry_id", "place")}
    # final: seed 1 beats seed 2; 3rd place: seed 3 beats seed 4; group 3rds (seeds 5, 6) share 5th
    assert places == {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 5}
