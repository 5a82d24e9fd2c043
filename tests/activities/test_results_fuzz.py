"""Fuzz test of the results entry (issue 7: hostile input never gives a 500 or a partial write).

Hypothesis types anything into the results form of a timed, a counted, a measured and a
scored event (valid marks, near misses, any unicode, huge numbers, formulas, statuses in any
case, attempts beyond the event's count, entries of another event). For every submission:

- save_results() either saves or raises the domain error (ResultsInvalid / ActivityError)
  whose messages are Chinese text; nothing else escapes;
- when it refuses, not one result changed; when it saves, every submitted row is stored and
  every stored mark fits the 64-bit column;
- the results page answers 302 (saved) or 200/400 (refused, typed values echoed escaped), never 500.

Each example runs in a savepoint that is rolled back, so examples do not see each other.
"""

import re

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from activities import marks, services
from activities.marks import MarkError
from activities.models import Result
from activities.services import ActivityError, ResultsInvalid

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
BIGINT_MAX = 2**63 - 1

valid_marks = st.sampled_from(
    ["1:02.35", "62.35", "1:02:03.5", "12″35", "58.9", "120", "120个", "12.5", "12.5 m", "12.50米", "８．５", "0.5"]
)
near_misses = st.sampled_from(
    [
        "1:75",
        "1:02:75.1",
        "0",
        "0.000",
        "-3",
        "1e5",
        "NaN",
        "Infinity",
        "1.2.3",
        "::",
        "1:",
        ":1",
        "12.345678",
        "分",
        "米",
    ]
)
hostile = st.sampled_from(
    ["²", "1²", "²:1", "١٢", "=1+1", "+1", "@SUM(A1)", "<script>alert(1)</script>", "DNS", "dq", "\u3000", "\x00"]
)
huge = st.builds(lambda d, n: d * n, st.sampled_from(["9", "1", "0", "9.", "字"]), st.integers(12, 5000))
mark_text = st.one_of(
    valid_marks, near_misses, hostile, huge, st.text(max_size=20), st.integers(-(10**20), 10**20).map(str), st.just("")
)
statuses = st.one_of(st.sampled_from(["", "", "", "DNS", "dnf", "DQ", "dsq", "X"]), st.text(max_size=4))


@pytest.fixture
def events(officer, make_event, unit, athletes):
    """Four marked events with three entries each: (event, [entries])."""
    specs = [
        dict(name="登山", measure="time", better="lower", decimals=2),
        dict(name="跳绳", measure="count", better="higher", decimals=0, attempts=3),
        dict(name="立定跳远", measure="distance", better="higher", decimals=2, attempts=3, aggregate="sum"),
        dict(name="广播操", measure="score", better="higher", decimals=1, kind="team", team_min=1, team_max=2),
    ]
    result = []
    for i, spec in enumerate(specs):
        ev = make_event(entries_per_unit=6, counts_toward_limit=False, **spec)
        people = athletes[:3] if i % 2 == 0 else athletes[3:]
        result.append((ev, [services.enter(event=ev, unit=unit, members=[p], by=officer) for p in people]))
    return result


def snapshot():
    return sorted(Result.objects.values_list("entry_id", "mark", "attempt_marks", "status", "place", "points"))


@st.composite
def submissions(draw):
    """(event index, {entry index or 'foreign': (texts, status)})."""
    which = draw(st.integers(0, 3))
    rows = {}
    for i in draw(st.lists(st.integers(0, 2), unique=True, min_size=1, max_size=3)):
        rows[i] = (draw(st.lists(mark_text, max_size=4)), draw(statuses))
    if draw(st.integers(0, 14)) == 0:
        rows["foreign"] = ([draw(valid_marks)], "")
    return which, rows


def _submitted(rows, event_entries, foreign_entry):
    return {(foreign_entry if i == "foreign" else event_entries[i]).pk: value for i, value in rows.items()}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sub=submissions())
@example(sub=(0, {0: (["9" * 40], ""), 1: (["1:02.35"], "")}))  # used to overflow the 64-bit column
@example(sub=(1, {0: (["²"], ""), 1: (["120"], "")}))  # used to raise a bare ValueError from int()
@example(sub=(0, {0: (["²:1"], "")}))
@example(sub=(2, {0: (["1" * 5000], "")}))  # used to hit Python's int-string length limit
@example(sub=(1, {0: (["5", "6", "7", "8", "9"], "")}))  # more attempts than the event has
def test_hostile_results_are_reported_never_raised_never_half_written(officer, events, sub):
    which, rows = sub
    event_obj, entries = events[which]
    foreign = events[(which + 1) % 4][1][0]
    submitted = _submitted(rows, entries, foreign)
    with transaction.atomic():
        services.save_results(event=event_obj, rows={entries[2].pk: (["1"], "")}, by=officer)  # something to keep
        before = snapshot()
        try:
            services.save_results(event=event_obj, rows=submitted, by=officer)
        except ResultsInvalid as e:
            event("rejected rows")
            assert e.errors and set(e.errors) <= set(submitted)
            assert all(CJK.search(msg) for msg in e.errors.values()), e.errors
            assert snapshot() == before, "a refused submission must not change any result"
        except ActivityError as e:
            event("refused")
            assert CJK.search(str(e)) and "foreign" in rows
            assert snapshot() == before
        else:
            event("saved")
            stored = {r.entry_id: r for r in Result.objects.filter(entry__event=event_obj)}
            for entry_id, (texts, status) in submitted.items():
                filled = bool(status) or any(t.strip() for t in texts[: event_obj.attempts])
                assert (entry_id in stored) == filled
                if status:
                    assert stored[entry_id].status == status.upper() and stored[entry_id].mark is None
            assert all(r.mark is None or 0 <= r.mark <= BIGINT_MAX for r in stored.values())
            kept = entries[2].pk
            if kept not in submitted:
                assert stored[kept].mark == event_obj.parse_mark("1")
        transaction.set_rollback(True)


@settings(max_examples=300, deadline=None)
@given(
    text=mark_text, measure=st.sampled_from(["time", "count", "distance", "score", "match"]), places=st.integers(0, 4)
)
def test_parse_raises_only_mark_errors_and_fits_the_column(text, measure, places):
    try:
        value = marks.parse(text, measure, places)
    except MarkError as e:
        assert CJK.search(str(e))
    else:
        assert 0 <= value <= marks.MAX_MARK
        # what we show can be typed again
        assert marks.parse(marks.format_mark(value, measure, places), measure, places) == value


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sub=submissions(), junk=st.dictionaries(st.text(max_size=12), st.text(max_size=12), max_size=3))
@example(sub=(1, {0: (["²"], "")}), junk={})  # used to be a 500
@example(sub=(0, {0: (["9" * 40], ""), 1: (["DNS"], "")}), junk={"mark_x_0": "1"})  # used to be a 500
def test_hostile_results_through_the_results_page(client_as, officer, events, sub, junk):
    which, rows = sub
    event_obj, entries = events[which]
    foreign = events[(which + 1) % 4][1][0]
    client = client_as(officer)
    post = {k: v for k, v in junk.items() if "\x00" not in k}
    for entry_id, (texts, status) in _submitted(rows, entries, foreign).items():
        values = ([status] if status else []) + texts
        for i, text in enumerate(values[: event_obj.attempts]):
            post[f"mark_{entry_id}_{i}"] = text
    with transaction.atomic():
        before = snapshot()
        response = client.post(reverse("activities:event_results", args=[event_obj.pk]), post)
        assert response.status_code in (200, 302, 400)
        if response.status_code == 302:
            event("saved")
        else:
            event(f"refused {response.status_code}")
            body = response.content.decode()
            assert "<script>alert(1)</script>" not in body
            assert snapshot() == before
        transaction.set_rollback(True)
