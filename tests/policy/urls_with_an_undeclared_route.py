"""The service's routes plus one that declares no expectations, to prove the check fails."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as service_urlpatterns

urlpatterns = [*service_urlpatterns,
               path("undeclared/", lambda request: HttpResponse(), name="an-undeclared-route")]
