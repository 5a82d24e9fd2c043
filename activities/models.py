"""文体活动 and 运动会 (DOMAIN.md §6).

Activities: a configurable type, a date, and either a participant list (picked by officers
or registered by members themselves before a deadline, up to a cap) or a head count.

Sports meets: Meet -> Division (组别), Unit (代表队), Event -> Entry (+ EntryMember) -> Result,
and Match for events played as matches. Marks are integers in the event's base unit
(activities/marks.py); places and points are computed (activities/ranking.py), never typed.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from activities import marks, ranking


class ActivityType(models.Model):
    name = models.CharField("类型名称", max_length=30, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "活动类型"
        verbose_name_plural = "活动类型"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ActivityQuerySet(models.QuerySet):
    def in_period(self, period):
        return self.filter(date__gte=period.start, date__lte=period.end)

    def upcoming(self, day=None):
        return self.filter(date__gte=day or timezone.localdate())


class Activity(models.Model):
    class Mode(models.TextChoices):
        REGISTRATION = "registration", "会员报名"
        LIST = "list", "指定参加人员"
        HEADCOUNT = "headcount", "只记人数"

    type = models.ForeignKey(ActivityType, verbose_name="活动类型", on_delete=models.PROTECT, related_name="activities")
    title = models.CharField("活动名称", max_length=100)
    date = models.DateField("活动日期")
    end_date = models.DateField("结束日期", null=True, blank=True)
    place = models.CharField("地点", max_length=100, blank=True)
    organiser = models.CharField("组织部门", max_length=100, blank=True)
    description = models.TextField("活动内容", blank=True)
    mode = models.CharField("参加方式", max_length=20, choices=Mode.choices, default=Mode.REGISTRATION)
    registration_deadline = models.DateField("报名截止日期", null=True, blank=True)
    capacity = models.PositiveIntegerField("名额上限", null=True, blank=True, help_text="留空表示不限名额。")
    head_count = models.PositiveIntegerField("参加人数", null=True, blank=True, help_text="“只记人数”时填写。")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = "文体活动"
        verbose_name_plural = "文体活动"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["date"], name="activity_date_idx")]

    def __str__(self):
        return f"{self.title}（{self.date:%Y-%m-%d}）"

    def registration_open(self, day=None):
        day = day or timezone.localdate()
        if self.mode != self.Mode.REGISTRATION:
            return False
        last_day = self.registration_deadline or self.date
        return day <= last_day

    def attendance(self, participant_count):
        """参加人次: the head count for head-count activities, else the participants."""
        if self.mode == self.Mode.HEADCOUNT:
            return self.head_count or 0
        return participant_count


class Participation(models.Model):
    class Source(models.TextChoices):
        SELF = "self", "本人报名"
        OFFICER = "officer", "工会指定"

    activity = models.ForeignKey(Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="participations")
    member = models.ForeignKey(
        "members.Member", verbose_name="会员", on_delete=models.CASCADE, related_name="activity_participations"
    )
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.SELF)
    created_at = models.DateTimeField("报名时间", auto_now_add=True)

    class Meta:
        verbose_name = "活动参加"
        verbose_name_plural = "活动参加"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"], name="participation_once", violation_error_message="已报名该活动。"
            )
        ]

    def __str__(self):
        return f"{self.member.name} - {self.activity.title}"


def validate_points_table(value):
    """Admin and forms alike: a points table the ranking can read (else every meet page fails)."""
    try:
        ranking.parse_points_table(value)
    except ValueError as e:
        raise ValidationError(str(e)) from e


class MeetQuerySet(models.QuerySet):
    def in_period(self, period):
        return self.filter(start_date__gte=period.start, start_date__lte=period.end)


class Meet(models.Model):
    class TieRule(models.TextChoices):
        SHARE = ranking.TIE_SHARE, "并列者平分所占名次积分之和"
        FULL = ranking.TIE_FULL, "并列者均得较高名次积分"

    name = models.CharField("运动会名称", max_length=100)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期", null=True, blank=True)
    place = models.CharField("地点", max_length=100, blank=True)
    age_reference_date = models.DateField("年龄计算日期", help_text="按此日期的周岁确定年龄组。")
    entry_opens = models.DateField("报名开始日期")
    entry_closes = models.DateField("报名截止日期")
    max_events_per_person = models.PositiveSmallIntegerField(
        "每人限报个人项目数", default=2, help_text="计入限项的项目（一般为个人项目）每人最多报名数。"
    )
    points_table = models.CharField(
        "名次积分", max_length=60, default="9-7-6-5-4-3-2-1", validators=[validate_points_table]
    )
    tie_rule = models.CharField("并列计分规则", max_length=10, choices=TieRule.choices, default=TieRule.SHARE)
    is_public = models.BooleanField("公开成绩直播", default=False, help_text="公开后无需登录即可查看成绩直播页。")
    is_locked = models.BooleanField("成绩已锁定", default=False, help_text="锁定后不能再报名或修改成绩。")
    notes = models.TextField("竞赛规程说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = MeetQuerySet.as_manager()

    class Meta:
        verbose_name = "运动会"
        verbose_name_plural = "运动会"
        ordering = ["-start_date", "-id"]

    def __str__(self):
        return self.name

    @property
    def points(self):
        return ranking.parse_points_table(self.points_table)

    def entries_open(self, day=None):
        day = day or timezone.localdate()
        return not self.is_locked and self.entry_opens <= day <= self.entry_closes


class Division(models.Model):
    class Sex(models.TextChoices):
        ANY = "", "不限"
        MALE = "M", "男子"
        FEMALE = "F", "女子"

    meet = models.ForeignKey(Meet, verbose_name="运动会", on_delete=models.CASCADE, related_name="divisions")
    name = models.CharField("组别名称", max_length=30)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices, blank=True, default="")
    min_age = models.PositiveSmallIntegerField("最小年龄", null=True, blank=True)
    max_age = models.PositiveSmallIntegerField("最大年龄", null=True, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=100)

    class Meta:
        verbose_name = "组别"
        verbose_name_plural = "组别"
        ordering = ["sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["meet", "name"], name="division_name_unique")]

    def __str__(self):
        return self.name

    @property
    def age_text(self):
        if self.min_age is not None and self.max_age is not None:
            return f"{self.min_age}-{self.max_age}岁"
        if self.min_age is not None:
            return f"{self.min_age}岁及以上"
        if self.max_age is not None:
            return f"{self.max_age}岁及以下"
        return "不限年龄"


class Unit(models.Model):
    meet = models.ForeignKey(Meet, verbose_name="运动会", on_delete=models.CASCADE, related_name="units")
    name = models.CharField("代表队名称", max_length=50)
    department = models.ForeignKey(
        "members.Department", verbose_name="部门", null=True, blank=True, on_delete=models.SET_NULL
    )
    union_group = models.ForeignKey(
        "members.UnionGroup", verbose_name="工会小组", null=True, blank=True, on_delete=models.SET_NULL
    )
    leader = models.ForeignKey(
        "members.Member",
        verbose_name="领队",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_units",
        help_text="领队可为本队报名。",
    )
    sort_order = models.PositiveIntegerField("排序", default=100)

    class Meta:
        verbose_name = "代表队"
        verbose_name_plural = "代表队"
        ordering = ["sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["meet", "name"], name="unit_name_unique")]

    def __str__(self):
        return self.name

    def includes(self, member):
        if self.department_id and member.department_id == self.department_id:
            return True
        if self.union_group_id and member.union_group_id == self.union_group_id:
            return True
        return not self.department_id and not self.union_group_id


class Event(models.Model):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", "个人项目"
        TEAM = "team", "集体项目"
        RELAY = "relay", "接力项目"

    class Measure(models.TextChoices):
        TIME = marks.TIME, "计时"
        COUNT = marks.COUNT, "计数"
        DISTANCE = marks.DISTANCE, "丈量"
        SCORE = marks.SCORE, "评分"
        MATCH = marks.MATCH, "对抗赛"

    class Better(models.TextChoices):
        LOWER = "lower", "数值小者优（如计时）"
        HIGHER = "higher", "数值大者优（如计数）"

    class Aggregate(models.TextChoices):
        BEST = "best", "取最好成绩"
        SUM = "sum", "各次相加"

    class Format(models.TextChoices):
        KNOCKOUT = "knockout", "单败淘汰"
        ROUND_ROBIN = "round_robin", "单循环"

    meet = models.ForeignKey(Meet, verbose_name="运动会", on_delete=models.CASCADE, related_name="events")
    name = models.CharField("项目名称", max_length=50)
    division = models.ForeignKey(
        Division,
        verbose_name="组别",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="events",
        help_text="留空表示不分组别。",
    )
    kind = models.CharField("项目类型", max_length=12, choices=Kind.choices, default=Kind.INDIVIDUAL)
    measure = models.CharField("计量方式", max_length=10, choices=Measure.choices, default=Measure.TIME)
    better = models.CharField("成绩优劣", max_length=6, choices=Better.choices, default=Better.LOWER)
    unit_label = models.CharField("成绩单位", max_length=10, blank=True, help_text="如 秒、个、米、分。")
    decimals = models.PositiveSmallIntegerField("小数位数", default=2, help_text="计时、丈量、评分成绩保留的小数位。")
    attempts = models.PositiveSmallIntegerField("试跳/试投次数", default=1)
    aggregate = models.CharField("多次成绩计算", max_length=6, choices=Aggregate.choices, default=Aggregate.BEST)
    team_min = models.PositiveSmallIntegerField("每队最少人数", default=1)
    team_max = models.PositiveSmallIntegerField("每队最多人数", default=1)
    entries_per_unit = models.PositiveSmallIntegerField(
        "每队限报", default=2, help_text="每个代表队在本项目最多报名的人数（集体/接力项目为队数）。"
    )
    counts_toward_limit = models.BooleanField("计入每人限项", default=True, help_text="拔河等集体项目通常不计入。")
    multiplier = models.PositiveSmallIntegerField("积分倍数", default=1, help_text="接力项目通常双倍计分。")
    match_format = models.CharField(
        "赛制", max_length=12, choices=Format.choices, default=Format.KNOCKOUT, help_text="仅对抗赛项目使用。"
    )
    groups = models.PositiveSmallIntegerField(
        "循环赛分组数",
        default=1,
        help_text="单循环赛可分组进行（蛇形分组），各组前两名再交叉淘汰决出名次；1 表示不分组。",
    )
    starts_at = models.DateTimeField("比赛时间", null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        "预计用时（分钟）",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text="填写后，报名时与同一人其他项目时间重叠会被拦下；不填只拦开始时间相同的项目。",
    )
    venue = models.CharField("比赛场地", max_length=50, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=100)

    class Meta:
        verbose_name = "比赛项目"
        verbose_name_plural = "比赛项目"
        ordering = ["sort_order", "starts_at", "id"]
        indexes = [models.Index(fields=["meet", "starts_at"], name="event_meet_time_idx")]

    def __str__(self):
        return f"{self.division.name} {self.name}" if self.division_id else self.name

    @property
    def full_name(self):
        return str(self)

    @property
    def ends_at(self):
        """When the event is expected to finish (None without a start time or a duration)."""
        if self.starts_at and self.duration_minutes:
            return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)
        return None

    @property
    def time_label(self):
        """“05-20 08:30–09:10” (or “05-20 08:30” without a duration; "" without a time)."""
        if not self.starts_at:
            return ""
        label = f"{timezone.localtime(self.starts_at):%m-%d %H:%M}"
        if self.ends_at:
            label += f"–{timezone.localtime(self.ends_at):%H:%M}"
        return label

    def overlaps(self, other):
        """Both events happen at once: their [start, end) windows intersect; an event without a
        duration is the instant it starts (so two such events clash only when starting together)."""
        if not (self.starts_at and other.starts_at):
            return False
        if self.starts_at == other.starts_at:
            return True
        first, second = sorted((self, other), key=lambda e: e.starts_at)
        return first.ends_at is not None and second.starts_at < first.ends_at

    @property
    def is_individual(self):
        return self.kind == self.Kind.INDIVIDUAL

    @property
    def is_match(self):
        return self.measure == self.Measure.MATCH

    @property
    def higher_is_better(self):
        return self.better == self.Better.HIGHER

    @property
    def input_hint(self):
        return {
            marks.TIME: "如 1:02.35 或 12.35",
            marks.COUNT: "整数，如 120",
            marks.DISTANCE: "米，如 12.50",
            marks.SCORE: "如 9.5" if self.decimals else "整数",
        }.get(self.measure, "")

    def parse_mark(self, text):
        return marks.parse(text, self.measure, self.decimals)

    def format_mark(self, value):
        return marks.format_mark(value, self.measure, self.decimals)


class Entry(models.Model):
    """One entrant in an event: a person (individual event) or a team (team / relay / match)."""

    event = models.ForeignKey(Event, verbose_name="项目", on_delete=models.CASCADE, related_name="entries")
    unit = models.ForeignKey(Unit, verbose_name="代表队", on_delete=models.RESTRICT, related_name="entries")
    team_name = models.CharField("队名", max_length=50, blank=True)
    bib = models.CharField("号码", max_length=10, blank=True)
    seed = models.PositiveSmallIntegerField("种子序号", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报名人", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("报名时间", auto_now_add=True)

    class Meta:
        verbose_name = "报名"
        verbose_name_plural = "报名"
        ordering = ["unit__sort_order", "unit_id", "id"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The person's name for individual entries, the team name otherwise (uses prefetched members)."""
        if self.team_name:
            return self.team_name
        people = [em.member.name for em in self.entry_members.all()]
        if self.event.kind == Event.Kind.INDIVIDUAL and people:
            return people[0]
        return self.unit.name

    @property
    def member_names(self):
        return "、".join(em.member.name for em in self.entry_members.all())


class EntryMember(models.Model):
    entry = models.ForeignKey(Entry, verbose_name="报名", on_delete=models.CASCADE, related_name="entry_members")
    event = models.ForeignKey(Event, verbose_name="项目", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        "members.Member", verbose_name="运动员", on_delete=models.PROTECT, related_name="meet_entries"
    )
    order = models.PositiveSmallIntegerField("棒次/顺序", default=1)

    class Meta:
        verbose_name = "参赛队员"
        verbose_name_plural = "参赛队员"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "member"], name="entry_member_once", violation_error_message="该运动员已报名此项目。"
            )
        ]

    def __str__(self):
        return self.member.name


class Result(models.Model):
    class Status(models.TextChoices):
        OK = "", "有效"
        DNS = "DNS", "弃权（未出发）"
        DNF = "DNF", "未完成"
        DQ = "DQ", "犯规取消"

    entry = models.OneToOneField(Entry, verbose_name="报名", on_delete=models.CASCADE, related_name="result")
    mark = models.BigIntegerField("成绩（基本单位）", null=True, blank=True, help_text="毫秒、个数、毫米或得分。")
    attempt_marks = models.JSONField("各次成绩", default=list, blank=True)
    status = models.CharField("状态", max_length=3, choices=Status.choices, blank=True, default="")
    place = models.PositiveSmallIntegerField("名次", null=True, blank=True, editable=False)
    points = models.DecimalField("得分", max_digits=8, decimal_places=2, default=0, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        verbose_name = "成绩"
        verbose_name_plural = "成绩"
        ordering = ["place", "id"]

    def __str__(self):
        return f"{self.entry} {self.mark_text}"

    @property
    def mark_text(self):
        if self.status:
            return self.status
        return self.entry.event.format_mark(self.mark)


class Match(models.Model):
    class Kind(models.TextChoices):
        ROUND_ROBIN = "rr", "循环赛"
        MAIN = "main", "淘汰赛"
        THIRD = "third", "三四名决赛"

    class Forfeit(models.TextChoices):
        NONE = "", "无"
        A = "a", "甲方弃权"
        B = "b", "乙方弃权"

    event = models.ForeignKey(Event, verbose_name="项目", on_delete=models.CASCADE, related_name="matches")
    number = models.PositiveSmallIntegerField("场次")
    kind = models.CharField("类型", max_length=6, choices=Kind.choices)
    group = models.CharField("小组", max_length=2, blank=True, default="")
    round_no = models.PositiveSmallIntegerField("轮次")
    position = models.PositiveSmallIntegerField("位置", default=0)
    entry_a = models.ForeignKey(
        Entry, verbose_name="甲方", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    entry_b = models.ForeignKey(
        Entry, verbose_name="乙方", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    is_bye = models.BooleanField("轮空", default=False)
    score_a = models.PositiveSmallIntegerField("甲方得分", null=True, blank=True)
    score_b = models.PositiveSmallIntegerField("乙方得分", null=True, blank=True)
    forfeit = models.CharField("弃权", max_length=1, choices=Forfeit.choices, blank=True, default="")
    winner_side = models.CharField("胜方", max_length=1, blank=True, default="")

    class Meta:
        verbose_name = "对阵"
        verbose_name_plural = "对阵"
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["event", "number"], name="match_number_unique")]

    def __str__(self):
        return f"{self.event} 第{self.number}场"

    @property
    def played(self):
        return bool(self.winner_side)
