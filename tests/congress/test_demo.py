"""seed_demo's congress part: realistic, every state present, idempotent."""

from io import StringIO

from congress import demo
from congress.models import Delegate, Notice, Objection, Proposal, ProposalState, ProposalTransition
from members import demo as members_demo


def _counts():
    return (
        Proposal.objects.count(),
        ProposalTransition.objects.count(),
        Delegate.objects.count(),
        Notice.objects.count(),
        Objection.objects.count(),
    )


def test_demo_covers_every_state_and_is_idempotent(db):
    members_demo.seed(out=StringIO(), scale="demo")
    demo.seed(out=StringIO(), scale="demo")
    states = set(Proposal.objects.values_list("state", flat=True))
    assert states == set(ProposalState.values)
    p = Proposal.objects.get(title="建议为每位教师定期体检")
    assert p.is_excellent and p.proposer.staff_no == "1006" and p.number == "六届四次-001"
    assert [t.action for t in p.transitions.all()][:2] == ["submit", "second"]
    assert Delegate.objects.filter(member__staff_no="1006", term__is_current=True).exists()
    assert Notice.objects.count() == 15 and Objection.objects.exists()
    before = _counts()
    demo.seed(out=StringIO(), scale="demo")
    assert _counts() == before
