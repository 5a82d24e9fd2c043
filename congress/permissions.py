"""Which proposals and notices a user may open. Every congress object view fetches through these."""

from django.db.models import Q

from congress.models import Delegate, Notice, Proposal, ProposalAssignment, ProposalState, Second, Suggestion
from unionhub.permissions import Role, has_role, is_committee, is_handler, member_of

S = ProposalState
# filed proposals and their outcomes are open to every member (the 提案汇编 is public)
PUBLIC_STATES = (S.FILED, S.HANDLING, S.RATING, S.CLOSED, S.MERGED, S.SUGGESTION)


def visible_proposals(user):
    """Proposals `user` may open.

    - a member: their own (drafts included), those they seconded, and filed ones (PUBLIC_STATES);
    - a delegate: also proposals of their term waiting for seconds or review;
    - the committee and officers: everything except other people's drafts;
    - a department handler: also whatever was assigned to their department.
    Nobody sees another member's draft.
    """
    if not user or not user.is_authenticated:
        return Proposal.objects.none()
    me = member_of(user)
    q = Q(pk__in=[])
    if me is not None:
        q |= Q(proposer=me)
        q |= Q(pk__in=Second.objects.filter(member=me).values("proposal"))
        q |= Q(state__in=PUBLIC_STATES)
        terms = Delegate.objects.filter(member=me, is_active=True).values("term")
        q |= Q(state__in=(S.SECONDING, S.REVIEW), session__term__in=terms)
    if has_role(user, Role.COMMITTEE, Role.OFFICER):
        q |= ~Q(state=S.DRAFT)
    if is_handler(user):
        dept = user.handler_department_id
        q |= Q(pk__in=ProposalAssignment.objects.filter(department_id=dept).values("proposal"))
        q |= Q(pk__in=Suggestion.objects.filter(department_id=dept).values("proposal"))
    return Proposal.objects.filter(q)


def department_proposals(user):
    """本部门承办: proposals assigned to the handler's department (lead or co)."""
    if not is_handler(user):
        return Proposal.objects.none()
    return Proposal.objects.filter(
        pk__in=ProposalAssignment.objects.filter(department_id=user.handler_department_id).values("proposal")
    )


def can_manage_congress(user):
    """Terms, sessions, delegates, items: 工会干部 (and the chair)."""
    return has_role(user, Role.OFFICER)


def can_read_congress(user):
    """Sessions, the 提案汇编 and notices are the union's own: members and role holders, not an
    account with neither (the same people the congress menu is shown to)."""
    return member_of(user) is not None or has_role(user, *Role.ALL)


def can_see_all_proposals(user):
    return is_committee(user) or has_role(user, Role.OFFICER)


def visible_notices(user):
    """Officers see every notice (drafts too); members see published ones; withdrawn ones disappear."""
    if not user or not user.is_authenticated:
        return Notice.objects.none()
    if has_role(user, Role.OFFICER):
        return Notice.objects.all()
    if not can_read_congress(user):
        return Notice.objects.none()
    return Notice.objects.published()
