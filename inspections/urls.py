from django.urls import include, path

from inspections.views import lifecycle, pages

app_name = "inspections"
urlpatterns = [
    path("", pages.inspection_list, name="list"),
    path("mine/", pages.my_inspections, name="mine"),
    path("our-area/", pages.our_inspections, name="ours"),
    path("schedule/", pages.schedule, name="schedule"),
    path("add/", pages.inspection_add, name="create"),
    path("<int:pk>/", pages.overview, name="overview"),
    path("<int:pk>/change/", pages.inspection_edit, name="edit"),
    # One confirmation page per step along the main line: start-onsite, give-feedback, …
    *(path(f"<int:pk>/{transition.name}/", lifecycle.confirm, {"name": transition.name},
           name=transition.name) for transition in lifecycle.TRANSITIONS),
    # Planning and on-site records: team, conflicts, notification, deferral, enquiries,
    # meetings, concerns, questionnaire, outcome, engagement meetings.
    path("", include("inspections.records_urls")),
]
