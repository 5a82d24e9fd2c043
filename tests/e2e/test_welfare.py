"""Browser: a welfare officer takes an aid application from a hardship file to 已发放; an officer
records a hospital visit above the standard, is stopped, then records it with an exception."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_data(db):
    """Transactional tests flush the tables between tests: put back the rows migrations seed
    (role groups, the default 五必访 occasions) before any user is made."""
    from django.apps import apps
    from django.contrib.auth.models import Group

    from unionhub.permissions import Role

    for role in Role.ALL:
        Group.objects.get_or_create(name=role)
    migration = __import__("welfare.migrations.0002_default_occasions", fromlist=["create"])
    migration.create(apps, None)


FULL_ID = "360426199101010071"
FULL_BANK = "6228480012345678901"


@pytest.fixture
def hardship_member(make_member):
    from welfare.models import HardshipFile, HouseholdMember

    m = make_member(name="困难甲", staff_no="H0001", id_number=FULL_ID, sex="M", birth_date=datetime.date(1991, 1, 1))
    f = HardshipFile.objects.create(
        member=m,
        category="deep",
        main_reason="illness",
        secondary_reasons=["education"],
        household_size=4,
        household_income=Decimal("3200"),
        health="配偶患尿毒症",
        housing="租房",
        bank_name="中国农业银行",
        bank_account=FULL_BANK,
        opened_on=timezone.localdate() - datetime.timedelta(days=200),
    )
    HouseholdMember.objects.create(
        hardship_file=f, name="困难甲配偶", relation="配偶", monthly_income=0, health="尿毒症"
    )
    return m


def test_welfare_officer_takes_an_application_to_paid(page, make_user, hardship_member, browser_login, shot):
    from unionhub.permissions import Role
    from welfare.models import AccessLog, AidApplication

    make_user("2003", Role.WELFARE, name="赵专员")
    browser_login(page, "2003")
    page.goto("/welfare/hardship/")
    assert page.get_by_text("3604**********0071").is_visible()
    shot(page, "welfare-file-list")
    page.get_by_role("link", name="困难甲").click()
    page.wait_for_load_state()
    assert page.locator("#full-id").inner_text() == FULL_ID
    assert page.locator("#full-bank").inner_text() == FULL_BANK
    shot(page, "welfare-file-detail")

    page.get_by_role("link", name="登记帮扶申请").click()
    page.get_by_label("救助类型").select_option(label="医疗救助")
    page.get_by_label("申请理由").fill("配偶透析费用高，家庭难以负担")
    page.get_by_label("申请金额（元）").fill("3000")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert page.locator("#status").inner_text() == "申请"
    # the application page masks the numbers
    assert FULL_ID not in page.content() and "3604**********0071" in page.content()

    page.get_by_label("拟救助金额（元）").fill("2500")
    page.get_by_role("button", name="初审通过").click()
    page.wait_for_load_state()
    assert page.locator("#status").inner_text() == "初审"
    today = timezone.localdate().isoformat()
    page.get_by_label("公示开始").fill(today)
    page.get_by_label("公示结束").fill(today)
    page.get_by_role("button", name="开始公示").click()
    page.wait_for_load_state()
    assert page.locator("#status").inner_text() == "公示"

    page.goto("/welfare/publicity/")
    row = page.locator("tbody tr").first
    assert "困难甲" in row.inner_text() and "医疗救助" in row.inner_text() and "2500.00" in row.inner_text()
    assert "尿毒症" not in page.content() and "0071" not in page.content()
    shot(page, "welfare-publicity")
    page.go_back()
    page.wait_for_load_state()

    page.get_by_label("核定金额（元）").fill("2500")
    page.get_by_label("资金来源").select_option(label="本级工会")
    page.get_by_role("button", name="审批通过").click()
    page.wait_for_load_state()
    assert page.locator("#status").inner_text() == "审批"
    page.get_by_label("发放日期").fill(today)
    page.get_by_role("button", name="确认发放").click()
    page.wait_for_load_state()
    assert page.locator("#status").inner_text() == "已发放"
    assert page.get_by_text("申请已更新为“已发放”").is_visible()
    shot(page, "welfare-application-paid")

    application = AidApplication.objects.get()
    assert application.status == "paid" and application.amount == Decimal("2500") and application.steps.count() == 5
    assert AccessLog.objects.filter(hardship_file=application.hardship_file, action="view").exists()


def test_officer_is_stopped_above_the_cap_then_records_an_exception(page, make_user, make_member, browser_login, shot):
    from unionhub.permissions import Role
    from welfare.models import Occasion, Standard, Visit

    today = timezone.localdate()
    Standard.objects.create(
        year=today.year, occasion=Occasion.objects.get(code="hospital"), max_amount=Decimal("1000"), max_times=2
    )
    patient = make_member(name="住院教师", staff_no="P0001")
    make_user("2002", Role.OFFICER, name="李干事")
    browser_login(page, "2002")
    page.goto("/welfare/visits/new/")
    page.get_by_label("会员工号").fill("P0001")
    page.get_by_label("慰问事项").select_option(label="生病住院")
    page.locator("#id_reason").fill("心脏搭桥手术住院")
    page.get_by_label("事件日期").fill((today - datetime.timedelta(days=2)).isoformat())
    page.get_by_label("慰问人", exact=True).fill("李干事、王主席")
    page.get_by_label("金额（元）").fill("1500")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert page.get_by_text("不符合慰问标准").is_visible()
    assert "上限 1,000.00 元" in page.content()
    assert Visit.objects.count() == 0
    shot(page, "welfare-visit-over-cap")

    page.get_by_label("超标准例外说明").fill("重大手术，经工会主席办公会同意")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert page.get_by_text("超标准例外：").is_visible()
    visit = Visit.objects.get()
    assert visit.member == patient and visit.amount == Decimal("1500")
    assert visit.exception_reason == "重大手术，经工会主席办公会同意"
    shot(page, "welfare-visit-exception")


def test_officer_generates_festival_list_and_completes_a_visit(page, make_user, make_member, browser_login, shot):
    from members.models import WorkStatus
    from unionhub.permissions import Role
    from welfare.models import LifeEvent, Occasion, Standard, Visit

    today = timezone.localdate()
    Standard.objects.create(
        year=today.year, occasion=Occasion.objects.get(code="festival"), max_amount=Decimal("500"), payment="goods"
    )
    retiree = make_member(name="退休王老师", work_status=WorkStatus.RETIRED)
    ill = make_member(name="住院李老师")
    LifeEvent.objects.create(member=ill, occasion=Occasion.objects.get(code="hospital"), date=today, note="骨折住院")
    make_user("2002", Role.OFFICER, name="李干事")
    browser_login(page, "2002")
    page.goto("/welfare/reminders/")
    assert page.get_by_text("住院李老师").is_visible()
    page.locator("#id_festival").select_option(label="重阳节")
    page.get_by_role("button", name="生成名单").click()
    page.wait_for_load_state()
    assert page.get_by_text("已生成重阳节走访名单：新增 1 人").is_visible()
    shot(page, "welfare-festival-list")
    page.get_by_role("link", name="完成走访").first.click()
    page.get_by_label("慰问形式").select_option(label="慰问品")
    page.get_by_label("金额（元）").fill("300")
    page.get_by_label("慰问人", exact=True).fill("李干事")
    page.get_by_role("button", name="完成走访").click()
    page.wait_for_load_state()
    visit = Visit.objects.get(member=retiree)
    assert visit.status == "done" and visit.amount == 300
    page.goto("/welfare/reminders/")
    shot(page, "welfare-reminders")
