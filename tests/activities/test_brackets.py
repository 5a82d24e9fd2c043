import itertools

import pytest

from activities import brackets
from activities.brackets import RRResult, knockout_places, resolve, round_robin_rounds, round_robin_standings


@pytest.mark.parametrize("n", range(2, 11))
def test_round_robin_everyone_meets_everyone_once(n):
    teams = [f"T{i}" for i in range(n)]
    rounds = round_robin_rounds(teams)
    pairs = [frozenset(p) for r in rounds for p in r]
    assert len(pairs) == n * (n - 1) // 2
    assert set(pairs) == {frozenset(p) for p in itertools.combinations(teams, 2)}
    for r in rounds:  # nobody plays twice in a round
        seen = [t for p in r for t in p]
        assert len(seen) == len(set(seen))
    assert len(rounds) == (n if n % 2 else n - 1)


def test_round_robin_points_win_2_loss_1_forfeit_0():
    results = [RRResult("A", "B", 2, 0), RRResult("A", "C", forfeit="b"), RRResult("B", "C", 2, 1)]
    table = {s.team: s for s in round_robin_standings(["A", "B", "C"], results)}
    assert table["A"].points == 4  # two wins
    assert table["B"].points == 1 + 2  # loss to A, win over C
    assert table["C"].points == 0 + 1  # forfeit to A, loss to B
    assert table["C"].forfeits == 1
    assert [table[t].rank for t in "ABC"] == [1, 2, 3]


def test_round_robin_tie_broken_head_to_head():
    # A, B, C, D: A beats B, B beats C, C beats A (cycle among A, B, C); D loses to all but beats... nobody.
    # Make A and B equal on points with A having beaten B.
    results = [
        RRResult("A", "B", 2, 1),
        RRResult("B", "C", 2, 0),
        RRResult("C", "A", 2, 0),
        RRResult("A", "D", 2, 0),
        RRResult("B", "D", 2, 0),
        RRResult("D", "C", 2, 1),
    ]
    standings = round_robin_standings(["A", "B", "C", "D"], results)
    # points: A = 2+1+2 = 5, B = 1+2+2 = 5, C = 1+2+1 = 4, D = 1+1+2 = 4
    assert [(s.team, s.points) for s in standings] == [("A", 5), ("B", 5), ("D", 4), ("C", 4)]
    # A ahead of B: won their match; D ahead of C: won their match
    assert [s.rank for s in standings] == [1, 2, 3, 4]


def test_round_robin_three_way_tie_falls_back_to_net_score():
    results = [RRResult("A", "B", 3, 0), RRResult("B", "C", 2, 1), RRResult("C", "A", 2, 1)]
    standings = round_robin_standings(["A", "B", "C"], results)
    # all 3 points; head-to-head equal (a cycle); net: A +3-1=+2, B -3+1=-2, C -1+1=0
    assert [s.team for s in standings] == ["A", "C", "B"]
    assert [s.net for s in standings] == [2, 0, -2]


def test_round_robin_full_tie_shares_rank_and_unplayed_matches_do_not_count():
    results = [RRResult("A", "B", 2, 1), RRResult("B", "C", 2, 1), RRResult("C", "A", 2, 1), RRResult("A", "D")]
    standings = round_robin_standings(["A", "B", "C", "D"], results)
    assert [s.rank for s in standings] == [1, 1, 1, 4]
    assert standings[-1].played == 0


def test_draw_order():
    assert brackets.draw_order(4) == [1, 4, 2, 3]
    assert brackets.draw_order(8) == [1, 8, 4, 5, 2, 7, 3, 6]


@pytest.mark.parametrize("n", range(3, 17))
def test_single_elimination_byes_and_completion(n):
    teams = [f"S{i}" for i in range(1, n + 1)]
    bracket = brackets.single_elimination(teams)
    size = 1 << (n - 1).bit_length()
    assert bracket.size == size
    first = [m for m in bracket.matches if m.round == 1]
    assert len(first) == size // 2
    byes = [m for m in first if m.bye]
    assert len(byes) == size - n
    # byes go to the top seeds
    bye_teams = {m.a or m.b for m in byes}
    assert bye_teams == set(teams[: size - n])
    # every team appears exactly once in round 1
    assert sorted(t for m in first for t in (m.a, m.b) if t) == sorted(teams)
    # a 3rd-place match exists from 4 teams on
    assert (bracket.third_place is not None) == (n >= 4)
    # play everything, higher seed (lower index) always wins
    outcomes = {}
    for _ in range(len(bracket.matches)):
        resolve(bracket, outcomes)
        for m in bracket.matches:
            if not m.bye and m.a and m.b and m.number not in outcomes:
                outcomes[m.number] = "a" if teams.index(m.a) < teams.index(m.b) else "b"
    resolve(bracket, outcomes)
    places = knockout_places(bracket)
    assert set(places) == set(teams)
    assert places["S1"] == 1 and places["S2"] == 2 and places["S3"] == 3
    if n >= 4:
        assert places["S4"] == 4
    # places follow competition ranking: place p has exactly p - 1 teams ahead of it
    for p in set(places.values()):
        assert sum(1 for q in places.values() if q < p) == p - 1


def test_five_team_bracket_shape():
    bracket = brackets.single_elimination(["1", "2", "3", "4", "5"])
    first = [(m.a, m.b, m.bye) for m in bracket.matches if m.round == 1]
    assert first == [("1", None, True), ("4", "5", False), ("2", None, True), ("3", None, True)]
    semi1, semi2 = [m for m in bracket.matches if m.round == 2]
    assert (semi1.a, semi1.b) == ("1", None)  # waits for 4 v 5
    assert (semi2.a, semi2.b) == ("2", "3")
    resolve(bracket, {2: "b"})
    assert semi1.b == "5"


def test_quarter_final_losers_share_fifth():
    teams = list("ABCDEFGH")
    bracket = brackets.single_elimination(teams)
    outcomes = {m.number: "a" for m in bracket.matches}
    resolve(bracket, outcomes)
    places = knockout_places(bracket)
    assert sorted(places.values()) == [1, 2, 3, 4, 5, 5, 5, 5]


def test_three_teams_semi_loser_is_third_without_a_third_place_match():
    bracket = brackets.single_elimination(["A", "B", "C"])
    resolve(bracket, {2: "a", 3: "a"})  # B beats C, then A beats B in the final
    assert knockout_places(bracket) == {"A": 1, "B": 2, "C": 3}


def test_outcomes_of_undecided_matches_are_ignored_and_places_partial():
    bracket = brackets.single_elimination(list("ABCD"))
    resolve(bracket, {3: "a"})  # final before the semis: ignored
    assert bracket.final.winner is None
    assert knockout_places(bracket) == {}


def test_round_names():
    assert brackets.round_name(3, 3) == "决赛"
    assert brackets.round_name(2, 3) == "半决赛"
    assert brackets.round_name(1, 3) == "1/4决赛"
    assert brackets.round_name(3, 3, brackets.THIRD) == "三四名决赛"


def test_one_team_is_refused():
    with pytest.raises(ValueError, match="至少需要2支"):
        brackets.single_elimination(["A"])


def test_snake_groups():
    teams = [f"S{i}" for i in range(1, 9)]
    assert brackets.split_groups(teams, 2) == [["S1", "S4", "S5", "S8"], ["S2", "S3", "S6", "S7"]]
    assert brackets.split_groups(teams[:7], 3) == [["S1", "S6", "S7"], ["S2", "S5"], ["S3", "S4"]]
    # never more groups than pairs of teams
    assert len(brackets.split_groups(teams[:3], 4)) == 1


@pytest.mark.parametrize("g", [2, 3, 4])
def test_cross_seeds_never_pair_a_group_with_itself_in_round_one(g):
    tables = [[f"{brackets.group_label(i)}1", f"{brackets.group_label(i)}2"] for i in range(g)]
    seeds = brackets.cross_seeds(tables)
    assert sorted(seeds) == sorted(t for table in tables for t in table)
    bracket = brackets.single_elimination(seeds)
    for m in bracket.matches:
        if m.round == 1 and m.a and m.b:
            assert m.a[0] != m.b[0], (m.a, m.b)


def test_two_groups_cross():
    seeds = brackets.cross_seeds([["A1", "A2", "A3"], ["B1", "B2", "B3"]])
    bracket = brackets.single_elimination(seeds)
    assert [(m.a, m.b) for m in bracket.matches if m.round == 1] == [("A1", "B2"), ("B1", "A2")]


def test_group_stage_places_follow_the_knockout_places():
    tables = [["A1", "A2", "A3", "A4"], ["B1", "B2", "B3"]]
    ranks = {"A1": 1, "A2": 2, "A3": 3, "A4": 4, "B1": 1, "B2": 2, "B3": 3}
    # four teams in the knockout take places 1-4; the two 3rds share 5th, the 4th is 7th
    assert brackets.group_stage_places(tables, ranks) == {"A3": 5, "B3": 5, "A4": 7}
