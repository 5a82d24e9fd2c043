"""Admin for every welfare model. Hardship data (files, household, attachments, applications,
access log) is open only to 帮扶专员 / 工会主席 (superusers count as chair), and opening a file
here is written to the access log like on the site."""

from django.contrib import admin

from unionhub.permissions import is_chair, is_welfare_officer
from welfare.models import (
    AccessLog,
    AidApplication,
    AidStep,
    Donation,
    DonationCampaign,
    HardshipAttachment,
    HardshipFile,
    HouseholdMember,
    LifeEvent,
    Occasion,
    Standard,
    Visit,
    VisitAttachment,
)


@admin.register(Occasion)
class OccasionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ("year", "occasion", "max_amount", "payment", "max_times")
    list_filter = ("year", "occasion", "payment")
    search_fields = ("occasion__name", "notes")


class VisitAttachmentInline(admin.TabularInline):
    model = VisitAttachment
    extra = 0
    raw_id_fields = ("uploaded_by",)


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ("member", "occasion", "visit_date", "form", "amount", "status", "exception_reason")
    list_filter = ("status", "occasion", "form", "festival")
    search_fields = ("member__name", "member__staff_no", "reason", "visitors")
    raw_id_fields = ("member", "created_by")
    list_select_related = ("member", "occasion")
    date_hierarchy = "visit_date"
    inlines = [VisitAttachmentInline]


@admin.register(VisitAttachment)
class VisitAttachmentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "visit", "kind", "uploaded_at")
    list_filter = ("kind",)
    search_fields = ("original_name", "visit__member__name")
    raw_id_fields = ("visit", "uploaded_by")


@admin.register(LifeEvent)
class LifeEventAdmin(admin.ModelAdmin):
    list_display = ("member", "occasion", "date", "dismissed", "recorded_by")
    list_filter = ("occasion", "dismissed")
    search_fields = ("member__name", "member__staff_no", "note")
    raw_id_fields = ("member", "recorded_by")


class WelfareOnlyAdmin(admin.ModelAdmin):
    """Visible only to 帮扶专员 and 工会主席, whatever Django permissions say."""

    def has_module_permission(self, request):
        return is_welfare_officer(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_welfare_officer(request.user) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return is_welfare_officer(request.user) and super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return is_welfare_officer(request.user) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return is_welfare_officer(request.user) and super().has_delete_permission(request, obj)


class HouseholdInline(admin.TabularInline):
    model = HouseholdMember
    extra = 0


@admin.register(HardshipFile)
class HardshipFileAdmin(WelfareOnlyAdmin):
    list_display = ("member", "category", "main_reason", "household_size", "opened_on", "reviewed_on", "closed_on")
    list_filter = ("category", "main_reason", "close_reason")
    search_fields = ("member__name", "member__staff_no")
    raw_id_fields = ("member", "created_by")
    list_select_related = ("member",)
    inlines = [HouseholdInline]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        from welfare.services import log_access

        obj = self.get_object(request, object_id)
        if obj is not None and self.has_view_permission(request, obj):
            log_access(request, AccessLog.Action.VIEW, hardship_file=obj, detail="在管理后台查看档案")
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(HouseholdMember)
class HouseholdMemberAdmin(WelfareOnlyAdmin):
    list_display = ("name", "relation", "hardship_file", "monthly_income")
    search_fields = ("name", "hardship_file__member__name")
    raw_id_fields = ("hardship_file",)


@admin.register(HardshipAttachment)
class HardshipAttachmentAdmin(WelfareOnlyAdmin):
    list_display = ("original_name", "hardship_file", "description", "uploaded_at")
    search_fields = ("original_name", "hardship_file__member__name")
    list_filter = ("uploaded_at",)
    raw_id_fields = ("hardship_file", "uploaded_by")


class AidStepInline(admin.TabularInline):
    model = AidStep
    extra = 0
    readonly_fields = ("from_status", "to_status", "comment", "by", "at")
    can_delete = False


@admin.register(AidApplication)
class AidApplicationAdmin(WelfareOnlyAdmin):
    list_display = ("member", "kind", "status", "amount", "source", "applied_on", "paid_on")
    list_filter = ("status", "kind", "source")
    search_fields = ("member__name", "member__staff_no", "reason")
    raw_id_fields = ("member", "hardship_file", "created_by")
    list_select_related = ("member",)
    date_hierarchy = "applied_on"
    inlines = [AidStepInline]


@admin.register(AidStep)
class AidStepAdmin(WelfareOnlyAdmin):
    list_display = ("application", "from_status", "to_status", "by", "at")
    list_filter = ("to_status",)
    search_fields = ("application__member__name", "comment")
    raw_id_fields = ("application", "by")


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only, chair only: the log must not be edited by the people it records."""

    list_display = ("at", "user", "action", "hardship_file", "application", "detail", "ip")
    list_filter = ("action",)
    search_fields = ("user__username", "user__name", "detail")
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return is_chair(request.user)

    def has_view_permission(self, request, obj=None):
        return is_chair(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DonationInline(admin.TabularInline):
    model = Donation
    extra = 0
    raw_id_fields = ("member",)


@admin.register(DonationCampaign)
class DonationCampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "date", "recipient", "anonymous_total")
    list_filter = ("kind",)
    search_fields = ("name", "recipient")
    date_hierarchy = "date"
    inlines = [DonationInline]


@admin.register(Donation)
class DonationAdmin(admin.ModelAdmin):
    list_display = ("campaign", "member", "donor_name", "amount")
    list_filter = ("campaign",)
    search_fields = ("member__name", "donor_name", "campaign__name")
    raw_id_fields = ("campaign", "member")
