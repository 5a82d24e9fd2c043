"""The statistics layer's shared shapes. Each app's stats.py returns these for a period;
the dashboard and the year-end workbook (unionhub/yearend.py) both read them, so they
never disagree.

Contract for an app's stats.py:
    def annual_sheets(period: Period) -> list[Sheet]
        sheets for the year-end workbook (one per DOMAIN.md §7 area the app owns)
    def dashboard_panels(user, period: Period) -> list[Panel]
        charts for the officer dashboard, only those the user's roles may see
    def dashboard_indicators(user, period: Period) -> list[Indicator]   (optional)
        headline numbers for the dashboard cards
    def dashboard(user, period: Period) -> (list[Indicator], list[Panel])   (optional)
        both at once, when cards and charts share their queries; the dashboard then calls
        this instead of the two above (which an app keeps for the other callers)

Value conventions: "int" counts, "money" yuan amounts (Decimal or number), "percent" a
fraction (0.85 is shown as 85.0%), "decimal" other numbers, "date" datetime.date, "text".
Values stay plain Python numbers: the workbook writes them as numbers, the dashboard
formats them with format_value().
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import import_module

# The apps that contribute statistics, in the order their sheets/panels appear.
STATS_APPS = ("members", "congress", "welfare", "activities")

# Worksheet order of the year-end workbook (DOMAIN.md §7); other sheet names follow, in app order.
SHEET_ORDER = ("基本情况", "会员分布", "教代会与提案", "校务公开", "慰问", "困难帮扶", "文体活动")


def app_modules(submodule):
    """Yield `<app>.<submodule>` for every app in STATS_APPS that has one.

    Only a missing module is skipped: an ImportError raised inside an existing module
    propagates, so a broken stats.py is noticed instead of silently leaving numbers out.
    """
    for app in STATS_APPS:
        name = f"{app}.{submodule}"
        try:
            yield import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name not in (name, app):
                raise


def dashboard_parts(module, user, period):
    """(indicators, panels) of one app's stats module: its dashboard() if it has one, else
    dashboard_indicators() and dashboard_panels() (each optional)."""
    if hasattr(module, "dashboard"):
        indicators, panels = module.dashboard(user, period)
        return list(indicators), list(panels)
    indicators = module.dashboard_indicators(user, period) if hasattr(module, "dashboard_indicators") else []
    panels = module.dashboard_panels(user, period) if hasattr(module, "dashboard_panels") else []
    return list(indicators), list(panels)


def format_value(value, fmt="int"):
    """How a statistic reads on screen: 1,234 / ¥1,234.50 / 85.0% / 2026-01-31."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m-%d}"
    if not isinstance(value, int | float | Decimal):
        return str(value)
    if fmt == "money":
        return f"¥{value:,.2f}"
    if fmt == "percent":
        return f"{value * 100:.1f}%"
    if fmt == "decimal" or (fmt == "int" and not float(value).is_integer()):
        return f"{value:,.2f}"
    return f"{int(value):,}"


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @classmethod
    def year(cls, year: int):
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @property
    def label(self):
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) and (
            self.start.year == self.end.year
        ):
            return f"{self.start.year}年"
        return f"{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"


@dataclass
class Table:
    """A table of plain values. formats: {col index: "int"|"money"|"percent"|"decimal"|"date"|"text"}.

    total_row: the values of a bold 合计 line; or auto_total=True to have the workbook sum
    the int/money/decimal columns (first column reads 合计).
    chart: how the 汇总 sheet charts this table: "" = automatic (the first table of a
    sheet with text labels and a count column), "bar" | "hbar" | "line" | "pie", or "none".
    """

    title: str
    headers: list
    rows: list
    formats: dict = field(default_factory=dict)
    total_row: list | None = None
    note: str = ""
    auto_total: bool = False
    chart: str = ""


@dataclass
class Indicator:
    """A headline number for the 汇总 sheet and dashboard cards."""

    label: str
    value: object
    fmt: str = "int"
    url: str = ""

    @property
    def display(self):
        return format_value(self.value, self.fmt)


@dataclass
class Sheet:
    name: str  # the worksheet name, e.g. "教代会与提案"
    tables: list
    indicators: list = field(default_factory=list)
    definitions: list = field(default_factory=list)  # (term, definition) for the 说明 sheet


@dataclass
class Panel:
    """One dashboard chart with its numbers (drawn by unionhub/charts.py).

    kind: "bar" (columns; more than 12 labels are drawn as "hbar"), "hbar", "line" (e.g. per
    month), "pie" or "donut" (first series only). url: the list behind the chart ("查看明细");
    links: one URL per label (the list filtered by that label), "" where there is none.
    """

    title: str
    labels: list
    series: list  # [(series name, [values...])]
    kind: str = "bar"
    url: str = ""  # the filtered list behind the chart
    fmt: str = "int"
    links: list = field(default_factory=list)  # optional per-label URLs

    @property
    def table_rows(self):
        """[(label, [value per series])] for the numbers table beside the chart."""
        return [(label, [values[i] for _, values in self.series]) for i, label in enumerate(self.labels)]


@dataclass
class HomeSection:
    """A block on the member home page (my proposals, notices, my activities ...).

    items: [(text, url, note)]; an app's home.py defines sections(user) -> list[HomeSection].
    """

    title: str
    items: list
    empty_text: str = "暂无"
    more_url: str = ""
