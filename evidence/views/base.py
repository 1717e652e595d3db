"""Reading the evidence base: the list, the triangulation matrix, each inspector's summary."""

from django.http import Http404


def evidence_list(request, pk: int):
    raise Http404("The evidence base is not available yet")


def matrix(request, pk: int):
    raise Http404("The triangulation matrix is not available yet")


def summary(request, pk: int, user_pk: int):
    raise Http404("Inspectors' summaries are not available yet")
