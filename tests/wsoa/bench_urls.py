"""Stand-ins for the tracker's routes, by the names and paths the benchmark's plan asks for
(scripts/bench/pages.py, wsoa_pages): the plan is built from the names alone."""

from django.http import HttpResponse
from django.urls import include, path


def _stand_in(request, **kwargs):
    return HttpResponse()


tracker = ([path("", _stand_in, name="tracker"),
            path("pipeline.svg", _stand_in, name="tracker-chart"),
            path("export.csv", _stand_in, name="tracker-export"),
            path("<int:pk>/", _stand_in, name="detail")], "wsoa")
urlpatterns = [path("statements-of-action/", include(tracker))]
