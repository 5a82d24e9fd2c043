"""Congress fixtures: a current term with a session collecting proposals today, delegates, proposals.

`delegate` overrides the shared persona so that it is a delegate of the current term.
"""

import datetime

import pytest
from django.utils import timezone

from congress.models import Delegate, Proposal, ProposalCategory, ProposalState, Session, Term


@pytest.fixture(autouse=True)
def _roles_exist(db):
    """Transactional tests flush the role groups the migration created; put them back."""
    from django.contrib.auth.models import Group

    from unionhub.permissions import Role

    for name in Role.ALL:
        Group.objects.get_or_create(name=name)


@pytest.fixture
def term(db):
    return Term.objects.create(number=6, is_current=True, start_date=datetime.date(2023, 3, 1))


@pytest.fixture
def session(term):
    today = timezone.localdate()
    return Session.objects.create(
        term=term,
        number=4,
        meeting_date=today + datetime.timedelta(days=20),
        collection_start=today - datetime.timedelta(days=10),
        collection_end=today + datetime.timedelta(days=10),
    )


@pytest.fixture
def category(db):
    return ProposalCategory.objects.get_or_create(name="福利待遇")[0]


@pytest.fixture
def make_delegate(term):
    def make(user, **fields):
        Delegate.objects.create(term=term, member=user.member, **fields)
        return user

    return make


@pytest.fixture
def delegate(make_user, make_delegate):
    return make_delegate(make_user("delegate01", name="吴代表"), delegation="语文教研组")


@pytest.fixture
def delegate2(make_user, make_delegate):
    return make_delegate(make_user("delegate02", name="冯代表"), delegation="数学教研组")


@pytest.fixture
def make_proposal(session, category):
    def make(user, state=ProposalState.DRAFT, **fields):
        fields.setdefault("title", "建议为每位教师定期体检")
        fields.setdefault("reason", "教师工作强度大，体检不规律。")
        fields.setdefault("suggestion", "每年3月定为教职工体检月。")
        fields.setdefault("session", session)
        fields.setdefault("category", category)
        return Proposal.objects.create(proposer=user.member, state=state, **fields)

    return make


@pytest.fixture
def draft(member, make_proposal):
    return make_proposal(member)
