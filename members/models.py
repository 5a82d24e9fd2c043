import datetime
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery

from members import idcard


class Department(models.Model):
    name = models.CharField("部门名称", max_length=100, unique=True)
    code = models.CharField("部门代码", max_length=30, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class UnionGroup(models.Model):
    name = models.CharField("工会小组名称", max_length=100, unique=True)
    department = models.ForeignKey(
        Department, verbose_name="所属部门", null=True, blank=True, on_delete=models.SET_NULL, related_name="groups"
    )
    leader = models.ForeignKey(
        "Member", verbose_name="组长", null=True, blank=True, on_delete=models.SET_NULL, related_name="led_groups"
    )
    sort_order = models.PositiveIntegerField("排序", default=100)

    class Meta:
        verbose_name = "工会小组"
        verbose_name_plural = "工会小组"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class IdType(models.TextChoices):
    RESIDENT = "resident", "居民身份证"
    PASSPORT = "passport", "护照"
    HMT = "hmt", "港澳台居民居住证"
    OTHER = "other", "其他"


class EmploymentType(models.TextChoices):
    ESTABLISHED = "established", "编制"
    CONTRACT = "contract", "合同制"
    AGENCY = "agency", "人事代理"
    DISPATCHED = "dispatched", "派遣"
    MIGRANT = "migrant", "农民工"


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", "在会"
    RESERVED = "reserved", "保留会籍"
    QUIT = "quit", "退会"
    TRANSFERRED = "transferred", "转出"
    DECEASED = "deceased", "去世"


class WorkStatus(models.TextChoices):
    WORKING = "working", "在职"
    EARLY_RETIRED = "early_retired", "内退"
    RETIRED = "retired", "退休"


class MemberQuerySet(models.QuerySet):
    def in_union(self):
        """Members whose current 会籍 counts as a member (在会 or 保留会籍)."""
        return self.filter(membership_status__in=MembershipEvent.IN_UNION_STATUSES)

    def active(self):
        return self.filter(membership_status=MembershipStatus.ACTIVE)

    def retired(self):
        return self.filter(work_status=WorkStatus.RETIRED)

    def with_status_as_of(self, day: datetime.date):
        """Annotate status_then / work_status_then from the dated events on or before `day`."""
        membership_kinds = list(MembershipEvent.MEMBERSHIP_EFFECT)
        work_kinds = list(MembershipEvent.WORK_EFFECT)
        last_membership = (
            MembershipEvent.objects.filter(member=OuterRef("pk"), date__lte=day, kind__in=membership_kinds)
            .order_by("-date", "-id")
            .values("kind")[:1]
        )
        last_work = (
            MembershipEvent.objects.filter(member=OuterRef("pk"), date__lte=day, kind__in=work_kinds)
            .order_by("-date", "-id")
            .values("kind")[:1]
        )
        return self.annotate(kind_then=Subquery(last_membership), work_kind_then=Subquery(last_work))

    def members_as_of(self, day: datetime.date):
        """Who was a union member at the end of `day` (e.g. 31 Dec of year Y)."""
        in_kinds = [k for k, s in MembershipEvent.MEMBERSHIP_EFFECT.items() if s in MembershipEvent.IN_UNION_STATUSES]
        return self.with_status_as_of(day).filter(kind_then__in=in_kinds)

    def retired_as_of(self, day: datetime.date):
        return self.with_status_as_of(day).filter(work_kind_then=MembershipEvent.Kind.RETIRE)

    def search(self, text: str):
        # full-width letters and digits (Chinese input method) match the stored ASCII
        text = unicodedata.normalize("NFKC", text or "").strip()
        if not text:
            return self
        q = Q(name__icontains=text) | Q(staff_no__icontains=text)
        if text.isascii() and text.isalpha():
            q |= Q(name_initials__istartswith=text.lower())
        return self.filter(q)


class Member(models.Model):
    """One row of the 会员花名册."""

    staff_no = models.CharField("工号", max_length=32, unique=True, error_messages={"unique": "工号已存在。"})
    name = models.CharField("姓名", max_length=50)
    name_initials = models.CharField("拼音首字母", max_length=50, blank=True, db_index=True, editable=False)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    ethnicity = models.CharField("民族", max_length=20, blank=True)
    id_type = models.CharField("证件类型", max_length=10, choices=IdType.choices, default=IdType.RESIDENT)
    id_number = models.CharField("证件号码", max_length=30, blank=True)
    phone = models.CharField("手机", max_length=20, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    department = models.ForeignKey(Department, verbose_name="部门", on_delete=models.PROTECT, related_name="members")
    union_group = models.ForeignKey(
        UnionGroup, verbose_name="工会小组", null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    position = models.CharField("岗位/职务", max_length=50, blank=True)
    title = models.CharField("职称", max_length=50, blank=True)
    education = models.CharField("学历", max_length=30, blank=True)
    political_status = models.CharField("政治面貌", max_length=30, blank=True)
    employment_type = models.CharField(
        "用工形式", max_length=20, choices=EmploymentType.choices, default=EmploymentType.ESTABLISHED
    )
    joined_on = models.DateField("入会日期", null=True, blank=True)
    membership_status = models.CharField(
        "会籍状态",
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
        help_text="由会籍变动记录推算，请通过“记录变动”修改。",
    )
    work_status = models.CharField("在职状态", max_length=20, choices=WorkStatus.choices, default=WorkStatus.WORKING)
    retired_on = models.DateField("退休日期", null=True, blank=True)
    notes = models.TextField("备注", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = "会员"
        verbose_name_plural = "会员"
        ordering = ["department__sort_order", "staff_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_type", "id_number"],
                condition=~Q(id_number=""),
                name="member_unique_id_number",
                violation_error_message="证件号码已被其他会员使用。",
            )
        ]
        indexes = [
            models.Index(fields=["membership_status", "work_status"], name="member_status_idx"),
            models.Index(fields=["name"], name="member_name_idx"),
        ]

    def __str__(self):
        return f"{self.name}（{self.staff_no}）"

    @property
    def is_female(self):
        return self.sex == Sex.FEMALE

    @property
    def is_retired(self):
        return self.work_status == WorkStatus.RETIRED

    @property
    def masked_id_number(self):
        return idcard.mask(self.id_number)

    @property
    def masked_phone(self):
        p = self.phone or ""
        return p[:3] + "****" + p[-4:] if len(p) >= 11 else ("*" * len(p))

    def age_on(self, day: datetime.date):
        if not self.birth_date:
            return None
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    def save(self, *args, **kwargs):
        # name_initials is a derived search key (pinyin initials), kept in step with the name.
        from members.pinyin import initials

        self.name_initials = initials(self.name)
        if self.id_type == IdType.RESIDENT:
            self.id_number = idcard.normalize(self.id_number)
        super().save(*args, **kwargs)


class MembershipEvent(models.Model):
    """A dated change of 会籍 or 在职状态; the member's current status is derived from these."""

    class Kind(models.TextChoices):
        JOIN = "join", "入会"
        TRANSFER_OUT = "transfer_out", "转出"
        QUIT = "quit", "退会"
        RESERVE = "reserve", "保留会籍"
        RETIRE = "retire", "退休"
        EARLY_RETIRE = "early_retire", "内退"
        DEATH = "death", "去世"
        RESTORE = "restore", "恢复"

    MEMBERSHIP_EFFECT = {
        Kind.JOIN: MembershipStatus.ACTIVE,
        Kind.RESTORE: MembershipStatus.ACTIVE,
        Kind.RESERVE: MembershipStatus.RESERVED,
        Kind.TRANSFER_OUT: MembershipStatus.TRANSFERRED,
        Kind.QUIT: MembershipStatus.QUIT,
        Kind.DEATH: MembershipStatus.DECEASED,
    }
    WORK_EFFECT = {
        Kind.RETIRE: WorkStatus.RETIRED,
        Kind.EARLY_RETIRE: WorkStatus.EARLY_RETIRED,
    }
    IN_UNION_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.RESERVED)

    member = models.ForeignKey(Member, verbose_name="会员", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("变动类型", max_length=20, choices=Kind.choices)
    date = models.DateField("日期")
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "会籍变动"
        verbose_name_plural = "会籍变动"
        ordering = ["date", "id"]
        # with kind, it covers the as-of statistics (members/stats.py: last event per member)
        indexes = [models.Index(fields=["member", "date", "kind"], name="event_member_date_kind_idx")]

    def __str__(self):
        return f"{self.member.name} {self.get_kind_display()} {self.date}"
