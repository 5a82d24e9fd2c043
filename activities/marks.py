"""Marks: what people type on the field <-> the integers we store.

Base units (stored as integers, never floats):
    time      milliseconds        typed 1:02.35, 62.35, 1:02:03.5, 12″35
    count     the count itself    typed 120 or 120个
    distance  millimetres         typed 12.5, 12.5 m, 12.50米
    score     score × 10**decimals (decimals = the event's precision)
Every error is a ValueError subclass with a Chinese message for the results page.
"""

import re
from decimal import Decimal, InvalidOperation

TIME = "time"
COUNT = "count"
DISTANCE = "distance"
SCORE = "score"
MATCH = "match"

# full-width and Chinese spellings people type on a phone or with a Chinese IME
_TRANSLATE = str.maketrans(
    {
        "：": ":",
        "。": ".",
        "．": ".",
        "，": ".",
        "′": ":",
        "'": ":",
        "’": ":",
        "″": ".",
        '"': ".",
        "”": ".",
        "分": ":",
        "秒": ".",
        "\u3000": " ",
    }
    | {chr(0xFF10 + i): str(i) for i in range(10)}
)


# no real mark is longer or larger (10**12 ms is 31 years); the stored column is a 64-bit integer
MAX_TEXT = 30
MAX_MARK = 10**12


class MarkError(ValueError):
    """A mark that cannot be read; str(error) is the Chinese message shown on the row."""


def _clean(text):
    return (text or "").strip().translate(_TRANSLATE).replace(" ", "")


def _decimal(text, what):
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise MarkError(f"无法识别的{what}“{text}”")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex already guarantees digits
        raise MarkError(f"无法识别的{what}“{text}”")


def _check_places(number: Decimal, decimals: int, what: str):
    exponent = -number.as_tuple().exponent
    if exponent > decimals:
        if decimals == 0:
            raise MarkError(f"{what}应为整数")
        raise MarkError(f"{what}最多保留{decimals}位小数")


def parse_time(text, decimals=2):
    """'1:02.35' -> 62350 (ms). Accepts h:m:s, m:s and plain seconds."""
    raw = _clean(text).rstrip(".")
    if not raw:
        raise MarkError("请填写成绩")
    parts = raw.split(":")
    if len(parts) > 3 or any(p == "" for p in parts):
        raise MarkError(f"时间格式不正确“{text.strip()}”，应如 1:02.35 或 12.35")
    seconds = _decimal(parts[-1], "时间")
    _check_places(seconds, min(decimals, 3), "时间")
    whole = []
    for p in parts[:-1]:
        if not p.isdecimal():  # isdigit() would let "²" through to int()
            raise MarkError(f"时间格式不正确“{text.strip()}”，应如 1:02.35 或 12.35")
        whole.append(int(p))
    if whole and seconds >= 60:
        raise MarkError("秒数应小于60")
    if len(whole) == 2 and whole[1] >= 60:
        raise MarkError("分钟数应小于60")
    total = seconds
    for i, value in enumerate(reversed(whole)):
        total += value * 60 ** (i + 1)
    if total <= 0:
        raise MarkError("时间应大于0")
    return int(total * 1000)


def parse_count(text):
    raw = _clean(text)
    for suffix in ("个", "次", "下", "分"):
        raw = raw.removesuffix(suffix)
    if not raw:
        raise MarkError("请填写成绩")
    if not raw.isdecimal():  # isdigit() would let "²" through to int()
        raise MarkError(f"次数应为非负整数，不能是“{text.strip()}”")
    return int(raw)


def parse_distance(text, decimals=2):
    raw = _clean(text)  # not lower(): the message quotes what was typed
    for suffix in ("米", "m", "M"):
        raw = raw.removesuffix(suffix)
    if not raw:
        raise MarkError("请填写成绩")
    metres = _decimal(raw, "距离")
    _check_places(metres, min(decimals, 3), "距离")
    return int(metres * 1000)


def parse_score(text, decimals=0):
    raw = _clean(text).removesuffix("分")
    if not raw:
        raise MarkError("请填写成绩")
    number = _decimal(raw, "得分")
    _check_places(number, decimals, "得分")
    return int(number * 10**decimals)


def parse(text, measure, decimals=2):
    if len(_clean(text)) > MAX_TEXT:
        raise MarkError(f"成绩“{text.strip()[:MAX_TEXT]}…”过长，请检查输入")
    if measure == TIME:
        value = parse_time(text, decimals)
    elif measure == COUNT:
        value = parse_count(text)
    elif measure == DISTANCE:
        value = parse_distance(text, decimals)
    elif measure == SCORE:
        value = parse_score(text, decimals)
    else:
        raise MarkError("比赛类项目的成绩由对阵结果产生，不能直接填写")
    if value > MAX_MARK:
        raise MarkError(f"成绩“{text.strip()}”数值过大，请检查输入")
    return value


def format_time(ms, decimals=2):
    decimals = max(0, min(decimals, 3))
    total = Decimal(ms) / 1000
    step = Decimal(1).scaleb(-decimals)
    total = total.quantize(step) if decimals else total.quantize(Decimal(1))
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    sec_text = f"{seconds:.{decimals}f}"
    if hours:
        return f"{int(hours)}:{int(minutes):02d}:{sec_text.zfill(decimals + 3 if decimals else 2)}"
    if minutes:
        return f"{int(minutes)}:{sec_text.zfill(decimals + 3 if decimals else 2)}"
    return sec_text


def format_mark(value, measure, decimals=2):
    """The stored integer back to what people read (and may type again)."""
    if value is None:
        return ""
    if measure == TIME:
        return format_time(value, decimals)
    if measure == DISTANCE:
        return f"{Decimal(value) / 1000:.{max(0, min(decimals, 3))}f}"
    if measure == SCORE and decimals:
        return f"{Decimal(value).scaleb(-decimals):.{decimals}f}"
    return str(value)
