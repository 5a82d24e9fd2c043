"""Persona fixtures shared by every test.

chair, officer, welfare_officer, committee, handler, delegate, member, outsider: each is a
User with the named role (and a linked Member where a real person would have one).
`delegate` is an ordinary member here; congress tests make it a delegate of a term.
`outsider` is logged in but holds no role and has no member record.
Use `login(client, user)` or the `*_client` fixtures to act as one of them.
"""

import datetime
import os

import pytest

os.environ.setdefault("UNIONHUB_TESTING", "1")

PASSWORD = "Test-pass-2026"


def _reference_row_makers():
    """The forward functions of every data migration of the project (role groups, default
    occasions, categories, activity types). All are idempotent (get_or_create)."""
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    loader = MigrationLoader(None, ignore_no_migrations=True)
    makers = []
    for (app_label, _name), migration in sorted(loader.disk_migrations.items()):
        if app_label in PROJECT_APPS:
            makers += [op.code for op in migration.operations if isinstance(op, RunPython)]
    return makers


PROJECT_APPS = ("unionhub", "members", "congress", "welfare", "activities")
_MAKERS = []


@pytest.fixture(autouse=True)
def _reference_rows(request):
    """Transactional tests (browser tests, concurrency tests) flush every table afterwards,
    including the rows data migrations made. Put them back before any test using the database,
    so no test depends on what ran before it."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("_django_db_helper")
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    # A flush re-creates content types with new ids; a cached old id would make the next audit
    # log entry (auditlog stores the content type) fail its foreign key.
    ContentType.objects.clear_cache()

    if not _MAKERS:
        _MAKERS.extend(_reference_row_makers())
    for make in _MAKERS:
        make(apps, None)


@pytest.fixture(autouse=True)
def _postgres_marker(request):
    """A test marked `postgres` fails loudly on another database instead of being skipped:
    `make test-sqlite` deselects them and `make test-pg` runs them."""
    if request.node.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.fail("this test needs PostgreSQL: run it with `make test-pg`")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def department(db):
    from members.models import Department

    return Department.objects.get_or_create(name="信息中心", defaults={"sort_order": 1})[0]


@pytest.fixture
def other_department(db):
    from members.models import Department

    return Department.objects.get_or_create(name="后勤处", defaults={"sort_order": 2})[0]


_id_seq = iter(range(1, 10**6))


def valid_id(birth=datetime.date(1985, 3, 12), sex="M", area="360426"):
    """A 身份证 number with a correct check character."""
    from members.idcard import check_char

    while True:
        seq = next(_id_seq) % 1000
        if (seq % 2 == 1) == (sex == "M"):
            break
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)


@pytest.fixture
def make_member(db, department):
    """make_member(name=..., staff_no=..., **fields) -> Member with a valid ID and a 入会 event."""
    from members.models import Member, MembershipEvent

    counter = iter(range(1, 10**6))

    def make(**fields):
        n = next(counter)
        sex = fields.pop("sex", "M" if n % 2 else "F")
        birth = fields.pop("birth_date", datetime.date(1970 + n % 30, 1 + n % 12, 1 + n % 28))
        fields.setdefault("staff_no", f"T{n:05d}")
        fields.setdefault("name", f"测试会员{n}")
        fields.setdefault("department", department)
        fields.setdefault("id_number", valid_id(birth, sex))
        fields.setdefault("phone", f"1380000{n:04d}")
        joined = fields.pop("joined_on", datetime.date(2010, 9, 1))
        member = Member.objects.create(sex=sex, birth_date=birth, joined_on=joined, **fields)
        MembershipEvent.objects.create(member=member, kind=MembershipEvent.Kind.JOIN, date=joined)
        return member

    return make


@pytest.fixture
def make_user(db, make_member):
    """make_user(username, *roles, member=True, **user_fields) -> User (password PASSWORD)."""
    from django.contrib.auth.models import Group

    from unionhub.models import User
    from unionhub.permissions import Role

    def make(username, *roles, member=True, **fields):
        user = User.objects.create_user(username=username, password=PASSWORD, **fields)
        role_names = set(roles)
        if member:
            role_names.add(Role.MEMBER)
            m = make_member(staff_no=username, name=fields.get("name") or f"用户{username}")
            m.user = user
            m.save(update_fields=["user"])
        user.groups.set(Group.objects.filter(name__in=role_names))
        return user

    return make


@pytest.fixture
def chair(make_user):
    from unionhub.permissions import Role

    return make_user("chair01", Role.CHAIR, name="王主席")


@pytest.fixture
def officer(make_user):
    from unionhub.permissions import Role

    return make_user("officer01", Role.OFFICER, name="李干事")


@pytest.fixture
def welfare_officer(make_user):
    from unionhub.permissions import Role

    return make_user("welfare01", Role.WELFARE, name="赵专员")


@pytest.fixture
def committee(make_user):
    from unionhub.permissions import Role

    return make_user("committee01", Role.COMMITTEE, name="孙委员")


@pytest.fixture
def handler(make_user, other_department):
    from unionhub.permissions import Role

    return make_user("handler01", Role.HANDLER, name="周处长", handler_department=other_department)


@pytest.fixture
def delegate(make_user):
    return make_user("delegate01", name="吴代表")


@pytest.fixture
def member(make_user):
    return make_user("member01", name="郑会员")


@pytest.fixture
def other_member(make_user):
    return make_user("member02", name="钱会员")


@pytest.fixture
def outsider(make_user):
    return make_user("outsider01", member=False, name="外来人")


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def client_as(client):
    """client_as(user) -> the test client logged in as user."""

    def as_user(user):
        client.logout()
        client.force_login(user)
        return client

    return as_user
