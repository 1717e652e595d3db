"""The public register of published outcome letters, under /reports/ (no sign-in)."""

from django.urls import path

from reports import public_views as views

app_name = "register"
urlpatterns = [
    path("", views.register, name="list"),
    path("<str:reference>/", views.published_letter, name="letter"),
    path("<str:reference>/pdf/", views.published_letter_pdf, name="pdf"),
]
