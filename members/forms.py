import datetime
import unicodedata

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils import timezone

from members import idcard
from members.models import (
    Department,
    EmploymentType,
    IdType,
    Member,
    MembershipEvent,
    MembershipStatus,
    Sex,
    UnionGroup,
    WorkStatus,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberForm(forms.ModelForm):
    """Create/edit a roster row. 证件号码 is normalised and cross-checked with 性别 and 出生日期."""

    LAYOUT_ROWS = [
        ("staff_no", "name", "sex"),
        ("id_type", "id_number", "birth_date"),
        ("ethnicity", "phone", "email"),
        ("department", "union_group", "employment_type"),
        ("position", "title", "education"),
        ("political_status", "joined_on"),
    ]

    class Meta:
        model = Member
        fields = [
            "staff_no",
            "name",
            "sex",
            "birth_date",
            "ethnicity",
            "id_type",
            "id_number",
            "phone",
            "email",
            "department",
            "union_group",
            "position",
            "title",
            "education",
            "political_status",
            "employment_type",
            "joined_on",
            "notes",
        ]
        widgets = {
            "birth_date": DATE_INPUT,
            "joined_on": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "id_number": "居民身份证18位，末位可为X；出生日期留空时按证件号码填写。",
            "joined_on": "新建时据此生成“入会”记录；以后的会籍变动请用“记录变动”。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(is_active=True)
        if self.instance.pk and not self.instance.department.is_active:
            self.fields["department"].queryset = Department.objects.all()
        self.fields["union_group"].queryset = UnionGroup.objects.select_related("department")
        self.fields["id_number"].required = True
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *(Row(*(Column(name, css_class="col-md-4") for name in names)) for names in self.LAYOUT_ROWS),
            "notes",
        )
        if self.instance.pk and self.instance.user_id:
            self.fields["staff_no"].disabled = True
            self.fields["staff_no"].help_text = "已开通登录账号，工号即登录用户名，不能在此修改。"
        if self.instance.pk:
            # the 入会 event exists; later changes are dated events
            self.fields["joined_on"].disabled = True
            self.fields["joined_on"].help_text = "入会日期由会籍变动记录确定，请用“记录变动”修改。"

    def clean_staff_no(self):
        # full-width digits (Chinese input method) as ASCII, as the import does: "１００９" is 1009
        return unicodedata.normalize("NFKC", self.cleaned_data.get("staff_no") or "").strip()

    def clean_phone(self):
        # full-width digits typed with a Chinese input method become ASCII (as in the import)
        phone = "".join(unicodedata.normalize("NFKC", self.cleaned_data.get("phone") or "").split())
        if phone and not all(c.isdigit() or c in "-+" for c in phone):
            raise forms.ValidationError("手机号码只能包含数字。")
        return phone

    def clean(self):
        data = super().clean()
        id_type = data.get("id_type")
        raw = data.get("id_number")
        if raw is None:
            return data
        if id_type == IdType.RESIDENT:
            try:
                info = idcard.parse(raw)
            except idcard.IdCardError as exc:
                self.add_error("id_number", str(exc))
                return data
            data["id_number"] = info.number
            self.instance.id_number = info.number  # so the uniqueness constraint checks the normalised form
            sex = data.get("sex")
            if sex and sex != info.sex:
                self.add_error("sex", f"性别与证件号码不符（证件号码显示为{Sex(info.sex).label}）。")
            birth = data.get("birth_date")
            if birth is None:
                data["birth_date"] = info.birth_date
            elif birth != info.birth_date:
                self.add_error("birth_date", f"出生日期与证件号码不符（证件号码显示为{info.birth_date:%Y-%m-%d}）。")
        else:
            data["id_number"] = raw.strip()
        today = timezone.localdate()
        birth = data.get("birth_date")
        if birth and "birth_date" not in self.errors and not (datetime.date(1900, 1, 1) <= birth <= today):
            self.add_error("birth_date", f"出生日期 {birth:%Y-%m-%d} 不合理，请核对。")
            birth = None
        joined = data.get("joined_on")
        if joined and joined > today:
            self.add_error("joined_on", "入会日期不能晚于今天。")
        elif joined and birth and joined < birth and "joined_on" in self.changed_data:
            self.add_error("joined_on", "入会日期不能早于出生日期。")
        return data


class StatusChangeForm(forms.Form):
    kind = forms.ChoiceField(label="变动类型", choices=MembershipEvent.Kind.choices)
    date = forms.DateField(label="日期", widget=DATE_INPUT, initial=timezone.localdate)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError("变动日期不能晚于今天。")
        return day


class MemberFilterForm(forms.Form):
    """The list's search box and filters (all optional; bad values are ignored)."""

    WORK_CHOICES = [("", "全部在职状态"), ("in_service", "在职（含内退）"), *WorkStatus.choices]

    q = forms.CharField(label="搜索", required=False)
    department = forms.ModelChoiceField(
        label="部门", queryset=Department.objects.all(), required=False, empty_label="全部部门"
    )
    group = forms.ModelChoiceField(
        label="工会小组", queryset=UnionGroup.objects.all(), required=False, empty_label="全部小组"
    )
    status = forms.ChoiceField(
        label="会籍状态",
        required=False,
        choices=[("", "全部会籍"), ("in_union", "在会（含保留会籍）"), *MembershipStatus.choices],
    )
    employment = forms.ChoiceField(
        label="用工形式", required=False, choices=[("", "全部用工形式"), *EmploymentType.choices]
    )
    work = forms.ChoiceField(label="在职状态", required=False, choices=WORK_CHOICES)
    sex = forms.ChoiceField(label="性别", required=False, choices=[("", "全部性别"), *Sex.choices])
    account = forms.ChoiceField(
        label="登录账号", required=False, choices=[("", "全部"), ("yes", "已开通"), ("no", "未开通")]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # one query each for the dropdowns (the template's loop would otherwise COUNT first)
        for name in ("department", "group"):
            self.fields[name].choices = [choice for choice in self.fields[name].choices]  # list() would COUNT first

    def filter(self, qs):
        """Apply every filter that is valid: a stale value (a department since deleted, say)
        drops that one filter, not all of them."""
        if not self.is_bound:
            return qs
        self.is_valid()
        d = self.cleaned_data  # only the fields that validated
        qs = qs.search(d.get("q"))
        if d.get("department"):
            qs = qs.filter(department=d["department"])
        if d.get("group"):
            qs = qs.filter(union_group=d["group"])
        status = d.get("status")
        if status == "in_union":
            qs = qs.in_union()
        elif status:
            qs = qs.filter(membership_status=status)
        if d.get("employment"):
            qs = qs.filter(employment_type=d["employment"])
        work = d.get("work")
        if work == "in_service":
            qs = qs.exclude(work_status=WorkStatus.RETIRED)
        elif work:
            qs = qs.filter(work_status=work)
        if d.get("sex"):
            qs = qs.filter(sex=d["sex"])
        if d.get("account") == "yes":
            qs = qs.filter(user__isnull=False)
        elif d.get("account") == "no":
            qs = qs.filter(user__isnull=True)
        return qs


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "code", "sort_order", "is_active"]
        error_messages = {"name": {"unique": "已存在同名部门，请换一个名称。"}}


class UnionGroupForm(forms.ModelForm):
    class Meta:
        model = UnionGroup
        fields = ["name", "department", "leader", "sort_order"]
        error_messages = {"name": {"unique": "已存在同名工会小组，请换一个名称。"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the leader is one of the group's own members (a short list, even for a big branch)
        if self.instance.pk:
            self.fields["leader"].queryset = Member.objects.in_union().filter(union_group=self.instance)
            self.fields["leader"].help_text = "可选，从本组在会会员中选择。"
        else:
            self.fields["leader"].queryset = Member.objects.none()
            self.fields["leader"].disabled = True
            self.fields["leader"].help_text = "小组建立并分配会员后，可在编辑页指定组长。"


class ImportUploadForm(forms.Form):
    file = forms.FileField(label="花名册文件（.xlsx）")
    allow_new = forms.BooleanField(
        label="允许新建部门和工会小组",
        required=False,
        initial=True,
        help_text="不勾选时，文件中出现系统里没有的部门或小组将作为错误报告。",
    )
