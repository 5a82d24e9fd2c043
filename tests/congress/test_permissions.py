"""visible_proposals(user): who may open which proposal."""

import pytest

from congress.models import ProposalAssignment, ProposalState
from congress.permissions import visible_proposals

S = ProposalState


@pytest.fixture
def by_state(make_proposal, member):
    return {st: make_proposal(member, state=st, title=str(st)) for st in S.values}


def seen(user):
    return set(visible_proposals(user).values_list("title", flat=True))


def test_proposer_sees_all_own(member, by_state):
    assert seen(member) == set(S.values)


def test_other_member_sees_only_filed_and_outcomes(other_member, by_state):
    assert seen(other_member) == {S.FILED, S.HANDLING, S.RATING, S.CLOSED, S.MERGED, S.SUGGESTION}


def test_delegate_also_sees_what_waits_for_seconds_and_review(delegate, by_state):
    assert seen(delegate) == {S.SECONDING, S.REVIEW, S.FILED, S.HANDLING, S.RATING, S.CLOSED, S.MERGED, S.SUGGESTION}


def test_committee_sees_everything_but_drafts(committee, by_state):
    assert seen(committee) == set(S.values) - {S.DRAFT}


def test_handler_without_member_record_sees_only_assigned(make_user, other_department, by_state):
    from unionhub.permissions import Role

    handler = make_user("h9", Role.HANDLER, member=False, handler_department=other_department)
    assert seen(handler) == set()
    ProposalAssignment.objects.create(proposal=by_state[S.HANDLING], department=other_department, is_lead=True)
    assert seen(handler) == {S.HANDLING}


def test_outsider_and_anonymous_see_nothing(outsider, by_state):
    from django.contrib.auth.models import AnonymousUser

    assert seen(outsider) == set()
    assert not visible_proposals(AnonymousUser()).exists()
