"""The re-visit's judgements of progress, on the statement's address."""

from django.urls import path

from wsoa import revisit_views

urlpatterns = [
    path("<int:pk>/progress/", revisit_views.revisit_progress, name="revisit-progress"),
]
