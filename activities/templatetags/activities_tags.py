from django import template

from activities.ranking import format_points

register = template.Library()


@register.filter
def points(value):
    """6.50 -> '6.5', 9.00 -> '9', 7.33 -> '7.33'."""
    if value is None or value == "":
        return ""
    return format_points(value)
