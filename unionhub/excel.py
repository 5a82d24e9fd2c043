"""Shared helpers for the workbooks people open in Excel.

- safe(): text that starts with = + - @ (or a tab / CR) is written so Excel shows it and
  never runs it as a formula (a leading apostrophe-style quote prefix).
- write_table(): title row, bold header row frozen under it, widths, number formats.
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


def write_table(ws, *, headers, rows, title=None, start_row=1, formats=None, widths=None, freeze=True, total_row=None):
    """Write a styled table; returns the next free row.

    formats: {column index (0-based): "int" | "money" | "percent" | "date" | "text" | excel format}
    total_row: a list of values for a bold totals line (None = none).
    """
    formats = formats or {}
    row = start_row
    if title:
        ws.cell(row=row, column=1, value=safe(title)).font = TITLE_FONT
        row += 1
    header_row = row
    for c, h in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=c, value=safe(h))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    row += 1
    for values in rows:
        for c, v in enumerate(values, start=1):
            set_cell(ws, row, c, v, formats.get(c - 1)).border = BORDER
        row += 1
    if total_row is not None:
        for c, v in enumerate(total_row, start=1):
            cell = set_cell(ws, row, c, v, formats.get(c - 1))
            cell.font = HEADER_FONT
            cell.border = BORDER
        row += 1
    if freeze and start_row == 1:
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for c, h in enumerate(headers, start=1):
        width = (widths or {}).get(c - 1)
        if width is None:
            width = max(8, min(40, _display_width(h) + 4))
        ws.column_dimensions[get_column_letter(c)].width = width
    return row + 1


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
