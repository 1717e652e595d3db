"""The written statement of action's page routes: the statement, and each step of its
cycle."""

from django.urls import path

from wsoa import views

urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/receipt/", views.receipt, name="receipt"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/decision/", views.decide, name="decide"),
    path("<int:pk>/decision/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/minister/", views.minister, name="minister"),
    path("<int:pk>/publications/add/", views.publication_add, name="publication-add"),
    path("<int:pk>/actions/<int:action_pk>/notes/add/", views.progress_note,
         name="progress-note"),
    path("<int:pk>/dfe-advice/", views.dfe_advice, name="dfe-advice"),
    path("<int:pk>/submissions/<int:submission_pk>/statement/", views.statement_download,
         name="statement-download"),
]
