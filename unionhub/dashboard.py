"""Officer dashboard and member home page. Numbers come from each app's stats.py."""

import datetime
from importlib import import_module

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from unionhub.permissions import Role, member_of, role_required
from unionhub.stats import Period

STATS_APPS = ("members", "congress", "welfare", "activities")


def selected_year(request):
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    return max(2000, min(this_year + 1, year))


def collect_panels(user, period):
    panels, indicators = [], []
    for app in STATS_APPS:
        try:
            module = import_module(f"{app}.stats")
        except ModuleNotFoundError:
            continue
        if hasattr(module, "dashboard_panels"):
            panels.extend(module.dashboard_panels(user, period))
        if hasattr(module, "dashboard_indicators"):
            indicators.extend(module.dashboard_indicators(user, period))
    return indicators, panels


@role_required(Role.OFFICER, Role.WELFARE, Role.COMMITTEE)
def officer_dashboard(request):
    year = selected_year(request)
    period = Period.year(year)
    indicators, panels = collect_panels(request.user, period)
    this_year = timezone.localdate().year
    return render(
        request,
        "unionhub/dashboard.html",
        {
            "year": year,
            "years": list(range(this_year, this_year - 10, -1)),
            "period": period,
            "indicators": indicators,
            "panels": panels,
        },
    )


@login_required
def member_home(request):
    sections = []
    for app in STATS_APPS:
        try:
            module = import_module(f"{app}.home")
        except ModuleNotFoundError:
            continue
        sections.extend(module.sections(request.user))
    return render(
        request,
        "unionhub/member_home.html",
        {"member": member_of(request.user), "sections": sections, "today": datetime.date.today()},
    )
