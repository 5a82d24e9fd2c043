"""Demo data for welfare (seed_demo calls seed() after members).

scale="demo": standards for last year and this year, about 120 visits over every occasion
(a few above the standard with a recorded exception, festival visits planned and done),
hospital/bereavement records for the reminders page, 8 hardship files with households,
20 aid applications in every state (some under public notice now), 2 donation campaigns.
scale="large" adds 30,000 visits and 5,000 paid aid grants over ten years (bulk_create).

Idempotent: each part checks for its own rows (marked "演示数据" / "压测数据") first.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from members.models import Member, WorkStatus
from unionhub.models import User
from welfare.models import (
    AidApplication,
    AidStep,
    Donation,
    DonationCampaign,
    HardshipFile,
    HouseholdMember,
    LifeEvent,
    Occasion,
    Standard,
    Visit,
)

DEMO = "演示数据"
LARGE = "压测数据"

# code: (max amount, goods only, max times per year), this year's standard; last year 10% lower
STANDARDS = {
    "hospital": (1000, False, 2),
    "marriage": (1000, False, 1),
    "childbirth": (800, False, 1),
    "retirement": (1500, True, 1),
    "death": (2000, False, 1),
    "relative_death": (1000, False, 2),
    "accident": (1000, False, 2),
    "hardship": (2000, False, 2),
    "family": (300, True, 2),
    "festival": (500, True, 3),
}

REASONS = {
    "hospital": ["胆囊手术住院", "骨折住院治疗", "肺炎住院", "心脏支架手术", "腰椎间盘手术"],
    "marriage": ["新婚", "结婚登记"],
    "childbirth": ["生育二孩", "喜得千金", "喜得贵子"],
    "retirement": ["光荣退休"],
    "death": ["因病去世"],
    "relative_death": ["父亲去世", "母亲去世", "配偶去世"],
    "accident": ["交通事故受伤", "家中火灾"],
    "hardship": ["家庭经济困难走访"],
    "family": ["家庭矛盾谈心", "情绪波动谈心"],
    "festival": ["春节走访慰问", "重阳节走访慰问", "教师节走访慰问"],
}
FORMS = {
    "death": Visit.Form.WREATH,
    "relative_death": Visit.Form.CASH,
    "retirement": Visit.Form.GOODS,
    "family": Visit.Form.CALL,
    "festival": Visit.Form.GOODS,
}
FESTIVALS = [Visit.Festival.SPRING, Visit.Festival.TEACHERS, Visit.Festival.DOUBLE_NINTH]
VISITORS = ["陈建国、李红梅", "李红梅", "张丽华、李红梅", "陈建国、校长办公室", "李红梅、工会小组长"]


def seed(*, out, scale="demo"):
    today = timezone.localdate()
    rng = random.Random(4)
    officer = User.objects.filter(username="1002").first()
    welfare = User.objects.filter(username="1003").first()
    occasions = {o.code: o for o in Occasion.objects.all()}
    n_standards = _seed_standards(today, occasions)
    people = list(Member.objects.in_union().filter(staff_no__gte="1008", staff_no__lte="1999").order_by("staff_no"))
    if not people:
        out.write("慰问帮扶：没有会员，跳过（请先生成会员演示数据）。")
        return
    n_visits = _seed_visits(rng, today, occasions, people, officer)
    n_events = _seed_life_events(today, occasions, people, officer)
    n_files = _seed_files(rng, today, people, welfare)
    n_apps = _seed_applications(rng, today, welfare)
    n_campaigns = _seed_campaigns(rng, today, people)
    out.write(
        f"慰问帮扶：慰问标准 {n_standards} 项，慰问记录 {n_visits} 条，情况登记 {n_events} 条，"
        f"困难档案 {n_files} 份，帮扶申请 {n_apps} 份，募捐活动 {n_campaigns} 个（新建）。"
    )
    if scale == "large":
        n_large_visits, n_large_grants = _seed_large(today, occasions)
        out.write(f"慰问帮扶大规模数据：慰问记录 {n_large_visits} 条，帮扶发放 {n_large_grants} 人次（新建）。")


def _seed_standards(today, occasions):
    created = 0
    for year, factor in ((today.year - 1, Decimal("0.9")), (today.year, Decimal("1"))):
        for code, (amount, goods_only, times) in STANDARDS.items():
            if code not in occasions:
                continue
            _, new = Standard.objects.get_or_create(
                year=year,
                occasion=occasions[code],
                defaults={
                    "max_amount": (Decimal(amount) * factor).quantize(Decimal("1")),
                    "payment": Standard.Payment.GOODS_ONLY if goods_only else Standard.Payment.CASH_OR_GOODS,
                    "max_times": times,
                    "notes": f"{year}年工会慰问管理办法",
                },
            )
            created += new
    return created


def _standard_amount(rng, code, factor=Decimal("1")):
    cap = Decimal(STANDARDS[code][0]) * factor
    steps = [Decimal("0.3"), Decimal("0.5"), Decimal("0.6"), Decimal("0.8"), Decimal("1")]
    return (cap * rng.choice(steps)).quantize(Decimal("1"))


def _seed_visits(rng, today, occasions, people, officer):
    if Visit.objects.filter(notes=DEMO).exists():
        return 0
    start = datetime.date(today.year - 1, 1, 1)
    span = (today - start).days
    visits, counts = [], {}
    codes = [c for c in STANDARDS if c in occasions]
    retirees = [m for m in people if m.work_status == WorkStatus.RETIRED]
    for i in range(112):
        code = codes[i % len(codes)]
        pool = retirees if code in ("festival", "retirement") and retirees else people
        member = pool[rng.randrange(len(pool))]
        day = start + datetime.timedelta(days=rng.randrange(span + 1))
        key = (member.pk, code, day.year)
        if counts.get(key, 0) >= STANDARDS[code][2]:
            continue
        counts[key] = counts.get(key, 0) + 1
        factor = Decimal("0.9") if day.year < today.year else Decimal("1")
        form = FORMS.get(code, Visit.Form.CASH)
        amount = Decimal("0") if form == Visit.Form.CALL else _standard_amount(rng, code, factor)
        exception = ""
        festival, reason = "", rng.choice(REASONS[code])
        if code == "festival":
            festival = FESTIVALS[(i // len(codes)) % 3]
            reason = f"{day.year}年{Visit.Festival(festival).label}走访慰问"
        if i in (13, 57):  # two visits above the standard, with the reason recorded
            amount = (Decimal(STANDARDS[code][0]) * factor * Decimal("1.5")).quantize(Decimal("1"))
            form = Visit.Form.GOODS if STANDARDS[code][1] else form
            exception = "病情严重、家庭困难，经工会主席办公会研究同意超标准慰问"
        visits.append(
            Visit(
                member=member,
                occasion=occasions[code],
                festival=festival,
                reason=reason,
                event_date=day - datetime.timedelta(days=rng.randrange(0, 5)),
                visit_date=day,
                visitors=rng.choice(VISITORS),
                form=form,
                amount=amount,
                notes=DEMO,
                status=Visit.Status.DONE,
                exception_reason=exception,
                signed=rng.random() < 0.8,
                created_by=officer,
            )
        )
    # this year's Spring Festival list: planned visits for retirees still to be completed
    planned_day = datetime.date(today.year, 1, 20) if today.month > 1 else today
    for member in retirees[:8]:
        visits.append(
            Visit(
                member=member,
                occasion=occasions["festival"],
                festival=Visit.Festival.SPRING,
                reason=f"{planned_day.year}年春节走访慰问",
                event_date=planned_day,
                form=Visit.Form.GOODS,
                notes=DEMO,
                status=Visit.Status.PLANNED,
                created_by=officer,
            )
        )
    Visit.objects.bulk_create(visits, batch_size=2000)
    return len(visits)


def _seed_life_events(today, occasions, people, officer):
    if LifeEvent.objects.filter(note__contains=DEMO).exists():
        return 0
    working = [m for m in people if m.work_status != WorkStatus.RETIRED]
    events = [
        (working[3], "hospital", 2, "急性阑尾炎，市一医院住院"),
        (working[17], "hospital", 5, "骨折，中医院住院"),
        (working[29], "relative_death", 3, "父亲去世"),
        (working[40], "hospital", 9, "肺炎住院"),
    ]
    LifeEvent.objects.bulk_create(
        [
            LifeEvent(
                member=m,
                occasion=occasions[code],
                date=today - datetime.timedelta(days=days),
                note=f"{note}（{DEMO}）",
                recorded_by=officer,
            )
            for m, code, days, note in events
        ]
    )
    return len(events)


FILES = [
    ("deep", "illness", ["education"], 4, 3200, "配偶尿毒症，长期透析", "租住公房"),
    ("deep", "disability", ["low_income"], 3, 2600, "本人肢体二级残疾", "自有老旧住房"),
    ("relative", "education", ["single_parent"], 3, 4100, "单亲，两个孩子上大学", "按揭住房"),
    ("relative", "illness", [], 5, 5200, "父母均患慢性病", "自有住房"),
    ("accident", "accident", ["illness"], 4, 3000, "交通事故致重伤", "租房"),
    ("accident", "disaster", [], 3, 3600, "家中遭水灾", "住房受损，临时租房"),
    ("relative", "low_income", ["education", "other"], 4, 4400, "合同制职工，收入低", "租房"),
    ("deep", "single_parent", ["illness", "education"], 2, 1900, "单亲，子女患白血病", "租住廉租房"),
]


def _bank_account(rng):
    return "62284800" + "".join(str(rng.randrange(10)) for _ in range(11))


def _seed_files(rng, today, people, welfare):
    if HardshipFile.objects.filter(situation__contains=DEMO).exists():
        return 0
    taken = set(HardshipFile.objects.filter(closed_on__isnull=True).values_list("member_id", flat=True))
    candidates = [m for m in people[5::9] if m.pk not in taken][: len(FILES)]
    created = 0
    for i, (member, spec) in enumerate(zip(candidates, FILES, strict=False)):
        category, reason, secondary, size, income, health, housing = spec
        opened = today - datetime.timedelta(days=120 + 95 * i)
        f = HardshipFile.objects.create(
            member=member,
            category=category,
            main_reason=reason,
            secondary_reasons=secondary,
            household_size=size,
            household_income=Decimal(income),
            health=health,
            housing=housing,
            bank_name=rng.choice(["中国农业银行", "中国工商银行", "中国建设银行", "中国银行"]),
            bank_account=_bank_account(rng),
            situation=f"{health}，{housing}。（{DEMO}）",
            opened_on=opened,
            reviewed_on=opened + datetime.timedelta(days=365) if i >= 5 else None,
            created_by=welfare,
        )
        household = [("配偶", "在职" if i % 2 else "无业"), ("子女", "小学在读" if i % 3 else "大学在读")]
        HouseholdMember.objects.bulk_create(
            [
                HouseholdMember(
                    hardship_file=f,
                    name=f"{member.name[0]}{'某' * (k + 1)}",
                    relation=relation,
                    monthly_income=Decimal(1500 if occupation == "在职" else 0),
                    health="患病" if k == 0 and reason == "illness" else "健康",
                    occupation=occupation,
                )
                for k, (relation, occupation) in enumerate(household[: max(1, size - 1)])
            ]
        )
        created += 1
    return created


# how many applications end up in each state (20 in all)
STATE_PLAN = ["applied"] * 3 + ["reviewed"] * 3 + ["publicized"] * 3 + ["approved"] * 3 + ["paid"] * 6 + ["refused"] * 2


def _seed_applications(rng, today, welfare):
    if AidApplication.objects.filter(reason__contains=DEMO).exists():
        return 0
    files = list(HardshipFile.objects.filter(situation__contains=DEMO).select_related("member").order_by("id"))
    if not files:
        return 0
    kinds = AidApplication.Kind.values
    order = ["applied", "reviewed", "publicized", "approved", "paid"]
    created = 0
    for i, target in enumerate(STATE_PLAN):
        f = files[i % len(files)]
        kind = kinds[i % len(kinds)]
        applied = today - datetime.timedelta(days=20 + 9 * i)
        requested = Decimal(rng.choice([1000, 1500, 2000, 3000, 5000]))
        app = AidApplication.objects.create(
            member=f.member,
            hardship_file=f,
            kind=kind,
            reason=f"{f.health}，申请{AidApplication.Kind(kind).label}。（{DEMO}）",
            requested_amount=requested,
            school_level=AidApplication.SchoolLevel.UNIVERSITY if kind == "education" else "",
            applied_on=applied,
            created_by=welfare,
        )
        steps = [AidStep(application=app, from_status="", to_status="applied", by=welfare, comment="登记申请")]
        reached = order.index(target) if target in order else order.index("reviewed")
        status = "applied"
        for to in order[1 : reached + 1]:
            steps.append(AidStep(application=app, from_status=status, to_status=to, by=welfare, comment=_comment(to)))
            status = to
        app.status = target
        if reached >= 1:
            app.amount = requested * Decimal("0.8")
        if reached >= 2:
            if target == "publicized":  # under public notice right now
                app.publicity_start, app.publicity_end = (
                    today - datetime.timedelta(days=2),
                    today + datetime.timedelta(days=3),
                )
            else:
                app.publicity_start = applied + datetime.timedelta(days=5)
                app.publicity_end = app.publicity_start + datetime.timedelta(days=5)
        if reached >= 3:
            app.source = ["branch", "upper", "admin"][i % 3]
            if app.source == "upper":
                app.submitted_up_on = applied + datetime.timedelta(days=12)
        if target == "paid":
            app.paid_on = min(today, app.publicity_end + datetime.timedelta(days=3))
        if target == "refused":
            app.refusal_reason = "经初审，家庭人均收入高于本地困难职工认定标准"
            steps.append(
                AidStep(
                    application=app, from_status=status, to_status="refused", by=welfare, comment=app.refusal_reason
                )
            )
        app.save()
        AidStep.objects.bulk_create(steps)
        created += 1
    return created


def _comment(status):
    return {"reviewed": "初审通过", "publicized": "公示五个工作日", "approved": "审批通过", "paid": "已发放"}[status]


def _seed_campaigns(rng, today, people):
    created = 0
    specs = [
        ("慈心一日捐", DonationCampaign.Kind.CHARITY_DAY, datetime.date(today.year, 3, 15), "市慈善总会", 35, 1200, 18),
        (
            "为重病职工家属献爱心",
            DonationCampaign.Kind.LOVE,
            today - datetime.timedelta(days=40),
            "重病职工家庭",
            48,
            0,
            0,
        ),
    ]
    for name, kind, day, recipient, donors, anon_total, anon_count in specs:
        day = min(day, today)
        campaign, new = DonationCampaign.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "date": day,
                "recipient": recipient,
                "anonymous_total": Decimal(anon_total),
                "anonymous_count": anon_count,
                "notes": DEMO,
            },
        )
        if not new:
            continue
        givers = rng.sample(people, min(donors, len(people)))
        Donation.objects.bulk_create(
            [
                Donation(campaign=campaign, member=m, amount=Decimal(rng.choice([50, 100, 100, 200, 300])))
                for m in givers
            ]
        )
        created += 1
    return created


def _seed_large(today, occasions):
    """30,000 visits and 5,000 paid grants over ten years, on the large roster (staff no. L…)."""
    rng = random.Random(99)
    member_ids = list(Member.objects.filter(staff_no__startswith="L").values_list("pk", flat=True))
    if not member_ids:
        member_ids = list(Member.objects.in_union().values_list("pk", flat=True))
    codes = [c for c in STANDARDS if c in occasions]
    first = datetime.date(today.year - 9, 1, 1)
    span = (today - first).days
    existing = Visit.objects.filter(notes=LARGE).count()
    batch, made = [], 0
    for i in range(existing, 30000):
        code = codes[i % len(codes)]
        day = first + datetime.timedelta(days=rng.randrange(span + 1))
        form = FORMS.get(code, Visit.Form.CASH)
        batch.append(
            Visit(
                member_id=member_ids[rng.randrange(len(member_ids))],
                occasion=occasions[code],
                reason=REASONS[code][i % len(REASONS[code])],
                event_date=day,
                visit_date=day,
                form=form,
                amount=Decimal("0") if form == Visit.Form.CALL else _standard_amount(rng, code),
                notes=LARGE,
                status=Visit.Status.DONE,
                signed=True,
            )
        )
        if len(batch) == 2000:
            Visit.objects.bulk_create(batch, batch_size=2000)
            made += len(batch)
            batch = []
    if batch:
        Visit.objects.bulk_create(batch, batch_size=2000)
        made += len(batch)

    # 500 hardship files on the large roster, then 5,000 paid grants over ten years
    if not HardshipFile.objects.filter(situation=LARGE).exists():
        taken = set(HardshipFile.objects.filter(closed_on__isnull=True).values_list("member_id", flat=True))
        pool = [pk for pk in member_ids if pk not in taken]
        chosen = rng.sample(pool, min(500, len(pool)))
        categories = HardshipFile.Category.values
        reasons = HardshipFile.Reason.values
        HardshipFile.objects.bulk_create(
            [
                HardshipFile(
                    member_id=pk,
                    category=categories[k % len(categories)],
                    main_reason=reasons[k % len(reasons)],
                    household_size=2 + k % 4,
                    household_income=Decimal(1500 + (k * 37) % 4000),
                    bank_account=_bank_account(rng),
                    situation=LARGE,
                    opened_on=first + datetime.timedelta(days=rng.randrange(span + 1)),
                    closed_on=None,
                )
                for k, pk in enumerate(chosen)
            ],
            batch_size=2000,
        )
    files = list(HardshipFile.objects.filter(situation=LARGE).values_list("pk", "member_id", "opened_on"))
    grants = 0
    if files:
        existing = AidApplication.objects.filter(reason=LARGE).count()
        kinds = AidApplication.Kind.values
        sources = AidApplication.Source.values
        batch = []
        for i in range(existing, 5000):
            file_id, member_id, opened = files[i % len(files)]
            paid = opened + datetime.timedelta(days=rng.randrange(max(1, (today - opened).days + 1)))
            source = sources[i % len(sources)]
            batch.append(
                AidApplication(
                    member_id=member_id,
                    hardship_file_id=file_id,
                    kind=kinds[i % len(kinds)],
                    reason=LARGE,
                    requested_amount=Decimal(2000),
                    school_level="college" if kinds[i % len(kinds)] == "education" else "",
                    applied_on=paid - datetime.timedelta(days=15),
                    status=AidApplication.Status.PAID,
                    amount=Decimal(rng.choice([500, 800, 1000, 1500, 2000])),
                    source=source,
                    publicity_start=paid - datetime.timedelta(days=10),
                    publicity_end=paid - datetime.timedelta(days=5),
                    submitted_up_on=paid - datetime.timedelta(days=4) if source == "upper" else None,
                    paid_on=paid,
                )
            )
        AidApplication.objects.bulk_create(batch, batch_size=2000)
        grants = len(batch)
    return made, grants
