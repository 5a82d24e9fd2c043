"""立案 numbering: per session, gap-free, unique even when committee members file at the same moment."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from congress import workflow as wf
from congress.models import Proposal, ProposalState, Session

S = ProposalState


def test_numbers_restart_per_session(make_proposal, member, committee, term, session):
    import datetime

    other = Session.objects.create(
        term=term,
        number=3,
        meeting_date=datetime.date(2025, 3, 18),
        collection_start=datetime.date(2025, 2, 1),
        collection_end=datetime.date(2025, 3, 1),
    )
    a = make_proposal(member, state=S.REVIEW)
    b = make_proposal(member, state=S.REVIEW, session=other)
    wf.file_proposal(proposal=a, by=committee)
    wf.file_proposal(proposal=b, by=committee)
    assert Proposal.objects.get(pk=a.pk).number == "六届四次-001"
    assert Proposal.objects.get(pk=b.pk).number == "六届三次-001"


def test_database_refuses_a_duplicate_number(make_proposal, member, session):
    make_proposal(member, state=S.FILED, seq=1, number="六届四次-001")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_proposal(member, state=S.FILED, seq=1, number="六届四次-001x")


def _in_threads(fn, args):
    barrier = threading.Barrier(len(args))
    errors = []

    def run(arg):
        try:
            barrier.wait(timeout=10)
            fn(arg)
        except Exception as e:  # collected and asserted by the test
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in args]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return errors


# Row locks need PostgreSQL (SQLite serialises all writers): `make test-pg` runs these.
postgres_only = pytest.mark.postgres


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_filing_gives_distinct_numbers(make_proposal, member, other_member, committee):
    proposals = [make_proposal(member if i % 2 else other_member, state=S.REVIEW, title=f"提案{i}") for i in range(6)]
    errors = _in_threads(lambda p: wf.file_proposal(proposal=p, by=committee), proposals)
    assert errors == []
    numbers = sorted(Proposal.objects.values_list("number", flat=True))
    assert numbers == [f"六届四次-{i:03d}" for i in range(1, 7)]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_filing_the_same_proposal_twice_at_once_numbers_it_once(make_proposal, member, committee, make_user):
    from unionhub.permissions import Role

    committee2 = make_user("committee02", Role.COMMITTEE)
    p = make_proposal(member, state=S.REVIEW)
    errors = _in_threads(lambda who: wf.file_proposal(proposal=p, by=who), [committee, committee2])
    assert len(errors) == 1 and isinstance(errors[0], wf.WorkflowError)
    assert "已立案" in str(errors[0])
    p.refresh_from_db()
    assert p.number == "六届四次-001"
    assert p.transitions.filter(action="file").count() == 1
