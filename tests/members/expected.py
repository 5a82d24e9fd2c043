"""Who may open each members page (see tests/test_permission_matrix.py).

The member in URLs is `member`'s own record: officers and welfare officers read the roster;
only officers change it.
"""

from tests.matrix import OFFICERS, everyone, only

ROSTER_READERS = (*OFFICERS, "welfare_officer")

EXPECTED = {
    "members:list": only(200, *ROSTER_READERS),
    "members:export": only(200, *ROSTER_READERS),
    "members:detail": only(200, *ROSTER_READERS),
    "members:me": everyone(200),
    "members:create": only(200, *OFFICERS),
    "members:edit": only(200, *OFFICERS),
    "members:status": only(200, *OFFICERS),
    # the event in the URL is `member`'s only 入会: refused with a message, back to the member page
    "members:event_undo": ("post", only(302, *OFFICERS)),
    # `member`'s login is a plain 会员 account: officers may reset it (a fresh password page)
    "members:password_reset": ("post", only(200, *OFFICERS)),
    "members:departments": only(200, *OFFICERS),
    "members:department_create": only(200, *OFFICERS),
    "members:department_edit": only(200, *OFFICERS),
    "members:groups": only(200, *OFFICERS),
    "members:group_create": only(200, *OFFICERS),
    "members:group_edit": only(200, *OFFICERS),
    "members:accounts": only(200, *OFFICERS),
    "members:account_create": only(405, *OFFICERS),
    "members:import": only(200, *OFFICERS),
    "members:import_confirm": only(405, *OFFICERS),
    "members:import_template": only(200, *OFFICERS),
}
