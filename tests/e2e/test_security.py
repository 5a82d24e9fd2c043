import pytest
from auditlog.context import set_actor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _roles_exist(db):
    """Transactional tests flush the role groups the migration created; put them back."""
    from django.contrib.auth.models import Group

    from unionhub.permissions import Role

    for name in Role.ALL:
        Group.objects.get_or_create(name=name)


def test_locked_out_member_sees_chinese_page_and_officer_unlocks(
    _roles_exist, page, member, officer, browser_login, shot
):
    for _ in range(5):
        browser_login(page, "member01", "wrong-password")
    assert page.locator("#lockout-message").is_visible()
    assert "已被暂时锁定" in page.locator("#lockout-message").inner_text()
    shot(page, "login-locked")
    browser_login(page, "officer01")
    page.goto("/accounts/lockouts/")
    assert page.get_by_role("cell", name="member01").is_visible()
    shot(page, "lockout-list")
    page.get_by_role("button", name="解除锁定").click()
    assert page.get_by_text("已解除工号 member01 的登录锁定").is_visible()


def test_chair_reads_the_audit_log(
    _roles_exist, page, chair, officer, make_member, other_department, browser_login, shot
):
    target = make_member(name="李四", sex="M")
    with set_actor(officer):
        target.name = "李四光"
        target.department = other_department
        target.save()
    browser_login(page, "chair01")
    shot(page, "chair-home")
    page.get_by_role("button", name="系统").click()
    page.get_by_role("link", name="操作日志").click()
    assert page.get_by_role("heading", name="操作日志").is_visible()
    assert page.get_by_text("李干事（officer01）").first.is_visible()
    shot(page, "audit-log")
