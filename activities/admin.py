from django.contrib import admin

from activities.models import (
    Activity,
    ActivityType,
    Division,
    Entry,
    EntryMember,
    Event,
    Match,
    Meet,
    Participation,
    Result,
    Unit,
)


@admin.register(ActivityType)
class ActivityTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    raw_id_fields = ("member",)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("title", "type", "date", "place", "organiser", "mode", "capacity", "head_count")
    list_filter = ("type", "mode", "date")
    search_fields = ("title", "place", "organiser")
    date_hierarchy = "date"
    raw_id_fields = ("created_by",)
    inlines = [ParticipationInline]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ("activity", "member", "source", "created_at")
    list_filter = ("source", "activity__type")
    search_fields = ("activity__title", "member__name", "member__staff_no")
    raw_id_fields = ("activity", "member")


class DivisionInline(admin.TabularInline):
    model = Division
    extra = 0


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    raw_id_fields = ("leader",)


@admin.register(Meet)
class MeetAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "start_date",
        "entry_opens",
        "entry_closes",
        "max_events_per_person",
        "is_public",
        "is_locked",
    )
    list_filter = ("is_public", "is_locked")
    search_fields = ("name", "place")
    raw_id_fields = ("created_by",)
    inlines = [DivisionInline, UnitInline]


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ("name", "meet", "sex", "min_age", "max_age", "sort_order")
    list_filter = ("meet", "sex")
    search_fields = ("name",)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "meet", "department", "union_group", "leader", "sort_order")
    list_filter = ("meet",)
    search_fields = ("name",)
    raw_id_fields = ("leader",)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("name", "meet", "division", "kind", "measure", "better", "multiplier", "starts_at")
    list_filter = ("meet", "kind", "measure")
    search_fields = ("name",)


class EntryMemberInline(admin.TabularInline):
    model = EntryMember
    extra = 0
    raw_id_fields = ("member", "event")


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("__str__", "event", "unit", "bib", "seed", "created_at")
    list_filter = ("event__meet",)
    search_fields = ("team_name", "entry_members__member__name", "unit__name")
    raw_id_fields = ("event", "unit", "created_by")
    inlines = [EntryMemberInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event", "unit").prefetch_related("entry_members__member")


@admin.register(EntryMember)
class EntryMemberAdmin(admin.ModelAdmin):
    list_display = ("member", "event", "entry", "order")
    list_filter = ("event__meet",)
    search_fields = ("member__name", "member__staff_no")
    raw_id_fields = ("entry", "event", "member")


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ("entry", "mark", "status", "place", "points", "updated_at")
    list_filter = ("status", "entry__event__meet")
    search_fields = ("entry__team_name", "entry__entry_members__member__name")
    raw_id_fields = ("entry", "recorded_by")
    readonly_fields = ("place", "points")


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ("event", "number", "kind", "round_no", "entry_a", "entry_b", "score_a", "score_b", "winner_side")
    list_filter = ("kind", "event__meet")
    search_fields = ("event__name",)
    raw_id_fields = ("entry_a", "entry_b")
