"""The written statement of action's tracker routes: the national list, its pipeline chart
and its export."""

from django.urls import path

from wsoa import tracker_views

urlpatterns = [
    path("", tracker_views.wsoa_tracker, name="tracker"),
    path("pipeline.svg", tracker_views.wsoa_tracker_chart, name="tracker-chart"),
    path("export.csv", tracker_views.wsoa_tracker_export, name="tracker-export"),
]
