from django.contrib import admin

from members.models import Department, Member, MembershipEvent, UnionGroup


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")


@admin.register(UnionGroup)
class UnionGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "department", "leader", "sort_order")
    list_filter = ("department",)
    search_fields = ("name",)
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
    list_filter = ("department", "membership_status", "work_status", "employment_type", "sex")
    search_fields = ("staff_no", "name", "name_initials", "id_number", "phone")
    raw_id_fields = ("user",)
    list_select_related = ("department", "union_group")
    inlines = [EventInline]


@admin.register(MembershipEvent)
class MembershipEventAdmin(admin.ModelAdmin):
    list_display = ("member", "kind", "date", "note", "recorded_by")
    list_filter = ("kind",)
    search_fields = ("member__name", "member__staff_no")
    raw_id_fields = ("member", "recorded_by")
    date_hierarchy = "date"
