"""The remaining views: attachments, file review/close/edit, chair pages, and POST-only endpoints
refused to the wrong roles."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.welfare.conftest import TODAY
from welfare.models import AccessLog, HardshipAttachment, LifeEvent, Standard, Visit, VisitAttachment

pytestmark = pytest.mark.django_db


def pdf(name="证明.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 demo", content_type="application/pdf")


def test_visit_attachment_upload_and_download(client_as, officer, member, occasion, make_visit):
    visit = make_visit(member.member, occasion)
    client = client_as(officer)
    url = reverse("welfare:visit_attachment_upload", args=[visit.pk])
    client.post(url, {"kind": "hospital_bill", "file": pdf("住院票据.pdf")})
    attachment = VisitAttachment.objects.get()
    assert attachment.original_name == "住院票据.pdf"
    response = client.get(reverse("welfare:visit_attachment_download", args=[attachment.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    # a fake PDF is refused with a message, nothing stored
    response = client.post(url, {"kind": "other", "file": SimpleUploadedFile("x.pdf", b"MZ not a pdf")}, follow=True)
    assert "内容与扩展名不符" in response.content.decode() and VisitAttachment.objects.count() == 1
    # members cannot download it, nor upload
    assert client_as(member).get(reverse("welfare:visit_attachment_download", args=[attachment.pk])).status_code == 403
    assert client_as(member).post(url, {"kind": "other", "file": pdf()}).status_code == 403


def test_visit_post_endpoints_refused_to_members(client_as, member, occasion):
    client = client_as(member)
    assert (
        client.post(reverse("welfare:festival_list_create"), {"festival": "spring", "event_date": TODAY}).status_code
        == 403
    )
    assert (
        client.post(
            reverse("welfare:life_event_create"),
            {"member": member.member.staff_no, "occasion": occasion.pk, "date": TODAY},
        ).status_code
        == 403
    )
    assert not Visit.objects.exists() and not LifeEvent.objects.exists()
    planned = Visit.objects.create(member=member.member, occasion=occasion, reason="计划", status="planned")
    assert client.post(reverse("welfare:visit_cancel", args=[planned.pk])).status_code == 403
    assert client.get(reverse("welfare:visit_complete", args=[planned.pk])).status_code == 403
    assert Visit.objects.filter(pk=planned.pk).exists()


def test_post_only_endpoints_reject_get(client_as, officer, chair):
    assert client_as(officer).get(reverse("welfare:festival_list_create")).status_code == 405
    assert client_as(chair).get(reverse("welfare:standard_copy")).status_code == 405


def test_festival_list_with_bad_input_does_not_write(client_as, officer):
    response = client_as(officer).post(
        reverse("welfare:festival_list_create"), {"festival": "xmas", "event_date": "x"}, follow=True
    )
    assert "请选择节日" in response.content.decode() and not Visit.objects.exists()


def test_file_review_close_and_edit(client_as, welfare_officer, hardship_file):
    client = client_as(welfare_officer)
    client.post(reverse("welfare:file_review", args=[hardship_file.pk]), {"reviewed_on": TODAY.isoformat()})
    hardship_file.refresh_from_db()
    assert hardship_file.reviewed_on == TODAY
    edit = client.get(reverse("welfare:file_edit", args=[hardship_file.pk])).content.decode()
    assert "困难甲配偶" in edit
    close_url = reverse("welfare:file_close", args=[hardship_file.pk])
    assert "确认销档" in client.get(close_url).content.decode()
    hardship_file.refresh_from_db()
    assert hardship_file.is_open
    response = client.post(close_url, {"closed_on": TODAY.isoformat(), "reason": "recovered"})
    assert response.status_code == 302
    hardship_file.refresh_from_db()
    assert hardship_file.closed_on == TODAY
    # a closed file cannot be edited or closed again
    assert client.get(close_url).status_code == 404
    assert client.get(reverse("welfare:file_edit", args=[hardship_file.pk])).status_code == 302


def test_file_review_and_upload_refused_to_officer(client_as, officer, hardship_file):
    client = client_as(officer)
    assert (
        client.post(reverse("welfare:file_review", args=[hardship_file.pk]), {"reviewed_on": TODAY}).status_code == 403
    )
    assert (
        client.post(
            reverse("welfare:file_attachment_upload", args=[hardship_file.pk]), {"description": "x", "file": pdf()}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("welfare:file_close", args=[hardship_file.pk]), {"closed_on": TODAY, "reason": "other"}
        ).status_code
        == 403
    )
    hardship_file.refresh_from_db()
    assert hardship_file.reviewed_on is None and hardship_file.is_open and not HardshipAttachment.objects.exists()


def test_file_attachment_upload(client_as, welfare_officer, hardship_file):
    client_as(welfare_officer).post(
        reverse("welfare:file_attachment_upload", args=[hardship_file.pk]), {"description": "低保证", "file": pdf()}
    )
    assert HardshipAttachment.objects.get().description == "低保证"


def test_review_due_filter(client_as, welfare_officer, hardship_file, make_member):
    from welfare.models import HardshipFile

    fresh = HardshipFile.objects.create(
        member=make_member(name="刚建档者"), category="relative", main_reason="illness", household_size=2,
        household_income=1000, opened_on=TODAY,
    )  # fmt: skip
    page = client_as(welfare_officer).get(reverse("welfare:file_list") + "?state=review_due").content.decode()
    assert "困难甲" in page and fresh.member.name not in page


def test_access_log_filters(client_as, chair, welfare_officer, hardship_file):
    AccessLog.objects.create(user=welfare_officer, action="view", hardship_file=hardship_file, detail="查看")
    AccessLog.objects.create(user=chair, action="export", detail="导出全部")
    client = client_as(chair)
    page = client.get(reverse("welfare:access_log") + "?action=export").content.decode()
    assert "导出全部" in page and "赵专员" not in page
    page = client.get(reverse("welfare:access_log") + f"?file={hardship_file.pk}").content.decode()
    assert "赵专员" in page and "导出全部" not in page


def test_chair_edits_an_existing_standard_and_occasion(client_as, chair, occasion, hospital_standard):
    client = client_as(chair)
    url = reverse("welfare:standard_edit", args=[hospital_standard.pk])
    assert 'value="1000.00"' in client.get(url).content.decode()
    client.post(
        url, {"year": TODAY.year, "occasion": occasion.pk, "max_amount": "1200", "payment": "any", "max_times": "3"}
    )
    assert Standard.objects.get().max_amount == 1200
    url = reverse("welfare:occasion_edit", args=[occasion.pk])
    client.post(url, {"name": "住院", "code": "hospital", "sort_order": 10})
    occasion.refresh_from_db()
    assert occasion.name == "住院" and not occasion.is_active


def test_campaign_pages_refused_to_members(client_as, member):
    from welfare.models import DonationCampaign

    c = DonationCampaign.objects.create(name="献爱心", date=TODAY, recipient="x")
    client = client_as(member)
    assert client.get(reverse("welfare:campaign_detail", args=[c.pk])).status_code == 403
    assert (
        client.post(reverse("welfare:campaign_detail", args=[c.pk]), {"donor_name": "x", "amount": "1"}).status_code
        == 403
    )
    assert client.get(reverse("welfare:campaign_edit", args=[c.pk])).status_code == 403


def test_menu_shows_hardship_only_to_welfare_roles(client_as, officer, welfare_officer, member):
    assert "困难职工档案" not in client_as(officer).get(reverse("welfare:visit_list")).content.decode()
    assert "困难职工档案" in client_as(welfare_officer).get(reverse("welfare:visit_list")).content.decode()
    page = client_as(member).get(reverse("welfare:my_visits")).content.decode()
    assert "我的慰问" in page and "慰问提醒" not in page and "困难职工档案" not in page


def test_visit_event_date_after_visit_date_is_refused(client_as, officer, member, occasion):
    response = client_as(officer).post(
        reverse("welfare:visit_create"),
        {"member": member.member.staff_no, "occasion": occasion.pk, "reason": "x", "form": "cash", "amount": "1",
         "visit_date": (TODAY - datetime.timedelta(days=3)).isoformat(), "event_date": TODAY.isoformat()},
    )  # fmt: skip
    assert "事件日期不能晚于慰问日期" in response.content.decode() and not Visit.objects.exists()
