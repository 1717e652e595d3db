from django.urls import path

from inspections.views import records as views

urlpatterns = [
    # The team and conflicts of interest.
    path("<int:pk>/team/", views.team, name="team"),
    path("<int:pk>/team/declare/", views.declare, name="declare"),
    path("<int:pk>/team/declarations/<int:declaration_pk>/override/", views.override,
         name="override"),
    path("<int:pk>/team/add/", views.team_add, name="team-add"),
    path("<int:pk>/team/<int:member_pk>/remove/", views.team_remove, name="team-remove"),
    # Notification and deferral.
    path("<int:pk>/notify/", views.notify, name="notify"),
    path("<int:pk>/deferrals/request/", views.deferral_request, name="deferral-request"),
    path("<int:pk>/deferrals/<int:request_pk>/decide/", views.deferral_decide,
         name="deferral-decide"),
    path("<int:pk>/reschedule/", views.reschedule, name="reschedule"),
    # Planning and on-site records.
    path("<int:pk>/enquiries/add/", views.enquiry_add, name="enquiry-add"),
    path("<int:pk>/meetings/", views.meetings, name="meetings"),
    path("<int:pk>/meetings/add/", views.meeting_add, name="meeting-add"),
    path("<int:pk>/concerns/add/", views.concern_add, name="concern-add"),
    path("<int:pk>/concerns/<int:concern_pk>/resolve/", views.concern_resolve,
         name="concern-resolve"),
    # Correcting and removing them.
    path("<int:pk>/enquiries/<int:enquiry_pk>/change/", views.enquiry_edit,
         name="enquiry-edit"),
    path("<int:pk>/enquiries/<int:enquiry_pk>/remove/", views.enquiry_remove,
         name="enquiry-remove"),
    path("<int:pk>/meetings/<int:meeting_pk>/change/", views.meeting_edit,
         name="meeting-edit"),
    path("<int:pk>/meetings/<int:meeting_pk>/remove/", views.meeting_remove,
         name="meeting-remove"),
    path("<int:pk>/concerns/<int:concern_pk>/change/", views.concern_edit,
         name="concern-edit"),
    path("<int:pk>/concerns/<int:concern_pk>/remove/", views.concern_remove,
         name="concern-remove"),
    path("<int:pk>/questionnaire/", views.questionnaire, name="questionnaire"),
    path("<int:pk>/outcome/", views.outcome, name="outcome"),
    # The 2023 framework's Annex A information, asked for at notification.
    path("<int:pk>/annex-a/<slug:code>/", views.annex_a, name="annex-a"),
    # 2023 annual engagement meetings, per local area.
    path("engagement/<int:area_pk>/", views.engagement, name="engagement"),
    path("engagement/<int:area_pk>/add/", views.engagement_add, name="engagement-add"),
]
