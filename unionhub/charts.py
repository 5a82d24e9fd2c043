"""Server-side SVG charts for the dashboards: no JavaScript, no internet, prints as drawn.

render_chart(panel) draws a unionhub.stats.Panel as an inline <svg>: "bar" (columns),
"hbar" (horizontal bars, for many or long labels), "line" (e.g. per month), "pie" and
"donut". render_table(panel) is the numbers table that goes beside every chart, and
render_panel(panel) is both, side by side. When panel.links is set, each label (its
bars, slices, points and table cell) links to the list filtered by that label.

Everything that comes from data (labels, series names, URLs) is escaped. Sizes are in
SVG user units; the svg scales to its container (see static/css/charts.css).
"""

import math
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

from unionhub.stats import format_value

# Distinct in colour and still apart in grey when printed in black and white.
PALETTE = (
    "#2f6db5",
    "#e08a1e",
    "#2e9e6b",
    "#c8443c",
    "#8b5fbf",
    "#8c6d3f",
    "#d45f9e",
    "#5f6b73",
    "#1fa2b8",
    "#a3a322",
)
FONT = "'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif"
WIDTH = 560
AXIS = "#6c757d"
GRID = "#dee2e6"
TEXT = "#212529"
# Vertical bars turn into horizontal ones past this many labels (they would not fit below).
MAX_COLUMNS = 12


def colour(i):
    return PALETTE[i % len(PALETTE)]


def text_width(text, size=12):
    """Approximate rendered width: CJK and full-width characters ~1em, others ~0.6em."""
    return sum(size if ord(ch) >= 0x2E80 else size * 0.6 for ch in str(text))


def truncate(text, max_width, size=12):
    text = str(text)
    if text_width(text, size) <= max_width:
        return text
    while text and text_width(text + "…", size) > max_width:
        text = text[:-1]
    return text + "…"


def _num(value):
    if value is None or isinstance(value, bool):
        return 0.0
    if isinstance(value, int | float | Decimal):
        v = float(value)
        return v if math.isfinite(v) else 0.0
    return 0.0


def nice_ceiling(value):
    """The smallest 1/2/2.5/5 x 10^n at or above value."""
    if value <= 0:
        return 1.0
    exp = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * 10**exp
        if candidate >= value * 0.999999:
            return float(candidate)
    return float(10 ** (exp + 1))


def axis_ticks(max_value, fmt="int"):
    """Round tick values from 0 covering max_value, 3 to 5 intervals: 396 -> 0, 100 ... 400."""
    if max_value <= 0:
        return [0.0, 1.0]
    step = nice_ceiling(max_value / 4)
    if fmt == "int" and step < 1:
        step = 1.0
    count = max(1, math.ceil(max_value / step - 1e-9))
    return [step * k for k in range(count + 1)]


def axis_label(value, fmt):
    """Short tick text: 0.5 -> 50% for rates, 12000 -> 1.2万, ¥ for money."""
    if fmt == "percent":
        return f"{value * 100:.0f}%"
    prefix = "¥" if fmt == "money" else ""
    if abs(value) >= 10000:
        text = f"{value / 10000:.1f}".rstrip("0").rstrip(".")
        return f"{prefix}{text}万"
    if float(value).is_integer():
        return f"{prefix}{int(value):,}"
    return f"{prefix}{value:,.1f}"


class _Svg:
    """Collects SVG elements; every text and attribute value goes through escape()."""

    def __init__(self, title):
        self.title = title
        self.parts = []

    def add(self, markup):
        self.parts.append(markup)

    def text(self, x, y, content, *, size=12, anchor="start", fill=TEXT, weight="normal", extra=""):
        bold = f' font-weight="{weight}"' if weight != "normal" else ""
        self.add(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"{bold}{extra}>'
            f"{escape(content)}</text>"
        )

    def link(self, url, inner):
        if not url:
            return inner
        return f'<a href="{escape(url)}">{inner}</a>'

    def render(self, height, kind):
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'width="{WIDTH}" height="{height:.0f}" role="img" aria-label="{escape(self.title)}" '
            f'class="chart-svg chart-{kind}" font-family="{FONT}">'
            f"<title>{escape(self.title)}</title>" + "".join(self.parts) + "</svg>"
        )


def _series(panel):
    """[(name, [float values, one per label])], padded/cut to the labels."""
    n = len(panel.labels)
    result = []
    for name, values in panel.series:
        values = list(values)[:n]
        values += [None] * (n - len(values))
        result.append((str(name), [_num(v) for v in values], values))
    return result


def _link_for(panel, i):
    links = panel.links or []
    return links[i] if i < len(links) and links[i] else ""


def _legend(svg, series, y):
    """A one-line legend (wrapping) under the plot; returns the height used."""
    x, line = 10.0, 0
    for i, (name, _, _) in enumerate(series):
        w = 16 + text_width(name, 12) + 14
        if x + w > WIDTH - 10 and x > 10:
            x, line = 10.0, line + 1
        yy = y + line * 18
        svg.add(f'<rect x="{x:.1f}" y="{yy - 10:.1f}" width="12" height="12" fill="{colour(i)}"/>')
        svg.text(x + 16, yy, name, size=12)
        x += w
    return (line + 1) * 18 + 4


def _empty(panel, kind):
    svg = _Svg(panel.title)
    svg.add(f'<rect x="0.5" y="0.5" width="{WIDTH - 1}" height="79" fill="#f8f9fa" stroke="{GRID}"/>')
    svg.text(WIDTH / 2, 45, "暂无数据", size=14, anchor="middle", fill=AXIS)
    return svg.render(80, kind)


def _tooltip(label, name, raw, fmt, multi):
    return f"{label} · {name}：{format_value(raw, fmt)}" if multi else f"{label}：{format_value(raw, fmt)}"


def _bars_vertical(panel, series):
    svg = _Svg(panel.title)
    labels = [str(label) for label in panel.labels]
    n, s = len(labels), len(series)
    ticks = axis_ticks(max([max(vals) for _, vals, _ in series] + [0]), panel.fmt)
    top_value = ticks[-1]
    left = max(text_width(axis_label(t, panel.fmt), 11) for t in ticks) + 12
    right = 10
    slot = (WIDTH - left - right) / n
    max_label = max(text_width(label, 12) for label in labels)
    rotate = max_label > slot - 4
    bottom = (min(max_label, 110) * 0.72 + 18) if rotate else 24
    plot_h = 220
    top = 18
    legend_y = top + plot_h + bottom + 16
    for t in ticks:
        y = top + plot_h - plot_h * t / top_value
        svg.add(f'<line x1="{left:.1f}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        svg.text(left - 6, y + 4, axis_label(t, panel.fmt), size=11, anchor="end", fill=AXIS)
    bar_w = slot * 0.72 / s
    show_values = n * s <= 24
    for i, label in enumerate(labels):
        group = []
        x0 = left + slot * i + slot * 0.14
        for j, (name, vals, raws) in enumerate(series):
            h = plot_h * max(vals[i], 0) / top_value
            x = x0 + bar_w * j
            y = top + plot_h - h
            tip = escape(_tooltip(label, name, raws[i], panel.fmt, s > 1))
            group.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(bar_w - 1, 1):.1f}" height="{h:.1f}" '
                f'fill="{colour(j)}"><title>{tip}</title></rect>'
            )
            if show_values and raws[i] is not None:
                group.append(
                    f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" font-size="10" text-anchor="middle" '
                    f'fill="{TEXT}">{escape(format_value(raws[i], panel.fmt))}</text>'
                )
        cx = left + slot * i + slot / 2
        ly = top + plot_h + 16
        if rotate:
            shown = truncate(label, 110, 12)
            group.append(
                f'<text x="{cx:.1f}" y="{ly:.1f}" font-size="12" text-anchor="end" fill="{TEXT}" '
                f'transform="rotate(-40 {cx:.1f} {ly:.1f})" class="chart-label">{escape(shown)}</text>'
            )
        else:
            group.append(
                f'<text x="{cx:.1f}" y="{ly:.1f}" font-size="12" text-anchor="middle" fill="{TEXT}" '
                f'class="chart-label">{escape(label)}</text>'
            )
        svg.add(svg.link(_link_for(panel, i), "<g>" + "".join(group) + "</g>"))
    svg.add(
        f'<line x1="{left:.1f}" x2="{WIDTH - right}" y1="{top + plot_h:.1f}" y2="{top + plot_h:.1f}" stroke="{AXIS}"/>'
    )
    height = legend_y
    if s > 1:
        height = legend_y + _legend(svg, series, legend_y)
    return svg.render(height, "bar")


def _bars_horizontal(panel, series):
    svg = _Svg(panel.title)
    labels = [str(label) for label in panel.labels]
    n, s = len(labels), len(series)
    ticks = axis_ticks(max([max(vals) for _, vals, _ in series] + [0]), panel.fmt)
    top_value = ticks[-1]
    label_w = min(max(text_width(label, 12) for label in labels), 150)
    left = label_w + 14
    value_room = max(text_width(format_value(r, panel.fmt), 10) for _, _, raws in series for r in raws) + 10
    right = value_room + 6
    bar_h = 14 if s == 1 else max(8, 12 - s)
    row_h = bar_h * s + 8
    top = 8
    plot_w = WIDTH - left - right
    plot_h = row_h * n
    for t in ticks:
        x = left + plot_w * t / top_value
        svg.add(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + plot_h:.1f}" stroke="{GRID}"/>')
        svg.text(x, top + plot_h + 14, axis_label(t, panel.fmt), size=11, anchor="middle", fill=AXIS)
    for i, label in enumerate(labels):
        group = []
        y0 = top + row_h * i + 4
        group.append(
            f'<text x="{left - 6:.1f}" y="{y0 + bar_h * s / 2 + 4:.1f}" font-size="12" text-anchor="end" '
            f'fill="{TEXT}" class="chart-label">{escape(truncate(label, label_w, 12))}</text>'
        )
        for j, (name, vals, raws) in enumerate(series):
            w = plot_w * max(vals[i], 0) / top_value
            y = y0 + bar_h * j
            tip = escape(_tooltip(label, name, raws[i], panel.fmt, s > 1))
            group.append(
                f'<rect x="{left:.1f}" y="{y:.1f}" width="{w:.1f}" height="{bar_h - 1}" fill="{colour(j)}">'
                f"<title>{tip}</title></rect>"
            )
            if raws[i] is not None:
                group.append(
                    f'<text x="{left + w + 4:.1f}" y="{y + bar_h - 3:.1f}" font-size="10" fill="{TEXT}">'
                    f"{escape(format_value(raws[i], panel.fmt))}</text>"
                )
        svg.add(svg.link(_link_for(panel, i), "<g>" + "".join(group) + "</g>"))
    svg.add(f'<line x1="{left:.1f}" x2="{left:.1f}" y1="{top}" y2="{top + plot_h:.1f}" stroke="{AXIS}"/>')
    height = top + plot_h + 24
    if s > 1:
        height += _legend(svg, series, height + 8) + 8
    return svg.render(height, "hbar")


def _line(panel, series):
    svg = _Svg(panel.title)
    labels = [str(label) for label in panel.labels]
    n, s = len(labels), len(series)
    ticks = axis_ticks(max([max(vals) for _, vals, _ in series] + [0]), panel.fmt)
    top_value = ticks[-1]
    left = max(text_width(axis_label(t, panel.fmt), 11) for t in ticks) + 12
    right = 16
    top, plot_h = 18, 200
    step = (WIDTH - left - right) / max(n - 1, 1)
    for t in ticks:
        y = top + plot_h - plot_h * t / top_value
        svg.add(f'<line x1="{left:.1f}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        svg.text(left - 6, y + 4, axis_label(t, panel.fmt), size=11, anchor="end", fill=AXIS)
    max_label = max(text_width(label, 11) for label in labels)
    every = max(1, math.ceil((max_label + 6) / max(step, 1)))

    def xy(i, v):
        x = left + (step * i if n > 1 else (WIDTH - left - right) / 2)
        return x, top + plot_h - plot_h * max(v, 0) / top_value

    for j, (_name, vals, _raws) in enumerate(series):
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in enumerate(vals)))
        svg.add(f'<polyline points="{points}" fill="none" stroke="{colour(j)}" stroke-width="2.5"/>')
    for i, label in enumerate(labels):
        group = []
        for j, (name, vals, raws) in enumerate(series):
            x, y = xy(i, vals[i])
            tip = escape(_tooltip(label, name, raws[i], panel.fmt, s > 1))
            group.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#fff" stroke="{colour(j)}" stroke-width="2">'
                f"<title>{tip}</title></circle>"
            )
            if s == 1 and n <= 12 and raws[i] is not None:
                group.append(
                    f'<text x="{x:.1f}" y="{y - 7:.1f}" font-size="10" text-anchor="middle" fill="{TEXT}">'
                    f"{escape(format_value(raws[i], panel.fmt))}</text>"
                )
        if i % every == 0:
            x, _ = xy(i, 0)
            group.append(
                f'<text x="{x:.1f}" y="{top + plot_h + 16:.1f}" font-size="11" text-anchor="middle" '
                f'fill="{TEXT}" class="chart-label">{escape(label)}</text>'
            )
        svg.add(svg.link(_link_for(panel, i), "<g>" + "".join(group) + "</g>"))
    svg.add(
        f'<line x1="{left:.1f}" x2="{WIDTH - right}" y1="{top + plot_h:.1f}" y2="{top + plot_h:.1f}" stroke="{AXIS}"/>'
    )
    height = top + plot_h + 30
    if s > 1:
        height += _legend(svg, series, height + 4)
    return svg.render(height, "line")


def _pie(panel, series, donut):
    svg = _Svg(panel.title)
    name, vals, raws = series[0]
    labels = [str(label) for label in panel.labels]
    values = [max(v, 0) for v in vals]
    total = sum(values)
    if total <= 0:
        return _empty(panel, "pie")
    cx, cy, r = 120, 120, 100
    inner = 58 if donut else 0
    angle = -math.pi / 2
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        if v <= 0:
            continue
        share = v / total
        tip = escape(f"{label}：{format_value(raws[i], panel.fmt)}（{share * 100:.1f}%）")
        if share >= 0.999999:
            shape = f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{colour(i)}"><title>{tip}</title></circle>'
        else:
            end = angle + 2 * math.pi * share
            large = 1 if share > 0.5 else 0
            x1, y1 = cx + r * math.cos(angle), cy + r * math.sin(angle)
            x2, y2 = cx + r * math.cos(end), cy + r * math.sin(end)
            shape = (
                f'<path d="M{cx},{cy} L{x1:.2f},{y1:.2f} A{r},{r} 0 {large} 1 {x2:.2f},{y2:.2f} Z" '
                f'fill="{colour(i)}" stroke="#fff" stroke-width="1.5"><title>{tip}</title></path>'
            )
            angle = end
        svg.add(svg.link(_link_for(panel, i), shape))
    if donut:
        svg.add(f'<circle cx="{cx}" cy="{cy}" r="{inner}" fill="#fff"/>')
        svg.text(cx, cy - 4, "合计", size=12, anchor="middle", fill=AXIS)
        svg.text(cx, cy + 16, format_value(total, panel.fmt), size=16, anchor="middle", weight="bold")
    # Legend beside the pie: colour, label, value and share, one line per label.
    x, y = 250, 24
    row = 20 if len(labels) <= 10 else 16
    for i, label in enumerate(labels):
        share = values[i] / total
        item = (
            f'<rect x="{x}" y="{y + row * i - 11:.1f}" width="12" height="12" fill="{colour(i)}"/>'
            f'<text x="{x + 18}" y="{y + row * i:.1f}" font-size="12" fill="{TEXT}" class="chart-label">'
            f"{escape(truncate(label, 150, 12))}</text>"
            f'<text x="{WIDTH - 10}" y="{y + row * i:.1f}" font-size="12" text-anchor="end" fill="{TEXT}">'
            f"{escape(format_value(raws[i], panel.fmt))}（{share * 100:.1f}%）</text>"
        )
        svg.add(svg.link(_link_for(panel, i), f"<g>{item}</g>"))
    height = max(2 * cy, y + row * len(labels))
    return svg.render(height, "donut" if donut else "pie")


def render_chart(panel):
    """The panel as an inline <svg> (safe markup)."""
    kind = (panel.kind or "bar").lower()
    series = _series(panel)
    if not panel.labels or not series or all(r is None for _, _, raws in series for r in raws):
        return mark_safe(_empty(panel, kind))
    if kind in ("pie", "donut"):
        return mark_safe(_pie(panel, series, donut=kind == "donut"))
    if kind == "line":
        return mark_safe(_line(panel, series))
    if kind == "hbar" or len(panel.labels) > MAX_COLUMNS:
        return mark_safe(_bars_horizontal(panel, series))
    return mark_safe(_bars_vertical(panel, series))


def panel_total(panel):
    """Per-series totals for the table's 合计 row, or None where a sum would mean nothing."""
    if panel.fmt not in ("int", "money") or len(panel.labels) < 2:
        return None
    totals = []
    for _, values in panel.series:
        numbers = [v for v in values if isinstance(v, int | float | Decimal) and not isinstance(v, bool)]
        totals.append(sum(numbers) if numbers else None)
    return totals


def render_table(panel):
    """The numbers behind the chart: a label column, one column per series, a 合计 row for counts/amounts."""
    names = [str(name) for name, _ in panel.series]
    head = "".join(f'<th scope="col" class="text-end">{escape(n)}</th>' for n in names)
    body = []
    for i, (label, values) in enumerate(panel.table_rows):
        url = _link_for(panel, i)
        cell = f'<a href="{escape(url)}">{escape(label)}</a>' if url else escape(label)
        nums = "".join(f'<td class="text-end">{escape(format_value(v, panel.fmt))}</td>' for v in values)
        body.append(f'<tr><th scope="row" class="fw-normal">{cell}</th>{nums}</tr>')
    totals = panel_total(panel)
    foot = ""
    if totals is not None:
        cells = "".join(f'<td class="text-end">{escape(format_value(t, panel.fmt))}</td>' for t in totals)
        foot = f'<tfoot><tr class="fw-bold"><th scope="row">合计</th>{cells}</tr></tfoot>'
    return mark_safe(
        f'<table class="table table-sm table-striped chart-table mb-0"><caption class="visually-hidden">'
        f'{escape(panel.title)}</caption><thead><tr><th scope="col">项目</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody>{foot}</table>"
    )


def render_panel(panel):
    """Chart and its numbers side by side (stacked on narrow screens and on paper)."""
    return mark_safe(
        '<div class="chart-panel row g-2 align-items-start">'
        f'<div class="col-xxl-7 chart">{render_chart(panel)}</div>'
        f'<div class="col-xxl-5 chart-numbers">{render_table(panel)}</div></div>'
    )
