from django.contrib import admin

from congress.models import (
    Answer,
    Attendance,
    Delegate,
    Notice,
    NoticeAttachment,
    NoticeCategory,
    Objection,
    ProgressUpdate,
    Proposal,
    ProposalAssignment,
    ProposalAttachment,
    ProposalCategory,
    ProposalTransition,
    Rating,
    Second,
    Session,
    SessionItem,
    Suggestion,
    Term,
)


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("name", "number", "start_date", "end_date", "is_current")
    list_filter = ("is_current",)
    search_fields = ("name",)


class SessionItemInline(admin.TabularInline):
    model = SessionItem
    extra = 1


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("name", "term", "meeting_date", "collection_start", "collection_end", "seconds_required")
    list_filter = ("term",)
    search_fields = ("name",)
    inlines = [SessionItemInline]


@admin.register(Delegate)
class DelegateAdmin(admin.ModelAdmin):
    list_display = ("member", "term", "delegation", "on_committee", "is_active")
    list_filter = ("term", "on_committee", "is_active")
    search_fields = ("member__name", "member__staff_no", "delegation")
    raw_id_fields = ("member",)
    list_select_related = ("member", "term")


@admin.register(SessionItem)
class SessionItemAdmin(admin.ModelAdmin):
    list_display = ("title", "session", "kind", "outcome", "votes_for", "votes_against", "votes_abstain")
    list_filter = ("session", "kind", "outcome")
    search_fields = ("title",)


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("delegate", "session", "status")
    list_filter = ("session", "status")
    search_fields = ("delegate__member__name",)
    raw_id_fields = ("delegate",)


@admin.register(ProposalCategory)
class ProposalCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class TransitionInline(ReadOnlyInline):
    model = ProposalTransition
    fields = ("at", "action_label", "from_state", "to_state", "by", "comment")
    readonly_fields = fields


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """States change only through the workflow (congress/workflow.py), so they are read-only here."""

    list_display = ("number", "title", "session", "proposer", "state", "lead_department", "due_date", "is_excellent")
    list_filter = ("session", "state", "category", "lead_department", "is_excellent")
    search_fields = ("title", "number", "proposer__name", "proposer__staff_no")
    raw_id_fields = ("proposer", "merged_into")
    readonly_fields = ("state", "number", "seq", "submitted_at", "filed_at", "lead_department", "due_date", "rehandled")
    list_select_related = ("session", "proposer", "lead_department")
    inlines = [TransitionInline]


@admin.register(ProposalAttachment)
class ProposalAttachmentAdmin(admin.ModelAdmin):
    list_display = ("name", "proposal", "uploaded_at")
    search_fields = ("name", "proposal__title")
    raw_id_fields = ("proposal",)


@admin.register(Second)
class SecondAdmin(admin.ModelAdmin):
    list_display = ("proposal", "member", "created_at")
    search_fields = ("proposal__title", "member__name")
    raw_id_fields = ("proposal", "member")


@admin.register(ProposalTransition)
class ProposalTransitionAdmin(admin.ModelAdmin):
    list_display = ("proposal", "action_label", "from_state", "to_state", "by", "at")
    list_filter = ("action", "to_state")
    search_fields = ("proposal__title", "proposal__number", "comment")
    raw_id_fields = ("proposal", "by")
    date_hierarchy = "at"


@admin.register(ProposalAssignment)
class ProposalAssignmentAdmin(admin.ModelAdmin):
    list_display = ("proposal", "department", "is_lead", "assigned_at")
    list_filter = ("department", "is_lead")
    search_fields = ("proposal__title", "proposal__number")
    raw_id_fields = ("proposal",)


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ("proposal", "round", "department", "answer_type", "answered_at")
    list_filter = ("answer_type", "department", "round")
    search_fields = ("proposal__title", "text")
    raw_id_fields = ("proposal", "answered_by")


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("proposal", "round", "result", "rated_at")
    list_filter = ("result", "round")
    search_fields = ("proposal__title", "comment")
    raw_id_fields = ("proposal", "rated_by")


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ("proposal", "at", "by")
    search_fields = ("proposal__title", "text")
    raw_id_fields = ("proposal", "by")


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ("proposal", "status", "department", "answered_at", "closed_at")
    list_filter = ("status", "department")
    search_fields = ("proposal__title", "answer")
    raw_id_fields = ("proposal", "answered_by")


@admin.register(NoticeCategory)
class NoticeCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)


class NoticeAttachmentInline(admin.TabularInline):
    model = NoticeAttachment
    extra = 0


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "department", "kind", "form", "state", "period_start", "period_end")
    list_filter = ("state", "category", "kind", "form", "department")
    search_fields = ("title", "content")
    raw_id_fields = ("published_by",)
    inlines = [NoticeAttachmentInline]


@admin.register(NoticeAttachment)
class NoticeAttachmentAdmin(admin.ModelAdmin):
    list_display = ("name", "notice", "uploaded_at")
    search_fields = ("name", "notice__title")
    raw_id_fields = ("notice",)


@admin.register(Objection)
class ObjectionAdmin(admin.ModelAdmin):
    list_display = ("notice", "member", "created_at", "answered_at")
    list_filter = ("notice__category",)
    search_fields = ("notice__title", "member__name", "text", "answer")
    raw_id_fields = ("notice", "member", "answered_by")
