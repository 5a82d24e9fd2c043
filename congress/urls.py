from django.urls import path

from congress import views

app_name = "congress"

urlpatterns = [
    path("", views.index, name="index"),
    path("proposals/mine/", views.my_proposals, name="my_proposals"),
    path("proposals/seconding/", views.seconding, name="seconding"),
    path("proposals/review/", views.review_queue, name="review_queue"),
    path("proposals/department/", views.department_inbox, name="department_inbox"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/print/", views.proposal_print, name="proposal_print"),
    path("proposals/<int:pk>/do/<slug:action>/", views.proposal_action, name="proposal_action"),
    path("proposals/<int:pk>/attachments/<int:attachment_pk>/", views.proposal_attachment, name="proposal_attachment"),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/new/", views.session_form, name="session_create"),
    path("sessions/<int:pk>/edit/", views.session_form, name="session_edit"),
    path("sessions/<int:pk>/items/", views.session_items, name="session_items"),
    path("sessions/<int:pk>/attendance/", views.session_attendance, name="session_attendance"),
    path("terms/new/", views.term_create, name="term_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/proposals/", views.session_proposals, name="session_proposals"),
    path("sessions/<int:pk>/compilation/", views.session_compilation, name="session_compilation"),
    path("sessions/<int:pk>/report/", views.session_report, name="session_report"),
    path("sessions/<int:pk>/export/", views.session_export, name="session_export"),
    path("terms/<int:term_pk>/delegates/", views.delegate_list, name="delegate_list"),
    path("terms/<int:term_pk>/delegates/import/", views.delegate_import, name="delegate_import"),
    path("terms/<int:term_pk>/delegates/add/", views.delegate_add, name="delegate_add"),
    path("terms/<int:term_pk>/delegates/template/", views.delegate_template, name="delegate_template"),
    path("terms/<int:term_pk>/delegates/<int:pk>/toggle/", views.delegate_toggle, name="delegate_toggle"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/new/", views.notice_create, name="notice_create"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/edit/", views.notice_edit, name="notice_edit"),
    path("notices/<int:pk>/<slug:action>/", views.notice_state, name="notice_state"),
    path("notices/<int:pk>/objections/<int:objection_pk>/answer/", views.objection_answer, name="objection_answer"),
    path("notices/<int:pk>/attachments/<int:attachment_pk>/", views.notice_attachment, name="notice_attachment"),
]
