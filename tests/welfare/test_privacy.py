"""Hardship privacy: who opens files/applications, masking everywhere but the file page, access log."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.welfare.conftest import FULL_BANK, FULL_ID, TODAY
from welfare import services
from welfare.models import AccessLog, AidApplication, HardshipAttachment, HardshipFile

pytestmark = pytest.mark.django_db

MASKED_ID = "3604**********0071"
MASKED_BANK = "6228***********8901"
NOT_WELFARE = ["officer", "member", "committee", "handler", "outsider", "delegate"]


def file_pages(hardship_file, application):
    return [
        reverse("welfare:file_list"),
        reverse("welfare:file_create"),
        reverse("welfare:file_export"),
        reverse("welfare:file_detail", args=[hardship_file.pk]),
        reverse("welfare:file_edit", args=[hardship_file.pk]),
        reverse("welfare:file_close", args=[hardship_file.pk]),
        reverse("welfare:application_list"),
        reverse("welfare:application_create"),
        reverse("welfare:application_detail", args=[application.pk]),
    ]


@pytest.mark.parametrize("persona", NOT_WELFARE)
def test_other_roles_cannot_open_files_or_applications(request, client_as, persona, hardship_file, application):
    client = client_as(request.getfixturevalue(persona))
    for url in file_pages(hardship_file, application):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert FULL_ID not in response.content.decode() and "困难甲" not in response.content.decode()
    assert not AccessLog.objects.exists()


def test_anonymous_is_sent_to_login(client, hardship_file, application):
    for url in file_pages(hardship_file, application) + [reverse("welfare:publicity"), reverse("welfare:access_log")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("persona", ["welfare_officer", "chair"])
def test_welfare_roles_open_every_page(request, client_as, persona, hardship_file, application):
    client = client_as(request.getfixturevalue(persona))
    for url in file_pages(hardship_file, application):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", NOT_WELFARE)
def test_other_roles_cannot_move_an_application(request, client_as, persona, application):
    client = client_as(request.getfixturevalue(persona))
    response = client.post(
        reverse("welfare:application_action", args=[application.pk, "review"]), {"review-amount": "1"}
    )
    assert response.status_code == 403
    response = client.post(
        reverse("welfare:application_action", args=[application.pk, "refuse"]), {"refuse-reason": "x"}
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == AidApplication.Status.APPLIED


def test_full_numbers_only_on_the_file_page(client_as, welfare_officer, hardship_file, application):
    client = client_as(welfare_officer)
    page = client.get(reverse("welfare:file_detail", args=[hardship_file.pk])).content.decode()
    assert FULL_ID in page and FULL_BANK in page
    for url in [
        reverse("welfare:file_list"),
        reverse("welfare:application_list"),
        reverse("welfare:application_detail", args=[application.pk]),
        reverse("welfare:file_edit", args=[hardship_file.pk]).replace("edit/", "close/"),
    ]:
        page = client.get(url).content.decode()
        assert FULL_ID not in page and FULL_BANK not in page, url
    listing = client.get(reverse("welfare:file_list")).content.decode()
    assert MASKED_ID in listing
    detail = client.get(reverse("welfare:application_detail", args=[application.pk])).content.decode()
    assert MASKED_ID in detail and MASKED_BANK in detail


def workbook_text(response):
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    return " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)


def test_file_export_is_masked_and_logged(client_as, welfare_officer, hardship_file):
    response = client_as(welfare_officer).get(reverse("welfare:file_export"))
    text = workbook_text(response)
    assert "困难甲" in text and MASKED_ID in text and MASKED_BANK in text
    assert FULL_ID not in text and FULL_BANK not in text
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert log.user == welfare_officer and "导出困难职工档案" in log.detail


def paid(application, user):
    services.review_application(application=application, by=user, amount=Decimal("2000"))
    services.publicize_application(application=application, by=user, start=TODAY, end=TODAY)
    services.approve_application(application=application, by=user, amount=Decimal("2000"), source="branch")
    services.pay_application(application=application, by=user, paid_on=TODAY)


def test_aid_export_for_officer_has_no_sensitive_columns(client_as, officer, welfare_officer, application):
    paid(application, welfare_officer)
    response = client_as(officer).get(reverse("welfare:aid_export"))
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in wb.active[2]]
    assert headers == ["序号", "姓名", "部门", "救助类型", "金额（元）", "发放日期", "资金来源", "上报上级工会日期"]
    text = workbook_text(response)
    assert "困难甲" in text and "医疗救助" in text
    for secret in (FULL_ID, FULL_BANK, MASKED_ID, MASKED_BANK, "0071", "8901", "深度困难", "尿毒症"):
        assert secret not in text
    assert AccessLog.objects.filter(user=officer, action=AccessLog.Action.EXPORT).exists()


def test_aid_export_for_welfare_officer_is_masked(client_as, welfare_officer, application):
    paid(application, welfare_officer)
    text = workbook_text(client_as(welfare_officer).get(reverse("welfare:aid_export")))
    assert MASKED_ID in text and MASKED_BANK in text and FULL_ID not in text and FULL_BANK not in text


@pytest.mark.parametrize("persona", ["member", "committee", "handler", "outsider"])
def test_aid_export_refused_to_other_roles(request, client_as, persona):
    assert client_as(request.getfixturevalue(persona)).get(reverse("welfare:aid_export")).status_code == 403


def test_public_notice_shows_only_name_department_kind_amount(client_as, member, welfare_officer, application):
    services.review_application(application=application, by=welfare_officer, amount=Decimal("2500"))
    services.publicize_application(application=application, by=welfare_officer, start=TODAY, end=TODAY)
    page = client_as(member).get(reverse("welfare:publicity")).content.decode()
    assert "困难甲" in page and application.member.department.name in page and "医疗救助" in page and "2500.00" in page
    for secret in (FULL_ID, MASKED_ID, FULL_BANK, MASKED_BANK, "配偶透析费用高", "深度困难", "尿毒症", "因病"):
        assert secret not in page


def test_public_notice_hides_applications_outside_their_period(client_as, member, application):
    page = client_as(member).get(reverse("welfare:publicity")).content.decode()
    assert "困难甲" not in page and "当前没有正在公示" in page


def test_views_and_downloads_are_logged(client_as, welfare_officer, chair, hardship_file, application):
    client = client_as(welfare_officer)
    client.get(reverse("welfare:file_detail", args=[hardship_file.pk]))
    client.get(reverse("welfare:application_detail", args=[application.pk]))
    attachment = HardshipAttachment.objects.create(
        hardship_file=hardship_file,
        description="低保证明",
        original_name="低保证明.pdf",
        file=SimpleUploadedFile("dibao.pdf", b"%PDF-1.4 test"),
    )
    response = client.get(reverse("welfare:file_attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    logs = list(AccessLog.objects.order_by("id"))
    assert [(log.action, log.hardship_file_id) for log in logs] == [
        ("view", hardship_file.pk),
        ("view", hardship_file.pk),
        ("download", hardship_file.pk),
    ]
    assert logs[1].application == application
    assert all(log.user == welfare_officer for log in logs)
    # the chair reads the log; nobody else does
    page = client_as(chair).get(reverse("welfare:access_log")).content.decode()
    assert "赵专员" in page and "下载材料" in page and "困难甲的档案" in page
    assert client_as(welfare_officer).get(reverse("welfare:access_log")).status_code == 403


def test_attachment_download_refused_to_officer(client_as, officer, hardship_file):
    attachment = HardshipAttachment.objects.create(
        hardship_file=hardship_file, description="x", original_name="x.pdf", file=SimpleUploadedFile("x.pdf", b"%PDF")
    )
    assert client_as(officer).get(reverse("welfare:file_attachment_download", args=[attachment.pk])).status_code == 403


def test_hardship_admin_hidden_from_staff_officer(client_as, officer, chair, hardship_file):
    officer.is_staff = True
    officer.is_superuser = False
    officer.save()
    from django.contrib.auth.models import Permission

    officer.user_permissions.set(Permission.objects.filter(content_type__app_label="welfare"))
    client = client_as(officer)
    url = reverse("admin:welfare_hardshipfile_change", args=[hardship_file.pk])
    assert client.get(url).status_code in (302, 403)
    assert client.get(reverse("admin:welfare_hardshipfile_changelist")).status_code == 403
    chair.is_staff = True
    chair.save()
    chair.user_permissions.set(Permission.objects.filter(content_type__app_label="welfare"))
    response = client_as(chair).get(url)
    assert response.status_code == 200
    assert AccessLog.objects.filter(user=chair, hardship_file=hardship_file).exists()


def test_welfare_officer_creates_a_file_with_household(client_as, welfare_officer, make_member):
    person = make_member(name="新困难", staff_no="N0001")
    data = {
        "member": "N0001",
        "category": "relative",
        "main_reason": "illness",
        "secondary_reasons": ["education", "low_income"],
        "household_size": "3",
        "household_income": "2400",
        "health": "本人慢性病",
        "housing": "自有住房",
        "bank_name": "工商银行",
        "bank_account": "6222 0212 3456 7890",
        "situation": "",
        "opened_on": TODAY.isoformat(),
        "household-TOTAL_FORMS": "2",
        "household-INITIAL_FORMS": "0",
        "household-MIN_NUM_FORMS": "0",
        "household-MAX_NUM_FORMS": "1000",
        "household-0-name": "新困难之子",
        "household-0-relation": "儿子",
        "household-0-monthly_income": "0",
        "household-0-health": "健康",
        "household-0-occupation": "高中在读",
        "household-1-monthly_income": "0",
    }
    response = client_as(welfare_officer).post(reverse("welfare:file_create"), data)
    assert response.status_code == 302, response.content.decode()
    f = HardshipFile.objects.get(member=person)
    assert f.bank_account == "6222021234567890" and f.secondary_reasons == ["education", "low_income"]
    assert f.household.get().name == "新困难之子"
    # a second open file for the same member is refused with a message
    response = client_as(welfare_officer).post(reverse("welfare:file_create"), data)
    assert response.status_code == 200 and "已有在档的困难职工档案" in response.content.decode()
    data["secondary_reasons"] = ["education", "low_income", "disaster", "other"]
    response = client_as(welfare_officer).post(reverse("welfare:file_create"), data)
    assert "最多选择三项" in response.content.decode()


def test_application_workflow_through_views(client_as, welfare_officer, hardship_file):
    client = client_as(welfare_officer)
    response = client.post(
        reverse("welfare:application_create"),
        {
            "member": hardship_file.member.staff_no,
            "kind": "living",
            "reason": "家庭收入低",
            "applied_on": TODAY.isoformat(),
        },
    )
    application = AidApplication.objects.get()
    assert response["Location"] == reverse("welfare:application_detail", args=[application.pk])
    act = lambda name, data: client.post(reverse("welfare:application_action", args=[application.pk, name]), data)  # noqa: E731
    act("review", {"review-amount": "1500"})
    act("publicize", {"publicize-start": TODAY.isoformat(), "publicize-end": "bad"})
    application.refresh_from_db()
    assert application.status == "reviewed"
    act("publicize", {"publicize-start": TODAY.isoformat(), "publicize-end": TODAY.isoformat()})
    act("approve", {"approve-amount": "1500", "approve-source": "upper"})
    response = act("pay", {"pay-paid_on": TODAY.isoformat()})
    application.refresh_from_db()
    assert application.status == "approved"
    assert "上报上级工会日期" in client.get(response["Location"]).content.decode()
    act("pay", {"pay-paid_on": TODAY.isoformat(), "pay-submitted_up_on": TODAY.isoformat()})
    application.refresh_from_db()
    assert application.status == "paid" and application.source == "upper"
    assert client.post(reverse("welfare:application_action", args=[application.pk, "bogus"])).status_code == 302


def test_file_export_has_a_title_and_prints_one_page_wide(client_as, welfare_officer, hardship_file):
    ws = openpyxl.load_workbook(
        io.BytesIO(client_as(welfare_officer).get(reverse("welfare:file_export")).content)
    ).active
    assert ws["A1"].value.startswith("困难职工档案花名册")  # before: no title, a bare header row
    assert ws["A2"].value == "工号" and ws.freeze_panes == "A3"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True  # before: 19 columns printed 5 pages wide
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$2"
