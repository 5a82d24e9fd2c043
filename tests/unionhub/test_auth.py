import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_is_chinese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "工号" in body and "密码" in body and 'lang="zh-hans"' in body


def test_login_with_staff_no_and_password(client, member):
    response = client.post(reverse("login"), {"username": "member01", "password": PASSWORD})
    assert response.status_code == 302
    assert response.wsgi_request.user.is_authenticated


def test_wrong_password_shows_chinese_error(client, member):
    response = client.post(reverse("login"), {"username": "member01", "password": "wrong"})
    assert response.status_code == 200
    assert "工号或密码不正确" in response.content.decode()


def test_anonymous_home_redirects_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_first_login_forces_password_change(client, member):
    member.must_change_password = True
    member.save()
    client.force_login(member)
    response = client.get(reverse("member_home"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Xin-mima-2026!", "new_password2": "Xin-mima-2026!"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.must_change_password is False
    assert client.get(reverse("member_home")).status_code == 200


def test_officer_lands_on_dashboard_member_on_home(client_as, officer, member):
    assert client_as(officer).get(reverse("home"))["Location"] == reverse("dashboard")
    assert client_as(member).get(reverse("home"))["Location"] == reverse("member_home")


def test_member_cannot_open_dashboard(client_as, member):
    assert client_as(member).get(reverse("dashboard")).status_code == 403


def test_roles_exist_after_migrations(db):
    from django.contrib.auth.models import Group

    from unionhub.permissions import Role

    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.ALL)


def test_notifications_only_own(client_as, member, other_member):
    from unionhub.notifications import notify

    [note] = notify([other_member], title="他人的消息", url="/")
    client = client_as(member)
    assert "他人的消息" not in client.get(reverse("notifications")).content.decode()
    assert client.post(reverse("notification_open", args=[note.pk])).status_code == 404
    client = client_as(other_member)
    assert "他人的消息" in client.get(reverse("notifications")).content.decode()
    client.post(reverse("notification_open", args=[note.pk]))
    note.refresh_from_db()
    assert note.read_at is not None
