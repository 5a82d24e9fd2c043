import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_member_logs_in_and_sees_chinese_home(page, member, browser_login, shot):
    page.goto("/")
    assert "登录" in page.title()
    shot(page, "login")
    browser_login(page, "member01")
    assert page.get_by_role("heading", name="郑会员，您好").is_visible()
    shot(page, "member-home")
