from django.urls import path

from deadlines import views

app_name = "deadlines"
urlpatterns = [
    path("", views.deadline_list, name="list"),
    path("export.csv", views.deadline_export, name="export"),
    path("<int:pk>/", views.deadline_detail, name="detail"),
    path("<int:pk>/extend/", views.deadline_extend, name="extend"),
    path("<int:pk>/pause/", views.deadline_pause, name="pause"),
    path("<int:pk>/resume/", views.deadline_resume, name="resume"),
    path("case/inspection/<int:inspection_id>/", views.case_timeline, name="case"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/<slug:code>/change/", views.rule_edit, name="rule-edit"),
    path("non-working-days/", views.non_working_day_list, name="non-working-days"),
    path("non-working-days/add/", views.non_working_day_add, name="non-working-day-add"),
    path("non-working-days/<int:pk>/remove/", views.non_working_day_remove,
         name="non-working-day-remove"),
]
