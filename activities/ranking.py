"""Places, points and team standings (DOMAIN.md §6). Pure functions, no database.

- Places use competition ranking: equal marks share a place and the next place skips
  (1, 2, 2, 4). DNS / DNF / DQ (and missing marks) get no place and no points.
- Points come from the meet's points table (default 9-7-6-5-4-3-2-1) times the event's
  multiplier (relays ×2). Tied entrants share the sum of the points of the places they
  occupy: two tied for 2nd get (7+6)/2 = 6.5 each. Fractions keep the sums exact.
- Team standings (团体总分) = sum of points; ties broken by more 1st places, then more
  2nd places, and so on; units still equal share the rank.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

DEFAULT_POINTS = (9, 7, 6, 5, 4, 3, 2, 1)
UNRANKED_STATUSES = frozenset({"DNS", "DNF", "DQ"})

# tie rules (Meet.tie_rule)
TIE_SHARE = "share"  # tied entrants share the sum of the points of the places they occupy
TIE_FULL = "full"  # every tied entrant gets the points of the shared (higher) place


def parse_points_table(text: str) -> tuple[int, ...]:
    """'9-7-6-5-4-3-2-1' (also commas, spaces, Chinese 、) -> (9, 7, 6, 5, 4, 3, 2, 1)."""
    parts = [p for p in re.split(r"[\s,，、/\-]+", str(text or "")) if p]
    if not parts:
        raise ValueError("积分表不能为空，应如 9-7-6-5-4-3-2-1")
    values = []
    for p in parts:
        if not p.isdigit():
            raise ValueError(f"积分表只能包含非负整数，不能是“{p}”")
        values.append(int(p))
    if any(a < b for a, b in zip(values, values[1:], strict=False)):
        raise ValueError("积分表应从第1名起逐名不增，如 9-7-6-5-4-3-2-1")
    return tuple(values)


def competition_places(marks: Sequence, *, higher_is_better: bool) -> list:
    """Places for a list of marks (None = no valid mark) in the same order: [1, 2, 2, 4, None]."""
    valid = [m for m in marks if m is not None]
    ordered = sorted(valid, reverse=higher_is_better)
    first_index = {}
    for i, m in enumerate(ordered):
        first_index.setdefault(m, i)
    return [None if m is None else first_index[m] + 1 for m in marks]


def points_for_places(
    places: Sequence, *, table: Sequence[int] = DEFAULT_POINTS, multiplier=1, tie_rule: str = TIE_SHARE
) -> list[Fraction]:
    """Points for each place in `places` (a whole event's places, None = unplaced)."""
    tie_count = Counter(p for p in places if p is not None)

    def table_at(place):  # 1-based
        return table[place - 1] if 1 <= place <= len(table) else 0

    result = []
    for p in places:
        if p is None:
            result.append(Fraction(0))
            continue
        if tie_rule == TIE_FULL:
            pts = Fraction(table_at(p))
        else:
            k = tie_count[p]
            pts = Fraction(sum(table_at(q) for q in range(p, p + k)), k)
        result.append(pts * multiplier)
    return result


@dataclass
class Ranked:
    key: object
    mark: int | None
    status: str
    place: int | None
    points: Fraction


def rank_event(
    rows: Iterable,
    *,
    higher_is_better: bool,
    table: Sequence[int] = DEFAULT_POINTS,
    multiplier=1,
    tie_rule: str = TIE_SHARE,
) -> list[Ranked]:
    """rows: (key, mark, status). Returns Ranked rows, best first, unplaced last (in input order)."""
    rows = list(rows)
    marks = [None if (status in UNRANKED_STATUSES or mark is None) else mark for _, mark, status in rows]
    places = competition_places(marks, higher_is_better=higher_is_better)
    points = points_for_places(places, table=table, multiplier=multiplier, tie_rule=tie_rule)
    ranked = [
        Ranked(key=key, mark=mark, status=status or "", place=place, points=pts)
        for (key, mark, status), place, pts in zip(rows, places, points, strict=True)
    ]
    order = {id(r): i for i, r in enumerate(ranked)}
    return sorted(ranked, key=lambda r: (r.place is None, r.place or 0, order[id(r)]))


def aggregate_attempts(attempts: Sequence, *, how: str, higher_is_better: bool):
    """Several attempts -> one mark. how: 'best' or 'sum'. None entries are failed attempts."""
    valid = [a for a in attempts if a is not None]
    if not valid:
        return None
    if how == "sum":
        return sum(valid)
    return max(valid) if higher_is_better else min(valid)


@dataclass
class Standing:
    unit: object
    points: Fraction = Fraction(0)
    place_counts: Counter = field(default_factory=Counter)
    rank: int | None = None

    def count(self, place):
        return self.place_counts.get(place, 0)


def team_standings(scores: Iterable, units: Iterable = ()) -> list[Standing]:
    """scores: (unit, place, points) for every placed result. units: every unit to list, even with 0.

    Sorted by points, then most 1st places, then 2nd places, ... Units equal on all of these
    share the rank (1, 2, 2, 4). Input order is kept among equals.
    """
    by_unit: dict = {}
    for u in units:
        by_unit.setdefault(u, Standing(unit=u))
    for unit, place, points in scores:
        s = by_unit.setdefault(unit, Standing(unit=unit))
        s.points += Fraction(points)
        if place is not None:
            s.place_counts[place] += 1
    standings = list(by_unit.values())
    depth = max((p for s in standings for p in s.place_counts), default=0)

    def key(s):
        return (-s.points, *(-s.count(p) for p in range(1, depth + 1)))

    standings.sort(key=key)
    previous = None
    for i, s in enumerate(standings):
        k = key(s)
        s.rank = i + 1 if k != previous else standings[i - 1].rank
        previous = k
    return standings


def format_points(value) -> str:
    """6.5 -> '6.5', 7 -> '7', 22/3 -> '7.33'."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text


def group_by(items, key):
    out = defaultdict(list)
    for item in items:
        out[key(item)].append(item)
    return out
