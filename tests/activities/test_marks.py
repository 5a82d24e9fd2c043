import pytest

from activities import marks
from activities.marks import MarkError


@pytest.mark.parametrize(
    "text, ms",
    [
        ("1:02.35", 62350),
        ("62.35", 62350),
        ("12.5", 12500),
        ("12", 12000),
        ("1:02:03.5", 3723500),
        ("１：０２．３５", 62350),  # full-width from a Chinese IME
        ("1'02\"35", 62350),
        ("1分02秒35", 62350),
        (" 9.87 ", 9870),
    ],
)
def test_parse_time(text, ms):
    assert marks.parse(text, marks.TIME, 2) == ms


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "请填写成绩"),
        ("abc", "无法识别的时间"),
        ("1:75.00", "秒数应小于60"),
        ("12.345", "最多保留2位小数"),
        ("1::2", "时间格式不正确"),
        ("0", "时间应大于0"),
    ],
)
def test_bad_time_is_refused_in_chinese(text, message):
    with pytest.raises(MarkError, match=message):
        marks.parse(text, marks.TIME, 2)


def test_count_and_distance_and_score():
    assert marks.parse("120", marks.COUNT) == 120
    assert marks.parse("120个", marks.COUNT) == 120
    assert marks.parse("12.5 m", marks.DISTANCE, 2) == 12500
    assert marks.parse("12.50米", marks.DISTANCE, 2) == 12500
    assert marks.parse("8.75", marks.SCORE, 2) == 875
    with pytest.raises(MarkError, match="次数应为非负整数"):
        marks.parse("12.5", marks.COUNT)
    with pytest.raises(MarkError, match="次数应为非负整数"):
        marks.parse("-3", marks.COUNT)
    with pytest.raises(MarkError, match="得分应为整数"):
        marks.parse("8.5", marks.SCORE, 0)
    with pytest.raises(MarkError, match="对阵结果"):
        marks.parse("3", marks.MATCH)


@pytest.mark.parametrize(
    "value, measure, decimals, text",
    [
        (62350, marks.TIME, 2, "1:02.35"),
        (9870, marks.TIME, 2, "9.87"),
        (3723500, marks.TIME, 1, "1:02:03.5"),
        (60000, marks.TIME, 2, "1:00.00"),
        (12500, marks.DISTANCE, 2, "12.50"),
        (120, marks.COUNT, 0, "120"),
        (875, marks.SCORE, 2, "8.75"),
        (None, marks.TIME, 2, ""),
    ],
)
def test_format_mark(value, measure, decimals, text):
    assert marks.format_mark(value, measure, decimals) == text


@pytest.mark.parametrize("ms", [62350, 9870, 3723500, 60000, 125010])
def test_formatted_time_parses_back(ms):
    assert marks.parse(marks.format_mark(ms, marks.TIME, 2), marks.TIME, 2) == ms
