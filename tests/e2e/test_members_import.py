import datetime

import pytest

from members.models import Member
from tests.members.conftest import roster_file, roster_row

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _role_groups(transactional_db):
    """The role groups come from a data migration; a transactional test before this one flushed them."""
    from django.contrib.auth.models import Group

    from unionhub.permissions import Role

    for name in Role.ALL:
        Group.objects.get_or_create(name=name)


def _roster(tmp_path, name, rows):
    path = tmp_path / name
    path.write_bytes(roster_file(rows, as_bytes=True))
    return str(path)


def test_officer_imports_roster_finds_and_edits_member(page, officer, browser_login, shot, tmp_path):
    day = datetime.date(1980, 1, 1)
    rows = [roster_row(f"E{i:03d}", birth=day + datetime.timedelta(days=37 * i)) for i in range(60)]
    rows[0]["姓名"] = "欧阳明月"
    bad = [dict(r) for r in rows]
    bad[4]["证件号码"] = bad[4]["证件号码"][:17] + ("0" if bad[4]["证件号码"][17] != "0" else "1")
    bad[9]["性别"] = "女"
    bad[20]["入会日期"] = "2019年2月30日"

    browser_login(page, "officer01")
    page.get_by_role("button", name="会员").click()
    page.get_by_role("link", name="花名册导入").click()
    page.get_by_label("花名册文件（.xlsx）").set_input_files(_roster(tmp_path, "bad.xlsx", bad))
    page.get_by_role("button", name="上传并检查").click()
    problems = page.locator(".import-problems li")
    assert problems.count() == 3
    text = problems.all_inner_texts()
    assert text[0].startswith("第7行 证件号码：证件号码校验位错误")
    assert text[1].startswith("第12行 性别：与证件号码不符")
    assert text[2] == "第23行 入会日期：日期“2019年2月30日”不存在"
    assert page.get_by_role("button", name="确认导入").count() == 0
    shot(page, "members-import-errors")
    assert not Member.objects.filter(staff_no__startswith="E").exists()

    page.get_by_label("花名册文件（.xlsx）").set_input_files(_roster(tmp_path, "good.xlsx", rows))
    page.get_by_role("button", name="上传并检查").click()
    assert page.get_by_role("status").inner_text().startswith("检查通过，共 60 行：将新增 60 人")
    shot(page, "members-import-report")
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url("**/members/")
    assert "花名册导入完成：已新增 60 人" in page.get_by_role("alert").inner_text()
    assert Member.objects.filter(staff_no__startswith="E").count() == 60

    page.get_by_label("搜索").fill("oymy")
    page.get_by_role("button", name="查询").click()
    assert page.locator("tbody tr").count() == 1
    shot(page, "members-list-search")
    page.get_by_role("link", name="欧阳明月").click()
    page.get_by_role("link", name="编辑").click()
    page.get_by_label("手机").fill("13712345678")
    page.get_by_label("岗位/职务").fill("语文教师")
    page.get_by_role("button", name="保存").click()
    assert "已保存 欧阳明月 的信息" in page.get_by_role("alert").inner_text()
    assert page.get_by_text("语文教师").is_visible()
    shot(page, "members-detail")
    m = Member.objects.get(staff_no="E000")
    assert (m.phone, m.position) == ("13712345678", "语文教师")


def test_member_sees_only_own_data(page, member, other_member, browser_login, shot):
    browser_login(page, "member01")
    page.get_by_role("link", name="我的信息").first.click()
    mine = member.member
    assert page.get_by_text(mine.id_number).is_visible()
    body = page.content()
    assert other_member.member.name not in body and other_member.member.id_number not in body
    shot(page, "members-my-info")
    response = page.goto(f"/members/{other_member.member.pk}/")
    assert response.status == 403
    assert page.goto("/members/").status == 403


def test_officer_creates_accounts_and_prints_passwords(page, officer, make_member, browser_login, shot):
    make_member(name="开号会员甲")
    make_member(name="开号会员乙")
    browser_login(page, "officer01")
    page.goto("/members/accounts/")
    page.get_by_label("开号会员甲").check()
    page.get_by_role("button", name="为勾选的会员开通").first.click()
    assert page.locator(".initial-password").count() == 1
    assert page.get_by_role("button", name="打印").is_visible()
    shot(page, "members-account-passwords")
    assert Member.objects.get(name="开号会员甲").user.must_change_password
    assert Member.objects.get(name="开号会员乙").user is None

    # the member's first login with the printed password: made to choose their own first
    staff_no = page.locator("tbody tr td").nth(1).inner_text().strip()
    initial = page.locator(".initial-password").inner_text().strip()
    page.context.clear_cookies()
    browser_login(page, staff_no, initial)
    assert page.get_by_role("heading", name="修改密码").is_visible()
    assert page.get_by_text("您正在使用工会发放的初始密码").is_visible()
    page.goto("/me/")  # any other page sends them back
    assert page.get_by_role("heading", name="修改密码").is_visible()
    page.get_by_label("旧密码").fill(initial)
    page.locator("#id_new_password1").fill("12345678")
    page.locator("#id_new_password2").fill("12345678")
    page.get_by_role("button", name="保存新密码").click()
    assert page.get_by_text("这个密码太常见").is_visible()
    shot(page, "first-login-weak-password")
    page.get_by_label("旧密码").fill(initial)
    page.locator("#id_new_password1").fill("Kai-hao-2026!")
    page.locator("#id_new_password2").fill("Kai-hao-2026!")
    page.get_by_role("button", name="保存新密码").click()
    page.goto("/me/")
    assert page.get_by_text("开号会员甲").first.is_visible()
    assert not Member.objects.get(name="开号会员甲").user.must_change_password


def test_recording_a_departure_asks_for_confirmation(page, officer, make_member, browser_login, shot):
    """Before: one click on 记录 with 去世 picked by mistake made a living member 去世, with no undo."""
    m = make_member(name="确认会员")
    browser_login(page, "officer01")
    page.goto(f"/members/{m.pk}/status/")
    page.get_by_label("变动类型").select_option(label="去世")
    page.get_by_label("日期").fill("2024-05-01")
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_role("button", name="记录").click()
    page.wait_for_timeout(300)
    assert asked and "确认会员" in asked[0] and "去世" in asked[0]
    assert not m.events.filter(kind="death").exists()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="记录").click()
    page.wait_for_load_state()
    shot(page, "members-status-death-confirmed")
    m.refresh_from_db()
    assert m.membership_status == "deceased"
