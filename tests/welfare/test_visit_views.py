"""Visit pages: who may open them, the standard check in the form, reminders, festival lists, 签领表."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from members.models import WorkStatus
from tests.welfare.conftest import TODAY
from welfare.models import LifeEvent, Occasion, Standard, Visit

pytestmark = pytest.mark.django_db

OFFICER_PAGES = [
    ("welfare:visit_list", []),
    ("welfare:visit_create", []),
    ("welfare:reminders", []),
    ("welfare:standard_list", []),
    ("welfare:sign_sheet", []),
    ("welfare:campaign_list", []),
    ("welfare:campaign_create", []),
]


@pytest.mark.parametrize("name,args", OFFICER_PAGES)
def test_anonymous_is_sent_to_login(client, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name,args", OFFICER_PAGES)
@pytest.mark.parametrize("persona", ["member", "committee", "handler", "outsider"])
def test_non_officers_get_403_on_visit_pages(request, client_as, persona, name, args):
    user = request.getfixturevalue(persona)
    assert client_as(user).get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize("name,args", OFFICER_PAGES)
@pytest.mark.parametrize("persona", ["officer", "welfare_officer", "chair"])
def test_officers_open_visit_pages(request, client_as, persona, name, args):
    user = request.getfixturevalue(persona)
    assert client_as(user).get(reverse(name, args=args)).status_code == 200


def visit_post(who, occasion, **kw):
    data = {
        "member": who.member.staff_no,
        "occasion": occasion.pk,
        "reason": "胆囊手术住院",
        "event_date": (TODAY - datetime.timedelta(days=3)).isoformat(),
        "visit_date": TODAY.isoformat(),
        "visitors": "李干事、王主席",
        "form": "cash",
        "amount": "800",
        "notes": "",
        "exception_reason": "",
    }
    data.update(kw)
    return data


def test_officer_records_a_visit(client_as, officer, member, occasion, hospital_standard):
    response = client_as(officer).post(reverse("welfare:visit_create"), visit_post(member, occasion))
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("welfare:visit_detail", args=[visit.pk])
    assert visit.amount == Decimal("800") and visit.created_by == officer and visit.visitors == "李干事、王主席"
    page = client_as(officer).get(response["Location"]).content.decode()
    assert "胆囊手术住院" in page


def test_visit_above_cap_is_stopped_then_saved_with_exception(client_as, officer, member, occasion, hospital_standard):
    client = client_as(officer)
    response = client.post(reverse("welfare:visit_create"), visit_post(member, occasion, amount="1500"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "不符合慰问标准" in page and "上限 1,000.00 元" in page
    assert Visit.objects.count() == 0
    response = client.post(
        reverse("welfare:visit_create"),
        visit_post(member, occasion, amount="1500", exception_reason="大病手术，经主席批准"),
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.exception_reason == "大病手术，经主席批准"
    # exceptions are shown in the list (report) filter
    listing = client.get(reverse("welfare:visit_list") + "?exceptions=1").content.decode()
    assert member.member.name in listing and "超标准例外" in listing


def test_visit_form_rejects_unknown_staff_no_and_future_date(client_as, officer, member, occasion):
    data = visit_post(member, occasion, member="NOPE", visit_date=(TODAY + datetime.timedelta(days=10)).isoformat())
    response = client_as(officer).post(reverse("welfare:visit_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "找不到工号为“NOPE”的在会会员" in page and "慰问日期不能晚于今天" in page
    assert Visit.objects.count() == 0


def test_visit_form_garbage_amount_is_a_form_error(client_as, officer, member, occasion):
    response = client_as(officer).post(reverse("welfare:visit_create"), visit_post(member, occasion, amount="abc"))
    assert response.status_code == 200 and Visit.objects.count() == 0


def test_visit_detail_is_404_for_members_and_403_for_others(client_as, member, committee, occasion, make_visit):
    visit = make_visit(member.member, occasion)
    assert client_as(committee).get(reverse("welfare:visit_detail", args=[visit.pk])).status_code == 403
    assert client_as(member).get(reverse("welfare:visit_detail", args=[visit.pk])).status_code == 403


def test_my_visits_shows_only_my_own(client_as, member, other_member, occasion, make_visit):
    make_visit(member.member, occasion, reason="我的住院慰问")
    make_visit(other_member.member, occasion, reason="别人的住院慰问")
    Visit.objects.create(member=member.member, occasion=occasion, reason="计划中的走访", status="planned")
    page = client_as(member).get(reverse("welfare:my_visits")).content.decode()
    assert "我的住院慰问" in page
    assert "别人的住院慰问" not in page and "计划中的走访" not in page


def test_my_visits_for_outsider_without_member_record(client_as, outsider):
    response = client_as(outsider).get(reverse("welfare:my_visits"))
    assert response.status_code == 200 and "尚未关联会员档案" in response.content.decode()


def test_my_visits_anonymous_redirects(client):
    assert client.get(reverse("welfare:my_visits")).status_code == 302


def test_reminders_list_retirements_and_unvisited_life_events(client_as, officer, make_member, occasion, make_visit):
    retiring = make_member(name="将退休", retired_on=TODAY + datetime.timedelta(days=30))
    make_member(name="远未退休", retired_on=TODAY + datetime.timedelta(days=300))
    ill = make_member(name="住院未访")
    visited = make_member(name="住院已访")
    LifeEvent.objects.create(member=ill, occasion=occasion, date=TODAY - datetime.timedelta(days=2))
    LifeEvent.objects.create(member=visited, occasion=occasion, date=TODAY - datetime.timedelta(days=2))
    make_visit(visited, occasion, visit_date=TODAY)
    page = client_as(officer).get(reverse("welfare:reminders")).content.decode()
    assert retiring.name in page and "远未退休" not in page
    assert "住院未访" in page and "住院已访" not in page


def test_life_event_recorded_from_reminders(client_as, officer, member, occasion):
    response = client_as(officer).post(
        reverse("welfare:life_event_create"),
        {"member": member.member.staff_no, "occasion": occasion.pk, "date": TODAY.isoformat(), "note": "骨折"},
    )
    assert response.status_code == 302
    assert LifeEvent.objects.get().note == "骨折"


def test_life_event_dismiss_needs_confirmation(client_as, officer, member, occasion):
    event = LifeEvent.objects.create(member=member.member, occasion=occasion, date=TODAY)
    client = client_as(officer)
    url = reverse("welfare:life_event_dismiss", args=[event.pk])
    assert "确定将" in client.get(url).content.decode()
    event.refresh_from_db()
    assert not event.dismissed
    client.post(url)
    event.refresh_from_db()
    assert event.dismissed


def test_festival_list_one_click_then_complete(client_as, officer, make_member, festival_standard):
    retiree = make_member(name="退休老师", work_status=WorkStatus.RETIRED)
    client = client_as(officer)
    response = client.post(
        reverse("welfare:festival_list_create"), {"festival": "spring", "event_date": TODAY.isoformat()}
    )
    assert response.status_code == 302
    visit = Visit.objects.get(member=retiree)
    assert visit.status == Visit.Status.PLANNED
    listing = client.get(response["Location"]).content.decode()
    assert "退休老师" in listing and "完成走访" in listing
    url = reverse("welfare:visit_complete", args=[visit.pk])
    response = client.post(
        url, {"visit_date": TODAY.isoformat(), "visitors": "李干事", "form": "cash", "amount": "200"}
    )
    assert "仅限慰问品" in response.content.decode()
    response = client.post(
        url, {"visit_date": TODAY.isoformat(), "visitors": "李干事", "form": "goods", "amount": "200"}
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == Visit.Status.DONE and visit.amount == 200
    # a done visit cannot be completed again
    assert client.get(url).status_code == 404


def test_cancel_planned_visit_needs_post(client_as, officer, member, occasion):
    visit = Visit.objects.create(member=member.member, occasion=occasion, reason="计划", status="planned")
    client = client_as(officer)
    url = reverse("welfare:visit_cancel", args=[visit.pk])
    assert client.get(url).status_code == 200 and Visit.objects.exists()
    client.post(url)
    assert not Visit.objects.exists()


def test_sign_sheet_export_and_print(client_as, officer, make_member, occasion, make_visit):
    a = make_member(name="签领甲")
    b = make_member(name="=cmd|x")
    make_visit(a, occasion, amount=Decimal("500"))
    make_visit(b, occasion, amount=Decimal("300.50"))
    make_visit(a, occasion, visit_date=TODAY - datetime.timedelta(days=400))  # outside the period
    client = client_as(officer)
    query = f"?start={(TODAY - datetime.timedelta(days=30)).isoformat()}&end={TODAY.isoformat()}"
    response = client.get(reverse("welfare:sign_sheet") + query + "&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[2]] == [
        "序号",
        "姓名",
        "部门",
        "慰问事项",
        "形式",
        "金额（元）",
        "慰问日期",
        "领取人签字",
    ]
    names = [ws.cell(row=r, column=2).value for r in (3, 4)]
    assert "签领甲" in names and "'=cmd|x" in names  # formula-looking text escaped
    amounts = sorted(ws.cell(row=r, column=6).value for r in (3, 4))
    assert amounts == [Decimal("300.5"), Decimal("500")] or amounts == [300.5, 500]
    assert ws.cell(row=5, column=6).value == Decimal("800.50") or ws.cell(row=5, column=6).value == 800.5
    page = client.get(reverse("welfare:sign_sheet_print") + query).content.decode()
    assert "签领甲" in page and "领取人签字" in page and "800.50" in page


def test_sign_sheet_bad_range_is_a_form_error(client_as, officer):
    response = client_as(officer).get(reverse("welfare:sign_sheet") + "?start=2026-05-01&end=2026-01-01")
    assert response.status_code == 200 and "结束日期不能早于开始日期" in response.content.decode()
    assert client_as(officer).get(reverse("welfare:sign_sheet_print") + "?start=x&end=y").status_code == 404


def test_only_chair_edits_standards_and_occasions(client_as, officer, chair, occasion):
    assert client_as(officer).get(reverse("welfare:standard_create")).status_code == 403
    assert client_as(officer).get(reverse("welfare:occasion_list")).status_code == 403
    client = client_as(chair)
    response = client.post(
        reverse("welfare:standard_create"),
        {"year": TODAY.year, "occasion": occasion.pk, "max_amount": "800", "payment": "any", "max_times": "2"},
    )
    assert response.status_code == 302
    assert Standard.objects.get(year=TODAY.year, occasion=occasion).max_amount == 800
    response = client.post(
        reverse("welfare:standard_create"),
        {"year": TODAY.year, "occasion": occasion.pk, "max_amount": "900", "payment": "any"},
    )
    assert "该年度该事项已有慰问标准" in response.content.decode()
    response = client.post(reverse("welfare:standard_copy"), {"year": TODAY.year + 1})
    assert Standard.objects.filter(year=TODAY.year + 1).count() == 1
    response = client.post(
        reverse("welfare:occasion_create"), {"name": "子女升学", "code": "school", "sort_order": 200, "is_active": "on"}
    )
    assert Occasion.objects.filter(name="子女升学").exists()


def test_donation_campaign_and_donations(client_as, officer, member):
    client = client_as(officer)
    response = client.post(
        reverse("welfare:campaign_create"),
        {"name": "慈心一日捐", "kind": "charity_day", "date": TODAY.isoformat(), "recipient": "市慈善总会",
         "anonymous_total": "350", "anonymous_count": "7"},
    )  # fmt: skip
    assert response.status_code == 302
    url = response["Location"]
    client.post(url, {"member": member.member.staff_no, "amount": "100"})
    client.post(url, {"donor_name": "退休教师协会", "amount": "50"})
    response = client.post(url, {"amount": "20"})
    assert "请填写捐款会员工号或捐款人" in response.content.decode()
    page = client.get(url).content.decode()
    assert "合计 ¥500.00" in page and "退休教师协会" in page


def test_reminders_estimate_retirement_from_statutory_age(client_as, officer, make_member):
    soon = TODAY + datetime.timedelta(days=20)
    make_member(
        name="到龄女教师",
        sex="F",
        birth_date=soon.replace(year=soon.year - 55)
        if soon.month != 2 or soon.day != 29
        else soon.replace(year=soon.year - 55, day=28),
    )
    make_member(name="未到龄", sex="M", birth_date=soon.replace(year=soon.year - 55, day=1))
    make_member(
        name="已退休", work_status=WorkStatus.RETIRED, sex="M", birth_date=TODAY.replace(year=TODAY.year - 60, day=1)
    )
    page = client_as(officer).get(reverse("welfare:reminders")).content.decode()
    assert "到龄女教师" in page and "按法定年龄估算" in page
    assert "未到龄" not in page and "已退休" not in page


def test_officer_corrects_a_visit_and_the_standard_is_checked_again(
    client_as, officer, member, occasion, hospital_standard, make_visit
):
    first = make_visit(member.member, occasion, amount=Decimal("500"))
    make_visit(member.member, occasion, amount=Decimal("500"))
    client = client_as(officer)
    url = reverse("welfare:visit_edit", args=[first.pk])
    assert member.member.staff_no in client.get(url).content.decode()
    # editing one of the two visits does not count itself against the yearly cap
    response = client.post(url, visit_post(member, occasion, amount="900", reason="改正事由"))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.amount == 900 and first.reason == "改正事由"
    response = client.post(url, visit_post(member, occasion, amount="1200"))
    assert "不符合慰问标准" in response.content.decode()
    first.refresh_from_db()
    assert first.amount == 900
    assert client_as(member).get(url).status_code == 403


def test_mark_signed(client_as, officer, member, occasion, make_visit):
    visit = make_visit(member.member, occasion)
    client = client_as(officer)
    url = reverse("welfare:visit_mark_signed", args=[visit.pk])
    assert client.get(url).status_code == 405
    client.post(url)
    visit.refresh_from_db()
    assert visit.signed
    response = client.post(url, follow=True)
    assert "已签领" in response.content.decode()
    assert client_as(member).post(url).status_code == 403


def test_sign_sheet_prints_with_the_signature_column_on_the_page(client_as, officer, make_member, occasion, make_visit):
    make_visit(make_member(name="签领乙"), occasion, amount=Decimal("500"))
    query = f"?start={(TODAY - datetime.timedelta(days=30)).isoformat()}&end={TODAY.isoformat()}&format=xlsx"
    ws = openpyxl.load_workbook(
        io.BytesIO(client_as(officer).get(reverse("welfare:sign_sheet") + query).content)
    ).active
    # before: fitToWidth without the sheet's fitToPage flag, which Excel/WPS ignore: 金额, 日期 and
    # 领取人签字 printed on a second page, away from the names
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows == "$2:$2"
