"""Shared helpers for the workbooks people open in Excel.

- safe(): text that starts with = + - @ (or a tab / CR) is written so Excel shows it and
  never runs it as a formula (a leading apostrophe-style quote prefix).
- write_table(): title row, bold header row frozen under it, widths, number formats,
  an autofilter on the header and A4 print setup (one page wide, header repeated on every page).
"""

import datetime
from decimal import Decimal

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TITLE_FONT = Font(bold=True, size=14)
HEADER_FONT = Font(bold=True)
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

FORMATS = {
    "int": "#,##0",
    "money": "¥#,##0.00",
    "percent": "0.0%",
    "date": "yyyy-mm-dd",
    "decimal": "#,##0.00",
    "text": "@",
}
AUTO_MAX_WIDTH = 40  # a column sized from its content grows to this; longer text wraps
PORTRAIT_WIDTH = 110  # columns wider than this in total print landscape (A4 portrait holds ~95 at 100%)
WRAP = Alignment(vertical="top", wrap_text=True)


def safe(value):
    """Make a cell value safe for Excel: strings that look like formulas are prefixed with '."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def set_cell(ws, row, col, value, fmt=None):
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = safe(value)
        if value.startswith(FORMULA_PREFIXES):
            cell.data_type = "s"
    elif isinstance(value, Decimal):
        cell.value = value
    else:
        cell.value = value
    if fmt:
        cell.number_format = FORMATS.get(fmt, fmt)
    elif isinstance(value, datetime.date):
        cell.number_format = FORMATS["date"]
    return cell


def write_table(
    ws,
    *,
    headers,
    rows,
    title=None,
    start_row=1,
    formats=None,
    widths=None,
    freeze=True,
    total_row=None,
    list_sheet=True,
):
    """Write a styled table; returns the next free row.

    formats: {column index (0-based): "int" | "money" | "percent" | "date" | "text" | excel format}
    widths: {column index: minimum width}; every column is at least as wide as its header and
    content (up to AUTO_MAX_WIDTH; longer text wraps), so nothing prints cut off or as ####.
    total_row: a list of values for a bold totals line (None = none).
    The first table on a sheet (start_row 1) also sets the print setup: A4, landscape when wider
    than PORTRAIT_WIDTH in total, fit to one page wide, page numbers. list_sheet (the sheet is this
    one list): an autofilter on the header, and title and header rows repeated on every page;
    pass False for a sheet holding several tables.
    """
    formats = formats or {}
    row = start_row
    if title:
        ws.cell(row=row, column=1, value=safe(title)).font = TITLE_FONT
        row += 1
    header_row = row
    needed = {}
    for c, h in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=c, value=safe(h))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        needed[c] = _display_width(h)
    row += 1
    for values in rows:
        for c, v in enumerate(values, start=1):
            cell = set_cell(ws, row, c, v, formats.get(c - 1))
            cell.border = BORDER
            _measure(cell, v, c, needed)
        row += 1
    last_data_row = row - 1
    if total_row is not None:
        for c, v in enumerate(total_row, start=1):
            cell = set_cell(ws, row, c, v, formats.get(c - 1))
            cell.font = HEADER_FONT
            cell.border = BORDER
            _measure(cell, v, c, needed)
        row += 1
    if freeze and start_row == 1:
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for c in range(1, len(headers) + 1):
        auto = max(8, min(AUTO_MAX_WIDTH, needed.get(c, 0) + 2))
        letter = get_column_letter(c)
        current = ws.column_dimensions[letter].width if start_row > 1 else 0
        ws.column_dimensions[letter].width = max(auto, (widths or {}).get(c - 1) or 0, current or 0)
    if start_row == 1:
        if list_sheet and headers and last_data_row > header_row:
            ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{last_data_row}"
        total_width = sum(ws.column_dimensions[get_column_letter(c)].width for c in range(1, len(headers) + 1))
        print_setup(ws, title_rows=f"1:{header_row}" if list_sheet else None, wide=total_width > PORTRAIT_WIDTH)
    return row + 1


def print_setup(ws, *, title_rows=None, wide=False):
    """A4, one page wide (as many pages long as needed), the header rows on every page.

    Excel and WPS honour fitToWidth only when the sheet's fitToPage flag is set, and a
    fitToHeight of 0 keeps long lists readable instead of shrinking them onto one page.
    """
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if wide else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    if title_rows:
        ws.print_title_rows = title_rows


def _measure(cell, value, col, needed):
    """Track the width column `col` needs for `value`; long or multi-line text wraps."""
    if value is None:
        return
    if isinstance(value, datetime.date):
        width = 10 if not isinstance(value, datetime.datetime) else 16
    elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        width = len(f"{value:,.2f}") + 1
    else:
        text = str(value)
        lines = text.splitlines() or [""]
        width = max(_display_width(line) for line in lines)
        if len(lines) > 1 or width > AUTO_MAX_WIDTH:
            cell.alignment = WRAP
            width = min(width, AUTO_MAX_WIDTH)
    if width > needed.get(col, 0):
        needed[col] = width


def _display_width(text):
    text = str(text or "")
    return sum(2 if ord(ch) > 127 else 1 for ch in text)


def xlsx_response(workbook, filename):
    """An HttpResponse carrying the workbook as a download (UTF-8 filename for Chinese names)."""
    from io import BytesIO
    from urllib.parse import quote

    from django.http import HttpResponse

    buf = BytesIO()
    workbook.save(buf)
    response = HttpResponse(
        buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
