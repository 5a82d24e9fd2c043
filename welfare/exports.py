"""Workbooks: 签领表 of visits, the hardship file roster and the aid grant list.

ID and bank numbers are always masked in exports; exports for roles other than 帮扶专员/工会主席
carry no sensitive columns at all.
"""

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from members.idcard import mask
from unionhub.excel import safe, write_table, xlsx_response


def sign_sheet_response(visits, data):
    """签领表: name, department, occasion, amount and an empty signature column."""
    wb = Workbook()
    ws = wb.active
    ws.title = "签领表"
    title = f"慰问金（品）签领表  {data['start']:%Y-%m-%d} 至 {data['end']:%Y-%m-%d}"
    if data.get("occasion"):
        title += f"（{data['occasion'].name}）"
    rows, total = [], 0
    for n, v in enumerate(visits.iterator(chunk_size=2000), start=1):
        rows.append(
            [
                n,
                v.member.name,
                v.member.department.name,
                v.occasion.name,
                v.get_form_display(),
                v.amount,
                v.visit_date,
                "",
            ]
        )
        total += v.amount
    next_row = write_table(
        ws,
        title=title,
        headers=["序号", "姓名", "部门", "慰问事项", "形式", "金额（元）", "慰问日期", "领取人签字"],
        rows=rows,
        formats={0: "int", 5: "money", 6: "date"},
        widths={0: 6, 1: 12, 2: 16, 3: 16, 4: 10, 5: 14, 6: 13, 7: 20},
        total_row=["合计", f"{len(rows)}人次", "", "", "", total, "", ""],
        freeze=False,
    )
    for r in range(3, 3 + len(rows)):
        ws.row_dimensions[r].height = 28
    ws.cell(row=next_row, column=1, value=safe("经办人：              审核人：              日期：")).font = Font(
        bold=True
    )
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    return xlsx_response(wb, f"慰问签领表_{data['start']:%Y%m%d}-{data['end']:%Y%m%d}.xlsx")


def hardship_files_response(files):
    """困难职工档案花名册 for welfare roles: ID and bank numbers masked."""
    wb = Workbook()
    ws = wb.active
    ws.title = "困难职工档案"
    rows = []
    for f in files:
        rows.append(
            [
                f.member.staff_no,
                f.member.name,
                f.member.department.name,
                mask(f.member.id_number),
                f.get_category_display(),
                f.get_main_reason_display(),
                "、".join(f.secondary_reason_labels),
                f.household_size,
                f.household_income,
                f.per_capita_income,
                f.health,
                f.housing,
                f.bank_name,
                f.masked_bank_account,
                f.opened_on,
                f.reviewed_on,
                f.closed_on,
                f.get_close_reason_display() if f.close_reason else "",
                "；".join(f"{h.name}（{h.relation}）" for h in f.household.all()),
            ]
        )
    write_table(
        ws,
        title=f"困难职工档案花名册（导出日期 {timezone.localdate():%Y-%m-%d}）",
        headers=[
            "工号",
            "姓名",
            "部门",
            "证件号码（脱敏）",
            "建档类别",
            "主要致困原因",
            "次要致困原因",
            "家庭人口",
            "家庭月均收入",
            "人均月收入",
            "健康状况",
            "住房情况",
            "开户银行",
            "银行卡号（脱敏）",
            "建档日期",
            "最近复核",
            "销档日期",
            "销档原因",
            "家庭成员",
        ],  # fmt: skip
        rows=rows,
        formats={3: "text", 7: "int", 8: "money", 9: "money", 13: "text", 14: "date", 15: "date", 16: "date"},
    )
    return xlsx_response(wb, "困难职工档案.xlsx")


def aid_grants_response(applications, *, year, sensitive):
    """帮扶发放名单 for a year. sensitive=True (welfare roles): masked ID/bank columns added."""
    wb = Workbook()
    ws = wb.active
    ws.title = "帮扶发放名单"
    headers = ["序号", "姓名", "部门", "救助类型", "金额（元）", "发放日期", "资金来源", "上报上级工会日期"]
    if sensitive:
        headers += ["证件号码（脱敏）", "开户银行", "银行卡号（脱敏）"]
    rows, total = [], 0
    for n, a in enumerate(applications.iterator(chunk_size=2000), start=1):
        row = [
            n,
            a.member.name,
            a.member.department.name,
            a.get_kind_display(),
            a.amount,
            a.paid_on,
            a.get_source_display(),
            a.submitted_up_on,
        ]
        if sensitive:
            f = a.hardship_file
            row += [mask(a.member.id_number), f.bank_name if f else "", f.masked_bank_account if f else ""]
        rows.append(row)
        total += a.amount or 0
    total_row = ["合计", f"{len(rows)}人次", "", "", total, "", "", ""] + ([""] * 3 if sensitive else [])
    write_table(
        ws,
        title=f"{year}年困难职工帮扶发放名单",
        headers=headers,
        rows=rows,
        formats={0: "int", 4: "money", 5: "date", 7: "date", 8: "text", 10: "text"},
        total_row=total_row,
    )
    for cell in ws[1]:
        cell.alignment = Alignment(horizontal="left")
    return xlsx_response(wb, f"{year}年帮扶发放名单.xlsx")
