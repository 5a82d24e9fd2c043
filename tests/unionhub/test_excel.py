"""The shared workbook helper (unionhub/excel.py): what an officer sees when opening or printing."""

import datetime
import io

import openpyxl
from openpyxl import Workbook

from unionhub.excel import write_table

HEADERS = ["编号", "案由", "类别", "领衔人", "所在部门", "状态", "提交日期", "主办部门", "答复内容"]


def roundtrip(wb):
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return openpyxl.load_workbook(buf)


def written(**kwargs):
    wb = Workbook()
    write_table(wb.active, **kwargs)
    return roundtrip(wb).active


def test_a_wide_list_prints_one_page_wide_with_the_header_on_every_page():
    rows = [[f"六届四次-{i:03d}", "关于建立教职工心理健康辅导机制与定期体检制度的建议", "福利待遇", "张三", "总务处", "已立案", datetime.date(2026, 3, 1), "总务处", ""]
            for i in range(1, 200)]  # fmt: skip
    ws = written(title="提案及答复", headers=HEADERS, rows=rows)
    setup = ws.page_setup
    # Excel/WPS ignore fitToWidth unless the sheet's fitToPage flag is on: before, 9 columns printed 2-3 pages wide
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0  # one page wide, as many pages long as needed
    assert setup.orientation == "landscape" and int(setup.paperSize) == 9  # A4, too wide for portrait
    assert ws.print_title_rows == "$1:$2"  # title and header repeat on every printed page
    assert "&P" in ws.oddFooter.center.text  # page numbers
    assert ws.auto_filter.ref == "A2:I201"  # the header filters the data rows
    assert ws.freeze_panes == "A3"


def test_a_narrow_list_prints_portrait_and_a_total_row_is_not_filtered():
    ws = written(headers=["姓名", "金额"], rows=[["甲", 1], ["乙", 2]], formats={1: "money"}, total_row=["合计", 3])
    assert ws.page_setup.orientation == "portrait"
    assert ws.auto_filter.ref == "A1:B3"  # the 合计 row stays under the filtered rows
    assert ws.print_title_rows == "$1:$1"
    # many short columns (a meet's 报名表) still fit portrait: before, 8 columns meant landscape
    entries = written(headers=["项目", "组别", "代表队", "队名", "顺序", "工号", "姓名", "性别"], rows=[["跳绳"] * 8])
    assert entries.page_setup.orientation == "portrait"


def test_columns_are_as_wide_as_their_content():
    ws = written(
        headers=["编号", "部门", "金额", "日期", "答复内容"],
        rows=[["六届四次-023", "英语教研组", 1234567.5, datetime.date(2026, 3, 1), "经研究，" * 30]],
        formats={2: "money", 3: "date"},
    )
    width = {c: ws.column_dimensions[c].width for c in "ABCDE"}
    # before: sized from the header only (8), so 六届四次-0… and 英语教研… were cut off and ¥1,234,567.50 showed ####
    assert width["A"] >= 12 + 1
    assert width["B"] >= 10 + 1
    assert width["C"] >= len("¥1,234,567.50")
    assert width["D"] >= 11
    # long text gets a capped column and wraps instead of running off the page
    assert width["E"] <= 42 and ws["E2"].alignment.wrap_text
    narrow = written(headers=["案由"], rows=[["短"]], widths={0: 36})
    assert narrow.column_dimensions["A"].width == 36  # a width the caller asks for is kept


def test_a_sheet_of_several_tables_has_no_filter_and_no_repeated_first_header():
    wb = Workbook()
    ws = wb.active
    row = write_table(
        ws, title="按部门", headers=["部门", "件数"], rows=[["总务处", 1]], list_sheet=False, freeze=False
    )
    write_table(ws, title="按类别", headers=["类别", "件数"], rows=[["福利待遇（含子女入学、体检等）", 2]],
                start_row=row, list_sheet=False, freeze=False)  # fmt: skip
    ws = roundtrip(wb).active
    assert ws.auto_filter.ref is None and ws.print_title_rows is None
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.column_dimensions["A"].width >= 30  # the later table's longer label widened the shared column
