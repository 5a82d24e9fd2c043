import datetime
import io

import pytest
from openpyxl import Workbook

from tests.conftest import valid_id

HEADERS = [
    "工号",
    "姓名",
    "性别",
    "出生日期",
    "证件号码",
    "手机",
    "部门",
    "工会小组",
    "用工形式",
    "入会日期",
    "在职状态",
]


def roster_row(staff_no, name="张三", sex="男", birth=datetime.date(1985, 3, 12), **overrides):
    row = {
        "工号": staff_no,
        "姓名": name,
        "性别": sex,
        "出生日期": birth,
        "证件号码": valid_id(birth, "M" if sex == "男" else "F"),
        "手机": "13800001111",
        "部门": "教务处",
        "工会小组": "教务学工小组",
        "用工形式": "编制",
        "入会日期": datetime.date(2010, 9, 1),
        "在职状态": "在职",
    }
    row.update(overrides)
    return row


def roster_file(rows, *, headers=HEADERS, title="某某学校会员花名册", as_bytes=False):
    """An in-memory xlsx: optional title row, header row, then rows (dicts by header name)."""
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf.getvalue() if as_bytes else buf


@pytest.fixture
def roster():
    return roster_file


@pytest.fixture
def row():
    return roster_row
