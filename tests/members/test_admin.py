import datetime

import pytest
from django.urls import reverse

from members.models import Department, Member, MembershipEvent, UnionGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, make_user):
    user = make_user("root01", member=False, is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", [Department, UnionGroup, Member, MembershipEvent])
def test_admin_changelists_search_and_filter(admin_client_, make_member, model):
    make_member(name="张晓明")
    url = reverse(f"admin:members_{model._meta.model_name}_changelist")
    response = admin_client_.get(url, {"q": "张"})
    assert response.status_code == 200
    assert model._meta.verbose_name in response.content.decode()


def test_admin_member_search_by_pinyin(admin_client_, make_member):
    make_member(name="张晓明")
    make_member(name="李大伟")
    body = admin_client_.get(reverse("admin:members_member_changelist"), {"q": "zxm"}).content.decode()
    assert "张晓明" in body and "李大伟" not in body


def test_admin_event_recomputes_status(admin_client_, make_member):
    m = make_member()
    response = admin_client_.post(
        reverse("admin:members_membershipevent_add"),
        {"member": m.pk, "kind": "quit", "date": "2024-01-02", "note": "后台补录", "recorded_by": ""},
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.membership_status == "quit"
    event = m.events.get(kind="quit")
    admin_client_.post(reverse("admin:members_membershipevent_delete", args=[event.pk]), {"post": "yes"})
    m.refresh_from_db()
    assert m.membership_status == "active" and m.joined_on == datetime.date(2010, 9, 1)
