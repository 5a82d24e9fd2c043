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


def test_every_page_renders_with_demo_data_for_every_demo_login(client, db):
    """A smoke run over the demo: each demo login opens every congress page it may open."""
    from django.urls import reverse

    from congress import workflow as wf
    from congress.models import Session
    from congress.permissions import visible_notices, visible_proposals
    from unionhub.models import User

    members_demo.seed(out=StringIO(), scale="demo")
    demo.seed(out=StringIO(), scale="demo")
    for username in ("1001", "1002", "1003", "1004", "1005", "1006", "1007"):
        user = User.objects.get(username=username)
        client.force_login(user)
        for name in ("my_proposals", "seconding", "review_queue", "department_inbox", "session_list", "notice_list"):
            assert client.get(reverse(f"congress:{name}")).status_code in (200, 403), (username, name)
        assert client.get("/me/").status_code == 200
        for s in Session.objects.filter(number__in=(4, 5)):
            for name in ("session_detail", "session_proposals", "session_compilation"):
                assert client.get(reverse(f"congress:{name}", args=[s.pk])).status_code == 200
            for name in ("session_report", "session_export"):
                assert client.get(reverse(f"congress:{name}", args=[s.pk])).status_code in (200, 403)
        one_per_state = {p.state: p for p in visible_proposals(user).select_related("session")}
        for p in one_per_state.values():
            assert client.get(p.get_absolute_url()).status_code == 200
            assert client.get(reverse("congress:proposal_print", args=[p.pk])).status_code == 200
            for action in wf.allowed_actions(p, user):
                target = "proposal_edit" if action.name == "edit" else None
                path = (
                    reverse(f"congress:{target}", args=[p.pk])
                    if target
                    else reverse("congress:proposal_action", args=[p.pk, action.name])
                )
                assert client.get(path).status_code in (200, 302)
        for n in visible_notices(user):
            assert client.get(reverse("congress:notice_detail", args=[n.pk])).status_code == 200
    client.force_login(User.objects.get(username="1005"))
    assert "逾期" in client.get(reverse("congress:department_inbox")).content.decode()
    client.force_login(User.objects.get(username="1006"))
    rating = Proposal.objects.get(state=ProposalState.RATING, proposer__staff_no="1006")
    assert ">评价<" in client.get(rating.get_absolute_url()).content.decode()
