"""Match play for 拔河 / 乒乓球 / 羽毛球 (DOMAIN.md §6). Pure functions, no database.

Round robin (单循环): every team meets every other once (circle method, a bye when the
number is odd). A win scores 2, a loss 1, a forfeit (弃权) 0. Teams equal on points are
separated by the points of the matches among themselves (head-to-head, applied again to
any smaller group still equal), then by net score (净胜分) over all matches; teams still
equal share the place.

Single elimination (单败淘汰): the draw is filled to the next power of two with byes
(轮空) that go to the top seeds (seed 1 meets the lowest seed, the standard draw
1-8, 4-5, 2-7, 3-6). The two semi-final losers play for 3rd place when there are at
least four teams. Places: final winner 1, loser 2, 3rd-place match 3 and 4, teams out
in earlier rounds share the next place (5 for quarter-final losers, 9 ...).
"""

from dataclasses import dataclass, field

WIN_POINTS = 2
LOSS_POINTS = 1
FORFEIT_POINTS = 0

MAIN = "main"
THIRD = "third"


# ---------------------------------------------------------------- round robin


def round_robin_rounds(teams: list) -> list[list[tuple]]:
    """[[(a, b), ...] per round]. With an odd number each team rests (轮空) once."""
    teams = list(teams)
    if len(teams) < 2:
        return []
    if len(teams) % 2:
        teams.append(None)
    n = len(teams)
    fixed, rotating = teams[0], teams[1:]
    rounds = []
    for _ in range(n - 1):
        line = [fixed, *rotating]
        pairs = []
        for i in range(n // 2):
            a, b = line[i], line[n - 1 - i]
            if a is None or b is None:
                continue
            pairs.append((a, b))
        rounds.append(pairs)
        rotating = rotating[-1:] + rotating[:-1]
    return rounds


@dataclass
class RRResult:
    """One played match: scores, or forfeit = 'a' / 'b' for the side that forfeited."""

    a: object
    b: object
    score_a: int | None = None
    score_b: int | None = None
    forfeit: str = ""

    @property
    def played(self):
        return bool(self.forfeit) or (
            self.score_a is not None and self.score_b is not None and self.score_a != self.score_b
        )

    @property
    def winner(self):
        if self.forfeit:
            return self.b if self.forfeit == "a" else self.a
        if not self.played:
            return None
        return self.a if self.score_a > self.score_b else self.b

    def points_of(self, team):
        if not self.played:
            return 0
        if self.winner == team:
            return WIN_POINTS
        return FORFEIT_POINTS if self.forfeit else LOSS_POINTS


@dataclass
class RRStanding:
    team: object
    played: int = 0
    won: int = 0
    lost: int = 0
    forfeits: int = 0
    points: int = 0
    score_for: int = 0
    score_against: int = 0
    rank: int | None = None

    @property
    def net(self):
        return self.score_for - self.score_against


def round_robin_standings(teams: list, results: list[RRResult]) -> list[RRStanding]:
    table = {t: RRStanding(team=t) for t in teams}
    played = [r for r in results if r.played and r.a in table and r.b in table]
    for r in played:
        for side in (r.a, r.b):
            s = table[side]
            s.played += 1
            s.points += r.points_of(side)
            if r.winner == side:
                s.won += 1
            else:
                s.lost += 1
                if r.forfeit:
                    s.forfeits += 1
            if not r.forfeit:
                mine, theirs = (r.score_a, r.score_b) if side == r.a else (r.score_b, r.score_a)
                s.score_for += mine
                s.score_against += theirs

    def h2h_points(team, group):
        members = set(group)
        return sum(r.points_of(team) for r in played if {r.a, r.b} <= members and team in (r.a, r.b))

    def order(group: list) -> list[list]:
        """Split an equal-points group into ordered sub-groups of still-equal teams."""
        if len(group) == 1:
            return [group]
        by_h2h = {}
        for t in group:
            by_h2h.setdefault(h2h_points(t, group), []).append(t)
        if len(by_h2h) > 1:
            out = []
            for pts in sorted(by_h2h, reverse=True):
                out.extend(order(by_h2h[pts]))
            return out
        by_net = {}
        for t in group:
            by_net.setdefault(table[t].net, []).append(t)
        return [by_net[n] for n in sorted(by_net, reverse=True)]

    by_points = {}
    for t in teams:
        by_points.setdefault(table[t].points, []).append(t)
    ranked = []
    for pts in sorted(by_points, reverse=True):
        for tied in order(by_points[pts]):
            rank = len(ranked) + 1
            for t in tied:
                table[t].rank = rank
                ranked.append(table[t])
    return ranked


# ---------------------------------------------------------------- single elimination


def draw_order(size: int) -> list[int]:
    """Seed numbers in draw order for a power-of-two draw: 8 -> [1, 8, 4, 5, 2, 7, 3, 6]."""
    order = [1]
    while len(order) < size:
        n = len(order) * 2
        order = [x for s in order for x in (s, n + 1 - s)]
    return order


@dataclass
class BracketMatch:
    number: int  # play order, 1..
    round: int  # 1 = first round
    position: int  # 0-based within the round
    kind: str = MAIN
    a: object = None
    b: object = None
    bye: bool = False  # a first-round match with only one team: it goes through
    winner_to: tuple | None = None  # (match number, "a" | "b")
    loser_to: tuple | None = None
    winner: object = None
    loser: object = None


@dataclass
class Bracket:
    size: int  # draw size (power of two)
    rounds: int
    teams: list
    matches: list = field(default_factory=list)

    def match(self, number) -> BracketMatch:
        return self.matches[number - 1]

    @property
    def final(self):
        return next(m for m in self.matches if m.kind == MAIN and m.round == self.rounds)

    @property
    def third_place(self):
        return next((m for m in self.matches if m.kind == THIRD), None)


def round_name(round_no: int, rounds: int, kind: str = MAIN) -> str:
    if kind == THIRD:
        return "三四名决赛"
    left = rounds - round_no
    if left == 0:
        return "决赛"
    if left == 1:
        return "半决赛"
    if left == 2:
        return "1/4决赛"
    if left == 3:
        return "1/8决赛"
    return f"第{round_no}轮"


def single_elimination(teams: list) -> Bracket:
    """The empty draw for teams in seed order (best first)."""
    n = len(teams)
    if n < 2:
        raise ValueError("淘汰赛至少需要2支队伍")
    size = 1
    while size < n:
        size *= 2
    rounds = size.bit_length() - 1
    bracket = Bracket(size=size, rounds=rounds, teams=list(teams))
    number = 0
    first_of_round = {}
    for r in range(1, rounds + 1):
        first_of_round[r] = number + 1
        for pos in range(size >> r):
            number += 1
            bracket.matches.append(BracketMatch(number=number, round=r, position=pos))
    third = None
    if n >= 4:
        number += 1
        third = BracketMatch(number=number, round=rounds, position=1, kind=THIRD)
        bracket.matches.append(third)
    for m in bracket.matches:
        if m.kind == MAIN and m.round < rounds:
            nxt = first_of_round[m.round + 1] + m.position // 2
            m.winner_to = (nxt, "a" if m.position % 2 == 0 else "b")
            if third and m.round == rounds - 1:
                m.loser_to = (third.number, "a" if m.position % 2 == 0 else "b")
    seeds = draw_order(size)
    for pos in range(size // 2):
        m = bracket.matches[pos]
        sa, sb = seeds[2 * pos], seeds[2 * pos + 1]
        m.a = teams[sa - 1] if sa <= n else None
        m.b = teams[sb - 1] if sb <= n else None
        m.bye = m.a is None or m.b is None
    return resolve(bracket, {})


def resolve(bracket: Bracket, outcomes: dict) -> Bracket:
    """Fill the draw from outcomes {match number: "a" | "b" (the winning side)}.

    Byes go through by themselves. Outcomes for matches whose teams are not both known yet
    are ignored. Returns the same bracket, updated.
    """
    for m in bracket.matches:
        if m.round > 1 or m.kind == THIRD:
            m.a = m.b = None
        m.winner = m.loser = None
    for m in bracket.matches:  # matches are in play order: sources come before targets
        if m.bye:
            m.winner = m.a if m.a is not None else m.b
        elif m.a is not None and m.b is not None and outcomes.get(m.number) in ("a", "b"):
            side = outcomes[m.number]
            m.winner, m.loser = (m.a, m.b) if side == "a" else (m.b, m.a)
        if m.winner is not None and m.winner_to:
            target, slot = m.winner_to
            setattr(bracket.match(target), slot, m.winner)
        if m.loser is not None and m.loser_to:
            target, slot = m.loser_to
            setattr(bracket.match(target), slot, m.loser)
    return bracket


def knockout_places(bracket: Bracket) -> dict:
    """{team: place} for the teams whose place is settled so far."""
    places = {}
    third = bracket.third_place
    for m in bracket.matches:
        if m.kind != MAIN or m.loser is None:
            continue
        if m.round == bracket.rounds:
            places[m.winner] = 1
            places[m.loser] = 2
        elif m.round == bracket.rounds - 1 and third is not None:
            continue  # decided by the 3rd-place match
        else:
            places[m.loser] = 2 ** (bracket.rounds - m.round) + 1
    if third is not None and third.loser is not None:
        places[third.winner] = 3
        places[third.loser] = 4
    return places


# ---------------------------------------------------------------- groups, then cross knockout

QUALIFIERS_PER_GROUP = 2


def split_groups(teams: list, groups: int) -> list[list]:
    """Snake seeding (蛇形分组): seeds 1..G go to groups A..G, seeds G+1..2G back from G to A, ..."""
    groups = max(1, min(groups, len(teams) // 2 or 1))
    out = [[] for _ in range(groups)]
    for i, team in enumerate(teams):
        lap, pos = divmod(i, groups)
        out[pos if lap % 2 == 0 else groups - 1 - pos].append(team)
    return out


def group_label(index: int) -> str:
    return "ABCDEFGHIJKLMNOP"[index]


def cross_seeds(group_tables: list[list]) -> list:
    """Knockout seeds from group tables (each best first): every group's 1st, then the 2nds
    arranged so that no first-round match pairs two teams of the same group (A1-B2, B1-A2 ...)."""
    g = len(group_tables)
    firsts = [table[0] for table in group_tables]
    seconds = [table[1] if len(table) > 1 else None for table in group_tables]
    size = 2 * g
    seeds = firsts + [None] * g
    for k in range(1, g + 1):  # seed k (group k's 1st) meets seed size + 1 - k in a full draw
        seeds[size - k] = seconds[k % g]
    return [s for s in seeds if s is not None]


def group_stage_places(group_tables: list[list], ranks: dict, qualifiers: int = QUALIFIERS_PER_GROUP) -> dict:
    """Places of the teams that did not reach the knockout: after the 2G knockout places,
    the teams ranked r in their group share one place across the groups (competition ranking)."""
    by_rank = {}
    for table in group_tables:
        for team in table[qualifiers:]:
            by_rank.setdefault(ranks[team], []).append(team)
    places = {}
    next_place = sum(min(len(t), qualifiers) for t in group_tables) + 1
    for rank in sorted(by_rank):
        for team in by_rank[rank]:
            places[team] = next_place
        next_place += len(by_rank[rank])
    return places
