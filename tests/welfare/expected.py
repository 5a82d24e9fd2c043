"""Who may open each welfare page (see tests/test_permission_matrix.py).

DOMAIN.md §4/§5 and issue 4: visits (五必访) are run by union officers, the welfare officer
works on them too; the chair alone sets the yearly standards and the occasions. Hardship files
and aid applications are open to 帮扶专员 and 工会主席 only: everybody else gets 403, even the
member the file is about (the file in the URLs is `member`'s own). A member sees the visits to
themself on 我的慰问 only; the officers' visit pages (with the evidence attachments) are not
theirs. The 公示 shows name, department, kind and amount to every logged-in user; the 发放名单
export goes to officers too (for the finance check) but without ID or bank columns. The chair
reads the access log.
"""

from tests.matrix import OFFICERS, everyone, only

VISIT_ROLES = (*OFFICERS, "welfare_officer")
HARDSHIP_ROLES = ("chair", "welfare_officer")
CHAIR = ("chair",)

EXPECTED = {
    # visits
    "welfare:visit_list": only(200, *VISIT_ROLES),
    "welfare:visit_create": only(200, *VISIT_ROLES),
    "welfare:visit_detail": only(200, *VISIT_ROLES),
    "welfare:visit_edit": only(200, *VISIT_ROLES),
    "welfare:visit_mark_signed": ("post", only(302, *VISIT_ROLES)),
    "welfare:visit_complete": only(200, *VISIT_ROLES),  # the planned festival visit
    "welfare:visit_cancel": only(200, *VISIT_ROLES),  # its confirmation page
    "welfare:visit_attachment_upload": ("post", only(302, *VISIT_ROLES)),
    "welfare:visit_attachment_download": only(200, *VISIT_ROLES),
    "welfare:my_visits": everyone(200),
    "welfare:reminders": only(200, *VISIT_ROLES),
    "welfare:life_event_create": ("post", only(302, *VISIT_ROLES)),
    "welfare:life_event_dismiss": only(200, *VISIT_ROLES),
    "welfare:festival_list_create": ("post", only(302, *VISIT_ROLES)),
    # standards and occasions: officers read the standards, the chair sets them
    "welfare:standard_list": only(200, *VISIT_ROLES),
    "welfare:standard_create": only(200, *CHAIR),
    "welfare:standard_edit": only(200, *CHAIR),
    "welfare:standard_copy": ("post", only(302, *CHAIR)),
    "welfare:occasion_list": only(200, *CHAIR),
    "welfare:occasion_create": only(200, *CHAIR),
    "welfare:occasion_edit": only(200, *CHAIR),
    # 签领表 and donations
    "welfare:sign_sheet": only(200, *VISIT_ROLES),
    "welfare:sign_sheet_print": only(200, *VISIT_ROLES),
    "welfare:campaign_list": only(200, *VISIT_ROLES),
    "welfare:campaign_create": only(200, *VISIT_ROLES),
    "welfare:campaign_detail": only(200, *VISIT_ROLES),
    "welfare:campaign_edit": only(200, *VISIT_ROLES),
    # hardship files: 帮扶专员 and 工会主席 only
    "welfare:file_list": only(200, *HARDSHIP_ROLES),
    "welfare:file_create": only(200, *HARDSHIP_ROLES),
    "welfare:file_export": only(200, *HARDSHIP_ROLES),
    "welfare:file_detail": only(200, *HARDSHIP_ROLES),
    "welfare:file_edit": only(200, *HARDSHIP_ROLES),
    "welfare:file_review": ("post", only(302, *HARDSHIP_ROLES)),
    "welfare:file_close": only(200, *HARDSHIP_ROLES),
    "welfare:file_attachment_upload": ("post", only(302, *HARDSHIP_ROLES)),
    "welfare:file_attachment_download": only(200, *HARDSHIP_ROLES),
    # aid applications: the same two roles
    "welfare:application_list": only(200, *HARDSHIP_ROLES),
    "welfare:application_create": only(200, *HARDSHIP_ROLES),
    "welfare:application_detail": only(200, *HARDSHIP_ROLES),
    "welfare:application_action": ("post", only(302, *HARDSHIP_ROLES)),
    # the paid-grant list: welfare roles with masked numbers, officers without sensitive columns
    "welfare:aid_export": only(200, *VISIT_ROLES),
    "welfare:publicity": everyone(200),
    "welfare:access_log": only(200, *CHAIR),
}
