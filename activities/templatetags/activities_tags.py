from django import template

from activities.ranking import format_points

register = template.Library()


@register.filter
def points(value):
    """6.50 -> '6.5', 9.00 -> '9', 7.33 -> '7.33'."""
    if value is None or value == "":
        return ""
    return format_points(value)


_CN_DIGITS = "零一二三四五六七八九"


@register.filter
def cn_place(value):
    """A place written as on a certificate: 1 -> '一', 10 -> '十', 12 -> '十二'; above 99 unchanged."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        return value
    if not 0 < n < 100:
        return value
    tens, ones = divmod(n, 10)
    text = ("" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")) + (_CN_DIGITS[ones] if ones else "")
    return text
