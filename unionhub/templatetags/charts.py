"""{% load charts %}: {% chart_panel panel %}, {% chart panel %}, {% chart_table panel %}, {{ v|statvalue:"money" }}."""

from django import template

from unionhub import charts
from unionhub.stats import format_value

register = template.Library()


@register.simple_tag
def chart_panel(panel):
    return charts.render_panel(panel)


@register.simple_tag
def chart(panel):
    return charts.render_chart(panel)


@register.simple_tag
def chart_table(panel):
    return charts.render_table(panel)


@register.filter
def statvalue(value, fmt="int"):
    return format_value(value, fmt)
