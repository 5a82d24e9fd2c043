import datetime
from io import BytesIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.unionhub.conftest import YEAR
from unionhub import yearend
from unionhub.stats import Period, Sheet, Table

pytestmark = pytest.mark.django_db

ORDER = ["汇总", "基本情况", "会员分布", "教代会与提案", "校务公开", "慰问", "困难帮扶", "文体活动", "说明"]


def build(period=None, by="测试员"):
    report = yearend.collect(period or Period.year(YEAR), generated_by=by)
    buf = BytesIO()
    yearend.write_workbook(report, buf)
    buf.seek(0)
    return openpyxl.load_workbook(buf)


def find_row(ws, first_value):
    for row in ws.iter_rows():
        if row[0].value == first_value:
            return row
    raise AssertionError(f"no row starting with {first_value!r} in {ws.title}")


def test_sheets_in_domain_order_with_summary_first_and_notes_last(two_fake_apps):
    assert build().sheetnames == ORDER


def test_numbers_read_back_as_numbers_with_formats(two_fake_apps):
    wb = build()
    ws = wb["会员分布"]
    row = find_row(ws, "教务处")
    assert row[1].value == 30 and isinstance(row[1].value, int)
    assert row[1].number_format == "#,##0"
    assert row[3].value == pytest.approx(0.6) and row[3].number_format == "0.0%"
    money = find_row(wb["困难帮扶"], "医疗救助")[2]
    assert isinstance(money.value, float) and money.value == pytest.approx(36000.50)
    assert money.number_format.startswith("¥")
    date_cell = find_row(wb["基本情况"], "统计截止")[1]
    assert date_cell.value == datetime.datetime(YEAR, 12, 31) and date_cell.number_format == "yyyy-mm-dd"


def test_title_row_frozen_header_and_widths(two_fake_apps):
    wb = build()
    ws = wb["会员分布"]
    assert ws["A1"].value.endswith(f"{YEAR}年会员分布") and ws["A1"].font.b
    assert ws["A2"].value == "按部门"  # the table title
    assert [c.value for c in ws[3]] == ["部门", "会员数", "女职工", "女职工占比"]
    assert all(c.font.b for c in ws[3])
    assert ws.freeze_panes == "A4"  # rows 1-3 stay visible: title, table title, header
    assert ws.column_dimensions["A"].width >= 12  # fits 行政办公室
    assert wb["基本情况"].freeze_panes == "A3"  # a table without a title: header on row 2


def test_totals_rows_given_and_automatic(two_fake_apps):
    wb = build()
    total = find_row(wb["会员分布"], "合计")
    assert [c.value for c in total[:3]] == ["合计", 45, 26] and total[0].font.b
    aid = find_row(wb["困难帮扶"], "合计")
    assert aid[1].value == 17 and aid[2].value == pytest.approx(46000.50)
    assert aid[2].number_format.startswith("¥")


def test_text_is_escaped_against_formulas(two_fake_apps):
    ws = build()["会员分布"]
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(v.startswith("=") for v in values)
    assert "'=HYPERLINK(1)" in values


def test_control_characters_do_not_break_the_export(fake_apps):
    def sheets(period):
        return [Sheet("慰问", [Table("名单", ["姓名", "人次"], [["张\x01三", 1]], {1: "int"})])]

    fake_apps(fake_dirty={"stats": {"annual_sheets": sheets}})
    assert find_row(build()["慰问"], "张三")[1].value == 1


def test_summary_has_indicators_and_native_charts(two_fake_apps):
    ws = build()["汇总"]
    assert ws.freeze_panes == "A3"
    rows = {(r[0].value, r[1].value): r[2] for r in ws.iter_rows(min_row=3) if r[1].value}
    assert rows[("基本情况", "会员总数")].value == 0
    assert rows[("基本情况", "女职工占比")].number_format == "0.0%"
    assert rows[("困难帮扶", "帮扶金额")].value == pytest.approx(46000.50)
    assert rows[("慰问", "慰问人次")].value == 78
    charts = ws._charts
    # automatic: the first table with three or more labels (会员分布, the per-month 慰问 as a line);
    # asked for: 困难帮扶's pie; the two-row tables of 校务公开 and 教代会与提案 are not charted
    assert sorted(type(c).__name__ for c in charts) == ["BarChart", "LineChart", "PieChart"]
    assert all(c.title is not None for c in charts)
    # under the four indicators (rows 3-6), so the sheet prints on portrait A4 (anchor rows are 0-based)
    assert min(c.anchor._from.row + 1 for c in charts) > 6
    assert {c.anchor._from.col for c in charts} == {0}


def test_summary_chart_points_at_the_source_table(two_fake_apps):
    report = yearend.collect(Period.year(YEAR))
    buf = BytesIO()
    yearend.write_workbook(report, buf)
    import zipfile

    xml = "".join(
        zipfile.ZipFile(BytesIO(buf.getvalue())).read(n).decode()
        for n in zipfile.ZipFile(BytesIO(buf.getvalue())).namelist()
        if n.startswith("xl/charts/")
    )
    assert "'会员分布'!$A$4:$A$6" in xml  # categories: the three departments, not the total row
    assert "'会员分布'!$B$4:$B$6" in xml


def test_notes_sheet_has_period_time_author_and_definitions(two_fake_apps):
    ws = build(Period(datetime.date(YEAR, 1, 1), datetime.date(YEAR, 6, 30)), by="李干事（officer01）")["说明"]
    facts = {r[0].value: r[1].value for r in ws.iter_rows(min_row=3) if r[0].value}
    assert facts["统计期间"].startswith(f"{YEAR}-01-01 至 {YEAR}-06-30")
    assert facts["生成人"] == "李干事（officer01）"
    assert facts["统计期间"] == f"{YEAR}-01-01 至 {YEAR}-06-30"
    assert isinstance(facts["生成时间"], datetime.datetime)
    terms = {(r[0].value, r[1].value): r[2].value for r in ws.iter_rows(min_row=3) if r[2].value}
    assert terms[("会员分布", "女职工占比")] == "女职工人数 ÷ 会员人数"
    assert terms[("基本情况", "会员")].startswith("统计期末")
    assert terms[("会员分布", "按部门")] == "按统计期末会籍计算"  # table notes are definitions too


def test_same_named_sheets_from_two_apps_are_merged(fake_apps):
    def a(period):
        return [Sheet("基本情况", [Table("会员", ["项目", "数"], [["会员数", 3]], {1: "int"})])]

    def b(period):
        return [Sheet("基本情况", [Table("代表", ["项目", "数"], [["代表数", 2]], {1: "int"})])]

    fake_apps(fake_a={"stats": {"annual_sheets": a}}, fake_b={"stats": {"annual_sheets": b}})
    wb = build()
    assert wb.sheetnames == ["汇总", "基本情况", "说明"]
    values = [c.value for row in wb["基本情况"].iter_rows() for c in row]
    assert "会员数" in values and "代表数" in values


def test_no_apps_still_gives_a_valid_workbook(fake_apps):
    fake_apps()
    wb = build()
    assert wb.sheetnames == ["汇总", "说明"]
    assert "暂无汇总指标" in wb["汇总"]["A3"].value


def test_officer_downloads_workbook_from_dashboard(client_as, officer, two_fake_apps):
    response = client_as(officer).get(reverse("annual_export"), {"year": YEAR - 1})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"{YEAR - 1}" in response["Content-Disposition"] and "attachment" in response["Content-Disposition"]
    wb = openpyxl.load_workbook(BytesIO(response.content))
    assert wb.sheetnames == ORDER
    facts = {r[0].value: r[1].value for r in wb["说明"].iter_rows(min_row=3) if r[0].value}
    assert facts["生成人"] == "李干事（officer01）"
    assert facts["统计期间"].startswith(f"{YEAR - 1}-01-01")


def test_welfare_officer_cannot_download_workbook(client_as, welfare_officer, two_fake_apps):
    assert client_as(welfare_officer).get(reverse("annual_export")).status_code == 403


# ------------------------------------------------------------------ the command


def test_command_writes_the_file(two_fake_apps, tmp_path):
    out = tmp_path / "年度统计.xlsx"
    stdout = BytesIOText()
    call_command("export_annual_stats", "--year", str(YEAR), "--output", str(out), "--by", "王主席", stdout=stdout)
    assert f"已导出年度统计（{YEAR}年）" in stdout.text and "9 个工作表" in stdout.text
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ORDER
    facts = {r[0].value: r[1].value for r in wb["说明"].iter_rows(min_row=3) if r[0].value}
    assert facts["生成人"] == "王主席"
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


def test_command_with_from_and_to(fake_apps, tmp_path):
    seen = []

    def sheets(period):
        seen.append(period)
        return []

    fake_apps(fake_probe={"stats": {"annual_sheets": sheets}})
    out = tmp_path / "h1.xlsx"
    call_command(
        "export_annual_stats", "--year", "2024", "--from", "2024-03-01", "--to", "2024-08-31", "--output", str(out),
        stdout=BytesIOText(),
    )  # fmt: skip
    assert seen == [Period(datetime.date(2024, 3, 1), datetime.date(2024, 8, 31))]
    assert out.exists()


@pytest.mark.parametrize(
    "args,message",
    [
        (["--from", "2024-13-01"], "日期格式"),
        (["--from", "2024-09-01", "--to", "2024-01-01"], "晚于"),
    ],
)
def test_command_rejects_bad_dates(fake_apps, tmp_path, args, message):
    fake_apps()
    with pytest.raises(CommandError, match=message):
        call_command("export_annual_stats", "--year", "2024", *args, "--output", str(tmp_path / "x.xlsx"))
    assert not list(tmp_path.iterdir())


def test_crash_while_writing_leaves_no_file_and_keeps_the_old_one(two_fake_apps, tmp_path, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError("磁盘已满")

    # every data sheet has been streamed to the temporary file when the 说明 sheet fails
    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    monkeypatch.setattr(yearend, "_write_notes", disk_full)
    out = tmp_path / "2024.xlsx"
    out.write_bytes(b"last year's good file")
    temp_before = list(ALL_TEMP_FILES)
    with pytest.raises(OSError, match="磁盘已满"):
        call_command("export_annual_stats", "--year", "2024", "--output", str(out), stdout=BytesIOText())
    assert ALL_TEMP_FILES == temp_before  # openpyxl's per-sheet temporary files are gone too
    assert out.read_bytes() == b"last year's good file"
    assert [p.name for p in tmp_path.iterdir()] == ["2024.xlsx"]


def test_crash_while_collecting_leaves_no_file(fake_apps, tmp_path):
    def sheets(period):
        raise RuntimeError("统计出错")

    fake_apps(fake_broken={"stats": {"annual_sheets": sheets}})
    with pytest.raises(RuntimeError):
        call_command("export_annual_stats", "--year", "2024", "--output", str(tmp_path / "x.xlsx"))
    assert not list(tmp_path.iterdir())


class BytesIOText:
    """A stdout for call_command that keeps what was written."""

    def __init__(self):
        self.text = ""

    def write(self, s):
        self.text += s

    def flush(self):
        pass


def test_a_date_cell_does_not_change_the_number_format_of_other_cells():
    """openpyxl gives a date a date format when it is assigned to a cell whose style has none; the
    streaming writer used to assign the value before the cell's own style, so the date format
    landed on the previous cell's shared style: after a [count, date] row every count printed as
    a date (153 -> 1900-06-01) and every text cell carried a date format."""
    table = Table(
        title="募捐",
        headers=["活动", "人数", "日期", "金额（元）"],
        rows=[["慈心一日捐", 153, datetime.date(YEAR, 5, 1), 1000], ["献爱心", 88, datetime.date(YEAR, 9, 1), 500]],
        formats={1: "int", 2: "date", 3: "money"},
    )
    report = yearend.AnnualReport(
        period=Period.year(YEAR), sheets=[Sheet(name="困难帮扶", tables=[table])], branch="工会"
    )
    buf = BytesIO()
    yearend.write_workbook(report, buf)
    buf.seek(0)
    ws = openpyxl.load_workbook(buf)["困难帮扶"]
    second = find_row(ws, "献爱心")
    assert second[1].value == 88 and second[1].number_format == "#,##0"
    assert second[2].number_format == "yyyy-mm-dd"
    assert second[0].number_format == "General"
    assert find_row(ws, "慈心一日捐")[1].number_format == "#,##0"


def test_notes_sheet_prints_one_page_wide(two_fake_apps):
    ws = build()["说明"]
    # before: no print setup, the 70-wide 定义 column printed on a second page
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert int(ws.page_setup.paperSize) == 9


def test_summary_charts_are_never_cut_by_a_page_break():
    """Before: the charts were stacked without page breaks, so every page boundary of the printed
    汇总 cut a chart in two (the repeated 类别/指标/数值 header printed over its lower half)."""
    import math

    sheets = [
        Sheet(
            name=f"工作表{n}",
            tables=[
                Table(
                    title=f"表{n}", headers=["项目", "人数"], rows=[["甲", 3], ["乙", 5], ["丙", 2]], formats={1: "int"}
                )
            ],  # fmt: skip
        )
        for n in range(8)
    ]
    report = yearend.AnnualReport(period=Period.year(YEAR), sheets=sheets, branch="工会")
    buf = BytesIO()
    yearend.write_workbook(report, buf)
    buf.seek(0)
    ws = openpyxl.load_workbook(buf)["汇总"]
    breaks = sorted(b.id for b in ws.row_breaks.brk)
    assert breaks  # eight charts do not fit on one page
    charts = sorted(ws._charts, key=lambda c: c.anchor._from.row)
    assert len(charts) == 8
    page_starts = [3, *(b + 1 for b in breaks)]
    for chart in charts:
        top = chart.anchor._from.row + 1
        bottom = top + math.ceil(chart.anchor.ext.height / 360000 / yearend.ROW_CM)
        start = max(s for s in page_starts if s <= top)
        assert bottom <= start - 1 + yearend.SUMMARY_PAGE_ROWS, (top, bottom, breaks)
        assert not any(top <= b < bottom for b in breaks)
