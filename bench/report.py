"""Side-by-side summary of bench/run.py results (one JSON per database) against the targets."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.run import (  # noqa: E402
    TARGET_EXPORT_RATIO,
    TARGET_EXPORT_S,
    TARGET_IMPORT_S,
    TARGET_PAGE_MS,
    TARGET_QUERIES,
    pad,
    width,
)


def mark(ok):
    return "✓" if ok else "✗"


def main(paths):
    results = [json.loads(Path(p).read_text()) for p in paths]
    labels = [r["label"] for r in results]
    print("\n" + "=" * 100)
    print(f"汇总（中位数；目标：每页 ≤ {TARGET_QUERIES} 次查询且 ≤ {TARGET_PAGE_MS} ms，导出 ≤ {TARGET_EXPORT_S} s 且 ≤ "
          f"{TARGET_EXPORT_RATIO}× 裸写，导入 2 万行 ≤ {TARGET_IMPORT_S} s）")  # fmt: skip
    head = pad("项目", 34) + "".join(pad(f"{label}：查询/ms/倍数", 30) for label in labels)
    print(head)
    print("-" * width(head))
    pages = {}
    for r in results:
        for row in r["pages"]["pages"]:
            pages.setdefault(row["page"], []).append(row)
    floor = pad("底线：空视图", 34) + "".join(
        pad(f"{r['pages']['floor_queries']} / {r['pages']['floor_ms']:.1f} ms", 30) for r in results
    )
    print(floor)
    all_ok = True
    for name, rows in pages.items():
        line = pad(name, 34)
        for row in rows:
            if row.get("missing"):
                line += pad("（未找到 URL）", 30)
                continue
            ok = row["status"] == 200 and row["queries"] <= TARGET_QUERIES and row["ms"] <= TARGET_PAGE_MS
            all_ok &= ok
            line += pad(f"{row['queries']} / {row['ms']:.1f} / {row['ratio']:.1f}× {mark(ok)}"
                        + ("" if row["status"] == 200 else f" HTTP {row['status']}"), 30)  # fmt: skip
        print(line)
    line = pad("年度统计导出（总 s / 写入÷裸写）", 34)
    for r in results:
        ex = r["export"]
        ok = ex["total_s"] <= TARGET_EXPORT_S and ex["write_ratio"] <= TARGET_EXPORT_RATIO
        all_ok &= ok
        line += pad(f"{ex['total_s']:.2f} s / {ex['write_ratio']:.2f}× {mark(ok)}", 30)
    print(line)
    line = pad("  其中 统计 / 写入 / 裸写 s", 34)
    for r in results:
        ex = r["export"]
        line += pad(f"{ex['collect_s']:.2f} / {ex['write_s']:.3f} / {ex['floor_s']:.3f}", 30)
    print(line)
    line = pad("花名册导入 20,000 行 s", 34)
    for r in results:
        imp = r["import"]
        if imp.get("missing"):
            line += pad("（跳过）" if imp.get("skipped") else "（无导入功能）", 30)
            continue
        ok = imp["median_s"] <= TARGET_IMPORT_S and not imp["problems"]
        all_ok &= ok
        line += pad(f"{imp['median_s']:.2f} s {mark(ok)}" + (f" 问题 {imp['problems']}" if imp["problems"] else ""), 30)
    print(line)
    print("=" * 100)
    print("全部达标" if all_ok else "有未达标项（✗）")


if __name__ == "__main__":
    main(sys.argv[1:])
