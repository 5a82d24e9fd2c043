"""Time the main pages, the year-end export and the roster import against one database.

    DATABASE_URL=... python bench/run.py --label SQLite --json bench-data/sqlite.json

Everything runs in-process: django.test.Client with a logged-in officer (工号 1002 from the
demo data), so the time is Django's server time without a network. Each figure is the
median of several runs after one warm-up run. The floors:
  - pages: a bare login_required view returning "ok" behind the same middleware;
  - export: a bare openpyxl write-only dump of the very same cell values.
The roster import runs inside a transaction that is rolled back, so every run starts from
the same database.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from django.utils import timezone

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhub.settings")
os.environ.setdefault("UNIONHUB_TESTING", "1")  # plain static storage: no collectstatic needed

TARGET_QUERIES = 15
TARGET_PAGE_MS = 150
TARGET_EXPORT_S = 5
TARGET_EXPORT_RATIO = 2
TARGET_IMPORT_S = 30
IMPORT_ROWS = 20_000


def median_ms(samples):
    return statistics.median(samples) * 1000


DEFAULT_USER = "1002"


def resolve(spec):
    """(label, url or None, username) for a bench/pages.py entry."""
    from django.urls import NoReverseMatch, reverse

    if isinstance(spec, str):
        spec = (spec,)
    name, kwargs, query, username = (list(spec) + [{}, "", DEFAULT_USER][len(spec) - 1 :])[:4]
    label = name + (f"?{query}" if query else "") + (f"（{username}）" if username != DEFAULT_USER else "")
    try:
        if callable(kwargs):
            kwargs = kwargs()
        url = reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return label, None, username
    return label, url + (f"?{query}" if query else ""), username


def time_get(client, url, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm-up: templates, caches, connection
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return response.status_code, median_ms(samples), len(ctx)


def bench_pages(client, runs):
    from django.test import Client

    from bench.pages import PAGES
    from unionhub.models import User

    status, floor_ms, floor_q = time_get(client, "/__bench__/floor/", runs)
    clients = {DEFAULT_USER: client}
    rows = []
    for spec in PAGES:
        label, url, username = resolve(spec)
        if url is None:
            rows.append({"page": label, "url": None, "missing": True})
            continue
        if username not in clients:
            user = User.objects.filter(username=username).first()
            if user is None:
                rows.append({"page": label, "url": url, "missing": True})
                continue
            clients[username] = Client()
            clients[username].force_login(user)
        code, ms, queries = time_get(clients[username], url, runs)
        rows.append({"page": label, "url": url, "status": code, "ms": ms, "queries": queries, "ratio": ms / floor_ms})
    return {"floor_ms": floor_ms, "floor_queries": floor_q, "pages": rows}


def bench_app_parts(officer, member, year, runs):
    """Per app: queries and median ms of its dashboard part (as the officer: dashboard(), or
    dashboard_indicators + dashboard_panels, as the dashboard calls them) and of home.sections
    (as a member), to show which app a slow or chatty page owes its cost to."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from unionhub.stats import Period, app_modules, dashboard_parts

    period = Period.year(year)
    calls = []
    for module in app_modules("stats"):
        calls.append((f"{module.__name__}.dashboard", lambda m=module: dashboard_parts(m, officer, period)))
    for module in app_modules("home"):
        calls.append((f"{module.__name__}.sections", lambda m=module: m.sections(member)))
    rows = []
    for name, call in calls:
        call()
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            call()
            samples.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as ctx:
            call()
        rows.append({"part": name, "queries": len(ctx), "ms": median_ms(samples)})
    return rows


def bare_dump(sheets, path):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)


def bench_export(year, runs, by):
    from unionhub import yearend
    from unionhub.stats import Period

    period = Period.year(year)
    totals, collects, writes, floors = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "annual.xlsx"
        bare = Path(tmp) / "bare.xlsx"
        report = yearend.export_to_path(period, out, generated_by=by)  # warm-up
        cells = yearend.bare_cells(report)
        bare_dump(cells, bare)
        # export and floor alternate, so a busy machine slows both alike
        for _ in range(runs):
            started = time.perf_counter()
            report = yearend.export_to_path(period, out, generated_by=by)
            totals.append(time.perf_counter() - started)
            collects.append(report.timings["collect"])
            writes.append(report.timings["write"])
            started = time.perf_counter()
            bare_dump(cells, bare)
            floors.append(time.perf_counter() - started)
        size = out.stat().st_size
    n_cells = sum(len(r) for _, rows in cells for r in rows)
    total, write, floor = (statistics.median(x) for x in (totals, writes, floors))
    return {
        "year": year,
        "sheets": [name for name, _ in cells],
        "cells": n_cells,
        "bytes": size,
        "total_s": total,
        "collect_s": statistics.median(collects),
        "write_s": write,
        "floor_s": floor,
        "write_ratio": write / floor,
        "total_ratio": total / floor,
    }


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红建国文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛"


def build_roster(path, rows, departments):
    """A 花名册.xlsx like officers keep: a title row, then the header, then `rows` members."""
    from openpyxl import Workbook

    from members.idcard import check_char

    rng = random.Random(20260101)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("会员花名册")
    ws.append(["示范学校工会会员花名册（压测）"])
    ws.append(["工号", "姓名", "性别", "出生日期", "民族", "证件号码", "手机", "部门", "用工形式", "入会日期", "备注"])
    for i in range(rows):
        sex = "男" if i % 2 else "女"
        birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 40))
        seq = (i % 500) * 2 + (1 if sex == "男" else 0)
        area = f"6590{(i // 500) % 100:02d}"
        first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        ws.append(
            [
                f"B{i + 1:06d}",
                name,
                sex,
                birth,
                "汉族",
                first17 + check_char(first17),
                f"139{i:08d}",
                departments[i % len(departments)],
                rng.choice(["编制", "编制", "合同制", "人事代理", "派遣"]),
                datetime.date(2000 + i % 25, 9, 1),
                "",
            ]
        )
    wb.save(path)


class _Rollback(Exception):
    pass


def _importer():
    try:
        from members.importer import import_roster
    except ImportError:
        import_roster = None
    if import_roster is not None:
        return lambda path, by: import_roster(str(path), by=by)
    from django.core.management import call_command, get_commands

    if "import_members" in get_commands():
        return lambda path, by: call_command("import_members", str(path), stdout=open(os.devnull, "w"))
    return None


def bench_import(path, runs, by):
    from django.db import transaction

    from members.models import Department

    do_import = _importer()
    if do_import is None:
        return {"missing": True}
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        departments = list(Department.objects.values_list("name", flat=True)[:60])
        build_roster(path, IMPORT_ROWS, departments)
    samples, outcome = [], None
    for _ in range(runs):
        started = time.perf_counter()
        try:
            with transaction.atomic():
                outcome = do_import(path, by)
                samples.append(time.perf_counter() - started)
                raise _Rollback
        except _Rollback:
            pass
    problems = list(getattr(outcome, "problems", []) or [])
    return {
        "rows": IMPORT_ROWS,
        "median_s": statistics.median(samples),
        "runs": runs,
        "written": bool(getattr(outcome, "written", not problems)),
        "problems": len(problems),
        "first_problems": problems[:3],
    }


def officer_user():
    from unionhub.models import User
    from unionhub.permissions import Role

    user = User.objects.filter(username="1002").first()
    if user is None:
        user = User.objects.filter(groups__name=Role.OFFICER).first() or User.objects.filter(is_superuser=True).first()
    if user is None:
        sys.exit("没有可用的工会干部账号（先运行 seed_demo）。")
    return user


def width(text):
    text = str(text)
    return len(text) + (len(text.encode()) - len(text)) // 2


def pad(text, n, right=False):
    fill = " " * max(0, n - width(text))
    return f"{fill}{text}" if right else f"{text}{fill}"


def print_table(result):
    label = result["label"]
    print(f"\n== {label}：会员 {result['members']:,} 人，每项取 {result['runs']} 次的中位数 ==")
    pages = result["pages"]
    cols = [("页面", 36, False), ("状态", 6, True), ("查询数", 8, True), ("耗时ms", 10, True), ("底线ms", 9, True)]
    cols.append(("倍数", 8, True))
    print("".join(pad(name, w, right) for name, w, right in cols))
    for row in pages["pages"]:
        if row.get("missing"):
            print(pad(row["page"], 36) + "（未找到该 URL 名称，跳过）")
            continue
        values = [row["page"], row["status"], row["queries"], f"{row['ms']:.1f}", f"{pages['floor_ms']:.1f}"]
        values.append(f"{row['ratio']:.1f}×")
        print("".join(pad(v, w, right) for v, (_, w, right) in zip(values, cols, strict=True)))
    if result.get("parts"):
        print("其中各应用（工作台：干部身份；我的首页：会员 1007）：")
        for part in result["parts"]:
            print(
                "  "
                + pad(part["part"], 42)
                + pad(part["queries"], 6, True)
                + " 次查询"
                + pad(f"{part['ms']:.1f}", 9, True)
                + " ms"
            )
    ex = result["export"]
    print(
        f"年度统计导出 {ex['year']}：共 {ex['total_s']:.2f}s（统计 {ex['collect_s']:.2f}s + 写入 {ex['write_s']:.2f}s），"
        f"裸写同样 {ex['cells']:,} 个单元格 {ex['floor_s']:.3f}s，写入/裸写 {ex['write_ratio']:.2f}×，"
        f"总/裸写 {ex['total_ratio']:.1f}×"
    )
    imp = result["import"]
    if imp.get("skipped"):
        print("花名册导入：跳过（--skip）")
    elif imp.get("missing"):
        print("花名册导入：未找到 members.importer.import_roster 或 import_members 命令，跳过")
    else:
        ok = (
            "成功"
            if imp["written"] and not imp["problems"]
            else f"有 {imp['problems']} 个问题：{imp['first_problems']}"
        )
        print(f"花名册导入 {imp['rows']:,} 行：{imp['median_s']:.2f}s（{ok}）")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default=os.environ.get("BENCH_LABEL", "数据库"))
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "7")))
    parser.add_argument("--export-runs", type=int, default=int(os.environ.get("BENCH_EXPORT_RUNS", "7")))
    parser.add_argument("--import-runs", type=int, default=int(os.environ.get("BENCH_IMPORT_RUNS", "3")))
    parser.add_argument("--year", type=int, default=timezone.localdate().year)
    parser.add_argument("--roster", default=str(ROOT / "bench-data" / f"roster{IMPORT_ROWS}.xlsx"))
    parser.add_argument("--skip", default="", help="comma list of parts to skip: pages,export,import")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import clear_url_caches

    from members.models import Member
    from unionhub.models import User

    settings.ROOT_URLCONF = "bench.urls"
    settings.DEBUG = False
    clear_url_caches()
    skip = set(filter(None, args.skip.split(",")))

    officer = officer_user()
    client = Client()
    client.force_login(officer)
    by = f"{officer.get_full_name()}（{officer.username}，压测）"
    result = {"label": args.label, "members": Member.objects.count(), "runs": args.runs}
    result["pages"] = bench_pages(client, args.runs) if "pages" not in skip else {"floor_ms": 0, "pages": []}
    if "pages" not in skip:
        member = User.objects.filter(username="1007").first() or officer
        result["parts"] = bench_app_parts(officer, member, args.year, args.runs)
    result["export"] = bench_export(args.year, args.export_runs, by) if "export" not in skip else None
    result["import"] = bench_import(Path(args.roster), args.import_runs, officer) if "import" not in skip else None
    if result["export"] is None:
        result["export"] = dict.fromkeys(
            ("year", "cells", "total_s", "collect_s", "write_s", "floor_s", "write_ratio", "total_ratio"), 0
        )
    if result["import"] is None:
        result["import"] = {"missing": True, "skipped": True}
    print_table(result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str))


if __name__ == "__main__":
    main()
