from django.urls import path

from local_areas import views

app_name = "local_areas"
urlpatterns = [
    path("", views.area_list, name="list"),
    path("add/", views.area_create, name="create"),
    path("<int:pk>/", views.area_detail, name="detail"),
    path("<int:pk>/change/", views.area_edit, name="edit"),
    path("<int:pk>/contacts/add/", views.contact_add, name="contact-add"),
    path("<int:pk>/health-partners/add/", views.health_partner_add, name="health-partner-add"),
    path("health-partners/add/", views.health_partner_create, name="health-partner-create"),
    path("contacts/<int:pk>/end/", views.contact_end, name="contact-end"),
]
