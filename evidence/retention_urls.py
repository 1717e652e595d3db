from django.urls import path

from evidence.views import retention as views

urlpatterns = [
    path("<int:pk>/evidence/retention/", views.retention, name="retention"),
    path("<int:pk>/evidence/retention/hold/", views.hold_add, name="retention-hold"),
    path("<int:pk>/evidence/retention/holds/<int:hold_pk>/release/", views.hold_release,
         name="retention-release"),
]
