from django.urls import path

from evidence.views import base as views

urlpatterns = [
    path("<int:pk>/evidence/", views.evidence_list, name="list"),
    path("<int:pk>/evidence/matrix/", views.matrix, name="matrix"),
    path("<int:pk>/evidence/summaries/<int:user_pk>/", views.summary, name="summary"),
]
