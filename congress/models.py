"""教代会 (terms, sessions, delegates, items, attendance), proposals and 校务公开 notices.

The proposal workflow (states, who may act, guards) lives in congress/workflow.py; the
models here only hold data and small read-only rules about one object.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 14 -> 十四, 23 -> 二十三 (enough for 届 and 次)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")
    return str(n)


class Term(models.Model):
    """届: e.g. 第六届, with its delegate roster."""

    number = models.PositiveIntegerField("届次", unique=True, error_messages={"unique": "该届次已存在。"})
    name = models.CharField("名称", max_length=30, blank=True, help_text="留空则自动生成，如“第六届”。")
    start_date = models.DateField("起始日期", null=True, blank=True)
    end_date = models.DateField("结束日期", null=True, blank=True)
    is_current = models.BooleanField("本届", default=False)

    class Meta:
        verbose_name = "教代会届次"
        verbose_name_plural = "教代会届次"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="term_single_current",
                violation_error_message="只能有一个“本届”。",
            )
        ]

    def __str__(self):
        return self.name or f"第{chinese_number(self.number)}届"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "结束日期不能早于起始日期。"})

    def save(self, *args, **kwargs):
        if not self.name:
            self.name = f"第{chinese_number(self.number)}届"
        super().save(*args, **kwargs)


class SessionQuerySet(models.QuerySet):
    def collecting(self, day=None):
        day = day or timezone.localdate()
        return self.filter(collection_start__lte=day, collection_end__gte=day)


class Session(models.Model):
    """次: one meeting of a term, e.g. 六届四次, with its proposal collection period."""

    term = models.ForeignKey(Term, verbose_name="届次", on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveIntegerField("次")
    name = models.CharField("会议名称", max_length=30, blank=True, help_text="留空则自动生成，如“六届四次”。")
    meeting_date = models.DateField("开会日期")
    collection_start = models.DateField("提案征集开始")
    collection_end = models.DateField("提案征集截止")
    seconds_required = models.PositiveSmallIntegerField("所需附议人数", default=2)
    notes = models.TextField("备注", blank=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = "教代会会议"
        verbose_name_plural = "教代会会议"
        ordering = ["-term__number", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "number"], name="session_unique_number", violation_error_message="该届已有这一次会议。"
            ),
            models.CheckConstraint(
                condition=Q(collection_end__gte=models.F("collection_start")),
                name="session_collection_order",
                violation_error_message="征集截止日期不能早于开始日期。",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def full_title(self):
        """第六届教代会第四次会议: the heading of the session page (numerals in Chinese, like the term)."""
        return f"{self.term}教代会第{chinese_number(self.number)}次会议"

    def default_name(self):
        return f"{chinese_number(self.term.number)}届{chinese_number(self.number)}次"

    def clean(self):
        """The name prefixes the proposal numbers (六届四次-001), which are unique across sessions:
        two sessions with one name would collide at 立案. Proposals are collected before the meeting."""
        super().clean()
        errors = {}
        if self.term_id and self.number:
            name = self.name or self.default_name()
            if Session.objects.exclude(pk=self.pk).filter(name=name).exists():
                errors["name"] = f"会议名称“{name}”已被其他会议使用（提案编号以会议名称开头），请换一个名称。"
        if self.collection_end and self.meeting_date and self.collection_end > self.meeting_date:
            errors["collection_end"] = "提案征集截止日期不能晚于开会日期。"
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.name:
            self.name = self.default_name()
        super().save(*args, **kwargs)

    def is_collecting(self, day=None):
        day = day or timezone.localdate()
        return self.collection_start <= day <= self.collection_end


class Delegate(models.Model):
    """One line of a term's 代表名单."""

    term = models.ForeignKey(Term, verbose_name="届次", on_delete=models.CASCADE, related_name="delegates")
    member = models.ForeignKey(
        "members.Member", verbose_name="代表", on_delete=models.PROTECT, related_name="delegate_terms"
    )
    delegation = models.CharField("代表团", max_length=50, blank=True)
    on_committee = models.BooleanField("提案工作委员会委员", default=False)
    is_active = models.BooleanField("在任", default=True, help_text="代表调离或罢免后取消勾选。")

    class Meta:
        verbose_name = "代表"
        verbose_name_plural = "代表名单"
        ordering = ["term", "delegation", "member__staff_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "member"], name="delegate_unique_member", violation_error_message="该会员已是本届代表。"
            )
        ]

    def __str__(self):
        return f"{self.term} {self.member.name}"


class SessionItem(models.Model):
    """A 议案 voted at the meeting, or a report heard (报告)."""

    class Kind(models.TextChoices):
        MOTION = "motion", "议案"
        REPORT = "report", "报告"

    class Outcome(models.TextChoices):
        PENDING = "pending", "待表决"
        PASSED = "passed", "通过"
        REJECTED = "rejected", "未通过"
        AMENDED = "amended", "修改后通过"
        HEARD = "heard", "听取"

    session = models.ForeignKey(Session, verbose_name="会议", on_delete=models.CASCADE, related_name="items")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.MOTION)
    title = models.CharField("名称", max_length=200)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    votes_for = models.PositiveIntegerField("赞成", default=0)
    votes_against = models.PositiveIntegerField("反对", default=0)
    votes_abstain = models.PositiveIntegerField("弃权", default=0)
    sort_order = models.PositiveIntegerField("排序", default=100)

    class Meta:
        verbose_name = "议案与报告"
        verbose_name_plural = "议案与报告"
        ordering = ["session", "sort_order", "id"]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "出席"
        LEAVE = "leave", "请假"
        ABSENT = "absent", "缺席"

    session = models.ForeignKey(Session, verbose_name="会议", on_delete=models.CASCADE, related_name="attendance")
    delegate = models.ForeignKey(Delegate, verbose_name="代表", on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField("出席情况", max_length=10, choices=Status.choices, default=Status.PRESENT)

    class Meta:
        verbose_name = "出席记录"
        verbose_name_plural = "出席记录"
        constraints = [models.UniqueConstraint(fields=["session", "delegate"], name="attendance_unique")]

    def __str__(self):
        return f"{self.session} {self.delegate.member.name} {self.get_status_display()}"


class ProposalCategory(models.Model):
    name = models.CharField("类别名称", max_length=30, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "提案类别"
        verbose_name_plural = "提案类别"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ProposalState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SECONDING = "seconding", "征集附议"
    REVIEW = "review", "待审查"
    FILED = "filed", "已立案"
    MERGED = "merged", "已并案"
    SUGGESTION = "suggestion", "意见建议"
    HANDLING = "handling", "办理中"
    RATING = "rating", "待评价"
    CLOSED = "closed", "已办结"
    WITHDRAWN = "withdrawn", "已撤回"


# states in which a proposal has a number (立案 and after)
NUMBERED_STATES = (ProposalState.FILED, ProposalState.HANDLING, ProposalState.RATING, ProposalState.CLOSED)


class ProposalQuerySet(models.QuerySet):
    def overdue(self, day=None):
        day = day or timezone.localdate()
        return self.filter(state=ProposalState.HANDLING, due_date__lt=day)

    def for_list(self):
        return self.select_related("session", "category", "proposer", "proposer__department", "lead_department")


class Proposal(models.Model):
    """提案: one matter, raised by a member (领衔人), seconded by delegates (附议人)."""

    session = models.ForeignKey(Session, verbose_name="会议", on_delete=models.PROTECT, related_name="proposals")
    category = models.ForeignKey(ProposalCategory, verbose_name="类别", on_delete=models.PROTECT)
    title = models.CharField("案由（标题）", max_length=200)
    reason = models.TextField("现状与理由")
    suggestion = models.TextField("具体建议（办法）")
    proposer = models.ForeignKey(
        "members.Member", verbose_name="领衔人", on_delete=models.PROTECT, related_name="proposals"
    )
    state = models.CharField(
        "状态", max_length=12, choices=ProposalState.choices, default=ProposalState.DRAFT, db_index=True
    )
    seq = models.PositiveIntegerField("立案序号", null=True, blank=True, editable=False)
    number = models.CharField("提案编号", max_length=40, blank=True, editable=False)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    returned_at = models.DateTimeField(
        "退回修改时间",
        null=True,
        blank=True,
        editable=False,
        help_text="被提案工作委员会退回修改过：征集期结束后仍可修改后重新提交、由代表附议。",
    )
    filed_at = models.DateTimeField("立案时间", null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name="并入提案", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    lead_department = models.ForeignKey(
        "members.Department",
        verbose_name="主办部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_proposals",
    )
    due_date = models.DateField("答复期限", null=True, blank=True)
    due_reminder_for = models.DateField(
        "已提醒的答复期限", null=True, blank=True, editable=False, help_text="到期提醒已针对该期限发送过。"
    )
    rehandled = models.BooleanField("已重新办理", default=False, help_text="不满意后重新办理只有一次。")
    is_excellent = models.BooleanField("优秀提案", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = "提案"
        verbose_name_plural = "提案"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "seq"], name="proposal_unique_seq", violation_error_message="提案编号重复。"
            ),
            models.UniqueConstraint(
                fields=["number"],
                condition=~Q(number=""),
                name="proposal_unique_number",
                violation_error_message="提案编号重复。",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "state"], name="proposal_session_state"),
            models.Index(fields=["lead_department", "state"], name="proposal_dept_state"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}" if self.number else self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("congress:proposal_detail", args=[self.pk])

    @property
    def is_overdue(self):
        return (
            self.state == ProposalState.HANDLING and self.due_date is not None and self.due_date < timezone.localdate()
        )

    def credited_members(self, merged_ids=None):
        """领衔人 and 附议人 of this proposal and of every proposal merged into it (并案 keeps them credited).
        `merged_ids`: the merged proposals' ids when the caller has them already."""
        from members.models import Member

        if merged_ids is None:
            merged_ids = self.merged.values_list("pk", flat=True)
        ids = [self.pk, *merged_ids]
        return Member.objects.filter(Q(proposals__in=ids) | Q(seconds__proposal__in=ids)).distinct()


def attachment_path(instance, filename):
    """A short random storage name; the original file name is kept in the `name` field."""
    import os
    import uuid

    ext = os.path.splitext(filename)[1].lower()[:10]
    return f"congress/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


class ProposalAttachment(models.Model):
    proposal = models.ForeignKey(Proposal, verbose_name="提案", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("附件", upload_to=attachment_path)
    name = models.CharField("文件名", max_length=200)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "提案附件"
        verbose_name_plural = "提案附件"

    def __str__(self):
        return self.name


class Second(models.Model):
    """附议: a delegate supports a proposal."""

    proposal = models.ForeignKey(Proposal, verbose_name="提案", on_delete=models.CASCADE, related_name="seconds")
    member = models.ForeignKey(
        "members.Member", verbose_name="附议人", on_delete=models.PROTECT, related_name="seconds"
    )
    created_at = models.DateTimeField("附议时间", auto_now_add=True)

    class Meta:
        verbose_name = "附议"
        verbose_name_plural = "附议"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "member"], name="second_unique", violation_error_message="您已附议过此提案。"
            )
        ]

    def __str__(self):
        return f"{self.member.name} 附议 {self.proposal.title}"


class ProposalTransition(models.Model):
    """The timeline: every action on a proposal (who, when, from, to, comment)."""

    proposal = models.ForeignKey(Proposal, verbose_name="提案", on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField("操作", max_length=20)
    action_label = models.CharField("操作名称", max_length=30)
    from_state = models.CharField("原状态", max_length=12, choices=ProposalState.choices, blank=True)
    to_state = models.CharField("新状态", max_length=12, choices=ProposalState.choices, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_name = models.CharField("操作人姓名", max_length=100, blank=True, help_text="记录当时的姓名或部门。")
    at = models.DateTimeField("时间", default=timezone.now)
    comment = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "提案办理记录"
        verbose_name_plural = "提案办理记录"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.proposal_id} {self.action_label}"


class ProposalAssignment(models.Model):
    """交办: the lead department (主办) and co-departments (协办) of a filed proposal."""

    proposal = models.ForeignKey(Proposal, verbose_name="提案", on_delete=models.CASCADE, related_name="assignments")
    department = models.ForeignKey("members.Department", verbose_name="部门", on_delete=models.PROTECT)
    is_lead = models.BooleanField("主办", default=False)
    assigned_at = models.DateTimeField("交办时间", default=timezone.now)

    class Meta:
        verbose_name = "交办部门"
        verbose_name_plural = "交办部门"
        ordering = ["-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "department"], name="assignment_unique"),
            models.UniqueConstraint(fields=["proposal"], condition=Q(is_lead=True), name="assignment_one_lead"),
        ]

    def __str__(self):
        return f"{self.department}（{'主办' if self.is_lead else '协办'}）"


class AnswerType(models.TextChoices):
    SOLVED = "solved", "已解决"
    PLANNED = "planned", "列入计划"
    REFERENCE = "reference", "留作参考"
    EXPLAINED = "explained", "解释说明"


class Answer(models.Model):
    proposal = models.ForeignKey(Proposal, verbose_name="提案", on_delete=models.CASCADE, related_name="answers")
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    department = models.ForeignKey("members.Department", verbose_name="答复部门", on_delete=models.PROTECT)
    answer_type = models.CharField("答复类型", max_length=12, choices=AnswerType.choices)
    text = models.TextField("答复内容")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="答复人", null=True, on_delete=models.SET_NULL
    )
    answered_at = models.DateTimeField("答复时间", default=timezone.now)

    class Meta:
        verbose_name = "提案答复"
        verbose_name_plural = "提案答复"
        ordering = ["round", "answered_at"]
        constraints = [models.UniqueConstraint(fields=["proposal", "round"], name="answer_unique_round")]

    def __str__(self):
        return f"{self.proposal} 第{self.round}次答复"


class RatingResult(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class Rating(models.Model):
    proposal = models.ForeignKey(Proposal, verbose_name="提案", on_delete=models.CASCADE, related_name="ratings")
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    result = models.CharField("评价", max_length=12, choices=RatingResult.choices)
    comment = models.TextField("意见", blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评价人", null=True, on_delete=models.SET_NULL)
    rated_at = models.DateTimeField("评价时间", default=timezone.now)

    class Meta:
        verbose_name = "办理评价"
        verbose_name_plural = "办理评价"
        ordering = ["round"]
        constraints = [models.UniqueConstraint(fields=["proposal", "round"], name="rating_unique_round")]

    def __str__(self):
        return f"{self.proposal} {self.get_result_display()}"


class ProgressUpdate(models.Model):
    """落实情况: what was done after the proposal was closed."""

    proposal = models.ForeignKey(Proposal, verbose_name="提案", on_delete=models.CASCADE, related_name="progress")
    text = models.TextField("落实情况")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "落实情况"
        verbose_name_plural = "落实情况"
        ordering = ["at"]

    def __str__(self):
        return f"{self.proposal} 落实情况"


class Suggestion(models.Model):
    """意见建议: a proposal not filed keeps a lighter track (assigned, answered, closed)."""

    class Status(models.TextChoices):
        NEW = "new", "待交办"
        ASSIGNED = "assigned", "已交办"
        ANSWERED = "answered", "已答复"
        CLOSED = "closed", "已关闭"

    proposal = models.OneToOneField(
        Proposal, verbose_name="来源提案", on_delete=models.CASCADE, related_name="suggestion_track"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.NEW)
    department = models.ForeignKey(
        "members.Department", verbose_name="承办部门", null=True, blank=True, on_delete=models.PROTECT
    )
    answer = models.TextField("答复", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="答复人", null=True, blank=True, on_delete=models.SET_NULL
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)

    class Meta:
        verbose_name = "意见建议"
        verbose_name_plural = "意见建议"

    def __str__(self):
        return f"意见建议：{self.proposal.title}"


# ---------------------------------------------------------------- 校务公开


class NoticeCategory(models.Model):
    name = models.CharField("类别名称", max_length=30, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "公开类别"
        verbose_name_plural = "公开类别"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class NoticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=Notice.State.PUBLISHED)


class Notice(models.Model):
    """公开事项."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

    class Form(models.TextChoices):
        BOARD = "board", "公开栏"
        CONGRESS = "congress", "教代会"
        ONLINE = "online", "网上"
        MEETING = "meeting", "会议"

    class Kind(models.TextChoices):
        REGULAR = "regular", "定期"
        SPECIAL = "special", "专项"

    title = models.CharField("标题", max_length=200)
    category = models.ForeignKey(NoticeCategory, verbose_name="类别", on_delete=models.PROTECT)
    content = models.TextField("内容")
    department = models.ForeignKey("members.Department", verbose_name="公开部门", on_delete=models.PROTECT)
    form = models.CharField("公开形式", max_length=10, choices=Form.choices, default=Form.ONLINE)
    kind = models.CharField("定期/专项", max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    period_start = models.DateField("公示开始")
    period_end = models.DateField("公示结束")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT, db_index=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "公开事项"
        verbose_name_plural = "公开事项"
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="notice_period_order",
                violation_error_message="公示结束日期不能早于开始日期。",
            )
        ]

    def __str__(self):
        return self.title

    def in_period(self, day=None):
        day = day or timezone.localdate()
        return self.state == self.State.PUBLISHED and self.period_start <= day <= self.period_end


class NoticeAttachment(models.Model):
    notice = models.ForeignKey(Notice, verbose_name="公开事项", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("附件", upload_to=attachment_path)
    name = models.CharField("文件名", max_length=200)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "公开附件"
        verbose_name_plural = "公开附件"

    def __str__(self):
        return self.name


class Objection(models.Model):
    """反馈/异议 raised during the 公示期; an officer answers it."""

    notice = models.ForeignKey(Notice, verbose_name="公开事项", on_delete=models.CASCADE, related_name="objections")
    member = models.ForeignKey("members.Member", verbose_name="提出人", on_delete=models.PROTECT)
    text = models.TextField("异议内容")
    created_at = models.DateTimeField("提出时间", default=timezone.now)
    answer = models.TextField("答复", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="答复人", null=True, blank=True, on_delete=models.SET_NULL
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = "异议"
        verbose_name_plural = "异议"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.notice} 异议"

    @property
    def is_answered(self):
        return self.answered_at is not None
