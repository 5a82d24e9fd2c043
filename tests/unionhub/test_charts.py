import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from unionhub.charts import axis_ticks, nice_ceiling, render_chart, render_panel, render_table
from unionhub.stats import Panel

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup):
    return ET.fromstring(str(markup))


def texts(root):
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("kind", ["bar", "hbar", "line", "pie", "donut"])
def test_every_kind_is_valid_svg_with_chinese_labels_and_values(kind):
    panel = Panel("各部门会员", ["行政办公室", "教务处", "学生处"], [("会员", [12, 30, 7])], kind=kind)
    root = parse(render_chart(panel))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and root.get("aria-label") == "各部门会员"
    shown = " ".join(texts(root))
    for label in ("行政办公室", "教务处", "学生处"):
        assert label in shown
    assert "30" in shown  # the value is written on the chart, not only in the table


def test_bar_heights_follow_the_values():
    panel = Panel("t", ["甲", "乙"], [("n", [10, 40])], kind="bar")
    rects = [r for r in parse(render_chart(panel)).iter(f"{SVG}rect")]
    heights = [float(r.get("height")) for r in rects]
    assert heights[1] == pytest.approx(4 * heights[0])


def test_many_labels_turn_into_horizontal_bars_all_listed():
    labels = [f"第{i}部门" for i in range(60)]
    root = parse(render_chart(Panel("六十个部门", labels, [("人数", list(range(60)))], kind="bar")))
    assert "chart-hbar" in root.get("class")
    shown = texts(root)
    assert all(label in shown for label in labels)


def test_two_series_have_a_legend_and_tooltips():
    panel = Panel("按部门", ["语文组", "数学组"], [("男", [3, 4]), ("女", [5, 6])], kind="bar")
    root = parse(render_chart(panel))
    assert {"男", "女"} <= set(texts(root))
    tips = ["".join(t.itertext()) for t in root.iter(f"{SVG}title")]
    assert "数学组 · 女：6" in tips


def test_links_per_label_wrap_bars_and_table_cells():
    panel = Panel("提案", ["立案", "不立案"], [("件", [5, 2])], links=["/congress/?state=a&x=1", ""])
    root = parse(render_chart(panel))
    anchors = list(root.iter(f"{SVG}a"))
    assert [a.get("href") for a in anchors] == ["/congress/?state=a&x=1"]
    assert "立案" in texts(anchors[0])
    table = str(render_table(panel))
    assert '<a href="/congress/?state=a&amp;x=1">立案</a>' in table
    assert table.count("<a ") == 1  # 不立案 has no link


def test_labels_are_escaped():
    panel = Panel("<b>x</b>", ["<script>alert(1)</script>"], [("n", [1])], kind="hbar")
    markup = str(render_panel(panel))
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    parse(render_chart(panel))


def test_money_and_percent_formats_in_table_and_total_row():
    money = Panel("金额", ["医疗", "助学"], [("金额", [Decimal("1200.5"), Decimal("300")])], fmt="money", kind="pie")
    table = str(render_table(money))
    assert "¥1,200.50" in table and "¥1,500.50" in table and "合计" in table
    shown = " ".join(texts(parse(render_chart(money))))
    assert "80.0%" in shown  # share of the slice in the legend
    rate = Panel("满意率", ["语文组", "数学组"], [("满意率", [0.8, 0.55])], fmt="percent")
    table = str(render_table(rate))
    assert "80.0%" in table and "55.0%" in table and "合计" not in table  # rates are not summed


def test_empty_or_zero_data_says_so():
    assert "暂无数据" in texts(parse(render_chart(Panel("空", [], []))))
    assert "暂无数据" in texts(parse(render_chart(Panel("零", ["甲"], [("n", [0])], kind="pie"))))
    none_values = Panel("缺", ["甲", "乙"], [("n", [None, None])])
    assert "暂无数据" in texts(parse(render_chart(none_values)))
    assert "—" in str(render_table(none_values))


def test_line_chart_has_a_point_per_month():
    months = [f"{m}月" for m in range(1, 13)]
    root = parse(render_chart(Panel("每月", months, [("人次", list(range(12)))], kind="line")))
    assert len(list(root.iter(f"{SVG}circle"))) == 12
    assert len(list(root.iter(f"{SVG}polyline"))) == 1


def test_nice_axis_maximum():
    assert [nice_ceiling(v) for v in (0, 7, 10, 11, 230, 4800)] == [1, 10, 10, 20, 250, 5000]


def test_axis_ticks_are_round_numbers_covering_the_maximum():
    assert axis_ticks(396) == [0, 100, 200, 300, 400]
    assert axis_ticks(15) == [0, 5, 10, 15]
    assert axis_ticks(1.0, "percent") == [0, 0.25, 0.5, 0.75, 1.0]
    assert axis_ticks(2) == [0, 1, 2]  # counts never get fractional ticks
    assert axis_ticks(0) == [0, 1]
