"""Delegate roster: import from Excel (工号, 代表团) all-or-nothing, or pick from members."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from congress.models import Delegate


def xlsx(rows):
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(
        "代表.xlsx", buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


@pytest.fixture
def people(make_member):
    return [make_member(staff_no=f"2{i:03d}", name=f"代表{i}") for i in range(3)]


def test_import_creates_delegates(client_as, officer, term, people):
    r = client_as(officer).post(
        reverse("congress:delegate_import", args=[term.pk]),
        {"file": xlsx([["工号", "代表团"], ["2000", "语文组"], [2001, "数学组"]])},
        follow=True,
    )
    assert "已导入 2 名代表" in r.content.decode()
    assert set(Delegate.objects.values_list("member__staff_no", "delegation")) == {
        ("2000", "语文组"),
        ("2001", "数学组"),
    }


def test_import_with_errors_writes_nothing_and_names_rows(client_as, officer, term, people):
    r = client_as(officer).post(
        reverse("congress:delegate_import", args=[term.pk]),
        {"file": xlsx([["工号", "代表团"], ["2000", "语文组"], ["9999", "x"], ["2000", "y"], [None, "z"]])},
        follow=True,
    )
    body = r.content.decode()
    assert "第 3 行：工号“9999”不是在会会员" in body
    assert "第 4 行：工号“2000”在文件中重复" in body
    assert "第 5 行：工号为空" in body
    assert not Delegate.objects.exists()


def test_import_needs_staff_no_column_and_xlsx(client_as, officer, term):
    c = client_as(officer)
    r = c.post(reverse("congress:delegate_import", args=[term.pk]), {"file": xlsx([["姓名"], ["张三"]])}, follow=True)
    assert "缺少“工号”列" in r.content.decode()
    r = c.post(
        reverse("congress:delegate_import", args=[term.pk]),
        {"file": SimpleUploadedFile("a.csv", b"a,b")},
        follow=True,
    )
    assert "不支持的附件类型" in r.content.decode()


def test_add_from_members_and_duplicates(client_as, officer, term, people):
    c = client_as(officer)
    c.post(
        reverse("congress:delegate_add", args=[term.pk]),
        {"staff_no": "2002", "delegation": "行政", "on_committee": "on"},
    )
    d = Delegate.objects.get()
    assert d.on_committee and d.delegation == "行政"
    r = c.post(reverse("congress:delegate_add", args=[term.pk]), {"staff_no": "2002"}, follow=True)
    assert "已是第六届代表" in r.content.decode()
    assert Delegate.objects.count() == 1


def test_roster_for_officers_only(client, client_as, member, officer, term, people):
    assert client.get(reverse("congress:delegate_list", args=[term.pk])).status_code == 302
    assert client_as(member).get(reverse("congress:delegate_list", args=[term.pk])).status_code == 403
    assert (
        client_as(member).post(reverse("congress:delegate_add", args=[term.pk]), {"staff_no": "2000"}).status_code
        == 403
    )
    assert client_as(officer).get(reverse("congress:delegate_list", args=[term.pk])).status_code == 200


def test_toggle_active(client_as, officer, member, term, people):
    d = Delegate.objects.create(term=term, member=people[0])
    url = reverse("congress:delegate_toggle", args=[term.pk, d.pk])
    assert client_as(member).post(url).status_code == 403
    client_as(officer).post(url)
    d.refresh_from_db()
    assert not d.is_active


def test_roster_query_count(client_as, officer, term, make_member, django_assert_max_num_queries):
    for i in range(60):
        Delegate.objects.create(term=term, member=make_member(staff_no=f"3{i:03d}"), delegation="组")
    c = client_as(officer)
    # 9 per page (see test_views.BASE) + term + page count + page (delegates joined with member, department)
    with django_assert_max_num_queries(12):
        body = c.get(reverse("congress:delegate_list", args=[term.pk])).content.decode()
    assert "3000" in body and "共 60 条" in body


def test_session_list_query_count(client_as, member, term, django_assert_max_num_queries):
    import datetime

    from congress.models import Session

    for n in range(1, 12):
        Session.objects.create(
            term=term, number=n, meeting_date=datetime.date(2015 + n, 3, 1),
            collection_start=datetime.date(2015 + n, 1, 1), collection_end=datetime.date(2015 + n, 2, 1),
        )  # fmt: skip
    c = client_as(member)
    # 9 per page (see test_views.BASE) + sessions annotated with filed counts
    with django_assert_max_num_queries(10):
        body = c.get(reverse("congress:session_list")).content.decode()
    assert "六届十一次" in body


def test_template_reads_back_into_the_import(client_as, officer, member, term, people):
    from openpyxl import load_workbook

    url = reverse("congress:delegate_template", args=[term.pk])
    assert client_as(member).get(url).status_code == 403
    r = client_as(officer).get(url)
    wb = load_workbook(BytesIO(r.content))
    ws = wb.active
    assert [c.value for c in ws[1]] == ["工号", "代表团"]
    ws.append(["2001", "数学组"])
    buf = BytesIO()
    wb.save(buf)
    upload = SimpleUploadedFile("t.xlsx", buf.getvalue())
    client_as(officer).post(reverse("congress:delegate_import", args=[term.pk]), {"file": upload})
    assert Delegate.objects.get().member.staff_no == "2001"


def test_import_reports_an_overlong_delegation_instead_of_cutting_it(client_as, officer, term, people):
    r = client_as(officer).post(
        reverse("congress:delegate_import", args=[term.pk]),
        {"file": xlsx([["工号", "代表团"], ["2000", "语文组"], ["2001", "数" * 60]])},
        follow=True,
    )
    assert "第 3 行：代表团“数数数数数数数数数数…”超过 50 个字" in r.content.decode()
    assert not Delegate.objects.exists()


def test_add_with_an_overlong_delegation_names_that_field(client_as, officer, term, people):
    r = client_as(officer).post(
        reverse("congress:delegate_add", args=[term.pk]), {"staff_no": "2002", "delegation": "行" * 60}, follow=True
    )
    body = r.content.decode()
    assert "代表团：" in body and "请填写工号" not in body
    assert not Delegate.objects.exists()
