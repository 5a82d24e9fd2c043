"""Login throttling, password rules, session expiry, forced password change."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def fail_login(client, username, times):
    for _ in range(times):
        response = client.post(reverse("login"), {"username": username, "password": "wrong-password"})
    return response


def test_five_wrong_passwords_lock_the_account_with_chinese_page(client, member):
    response = fail_login(client, "member01", 4)
    assert response.status_code == 200 and "工号或密码不正确" in response.content.decode()
    response = fail_login(client, "member01", 1)
    body = response.content.decode()
    assert response.status_code == 429
    assert "已被暂时锁定" in body and "联系工会干部解锁" in body
    assert 'name="username"' in body  # the login page, not a bare error text
    # the right password no longer helps while locked
    response = client.post(reverse("login"), {"username": "member01", "password": PASSWORD})
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated


def test_lock_is_per_staff_no_not_per_address(client, member, other_member):
    fail_login(client, "member01", 5)
    response = client.post(reverse("login"), {"username": "member02", "password": PASSWORD})
    assert response.status_code == 302 and response.wsgi_request.user.is_authenticated


def test_successful_login_resets_the_failure_count(client, member):
    fail_login(client, "member01", 4)
    assert client.post(reverse("login"), {"username": "member01", "password": PASSWORD}).status_code == 302
    client.logout()
    response = fail_login(client, "member01", 4)
    assert response.status_code == 200  # counting started again


def test_lock_lifts_after_cool_off(client, member, settings):
    from axes.models import AccessAttempt

    fail_login(client, "member01", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(1))
    response = client.post(reverse("login"), {"username": "member01", "password": PASSWORD})
    assert response.status_code == 302


def test_officer_sees_and_lifts_a_lock(client, client_as, member, officer):
    fail_login(client, "member01", 5)
    officer_client = client_as(officer)
    page = officer_client.get(reverse("lockout_list"))
    assert page.status_code == 200 and "member01" in page.content.decode() and "郑会员" in page.content.decode()
    response = officer_client.post(reverse("lockout_unlock"), {"username": "member01"}, follow=True)
    assert "已解除工号 member01 的登录锁定" in response.content.decode()
    assert "当前没有被锁定的工号" in response.content.decode()
    officer_client.logout()
    response = officer_client.post(reverse("login"), {"username": "member01", "password": PASSWORD})
    assert response.status_code == 302


def test_unlock_of_unlocked_staff_no_says_so(client_as, officer):
    response = client_as(officer).post(reverse("lockout_unlock"), {"username": "nobody"}, follow=True)
    assert "该工号当前没有被锁定" in response.content.decode()


def test_lockout_page_needs_officer(client, client_as, member, chair):
    response = client.get(reverse("lockout_list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client_as(member).get(reverse("lockout_list")).status_code == 403
    assert client_as(member).post(reverse("lockout_unlock"), {"username": "x"}).status_code == 403
    assert client_as(chair).get(reverse("lockout_list")).status_code == 200


def test_lockout_list_query_count(client, client_as, officer, make_user, django_assert_max_num_queries):
    for i in range(5):
        make_user(f"locked{i}")
        fail_login(client, f"locked{i}", 5)
    officer_client = client_as(officer)
    # session, user, roles, count, page of attempts, users' names, unread count, session save,
    # and the apps' menu entries (member record, delegate check, badge counts: a constant handful)
    with django_assert_max_num_queries(16):
        response = officer_client.get(reverse("lockout_list"))
    assert response.content.decode().count("解除锁定</button>") == 5


def test_menu_shows_lockouts_to_officers_only(client_as, officer, member):
    assert "登录锁定" in client_as(officer).get(reverse("notifications")).content.decode()
    assert "登录锁定" not in client_as(member).get(reverse("notifications")).content.decode()


def test_test_client_login_still_works_with_axes(client, member):
    assert client.login(username="member01", password=PASSWORD)


@pytest.mark.parametrize(
    "password, message",
    [
        ("Ab1!", "密码太短，至少需要 8 个字符"),
        ("12345678901", "密码不能全是数字"),
        ("password123", "这个密码太常见"),
        ("member01x", "密码与工号太相似"),
    ],
)
def test_password_rules_in_chinese_even_for_english_browsers(client, member, password, message):
    client.force_login(member)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
        HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9",
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_session_expires_after_inactivity(client, member, settings):
    client.force_login(member)
    assert client.get(reverse("member_home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("member_home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_login_cookie_ends_with_the_browser_and_server_keeps_two_hour_limit(client, member):
    response = client.post(reverse("login"), {"username": "member01", "password": PASSWORD})
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    expiry = Session.objects.get().expire_date
    assert timezone.now() + datetime.timedelta(minutes=119) < expiry <= timezone.now() + datetime.timedelta(hours=2)


def test_activity_pushes_session_expiry_forward(client, member, settings):
    client.force_login(member)
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    client.get(reverse("member_home"))
    expiry = Session.objects.get().expire_date
    assert expiry > timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_forced_password_change_blocks_every_page_until_changed(client, member):
    member.must_change_password = True
    member.save()
    client.post(reverse("login"), {"username": "member01", "password": PASSWORD})
    for name in ("home", "member_home", "notifications"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"] == reverse("password_change")
    assert client.get(reverse("password_change")).status_code == 200


def test_password_help_is_chinese(client, member):
    client.force_login(member)
    body = client.get(reverse("password_change"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "至少 8 个字符" in body and "不能全是数字" in body
    assert "Your password" not in body
