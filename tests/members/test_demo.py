import datetime
import io

import pytest
from django.core.management import call_command

from members.idcard import parse
from members.models import Department, Member, MembershipEvent, UnionGroup
from unionhub.models import User
from unionhub.permissions import Role, has_role

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_school_branch_and_is_idempotent():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    counts = (Member.objects.count(), MembershipEvent.objects.count(), Department.objects.count(), User.objects.count())
    assert 140 <= counts[0] <= 170
    assert counts[2] == 8
    assert UnionGroup.objects.count() >= 8
    assert "1002" in out.getvalue() and "Union-2026" in out.getvalue()

    call_command("seed_demo", stdout=io.StringIO())
    assert (
        Member.objects.count(),
        MembershipEvent.objects.count(),
        Department.objects.count(),
        User.objects.count(),
    ) == counts


def test_demo_members_have_consistent_ids_and_mix():
    call_command("seed_demo", stdout=io.StringIO())
    for m in Member.objects.all():
        info = parse(m.id_number)
        assert (info.sex, info.birth_date) == (m.sex, m.birth_date), m
    assert Member.objects.retired().count() >= 5
    assert Member.objects.filter(employment_type="contract").exists()
    assert Member.objects.filter(employment_type="migrant").exists()
    assert Member.objects.exclude(membership_status="active").exists()
    # past years count who was a member then: fewer people at the end of 2015 than now
    assert Member.objects.members_as_of(datetime.date(2015, 12, 31)).count() < Member.objects.in_union().count()


def test_demo_logins_have_their_roles():
    call_command("seed_demo", stdout=io.StringIO())
    users = {u.username: u for u in User.objects.all()}
    assert users["1002"].check_password("Union-2026") and not users["1002"].must_change_password
    assert has_role(users["1001"], Role.OFFICER)
    assert has_role(users["1002"], Role.OFFICER)
    assert has_role(users["1003"], Role.WELFARE) and not has_role(users["1003"], Role.OFFICER)
    assert has_role(users["1004"], Role.COMMITTEE)
    assert users["1005"].handler_department.name == "总务处" and has_role(users["1005"], Role.HANDLER)
    assert not has_role(users["1007"], Role.OFFICER, Role.WELFARE, Role.COMMITTEE, Role.HANDLER)
    assert Member.objects.get(staff_no="1006").user == users["1006"]
