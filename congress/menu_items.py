from django.urls import reverse

from congress.models import Delegate, Proposal, ProposalState
from congress.permissions import department_proposals
from unionhub.menu import MenuItem
from unionhub.permissions import Role, has_role, is_committee, is_handler, member_of

SECTION = "教代会"


def items(user):
    me = member_of(user)
    result = []
    if me is not None:
        result.append(MenuItem("我的提案", reverse("congress:my_proposals"), section=SECTION))
        if Delegate.objects.filter(member=me, is_active=True, term__is_current=True).exists():
            result.append(MenuItem("征集附议", reverse("congress:seconding"), section=SECTION))
    if is_committee(user):
        waiting = Proposal.objects.filter(state=ProposalState.REVIEW).count()
        result.append(MenuItem("提案审查", reverse("congress:review_queue"), section=SECTION, badge=waiting))
    if is_handler(user):
        waiting = department_proposals(user).filter(state=ProposalState.HANDLING).count()
        result.append(MenuItem("本部门承办", reverse("congress:department_inbox"), section=SECTION, badge=waiting))
    if me is not None or has_role(user, *Role.ALL):
        result.append(MenuItem("教代会会议", reverse("congress:session_list"), section=SECTION))
        result.append(MenuItem("校务公开", reverse("congress:notice_list")))
    return result
