from django.urls import path

from activities import views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("new/", views.activity_create, name="activity_create"),
    path("<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("<int:pk>/register/", views.activity_register, name="activity_register"),
    path("<int:pk>/cancel/", views.activity_cancel, name="activity_cancel"),
    path("<int:pk>/participants/", views.activity_add_participants, name="activity_add_participants"),
    path("participations/<int:pk>/remove/", views.participation_remove, name="participation_remove"),
    path("meets/", views.meet_list, name="meet_list"),
    path("meets/new/", views.meet_create, name="meet_create"),
    path("meets/<int:pk>/", views.meet_detail, name="meet_detail"),
    path("meets/<int:pk>/edit/", views.meet_edit, name="meet_edit"),
    path("meets/<int:pk>/lock/", views.meet_lock, name="meet_lock"),
    path("meets/<int:pk>/divisions/new/", views.division_create, name="division_create"),
    path("meets/<int:pk>/units/new/", views.unit_create, name="unit_create"),
    path("meets/<int:pk>/units/from-departments/", views.units_from_departments, name="units_from_departments"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("divisions/<int:pk>/edit/", views.division_edit, name="division_edit"),
    path("parts/<str:kind>/<int:pk>/delete/", views.meet_part_delete, name="meet_part_delete"),
    path("meets/<int:pk>/events/new/", views.event_create, name="event_create"),
    path("meets/<int:pk>/standings/", views.meet_standings, name="meet_standings"),
    path("meets/<int:pk>/export/", views.meet_export, name="meet_export"),
    path("meets/<int:pk>/print/programme/", views.print_programme, name="print_programme"),
    path("meets/<int:pk>/print/results/", views.print_results, name="print_results"),
    path("meets/<int:pk>/print/standings/", views.print_standings, name="print_standings"),
    path("meets/<int:pk>/print/certificates/", views.print_certificates, name="print_certificates"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/enter/", views.event_enter, name="event_enter"),
    path("events/<int:pk>/results/", views.event_results, name="event_results"),
    path("events/<int:pk>/matches/", views.event_matches, name="event_matches"),
    path("events/<int:pk>/matches/generate/", views.event_generate_matches, name="event_generate_matches"),
    path("events/<int:pk>/print/checkin/", views.print_checkin, name="print_checkin"),
    path("entries/<int:pk>/withdraw/", views.entry_withdraw, name="entry_withdraw"),
    path("matches/<int:pk>/score/", views.match_score, name="match_score"),
    path("live/<int:pk>/", views.live, name="live"),
]
