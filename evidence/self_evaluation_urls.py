"""A local area's self-evaluations, under /local-areas/<pk>/self-evaluations/."""

from django.urls import path

from evidence.views import self_evaluations as views

app_name = "self_evaluations"
urlpatterns = [
    path("<int:area_pk>/self-evaluations/", views.self_evaluation_list, name="list"),
    path("<int:area_pk>/self-evaluations/share/", views.self_evaluation_upload, name="share"),
    path("<int:area_pk>/self-evaluations/<int:version_pk>/", views.self_evaluation_download,
         name="download"),
]
