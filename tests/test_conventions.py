"""Project-wide conventions that no single feature test would notice breaking."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("unionhub", "members", "congress", "welfare", "activities", "bench")


def test_dates_are_the_branchs_not_the_servers():
    """“Today” is the date in TIME_ZONE (Asia/Shanghai), not the server's clock: on a server kept
    in UTC, datetime.date.today() is still yesterday until 08:00 in China, so a form checking
    “不能晚于今天” refused today's date every morning. Use django.utils.timezone.localdate()."""
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(r"\bdate\.today\b|\bdatetime\.now\(\)", line):
                    offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not offenders, "use timezone.localdate() / timezone.now():\n" + "\n".join(offenders)
