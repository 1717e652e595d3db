from django.urls import path

from evidence.views import capture as views

urlpatterns = [
    path("<int:pk>/evidence/add/", views.record_add, name="add"),
    path("<int:pk>/evidence/<int:record_pk>/", views.record, name="record"),
    path("<int:pk>/evidence/autosave/", views.autosave, name="autosave"),
]
