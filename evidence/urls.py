"""An inspection's evidence base, under /inspections/<pk>/evidence/, and the information
requests and documents exchanged with its local area, under /inspections/<pk>/requests/."""

from django.urls import include, path

app_name = "evidence"

urlpatterns = [
    # Writing evidence: the form, its autosave and the merge of a conflicting change.
    path("", include("evidence.capture_urls")),
    # Reading the evidence base: the list, the triangulation matrix, each inspector's summary.
    path("", include("evidence.base_urls")),
    # Information requests and documents, and their downloads.
    path("", include("evidence.document_urls")),
    # How long the evidence base is kept, and the holds that keep it longer.
    path("", include("evidence.retention_urls")),
]
