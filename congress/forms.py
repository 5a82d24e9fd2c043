from django import forms
from django.core.exceptions import ValidationError

from congress.models import (
    AnswerType,
    Notice,
    NoticeCategory,
    Objection,
    Proposal,
    ProposalCategory,
    RatingResult,
    Session,
)
from members.models import Department
from unionhub.uploads import validate_attachment

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several attachments at once, each checked by unionhub.uploads.validate_attachment."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > 10:
            raise ValidationError("一次最多上传 10 个附件。")
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        for f in cleaned:
            validate_attachment(f)
        return cleaned


class ProposalForm(forms.ModelForm):
    attachments = MultipleFileField(label="附件", help_text="可选，PDF、Word、Excel、图片等，每个不超过 10 MB。")

    class Meta:
        model = Proposal
        fields = ["session", "category", "title", "reason", "suggestion"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 6}), "suggestion": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"title": "一事一案，如“建议为每位教师定期体检”。"}

    def __init__(self, *args, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ProposalCategory.objects.filter(is_active=True)
        if self.instance.pk:
            del self.fields["session"]
            current = self.instance.attachments.order_by("pk")
            if current:
                field = forms.ModelMultipleChoiceField(
                    label="删除已有附件",
                    queryset=current,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    help_text="勾选要删除的附件，保存后删除。",
                )
                field.label_from_instance = lambda a: a.name
                self.fields["remove_attachments"] = field
        else:
            self.fields["session"].queryset = sessions if sessions is not None else Session.objects.collecting()
            self.fields["session"].empty_label = None


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label="并入提案", queryset=Proposal.objects.none())
    comment = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, proposal=None, **kwargs):
        from congress.models import NUMBERED_STATES

        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Proposal.objects.filter(session=proposal.session, state__in=NUMBERED_STATES)
            .exclude(pk=proposal.pk)
            .order_by("seq")
        )
        self.fields["into"].label_from_instance = lambda p: f"{p.number} {p.title}"


class AssignForm(forms.Form):
    lead = forms.ModelChoiceField(label="主办部门", queryset=Department.objects.filter(is_active=True))
    co_departments = forms.ModelMultipleChoiceField(
        label="协办部门",
        queryset=Department.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    due_date = forms.DateField(label="答复期限", widget=DATE)

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)


class AnswerForm(forms.Form):
    answer_type = forms.ChoiceField(label="答复类型", choices=AnswerType.choices, widget=forms.RadioSelect)
    text = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)


class RateForm(forms.Form):
    result = forms.ChoiceField(label="评价", choices=RatingResult.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        if proposal is not None and not proposal.rehandled:
            self.fields["result"].help_text = "评价“不满意”时，提案将退回主办部门重新办理一次。"


class TextForm(forms.Form):
    text = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, proposal=None, label="内容", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label


class DepartmentForm(forms.Form):
    department = forms.ModelChoiceField(label="承办部门", queryset=Department.objects.filter(is_active=True))

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)


class ProposalFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False)
    state = forms.ChoiceField(label="状态", required=False)
    category = forms.ModelChoiceField(label="类别", queryset=ProposalCategory.objects.all(), required=False)
    department = forms.ModelChoiceField(label="主办部门", queryset=Department.objects.all(), required=False)

    def __init__(self, *args, **kwargs):
        from congress.models import ProposalState

        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "全部状态"), *ProposalState.choices]
        self.fields["category"].empty_label = "全部类别"
        self.fields["department"].empty_label = "全部部门"


class DelegateImportForm(forms.Form):
    file = forms.FileField(label="代表名单（Excel）", help_text="第一行为表头，须含“工号”“代表团”两列。")

    def clean_file(self):
        f = self.cleaned_data["file"]
        validate_attachment(f, allowed={".xlsx"})
        return f


class DelegateAddForm(forms.Form):
    staff_no = forms.CharField(label="工号", max_length=32)
    delegation = forms.CharField(label="代表团", max_length=50, required=False)
    on_committee = forms.BooleanField(label="提案工作委员会委员", required=False)


class NoticeForm(forms.ModelForm):
    attachments = MultipleFileField(label="附件")

    class Meta:
        model = Notice
        fields = ["title", "category", "department", "form", "kind", "period_start", "period_end", "content"]
        widgets = {"period_start": DATE, "period_end": DATE, "content": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = NoticeCategory.objects.filter(is_active=True)
        self.fields["department"].queryset = Department.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "公示结束日期不能早于开始日期。")
        return data


class ObjectionForm(forms.ModelForm):
    class Meta:
        model = Objection
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"text": "反馈/异议"}


class ObjectionAnswerForm(forms.Form):
    answer = forms.CharField(label="答复", widget=forms.Textarea(attrs={"rows": 3}))


class TermForm(forms.ModelForm):
    class Meta:
        from congress.models import Term

        model = Term
        fields = ["number", "name", "start_date", "end_date", "is_current"]
        widgets = {"start_date": DATE, "end_date": DATE}

    def _get_validation_exclusions(self):
        # the view makes this term the only current one, so the single-current constraint holds after saving
        exclude = super()._get_validation_exclusions()
        exclude.add("is_current")
        return exclude


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = [
            "term",
            "number",
            "name",
            "meeting_date",
            "collection_start",
            "collection_end",
            "seconds_required",
            "notes",
        ]
        widgets = {
            "meeting_date": DATE,
            "collection_start": DATE,
            "collection_end": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("collection_start"), data.get("collection_end")
        if start and end and end < start:
            self.add_error("collection_end", "征集截止日期不能早于开始日期。")
        term, needed = data.get("term"), data.get("seconds_required")
        if term and needed:
            delegates = term.delegates.filter(is_active=True).count()
            if delegates and needed > delegates:
                self.add_error(
                    "seconds_required",
                    f"{term}在任代表只有 {delegates} 人，所需附议人数不能超过代表人数，否则提案无法进入审查。",
                )
        return data


class SessionItemFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """Votes cast cannot exceed the term's active delegates (a typo like 赞成 400 for 40 would
        otherwise be kept); not checked while the roster is empty."""
        super().clean()
        delegates = self.instance.term.delegates.filter(is_active=True).count()
        if not delegates:
            return
        for form in self.forms:
            d = getattr(form, "cleaned_data", None)
            if not d or d.get("DELETE"):
                continue
            total = sum(d.get(k) or 0 for k in ("votes_for", "votes_against", "votes_abstain"))
            if total > delegates:
                form.add_error(
                    "votes_for",
                    f"赞成、反对、弃权合计 {total} 票，超过{self.instance.term}在任代表 {delegates} 人，请核对票数。",
                )


def session_item_formset():
    from django.forms import inlineformset_factory

    from congress.models import SessionItem

    return inlineformset_factory(
        Session,
        SessionItem,
        formset=SessionItemFormSet,
        fields=["kind", "title", "outcome", "votes_for", "votes_against", "votes_abstain", "sort_order"],
        extra=2,
        can_delete=True,
    )
