from django.urls import include, path

from accounts import views as account_views
from deadlines import views as deadline_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accessibility/", account_views.accessibility, name="accessibility"),
    path("privacy/", account_views.privacy, name="privacy"),
    path("", include("accounts.urls")),
    path("local-areas/", include("local_areas.urls")),
    path("local-areas/", include("evidence.self_evaluation_urls")),
    path("audit/", include("audit.urls")),
    path("deadlines/", include("deadlines.urls")),
    path("inspections/", include("inspections.urls")),
    path("inspections/", include("evidence.urls")),
    path("inspections/", include("reports.urls")),
    path("notifications/", deadline_views.notification_list, name="notifications"),
    path("reports/", include("reports.public_urls")),
    path("statements-of-action/", include("wsoa.urls")),
]
