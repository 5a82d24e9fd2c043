"""Every URL of the URL conf × every persona → the status declared in EXPECTED.

A URL missing from EXPECTED fails test_every_url_is_declared: every new view must say who may
open it. Objects in URLs come from tests/urlcatalog.py (the member's own objects by default),
so a 404 for another persona is the "not yours" answer.

Values: an HTTP status (int), LOGIN (302 to the login page) or ADMIN_LOGIN (302 to the admin's
login: no persona is staff). ("post", spec) means the URL is exercised with POST, each persona
inside a rolled-back savepoint so nobody sees another's changes.
"""

from importlib import import_module

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.matrix import ADMIN_LOGIN, ALL, DASHBOARD_ROLES, LOGIN, OFFICERS, everyone, only
from tests.urlcatalog import PERSONAS, PROJECT_APPS, build_world, url_entries, url_for

EXPECTED = {
    # accounts
    "home": everyone(302),
    "login": everyone(302, anonymous=200),  # a logged-in user is sent on
    "logout": ("post", everyone(302, anonymous=302)),
    "password_change": everyone(200),
    "password_change_done": everyone(200),
    "lockout_list": only(200, *OFFICERS),
    "lockout_unlock": ("post", only(302, *OFFICERS)),
    "audit_log": only(200, "chair"),
    # messages: the notification in the URL belongs to `member`
    "notifications": everyone(200),
    "notification_open": ("post", only(302, "member", denied=404)),
    "notification_read_all": ("post", everyone(302)),
    # dashboards
    "dashboard": only(200, *DASHBOARD_ROLES),
    "annual_export": only(200, *OFFICERS),  # the year-end workbook
    "member_home": everyone(200),
    # admin: the login page itself; everything else sends non-staff to the admin's login
    "admin:login": everyone(200, anonymous=200),
    "admin:logout": ("post", everyone(302, anonymous=302)),
}
for _app in PROJECT_APPS:
    try:
        _module = import_module(f"tests.{_app}.expected")
    except ModuleNotFoundError:
        continue
    _clash = set(_module.EXPECTED) & set(EXPECTED)
    assert not _clash, f"declared twice: {_clash}"
    EXPECTED.update(_module.EXPECTED)
ADMIN_DEFAULT = everyone(ADMIN_LOGIN, anonymous=ADMIN_LOGIN)


def expected_for(name):
    if name in EXPECTED:
        return EXPECTED[name]
    if name.startswith("admin:"):
        return ADMIN_DEFAULT
    return None


def declared_entries():
    """URLs with their own line in EXPECTED (one test each)."""
    return [e for e in url_entries() if e.name in EXPECTED]


def admin_default_entries():
    return [e for e in url_entries() if e.name and e.name.startswith("admin:") and e.name not in EXPECTED]


def test_every_url_is_declared():
    entries = url_entries()
    unnamed = [e.route for e in entries if e.name is None and not e.route.startswith("admin/")]
    assert not unnamed, f"URL patterns without a name: {unnamed}"
    missing = sorted(e.name for e in entries if e.name and expected_for(e.name) is None)
    assert not missing, f"declare these URLs in EXPECTED: {missing}"
    stale = sorted(set(EXPECTED) - {e.name for e in entries})
    assert not stale, f"EXPECTED names URLs that no longer exist: {stale}"
    for name, spec in EXPECTED.items():
        spec = spec[1] if isinstance(spec, tuple) else spec
        assert set(spec) == set(ALL), f"{name}: declare every persona"


def check(response, want):
    if want == LOGIN:
        return response.status_code == 302 and response["Location"].startswith(reverse("login"))
    if want == ADMIN_LOGIN:
        return response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    return response.status_code == want


def persona_clients(world):
    """One logged-in test client per persona (and an anonymous one), reused across URLs."""
    clients = {}
    for persona in ALL:
        clients[persona] = Client()
        if persona != "anonymous":
            clients[persona].force_login(world.personas[persona])
    return clients


def run_matrix(entry, world, clients):
    spec = expected_for(entry.name)
    method = "get"
    if isinstance(spec, tuple):
        method, spec = spec
    url, why = url_for(entry, world, admin_placeholder=True)
    assert url is not None, f"{entry.name}: {why}"
    wrong = []
    for persona in ALL:
        with transaction.atomic():  # a POST's changes are rolled back before the next persona
            response = getattr(clients[persona], method)(url)
            transaction.set_rollback(True)
        if not check(response, spec[persona]):
            got = response.status_code, response.get("Location", "")
            wrong.append(f"{persona}: expected {spec[persona]}, got {got}")
    return [f"{method.upper()} {url} as {w}" for w in wrong]


@pytest.fixture
def world(request, db):
    return build_world({name: request.getfixturevalue(name) for name in PERSONAS})


@pytest.mark.parametrize("entry", declared_entries(), ids=lambda e: e.name)
def test_permission_matrix(entry, world):
    wrong = run_matrix(entry, world, persona_clients(world))
    assert not wrong, "\n".join(wrong)


def test_admin_pages_send_every_persona_to_the_admin_login(world):
    entries = admin_default_entries()
    assert len(entries) > 20
    clients = persona_clients(world)
    wrong = [w for entry in entries for w in run_matrix(entry, world, clients)]
    assert not wrong, "\n".join(wrong)
