"""Fake apps for the shared statistics machinery: each provides stats.py / home.py in memory,
so the dashboard and the workbook are tested without depending on the real apps."""

import sys
import types
from decimal import Decimal

import pytest
from django.utils import timezone

from unionhub import stats
from unionhub.permissions import is_officer, is_welfare_officer
from unionhub.stats import HomeSection, Indicator, Panel, Sheet, Table


@pytest.fixture
def fake_apps(monkeypatch):
    """fake_apps(name=dict(stats=..., home=...), ...) makes those the only statistics apps.

    Each value maps a submodule name to a dict of functions/attributes.
    """

    def install(**apps):
        for app, submodules in apps.items():
            for sub, attrs in submodules.items():
                module = types.ModuleType(f"{app}.{sub}")
                for key, value in attrs.items():
                    setattr(module, key, value)
                monkeypatch.setitem(sys.modules, f"{app}.{sub}", module)
        monkeypatch.setattr(stats, "STATS_APPS", tuple(apps))

    return install


def people_sheets(period):
    """A members-like app: 会员分布 listed before 基本情况 on purpose (the workbook reorders)."""
    from members.models import Member

    total = Member.objects.count()
    return [
        Sheet(
            name="会员分布",
            tables=[
                Table(
                    title="按部门",
                    headers=["部门", "会员数", "女职工", "女职工占比"],
                    rows=[["行政办公室", 12, 7, 7 / 12], ["教务处", 30, 18, 0.6], ["=HYPERLINK(1)", 3, 1, 1 / 3]],
                    formats={1: "int", 2: "int", 3: "percent"},
                    total_row=["合计", 45, 26, 26 / 45],
                    note="按统计期末会籍计算",
                )
            ],
            definitions=[("女职工占比", "女职工人数 ÷ 会员人数")],
        ),
        Sheet(
            name="基本情况",
            tables=[
                Table(
                    title="",
                    headers=["项目", "数值"],
                    rows=[["会员总数", total], ["统计截止", period.end]],
                    formats={1: "int"},
                )
            ],
            indicators=[Indicator("会员总数", total), Indicator("女职工占比", Decimal("0.578"), "percent")],
            definitions=[("会员", "统计期末会籍为在会或保留会籍的职工")],
        ),
    ]


def people_panels(user, period):
    if not is_officer(user):
        return []
    return [Panel("各部门会员人数", ["行政办公室", "教务处"], [("会员", [12, 30])], kind="bar", url="/members/")]


def people_indicators(user, period):
    return [Indicator("会员总数", 45, url="/members/")] if is_officer(user) else []


def welfare_sheets(period):
    months = [f"{m}月" for m in range(1, 13)]
    return [
        Sheet(
            name="困难帮扶",
            tables=[
                Table(
                    title="帮扶金额（按类别）",
                    headers=["类别", "人次", "金额"],
                    rows=[["医疗救助", 12, Decimal("36000.50")], ["助学", 5, Decimal("10000")]],
                    formats={1: "int", 2: "money"},
                    auto_total=True,
                    chart="pie",  # asked for: charted although it has only two rows
                )
            ],
            indicators=[Indicator("帮扶金额", Decimal("46000.50"), "money")],
        ),
        Sheet(
            name="慰问",
            tables=[
                Table(
                    title="各月慰问",
                    headers=["月份", "人次", "金额"],
                    rows=[[m, i, Decimal(i * 500)] for i, m in enumerate(months, 1)],
                    formats={1: "int", 2: "money"},
                    auto_total=True,
                )
            ],
            indicators=[Indicator("慰问人次", 78)],
        ),
        Sheet(name="文体活动", tables=[]),
        Sheet(name="校务公开", tables=[Table("公开事项", ["类别", "条数"], [["财务", 3], ["人事", 2]], {1: "int"})]),
        Sheet(name="教代会与提案", tables=[Table("提案", ["状态", "件数"], [["立案", 20], ["不立案", 4]], {1: "int"})]),
    ]


def welfare_panels(user, period):
    if not is_welfare_officer(user):
        return []
    return [
        Panel(
            "困难帮扶金额",
            ["医疗救助", "助学"],
            [("金额", [Decimal("36000.50"), Decimal("10000")])],
            kind="pie",
            fmt="money",
            url="/welfare/aid/",
            links=["/welfare/aid/?kind=medical", "/welfare/aid/?kind=study"],
        )
    ]


def home_sections(user):
    return [HomeSection("我的提案", [("关于食堂的建议", "/congress/p/1/", "待答复")]), HomeSection("通知公告", [])]


PEOPLE = {
    "stats": {
        "annual_sheets": people_sheets,
        "dashboard_panels": people_panels,
        "dashboard_indicators": people_indicators,
    },
    "home": {"sections": home_sections},
}
WELFARE = {"stats": {"annual_sheets": welfare_sheets, "dashboard_panels": welfare_panels}}


@pytest.fixture
def two_fake_apps(fake_apps, db):
    fake_apps(fake_people=PEOPLE, fake_welfare=WELFARE)


YEAR = timezone.localdate().year


@pytest.fixture
def demo_world(db):
    """The demo branch (seed_demo): members, proposals at every step, visits, aid, files,
    activities and meets, with the demo accounts 1001-1007."""
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
