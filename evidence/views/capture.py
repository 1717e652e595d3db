"""Writing evidence: the form, its autosave, and the merge of a conflicting change."""

from django.http import Http404


def record_add(request, pk: int):
    raise Http404("Recording evidence is not available yet")


def record(request, pk: int, record_pk: int):
    raise Http404("Evidence records are not available yet")


def autosave(request, pk: int):
    raise Http404("Autosave is not available yet")
