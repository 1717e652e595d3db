"""The re-visit's judgements of progress."""

from django.urls import path

from wsoa import revisit_views

urlpatterns = [
    path("revisits/<int:pk>/progress/", revisit_views.revisit_progress,
         name="revisit-progress"),
]
