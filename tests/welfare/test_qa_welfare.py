"""Found in a hands-on pass through the demo: inputs a real officer could type that used to be accepted."""

import datetime

import pytest
from django.urls import reverse

from tests.welfare.conftest import TODAY
from welfare.models import AidApplication

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _act(client, application, name, data):
    return client.post(reverse("welfare:application_action", args=[application.pk, name]), data, follow=True)


def test_publicity_cannot_be_backdated_before_the_application(client_as, welfare_officer, application):
    """A 公示 from 2020 for a 2026 application was accepted, already over, and approvable at once."""
    client = client_as(welfare_officer)
    _act(client, application, "review", {"review-amount": "1000"})
    start = application.applied_on - 30 * DAY
    response = _act(
        client,
        application,
        "publicize",
        {"publicize-start": start.isoformat(), "publicize-end": (start + 5 * DAY).isoformat()},
    )
    assert f"公示开始日期不能早于申请日期 {application.applied_on:%Y-%m-%d}" in response.content.decode()
    application.refresh_from_db()
    assert application.status == AidApplication.Status.REVIEWED and application.publicity_start is None


def test_payment_dates_cannot_precede_the_publicity_or_the_application(client_as, welfare_officer, application):
    client = client_as(welfare_officer)
    _act(client, application, "review", {"review-amount": "1000"})
    _act(client, application, "publicize", {"publicize-start": TODAY.isoformat(), "publicize-end": TODAY.isoformat()})
    _act(client, application, "approve", {"approve-amount": "1000", "approve-source": "upper"})
    response = _act(
        client, application, "pay", {"pay-paid_on": (TODAY - DAY).isoformat(), "pay-submitted_up_on": TODAY.isoformat()}
    )
    assert f"发放日期不能早于公示结束日期 {TODAY:%Y-%m-%d}" in response.content.decode()
    response = _act(client, application, "pay", {"pay-paid_on": TODAY.isoformat(), "pay-submitted_up_on": "1999-01-01"})
    assert "上报上级工会日期不能早于申请日期" in response.content.decode()
    application.refresh_from_db()
    assert application.status == AidApplication.Status.APPROVED and application.paid_on is None
    _act(client, application, "pay", {"pay-paid_on": TODAY.isoformat(), "pay-submitted_up_on": TODAY.isoformat()})
    application.refresh_from_db()
    assert application.status == AidApplication.Status.PAID


def test_completing_a_festival_visit_refuses_a_future_date(client_as, officer, make_member, festival_standard):
    """完成走访 accepted 2099-11-28 (the 登记慰问 form already refused future dates)."""
    from members.models import WorkStatus
    from welfare.models import Visit

    retiree = make_member(name="退休老师", work_status=WorkStatus.RETIRED)
    client = client_as(officer)
    client.post(reverse("welfare:festival_list_create"), {"festival": "spring", "event_date": TODAY.isoformat()})
    visit = Visit.objects.get(member=retiree)
    url = reverse("welfare:visit_complete", args=[visit.pk])
    for bad in ((TODAY + 30 * DAY).isoformat(), "0026-01-20"):
        response = client.post(url, {"visit_date": bad, "visitors": "李干事", "form": "goods", "amount": "200"})
        assert response.status_code == 200
        assert "慰问日期不能" in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == Visit.Status.PLANNED and visit.visit_date is None


def test_recording_a_visit_refuses_a_year_typo(client_as, officer, member, occasion, hospital_standard):
    """0026-11-28 (a year typed short) was saved, and no yearly standard applied to it: the cap was bypassed."""
    from welfare.models import Visit

    response = client_as(officer).post(
        reverse("welfare:visit_create"),
        {
            "member": member.member.staff_no,
            "occasion": occasion.pk,
            "reason": "住院",
            "visit_date": "0026-11-28",
            "form": "cash",
            "amount": "5000",
        },
    )
    assert response.status_code == 200
    assert "慰问日期不能早于 2000 年" in response.content.decode()
    assert not Visit.objects.exists()


def test_hardship_file_dates_cannot_be_in_the_future(client_as, welfare_officer, make_member, hardship_file):
    """建档 2099-01-01 was saved (its yearly review then fell due in 2100); so were future 复核/销档 dates."""
    from welfare.models import HardshipFile

    make_member(name="新困难", staff_no="N0001")
    client = client_as(welfare_officer)
    data = {
        "member": "N0001",
        "category": "relative",
        "main_reason": "illness",
        "household_size": "3",
        "household_income": "2400",
        "opened_on": "2099-01-01",
        "household-TOTAL_FORMS": "0",
        "household-INITIAL_FORMS": "0",
        "household-MIN_NUM_FORMS": "0",
        "household-MAX_NUM_FORMS": "1000",
    }
    response = client.post(reverse("welfare:file_create"), data)
    assert response.status_code == 200 and "建档日期不能晚于今天" in response.content.decode()
    assert not HardshipFile.objects.filter(member__staff_no="N0001").exists()

    tomorrow = (TODAY + DAY).isoformat()
    response = client.post(
        reverse("welfare:file_review", args=[hardship_file.pk]), {"reviewed_on": tomorrow}, follow=True
    )
    assert "复核日期不能晚于今天" in response.content.decode()
    response = client.post(
        reverse("welfare:file_close", args=[hardship_file.pk]), {"closed_on": tomorrow, "reason": "recovered"}
    )
    assert response.status_code == 200 and "销档日期不能晚于今天" in response.content.decode()
    hardship_file.refresh_from_db()
    assert hardship_file.reviewed_on is None and hardship_file.is_open


def test_standard_year_outside_the_standards_page_is_refused(client_as, chair, occasion):
    """Years 0 and 32767 were saved: the 慰问标准 page (2000 … next year) never showed them again."""
    from welfare.models import Standard

    client = client_as(chair)
    for year in ("0", "32767", str(TODAY.year + 2)):
        response = client.post(
            reverse("welfare:standard_create"),
            {"year": year, "occasion": occasion.pk, "max_amount": "500", "payment": "any", "max_times": ""},
        )
        assert response.status_code == 200 and f"年度应在 2000 至 {TODAY.year + 1} 之间" in response.content.decode()
    assert not Standard.objects.exists()
    response = client.post(
        reverse("welfare:standard_create"),
        {"year": str(TODAY.year + 1), "occasion": occasion.pk, "max_amount": "500", "payment": "any", "max_times": ""},
    )
    assert response.status_code == 302 and Standard.objects.get().year == TODAY.year + 1


def test_opening_the_file_edit_form_is_logged(client_as, chair, hardship_file):
    """The 修改档案 form shows the full bank card and the household, but reading it left no trace."""
    from tests.welfare.conftest import FULL_BANK
    from welfare.models import AccessLog

    response = client_as(chair).get(reverse("welfare:file_edit", args=[hardship_file.pk]))
    assert response.status_code == 200 and FULL_BANK in response.content.decode()
    log = AccessLog.objects.get(user=chair, hardship_file=hardship_file)
    assert log.action == AccessLog.Action.VIEW and "修改页" in log.detail


def test_visit_list_counts_only_visits_made_as_renci(client_as, officer, member, other_member, occasion, make_visit):
    """With a festival list generated, 符合条件 N 人次 counted the planned (not yet made) visits as 人次."""
    from welfare.models import Visit

    make_visit(member.member, occasion, amount=300)
    Visit.objects.create(member=other_member.member, occasion=occasion, reason="节日走访", status="planned")
    Visit.objects.create(member=member.member, occasion=occasion, reason="节日走访", status="planned")
    page = client_as(officer).get(reverse("welfare:visit_list")).content.decode()
    assert "已慰问 1 人次，金额合计 ¥300.00；另有待走访 2 人" in page


def test_standard_with_zero_times_is_refused(client_as, chair, occasion):
    """最多次数 0 was saved and listed as 不限, yet every visit was then refused as over the cap."""
    from welfare.models import Standard

    client = client_as(chair)
    data = {"year": TODAY.year, "occasion": occasion.pk, "max_amount": "500", "payment": "any", "max_times": "0"}
    response = client.post(reverse("welfare:standard_create"), data)
    assert response.status_code == 200 and "次数至少为 1；不限次数请留空" in response.content.decode()
    assert not Standard.objects.exists()
    client.post(reverse("welfare:standard_create"), dict(data, max_times="2"))
    page = client.get(reverse("welfare:standard_list")).content.decode()
    assert "2 次" in page


def test_application_date_cannot_be_in_the_future(client_as, welfare_officer, hardship_file):
    """申请日期 2099-01-01 was accepted; the application could then not be publicised until 2099."""
    data = {
        "member": hardship_file.member.staff_no,
        "kind": "living",
        "reason": "家庭收入低",
        "applied_on": "2099-01-01",
    }
    response = client_as(welfare_officer).post(reverse("welfare:application_create"), data)
    assert response.status_code == 200 and "申请日期不能晚于今天" in response.content.decode()
    assert not AidApplication.objects.exists()


def test_duplicate_occasion_gets_a_readable_message(client_as, chair, occasion):
    """The chair saw “具有 慰问事项 的 慰问事项 已存在。” for a name already in use."""
    data = {"name": occasion.name, "code": occasion.code, "sort_order": "1", "is_active": "on"}
    page = client_as(chair).post(reverse("welfare:occasion_create"), data).content.decode()
    assert "已有同名的慰问事项" in page and "该代码已被其他慰问事项使用" in page
    assert "具有" not in page


def test_a_zero_times_standard_is_not_shown_as_unlimited(client_as, officer, member, occasion, make_visit):
    """A 0 saved before the form refused it still read 不限次数 on the visit page, while the check refused visits."""
    from welfare.models import Standard

    Standard.objects.create(year=TODAY.year, occasion=occasion, max_amount=1000, max_times=0)
    visit = make_visit(member.member, occasion)
    page = client_as(officer).get(reverse("welfare:visit_detail", args=[visit.pk])).content.decode()
    assert "每人每年最多 0 次" in page and "不限次数" not in page


def test_campaign_list_shows_each_campaigns_total(client_as, officer, member):
    """The list showed named and anonymous money in two columns but no 合计; officers added them by hand."""
    from welfare.models import Donation, DonationCampaign

    campaign = DonationCampaign.objects.create(
        name="慈心一日捐", date=TODAY, recipient="市慈善总会", anonymous_total=1200, anonymous_count=3
    )
    Donation.objects.create(campaign=campaign, member=member.member, amount=150)
    Donation.objects.create(campaign=campaign, donor_name="后勤集体", amount=350)
    DonationCampaign.objects.create(name="无人捐款", date=TODAY, recipient="某人")
    page = client_as(officer).get(reverse("welfare:campaign_list")).content.decode()
    assert "<strong>1700.00</strong>" in page and "<strong>0.00</strong>" in page


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_festival_list_and_life_event_refuse_a_mistyped_year(client_as, officer, make_member, day):
    """Festival date 0001-01-01 generated a planned visit per retiree for year 1, listed as 待完成 forever."""
    from members.models import WorkStatus
    from welfare.models import LifeEvent, Occasion, Visit

    retiree = make_member(name="退休老师", work_status=WorkStatus.RETIRED)
    client = client_as(officer)
    response = client.post(
        reverse("welfare:festival_list_create"), {"festival": "spring", "event_date": day}, follow=True
    )
    assert "节日日期应在 2000-01-01 至" in response.content.decode()
    assert not Visit.objects.exists()
    hospital = Occasion.objects.get(code="hospital")
    data = {"member": retiree.staff_no, "occasion": hospital.pk, "date": day}
    response = client.post(reverse("welfare:life_event_create"), data, follow=True)
    assert "发生日期应在 2000-01-01 至" in response.content.decode()
    assert not LifeEvent.objects.exists()


def test_household_size_cannot_be_below_the_listed_household(client_as, welfare_officer, make_member):
    """家庭人口 1 with a spouse and a child listed was saved, and 人均月收入 came out three times too high."""
    from welfare.models import HardshipFile

    make_member(name="新困难", staff_no="N0001")
    data = {
        "member": "N0001",
        "category": "relative",
        "main_reason": "illness",
        "household_size": "1",
        "household_income": "3000",
        "opened_on": TODAY.isoformat(),
        "household-TOTAL_FORMS": "3",
        "household-INITIAL_FORMS": "0",
        "household-MIN_NUM_FORMS": "0",
        "household-MAX_NUM_FORMS": "1000",
        "household-0-name": "配偶甲",
        "household-0-relation": "配偶",
        "household-0-monthly_income": "0",
        "household-1-name": "孩子乙",
        "household-1-relation": "子女",
        "household-1-monthly_income": "0",
        "household-2-monthly_income": "0",
    }
    client = client_as(welfare_officer)
    response = client.post(reverse("welfare:file_create"), data)
    assert response.status_code == 200
    assert "家庭人口 1 人少于本人加登记的 2 名家庭成员（3 人）" in response.content.decode()
    assert not HardshipFile.objects.exists()
    response = client.post(reverse("welfare:file_create"), dict(data, household_size="3"))
    assert response.status_code == 302 and HardshipFile.objects.get().per_capita_income == 1000


def test_review_date_cannot_go_back_before_the_last_review(client_as, welfare_officer, hardship_file):
    """A second 复核 dated before the first replaced it, pulling 下次复核 a year back."""
    client = client_as(welfare_officer)
    url = reverse("welfare:file_review", args=[hardship_file.pk])
    client.post(url, {"reviewed_on": TODAY.isoformat()})
    response = client.post(url, {"reviewed_on": (TODAY - 30 * DAY).isoformat()}, follow=True)
    assert f"复核日期不能早于上次复核日期 {TODAY:%Y-%m-%d}" in response.content.decode()
    hardship_file.refresh_from_db()
    assert hardship_file.reviewed_on == TODAY


def test_sign_sheet_occasion_filter_says_all(client_as, officer):
    """The 慰问事项 filter showed “---------”, which officers read as 'nothing chosen yet', not 'all'."""
    page = client_as(officer).get(reverse("welfare:sign_sheet")).content.decode()
    assert '<option value="" selected>全部事项</option>' in page and "---------" not in page


def test_death_visit_for_a_member_marked_deceased_and_edit_of_a_former_members_visit(
    client_as, officer, make_member, make_visit, occasion
):
    """Once the roster said 去世, 本人去世 could not be recorded (找不到…在会会员); nor could an old
    visit of someone since transferred out be corrected."""
    from welfare.models import Occasion, Visit

    deceased = make_member(name="已故老师", staff_no="D0001", membership_status="deceased")
    death = Occasion.objects.get(code="death")
    client = client_as(officer)
    data = {
        "member": "D0001",
        "occasion": death.pk,
        "reason": "因病去世",
        "visit_date": TODAY.isoformat(),
        "form": "wreath",
        "amount": "1000",
    }
    response = client.post(reverse("welfare:visit_create"), data)
    assert response.status_code == 302, response.content.decode()
    assert Visit.objects.get(member=deceased).occasion == death

    left = make_member(name="调走老师", staff_no="L0001")
    visit = make_visit(left, occasion, amount=300)
    left.membership_status = "transferred"
    left.save(update_fields=["membership_status"])
    data = {
        "member": "L0001",
        "occasion": occasion.pk,
        "reason": "住院慰问",
        "visit_date": visit.visit_date.isoformat(),
        "form": "cash",
        "amount": "400",
    }
    response = client.post(reverse("welfare:visit_edit", args=[visit.pk]), data)
    assert response.status_code == 302, response.content.decode()
    visit.refresh_from_db()
    assert visit.amount == 400
    # but a new visit for a transferred-out member is still refused
    response = client.post(reverse("welfare:visit_create"), data)
    assert "找不到工号为“L0001”的在会会员" in response.content.decode()


def test_payment_cannot_be_dated_in_the_future(client_as, welfare_officer, application):
    """已发放 dated 2099 was accepted: the grant then fell out of this year's 发放名单 and statistics."""
    client = client_as(welfare_officer)
    _act(client, application, "review", {"review-amount": "1000"})
    _act(client, application, "publicize", {"publicize-start": TODAY.isoformat(), "publicize-end": TODAY.isoformat()})
    _act(client, application, "approve", {"approve-amount": "1000", "approve-source": "upper"})
    response = _act(client, application, "pay", {"pay-paid_on": "2099-01-01", "pay-submitted_up_on": TODAY.isoformat()})
    assert "发放日期不能晚于今天" in response.content.decode()
    response = _act(client, application, "pay", {"pay-paid_on": TODAY.isoformat(), "pay-submitted_up_on": "2099-01-01"})
    assert "上报上级工会日期不能晚于今天" in response.content.decode()
    application.refresh_from_db()
    assert application.status == AidApplication.Status.APPROVED


def test_campaign_date_with_a_mistyped_year_is_refused(client_as, officer):
    """A campaign dated 0001-03-15 was saved and then missing from the year's donation statistics."""
    from welfare.models import DonationCampaign

    data = {"name": "慈心一日捐", "kind": "charity_day", "date": "0001-03-15", "recipient": "市慈善总会",
            "anonymous_total": "0", "anonymous_count": "0"}  # fmt: skip
    response = client_as(officer).post(reverse("welfare:campaign_create"), data)
    assert response.status_code == 200 and "日期应在 2000-01-01 至" in response.content.decode()
    assert not DonationCampaign.objects.exists()


def test_printed_aid_notice_names_its_issuer_and_date(client_as, member, welfare_officer, application, settings):
    """The 帮扶公示 is printed for the notice board: it said neither which union posted it nor when."""
    from decimal import Decimal

    from welfare import services

    services.review_application(application=application, by=welfare_officer, amount=Decimal("2500"))
    services.publicize_application(application=application, by=welfare_officer, start=TODAY, end=TODAY)
    page = client_as(member).get(reverse("welfare:publicity")).content.decode()
    issuer = page[page.index('id="publicity-issuer"') :]
    issuer = issuer[: issuer.index("</p>")]
    assert settings.UNIONHUB_BRANCH_NAME in issuer and f"{TODAY.year}年{TODAY.month}月{TODAY.day}日" in issuer
    tag = page[page.rindex("<p", 0, page.index('id="publicity-issuer"')) :]
    assert "d-print-block" in tag[: tag.index(">")]  # on paper only: the screen has the navbar
