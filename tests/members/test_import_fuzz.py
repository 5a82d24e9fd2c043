"""Fuzz test of the roster import (issue 7: hostile input never gives a 500 or a partial write).

Hypothesis builds workbooks whose rows mix valid members with hostile cells (any unicode,
huge strings, numbers where text belongs, dates, formulas, blank required cells, repeated
工号 and 证件号码). For every file:

- the import never raises: every problem is reported as `第N行 列名：原因` or `文件：原因`;
- when anything is reported, nothing at all is written (members, events, departments, groups);
- when nothing is reported, every row is in the database afterwards.

Each example runs in a savepoint that is rolled back, so examples do not see each other.
"""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from members.importer import import_roster
from members.models import Department, Member, MembershipEvent, UnionGroup
from tests.conftest import valid_id
from tests.members.conftest import HEADERS

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROBLEM_RE = re.compile(r"^(第\d+行 \S+：|文件：).+", re.S)
EXTRA_HEADERS = ["民族", "岗位", "职称", "学历", "政治面貌", "会籍状态", "退休日期", "备注"]
ALL_HEADERS = HEADERS + EXTRA_HEADERS

# --------------------------------------------------------------------------- strategies


def _xml_safe(text):
    # openpyxl cannot write control characters at all (no real workbook holds them)
    return ILLEGAL_CHARACTERS_RE.sub("", text)


unicode_text = st.text(max_size=40).map(_xml_safe)
huge_text = st.builds(lambda ch, n: ch * n, st.sampled_from(["字", "9", "x", "😀", " "]), st.integers(60, 5000))
formula = st.sampled_from(
    ["=1+1", '=HYPERLINK("http://evil","点我")', "=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)", "'=1+1"]
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
)
dates = st.one_of(
    st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(2099, 12, 31)),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(2099, 12, 31)),
    st.sampled_from(["1985-02-30", "2099-01-01", "1985年13月1日", "19850312", "0000-00-00", "去年"]),
)
near_miss = st.sampled_from(["男女", "男 ", "Ｍ", "编制 ", "临时工", "退休", "保留", "在职", "X", "x" * 33])
hostile_cell = st.one_of(
    st.none(), st.just(""), st.just("   "), unicode_text, huge_text, formula, numbers, dates, near_miss
)


@st.composite
def rosters(draw):
    """(headers, rows as lists of cell values)."""
    headers = list(HEADERS)
    if draw(st.booleans()):
        headers += draw(st.lists(st.sampled_from(EXTRA_HEADERS), unique=True, max_size=4))
    if draw(st.integers(0, 9)) == 0:
        headers.append(draw(st.sampled_from(headers)))  # a column twice
    if draw(st.integers(0, 9)) == 0:
        headers.remove(draw(st.sampled_from(["工号", "姓名", "证件号码"])))  # a required column missing
    n = draw(st.integers(1, 6))
    rows = []
    for i in range(n):
        birth = draw(st.dates(min_value=datetime.date(1960, 1, 1), max_value=datetime.date(2000, 12, 31)))
        sex = draw(st.sampled_from(["男", "女"]))
        good = {
            "工号": f"F{draw(st.integers(1, 8))}" if draw(st.booleans()) else f"F{i + 1}",  # repeats sometimes
            "姓名": draw(st.sampled_from(["张三", "李芳", "O'Brien", "<script>alert(1)</script>", "阿卜杜·热合曼"])),
            "性别": sex,
            "出生日期": birth,
            "证件号码": valid_id(birth, "M" if sex == "男" else "F"),
            "手机": "13800001111",
            "部门": draw(st.sampled_from(["教务处", "总务处", "新部门"])),
            "工会小组": draw(st.sampled_from(["", "教务学工小组", "后勤小组"])),
            "用工形式": "编制",
            "入会日期": datetime.date(2010, 9, 1),
            "在职状态": "在职",
            "民族": "汉族",
            "会籍状态": "正常",
        }
        if rows and draw(st.integers(0, 5)) == 0:
            good["证件号码"] = rows[0][headers.index("证件号码")] if "证件号码" in headers else good["证件号码"]
        # spoil some cells of some rows
        spoiled = draw(st.lists(st.sampled_from(headers), max_size=4, unique=True)) if draw(st.booleans()) else []
        for name in spoiled:
            good[name] = draw(hostile_cell)
        rows.append([good.get(h) for h in headers])
    return headers, rows


def workbook_bytes(headers, rows, title=True):
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append(["会员花名册"])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def snapshot():
    return (
        Member.objects.count(),
        MembershipEvent.objects.count(),
        Department.objects.count(),
        UnionGroup.objects.count(),
        sorted(Member.objects.values_list("staff_no", "name", "updated_at")),
    )


def check_outcome(report, before, data_rows):
    """The import's three promises: reported not raised, all or nothing."""
    for problem in report.problems:
        assert PROBLEM_RE.match(problem), problem
    after = snapshot()
    if not report.ok:
        assert after == before, "a rejected file must not change anything"
        assert not report.written
        return
    assert report.written
    assert_fits_columns()
    assert after[0] == before[0] + report.created
    assert report.created + report.updated + report.unchanged == len(report.rows) == data_rows
    staff = set(Member.objects.values_list("staff_no", flat=True))
    assert {r.values["staff_no"] for r in report.rows} <= staff


def assert_fits_columns():
    """What PostgreSQL would refuse and SQLite silently stores: text longer than its column."""
    for model in (Member, Department, UnionGroup):
        for f in model._meta.concrete_fields:
            if getattr(f, "max_length", None):
                for value in model.objects.values_list(f.attname, flat=True):
                    assert value is None or len(value) <= f.max_length, (model.__name__, f.name, len(value))


def non_blank_rows(rows):
    return sum(1 for row in rows if not all(v is None or (isinstance(v, str) and not v.strip()) for v in row))


# --------------------------------------------------------------------------- the service


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(roster=rosters())
@example(roster=(HEADERS, [[None] * len(HEADERS)]))  # only a blank row
@example(roster=(HEADERS, [["=1+1"] * len(HEADERS)]))  # formulas everywhere
@example(roster=(HEADERS, [[10**20, "张三", "男", 31118, 110105198503120000, None, 1.5, None, 7, -3, True]]))
@example(roster=(HEADERS, [["字" * 5000] * len(HEADERS)]))
@example(roster=(HEADERS, [["F2", "张三", "男", None, valid_id(datetime.date(1985, 3, 12)), None, "部" * 101]]))
@example(roster=(HEADERS, [["F2", "张三", "男", None, valid_id(datetime.date(1985, 3, 12)), None, "部", "组" * 101]]))
def test_hostile_roster_is_reported_never_raised_never_half_written(make_member, roster):
    headers, rows = roster
    data = workbook_bytes(headers, rows)
    with transaction.atomic():
        make_member(staff_no="F1", name="已有会员")  # some rows update an existing member
        before = snapshot()
        report = import_roster(io.BytesIO(data))
        event("written" if report.ok else "rejected")
        check_outcome(report, before, non_blank_rows(rows))
        transaction.set_rollback(True)


@settings(max_examples=40, deadline=None)
@given(data=st.one_of(st.binary(max_size=300), st.just(b"PK\x03\x04" + b"\x00" * 40)))
def test_random_bytes_are_not_a_workbook(data):
    before = snapshot()
    report = import_roster(io.BytesIO(data))
    assert [p[:3] for p in report.problems] == ["文件："]
    assert snapshot() == before


def test_broken_sheet_xml_is_reported_not_raised():
    """A workbook whose sheet XML is cut off parses lazily: the failure must still be a report."""
    import zipfile

    good = workbook_bytes(HEADERS, [[f"F{i}", "张三", "男", None, valid_id(), None, "教务处"] for i in range(50)])
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = body[: len(body) // 2]
            dst.writestr(item, body)
    before = snapshot()
    report = import_roster(io.BytesIO(broken.getvalue()))
    assert not report.ok and report.problems[-1].startswith("文件：")
    assert snapshot() == before


# --------------------------------------------------------------------------- through the views


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(roster=rosters())
def test_hostile_roster_through_the_upload_and_confirm_pages(client_as, officer, roster):
    client = client_as(officer)
    headers, rows = roster
    data = workbook_bytes(headers, rows)
    with transaction.atomic():
        before = snapshot()
        upload = SimpleUploadedFile("花名册.xlsx", data, content_type=XLSX)
        response = client.post(reverse("members:import"), {"file": upload, "allow_new": "on"})
        assert response.status_code == 200
        body = response.content.decode()
        assert "<script>alert(1)</script>" not in body
        assert snapshot() == before, "the preview writes nothing"
        pending = client.session.get("roster_import")
        if "检查通过" in body:
            response = client.post(reverse("members:import_confirm"), {"token": pending["token"]})
            assert response.status_code == 302
            assert snapshot()[0] >= before[0]
        else:
            assert "发现" in body and "个问题" in body
            assert pending is None
        transaction.set_rollback(True)
