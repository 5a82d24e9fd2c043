"""Bounded headless load test: N concurrent users for D seconds against a running unionhub.

    python bench/load.py --url http://127.0.0.1:8765 --users 50 --duration 60
    python bench/load.py ... --restart-db-at 20 --db-down 8     (PostgreSQL restarted midway)
    python bench/load.py ... --restart-db-at 20 --db-stop-mode immediate   (... crashed midway)
    python bench/load.py ... --start-server                      (starts/stops gunicorn itself)

Every user is a thread with its own login session that runs scenarios (plain functions, see
SCENARIOS) for its role with a short think time. The run reports throughput, p50/p95/p99 per
request and overall, and errors. A scenario that makes a write returns an "ack" (kind, key)
once the server confirmed it; afterwards VERIFIERS[kind](keys) checks through the ORM that
every acknowledged write is in the database. Traffic goes only to the given local URL.

Scenarios: members browse, read messages, write and submit proposals; delegates (every other
member account) also second proposals under 征集附议; officers look at the dashboard, record
visits (within the year's standard, or above it with the exception reason) and enter results
for their own meet event. Adding one: write `def my_scenario(s, ctx): ...` that uses s.get /
s.post_form and returns acks, add it to SCENARIOS with the role that runs it and a weight, and
add a verifier for its ack kind. The script prepares its own login accounts (bench-m-NNN
members, bench-o-NN officers) and what the write scenarios need (prepare_scenarios: a session
collecting proposals now, delegates, a visit standard, a meet with events and entries), so it
works on an empty database as well as on the demo data, and preparing twice changes nothing.
"""

import argparse
import html
import http.client
import os
import random
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
BENCH_PASSWORD = "Bench-load-2026"
BENCH_SESSION = "压测会议"


# ---------------------------------------------------------------- HTTP session (stdlib only)
class Session:
    """One user's browser: cookies, CSRF token, one request at a time, timings recorded."""

    def __init__(self, base_url, stats, timeout=30):
        parts = urllib.parse.urlsplit(base_url)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("load tests only target this machine (127.0.0.1 / localhost)")
        self.host, self.port = parts.hostname, parts.port or 80
        self.cookies = {}
        self.stats = stats
        self.timeout = timeout

    def request(self, method, path, body=None, name=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        start = time.perf_counter()
        status, location, text = 0, "", ""
        try:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            text = resp.read().decode("utf-8", "replace")
            status, location = resp.status, resp.getheader("Location", "")
            for header in resp.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie(header)
                for key, morsel in cookie.items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(key, None)
                    else:
                        self.cookies[key] = morsel.value
            conn.close()
        except (OSError, http.client.HTTPException) as exc:
            text = f"{type(exc).__name__}: {exc}"
        elapsed = time.perf_counter() - start
        self.stats.record(name or f"{method} {path}", status, elapsed, text if status == 0 else "")
        return status, location, text

    def get(self, path, name=None):
        return self.request("GET", path, name=name)

    def post_form(self, path, data, name=None):
        data = dict(data)
        data["csrfmiddlewaretoken"] = self.cookies.get("csrftoken", "")
        body = urllib.parse.urlencode(data)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-CSRFToken": self.cookies.get("csrftoken", ""),
            "Referer": f"http://{self.host}:{self.port}{path}",
        }
        return self.request("POST", path, body=body, name=name, headers=headers)

    def login(self, username, password=BENCH_PASSWORD):
        self.get("/accounts/login/", name="GET login")
        status, location, _ = self.post_form(
            "/accounts/login/", {"username": username, "password": password}, name="POST login"
        )
        return status == 302 and "login" not in location


# ---------------------------------------------------------------- statistics
@dataclass
class Stats:
    start: float = field(default_factory=time.perf_counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    timings: dict = field(default_factory=lambda: defaultdict(list))
    statuses: dict = field(default_factory=lambda: defaultdict(int))
    errors: list = field(default_factory=list)  # (t, name, status, detail)
    unavailable: list = field(default_factory=list)  # times of 503 answers
    successes: list = field(default_factory=list)  # times of good answers
    cpu_start: float = 0.0
    cpu_used: float | None = None  # CPU seconds the load generator itself used during the run

    def record(self, name, status, elapsed, detail=""):
        t = time.perf_counter() - self.start
        with self.lock:
            self.timings[name].append(elapsed)
            self.statuses[status] += 1
            if status == 503:
                self.unavailable.append(t)
            elif status == 0 or status >= 400:
                self.errors.append((t, name, status, detail[:200]))
            else:
                self.successes.append(t)


def pct(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100 * len(values) + 0.5)) - 1))
    return values[k]


# ---------------------------------------------------------------- scenarios
def _links(text, pattern):
    return re.findall(pattern, text)


def member_browses(s, ctx):
    """A member opens the home page, their own page and their messages."""
    s.get("/", name="GET / (home redirect)")
    s.get("/me/", name="GET /me/")
    s.get("/messages/", name="GET /messages/")
    return []


def member_reads_a_message(s, ctx):
    """A member opens one unread message: a write (read_at) that must survive."""
    status, _, text = s.get("/messages/", name="GET /messages/")
    pks = _links(text, r'action="/messages/(\d+)/open/"')
    if status != 200 or not pks:
        return []
    pk = random.choice(pks)
    status, _, _ = s.post_form(f"/messages/{pk}/open/", {}, name="POST /messages/<pk>/open/")
    return [("notification_read", int(pk))] if status == 302 else []


def officer_works(s, ctx):
    """An officer looks at the dashboard, the lock list and their messages."""
    s.get("/dashboard/", name="GET /dashboard/")
    s.get("/accounts/lockouts/", name="GET /accounts/lockouts/")
    s.get("/messages/", name="GET /messages/")
    return []


def _alert(text, message):
    """True when the page shows `message` as a flash message (Django messages in base.html)."""
    return re.search(r'role="alert">\s*' + re.escape(message), text) is not None


def _follow(s, status, location, name):
    """Follow a redirect as a browser does; the page text, or "" when the answer was no redirect."""
    if status != 302 or not location:
        return ""
    parts = urllib.parse.urlsplit(location)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    status, _, text = s.get(path, name=name)
    return text if status == 200 else ""


def _options(text, select_name):
    """(value, label) of each <option> of the <select name=select_name> on a page."""
    m = re.search(rf'<select name="{select_name}"[^>]*>(.*?)</select>', text, re.S)
    if not m:
        return []
    return [(v, html.unescape(label).strip()) for v, label in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)<', m[1])]


def member_submits_proposal(s, ctx):
    """A member writes a proposal (草稿) for the bench session and submits it (提交)."""
    status, _, text = s.get("/congress/proposals/new/", name="GET /congress/proposals/new/")
    sessions, categories = _options(text, "session"), _options(text, "category")
    if status != 200 or not sessions or not categories:
        return []
    session = next((v for v, label in sessions if BENCH_SESSION in label), sessions[0][0])
    tag = f"{ctx['username']}-{random.randrange(10**9)}"
    status, location, _ = s.post_form(
        "/congress/proposals/new/",
        {
            "session": session,
            "category": random.choice(categories)[0],
            "title": f"压测提案 {tag}：建议改善教师午餐",
            "reason": "压测：食堂排队时间长，菜品单一。" * 3,
            "suggestion": "压测：增加窗口，每周公布菜单。" * 3,
        },
        name="POST /congress/proposals/new/",
    )
    m = re.search(r"/congress/proposals/(\d+)/$", location or "")
    if status != 302 or not m:
        return []
    pk = int(m[1])
    acks = [("proposal_created", pk)]
    _follow(s, status, location, "GET /congress/proposals/<pk>/")
    status, location, _ = s.post_form(
        f"/congress/proposals/{pk}/do/submit/", {}, name="POST /congress/proposals/<pk>/do/submit/"
    )
    if _alert(_follow(s, status, location, "GET /congress/proposals/<pk>/"), "已提交。"):
        acks.append(("proposal_submitted", pk))
    return acks


def delegate_seconds_proposal(s, ctx):
    """A delegate opens 征集附议, reads one proposal and seconds it (附议)."""
    status, _, text = s.get("/congress/proposals/seconding/", name="GET /congress/proposals/seconding/")
    pks = _links(text, r'href="/congress/proposals/(\d+)/">阅读并附议')
    if status != 200 or not pks:
        return []
    pk = random.choice(pks)
    status, _, text = s.get(f"/congress/proposals/{pk}/", name="GET /congress/proposals/<pk>/")
    if f'action="/congress/proposals/{pk}/do/second/"' not in text:
        return []  # enough seconds arrived meanwhile: the button is gone
    status, location, _ = s.post_form(
        f"/congress/proposals/{pk}/do/second/", {}, name="POST /congress/proposals/<pk>/do/second/"
    )
    # a delegate who lost the race to the last needed second is told so: no write, no ack
    if _alert(_follow(s, status, location, "GET /congress/proposals/<pk>/"), "已附议。"):
        return [("second", (int(pk), ctx["username"]))]
    return []


def officer_records_visit(s, ctx):
    """An officer records a 慰问 of a member: mostly within the year's standard; above it the
    officer first meets the refusal, then gives the exception reason (超标准例外说明)."""
    plan = ctx["plan"]
    if not plan["members"]:
        return []
    s.get("/welfare/", name="GET /welfare/ (visits)")
    status, _, text = s.get("/welfare/visits/new/", name="GET /welfare/visits/new/")
    if status != 200:
        return []
    m = re.search(r'name="visit_date" value="([\d-]+)"', text)
    over = random.random() < 0.25
    limit = plan["visit_max_amount"]
    data = {
        "member": random.choice(plan["members"]),
        "occasion": plan["occasion"],
        "reason": "压测：住院慰问",
        "visit_date": m[1] if m else time.strftime("%Y-%m-%d"),
        "visitors": "压测工会干部",
        "form": "cash",
        "amount": str(random.randint(limit + 100, limit * 2) if over else random.randint(50, limit)),
        "notes": "",
        "exception_reason": "",
    }
    status, location, text = s.post_form("/welfare/visits/new/", data, name="POST /welfare/visits/new/")
    if over and status == 200 and "超标准例外说明" in text:
        data["exception_reason"] = "压测：病情严重，经主席同意"
        status, location, _ = s.post_form("/welfare/visits/new/", data, name="POST /welfare/visits/new/ (exception)")
    m = re.search(r"/welfare/visits/(\d+)/$", location or "")
    if status != 302 or not m:
        return []
    _follow(s, status, location, "GET /welfare/visits/<pk>/")
    return [("visit", (int(m[1]), over))]


def officer_enters_results(s, ctx):
    """An officer types a few marks into the results page of their event and saves."""
    event = ctx["plan"]["events"].get(ctx["username"])
    if event is None:
        return []
    path = f"/activities/events/{event}/results/"
    status, _, text = s.get(path, name="GET /activities/events/<pk>/results/")
    fields = dict(re.findall(r'name="(mark_\d+_\d+)" value="([^"]*)"', text))
    if status != 200 or not fields:
        return []
    typed = {}
    for name in random.sample(sorted(fields), min(4, len(fields))):
        typed[name] = f"{random.uniform(7.5, 14):.2f}"
    status, location, _ = s.post_form(path, {**fields, **typed}, name="POST /activities/events/<pk>/results/")
    if not _alert(_follow(s, status, location, "GET /activities/events/<pk>/results/"), "成绩已保存"):
        return []
    return [("result", (int(name.split("_")[1]), mark)) for name, mark in typed.items()]


# role -> [(weight, scenario)]
SCENARIOS = {
    "member": [(6, member_browses), (3, member_reads_a_message), (2, member_submits_proposal)],
    "delegate": [
        (5, member_browses),
        (2, member_reads_a_message),
        (2, member_submits_proposal),
        (4, delegate_seconds_proposal),
    ],
    "officer": [
        (4, officer_works),
        (1, member_reads_a_message),
        (3, officer_records_visit),
        (3, officer_enters_results),
    ],
}


def verify_notifications_read(pks):
    from unionhub.models import Notification

    found = set(Notification.objects.filter(pk__in=pks, read_at__isnull=False).values_list("pk", flat=True))
    return sorted(set(pks) - found)


def verify_proposals_created(pks):
    from congress.models import Proposal

    return sorted(set(pks) - set(Proposal.objects.filter(pk__in=pks).values_list("pk", flat=True)))


def verify_proposals_submitted(pks):
    from congress.models import Proposal

    found = Proposal.objects.filter(pk__in=pks, submitted_at__isnull=False).exclude(state="draft")
    return sorted(set(pks) - set(found.values_list("pk", flat=True)))


def verify_seconds(keys):
    """keys: (proposal pk, username); bench accounts have 工号 = username."""
    from congress.models import Second

    found = set(
        Second.objects.filter(proposal__in={pk for pk, _ in keys}).values_list("proposal_id", "member__staff_no")
    )
    return sorted(set(keys) - found)


def verify_visits(keys):
    """keys: (visit pk, above the standard); a visit above it must carry its exception reason."""
    from welfare.models import Visit

    rows = dict(Visit.objects.done().filter(pk__in=[pk for pk, _ in keys]).values_list("pk", "exception_reason"))
    return sorted((pk, over) for pk, over in keys if pk not in rows or bool(rows[pk]) != over)


def verify_results(keys):
    """keys: (entry pk, typed mark) in the order acknowledged; the last mark of each entry must be stored."""
    from activities.models import Entry

    last = dict(keys)
    entries = {e.pk: e for e in Entry.objects.filter(pk__in=last).select_related("event", "result")}
    missing = []
    for entry_pk, mark in last.items():
        entry = entries.get(entry_pk)
        result = getattr(entry, "result", None) if entry else None
        if result is None or result.mark != entry.event.parse_mark(mark):
            missing.append((entry_pk, mark))
    return missing


# ack kind -> function(keys) returning the keys NOT found in the database
VERIFIERS = {
    "notification_read": verify_notifications_read,
    "proposal_created": verify_proposals_created,
    "proposal_submitted": verify_proposals_submitted,
    "second": verify_seconds,
    "visit": verify_visits,
    "result": verify_results,
}


# ---------------------------------------------------------------- accounts
def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhub.settings")
    import django

    django.setup()


def prepare_accounts(members, officers, messages_each=30):
    """bench-m-NNN (会员, half of them 代表) and bench-o-NN (工会干部) with a Member row each and unread messages."""
    from django.contrib.auth.models import Group
    from django.db import transaction

    from members.models import Department, Member
    from unionhub.models import Notification, User
    from unionhub.permissions import Role

    # every other member account is a delegate (代表) of the current term: they also second proposals
    accounts = [(f"bench-m-{i:03d}", "delegate" if i % 2 == 0 else "member") for i in range(members)]
    accounts += [(f"bench-o-{i:02d}", "officer") for i in range(officers)]
    with transaction.atomic():
        dept, _ = Department.objects.get_or_create(name="压测部门", defaults={"sort_order": 999})
        groups = {g.name: g for g in Group.objects.filter(name__in=[Role.MEMBER, Role.OFFICER])}
        existing = set(User.objects.filter(username__startswith="bench-").values_list("username", flat=True))
        template = User(username="x")
        template.set_password(BENCH_PASSWORD)  # hash once, share it
        for username, role in accounts:
            if username in existing:
                continue
            user = User.objects.create(username=username, name=f"压测{username[-3:]}", password=template.password)
            user.groups.add(groups[Role.MEMBER])
            if role == "officer":
                user.groups.add(groups[Role.OFFICER])
            Member.objects.create(staff_no=username, name=user.name, sex="F", department=dept, user=user)
        users = User.objects.filter(username__startswith="bench-")
        Notification.objects.filter(user__in=users).delete()
        Notification.objects.bulk_create(
            [Notification(user=u, title=f"压测消息 {n}", url="/me/") for u in users for n in range(messages_each)],
            batch_size=2000,
        )
    return accounts


def prepare_scenarios(accounts, today=None):
    """What the write scenarios need, created idempotently; returns the plan the scenarios read.

    - congress: a current term (the existing one, else a new one), in it the session 压测会议
      collecting proposals now (from yesterday for 30 days, 3 seconds needed), and the
      "delegate" accounts as active delegates of that term;
    - welfare: the occasion 压测慰问 with this year's standard (at most 500 元, any form, no cap);
    - activities: the meet 压测运动会 with one unit and, per officer account, their own timed
      event with up to 20 bench members entered (own event: no two officers overwrite a mark).
    """
    import datetime
    from decimal import Decimal

    from django.db import transaction
    from django.db.models import Max
    from django.utils import timezone

    from activities.models import Entry, EntryMember, Event, Meet, Unit
    from congress.models import Delegate, Session, Term
    from members.models import Member
    from welfare.models import Occasion, Standard

    today = today or timezone.localdate()
    day = datetime.timedelta(days=1)
    people = {m.staff_no: m for m in Member.objects.filter(staff_no__startswith="bench-")}
    members = [people[u] for u, role in accounts if role in ("member", "delegate")]
    delegates = [people[u] for u, role in accounts if role == "delegate"]
    officers = [u for u, role in accounts if role == "officer"]
    with transaction.atomic():
        term = Term.objects.filter(is_current=True).first()
        if term is None:
            number = (Term.objects.aggregate(n=Max("number"))["n"] or 0) + 1
            term = Term.objects.create(number=number, start_date=today, is_current=True)
        session = Session.objects.filter(term=term, name=BENCH_SESSION).first()
        if session is None:
            number = (term.sessions.aggregate(n=Max("number"))["n"] or 0) + 1
            session = Session(term=term, number=number, name=BENCH_SESSION)
        session.meeting_date = today + 60 * day
        session.collection_start, session.collection_end = today - day, today + 30 * day
        session.seconds_required = 3
        session.save()
        have = set(Delegate.objects.filter(term=term, member__in=delegates).values_list("member_id", flat=True))
        Delegate.objects.bulk_create(
            [Delegate(term=term, member=m, delegation="压测代表团") for m in delegates if m.pk not in have]
        )
        Delegate.objects.filter(term=term, member__in=delegates).update(is_active=True)

        occasion, _ = Occasion.objects.get_or_create(
            code="bench-load", defaults={"name": "压测慰问", "sort_order": 999}
        )
        Occasion.objects.filter(pk=occasion.pk).update(is_active=True)
        max_amount = 500
        Standard.objects.update_or_create(
            year=today.year,
            occasion=occasion,
            defaults={"max_amount": Decimal(max_amount), "payment": Standard.Payment.CASH_OR_GOODS, "max_times": None},
        )

        meet = Meet.objects.filter(name="压测运动会").first() or Meet(name="压测运动会")
        meet.start_date = meet.age_reference_date = today
        meet.entry_opens, meet.entry_closes = today - 7 * day, today + 7 * day
        meet.is_locked = False
        meet.save()
        unit, _ = Unit.objects.get_or_create(meet=meet, name="压测代表队")
        events = {}
        for i, username in enumerate(officers):
            event, _ = Event.objects.get_or_create(
                meet=meet,
                name=f"压测60米 {i:02d}",
                defaults={"measure": Event.Measure.TIME, "better": Event.Better.LOWER, "unit_label": "秒"},
            )
            events[username] = event.pk
            if not event.entries.exists():
                runners = members[:20]
                entries = Entry.objects.bulk_create([Entry(event=event, unit=unit) for _ in runners])
                EntryMember.objects.bulk_create(
                    [EntryMember(entry=e, event=event, member=m) for e, m in zip(entries, runners, strict=True)]
                )
    return {
        "session": session.pk,
        "members": [m.staff_no for m in members],
        "occasion": occasion.pk,
        "visit_max_amount": max_amount,
        "meet": meet.pk,
        "events": events,
    }


# ---------------------------------------------------------------- PostgreSQL restart
def pg_restart(data_dir, down_seconds, log, mode="fast"):
    """Stop PostgreSQL, wait, start it again. mode "fast" is an orderly restart; "immediate" is a
    crash (no checkpoint, recovery from the WAL at start): with fsync on, every commit the app
    acknowledged must still be there."""
    pgbin = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")
    opts = (Path(data_dir) / "postmaster.opts").read_text().strip()
    argv = shlex.split(opts)[1:]
    if "-D" in argv:
        i = argv.index("-D")
        del argv[i : i + 2]
    as_pg = ["su", "postgres", "-s", "/bin/bash", "-c"] if os.geteuid() == 0 else ["bash", "-c"]
    stop = f"{pgbin}/pg_ctl -D {shlex.quote(str(data_dir))} -m {mode} -w stop"
    start = (
        f"{pgbin}/pg_ctl -D {shlex.quote(str(data_dir))} -l {shlex.quote(str(Path(data_dir).parent / 'server.log'))}"
        f" -w -o {shlex.quote(shlex.join(argv))} start"
    )
    log["stopping"] = time.perf_counter()
    subprocess.run([*as_pg, stop], check=True, capture_output=True)
    log["stopped"] = time.perf_counter()
    time.sleep(down_seconds)
    subprocess.run([*as_pg, start], check=True, capture_output=True)
    log["started"] = time.perf_counter()


# ---------------------------------------------------------------- runner
def start_server(url, workers):
    port = urllib.parse.urlsplit(url).port
    cmd = [
        sys.executable, "-m", "gunicorn", "unionhub.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
        "--timeout", "60", "--graceful-timeout", "5", "--control-socket", str(BASE_DIR / "bench-data" / "gunicorn.ctl"),
    ]  # fmt: skip
    log_dir = BASE_DIR / "bench-data"
    log_dir.mkdir(exist_ok=True)
    log = open(log_dir / "gunicorn.log", "ab")  # noqa: SIM115 - lives as long as the server
    proc = subprocess.Popen(cmd, cwd=BASE_DIR, start_new_session=True, stdout=log, stderr=subprocess.STDOUT)
    print(f"gunicorn -w {workers} on {url} (log: {log_dir / 'gunicorn.log'})")
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.3)
    proc.terminate()
    raise SystemExit("gunicorn did not come up")


def stop_server(proc):
    if proc and proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def report(stats, duration, restart_log, acks, missing, args):
    total = sum(len(v) for v in stats.timings.values())
    all_times = [t for v in stats.timings.values() for t in v]
    print(f"\n=== unionhub load test: {args.users} users, {duration:.0f} s, {args.url} ===")
    print(f"{'request':42} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name in sorted(stats.timings):
        v = stats.timings[name]
        print(
            f"{name:42} {len(v):7d} {pct(v, 50) * 1000:8.0f} {pct(v, 95) * 1000:8.0f} "
            f"{pct(v, 99) * 1000:8.0f} {max(v) * 1000:8.0f}"
        )
    p95 = pct(all_times, 95)
    print(
        f"{'ALL':42} {total:7d} {pct(all_times, 50) * 1000:8.0f} {p95 * 1000:8.0f} "
        f"{pct(all_times, 99) * 1000:8.0f} {max(all_times or [0]) * 1000:8.0f}"
    )
    print(f"throughput: {total / duration:.1f} requests/s; statuses: {dict(sorted(stats.statuses.items()))}")
    if stats.cpu_used is not None:
        # the clients share the machine with the server: their own CPU is part of the picture
        print(f"load generator CPU: {stats.cpu_used:.1f} s ({stats.cpu_used / duration * 100:.0f}% of one core)")
    errors = stats.errors
    outage_errors = []
    if restart_log:
        t0 = stats.start
        down_from, down_to = restart_log["stopping"] - t0, restart_log["started"] - t0
        # a request in flight when the server went away may fail at the socket level: count those
        # separately from errors outside the outage window
        grace = 2.0
        outage_errors = [e for e in errors if down_from - grace <= e[0] <= down_to + grace]
        errors = [e for e in errors if e not in outage_errors]
        after = [t for t in stats.successes if t > down_to]
        recovered = (min(after) - down_to) if after else None
        print(
            f"PostgreSQL {'crashed' if args.db_stop_mode == 'immediate' else 'stopped'} at {down_from:.1f} s, "
            f"back at {down_to:.1f} s: "
            f"{len(stats.unavailable)} answers were the 503 page"
            + (
                f" (first {min(stats.unavailable):.1f} s, last {max(stats.unavailable):.1f} s)"
                if stats.unavailable
                else ""
            )
            + f"; other failures during the outage: {len(outage_errors)}; "
            + (f"first success {recovered:.2f} s after the restart" if recovered is not None else "NO RECOVERY")
        )
        for e in outage_errors[:5]:
            print(f"  during the outage at {e[0]:6.1f} s  {e[1]}  HTTP {e[2]}  {e[3]}")
    elif stats.unavailable:
        errors = errors + [(t, "503", 503, "") for t in stats.unavailable]
    print(f"errors: {len(errors)}")
    for e in errors[:15]:
        print(f"  at {e[0]:6.1f} s  {e[1]}  HTTP {e[2]}  {e[3]}")
    print(f"acknowledged writes: {len(acks)}; missing from the database: {len(missing)}")
    for kind, keys in missing.items():
        print(f"  MISSING {kind}: {keys[:20]}")
    recovered_ok = not restart_log or bool(
        stats.successes and max(stats.successes) > restart_log["started"] - stats.start
    )
    fast_enough = p95 * 1000 <= args.max_p95_ms
    ok = not errors and not missing and recovered_ok and fast_enough
    load1 = os.getloadavg()[0]
    print(
        f"p95 {p95 * 1000:.0f} ms (target ≤ {args.max_p95_ms:.0f} ms: {'met' if fast_enough else 'MISSED'}); "
        f"errors {len(errors)}, lost writes {sum(len(v) for v in missing.values())}; "
        f"machine load average {load1:.1f} on {os.cpu_count()} cores; result: {'OK' if ok else 'FAILED'}"
    )
    return ok


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8765")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--officers", type=int, default=None, help="how many of the users are officers (default 1/5)")
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(0.5, 2.0),
        metavar=("MIN", "MAX"),
        help="seconds a user waits between scenarios",
    )
    parser.add_argument("--start-server", action="store_true", help="start gunicorn for the run and stop it after")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--restart-db-at", type=float, default=None, metavar="SECONDS")
    parser.add_argument("--db-down", type=float, default=5, metavar="SECONDS")
    parser.add_argument(
        "--db-stop-mode",
        choices=("fast", "immediate"),
        default="fast",
        help="fast: orderly restart; immediate: a crash, recovered from the WAL",
    )
    parser.add_argument("--max-p95-ms", type=float, default=500, help="fail the run when p95 is slower")
    parser.add_argument("--pg-data", default=None, help="PostgreSQL data dir (default /tmp/unionhub-pg-$PG_PORT/data)")
    args = parser.parse_args(argv)
    if args.duration > 600 or args.users > 200:
        raise SystemExit("bounded run: at most 200 users for 600 s")

    setup_django()
    from django.db import connection, connections

    officers = args.officers if args.officers is not None else max(1, args.users // 5)
    accounts = prepare_accounts(args.users - officers, officers)
    plan = prepare_scenarios(accounts)
    connections.close_all()
    if args.restart_db_at is not None:
        if connection.vendor != "postgresql":
            raise SystemExit("--restart-db-at needs DATABASE_URL pointing at PostgreSQL")
        pg_data = args.pg_data or f"/tmp/unionhub-pg-{connection.settings_dict['PORT']}/data"

    server = start_server(args.url, args.workers) if args.start_server else None
    try:
        stats = Stats()
        acks, acks_lock = [], threading.Lock()
        stats_login = Stats()
        threads = []

        # log everyone in first (not measured as load), then start the clock. Password hashing is
        # slow on purpose: at most one login per worker at a time, so none waits out its timeout
        # on a busy machine; a login that timed out anyway is tried again.
        sessions = {}
        gate = threading.Semaphore(args.workers)

        def login(username):
            s = Session(args.url, stats_login)
            for _ in range(3):
                with gate:
                    if s.login(username):
                        sessions[username] = s
                        return
            sessions[username] = None

        login_threads = [threading.Thread(target=login, args=(u,)) for u, _ in accounts]
        for t in login_threads:
            t.start()
        for t in login_threads:
            t.join()
        failed = [u for u, s in sessions.items() if s is None]
        if failed:
            raise SystemExit(f"login failed for {len(failed)} users, e.g. {failed[:3]}")
        stats.start = time.perf_counter()
        stats.cpu_start = time.process_time()
        deadline = stats.start + args.duration
        for username, role in accounts:
            s = sessions[username]
            s.stats = stats
            ctx = {"role": role, "username": username, "plan": plan}
            t = threading.Thread(target=_loop, args=(s, ctx, deadline, args.think, acks, acks_lock), daemon=True)
            threads.append(t)
        for t in threads:
            t.start()
        restart_log = {}
        restarter = None
        if args.restart_db_at is not None:

            def restart():
                time.sleep(args.restart_db_at)
                pg_restart(pg_data, args.db_down, restart_log, mode=args.db_stop_mode)

            restarter = threading.Thread(target=restart, daemon=True)
            restarter.start()
        for t in threads:
            t.join(args.duration + 60)
        if restarter:
            restarter.join(60)
        duration = time.perf_counter() - stats.start
        stats.cpu_used = time.process_time() - stats.cpu_start
    finally:
        stop_server(server)

    connections.close_all()
    by_kind = defaultdict(list)
    for kind, key in acks:
        by_kind[kind].append(key)
    missing = {}
    for kind, keys in by_kind.items():
        lost = VERIFIERS[kind](keys)
        if lost:
            missing[kind] = lost
    ok = report(stats, duration, restart_log, acks, missing, args)
    return 0 if ok else 1


def _loop(s, ctx, deadline, think, acks, acks_lock):
    choices = SCENARIOS[ctx["role"]]
    weights = [w for w, _ in choices]
    while time.perf_counter() < deadline:
        scenario = random.choices([f for _, f in choices], weights)[0]
        try:
            got = scenario(s, ctx) or []
        except Exception as exc:  # a scenario bug is an error of the run, not a crash of it
            s.stats.record(f"scenario {scenario.__name__}", 0, 0, repr(exc))
            got = []
        if got:
            with acks_lock:
                acks.extend(got)
        time.sleep(random.uniform(*think))


if __name__ == "__main__":
    sys.exit(main())
