"""Officer dashboard, member home page and the year-end workbook download.

Numbers come from each app's stats.py (dashboard_panels / dashboard_indicators, the apps
decide which panels a user's roles may see) and home.py (sections); the workbook from
unionhub/yearend.py, which reads the same stats.py.
"""

from io import BytesIO
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from unionhub import permissions, yearend
from unionhub.permissions import Role, has_role, officer_required, role_required
from unionhub.stats import Period, app_modules, dashboard_parts

YEARS_SHOWN = 10
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def selected_year(request):
    """?year=YYYY within the last ten years (and next year); anything else means this year."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except (TypeError, ValueError):
        return this_year
    return year if this_year - YEARS_SHOWN < year <= this_year + 1 else this_year


def collect_panels(user, period):
    """(indicators, panels) from every app, in app order; each app filters by the user's roles."""
    panels, indicators = [], []
    for module in app_modules("stats"):
        app_indicators, app_panels = dashboard_parts(module, user, period)
        indicators.extend(app_indicators)
        panels.extend(app_panels)
    return indicators, panels


def collect_sections(user):
    sections = []
    for module in app_modules("home"):
        sections.extend(module.sections(user))
    return sections


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
            "years": list(range(this_year, this_year - YEARS_SHOWN, -1)),
            "period": period,
            "indicators": indicators,
            "panels": panels,
            "can_export": has_role(request.user, Role.OFFICER),
            "now": timezone.localtime(),
        },
    )


@officer_required
def annual_export(request):
    """GET ?year=YYYY: the year-end workbook (年度统计) as an xlsx download."""
    period = Period.year(selected_year(request))
    report = yearend.collect(period, generated_by=f"{request.user.get_full_name()}（{request.user.username}）")
    buf = BytesIO()
    yearend.write_workbook(report, buf)
    response = HttpResponse(buf.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(yearend.workbook_filename(report))}"
    return response


def member_of(user):
    """The user's member with department and union group. unionhub/auth.py loads them with the
    user, so this costs no query; a user object loaded otherwise gets them in one query (which
    also primes user.member for the menu)."""
    from members.models import Member

    if not user.is_authenticated:
        return None
    member = permissions.member_of(user)
    if member is not None and Member.department.is_cached(member) and Member.union_group.is_cached(member):
        return member
    member = Member.objects.select_related("department", "union_group").filter(user_id=user.pk).first()
    if member is not None:
        user.member = member
    return member


@login_required
def member_home(request):
    return render(
        request,
        "unionhub/member_home.html",
        {
            "member": member_of(request.user),
            "sections": collect_sections(request.user),
            "today": timezone.localdate(),
            "is_officer_like": has_role(request.user, Role.OFFICER, Role.WELFARE, Role.COMMITTEE),
        },
    )
