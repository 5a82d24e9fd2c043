"""The year-end workbook (年度统计): every app's annual_sheets(period) in one styled xlsx.

Sheets: 汇总 (headline indicators of all apps, with native Excel charts), then the apps'
sheets in DOMAIN.md §7 order (基本情况, 会员分布, 教代会与提案, 校务公开, 慰问, 困难帮扶,
文体活动; other names after them), then 说明 (period, generated at, by whom, definitions).

The numbers come from the same stats.py functions the dashboard reads, so the two never
disagree. The workbook is streamed with openpyxl's write-only mode: each cell is written
once with a style prepared in advance, which keeps the export close to a bare dump of
the same values (see bench/). export_to_path() writes a temporary file next to the target
and renames it only when complete, so a failed export never leaves a partial file.
"""

import datetime
import math
import re
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.pagebreak import Break

from unionhub.atomic import atomic_output
from unionhub.excel import FORMATS as EXCEL_FORMATS
from unionhub.excel import safe
from unionhub.stats import SHEET_ORDER, Sheet, app_modules

FORMATS = {**EXCEL_FORMATS, "datetime": "yyyy-mm-dd hh:mm"}
PAPER_A4 = "9"  # Worksheet.PAPERSIZE_A4 (write-only sheets lack the constant)
SUMMARY = "汇总"
NOTES = "说明"
NUMERIC_FORMATS = ("int", "money", "percent", "decimal")
ROW_CM = 0.53  # a default 15-point row
# rows of an A4 portrait page at 100% under the repeated title and header rows: 29.7 cm less
# the default 2.54 cm top and bottom margins and about 1.2 cm of title rows, a little spare
SUMMARY_PAGE_ROWS = 42
MONTH_LABEL = re.compile(r"^(\d{4}[-年])?\d{1,2}月?$")
INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass
class AnnualReport:
    """What goes into the workbook: the period, the ordered sheets and who asked for it."""

    period: object
    sheets: list
    generated_by: str = ""
    generated_at: datetime.datetime = field(default_factory=timezone.localtime)
    branch: str = ""
    timings: dict = field(default_factory=dict)


def collect(period, *, generated_by=""):
    """Ask every app's stats.py for its annual sheets; merge same-named sheets, order them."""
    started = time.perf_counter()
    sheets = []
    for module in app_modules("stats"):
        if hasattr(module, "annual_sheets"):
            sheets.extend(module.annual_sheets(period))
    report = AnnualReport(
        period=period,
        sheets=order_sheets(sheets),
        generated_by=generated_by,
        branch=settings.UNIONHUB_BRANCH_NAME,
    )
    report.timings["collect"] = time.perf_counter() - started
    return report


def order_sheets(sheets):
    """DOMAIN.md §7 order; sheets sharing a name (two apps adding to 基本情况) become one."""
    merged = {}
    for sheet in sheets:
        name = sheet_title(sheet.name)
        if name in merged:
            into = merged[name]
            into.tables = list(into.tables) + list(sheet.tables)
            into.indicators = list(into.indicators) + list(sheet.indicators)
            into.definitions = list(into.definitions) + list(sheet.definitions)
        else:
            merged[name] = Sheet(
                name=name,
                tables=list(sheet.tables),
                indicators=list(sheet.indicators),
                definitions=list(sheet.definitions),
            )
    rank = {name: i for i, name in enumerate(SHEET_ORDER)}
    order = sorted(enumerate(merged), key=lambda item: (rank.get(item[1], len(SHEET_ORDER)), item[0]))
    return [merged[name] for _, name in order]


def sheet_title(name):
    """A legal worksheet name: no []:*?/\\, at most 31 characters, never 汇总/说明 twice."""
    name = INVALID_SHEET_CHARS.sub("_", str(name)).strip() or "统计"
    if name in (SUMMARY, NOTES):
        name += "（明细）"
    return name[:31]


# ---------------------------------------------------------------- cell styles

THIN = Side(style="thin", color="8C8C8C")
MEDIUM = Side(style="medium", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TOTAL_BORDER = Border(left=THIN, right=THIN, top=MEDIUM, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")


class _Styles:
    """Each look (font, fill, border, number format) is prepared once as a style array.

    Rows are written as (value, style) pairs through _StyledSheet, which reuses one cell
    object per row instead of building a styled cell for every value: the write-only writer
    serialises each cell as soon as it is yielded and only reads its style array.
    """

    def __init__(self, ws):
        self._ws = ws
        self._cache = {}

    def _proto(self, key):
        style = self._cache.get(key)
        if style is None:
            kind, fmt = key
            cell = WriteOnlyCell(self._ws)
            if kind == "title":
                cell.font = Font(bold=True, size=14)
            elif kind == "subtitle":
                cell.font = Font(bold=True, size=12, color="1F3864")
            elif kind == "header":
                cell.font = Font(bold=True)
                cell.fill = HEADER_FILL
                cell.border = GRID
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            elif kind == "body":
                cell.border = GRID
                if fmt == "wrap":
                    cell.alignment = Alignment(vertical="top", wrap_text=True)
            elif kind == "total":
                cell.font = Font(bold=True)
                cell.fill = TOTAL_FILL
                cell.border = TOTAL_BORDER
            elif kind == "note":
                cell.font = Font(italic=True, color="595959", size=10)
            if fmt in FORMATS and fmt != "text":
                cell.number_format = FORMATS[fmt]
            style = cell._style
            self._cache[key] = style
        return style

    def cell(self, value, kind, fmt=None):
        if isinstance(value, datetime.date) and fmt not in ("date", "datetime"):
            fmt = "datetime" if isinstance(value, datetime.datetime) else "date"
        return (value, self._proto((kind, fmt)))


class _StyledSheet(WriteOnlyWorksheet):
    """A write-only sheet whose rows are lists of (value, style array) pairs (see _Styles)."""

    def _values_to_row(self, values, row_idx):
        cell = WriteOnlyCell(self)
        for col_idx, (value, style) in enumerate(values, 1):
            # the style first: assigning a date to a cell whose style has no date format gives
            # that style one, and the style array is shared with every cell of the same look
            cell._style = style
            cell.value = value
            cell.column = col_idx
            cell.row = row_idx
            yield cell


def _create_sheet(wb, title):
    ws = _StyledSheet(parent=wb, title=title)
    wb._add_sheet(ws)
    return ws


def cell_value(value):
    """A value openpyxl writes with the right type: numbers stay numbers, text is made safe()."""
    if value is None or isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return safe(ILLEGAL_CHARACTERS_RE.sub("", value))
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, datetime.date):
        return value
    return safe(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def display_width(value):
    """Columns a value needs: CJK characters count double (3 UTF-8 bytes -> 2 columns)."""
    if isinstance(value, float | Decimal):
        text = f"{value:,.2f}"
    elif isinstance(value, datetime.date):
        return 10
    else:
        text = str(value)
    return len(text) + (len(text.encode()) - len(text)) // 2


# ---------------------------------------------------------------- per-table layout


@dataclass
class _Placed:
    """Where a table landed on its sheet (for the 汇总 charts)."""

    sheet: str
    table: object
    header_row: int
    first_row: int
    last_row: int


def auto_totals(table):
    """The 合计 line of a table with auto_total: sums of its numeric (not percent) columns."""
    totals = []
    for c in range(len(table.headers)):
        if c == 0:
            totals.append("合计")
            continue
        fmt = table.formats.get(c)
        if fmt in ("int", "money", "decimal"):
            nums = [r[c] for r in table.rows if c < len(r) and _is_number(r[c])]
            totals.append(sum(nums) if nums else 0)
        else:
            totals.append(None)
    return totals


def _is_number(value):
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _column_widths(tables, min_width=6, max_width=50, sample=300):
    widths = {}
    for table in tables:
        lines = [table.headers, *table.rows[:sample]]
        if table.total_row:
            lines.append(table.total_row)
        for line in lines:
            for c, v in enumerate(line):
                if v is None:
                    continue
                w = display_width(v) + 2
                if w > widths.get(c, 0):
                    widths[c] = w
    return {c: max(min_width, min(max_width, w)) for c, w in widths.items()}


def _write_sheet(wb, sheet, report, styles):
    ws = _create_sheet(wb, sheet.name)
    tables = list(sheet.tables)
    # Write-only sheets write their views, properties and columns before the first row,
    # so widths, the frozen header and page setup are decided up front.
    for c, w in _column_widths(tables).items():
        ws.column_dimensions[get_column_letter(c + 1)].width = w
    if tables:
        first_header = 3 if tables[0].title else 2
        ws.freeze_panes = f"A{first_header + 1}"
        ws.print_title_rows = f"1:{first_header}"
        wide = max(len(t.headers) for t in tables) > 7
        ws.page_setup.orientation = "landscape" if wide else "portrait"
    _fit_one_page_wide(ws)

    ws.append([styles.cell(safe(f"{report.branch}{report.period.label}{sheet.name}"), "title")])
    row = 1
    placed = []
    if not tables:
        ws.append([styles.cell("本期间暂无数据。", "note")])
        return ws, placed
    cell = styles.cell
    for index, table in enumerate(tables):
        if index:
            ws.append([])
            row += 1
        if table.title:
            ws.append([cell(safe(str(table.title)), "subtitle")])
            row += 1
        ws.append([cell(cell_value(h), "header") for h in table.headers])
        row += 1
        header_row = row
        ncols = len(table.headers)
        fmts = [table.formats.get(c) for c in range(ncols)]
        for values in table.rows:
            ws.append([cell(cell_value(v), "body", fmts[c] if c < ncols else None) for c, v in enumerate(values)])
        row += len(table.rows)
        placed.append(_Placed(sheet.name, table, header_row, header_row + 1, row))
        total = table.total_row if table.total_row is not None else (auto_totals(table) if table.auto_total else None)
        if total is not None:
            ws.append([cell(cell_value(v), "total", fmts[c] if c < ncols else None) for c, v in enumerate(total)])
            row += 1
        if table.note:
            ws.append([cell(safe(f"注：{table.note}"), "note")])
            row += 1
    return ws, placed


def _fit_one_page_wide(ws):
    """A4, one page wide, as many pages long as needed (fitToWidth needs the fitToPage flag)."""
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


# ---------------------------------------------------------------- 汇总 charts


def _chart_kind(placed):
    """Which chart (or None) the 汇总 sheet draws for this table."""
    table = placed.table
    wanted = (table.chart or "").lower()
    # an automatic chart needs at least three labels; one asked for (Table.chart) two
    if wanted == "none" or len(table.rows) < (2 if wanted else 3) or len(table.headers) < 2:
        return None
    labels = [r[0] if r else None for r in table.rows]
    if not all(isinstance(label, str | int) for label in labels):
        return None
    if not _value_columns(table):
        return None
    if wanted in ("bar", "hbar", "line", "pie", "donut"):
        return wanted
    if all(MONTH_LABEL.match(str(label)) for label in labels):
        return "line"
    return "hbar" if len(table.rows) > 8 else "bar"


def _value_columns(table, limit=3):
    """Up to `limit` numeric columns sharing the first one's format (counts or amounts)."""
    cols, first_fmt = [], None
    for c in range(1, len(table.headers)):
        fmt = table.formats.get(c, "int")
        if fmt not in ("int", "money", "decimal"):
            continue
        if not all(len(r) > c and (_is_number(r[c]) or r[c] is None) for r in table.rows):
            continue
        if first_fmt is None:
            first_fmt = fmt
        if fmt == first_fmt:
            cols.append(c + 1)
        if len(cols) == limit:
            break
    return cols


def chart_candidates(placements):
    """Per sheet: tables asking for a chart, or else the first table that charts well."""
    chosen = []
    by_sheet = {}
    for p in placements:
        by_sheet.setdefault(p.sheet, []).append(p)
    for sheet_places in by_sheet.values():
        explicit = [p for p in sheet_places if (p.table.chart or "").lower() not in ("", "none") and _chart_kind(p)]
        if explicit:
            chosen.extend((p, _chart_kind(p)) for p in explicit)
            continue
        for p in sheet_places:
            kind = _chart_kind(p)
            if kind:
                chosen.append((p, kind))
                break
    return chosen


def _make_chart(ws_by_name, placed, kind):
    table = placed.table
    source = ws_by_name[placed.sheet]
    # an automatic chart draws the first count/amount column; one asked for (Table.chart) up to three
    several = kind not in ("pie", "donut") and (table.chart or "").lower() not in ("", "none")
    cols = _value_columns(table, limit=3 if several else 1)
    title = f"{placed.sheet}：{table.title}" if table.title else placed.sheet
    labels = Reference(source, min_col=1, min_row=placed.first_row, max_row=placed.last_row)
    if kind in ("pie", "donut"):
        chart = PieChart()
    elif kind == "line":
        chart = LineChart()
    else:
        chart = BarChart()
        chart.type = "bar" if kind == "hbar" else "col"
        chart.gapWidth = 60
    for c in cols:
        data = Reference(source, min_col=c, min_row=placed.header_row, max_row=placed.last_row)
        chart.add_data(data, titles_from_data=True)
    chart.set_categories(labels)
    chart.title = title
    chart.style = 10
    if kind not in ("pie", "donut"):
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.y_axis.scaling.min = 0  # bars and lines start at zero, as on the dashboard
        if len(cols) == 1:
            chart.legend = None
        if kind == "hbar":
            chart.x_axis.scaling.orientation = "maxMin"  # first label on top, as in the table
    chart.width = 16
    rows = placed.last_row - placed.first_row + 1
    chart.height = max(7.5, min(22, rows * 0.5 + 2)) if kind == "hbar" else 7.5
    return chart


def _write_summary(ws, report, chart_specs, ws_by_name, styles):
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 16
    ws.freeze_panes = "A3"
    ws.print_title_rows = "1:2"
    ws.page_setup.paperSize = PAPER_A4
    ws.append([styles.cell(safe(f"{report.branch}{report.period.label}工会工作统计汇总"), "title")])
    ws.append([styles.cell(h, "header") for h in ("类别", "指标", "数值")])
    rows = 0
    for sheet in report.sheets:
        for ind in sheet.indicators:
            fmt = ind.fmt if ind.fmt in FORMATS else None
            ws.append(
                [
                    styles.cell(safe(sheet.name), "body"),
                    styles.cell(cell_value(ind.label), "body"),
                    styles.cell(cell_value(ind.value), "body", fmt),
                ]
            )
            rows += 1
    if not rows:
        ws.append([styles.cell("本期间暂无汇总指标。", "note")])
    # charts stacked under the indicators, one per row of the page: prints on A4 portrait.
    # A chart that would run over the bottom of a page starts the next one (a page break
    # above it), so no chart is printed cut in two with the repeated header over its lower half.
    anchor_row = 2 + max(rows, 1) + 2
    page_first, page_last = 3, 2 + SUMMARY_PAGE_ROWS  # rows 1-2 repeat on every page
    for placed, kind in chart_specs:
        chart = _make_chart(ws_by_name, placed, kind)
        needed = math.ceil(chart.height / ROW_CM) + 1
        if anchor_row + needed - 1 > page_last and anchor_row > page_first:
            ws.row_breaks.append(Break(id=anchor_row - 1))
            page_first, page_last = anchor_row, anchor_row - 1 + SUMMARY_PAGE_ROWS
        ws.add_chart(chart, f"A{anchor_row}")
        anchor_row += needed


def _write_notes(ws, report, placements, styles):
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 26
    ws.column_dimensions["C"].width = 70
    _fit_one_page_wide(ws)  # 112 columns of text: portrait A4 without it put 定义 on a second page
    period = report.period
    generated = report.generated_at
    if isinstance(generated, datetime.datetime) and timezone.is_aware(generated):
        generated = timezone.localtime(generated).replace(tzinfo=None)
    ws.freeze_panes = "A3"
    ws.append([styles.cell("说明", "title")])
    ws.append([styles.cell(h, "header") for h in ("项目", "内容")])
    facts = [
        ("工会名称", safe(report.branch)),
        (
            "统计期间",
            f"{period.start:%Y-%m-%d} 至 {period.end:%Y-%m-%d}"
            + (f"（{period.label}）" if "至" not in period.label else ""),
        ),
        ("生成时间", generated),
        ("生成人", safe(report.generated_by or "—")),
        ("工作表", "、".join([SUMMARY, *(s.name for s in report.sheets), NOTES])),
        ("数据来源", "本系统各模块统计，与工作台图表同一口径；金额单位为元，百分比为比率。"),
    ]
    for label, value in facts:
        fmt = "datetime" if isinstance(value, datetime.datetime) else None
        ws.append([styles.cell(label, "body"), styles.cell(value, "body", fmt)])
    ws.append([])
    ws.append([styles.cell("口径说明", "subtitle")])
    ws.append([styles.cell(h, "header") for h in ("工作表", "术语", "定义")])
    count = 0
    for sheet in report.sheets:
        for term, definition in sheet.definitions:
            ws.append(
                [
                    styles.cell(safe(sheet.name), "body"),
                    styles.cell(cell_value(term), "body"),
                    styles.cell(cell_value(definition), "body", "wrap"),
                ]
            )
            count += 1
    for placed in placements:
        if placed.table.note:
            ws.append(
                [
                    styles.cell(safe(placed.sheet), "body"),
                    styles.cell(cell_value(placed.table.title or "表注"), "body"),
                    styles.cell(cell_value(placed.table.note), "body", "wrap"),
                ]
            )
            count += 1
    if not count:
        ws.append([styles.cell("—", "body"), styles.cell("各工作表未提供口径说明。", "body")])


def write_workbook(report, target):
    """Stream the workbook to `target` (a path or a binary file object)."""
    started = time.perf_counter()
    wb = Workbook(write_only=True)
    try:
        summary = _create_sheet(wb, SUMMARY)
        styles = _Styles(summary)  # style arrays index workbook-wide lists: shared by every sheet
        ws_by_name, placements = {}, []
        for sheet in report.sheets:
            ws, placed = _write_sheet(wb, sheet, report, styles)
            ws_by_name[sheet.name] = ws
            placements.extend(placed)
        _write_summary(summary, report, chart_candidates(placements), ws_by_name, styles)
        _write_notes(_create_sheet(wb, NOTES), report, placements, styles)
        wb.save(target)
    except BaseException:
        _discard(wb)
        raise
    report.timings["write"] = time.perf_counter() - started
    return report


def _discard(wb):
    """Close and delete the per-sheet temporary files of a write-only workbook that failed."""
    for ws in wb._sheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        for close in (getattr(ws._rows, "close", None), writer.close):
            try:
                if close:
                    close()
            except Exception:  # noqa: S110 - best effort: the original error is what matters
                pass
        try:
            writer.cleanup()
        except (OSError, ValueError):
            pass


def export_to_path(period, path, *, generated_by=""):
    """Collect and write the workbook to `path` atomically (unionhub.atomic: a temporary file in
    the same folder, renamed over `path` only once complete; a killed run's temporary file is
    removed by the next one). Returns the AnnualReport."""
    report = collect(period, generated_by=generated_by)
    with atomic_output(path) as fh:
        write_workbook(report, fh)
    return report


def workbook_filename(report):
    return f"{report.branch}{report.period.label}年度统计.xlsx".replace("年年度", "年度")


def bare_cells(report):
    """Every sheet's values as plain rows: what bench/ dumps with a bare write-only workbook
    to measure the floor of writing the same cells."""
    sheets = [(SUMMARY, [[s.name, ind.label, ind.value] for s in report.sheets for ind in s.indicators])]
    for sheet in report.sheets:
        rows = []
        for table in sheet.tables:
            rows.append([table.title])
            rows.append(list(table.headers))
            rows.extend(list(r) for r in table.rows)
            if table.total_row:
                rows.append(list(table.total_row))
        sheets.append((sheet.name, rows))
    sheets.append((NOTES, [[s.name, t, d] for s in report.sheets for t, d in s.definitions]))
    return sheets
