"""The statistics layer's shared shapes. Each app's stats.py returns these for a period;
the dashboard and the year-end workbook (unionhub/yearend.py) both read them, so they
never disagree.

Contract for an app's stats.py:
    def annual_sheets(period: Period) -> list[Sheet]
        sheets for the year-end workbook (one per DOMAIN.md §7 area the app owns)
    def dashboard_panels(user, period: Period) -> list[Panel]
        charts for the officer dashboard, only those the user's roles may see
"""

import datetime
from dataclasses import dataclass, field


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
    """A table of plain values. formats: {col index: "int"|"money"|"percent"|"date"|"text"}."""

    title: str
    headers: list
    rows: list
    formats: dict = field(default_factory=dict)
    total_row: list | None = None
    note: str = ""


@dataclass
class Indicator:
    """A headline number for the 汇总 sheet and dashboard cards."""

    label: str
    value: object
    fmt: str = "int"
    url: str = ""


@dataclass
class Sheet:
    name: str  # the worksheet name, e.g. "教代会与提案"
    tables: list
    indicators: list = field(default_factory=list)
    definitions: list = field(default_factory=list)  # (term, definition) for the 说明 sheet


@dataclass
class Panel:
    """One dashboard chart with its numbers. kind: "bar" | "hbar" | "line" | "pie"."""

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
