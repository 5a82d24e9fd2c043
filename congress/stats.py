"""教代会与提案 and 校务公开 numbers (DOMAIN.md §7). The year-end workbook, the dashboard, the
session handling report and its printout all read these functions, so they never disagree."""

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone

from congress.models import (
    NUMBERED_STATES,
    Answer,
    Attendance,
    Delegate,
    Notice,
    NoticeCategory,
    Objection,
    Proposal,
    ProposalState,
    Rating,
    RatingResult,
    Session,
    SessionItem,
)
from unionhub.permissions import Role, has_role
from unionhub.stats import Indicator, Panel, Sheet, Table

S = ProposalState

DEFINITIONS = [
    ("收到提案", "已提交的提案（征集附议及以后的状态），不含撤回和退回修改后仍为草稿的。"),
    ("立案", "经提案工作委员会立案并编号的提案。"),
    ("并案", "并入其他已立案提案办理的提案，其提案人和附议人一并列入。"),
    ("转意见建议", "不予立案、转为意见建议办理的提案。"),
    ("已答复", "主办部门已作出答复的提案。"),
    ("满意/基本满意/不满意", "已办结提案的提案人最终评价（重新办理的以第二次评价为准）。"),
    ("满意率", "（满意 + 基本满意）÷ 已评价件数。"),
    ("逾期", "办理中且已过答复期限、尚未答复的提案（按统计当日计算）。"),
    ("公开事项", "在统计期内发布的校务公开事项（含其后撤回的）。"),
]

COUNT_HEADERS = [
    "收到提案",
    "立案",
    "并案",
    "转意见建议",
    "已答复",
    "满意",
    "基本满意",
    "不满意",
    "满意率",
    "逾期",
    "优秀提案",
]


def _annotated(qs):
    final = Rating.objects.filter(proposal=OuterRef("pk")).order_by("-round").values("result")[:1]
    return qs.annotate(final_rating=Subquery(final), has_answer=Exists(Answer.objects.filter(proposal=OuterRef("pk"))))


def _count_kwargs(today):
    closed = Q(state=S.CLOSED)
    return {
        "received": Count("pk", filter=~Q(state__in=(S.DRAFT, S.WITHDRAWN))),
        "filed": Count("pk", filter=Q(state__in=NUMBERED_STATES)),
        "merged": Count("pk", filter=Q(state=S.MERGED)),
        "suggestion": Count("pk", filter=Q(state=S.SUGGESTION)),
        "answered": Count("pk", filter=Q(has_answer=True)),
        "satisfied": Count("pk", filter=closed & Q(final_rating=RatingResult.SATISFIED)),
        "basic": Count("pk", filter=closed & Q(final_rating=RatingResult.BASIC)),
        "unsatisfied": Count("pk", filter=closed & Q(final_rating=RatingResult.UNSATISFIED)),
        "overdue": Count("pk", filter=Q(state=S.HANDLING, due_date__lt=today)),
        "excellent": Count("pk", filter=Q(is_excellent=True)),
    }


def _rate(c):
    """满意率 (满意 + 基本满意) / rated; None (shown “—”, a blank cell) when nothing was rated:
    0% would read as “nobody was satisfied”."""
    rated = c["satisfied"] + c["basic"] + c["unsatisfied"]
    return round((c["satisfied"] + c["basic"]) / rated, 4) if rated else None


def _row(c):
    return [
        c["received"],
        c["filed"],
        c["merged"],
        c["suggestion"],
        c["answered"],
        c["satisfied"],
        c["basic"],
        c["unsatisfied"],
        _rate(c),
        c["overdue"],
        c["excellent"],
    ]


def proposal_counts(qs, today=None):
    """One dict of counts for a queryset of proposals."""
    return _annotated(qs).aggregate(**_count_kwargs(today or timezone.localdate()))


def counts_by(qs, field, today=None):
    """[(group label, counts dict)] grouped by `field` (e.g. lead_department__name)."""
    rows = _annotated(qs).values(field).annotate(**_count_kwargs(today or timezone.localdate())).order_by(field)
    return [(r[field] or "（未交办）", r) for r in rows]


def _formats():
    fmts = {i: "int" for i in range(1, len(COUNT_HEADERS) + 1)}
    fmts[COUNT_HEADERS.index("满意率") + 1] = "percent"
    return fmts


def _table(title, first_header, grouped, total):
    return Table(
        title=title,
        headers=[first_header, *COUNT_HEADERS],
        rows=[[label, *_row(c)] for label, c in grouped],
        formats=_formats(),
        total_row=["合计", *_row(total)] if total is not None else None,
    )


def session_report_tables(session, today=None):
    """The handling report of one session: overall, per lead department, per proposer's department."""
    qs = Proposal.objects.filter(session=session)
    total = proposal_counts(qs, today)
    return [
        _table(
            "按主办部门",
            "主办部门",
            counts_by(qs.filter(lead_department__isnull=False), "lead_department__name", today),
            None,
        ),
        _table("按提案人所在部门", "部门", counts_by(qs, "proposer__department__name", today), total),
    ]


def _period_sessions(period):
    return Session.objects.filter(meeting_date__range=(period.start, period.end))


def annual_sheets(period):
    sessions = _period_sessions(period).select_related("term").order_by("meeting_date")
    qs = Proposal.objects.filter(session__in=sessions)
    total = proposal_counts(qs)
    session_rows = []
    for s in sessions:
        delegates = Delegate.objects.filter(term=s.term_id, is_active=True)
        att = Attendance.objects.filter(session=s)
        session_rows.append(
            [
                s.name,
                s.meeting_date,
                delegates.count(),
                delegates.filter(member__sex="F").count(),
                att.filter(status=Attendance.Status.PRESENT).count(),
                s.items.filter(kind=SessionItem.Kind.MOTION).exclude(outcome=SessionItem.Outcome.PENDING).count(),
                s.items.filter(kind=SessionItem.Kind.REPORT).count(),
            ]
        )
    congress = Sheet(
        name="教代会与提案",
        tables=[
            Table(
                title=f"{period.label}教代会会议",
                headers=["会议", "开会日期", "代表人数", "其中女代表", "出席人数", "表决议案", "听取报告"],
                rows=session_rows,
                formats={1: "date", 2: "int", 3: "int", 4: "int", 5: "int", 6: "int"},
            ),
            _table("提案办理（按会议）", "会议", counts_by(qs, "session__name"), total),
            _table(
                "提案办理（按主办部门）",
                "主办部门",
                counts_by(qs.filter(lead_department__isnull=False), "lead_department__name"),
                None,
            ),
            _table("提案来源（按提案人所在部门）", "部门", counts_by(qs, "proposer__department__name"), total),
        ],
        indicators=[
            Indicator("召开教代会", len(session_rows)),
            Indicator("收到提案", total["received"]),
            Indicator("立案", total["filed"]),
            Indicator("提案满意率", _rate(total), fmt="percent"),
        ],
        definitions=DEFINITIONS,
    )
    return [congress, disclosure_sheet(period)]


def disclosure_sheet(period):
    notices = Notice.objects.filter(published_at__date__range=(period.start, period.end))
    objections = Objection.objects.filter(created_at__date__range=(period.start, period.end))
    by_cat_notices = dict(notices.values("category").annotate(n=Count("pk")).values_list("category", "n"))
    by_cat_special = dict(
        notices.filter(kind=Notice.Kind.SPECIAL).values("category").annotate(n=Count("pk")).values_list("category", "n")
    )
    by_cat_obj = {
        r["notice__category"]: r
        for r in objections.values("notice__category").annotate(
            n=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
        )
    }
    rows = []
    for cat in NoticeCategory.objects.all():
        o = by_cat_obj.get(cat.pk, {"n": 0, "answered": 0})
        n = by_cat_notices.get(cat.pk, 0)
        if n or o["n"] or cat.is_active:
            rows.append([cat.name, n, by_cat_special.get(cat.pk, 0), o["n"], o["answered"]])
    total = ["合计", *(sum(r[i] for r in rows) for i in range(1, 5))]
    return Sheet(
        name="校务公开",
        tables=[
            Table(
                title=f"{period.label}校务公开",
                headers=["类别", "公开事项", "其中专项", "收到异议", "已答复异议"],
                rows=rows,
                formats={1: "int", 2: "int", 3: "int", 4: "int"},
                total_row=total,
            )
        ],
        indicators=[Indicator("公开事项", total[1]), Indicator("收到异议", total[3])],
        definitions=[d for d in DEFINITIONS if d[0] == "公开事项"],
    )


def _can_see(user):
    return has_role(user, Role.OFFICER, Role.COMMITTEE)


COUNT_KEYS = tuple(_count_kwargs(None))


def _sum_counts(rows):
    return {key: sum(r[key] for r in rows) for key in (*COUNT_KEYS, "n")}


def dashboard(user, period):
    """(indicators, panels) in one query: the period's proposals counted per (state, lead
    department) - the sums give the totals, the states and the departments - together with the
    overdue proposals of other periods, which only count towards 逾期未答复提案."""
    if not _can_see(user):
        return [], []
    today = timezone.localdate()
    in_period = Q(session__meeting_date__range=(period.start, period.end))
    rows = list(
        _annotated(Proposal.objects.filter(in_period | Q(state=S.HANDLING, due_date__lt=today)))
        .annotate(in_period=Case(When(in_period, then=Value(True)), default=Value(False), output_field=BooleanField()))
        .values("in_period", "state", "lead_department__name")
        .annotate(n=Count("pk"), **_count_kwargs(today))
        .order_by("lead_department__name", "state")
    )
    overdue_all = sum(r["overdue"] for r in rows)  # = Proposal.objects.overdue().count()
    rows = [r for r in rows if r["in_period"]]
    c = _sum_counts(rows)
    by_state = {}
    for r in rows:
        by_state[r["state"]] = by_state.get(r["state"], 0) + r["n"]
    # in the database's name order, as counts_by() lists them
    dept_names = [name for name in dict.fromkeys(r["lead_department__name"] for r in rows) if name is not None]
    by_dept = [(name, _sum_counts([r for r in rows if r["lead_department__name"] == name])) for name in dept_names]
    indicators = [
        Indicator("收到提案", c["received"], url=reverse("congress:session_list")),
        Indicator("立案", c["filed"]),
        Indicator("提案满意率", _rate(c), fmt="percent"),
        Indicator("逾期未答复提案", overdue_all, url=reverse("congress:review_queue") + "?tab=handling"),
    ]
    return indicators, _panels(by_state, by_dept)


def _panels(by_state, by_dept):
    states = [s for s in S if s != S.DRAFT]
    rated = [(label, c) for label, c in by_dept if c["satisfied"] + c["basic"] + c["unsatisfied"]]
    return [
        Panel(
            title="提案状态",
            labels=[s.label for s in states],
            series=[("件数", [by_state.get(s.value, 0) for s in states])],
            url=reverse("congress:session_list"),
        ),
        Panel(
            title="各部门提案办理满意率",
            labels=[label for label, _ in rated],
            series=[("满意率", [_rate(c) for _, c in rated])],
            kind="hbar",
            fmt="percent",
        ),
        Panel(
            title="各部门提案答复与逾期",
            labels=[label for label, _ in by_dept],
            series=[
                ("交办", [c["filed"] for _, c in by_dept]),
                ("已答复", [c["answered"] for _, c in by_dept]),
                ("逾期", [c["overdue"] for _, c in by_dept]),
            ],
            kind="hbar",
        ),  # fmt: skip
    ]


def dashboard_indicators(user, period):
    return dashboard(user, period)[0]


def dashboard_panels(user, period):
    return dashboard(user, period)[1]
