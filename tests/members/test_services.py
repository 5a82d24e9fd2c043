import datetime

import pytest
from django.contrib.auth.hashers import check_password
from django.urls import reverse
from django.utils import timezone

from members.models import Member
from members.services import MemberError, create_accounts, record_status_change
from unionhub.permissions import Role, has_role

pytestmark = pytest.mark.django_db


def test_status_change_updates_status_and_counts_as_of(make_member, officer):
    m = make_member(joined_on=datetime.date(2010, 9, 1))
    record_status_change(member=m, kind="transfer_out", date=datetime.date(2023, 3, 1), note="调出", by=officer)
    m.refresh_from_db()
    assert m.membership_status == "transferred"
    assert Member.objects.members_as_of(datetime.date(2022, 12, 31)).filter(pk=m.pk).exists()
    assert not Member.objects.members_as_of(datetime.date(2023, 12, 31)).filter(pk=m.pk).exists()
    record_status_change(member=m, kind="join", date=datetime.date(2024, 5, 1), by=officer)
    m.refresh_from_db()
    assert m.membership_status == "active"


def test_retire_sets_work_status_and_date(make_member):
    m = make_member()
    record_status_change(member=m, kind="retire", date=datetime.date(2024, 8, 1))
    m.refresh_from_db()
    assert (m.work_status, m.retired_on) == ("retired", datetime.date(2024, 8, 1))
    with pytest.raises(MemberError, match="已是退休状态"):
        record_status_change(member=m, kind="retire", date=datetime.date(2024, 9, 1))


@pytest.mark.parametrize(
    ("kind", "date", "message"),
    [
        ("restore", datetime.date(2020, 1, 1), "不能记录“恢复”"),
        ("quit", datetime.date(2009, 1, 1), "不能早于首次入会日期"),
        ("quit", timezone.localdate() + datetime.timedelta(days=1), "不能晚于今天"),
    ],
)
def test_impossible_status_changes_are_refused(make_member, kind, date, message):
    m = make_member()
    with pytest.raises(MemberError, match=message):
        record_status_change(member=m, kind=kind, date=date)
    assert m.events.count() == 1


def test_create_accounts(make_member, officer):
    a = make_member(name="甲")
    b = make_member(name="乙")
    issued = create_accounts(members=[a, b], by=officer)
    assert {m.pk for m, _ in issued} == {a.pk, b.pk}
    for m, password in issued:
        m.refresh_from_db()
        user = m.user
        assert user.username == m.staff_no and user.name == m.name and user.must_change_password
        assert check_password(password, user.password)
        assert has_role(user, Role.MEMBER) and not has_role(user, Role.OFFICER)
    with pytest.raises(MemberError, match="都已有登录账号"):
        create_accounts(members=[a])


def test_create_accounts_refuses_taken_username(make_member, make_user):
    make_user("T-taken", member=False)
    m = make_member(staff_no="T-taken")
    with pytest.raises(MemberError, match="已有登录账号但未关联会员"):
        create_accounts(members=[m])
    m.refresh_from_db()
    assert m.user is None


def test_account_pages(client_as, officer, make_member, client):
    a = make_member(name="开号甲")
    b = make_member(name="开号乙")
    c = client_as(officer)
    body = c.get(reverse("members:accounts")).content.decode()
    assert "开号甲" in body and "开号乙" in body
    assert f'name="member" value="{officer.member.pk}"' not in body  # the officer already has a login
    response = c.post(reverse("members:account_create"), {"member": [a.pk], "scope": "selected"})
    body = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "开号甲" in body and "开号乙" not in body and "initial-password" in body
    a.refresh_from_db()
    assert a.user is not None and b.user is None
    # the printed password logs in, and the member must change it first
    password = body.split('initial-password">')[1].split("<")[0].strip()
    c.logout()
    assert c.post(reverse("login"), {"username": a.staff_no, "password": password}).status_code == 302
    assert c.get(reverse("member_home"))["Location"] == reverse("password_change")


def test_account_create_all_without_account(client_as, officer, make_member):
    for _ in range(3):
        make_member()
    c = client_as(officer)
    response = c.post(reverse("members:account_create"), {"scope": "all", "q": "", "department": ""})
    assert response.status_code == 200
    assert not Member.objects.filter(user__isnull=True).exists()
    response = c.post(reverse("members:account_create"), {"scope": "selected"}, follow=True)
    assert "请先勾选" in response.content.decode()


def test_account_create_all_refuses_a_stale_filter_instead_of_opening_everybody(client_as, officer, make_member):
    waiting = [make_member().pk for _ in range(3)]
    response = client_as(officer).post(
        reverse("members:account_create"), {"scope": "all", "department": "999999"}, follow=True
    )
    assert "筛选条件已失效" in response.content.decode()
    assert not Member.objects.filter(pk__in=waiting, user__isnull=False).exists()


def test_backdated_change_contradicting_a_later_one_is_refused(make_member):
    """去世 dated before an existing later 入会 was 'recorded' while the member stayed 在会."""
    m = make_member(joined_on=datetime.date(2023, 9, 1))
    record_status_change(member=m, kind="join", date=datetime.date(2022, 1, 1))  # earlier 入会: a correction
    with pytest.raises(MemberError, match="2023-09-01 已有“入会”记录"):
        record_status_change(member=m, kind="death", date=datetime.date(2023, 1, 1))
    m.refresh_from_db()
    assert m.membership_status == "active"
    assert not m.events.filter(kind="death").exists()


def test_backdated_change_consistent_with_later_ones_is_kept(make_member):
    m = make_member(joined_on=datetime.date(2010, 9, 1))
    record_status_change(member=m, kind="quit", date=datetime.date(2024, 3, 1))
    # forgotten 保留会籍 before the 退会: 在会 → 保留会籍 → 退会 is a valid sequence
    record_status_change(member=m, kind="reserve", date=datetime.date(2020, 1, 1))
    m.refresh_from_db()
    assert m.membership_status == "quit"
    assert m.events.count() == 3


def test_undo_last_event_recomputes_status(make_member):
    from members.services import undo_last_event

    m = make_member(joined_on=datetime.date(2010, 9, 1))
    record_status_change(member=m, kind="retire", date=datetime.date(2024, 8, 1))
    death = record_status_change(member=m, kind="death", date=datetime.date(2025, 1, 1))
    retire = m.events.get(kind="retire")
    with pytest.raises(MemberError, match="只能撤销最近一条"):
        undo_last_event(event=retire)
    undo_last_event(event=death)
    m.refresh_from_db()
    assert (m.membership_status, m.work_status) == ("active", "retired")
    undo_last_event(event=retire)
    m.refresh_from_db()
    assert (m.work_status, m.retired_on) == ("working", None)
    with pytest.raises(MemberError, match="唯一的入会记录"):
        undo_last_event(event=m.events.get())
