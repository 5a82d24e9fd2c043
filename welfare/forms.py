import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from members.models import Member, MembershipEvent, MembershipStatus
from unionhub.uploads import validate_attachment
from welfare.models import (
    AidApplication,
    DonationCampaign,
    HardshipFile,
    HouseholdMember,
    LifeEvent,
    Occasion,
    Standard,
    Visit,
    VisitAttachment,
)
from welfare.services import EARLIEST, past_date_problem, year_ahead_problem


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MemberNoField(forms.CharField):
    """A member picked by 工号 (a select of 20,000 names would not do)."""

    def __init__(self, *args, queryset=None, **kwargs):
        kwargs.setdefault("label", "会员工号")
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("help_text", "输入会员的工号。")
        self.queryset = queryset
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        qs = self.queryset if self.queryset is not None else Member.objects.in_union()
        member = qs.select_related("department").filter(staff_no=value.strip()).first()
        if member is None:
            raise ValidationError(f"找不到工号为“{value}”的在会会员。")
        return member


def check_visit_date(form, field="visit_date"):
    """A visit took place: not in the future (the day after tomorrow or later) nor before 2000."""
    day = form.cleaned_data.get(field)
    if day and day > timezone.localdate() + datetime.timedelta(days=1):
        form.add_error(field, "慰问日期不能晚于今天；计划中的走访请用节日走访名单。")
    elif day and day < EARLIEST:
        form.add_error(field, f"慰问日期不能早于 {EARLIEST.year} 年，请检查年份。")


class VisitForm(forms.ModelForm):
    member = MemberNoField()

    class Meta:
        model = Visit
        fields = [
            "member",
            "occasion",
            "reason",
            "event_date",
            "visit_date",
            "visitors",
            "form",
            "amount",
            "signed",
            "notes",
            "exception_reason",
        ]
        widgets = {
            "event_date": DateInput(),
            "visit_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a 本人去世 visit is recorded after the roster marks the member 去世, and an old visit of
        # someone who has since left must stay correctable
        allowed = Q(membership_status__in=[*MembershipEvent.IN_UNION_STATUSES, MembershipStatus.DECEASED])
        if self.instance.pk:
            allowed |= Q(pk=self.instance.member_id)
        self.fields["member"].queryset = Member.objects.filter(allowed)
        self.fields["occasion"].queryset = Occasion.objects.filter(is_active=True)
        self.fields["visit_date"].required = True
        self.fields["visit_date"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        event, visit = data.get("event_date"), data.get("visit_date")
        check_visit_date(self)
        if event and visit and event > visit:
            self.add_error("event_date", "事件日期不能晚于慰问日期。")
        return data


class CompleteVisitForm(forms.Form):
    visit_date = forms.DateField(label="慰问日期", widget=DateInput(), initial=timezone.localdate)
    visitors = forms.CharField(label="慰问人", max_length=200, required=False)
    form = forms.ChoiceField(label="慰问形式", choices=Visit.Form.choices, initial=Visit.Form.GOODS)
    amount = forms.DecimalField(label="金额（元）", min_value=0, max_digits=12, decimal_places=2, initial=0)
    notes = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    exception_reason = forms.CharField(
        label="超标准例外说明", max_length=300, required=False, help_text="超出当年慰问标准时必须填写。"
    )

    def clean(self):
        data = super().clean()
        check_visit_date(self)
        return data


class LifeEventForm(forms.ModelForm):
    member = MemberNoField()

    class Meta:
        model = LifeEvent
        fields = ["member", "occasion", "date", "note"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occasion"].queryset = Occasion.objects.filter(is_active=True).exclude(code=Occasion.FESTIVAL)
        self.fields["date"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        problem = year_ahead_problem(data.get("date"), "发生日期")
        if problem:
            raise ValidationError(problem)  # shown as is, without the field label in front
        return data


class FestivalForm(forms.Form):
    festival = forms.ChoiceField(label="节日", choices=Visit.Festival.choices)
    event_date = forms.DateField(label="节日日期", widget=DateInput(), initial=timezone.localdate)


class StandardForm(forms.ModelForm):
    class Meta:
        model = Standard
        fields = ["year", "occasion", "max_amount", "payment", "max_times", "notes"]

    def clean_year(self):
        # the standards page shows 2000 … next year; a standard outside it could be neither seen nor edited
        year = self.cleaned_data.get("year")
        last = timezone.localdate().year + 1
        if year is not None and not EARLIEST.year <= year <= last:
            raise ValidationError(f"年度应在 {EARLIEST.year} 至 {last} 之间。")
        return year

    def clean_max_times(self):
        # 0 would refuse every visit while the page shows it as 不限
        times = self.cleaned_data.get("max_times")
        if times == 0:
            raise ValidationError("次数至少为 1；不限次数请留空。")
        return times


class OccasionForm(forms.ModelForm):
    class Meta:
        model = Occasion
        fields = ["name", "code", "sort_order", "is_active", "description"]
        error_messages = {
            "name": {"unique": "已有同名的慰问事项。"},
            "code": {"unique": "该代码已被其他慰问事项使用。"},
        }


class SignSheetForm(forms.Form):
    start = forms.DateField(label="开始日期", widget=DateInput())
    end = forms.DateField(label="结束日期", widget=DateInput())
    occasion = forms.ModelChoiceField(
        label="慰问事项", queryset=Occasion.objects.all(), required=False, empty_label="全部事项"
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end"):
            if data["end"] < data["start"]:
                raise ValidationError("结束日期不能早于开始日期。")
            if (data["end"] - data["start"]).days > 366:
                raise ValidationError("签领表的时间范围不能超过一年。")
        return data


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=VisitAttachment.Kind.choices)
    file = forms.FileField(label="文件")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_attachment(upload)
        return upload


class HardshipAttachmentForm(forms.Form):
    description = forms.CharField(label="材料说明", max_length=100)
    file = forms.FileField(label="文件")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_attachment(upload)
        return upload


class HardshipFileForm(forms.ModelForm):
    member = MemberNoField()
    secondary_reasons = forms.MultipleChoiceField(
        label="次要致困原因",
        choices=HardshipFile.Reason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="最多三项。",
    )

    class Meta:
        model = HardshipFile
        fields = [
            "member",
            "category",
            "main_reason",
            "secondary_reasons",
            "household_size",
            "household_income",
            "health",
            "housing",
            "bank_name",
            "bank_account",
            "situation",
            "opened_on",
        ]
        widgets = {"opened_on": DateInput(), "situation": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # the file's member never changes; shown, not edited
            del self.fields["member"]
        else:
            self.fields["opened_on"].initial = timezone.localdate()

    def clean_opened_on(self):
        day = self.cleaned_data.get("opened_on")
        problem = past_date_problem(day, "建档日期")
        if problem:
            raise ValidationError(problem)
        return day

    def clean_bank_account(self):
        value = "".join(self.cleaned_data.get("bank_account", "").split())
        if value and not (value.isdigit() and 12 <= len(value) <= 19):
            raise ValidationError("银行卡号应为 12 到 19 位数字。")
        return value

    def clean(self):
        data = super().clean()
        secondary = data.get("secondary_reasons") or []
        if len(secondary) > 3:
            self.add_error("secondary_reasons", "次要致困原因最多选择三项。")
        if data.get("main_reason") and data["main_reason"] in secondary:
            self.add_error("secondary_reasons", "次要致困原因不能与主要致困原因相同。")
        return data

    def save(self, commit=True):
        if "member" in self.cleaned_data:
            self.instance.member = self.cleaned_data["member"]
        return super().save(commit=commit)


HouseholdFormSet = forms.inlineformset_factory(
    HardshipFile,
    HouseholdMember,
    fields=["name", "relation", "monthly_income", "health", "occupation"],
    extra=2,
    can_delete=True,
)


class CloseFileForm(forms.Form):
    closed_on = forms.DateField(label="销档日期", widget=DateInput(), initial=timezone.localdate)
    reason = forms.ChoiceField(label="销档原因", choices=HardshipFile.CloseReason.choices)


class ReviewFileForm(forms.Form):
    reviewed_on = forms.DateField(label="复核日期", widget=DateInput(), initial=timezone.localdate)


class ApplicationForm(forms.Form):
    member = MemberNoField(label="申请人工号")
    kind = forms.ChoiceField(label="救助类型", choices=AidApplication.Kind.choices)
    reason = forms.CharField(label="申请理由", widget=forms.Textarea(attrs={"rows": 3}))
    requested_amount = forms.DecimalField(
        label="申请金额（元）", required=False, min_value=0, max_digits=12, decimal_places=2
    )
    school_level = forms.ChoiceField(
        label="子女就学阶段（助学）", choices=[("", "—")] + AidApplication.SchoolLevel.choices, required=False
    )
    applied_on = forms.DateField(label="申请日期", widget=DateInput(), initial=timezone.localdate)

    def clean_applied_on(self):
        # a future 申请日期 would hold the 公示 (which cannot start before it) until that day
        day = self.cleaned_data.get("applied_on")
        problem = past_date_problem(day, "申请日期")
        if problem:
            raise ValidationError(problem)
        return day


class AmountForm(forms.Form):
    amount = forms.DecimalField(label="拟救助金额（元）", min_value=0, max_digits=12, decimal_places=2)
    comment = forms.CharField(label="初审意见", max_length=300, required=False)


class PublicizeForm(forms.Form):
    start = forms.DateField(label="公示开始", widget=DateInput(), initial=timezone.localdate)
    end = forms.DateField(label="公示结束", widget=DateInput())


class ApproveForm(forms.Form):
    amount = forms.DecimalField(label="核定金额（元）", min_value=0, max_digits=12, decimal_places=2)
    source = forms.ChoiceField(label="资金来源", choices=AidApplication.Source.choices)
    comment = forms.CharField(label="审批意见", max_length=300, required=False)


class PayForm(forms.Form):
    paid_on = forms.DateField(label="发放日期", widget=DateInput(), initial=timezone.localdate)
    submitted_up_on = forms.DateField(
        label="上报上级工会日期", widget=DateInput(), required=False, help_text="资金来源为上级工会时必填。"
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(label="不予救助理由", max_length=300)


class CampaignForm(forms.ModelForm):
    class Meta:
        model = DonationCampaign
        fields = ["name", "kind", "date", "recipient", "anonymous_total", "anonymous_count", "notes"]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}

    def clean_date(self):
        day = self.cleaned_data.get("date")
        problem = year_ahead_problem(day, "日期")
        if problem:
            raise ValidationError(problem)
        return day


class DonationForm(forms.Form):
    member = MemberNoField(required=False, label="捐款会员工号", help_text="会员捐款填工号；否则填写捐款人。")
    donor_name = forms.CharField(label="捐款人", max_length=50, required=False)
    amount = forms.DecimalField(label="金额（元）", min_value=Decimal("0.01"), max_digits=12, decimal_places=2)

    def clean(self):
        data = super().clean()
        if not data.get("member") and not data.get("donor_name") and not self.errors:
            raise ValidationError("请填写捐款会员工号或捐款人。")
        return data
