import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from members.models import Member
from tests.members.conftest import roster_file, roster_row

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(data, name="花名册.xlsx"):
    return SimpleUploadedFile(name, data, content_type=XLSX)


def test_upload_report_confirm_flow(client_as, officer, settings):
    client = client_as(officer)
    data = roster_file([roster_row("B1"), roster_row("B2", name="李四")], as_bytes=True)
    response = client.post(reverse("members:import"), {"file": _upload(data), "allow_new": "on"})
    body = response.content.decode()
    assert response.status_code == 200 and "检查通过" in body and "将新增 2 人" in body
    assert not Member.objects.filter(staff_no__in=["B1", "B2"]).exists()  # the preview writes nothing
    token = client.session["roster_import"]["token"]
    stored = os.path.join(settings.MEDIA_ROOT, "roster-imports", f"{token}.xlsx")
    assert os.path.exists(stored)
    response = client.post(reverse("members:import_confirm"), {"token": token})
    assert response.status_code == 302 and response["Location"] == reverse("members:list")
    assert Member.objects.filter(staff_no__in=["B1", "B2"]).count() == 2
    assert not os.path.exists(stored)  # the temporary upload is removed
    # confirming twice does nothing
    response = client.post(reverse("members:import_confirm"), {"token": token}, follow=True)
    assert "导入已失效" in response.content.decode()


def test_upload_with_errors_lists_every_problem(client_as, officer):
    client = client_as(officer)
    data = roster_file([roster_row("B1", 姓名=None), roster_row("B2", 性别="男女")], as_bytes=True)
    body = client.post(reverse("members:import"), {"file": _upload(data)}).content.decode()
    assert "发现 2 个问题" in body
    assert "第3行 姓名：必填，不能为空" in body and "第4行 性别：“男女”无法识别" in body
    assert "确认导入" not in body and "roster_import" not in client.session
    assert not Member.objects.filter(staff_no__startswith="B").exists()


def test_upload_refuses_non_xlsx(client_as, officer):
    client = client_as(officer)
    body = client.post(
        reverse("members:import"),
        {"file": SimpleUploadedFile("名单.csv", "工号,姓名".encode(), content_type="text/csv")},
    ).content.decode()
    assert "不支持的附件类型" in body
    body = client.post(reverse("members:import"), {"file": _upload(b"PK\x03\x04 not really a zip")}).content.decode()
    assert "不是有效的 Excel .xlsx 工作簿" in body


def test_confirm_revalidates(client_as, officer, make_member):
    client = client_as(officer)
    row = roster_row("B1")
    client.post(reverse("members:import"), {"file": _upload(roster_file([row], as_bytes=True)), "allow_new": "on"})
    token = client.session["roster_import"]["token"]
    # meanwhile somebody else gets that ID number
    make_member(staff_no="Q1", id_number=row["证件号码"], sex="M")
    body = client.post(reverse("members:import_confirm"), {"token": token}).content.decode()
    assert "证件号码已被会员" in body and not Member.objects.filter(staff_no="B1").exists()


def test_confirm_with_foreign_token_is_refused(client_as, officer):
    response = client_as(officer).post(reverse("members:import_confirm"), {"token": "../../etc/passwd"}, follow=True)
    assert "导入已失效" in response.content.decode()


def test_template_download(client_as, officer):
    response = client_as(officer).get(reverse("members:import_template"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    import io

    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[2]][:5] == ["工号", "姓名", "性别", "出生日期", "民族"]


def test_export_follows_filters_and_private_columns(
    client_as, officer, welfare_officer, member, make_member, other_department
):
    import io

    make_member(name="后勤甲", department=other_department)
    make_member(name="本部乙")
    response = client_as(officer).get(reverse("members:export"), {"department": other_department.pk})
    ws = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in ws[2]]
    names = [ws.cell(row=r, column=header.index("姓名") + 1).value for r in range(3, ws.max_row + 1)]
    assert "后勤甲" in names and "本部乙" not in names
    assert "证件号码" in header and "手机" in header
    response = client_as(welfare_officer).get(reverse("members:export"))
    header = [c.value for c in load_workbook(io.BytesIO(response.content)).active[2]]
    assert "证件号码" not in header and "手机" not in header and "姓名" in header
    assert client_as(member).get(reverse("members:export")).status_code == 403
