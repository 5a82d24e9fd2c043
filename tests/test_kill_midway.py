"""Kill an import or an export midway (kill -9): nothing partial is left (issue 7).

The commands run as real processes (`manage.py import_members`, `export_members`, ...) against a
database of their own: a SQLite file, or, when the test run uses PostgreSQL (DATABASE_URL), a
database created on the same server for each test from a migrated template. The tests read that
database with the driver directly, never through the test run's own connection.

- import: a 20,000-row roster is killed once it is inside its write transaction (SQLite: the
  rollback journal exists; PostgreSQL: its backend holds a transaction id). Afterwards the member
  count is the original one or the full new one, never in between, and the same file then imports
  completely (no lock or journal left behind).
- export: the workbook writes are slowed (tests/slow_writes.py) and the process is killed once
  bytes are on disk. The output path is then absent or a complete, readable workbook; the next
  export removes the dead writer's temporary file.
"""

import datetime
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from members.idcard import check_char

ROOT = Path(__file__).resolve().parent.parent
BIG = 20_000
SMALL = 50
TEST_URL = os.environ.get("DATABASE_URL", "")
ON_PG = TEST_URL.startswith(("postgres://", "postgresql://"))


# --------------------------------------------------------------------------- helpers


def roster(path, rows, *, prefix):
    """A roster workbook of `rows` members with 工号 prefix + number (write-only: fast)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("会员花名册")
    ws.append(["工号", "姓名", "性别", "出生日期", "证件号码", "部门", "工会小组", "入会日期"])
    for i in range(rows):
        birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=i)  # one per day: unique 证件号码
        sex = "M" if i % 2 else "F"
        ws.append(
            [
                f"{prefix}{i:05d}",
                f"会员{i}",
                "男" if sex == "M" else "女",
                birth,
                id_number(birth, sex, area="110105" if prefix == "B" else "360426"),
                f"{prefix}部门{i % 40}",
                f"{prefix}小组{i % 90}",
                datetime.date(2015, 9, 1),
            ]
        )
    wb.save(path)
    return path


def id_number(birth, sex, *, area):
    first17 = f"{area}{birth:%Y%m%d}{'001' if sex == 'M' else '002'}"
    return first17 + check_char(first17)


class Database:
    """A database for the subprocesses: its DATABASE_URL, a way to count rows, clean-up."""

    def __init__(self, url, sqlite_path=None):
        self.url = url
        self.sqlite_path = sqlite_path

    def env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        env.update(UNIONHUB_TESTING="1", DATABASE_URL=self.url, DJANGO_SETTINGS_MODULE="unionhub.settings")
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        return env

    def query(self, sql):
        if self.sqlite_path:
            con = sqlite3.connect(self.sqlite_path)  # a hot journal left by a killed writer is rolled back here
            try:
                return con.execute(sql).fetchone()[0]
            finally:
                con.close()
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as con:
            return con.execute(sql).fetchone()[0]

    def counts(self):
        return tuple(
            self.query(f"SELECT count(*) FROM {t}")
            for t in ("members_member", "members_membershipevent", "members_department", "members_uniongroup")
        )

    def writing(self):
        """Is a process inside a write transaction on this database right now?"""
        if self.sqlite_path:
            return os.path.exists(f"{self.sqlite_path}-journal") or os.path.exists(f"{self.sqlite_path}-wal")
        name = urlsplit(self.url).path.lstrip("/")
        return bool(
            self.query(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_xid IS NOT NULL "
                f"AND pid <> pg_backend_pid() AND datname = '{name}'"
            )
        )


def _pg_admin(sql):
    import psycopg

    parts = urlsplit(TEST_URL)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as con:
        con.execute(sql)


def _pg_url(name):
    return urlunsplit(urlsplit(TEST_URL)._replace(path=f"/{name}"))


def manage(db, *args, timeout=600, check=True):
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=db.env(), capture_output=True, text=True, timeout=timeout
    )
    if check:
        assert proc.returncode == 0, proc.stderr[-3000:]
    return proc, time.monotonic() - started


def start(db, *args, module=None):
    cmd = [sys.executable, "-m", module, *args] if module else [sys.executable, "manage.py", *args]
    return subprocess.Popen(cmd, cwd=ROOT, env=db.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def kill_when(proc, condition, *, timeout=300, poll=0.005):
    """SIGKILL proc as soon as condition() holds; returns seconds from start to the kill."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the process ended (rc {proc.returncode}) before it could be killed midway: {err[-2000:]}")
        if condition():
            proc.send_signal(signal.SIGKILL)
            proc.communicate()
            assert proc.returncode == -signal.SIGKILL
            return time.monotonic() - started
        time.sleep(poll)
    proc.kill()
    proc.communicate()
    pytest.fail("the condition to kill at never held")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kill-files")
    return {
        "small": roster(folder / "small.xlsx", SMALL, prefix="S"),
        "big": roster(folder / "big.xlsx", BIG, prefix="B"),
    }


@pytest.fixture(scope="module")
def template(tmp_path_factory, files):
    """A migrated database holding the small roster; each test gets a copy."""
    timings = {}
    if ON_PG:
        name = f"unionhub_kill_tpl_{uuid.uuid4().hex[:8]}"
        _pg_admin(f"CREATE DATABASE {name}")
        db = Database(_pg_url(name))
    else:
        path = tmp_path_factory.mktemp("kill-db") / "template.sqlite3"
        db = Database(f"sqlite:///{path}", sqlite_path=str(path))
    _, timings["migrate"] = manage(db, "migrate", "--no-input")
    _, timings["import small"] = manage(db, "import_members", str(files["small"]))
    db.timings = timings
    yield db
    if ON_PG:
        _pg_admin(f"DROP DATABASE IF EXISTS {urlsplit(db.url).path.lstrip('/')} WITH (FORCE)")


@pytest.fixture
def database(template, tmp_path):
    if ON_PG:
        name = f"unionhub_kill_{uuid.uuid4().hex[:8]}"
        _pg_admin(f"CREATE DATABASE {name} TEMPLATE {urlsplit(template.url).path.lstrip('/')}")
        yield Database(_pg_url(name))
        _pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    else:
        path = tmp_path / "unionhub.sqlite3"
        shutil.copy(template.sqlite_path, path)
        yield Database(f"sqlite:///{path}", sqlite_path=str(path))


def report(capsys, text):
    with capsys.disabled():
        print(f"\n    [{'PostgreSQL' if ON_PG else 'SQLite'}] {text}")


# --------------------------------------------------------------------------- import


def test_import_killed_inside_its_transaction_leaves_the_roster_as_it_was(database, files, template, capsys):
    before = database.counts()
    assert before[0] == SMALL
    proc = start(database, "import_members", str(files["big"]))
    killed_after = kill_when(proc, database.writing)
    after = database.counts()
    # all or nothing: killed before COMMIT, so nothing of the 20,000 rows, no department, no event
    assert after in (before, (SMALL + BIG, before[1] + BIG, before[2] + 40, before[3] + 90)), after
    assert after == before, "killed inside the transaction: the new rows cannot be committed"
    # nothing is left locked or half-done: the same file now imports completely
    _, full = manage(database, "import_members", str(files["big"]))
    assert database.counts()[0] == SMALL + BIG
    report(
        capsys,
        f"import {BIG} rows: killed {killed_after:.1f} s after start (inside the write); a full import takes "
        f"{full:.1f} s; migrate {template.timings['migrate']:.1f} s",
    )


def test_import_killed_while_reading_writes_nothing(database, files):
    """Killed in the validation pass, before any write: of course nothing changes."""
    before = database.counts()
    proc = start(database, "import_members", str(files["big"]))
    time.sleep(1.0)
    assert proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert database.counts() == before


# --------------------------------------------------------------------------- exports


def _workbook_rows(path):
    wb = load_workbook(path, read_only=True)
    try:
        return sum(1 for _ in wb.worksheets[0].iter_rows())
    finally:
        wb.close()


def test_member_export_killed_midway_leaves_no_partial_file(database, tmp_path, capsys):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    output = out_dir / "花名册.xlsx"
    proc = start(database, "export_members", "--output", str(output), module="tests.slow_writes")
    killed_after = kill_when(proc, lambda: any(f.stat().st_size > 0 for f in out_dir.iterdir()))
    # the output is either absent or a complete workbook: never a truncated zip at that name
    assert not output.exists() or _workbook_rows(output) == SMALL + 2
    assert not output.exists(), "killed before the rename: the final name must not exist yet"
    leftovers = [f.name for f in out_dir.iterdir()]
    assert all(name.startswith(".花名册.xlsx.") and name.endswith(".part") for name in leftovers), leftovers
    # the next export completes and removes the dead writer's temporary file
    _, took = manage(database, "export_members", "--output", str(output))
    assert _workbook_rows(output) == SMALL + 2
    assert [f.name for f in out_dir.iterdir()] == ["花名册.xlsx"]
    report(
        capsys, f"export_members: killed {killed_after:.1f} s after start (slowed writes); a full export {took:.1f} s"
    )


def test_member_export_killed_midway_keeps_the_previous_file(database, tmp_path):
    output = tmp_path / "花名册.xlsx"
    manage(database, "export_members", "--output", str(output))
    previous = output.read_bytes()
    proc = start(database, "export_members", "--output", str(output), module="tests.slow_writes")
    kill_when(proc, lambda: any(f.suffix == ".part" and f.stat().st_size > 0 for f in tmp_path.iterdir()))
    assert output.read_bytes() == previous


def test_annual_export_killed_midway_leaves_no_partial_file(database, tmp_path, capsys):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    output = out_dir / "年度统计.xlsx"
    args = ["export_annual_stats", "--year", str(timezone.localdate().year), "--output", str(output)]
    proc = start(database, *args, module="tests.slow_writes")
    killed_after = kill_when(proc, lambda: any(f.stat().st_size > 0 for f in out_dir.iterdir()))
    assert not output.exists(), "killed before the rename: the final name must not exist yet"
    leftovers = [f.name for f in out_dir.iterdir()]
    assert leftovers and all(name.startswith(".年度统计.xlsx.") and name.endswith(".part") for name in leftovers)
    # the next export completes, is readable and removes the dead writer's temporary file
    _, took = manage(database, *args)
    wb = load_workbook(output, read_only=True)
    assert len(wb.sheetnames) >= 3 and "说明" in wb.sheetnames, wb.sheetnames
    wb.close()
    assert [f.name for f in out_dir.iterdir()] == [output.name]
    report(
        capsys,
        f"export_annual_stats: killed {killed_after:.1f} s after start (slowed writes); a full export {took:.1f} s",
    )


def test_annual_export_killed_midway_keeps_the_previous_file(database, tmp_path):
    output = tmp_path / "年度统计.xlsx"
    args = ["export_annual_stats", "--year", str(timezone.localdate().year), "--output", str(output)]
    manage(database, *args)
    previous = output.read_bytes()
    proc = start(database, *args, module="tests.slow_writes")
    kill_when(proc, lambda: any(f.suffix == ".part" and f.stat().st_size > 0 for f in tmp_path.iterdir()))
    assert output.read_bytes() == previous
