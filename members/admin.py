from django.contrib import admin

from members import services
from members.models import Department, Member, MembershipEvent, UnionGroup


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "sort_order", "is_active")
    list_filter = ("is_active",)
    list_editable = ("sort_order",)
    search_fields = ("name", "code")


@admin.register(UnionGroup)
class UnionGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "department", "leader", "sort_order")
    list_filter = ("department",)
    search_fields = ("name", "department__name", "leader__name")
    list_select_related = ("department", "leader")
    raw_id_fields = ("leader",)


class EventInline(admin.TabularInline):
    model = MembershipEvent
    extra = 0
    raw_id_fields = ("recorded_by",)


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = (
        "staff_no",
        "name",
        "sex",
        "department",
        "union_group",
        "employment_type",
        "membership_status",
        "work_status",
    )
    list_filter = ("department", "union_group", "membership_status", "work_status", "employment_type", "sex")
    search_fields = ("staff_no", "name", "name_initials", "id_number", "phone")
    raw_id_fields = ("user",)
    list_select_related = ("department", "union_group")
    # the statuses are derived from the dated events below; edit those instead
    readonly_fields = ("membership_status", "work_status", "retired_on", "name_initials", "created_at", "updated_at")
    inlines = [EventInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.instance.events.exists():
            services.refresh_status(form.instance)


@admin.register(MembershipEvent)
class MembershipEventAdmin(admin.ModelAdmin):
    list_display = ("member", "kind", "date", "note", "recorded_by")
    list_filter = ("kind", "member__department")
    search_fields = ("member__name", "member__staff_no", "member__name_initials", "note")
    list_select_related = ("member", "recorded_by")
    raw_id_fields = ("member", "recorded_by")
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        if obj.recorded_by_id is None:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
        services.refresh_status(obj.member)

    def delete_model(self, request, obj):
        member = obj.member
        super().delete_model(request, obj)
        services.refresh_status(member)

    def delete_queryset(self, request, queryset):
        members = list({e.member for e in queryset.select_related("member")})
        super().delete_queryset(request, queryset)
        for member in members:
            services.refresh_status(member)
