"""Building blocks for the permission matrix (tests/test_permission_matrix.py).

Each app declares its own URLs in `tests/<app>/expected.py: EXPECTED = {url name: spec}` using
these helpers, so that apps never edit one shared table.
"""

from tests.urlcatalog import PERSONAS

LOGIN = "login"
ADMIN_LOGIN = "admin-login"
ALL = PERSONAS + ("anonymous",)


def everyone(status, anonymous=LOGIN):
    return {**{p: status for p in PERSONAS}, "anonymous": anonymous}


def only(allowed, *personas, denied=403, anonymous=LOGIN):
    """`allowed` for the listed personas, `denied` for the other logged-in ones."""
    spec = everyone(denied, anonymous)
    spec.update({p: allowed for p in personas})
    return spec


OFFICERS = ("chair", "officer")
DASHBOARD_ROLES = ("chair", "officer", "welfare_officer", "committee")
