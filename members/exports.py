"""Roster workbooks: the export (re-imports unchanged) and the blank import template."""

import datetime

from django.utils import timezone
from openpyxl import Workbook

from members.importer import EXPORT_ORDER, TEMPLATE_EXAMPLE
from unionhub.excel import write_table

PRIVATE_COLUMNS = ("证件号码", "手机")
WIDTHS = {"工号": 10, "姓名": 10, "性别": 6, "证件号码": 22, "手机": 14, "部门": 14, "工会小组": 14, "备注": 24}
DATE_COLUMNS = ("出生日期", "入会日期", "退休日期")


def roster_columns(*, include_private):
    return [c for c in EXPORT_ORDER if include_private or c not in PRIVATE_COLUMNS]


def _row(m, columns):
    values = {
        "工号": m.staff_no,
        "姓名": m.name,
        "性别": m.get_sex_display(),
        "出生日期": m.birth_date,
        "民族": m.ethnicity,
        "证件号码": m.id_number,
        "手机": m.phone,
        "部门": m.department.name,
        "工会小组": m.union_group.name if m.union_group else "",
        "岗位": m.position,
        "职称": m.title,
        "学历": m.education,
        "政治面貌": m.political_status,
        "用工形式": m.get_employment_type_display(),
        "入会日期": m.joined_on,
        "会籍状态": m.get_membership_status_display(),
        "在职状态": m.get_work_status_display(),
        "退休日期": m.retired_on,
        "备注": m.notes,
    }
    return [values[c] for c in columns]


def _formats(columns):
    formats = {}
    for i, c in enumerate(columns):
        if c in DATE_COLUMNS:
            formats[i] = "date"
        elif c in ("工号", "证件号码", "手机"):
            formats[i] = "text"  # never let Excel turn these into numbers
    return formats


def roster_workbook(members, *, include_private, title=None):
    """A styled 花名册: title row, frozen bold header, widths, IDs as text, text escaped with safe()."""
    columns = roster_columns(include_private=include_private)
    wb = Workbook()
    ws = wb.active
    ws.title = "会员花名册"
    rows = (_row(m, columns) for m in members.select_related("department", "union_group").iterator(chunk_size=2000))
    write_table(
        ws,
        headers=columns,
        rows=rows,
        title=title or f"会员花名册（导出日期 {timezone.localdate():%Y-%m-%d}）",
        formats=_formats(columns),
        widths={i: WIDTHS.get(c, 12) for i, c in enumerate(columns)},
        freeze=False,
    )
    ws.freeze_panes = "C3"  # title + header rows, 工号 and 姓名 stay visible
    return wb


def template_workbook():
    """The blank import template: the header row (required columns marked) and one example row."""
    columns = EXPORT_ORDER
    example = {
        "工号": TEMPLATE_EXAMPLE["staff_no"],
        "姓名": "张三",
        "性别": "男",
        "出生日期": datetime.date(1991, 1, 1),
        "民族": "汉族",
        "证件号码": TEMPLATE_EXAMPLE["id_number"],
        "手机": "13800001234",
        "部门": "教务处",
        "工会小组": "教务学工小组",
        "岗位": "教师",
        "职称": "中学一级教师",
        "学历": "本科",
        "政治面貌": "群众",
        "用工形式": "编制",
        "入会日期": datetime.date(2015, 9, 1),
        "会籍状态": "在会",
        "在职状态": "在职",
        "退休日期": None,
        "备注": TEMPLATE_EXAMPLE["notes"],
    }
    wb = Workbook()
    ws = wb.active
    ws.title = "会员花名册"
    write_table(
        ws,
        headers=columns,
        rows=[[example[c] for c in columns]],
        title="会员花名册导入模板（必填：工号、姓名、性别、证件号码、部门；日期写成 1985-03-12）",
        formats=_formats(columns),
        widths={i: WIDTHS.get(c, 12) for i, c in enumerate(columns)},
        freeze=False,
    )
    ws.freeze_panes = "A3"
    # let typed-in numbers in the text columns stay text for the next 2,000 rows
    for i, c in enumerate(columns, start=1):
        if c in ("工号", "证件号码", "手机"):
            for r in range(4, 2004):
                ws.cell(row=r, column=i).number_format = "@"
    return wb
