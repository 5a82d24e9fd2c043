"""Who may open each congress page (see tests/test_permission_matrix.py and tests/congress/world.py).

The proposal in URLs is `member`'s, waiting for seconds (征集附议) in the current session:
the proposer, the term's delegates (`delegate`, and the chair, who is a delegate in the world),
the proposal committee and officers may open it; the welfare officer, the handler (nothing
of theirs) and the outsider get 404. Only the proposer may edit or withdraw it; the others who
can see it are sent back to the proposal (302) with the reason.

The notice in URLs is published and in its 公示期: every member sees it, the outsider (no member
record, no role) does not. Terms, sessions, delegates and notices are managed by officers;
the handling report and its export are for the committee and officers. Sessions and the
提案汇编 are for members and role holders: an account with neither (the outsider) gets 403.
"""

from tests.matrix import OFFICERS, everyone, only

SEES_PROPOSAL = ("member", "delegate", "chair", "officer", "committee")
REPORT_READERS = (*OFFICERS, "committee")


def members_only(status):
    """`status` for everyone with a member record or a role; 403 for the outsider."""
    return {**everyone(status), "outsider": 403}


def proposer_only(status):
    """The proposer gets `status`; the others who see the proposal are sent back to it."""
    spec = only(302, *SEES_PROPOSAL, denied=404)
    spec["member"] = status
    return spec


EXPECTED = {
    "congress:index": everyone(302),
    "congress:my_proposals": everyone(200),
    "congress:seconding": only(200, "delegate", "chair"),
    "congress:review_queue": only(200, "committee", "chair"),
    "congress:department_inbox": only(200, "handler"),
    "congress:proposal_create": members_only(200),
    "congress:proposal_detail": only(200, *SEES_PROPOSAL, denied=404),
    "congress:proposal_print": only(200, *SEES_PROPOSAL, denied=404),
    "congress:proposal_attachment": only(200, *SEES_PROPOSAL, denied=404),
    "congress:proposal_edit": proposer_only(200),
    "congress:proposal_action": proposer_only(200),  # 撤回: the confirmation page
    "congress:session_list": members_only(200),
    "congress:session_detail": members_only(200),
    "congress:session_proposals": members_only(200),  # lists only the proposals each may see
    "congress:session_compilation": members_only(200),
    "congress:session_report": only(200, *REPORT_READERS),
    "congress:session_export": only(200, *REPORT_READERS),
    "congress:session_create": only(200, *OFFICERS),
    "congress:session_edit": only(200, *OFFICERS),
    "congress:session_items": only(200, *OFFICERS),
    "congress:session_attendance": only(200, *OFFICERS),
    "congress:term_create": only(200, *OFFICERS),
    "congress:delegate_list": only(200, *OFFICERS),
    "congress:delegate_template": only(200, *OFFICERS),
    "congress:delegate_import": ("post", only(302, *OFFICERS)),
    "congress:delegate_add": ("post", only(302, *OFFICERS)),
    "congress:delegate_toggle": ("post", only(302, *OFFICERS)),
    "congress:notice_list": everyone(200),  # the outsider's list is empty
    "congress:notice_create": only(200, *OFFICERS),
    "congress:notice_edit": only(200, *OFFICERS),  # a draft notice
    "congress:notice_detail": {**everyone(200), "outsider": 404},
    "congress:notice_attachment": {**everyone(200), "outsider": 404},
    "congress:notice_state": only(200, *OFFICERS),  # 撤回: the confirmation page
    "congress:objection_answer": ("post", only(302, *OFFICERS)),
}
