from django import forms
from django.utils import timezone

from activities import ranking
from activities.models import Activity, ActivityType, Division, Event, Meet, Unit
from members.models import Member

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "type",
            "title",
            "date",
            "end_date",
            "place",
            "organiser",
            "mode",
            "registration_deadline",
            "capacity",
            "head_count",
            "description",
        ]
        widgets = {
            "date": DATE,
            "end_date": DATE,
            "registration_deadline": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = ActivityType.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        date, end = data.get("date"), data.get("end_date")
        if date and end and end < date:
            self.add_error("end_date", "结束日期不能早于活动日期。")
        deadline = data.get("registration_deadline")
        if date and deadline and deadline > (end or date):
            self.add_error("registration_deadline", "报名截止日期不能晚于活动日期。")
        if data.get("mode") == Activity.Mode.HEADCOUNT and data.get("head_count") is None:
            self.add_error("head_count", "“只记人数”的活动请填写参加人数。")
        capacity = data.get("capacity")
        if capacity == 0:
            self.add_error("capacity", "名额上限至少为1人；不限名额请留空。")
        elif capacity is not None and self.instance.pk and data.get("mode") == Activity.Mode.REGISTRATION:
            taken = self.instance.participations.count()
            if capacity < taken:
                self.add_error("capacity", f"已有{taken}人报名，名额上限不能少于{taken}人。")
        return data


class ParticipantsForm(forms.Form):
    staff_nos = forms.CharField(
        label="添加参加人员",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="填写工号，多人用空格、逗号或换行分隔。",
    )

    def clean_staff_nos(self):
        import re

        numbers = [n for n in re.split(r"[\s,，、]+", self.cleaned_data["staff_nos"]) if n]
        found = {m.staff_no: m for m in Member.objects.in_union().filter(staff_no__in=numbers)}
        missing = [n for n in numbers if n not in found]
        if missing:
            raise forms.ValidationError(f"找不到这些工号的在会会员：{'、'.join(missing)}")
        return [found[n] for n in dict.fromkeys(numbers)]


LOCKED_SCORING = "运动会成绩已锁定，不能修改影响名次和得分的设置；如需修改请先解锁。"
SCORING_EVENT_FIELDS = (
    "kind",
    "measure",
    "better",
    "decimals",
    "attempts",
    "aggregate",
    "multiplier",
    "match_format",
    "groups",
)


class MeetForm(forms.ModelForm):
    class Meta:
        model = Meet
        fields = [
            "name",
            "start_date",
            "end_date",
            "place",
            "age_reference_date",
            "entry_opens",
            "entry_closes",
            "max_events_per_person",
            "points_table",
            "tie_rule",
            "is_public",
            "notes",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "age_reference_date": DATE,
            "entry_opens": DATE,
            "entry_closes": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_points_table(self):
        try:
            table = ranking.parse_points_table(self.cleaned_data["points_table"])
        except ValueError as e:
            raise forms.ValidationError(str(e))
        return "-".join(str(p) for p in table)

    def clean(self):
        data = super().clean()
        opens, closes, start = data.get("entry_opens"), data.get("entry_closes"), data.get("start_date")
        if opens and closes and closes < opens:
            self.add_error("entry_closes", "报名截止日期不能早于报名开始日期。")
        end = data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "结束日期不能早于开始日期。")
        if start and closes and closes > (end if end and end >= start else start):
            self.add_error("entry_closes", "报名截止日期不能晚于运动会日期。")
        if data.get("max_events_per_person") == 0:
            # 0 was not enforced for a person's first event, only from the second on
            self.add_error("max_events_per_person", "每人限报个人项目数至少为1。")
        day = data.get("age_reference_date")
        if self.instance.pk and day and day != self.instance.age_reference_date:
            self._check_ages(day)
        if self.instance.pk and self.instance.is_locked:
            # saving recomputes every event: a locked meet's places and points must not move
            if "points_table" in data and ranking.parse_points_table(data["points_table"]) != self.instance.points:
                self.add_error("points_table", LOCKED_SCORING)
            if "tie_rule" in data and data["tie_rule"] != self.instance.tie_rule:
                self.add_error("tie_rule", LOCKED_SCORING)
        return data

    def _check_ages(self, day):
        """Entrants of age-bounded divisions must still fit them on the new reference date."""
        from activities.models import EntryMember

        entered = (
            EntryMember.objects.filter(event__meet=self.instance, event__division__isnull=False)
            .exclude(event__division__min_age=None, event__division__max_age=None)
            .select_related("member", "event__division")
        )
        by_division = {}
        for em in entered:
            by_division.setdefault(em.event.division, []).append(em)
        for division, ems in by_division.items():
            names = _misfits(ems, "", division.min_age, division.max_age, day)
            if names:
                self.add_error(
                    "age_reference_date",
                    f"按新的年龄计算日期，{division.name}（{division.age_text}）的已报名运动员不再符合：{names}。",
                )


class DivisionForm(forms.ModelForm):
    class Meta:
        model = Division
        fields = ["name", "sex", "min_age", "max_age", "sort_order"]

    def __init__(self, *args, meet, **kwargs):
        super().__init__(*args, **kwargs)
        self.meet = meet

    def clean(self):
        data = super().clean()
        lo, hi = data.get("min_age"), data.get("max_age")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("max_age", "最大年龄不能小于最小年龄。")
        name = data.get("name")
        if name and Division.objects.filter(meet=self.meet, name=name).exclude(pk=self.instance.pk).exists():
            self.add_error("name", "该组别名称已存在。")
        if self.instance.pk and not self.errors and {"sex", "min_age", "max_age"} & set(self.changed_data):
            self._check_entrants(data)
        return data

    def _check_entrants(self, data):
        """The people already entered in this division's events must still fit it."""
        from activities.models import EntryMember

        sex, lo, hi = data.get("sex") or "", data.get("min_age"), data.get("max_age")
        entered = EntryMember.objects.filter(event__division=self.instance).select_related("member")
        names = _misfits(entered, sex, lo, hi, self.meet.age_reference_date)
        if names:
            self.add_error(None, f"以下已报名的运动员不符合修改后的组别：{names}。请先撤销其报名或调整组别条件。")


def _misfits(entry_members, sex, lo, hi, day):
    """'甲（女）、乙（45岁）' for the entrants who do not fit sex / lo-hi years old on `day` ("" if all do)."""
    misfits = []
    for em in entry_members:
        m = em.member
        age = m.age_on(day)
        if sex and m.sex != sex:
            misfits.append(f"{m.name}（{m.get_sex_display()}）")
        elif (lo is not None or hi is not None) and (
            age is None or (lo is not None and age < lo) or (hi is not None and age > hi)
        ):
            misfits.append(f"{m.name}（{'无出生日期' if age is None else f'{age}岁'}）")
    misfits = list(dict.fromkeys(misfits))
    return "、".join(misfits[:10]) + (f"等{len(misfits)}人" if len(misfits) > 10 else "")


class UnitForm(forms.ModelForm):
    leader_staff_no = forms.CharField(label="领队工号", required=False, help_text="领队可以为本队报名。")

    class Meta:
        model = Unit
        fields = ["name", "department", "union_group", "sort_order"]

    def __init__(self, *args, meet, **kwargs):
        super().__init__(*args, **kwargs)
        self.meet = meet
        if self.instance.leader_id:
            self.fields["leader_staff_no"].initial = self.instance.leader.staff_no

    def clean_leader_staff_no(self):
        no = self.cleaned_data["leader_staff_no"].strip()
        if not no:
            return None
        leader = Member.objects.filter(staff_no=no).first()
        if leader is None:
            raise forms.ValidationError("找不到该工号的会员。")
        return leader

    def clean(self):
        data = super().clean()
        name = data.get("name")
        if name and Unit.objects.filter(meet=self.meet, name=name).exclude(pk=self.instance.pk).exists():
            self.add_error("name", "该代表队名称已存在。")
        if self.instance.pk and not self.errors and {"department", "union_group"} & set(self.changed_data):
            self._check_entrants(data)
        return data

    def _check_entrants(self, data):
        """The people already entered for this unit must still belong to it."""
        from activities.models import EntryMember

        changed = Unit(department=data.get("department"), union_group=data.get("union_group"))
        entered = EntryMember.objects.filter(entry__unit=self.instance).select_related("member")
        misfits = list(dict.fromkeys(em.member.name for em in entered if not changed.includes(em.member)))
        if misfits:
            names = "、".join(misfits[:10]) + (f"等{len(misfits)}人" if len(misfits) > 10 else "")
            self.add_error(None, f"以下已报名的队员不属于修改后的部门/工会小组：{names}。请先撤销其报名。")

    def save(self, commit=True):
        self.instance.meet = self.meet
        self.instance.leader = self.cleaned_data.get("leader_staff_no")
        return super().save(commit)


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "name",
            "division",
            "kind",
            "measure",
            "better",
            "unit_label",
            "decimals",
            "attempts",
            "aggregate",
            "team_min",
            "team_max",
            "entries_per_unit",
            "counts_toward_limit",
            "multiplier",
            "match_format",
            "groups",
            "starts_at",
            "duration_minutes",
            "venue",
            "sort_order",
        ]
        widgets = {"starts_at": DATETIME}

    def __init__(self, *args, meet, **kwargs):
        super().__init__(*args, **kwargs)
        self.meet = meet
        self.fields["division"].queryset = meet.divisions.all()
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean(self):
        data = super().clean()
        lo, hi = data.get("team_min"), data.get("team_max")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("team_max", "每队最多人数不能小于最少人数。")
        if data.get("kind") == Event.Kind.INDIVIDUAL and (lo, hi) != (1, 1):
            data["team_min"] = data["team_max"] = 1
        if data.get("decimals") is not None and data["decimals"] > 3:
            self.add_error("decimals", "小数位数最多3位。")
        if data.get("groups") is not None and not 1 <= data["groups"] <= 8:
            self.add_error("groups", "分组数应为1-8。")
        if data.get("attempts") is not None and not 1 <= data["attempts"] <= 6:
            self.add_error("attempts", "试跳/试投次数应为1-6次。")
        if data.get("measure") == Event.Measure.TIME and data.get("better") == Event.Better.HIGHER:
            self.add_error("better", "计时项目应为数值小者优。")
        starts = data.get("starts_at")
        if starts:
            day, first, last = timezone.localtime(starts).date(), self.meet.start_date, self.meet.end_date
            if day < first or day > (last or first):
                span = f"{first:%Y-%m-%d}" + (f" 至 {last:%Y-%m-%d}" if last and last != first else "")
                self.add_error("starts_at", f"比赛时间应在运动会举办期间（{span}）。")
        if self.instance.pk and self.meet.is_locked:
            # saving recomputes the event: a locked meet's places and points must not move
            for name in SCORING_EVENT_FIELDS:
                if name in self.changed_data:
                    self.add_error(name, LOCKED_SCORING)
        if self.instance.pk and {"kind", "division"} & set(self.changed_data) and self.instance.entries.exists():
            # the entries were checked against the old kind and division (team size, sex, age)
            for name in ("kind", "division"):
                if name in self.changed_data:
                    self.add_error(name, "本项目已有报名，不能修改项目类型或组别；如需修改请先撤销报名。")
        if self.instance.pk and self.instance.entries.filter(result__isnull=False).exists():
            for name in ("measure", "decimals", "attempts"):
                if name in self.changed_data:
                    self.add_error(name, "本项目已有成绩，不能修改计量方式、小数位数或试跳次数。")
        return data

    def save(self, commit=True):
        self.instance.meet = self.meet
        return super().save(commit)


class EntryForm(forms.Form):
    unit = forms.ModelChoiceField(label="代表队", queryset=Unit.objects.none())
    staff_nos = forms.CharField(
        label="运动员工号", help_text="个人项目填一个工号；集体/接力项目按棒次填写多个工号，用空格分隔。"
    )
    team_name = forms.CharField(label="队名", required=False, help_text="可不填，默认为代表队名称。")

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean_staff_nos(self):
        import re

        numbers = [n for n in re.split(r"[\s,，、]+", self.cleaned_data["staff_nos"]) if n]
        found = {m.staff_no: m for m in Member.objects.filter(staff_no__in=numbers)}
        missing = [n for n in numbers if n not in found]
        if missing:
            raise forms.ValidationError(f"找不到这些工号的会员：{'、'.join(missing)}")
        return [found[n] for n in numbers]


class MatchScoreForm(forms.Form):
    score_a = forms.IntegerField(label="甲方", min_value=0, max_value=999, required=False)
    score_b = forms.IntegerField(label="乙方", min_value=0, max_value=999, required=False)
    forfeit = forms.ChoiceField(
        label="弃权", choices=[("", "无"), ("a", "甲方弃权"), ("b", "乙方弃权")], required=False
    )
