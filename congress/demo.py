"""Demo data for congress (seed_demo calls seed()).

scale="demo": 第六届 with 六届三次 (2025), 六届四次 (2026, held) and 六届五次 (collecting proposals
now); about 45 delegates (including 1006 周明辉 and committee member 1004); items voted and
attendance; 40 proposals over every state with their full timeline (including 《建议为每位教师
定期体检》, 优秀提案); answers, ratings, 意见建议; 15 校务公开 notices with a few objections.
scale="large" adds 10 years of sessions (2016-2025 where missing) with 3,000 proposals, bulk.

Idempotent: everything is looked up by a natural key (term number, session number, proposal
title within a session, notice title) and only what is missing is created.
"""

import datetime
import random

from django.db.models import Max
from django.utils import timezone

from congress.models import (
    Answer,
    AnswerType,
    Attendance,
    Delegate,
    Notice,
    NoticeCategory,
    Objection,
    ProgressUpdate,
    Proposal,
    ProposalAssignment,
    ProposalCategory,
    ProposalState,
    ProposalTransition,
    Rating,
    RatingResult,
    Second,
    Session,
    SessionItem,
    Suggestion,
    Term,
)
from members.models import Department, Member
from unionhub.models import User

S = ProposalState
BATCH = 2000

# title, category
TITLES = [
    ("建议为每位教师定期体检", "福利待遇"),
    ("关于改善教师食堂午餐质量的建议", "福利待遇"),
    ("建议增设教职工子女课后托管服务", "福利待遇"),
    ("关于更新多媒体教室投影设备的建议", "校园建设"),
    ("建议在教学楼增设教师休息室", "校园建设"),
    ("关于完善绩效工资分配方案的建议", "管理服务"),
    ("建议减少非教学类检查和材料报送", "管理服务"),
    ("关于加强校园门口交通安全管理的建议", "校园建设"),
    ("建议设立青年教师教学基本功培训专项经费", "教学科研"),
    ("关于开展跨学科教研活动的建议", "教学科研"),
    ("建议完善教职工请假审批流程", "管理服务"),
    ("关于增加教职工停车位的建议", "校园建设"),
    ("建议适当提高班主任津贴", "福利待遇"),
    ("关于建立教师心理健康辅导机制的建议", "福利待遇"),
    ("建议图书馆延长开放时间", "管理服务"),
    ("关于改造学生宿舍热水系统的建议", "校园建设"),
    ("建议开展教职工羽毛球、乒乓球比赛", "其他"),
    ("关于规范校内公文流转的建议", "管理服务"),
    ("建议在校园网开设教学资源共享平台", "教学科研"),
    ("关于更换办公室老旧电脑的建议", "校园建设"),
    ("建议组织退休教职工春秋游", "福利待遇"),
    ("关于优化课表编排、减少教师连堂的建议", "教学科研"),
    ("建议增设校园直饮水点", "校园建设"),
    ("关于加强实验室安全管理的建议", "管理服务"),
    ("建议设立教职工生日慰问", "福利待遇"),
    ("关于改进教师职称评审推荐办法的建议", "管理服务"),
    ("建议为教研组配备打印复印设备", "教学科研"),
    ("关于修缮操场跑道的建议", "校园建设"),
    ("建议开设教职工瑜伽、健身课程", "其他"),
    ("关于完善新教师师徒结对制度的建议", "教学科研"),
    ("建议定期公开食堂收支账目", "管理服务"),
    ("关于增加校园绿化和休闲座椅的建议", "校园建设"),
    ("建议教职工体检增加女性专项检查", "福利待遇"),
    ("关于减轻教师作业批改负担的建议", "教学科研"),
    ("建议冬季为早自习教师提供早餐", "福利待遇"),
    ("关于优化校车接送路线的建议", "管理服务"),
    ("建议建立家校沟通统一平台", "教学科研"),
    ("关于维修行政楼电梯的建议", "校园建设"),
    ("建议认定教师寒暑假培训学时", "教学科研"),
    ("关于适当延长午休时间的建议", "其他"),
]

# session number -> [(title index, final state, options)]
# options: who (username of the proposer), rating, rehandle, excellent, overdue, due_soon, progress
PLAN = {
    3: [
        (1, S.CLOSED, {"rating": RatingResult.SATISFIED, "progress": True}),
        (3, S.CLOSED, {"rating": RatingResult.SATISFIED}),
        (5, S.CLOSED, {"rating": RatingResult.BASIC}),
        (7, S.CLOSED, {"rating": RatingResult.SATISFIED, "excellent": True}),
        (10, S.CLOSED, {"rating": RatingResult.UNSATISFIED, "rehandle": True}),
        (11, S.CLOSED, {"rating": RatingResult.SATISFIED, "who": "1007"}),
        (14, S.CLOSED, {"rating": RatingResult.BASIC}),
        (19, S.CLOSED, {"rating": RatingResult.SATISFIED}),
        (22, S.MERGED, {"into": 19}),
        (16, S.SUGGESTION, {"track": Suggestion.Status.CLOSED}),
        (28, S.SUGGESTION, {"track": Suggestion.Status.ANSWERED}),
        (39, S.WITHDRAWN, {}),
    ],
    4: [
        (0, S.CLOSED, {"rating": RatingResult.SATISFIED, "excellent": True, "who": "1006", "progress": True}),
        (2, S.CLOSED, {"rating": RatingResult.SATISFIED, "rehandle": True}),
        (4, S.CLOSED, {"rating": RatingResult.BASIC}),
        (6, S.CLOSED, {"rating": RatingResult.SATISFIED}),
        (32, S.CLOSED, {"rating": RatingResult.BASIC}),
        (8, S.RATING, {"who": "1006"}),
        (12, S.RATING, {}),
        (13, S.RATING, {}),
        (15, S.HANDLING, {"overdue": True}),
        (20, S.HANDLING, {"due_soon": True}),
        (23, S.HANDLING, {}),
        (27, S.HANDLING, {}),
        (21, S.FILED, {}),
        (34, S.MERGED, {"into": 0}),
        (24, S.SUGGESTION, {"track": Suggestion.Status.NEW}),
        (36, S.SUGGESTION, {"track": Suggestion.Status.ASSIGNED}),
    ],
    5: [
        (9, S.DRAFT, {"who": "1006"}),
        (17, S.DRAFT, {"who": "1007"}),
        (29, S.DRAFT, {}),
        (18, S.SECONDING, {"who": "1007", "seconds": 1}),
        (25, S.SECONDING, {"seconds": 0}),
        (26, S.SECONDING, {"seconds": 1}),
        (30, S.SECONDING, {"seconds": 0}),
        (31, S.REVIEW, {}),
        (33, S.REVIEW, {}),
        (35, S.REVIEW, {}),
        (37, S.REVIEW, {}),
        (38, S.WITHDRAWN, {}),
    ],
}

REASONS = {
    "福利待遇": "教职工工作强度大，{t}直接关系到大家的身心健康和工作积极性，多位老师反映希望学校予以重视。",
    "校园建设": "现有设施使用多年，老化问题明显，影响日常教学和师生安全，{t}已较为迫切。",
    "管理服务": "目前相关流程环节多、耗时长，老师们反映较为集中，{t}有助于提高管理效率。",
    "教学科研": "提高教学质量需要制度和经费保障，{t}能够促进教师专业成长。",
    "其他": "丰富教职工业余生活，增强凝聚力，{t}。",
}
SUGGESTIONS = {
    "福利待遇": "请工会会同总务处制定具体方案，明确经费来源和时间安排，并向教职工公开。",
    "校园建设": "请总务处组织实地勘查，列入年度维修改造计划，分步实施。",
    "管理服务": "请相关部门梳理现行流程，精简环节，推行网上办理。",
    "教学科研": "请教务处牵头研究，设立专项并纳入年度工作计划。",
    "其他": "请工会牵头组织，每学期安排一次，所需经费从工会经费中列支。",
}
ANSWERS = [
    (AnswerType.SOLVED, "经研究，已按建议落实，具体安排已在校务公开栏公布。感谢您对学校工作的关心。"),
    (AnswerType.PLANNED, "该建议合理，已列入下一年度工作计划和预算，预计下学期实施。"),
    (AnswerType.EXPLAINED, "受场地和经费限制，目前暂难全部实现，已先行采取部分改进措施，具体情况已当面向提案人说明。"),
    (AnswerType.REFERENCE, "建议已留作参考，将在修订相关制度时统筹考虑。"),
]
LEAD_BY_CATEGORY = {
    "福利待遇": "总务处",
    "校园建设": "总务处",
    "管理服务": "行政办公室",
    "教学科研": "教务处",
    "其他": "行政办公室",
}

NOTICES = [
    ("2025年度学校财务预决算情况", "财务", "行政办公室", "regular", "congress"),
    ("2025年度工会经费收支情况", "财务", "行政办公室", "regular", "board"),
    ("2026年上半年食堂收支情况", "财务", "总务处", "regular", "board"),
    ("2026年度优秀教师评选结果公示", "评优评先", "行政办公室", "special", "online"),
    ("2026年度师德标兵推荐人选公示", "评优评先", "行政办公室", "special", "online"),
    ("2026年专业技术职务评聘推荐人选公示", "职称评聘", "教务处", "special", "online"),
    ("2026年岗位聘用方案", "职称评聘", "行政办公室", "special", "meeting"),
    ("2025-2026学年教职工年度考核结果", "考核", "行政办公室", "regular", "board"),
    ("2026年绩效工资分配方案", "考核", "行政办公室", "special", "congress"),
    ("2026年教职工体检安排", "福利", "总务处", "regular", "online"),
    ("2026年春节慰问品采购结果", "福利", "总务处", "special", "board"),
    ("学生宿舍热水系统改造项目招标结果", "基建采购", "总务处", "special", "online"),
    ("多媒体教室设备采购结果", "基建采购", "总务处", "special", "online"),
    ("2026年秋季招生计划", "招生", "教务处", "regular", "online"),
    ("中层干部任职前公示", "干部任用", "行政办公室", "special", "board"),
]


def _aware(day, hour=9, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def seed(*, out, scale="demo"):
    today = timezone.localdate()
    rng = random.Random(20260318)
    members = list(Member.objects.in_union().select_related("department").order_by("staff_no"))
    if len(members) < 20:
        out.write("教代会：会员太少（请先生成会员演示数据），跳过。")
        return
    term = _term(6, datetime.date(2023, 3, 1), current=True)
    sessions = {
        3: _session(term, 3, datetime.date(2025, 3, 20), datetime.date(2025, 2, 17), datetime.date(2025, 3, 10)),
        4: _session(term, 4, datetime.date(2026, 3, 18), datetime.date(2026, 2, 23), datetime.date(2026, 3, 9)),
        5: _session(
            term,
            5,
            today + datetime.timedelta(days=30),
            today - datetime.timedelta(days=14),
            today + datetime.timedelta(days=14),
        ),
    }
    delegates = _delegates(term, members, rng)
    for s in (sessions[3], sessions[4]):
        _items_and_attendance(s, delegates, rng)
    created = _proposals(sessions, delegates, members, rng, today)
    notices = _notices(members, rng, today)
    out.write(
        f"教代会：{term}代表 {len(delegates)} 人，会议 {len(sessions)} 次，新建提案 {created} 件，新建公开事项 {notices} 项。"
    )
    if scale == "large":
        n = _seed_large(rng, today)
        out.write(f"教代会大规模数据：新建提案 {n} 件，共 {Proposal.objects.count()} 件。")


def _term(number, start, current=False):
    term = Term.objects.filter(number=number).first()
    if term is None:
        if current:
            Term.objects.filter(is_current=True).update(is_current=False)
        term = Term.objects.create(number=number, start_date=start, is_current=current)
    return term


def _session(term, number, meeting, start, end):
    session = Session.objects.filter(term=term, number=number).first()
    if session is None:
        session = Session.objects.create(
            term=term, number=number, meeting_date=meeting, collection_start=start, collection_end=end
        )
    return session


def _user(username):
    return User.objects.filter(username=username).select_related("handler_department").first()


def _delegates(term, members, rng):
    existing = {d.member_id: d for d in term.delegates.select_related("member", "member__department")}
    if not existing:
        wanted = [m for m in members if m.staff_no in ("1004", "1006")]
        pool = [m for m in members if m.staff_no not in ("1001", "1002", "1003", "1004", "1005", "1006", "1007")]
        wanted += rng.sample(pool, min(43, len(pool)))
        Delegate.objects.bulk_create(
            [
                Delegate(
                    term=term, member=m, delegation=m.department.name, on_committee=m.staff_no == "1004" or i % 9 == 0
                )
                for i, m in enumerate(wanted)
            ]
        )
        existing = {d.member_id: d for d in term.delegates.select_related("member", "member__department")}
    return list(existing.values())


def _items_and_attendance(session, delegates, rng):
    if not session.items.exists():
        n = len(delegates)
        items = [
            (SessionItem.Kind.REPORT, "学校工作报告", SessionItem.Outcome.HEARD, 0, 0, 0),
            (SessionItem.Kind.REPORT, "学校财务工作报告", SessionItem.Outcome.HEARD, 0, 0, 0),
            (SessionItem.Kind.REPORT, "上次教代会提案落实情况报告", SessionItem.Outcome.HEARD, 0, 0, 0),
            (
                SessionItem.Kind.MOTION,
                f"{session.meeting_date.year}年度学校预算方案",
                SessionItem.Outcome.PASSED,
                n - 4,
                1,
                1,
            ),
            (SessionItem.Kind.MOTION, "绩效工资分配方案（修订）", SessionItem.Outcome.AMENDED, n - 8, 3, 3),
            (SessionItem.Kind.MOTION, "教职工考勤管理办法", SessionItem.Outcome.PASSED, n - 6, 2, 2),
        ]
        SessionItem.objects.bulk_create(
            [
                SessionItem(
                    session=session,
                    kind=k,
                    title=t,
                    outcome=o,
                    votes_for=max(f, 0),
                    votes_against=a,
                    votes_abstain=ab,
                    sort_order=i,
                )  # fmt: skip
                for i, (k, t, o, f, a, ab) in enumerate(items)
            ]
        )
    if not session.attendance.exists():
        Attendance.objects.bulk_create(
            [
                Attendance(
                    session=session,
                    delegate=d,
                    status=Attendance.Status.LEAVE if rng.random() < 0.08 else Attendance.Status.PRESENT,
                )
                for d in delegates
            ]
        )


class _Story:
    """Collects the rows of one proposal's history so the demo shows a real timeline."""

    def __init__(self, proposal, start):
        self.p = proposal
        self.at = start
        self.rows = []

    def log(self, action, label, frm, to, by=None, name="", comment="", hours=20):
        self.at += datetime.timedelta(hours=hours)
        self.rows.append(
            ProposalTransition(
                proposal=self.p,
                action=action,
                action_label=label,
                from_state=frm,
                to_state=to,
                by=by,
                actor_name=name or (by.get_full_name() if by else "系统"),
                at=self.at,
                comment=comment,
            )
        )
        return self.at


def _proposals(sessions, delegates, members, rng, today):
    cats = {c.name: c for c in ProposalCategory.objects.all()}
    depts = {d.name: d for d in Department.objects.all()}
    fallback_dept = next(iter(depts.values()))
    committee = _user("1004")
    handler = _user("1005")
    users = {u.username: u for u in User.objects.filter(username__in=["1006", "1007"]).select_related("member")}
    delegate_members = [d.member for d in delegates]
    others = [m for m in members if m.staff_no not in ("1001", "1002", "1003", "1004", "1005", "1006", "1007")]
    created = 0
    by_title = {}
    for number in (3, 4, 5):
        session = sessions[number]
        existing = {p.title: p for p in session.proposals.all()}
        # merged ones go last so their target exists
        plan = sorted(PLAN[number], key=lambda row: row[1] == S.MERGED)
        for index, state, opts in plan:
            title, cat_name = TITLES[index]
            if title in existing:
                by_title[(number, index)] = existing[title]
                continue
            who = opts.get("who")
            proposer = users[who].member if who in users and hasattr(users[who], "member") else rng.choice(others)
            into = by_title.get((number, opts["into"])) if "into" in opts else None
            p = _one_proposal(
                session=session, title=title, category=cats.get(cat_name) or next(iter(cats.values())),
                proposer=proposer, state=state, opts=opts, into=into, rng=rng, today=today,
                delegates=delegate_members, committee=committee, handler=handler,
                lead=depts.get(LEAD_BY_CATEGORY.get(cat_name), fallback_dept), depts=depts,
                users=users,
            )  # fmt: skip
            by_title[(number, index)] = p
            created += 1
    return created


def _one_proposal(
    *,
    session,
    title,
    category,
    proposer,
    state,
    opts,
    into,
    rng,
    today,
    delegates,
    committee,
    handler,
    lead,
    depts,
    users,
):
    start = _aware(session.collection_start + datetime.timedelta(days=rng.randint(0, 3)), 8, rng.randint(0, 59))
    proposer_user = getattr(proposer, "user", None)
    p = Proposal.objects.create(
        session=session,
        category=category,
        title=title,
        reason=REASONS[category.name].format(t=title.removeprefix("关于").removeprefix("建议").removesuffix("的建议")),
        suggestion=SUGGESTIONS[category.name],
        proposer=proposer,
        state=S.DRAFT,
    )
    story = _Story(p, start)
    if state == S.DRAFT:
        return p
    fields = {"submitted_at": story.log("submit", "提交", S.DRAFT, S.SECONDING, proposer_user, proposer.name, hours=1)}
    n_seconds = opts.get("seconds", session.seconds_required)
    seconders = rng.sample([d for d in delegates if d.pk != proposer.pk], n_seconds)
    for m in seconders:
        story.log(
            "second", "附议", S.SECONDING, S.SECONDING, getattr(m, "user", None), m.name, hours=rng.randint(3, 30)
        )
    Second.objects.bulk_create([Second(proposal=p, member=m) for m in seconders])
    final = state
    if n_seconds >= session.seconds_required:
        story.log(
            "auto_review",
            "附议人数达到要求",
            S.SECONDING,
            S.REVIEW,
            None,
            "系统",
            f"附议人数达到 {n_seconds} 人",
            hours=0,
        )
    if state == S.WITHDRAWN:
        story.log(
            "withdraw", "撤回", S.REVIEW, S.WITHDRAWN, proposer_user, proposer.name, "与其他老师的提案重复，撤回。"
        )
        return _finish(p, story, final, fields)
    if state in (S.SECONDING, S.REVIEW):
        return _finish(p, story, final, fields)
    cname = committee.get_full_name() if committee else "提案工作委员会"
    if state == S.MERGED:
        story.log("merge", "并案", S.REVIEW, S.MERGED, committee, cname, f"并入 {into.number}《{into.title}》")
        fields["merged_into"] = into
        return _finish(p, story, final, fields)
    if state == S.SUGGESTION:
        story.log(
            "reject",
            "不立案",
            S.REVIEW,
            S.SUGGESTION,
            committee,
            cname,
            "属于日常管理事项，转为意见建议由相关部门办理。",
        )
        track = Suggestion(proposal=p, status=opts["track"])
        if opts["track"] != Suggestion.Status.NEW:
            track.department = depts.get("总务处", lead)
            story.log(
                "suggestion_assign",
                "交办意见建议",
                S.SUGGESTION,
                S.SUGGESTION,
                committee,
                cname,
                f"交办{track.department.name}",
            )
        if opts["track"] in (Suggestion.Status.ANSWERED, Suggestion.Status.CLOSED):
            track.answer = "已知悉，将在日常工作中改进。"
            track.answered_at = story.log(
                "suggestion_answer",
                "答复意见建议",
                S.SUGGESTION,
                S.SUGGESTION,
                None,
                track.department.name,
                track.answer,
            )
        if opts["track"] == Suggestion.Status.CLOSED:
            track.closed_at = story.log(
                "suggestion_close", "关闭意见建议", S.SUGGESTION, S.SUGGESTION, committee, cname
            )
        track.save()
        return _finish(p, story, final, fields)
    # 立案
    seq = (Proposal.objects.filter(session=session).aggregate(m=Max("seq"))["m"] or 0) + 1
    fields.update(seq=seq, number=f"{session.name}-{seq:03d}")
    fields["filed_at"] = story.log(
        "file", "立案", S.REVIEW, S.FILED, committee, cname, f"编号 {fields['number']}", hours=48
    )
    if state == S.FILED:
        return _finish(p, story, final, fields)
    due = story.at.date() + datetime.timedelta(days=30)
    if opts.get("overdue"):
        due = today - datetime.timedelta(days=12)
    if opts.get("due_soon"):
        due = today + datetime.timedelta(days=2)
    if state == S.HANDLING and not opts.get("overdue") and not opts.get("due_soon"):
        due = today + datetime.timedelta(days=rng.randint(10, 40))
    ProposalAssignment.objects.create(proposal=p, department=lead, is_lead=True, assigned_at=story.at)
    co = [d for d in depts.values() if d.pk != lead.pk and d.name.endswith("处")][:1] if rng.random() < 0.4 else []
    ProposalAssignment.objects.bulk_create([ProposalAssignment(proposal=p, department=d) for d in co])
    names = f"主办：{lead.name}" + (f"；协办：{'、'.join(d.name for d in co)}" if co else "")
    story.log("assign", "交办", S.FILED, S.HANDLING, committee, cname, f"{names}；答复期限 {due:%Y-%m-%d}", hours=24)
    fields.update(lead_department=lead, due_date=due)
    if state == S.HANDLING:
        return _finish(p, story, final, fields)
    answer_by = handler if handler and handler.handler_department_id == lead.pk else None
    answer_name = f"{answer_by.get_full_name()}（{lead.name}）" if answer_by else lead.name
    rounds = 2 if opts.get("rehandle") else 1
    for r in range(1, rounds + 1):
        kind, text = ANSWERS[(seq + r) % len(ANSWERS)] if r == 1 else ANSWERS[0]
        at = story.log(
            "answer", "答复", S.HANDLING, S.RATING, answer_by, answer_name, f"{kind.label}：{text}", hours=24 * 12
        )
        Answer.objects.create(
            proposal=p, round=r, department=lead, answer_type=kind, text=text, answered_by=answer_by, answered_at=at
        )
        if state == S.RATING:
            break
        result = RatingResult.UNSATISFIED if r < rounds else opts["rating"]
        comment = "答复没有具体时间表。" if result == RatingResult.UNSATISFIED else ""
        nxt = S.HANDLING if r < rounds else S.CLOSED
        label = RatingResult(result).label + (f"：{comment}" if comment else "")
        at = story.log(
            "rate",
            "评价",
            S.RATING,
            nxt,
            proposer_user,
            proposer.name,
            label + ("（重新办理）" if nxt == S.HANDLING else ""),
            hours=30,
        )
        Rating.objects.create(proposal=p, round=r, result=result, comment=comment, rated_by=proposer_user, rated_at=at)
        if nxt == S.HANDLING:
            fields["rehandled"] = True
    if opts.get("progress"):
        text = "已于今年3月组织全体教职工体检，体检率98%。" if "体检" in p.title else "相关措施已落实到位。"
        at = story.log("progress", "填报落实情况", S.CLOSED, S.CLOSED, answer_by, answer_name, text, hours=24 * 20)
        ProgressUpdate.objects.create(proposal=p, text=text, by=answer_by, at=at)
    if opts.get("excellent"):
        story.log("excellent", "评为优秀提案", S.CLOSED, S.CLOSED, committee, cname, hours=24 * 30)
        fields["is_excellent"] = True
    return _finish(p, story, final, fields)


def _finish(p, story, state, fields):
    ProposalTransition.objects.bulk_create(story.rows)
    fields["state"] = state
    Proposal.objects.filter(pk=p.pk).update(**fields)
    for k, v in fields.items():
        setattr(p, k, v)
    return p


def _notices(members, rng, today):
    cats = {c.name: c for c in NoticeCategory.objects.all()}
    depts = {d.name: d for d in Department.objects.all()}
    officer = _user("1002")
    existing = set(Notice.objects.values_list("title", flat=True))
    created = 0
    for i, (title, cat, dept, kind, form) in enumerate(NOTICES):
        if title in existing:
            continue
        start = today - datetime.timedelta(days=(len(NOTICES) - i) * 12)
        if i >= len(NOTICES) - 3:
            start = today - datetime.timedelta(days=2)  # the newest are in their 公示期
        state = Notice.State.DRAFT if i == len(NOTICES) - 1 else Notice.State.PUBLISHED
        if i == 4:
            state = Notice.State.WITHDRAWN
        n = Notice.objects.create(
            title=title,
            category=cats.get(cat) or next(iter(cats.values())),
            content=f"根据校务公开制度，现将{title}予以公开。详细内容见附件或公开栏。公示期内如有异议，请通过本平台反馈或向工会反映。",
            department=depts.get(dept) or next(iter(depts.values())),
            kind=kind,
            form=form,
            period_start=start,
            period_end=start + datetime.timedelta(days=7),
            state=state,
            published_at=_aware(start, 10) if state != Notice.State.DRAFT else None,
            published_by=officer if state != Notice.State.DRAFT else None,
        )
        created += 1
        if cat in ("评优评先", "职称评聘", "财务", "招生") and state == Notice.State.PUBLISHED:
            who = rng.choice(members)
            o = Objection.objects.create(
                notice=n,
                member=who,
                text="请说明评选（核算）依据和具体标准。",
                created_at=_aware(start + datetime.timedelta(days=1), 15),
            )
            if start < today - datetime.timedelta(days=5):
                o.answer = "相关依据已在公开栏张贴，并已当面向您作了说明，感谢监督。"
                o.answered_by = officer
                o.answered_at = _aware(start + datetime.timedelta(days=3), 11)
                o.save()
    return created


# ------------------------------------------------------------------ large scale


def _large_sessions():
    """2016-2025: term 4 (2014-2018), term 5 (2019-2022), term 6 (2023-)."""
    result = []
    for year in range(2016, 2026):
        if year <= 2018:
            term_no, number = 4, year - 2013
        elif year <= 2022:
            term_no, number = 5, year - 2018
        else:
            term_no, number = 6, year - 2022
        result.append((year, term_no, number))
    return result


def _seed_large(rng, today):
    members = list(Member.objects.in_union().values_list("pk", "staff_no"))
    member_ids = [pk for pk, _ in members]
    depts = list(Department.objects.values_list("pk", flat=True))
    cats = list(ProposalCategory.objects.values_list("pk", flat=True))
    specs = _large_sessions()
    per_session = 3000 // len(specs)
    terms = {n: _term(n, datetime.date(2014 + (n - 4) * 5, 3, 1)) for n in (4, 5, 6)}
    for term in terms.values():
        if not term.delegates.exists():
            Delegate.objects.bulk_create(
                [Delegate(term=term, member_id=m, delegation="代表团") for m in rng.sample(member_ids, 120)],
                batch_size=BATCH,
            )
    delegate_ids = {t: list(terms[t].delegates.values_list("member_id", flat=True)) for t in terms}
    created = 0
    for year, term_no, number in specs:
        meeting = datetime.date(year, 3, 18)
        session = _session(
            terms[term_no],
            number,
            meeting,
            meeting - datetime.timedelta(days=30),
            meeting - datetime.timedelta(days=10),
        )
        have = session.proposals.count()
        if have >= per_session:
            continue
        start_seq = (session.proposals.aggregate(m=Max("seq"))["m"] or 0) + 1
        rows = []
        for i in range(per_session - have):
            seq = start_seq + i
            roll = rng.random()
            state = (
                S.CLOSED
                if roll < 0.8
                else (S.MERGED if roll < 0.88 else (S.SUGGESTION if roll < 0.96 else S.WITHDRAWN))
            )
            filed = state == S.CLOSED
            submitted = _aware(meeting - datetime.timedelta(days=25), 9)
            rows.append(
                Proposal(
                    session=session,
                    category_id=rng.choice(cats),
                    title=f"{TITLES[seq % len(TITLES)][0]}（{year}-{seq}）",
                    reason="（历史数据）",
                    suggestion="（历史数据）",
                    proposer_id=rng.choice(member_ids),
                    state=state,
                    seq=seq if filed else None,
                    number=f"{session.name}-{seq:03d}" if filed else "",
                    submitted_at=submitted,
                    filed_at=submitted + datetime.timedelta(days=10) if filed else None,
                    lead_department_id=rng.choice(depts) if filed else None,
                    due_date=meeting + datetime.timedelta(days=60) if filed else None,
                    is_excellent=filed and rng.random() < 0.03,
                )
            )
        new = Proposal.objects.bulk_create(rows, batch_size=BATCH)  # PostgreSQL and SQLite return the ids
        seconds, assignments, answers, ratings, transitions = [], [], [], [], []
        pool = delegate_ids[term_no]
        for p in new:
            for m in rng.sample(pool, 2):
                if m != p.proposer_id:
                    seconds.append(Second(proposal_id=p.pk, member_id=m))
            transitions.append(
                ProposalTransition(proposal_id=p.pk, action="submit", action_label="提交", from_state=S.DRAFT,
                                   to_state=S.SECONDING, actor_name="", at=p.submitted_at)
            )  # fmt: skip
            if p.state == S.CLOSED:
                at = p.filed_at
                assignments.append(
                    ProposalAssignment(
                        proposal_id=p.pk, department_id=p.lead_department_id, is_lead=True, assigned_at=at
                    )
                )
                kind, text = ANSWERS[p.seq % len(ANSWERS)]
                answers.append(
                    Answer(
                        proposal_id=p.pk,
                        department_id=p.lead_department_id,
                        answer_type=kind,
                        text=text,
                        answered_at=at + datetime.timedelta(days=30),
                    )
                )
                r = rng.random()
                result = (
                    RatingResult.SATISFIED
                    if r < 0.7
                    else (RatingResult.BASIC if r < 0.93 else RatingResult.UNSATISFIED)
                )
                ratings.append(Rating(proposal_id=p.pk, result=result, rated_at=at + datetime.timedelta(days=35)))
                for action, label, frm, to, days in (
                    ("file", "立案", S.REVIEW, S.FILED, 10),
                    ("assign", "交办", S.FILED, S.HANDLING, 12),
                    ("answer", "答复", S.HANDLING, S.RATING, 40),
                    ("rate", "评价", S.RATING, S.CLOSED, 45),
                ):
                    transitions.append(
                        ProposalTransition(proposal_id=p.pk, action=action, action_label=label, from_state=frm,
                                           to_state=to, actor_name="", at=p.submitted_at + datetime.timedelta(days=days))
                    )  # fmt: skip
        for model, objs in (
            (Second, seconds),
            (ProposalAssignment, assignments),
            (Answer, answers),
            (Rating, ratings),
            (ProposalTransition, transitions),
        ):
            model.objects.bulk_create(objs, batch_size=BATCH)
        created += len(new)
    return created
