"""bench/load.py: each write scenario, run once over HTTP against the live server, makes the
write it acknowledges, and each verifier finds those writes (and reports one that is not there).

The full run (50 users × 60 s against gunicorn + PostgreSQL) is `make bench-load`; this test only
proves that the scenarios still match the pages (form fields, links, flash messages) they drive.
"""

import importlib.util
import random
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "load.py"


@pytest.fixture(scope="module")
def load():
    spec = importlib.util.spec_from_file_location("bench_load", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bench(load, live_server, transactional_db):
    """Two member accounts (bench-m-000 a delegate, bench-m-001 not) and one officer, logged in."""
    random.seed(7)  # the scenarios pick amounts and marks at random: the same picks every run
    accounts = load.prepare_accounts(2, 1, messages_each=2)
    plan = load.prepare_scenarios(accounts)
    stats = load.Stats()
    sessions = {}
    for username, role in accounts:
        s = load.Session(live_server.url, stats)
        assert s.login(username), username
        sessions[role] = (s, {"role": role, "username": username, "plan": plan})
    return sessions, stats


def _run(load, scenario, session_ctx):
    s, ctx = session_ctx
    return scenario(s, ctx)


def test_every_write_scenario_acknowledges_writes_the_verifiers_find(load, bench):
    from activities.models import Result
    from congress.models import Proposal, ProposalState, Second
    from welfare.models import Visit

    sessions, stats = bench

    # a member (not a delegate) writes and submits a proposal in the bench session
    acks = _run(load, load.member_submits_proposal, sessions["member"])
    assert [kind for kind, _ in acks] == ["proposal_created", "proposal_submitted"]
    proposal = Proposal.objects.get(pk=acks[0][1])
    assert proposal.state == ProposalState.SECONDING
    assert proposal.session.name == load.BENCH_SESSION
    assert proposal.proposer.staff_no == "bench-m-001"

    # the delegate finds it under 征集附议 and seconds it
    second_acks = _run(load, load.delegate_seconds_proposal, sessions["delegate"])
    assert second_acks == [("second", (proposal.pk, "bench-m-000"))]
    assert Second.objects.filter(proposal=proposal, member__staff_no="bench-m-000").exists()
    acks += second_acks

    # the officer records visits until one above the standard (with its exception reason) is among them
    visit_acks = []
    for _ in range(40):
        visit_acks += _run(load, load.officer_records_visit, sessions["officer"])
        if {over for _, (_, over) in visit_acks} == {True, False}:
            break
    assert {over for _, (_, over) in visit_acks} == {True, False}
    over_pk = next(pk for _, (pk, over) in visit_acks if over)
    assert Visit.objects.get(pk=over_pk).exception_reason
    acks += visit_acks

    # the officer enters marks for their own event
    result_acks = _run(load, load.officer_enters_results, sessions["officer"])
    assert len(result_acks) == 2  # the event's two runners (the two member accounts)
    entry_pk, mark = result_acks[0][1]
    assert Result.objects.get(entry_id=entry_pk).place is not None
    acks += result_acks

    assert stats.errors == []
    by_kind = {}
    for kind, key in acks:
        by_kind.setdefault(kind, []).append(key)
    assert {kind: load.VERIFIERS[kind](keys) for kind, keys in by_kind.items()} == {kind: [] for kind in by_kind}

    # the verifiers do report writes that are not in the database
    assert load.verify_proposals_submitted([proposal.pk, 10**8]) == [10**8]
    assert load.verify_seconds([(proposal.pk, "bench-m-001")]) == [(proposal.pk, "bench-m-001")]
    assert load.verify_visits([(over_pk, False)]) == [(over_pk, False)]
    assert load.verify_results([(entry_pk, "99.99")]) == [(entry_pk, "99.99")]


def test_preparation_is_idempotent(load, db):
    from activities.models import Entry
    from congress.models import Delegate, Session
    from welfare.models import Standard

    accounts = load.prepare_accounts(4, 2, messages_each=1)
    first = load.prepare_scenarios(accounts)
    counts = (Session.objects.count(), Delegate.objects.count(), Entry.objects.count(), Standard.objects.count())
    second = load.prepare_scenarios(load.prepare_accounts(4, 2, messages_each=1))
    assert second == first
    assert counts == (
        Session.objects.count(),
        Delegate.objects.count(),
        Entry.objects.count(),
        Standard.objects.count(),
    )
    assert Delegate.objects.filter(member__staff_no__in=["bench-m-000", "bench-m-002"], is_active=True).count() == 2
    session = Session.objects.get(name=load.BENCH_SESSION)
    assert session.is_collecting() and session.term.is_current
    assert set(first["events"]) == {"bench-o-00", "bench-o-01"}
