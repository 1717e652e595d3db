from django.urls import include, path

from accounts import views as account_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accessibility/", account_views.accessibility, name="accessibility"),
    path("privacy/", account_views.privacy, name="privacy"),
    path("", include("accounts.urls")),
    path("local-areas/", include("local_areas.urls")),
    path("audit/", include("audit.urls")),
]
