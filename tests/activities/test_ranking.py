from fractions import Fraction

import pytest

from activities import ranking
from activities.ranking import competition_places, points_for_places, rank_event, team_standings


def test_competition_ranking_lower_is_better():
    # times in ms: two tie for 2nd, next is 4th
    assert competition_places([10_000, 11_000, 11_000, 12_000], higher_is_better=False) == [1, 2, 2, 4]


def test_competition_ranking_higher_is_better():
    assert competition_places([120, 150, 150, 90, None], higher_is_better=True) == [3, 1, 1, 4, None]


def test_tied_places_share_points():
    # two tied for 2nd share (7+6)/2 = 6.5 each, the next is 4th with 5
    points = points_for_places([1, 2, 2, 4], table=(9, 7, 6, 5, 4, 3, 2, 1))
    assert points == [9, Fraction(13, 2), Fraction(13, 2), 5]


def test_three_way_tie_and_tie_past_end_of_table():
    assert points_for_places([1, 1, 1]) == [Fraction(22, 3)] * 3
    # places 8 and beyond the 8-place table: 8th and 9th tie -> (1+0)/2
    assert points_for_places([8, 8], table=(9, 7, 6, 5, 4, 3, 2, 1)) == [Fraction(1, 2)] * 2
    assert points_for_places([9]) == [0]


def test_full_tie_rule_gives_each_the_higher_place_points():
    assert points_for_places([1, 2, 2, 4], tie_rule=ranking.TIE_FULL) == [9, 7, 7, 5]


def test_relay_multiplier_doubles_points():
    assert points_for_places([1, 2, 2], multiplier=2) == [18, 13, 13]


def test_dns_dnf_dq_get_no_place_and_no_points():
    rows = [("a", 9000, ""), ("b", None, "DNS"), ("c", 8000, "DQ"), ("d", 9500, "DNF"), ("e", 9900, "")]
    ranked = rank_event(rows, higher_is_better=False)
    assert [(r.key, r.place, r.points) for r in ranked] == [
        ("a", 1, 9),
        ("e", 2, 7),
        ("b", None, 0),
        ("c", None, 0),
        ("d", None, 0),
    ]


def test_missing_mark_without_status_is_unplaced():
    ranked = rank_event([("a", None, ""), ("b", 5, "")], higher_is_better=True)
    assert [(r.key, r.place) for r in ranked] == [("b", 1), ("a", None)]


def test_rank_event_ties_in_higher_better_count_event():
    rows = [("甲", 150, ""), ("乙", 160, ""), ("丙", 150, ""), ("丁", 140, "")]
    ranked = rank_event(rows, higher_is_better=True)
    assert [(r.key, r.place, r.points) for r in ranked] == [
        ("乙", 1, 9),
        ("甲", 2, Fraction(13, 2)),
        ("丙", 2, Fraction(13, 2)),
        ("丁", 4, 5),
    ]


def test_aggregate_attempts():
    assert ranking.aggregate_attempts([10, None, 12], how="best", higher_is_better=True) == 12
    assert ranking.aggregate_attempts([10, None, 12], how="best", higher_is_better=False) == 10
    assert ranking.aggregate_attempts([10, None, 12], how="sum", higher_is_better=True) == 22
    assert ranking.aggregate_attempts([None, None], how="best", higher_is_better=True) is None


def test_team_standings_sum_points():
    scores = [("教务处", 1, 9), ("学生处", 2, 7), ("教务处", 3, 6), ("总务处", 4, 5)]
    table = team_standings(scores, units=["总务处", "学生处", "教务处", "语文组"])
    assert [(s.unit, s.points, s.rank) for s in table] == [
        ("教务处", 15, 1),
        ("学生处", 7, 2),
        ("总务处", 5, 3),
        ("语文组", 0, 4),
    ]


def test_team_tie_broken_by_first_places_then_second_places():
    scores = [
        # A: 9 + 5 = 14 with one 1st; B: 7 + 7 = 14 with no 1st -> A ahead
        ("A", 1, 9),
        ("A", 4, 5),
        ("B", 2, 7),
        ("B", 2, 7),
        # C and D: 14 each, no 1st, C has two 2nd places... D one 2nd -> C ahead of D
        ("C", 2, 7),
        ("C", 2, 7),
        ("D", 2, 7),
        ("D", 3, 6),
        ("D", 8, 1),
    ]
    table = team_standings(scores)
    assert [(s.unit, s.rank) for s in table] == [("A", 1), ("B", 2), ("C", 2), ("D", 4)]
    assert table[0].count(1) == 1 and table[1].count(2) == 2


def test_team_tie_goes_down_to_third_places():
    scores = [("A", 2, 7), ("A", 4, 5), ("B", 2, 7), ("B", 3, 6), ("B", 9, -1)]
    # both 12 points, both one 2nd place; B has a 3rd -> B first
    table = team_standings(scores)
    assert [s.unit for s in table] == ["B", "A"]


def test_team_standings_with_shared_points_stay_exact():
    third = Fraction(22, 3)  # three tied for 1st
    table = team_standings([("A", 1, third), ("A", 1, third), ("A", 1, third)])
    assert table[0].points == 22
    assert ranking.format_points(table[0].points) == "22"
    assert ranking.format_points(Fraction(13, 2)) == "6.5"
    assert ranking.format_points(third) == "7.33"


@pytest.mark.parametrize(
    "text, table",
    [("9-7-6-5-4-3-2-1", (9, 7, 6, 5, 4, 3, 2, 1)), ("7,5,3,2,1", (7, 5, 3, 2, 1)), ("7、5、3", (7, 5, 3))],
)
def test_parse_points_table(text, table):
    assert ranking.parse_points_table(text) == table


@pytest.mark.parametrize("text, message", [("", "不能为空"), ("9-x", "非负整数"), ("5-7", "逐名不增")])
def test_bad_points_table(text, message):
    with pytest.raises(ValueError, match=message):
        ranking.parse_points_table(text)
