"""五必访 visits checked against yearly standards; hardship files, aid and donations.

Hardship data is sensitive personal information: only 帮扶专员 and 工会主席 open it
(see welfare/permissions.py), numbers are masked outside the file page, and every read or
export is written to AccessLog.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from members.idcard import mask

MONEY = {"max_digits": 12, "decimal_places": 2}


class Occasion(models.Model):
    """A 五必访 occasion (configurable by the chair; seeded with the default list)."""

    HOSPITAL = "hospital"
    RETIREMENT = "retirement"
    FESTIVAL = "festival"

    name = models.CharField("慰问事项", max_length=50, unique=True)
    code = models.SlugField(
        "代码", max_length=30, unique=True, help_text="程序识别用，如 hospital（住院）、festival（节日走访）。"
    )
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)
    description = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "慰问事项"
        verbose_name_plural = "慰问事项"
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.name


class Standard(models.Model):
    """慰问标准: per year and occasion a maximum amount, cash or goods, and a yearly cap."""

    class Payment(models.TextChoices):
        CASH_OR_GOODS = "any", "慰问金或慰问品"
        GOODS_ONLY = "goods", "仅限慰问品"

    year = models.PositiveSmallIntegerField("年度")
    occasion = models.ForeignKey(Occasion, verbose_name="慰问事项", on_delete=models.CASCADE, related_name="standards")
    max_amount = models.DecimalField("金额上限（元）", validators=[MinValueValidator(0)], **MONEY)
    payment = models.CharField("发放形式", max_length=10, choices=Payment.choices, default=Payment.CASH_OR_GOODS)
    max_times = models.PositiveSmallIntegerField(
        "每人每年最多次数", null=True, blank=True, help_text="留空表示不限次数。"
    )
    notes = models.CharField("依据/说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "慰问标准"
        verbose_name_plural = "慰问标准"
        ordering = ["-year", "occasion__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "occasion"],
                name="standard_unique_year_occasion",
                violation_error_message="该年度该事项已有慰问标准。",
            )
        ]

    def __str__(self):
        return f"{self.year}年 {self.occasion}"

    @property
    def goods_only(self):
        return self.payment == self.Payment.GOODS_ONLY


class VisitQuerySet(models.QuerySet):
    def done(self):
        return self.filter(status=Visit.Status.DONE)

    def planned(self):
        return self.filter(status=Visit.Status.PLANNED)

    def in_period(self, period):
        return self.done().filter(visit_date__gte=period.start, visit_date__lte=period.end)


class Visit(models.Model):
    """One 慰问 of one member on one occasion."""

    class Form(models.TextChoices):
        CASH = "cash", "慰问金"
        GOODS = "goods", "慰问品"
        WREATH = "wreath", "花圈"
        CALL = "call", "探望"

    class Status(models.TextChoices):
        PLANNED = "planned", "待走访"
        DONE = "done", "已慰问"

    class Festival(models.TextChoices):
        SPRING = "spring", "春节"
        TEACHERS = "teachers", "教师节"
        DOUBLE_NINTH = "double_ninth", "重阳节"

    member = models.ForeignKey("members.Member", verbose_name="会员", on_delete=models.PROTECT, related_name="visits")
    occasion = models.ForeignKey(Occasion, verbose_name="慰问事项", on_delete=models.PROTECT, related_name="visits")
    festival = models.CharField("节日", max_length=20, choices=Festival.choices, blank=True)
    reason = models.CharField("事由", max_length=200)
    event_date = models.DateField("事件日期", null=True, blank=True)
    visit_date = models.DateField("慰问日期", null=True, blank=True)
    visitors = models.CharField("慰问人", max_length=200, blank=True, help_text="工会干部、单位领导等，用顿号分隔。")
    form = models.CharField("慰问形式", max_length=10, choices=Form.choices, default=Form.CASH)
    amount = models.DecimalField("金额（元）", default=Decimal("0"), validators=[MinValueValidator(0)], **MONEY)
    notes = models.TextField("备注", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DONE)
    exception_reason = models.CharField(
        "超标准例外说明", max_length=300, blank=True, help_text="超出当年慰问标准时必须填写，会在报表中列示。"
    )
    signed = models.BooleanField("受慰问人已签领", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = "慰问记录"
        verbose_name_plural = "慰问记录"
        ordering = ["-visit_date", "-id"]
        indexes = [
            models.Index(fields=["member", "occasion", "visit_date"], name="visit_member_occasion_idx"),
            # the visit list's order (status, newest first) walks this index instead of sorting
            # every visit; range filters on status + date use it too
            models.Index(fields=["status", "-visit_date", "-id"], name="visit_status_date_desc_idx"),
            # one member's visits, newest first (member home, 我的慰问)
            models.Index(fields=["member", "status", "-visit_date", "-id"], name="visit_member_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="planned") | Q(visit_date__isnull=False),
                name="visit_done_has_date",
                violation_error_message="已慰问的记录必须有慰问日期。",
            ),
        ]

    def __str__(self):
        return f"{self.member.name} {self.occasion} {self.visit_date or '待走访'}"

    @property
    def is_planned(self):
        return self.status == self.Status.PLANNED

    @property
    def is_cash(self):
        return self.form == self.Form.CASH

    @property
    def year(self):
        day = self.visit_date or self.event_date
        return day.year if day else None


def visit_upload_to(instance, filename):
    return f"welfare/visits/{instance.visit_id}/{filename}"


class VisitAttachment(models.Model):
    class Kind(models.TextChoices):
        HOSPITAL_BILL = "hospital_bill", "住院票据"
        MARRIAGE = "marriage", "结婚证"
        BIRTH = "birth", "出生证明"
        DEATH = "death", "死亡证明"
        RECEIPT = "receipt", "签领单"
        OTHER = "other", "其他"

    visit = models.ForeignKey(Visit, verbose_name="慰问记录", on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("材料类型", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField("文件", upload_to=visit_upload_to)
    original_name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "慰问佐证材料"
        verbose_name_plural = "慰问佐证材料"
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class LifeEvent(models.Model):
    """A member recorded as hospitalised, bereaved … so the reminders page lists them until visited."""

    member = models.ForeignKey(
        "members.Member", verbose_name="会员", on_delete=models.CASCADE, related_name="life_events"
    )
    occasion = models.ForeignKey(Occasion, verbose_name="事项", on_delete=models.PROTECT, related_name="life_events")
    date = models.DateField("发生日期")
    note = models.CharField("情况说明", max_length=200, blank=True)
    dismissed = models.BooleanField("无需慰问", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "会员情况登记"
        verbose_name_plural = "会员情况登记"
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.member.name} {self.occasion} {self.date}"


# --- hardship -------------------------------------------------------------------------------


class HardshipFile(models.Model):
    """困难职工档案 (one open file per member/household)."""

    class Category(models.TextChoices):
        DEEP = "deep", "深度困难"
        RELATIVE = "relative", "相对困难"
        ACCIDENT = "accident", "意外致困"

    class Reason(models.TextChoices):
        ILLNESS = "illness", "因病"
        DISABILITY = "disability", "因残"
        EDUCATION = "education", "因子女上学"
        DISASTER = "disaster", "因灾"
        ACCIDENT = "accident", "意外"
        UNEMPLOYMENT = "unemployment", "失业"
        SINGLE_PARENT = "single_parent", "单亲"
        LOW_INCOME = "low_income", "低收入"
        OTHER = "other", "其他"

    class CloseReason(models.TextChoices):
        RECOVERED = "recovered", "脱困"
        RETIRED = "retired", "退休"
        TRANSFERRED = "transferred", "调离"
        DECEASED = "deceased", "去世"
        OTHER = "other", "其他"

    member = models.ForeignKey(
        "members.Member", verbose_name="会员", on_delete=models.PROTECT, related_name="hardship_files"
    )
    category = models.CharField("建档类别", max_length=20, choices=Category.choices)
    main_reason = models.CharField("主要致困原因", max_length=20, choices=Reason.choices)
    secondary_reasons = models.JSONField("次要致困原因", default=list, blank=True, help_text="最多三项。")
    household_size = models.PositiveSmallIntegerField("家庭人口", validators=[MinValueValidator(1)])
    household_income = models.DecimalField("家庭月均收入（元）", validators=[MinValueValidator(0)], **MONEY)
    health = models.CharField("健康状况", max_length=200, blank=True)
    housing = models.CharField("住房情况", max_length=200, blank=True)
    bank_name = models.CharField("开户银行", max_length=100, blank=True)
    bank_account = models.CharField("银行卡号", max_length=30, blank=True)
    situation = models.TextField("困难情况说明", blank=True)
    opened_on = models.DateField("建档日期")
    reviewed_on = models.DateField("最近复核日期", null=True, blank=True)
    closed_on = models.DateField("销档日期", null=True, blank=True)
    close_reason = models.CharField("销档原因", max_length=20, choices=CloseReason.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="建档人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "困难职工档案"
        verbose_name_plural = "困难职工档案"
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(closed_on__isnull=True),
                name="hardship_one_open_file_per_member",
                violation_error_message="该会员已有在档的困难职工档案。",
            )
        ]

    def __str__(self):
        return f"{self.member.name}（{self.get_category_display()}）"

    @property
    def is_open(self):
        return self.closed_on is None

    @property
    def per_capita_income(self):
        if not self.household_size:
            return None
        return (self.household_income / self.household_size).quantize(Decimal("0.01"))

    @property
    def review_due(self):
        """Files are reviewed yearly: one year after the last review (or opening)."""
        last = self.reviewed_on or self.opened_on
        try:
            return last.replace(year=last.year + 1)
        except ValueError:  # 29 Feb
            return last.replace(year=last.year + 1, day=28)

    @property
    def review_overdue(self):
        return self.is_open and self.review_due < timezone.localdate()

    @property
    def masked_bank_account(self):
        return mask(self.bank_account)

    @property
    def secondary_reason_labels(self):
        labels = dict(self.Reason.choices)
        return [labels.get(r, r) for r in self.secondary_reasons or []]


class HouseholdMember(models.Model):
    hardship_file = models.ForeignKey(
        HardshipFile, verbose_name="困难档案", on_delete=models.CASCADE, related_name="household"
    )
    name = models.CharField("姓名", max_length=50)
    relation = models.CharField("与本人关系", max_length=20)
    monthly_income = models.DecimalField(
        "月收入（元）", default=Decimal("0"), validators=[MinValueValidator(0)], **MONEY
    )
    health = models.CharField("健康状况", max_length=100, blank=True)
    occupation = models.CharField("职业/就学", max_length=100, blank=True)

    class Meta:
        verbose_name = "家庭成员"
        verbose_name_plural = "家庭成员"
        ordering = ["id"]

    def __str__(self):
        return f"{self.name}（{self.relation}）"


def hardship_upload_to(instance, filename):
    return f"welfare/hardship/{instance.hardship_file_id}/{filename}"


class HardshipAttachment(models.Model):
    hardship_file = models.ForeignKey(
        HardshipFile, verbose_name="困难档案", on_delete=models.CASCADE, related_name="attachments"
    )
    description = models.CharField("材料说明", max_length=100)
    file = models.FileField("文件", upload_to=hardship_upload_to)
    original_name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "困难档案材料"
        verbose_name_plural = "困难档案材料"
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class AidApplication(models.Model):
    """帮扶申请: 申请 → 初审 → 公示 → 审批 → 已发放 (or 不予救助 with a reason)."""

    class Kind(models.TextChoices):
        LIVING = "living", "生活救助"
        MEDICAL = "medical", "医疗救助"
        EDUCATION = "education", "助学"
        WARMTH = "warmth", "送温暖"
        ACCIDENT = "accident", "意外救助"

    class Status(models.TextChoices):
        APPLIED = "applied", "申请"
        REVIEWED = "reviewed", "初审"
        PUBLICIZED = "publicized", "公示"
        APPROVED = "approved", "审批"
        PAID = "paid", "已发放"
        REFUSED = "refused", "不予救助"

    class Source(models.TextChoices):
        BRANCH = "branch", "本级工会"
        UPPER = "upper", "上级工会"
        ADMIN = "admin", "行政"

    class SchoolLevel(models.TextChoices):
        PRIMARY = "primary", "小学"
        JUNIOR = "junior", "初中"
        SENIOR = "senior", "高中"
        VOCATIONAL = "vocational", "中职"
        COLLEGE = "college", "大学专科"
        UNIVERSITY = "university", "大学本科"
        GRADUATE = "graduate", "研究生"

    OPEN_STATUSES = (Status.APPLIED, Status.REVIEWED, Status.PUBLICIZED, Status.APPROVED)

    member = models.ForeignKey(
        "members.Member", verbose_name="申请人", on_delete=models.PROTECT, related_name="aid_applications"
    )
    hardship_file = models.ForeignKey(
        HardshipFile,
        verbose_name="困难档案",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    kind = models.CharField("救助类型", max_length=20, choices=Kind.choices)
    reason = models.TextField("申请理由")
    requested_amount = models.DecimalField(
        "申请金额（元）", null=True, blank=True, validators=[MinValueValidator(0)], **MONEY
    )
    school_level = models.CharField("子女就学阶段", max_length=20, choices=SchoolLevel.choices, blank=True)
    applied_on = models.DateField("申请日期")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.APPLIED)
    amount = models.DecimalField(
        "救助金额（元）",
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="初审时拟定，审批时核定。",
        **MONEY,
    )
    source = models.CharField("资金来源", max_length=20, choices=Source.choices, blank=True)
    publicity_start = models.DateField("公示开始", null=True, blank=True)
    publicity_end = models.DateField("公示结束", null=True, blank=True)
    submitted_up_on = models.DateField("上报上级工会日期", null=True, blank=True)
    paid_on = models.DateField("发放日期", null=True, blank=True)
    refusal_reason = models.CharField("不予救助理由", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "帮扶申请"
        verbose_name_plural = "帮扶申请"
        ordering = ["-applied_on", "-id"]
        indexes = [
            models.Index(fields=["status", "paid_on"], name="aid_status_paid_idx"),
            models.Index(fields=["status", "publicity_end"], name="aid_status_publicity_idx"),
        ]

    def __str__(self):
        return f"{self.member.name} {self.get_kind_display()}（{self.get_status_display()}）"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    def publicity_running(self, day=None):
        day = day or timezone.localdate()
        return (
            self.status == self.Status.PUBLICIZED
            and self.publicity_start is not None
            and self.publicity_start <= day <= self.publicity_end
        )


class AidStep(models.Model):
    """One transition of an application: who, when, from, to, comment (the timeline)."""

    application = models.ForeignKey(AidApplication, verbose_name="申请", on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField("原状态", max_length=20, choices=AidApplication.Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=20, choices=AidApplication.Status.choices)
    comment = models.CharField("说明", max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "帮扶申请办理记录"
        verbose_name_plural = "帮扶申请办理记录"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class AccessLog(models.Model):
    """Every read or export of hardship data (who, what, when). The chair reads it."""

    class Action(models.TextChoices):
        LIST = "list", "查看列表"
        VIEW = "view", "查看详情"
        EXPORT = "export", "导出"
        DOWNLOAD = "download", "下载材料"
        EDIT = "edit", "修改"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    hardship_file = models.ForeignKey(
        HardshipFile, verbose_name="困难档案", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    application = models.ForeignKey(
        AidApplication, verbose_name="帮扶申请", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.CharField("说明", max_length=300, blank=True)
    path = models.CharField("地址", max_length=300, blank=True)
    ip = models.GenericIPAddressField("IP地址", null=True, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "档案访问日志"
        verbose_name_plural = "档案访问日志"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.user} {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


# --- donations ------------------------------------------------------------------------------


class DonationCampaign(models.Model):
    """募捐 (慈心一日捐, 献爱心 …): donors by name and/or an anonymous total."""

    class Kind(models.TextChoices):
        CHARITY_DAY = "charity_day", "慈心一日捐"
        LOVE = "love", "献爱心"
        DISASTER = "disaster", "救灾捐款"
        OTHER = "other", "其他"

    name = models.CharField("募捐活动", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.LOVE)
    date = models.DateField("日期")
    recipient = models.CharField("受捐对象", max_length=200)
    anonymous_total = models.DecimalField(
        "匿名/未记名捐款合计（元）", default=Decimal("0"), validators=[MinValueValidator(0)], **MONEY
    )
    anonymous_count = models.PositiveIntegerField("未记名捐款人数", default=0)
    notes = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "募捐活动"
        verbose_name_plural = "募捐活动"
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.name}（{self.date:%Y-%m-%d}）"


class Donation(models.Model):
    campaign = models.ForeignKey(
        DonationCampaign, verbose_name="募捐活动", on_delete=models.CASCADE, related_name="donations"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name="捐款会员", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    donor_name = models.CharField("捐款人", max_length=50, blank=True, help_text="非会员或集体捐款时填写。")
    amount = models.DecimalField("金额（元）", validators=[MinValueValidator(Decimal("0.01"))], **MONEY)

    class Meta:
        verbose_name = "捐款"
        verbose_name_plural = "捐款"
        ordering = ["id"]

    def __str__(self):
        return f"{self.donor} {self.amount}"

    @property
    def donor(self):
        return self.member.name if self.member_id else self.donor_name
