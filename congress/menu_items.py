from django.db.models import Case, Exists, F, Func, IntegerField, OuterRef, Q, Subquery, When
from django.urls import reverse

from congress.models import Delegate, Proposal, ProposalAssignment, ProposalState
from congress.permissions import department_proposals
from unionhub.auth import request_fact
from unionhub.menu import MenuItem
from unionhub.models import User
from unionhub.permissions import Role, has_role, is_committee, is_handler, member_of

SECTION = "教代会"


def _count(qs, field="pk", distinct=False):
    """A scalar subquery `SELECT COUNT(field) FROM qs` (no GROUP BY)."""
    template = "COUNT(DISTINCT %(expressions)s)" if distinct else "COUNT(%(expressions)s)"
    return Subquery(
        qs.order_by().annotate(n=Func(F(field), template=template, output_field=IntegerField())).values("n")[:1],
        output_field=IntegerField(),
    )


def _holds(*roles):
    """The user (OuterRef) holds one of `roles` (as permissions.has_role: the chair holds all)."""
    names = (*roles, Role.CHAIR)
    return Q(is_superuser=True) | Q(
        Exists(User.groups.through.objects.filter(user_id=OuterRef("pk"), group__name__in=names))
    )


def user_annotations():
    """Loaded with the user in one query (unionhub/auth.py): the delegate flag and, only for the
    roles that see them, the menu badge counts."""
    review = _count(Proposal.objects.filter(state=ProposalState.REVIEW))
    handling = _count(
        ProposalAssignment.objects.filter(
            department_id=OuterRef("handler_department_id"), proposal__state=ProposalState.HANDLING
        ),
        "proposal_id",
        distinct=True,
    )
    return {
        "congress_delegate": Exists(
            Delegate.objects.filter(member__user=OuterRef("pk"), is_active=True, term__is_current=True)
        ),
        "congress_review_waiting": Case(When(_holds(Role.COMMITTEE), then=review), output_field=IntegerField()),
        "congress_handling_waiting": Case(
            When(_holds(Role.HANDLER) & Q(handler_department_id__isnull=False), then=handling),
            output_field=IntegerField(),
        ),
    }


def is_current_delegate(user, me):
    return request_fact(
        user,
        "congress_delegate",
        lambda: Delegate.objects.filter(member=me, is_active=True, term__is_current=True).exists(),
    )


def items(user):
    me = member_of(user)
    result = []
    if me is not None:
        result.append(MenuItem("我的提案", reverse("congress:my_proposals"), section=SECTION))
        if is_current_delegate(user, me):
            result.append(MenuItem("征集附议", reverse("congress:seconding"), section=SECTION))
    if is_committee(user):
        waiting = request_fact(
            user,
            "congress_review_waiting",
            lambda: Proposal.objects.filter(state=ProposalState.REVIEW).count(),
        )
        result.append(MenuItem("提案审查", reverse("congress:review_queue"), section=SECTION, badge=waiting))
    if is_handler(user):
        waiting = request_fact(
            user,
            "congress_handling_waiting",
            lambda: department_proposals(user).filter(state=ProposalState.HANDLING).count(),
        )
        result.append(MenuItem("本部门承办", reverse("congress:department_inbox"), section=SECTION, badge=waiting))
    if me is not None or has_role(user, *Role.ALL):
        result.append(MenuItem("教代会会议", reverse("congress:session_list"), section=SECTION))
        result.append(MenuItem("校务公开", reverse("congress:notice_list")))
    return result
