"""The written statement of action's letter routes: the Regional Director's letter on each
submission's fitness decision."""

from django.urls import path

from wsoa import letter_views

urlpatterns: list = [
    path("<int:pk>/reviews/<int:review_pk>/letter.pdf",
         letter_views.decision_letter_download, name="decision-letter"),
]
