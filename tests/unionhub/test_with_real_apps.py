"""The shared machinery with the real apps' stats.py (whichever are installed): the workbook
and the dashboard show the numbers the apps compute, recomputed here from the database."""

import datetime
from io import BytesIO

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Member
from unionhub import yearend
from unionhub.stats import SHEET_ORDER, Period, app_modules

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def test_workbook_from_real_apps_has_their_sheets_in_order_and_counts(make_member, officer):
    for _ in range(5):
        make_member()
    make_member(joined_on=datetime.date(YEAR + 1, 1, 5))  # joins after the period: not counted
    period = Period.year(YEAR)
    report = yearend.collect(period, generated_by="测试")
    buf = BytesIO()
    yearend.write_workbook(report, buf)
    wb = openpyxl.load_workbook(BytesIO(buf.getvalue()))
    names = wb.sheetnames
    assert names[0] == "汇总" and names[-1] == "说明"
    ordered = [n for n in names if n in SHEET_ORDER]
    assert ordered == sorted(ordered, key=SHEET_ORDER.index)
    if any(m.__name__ == "members.stats" for m in app_modules("stats")):
        expected = Member.objects.members_as_of(period.end).count()
        summary = {(r[0].value, r[1].value): r[2].value for r in wb["汇总"].iter_rows(min_row=3)}
        assert summary[("基本情况", "会员总数")] == expected == 6  # 5 + the officer's own record
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert not (isinstance(cell.value, str) and cell.value.startswith("="))


def test_dashboard_with_real_apps_renders_every_panel_as_svg(client_as, chair, make_member):
    for _ in range(3):
        make_member()
    response = client_as(chair).get(reverse("dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    panels = [
        p
        for m in app_modules("stats")
        if hasattr(m, "dashboard_panels")
        for p in m.dashboard_panels(chair, Period.year(YEAR))
    ]
    assert body.count("<svg") == len(panels)
    for panel in panels:
        assert panel.title in body
