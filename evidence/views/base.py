"""Reading the evidence base: the list, the triangulation matrix, each inspector's summary.

The inspectorates' side reads it (policy.evidence, "view_evidence"): Ofsted admins, quality
assurance and the team. The inspected area's users see the inspection but not its evidence:
they are told they may not ("forbidden"); those who may not see the inspection, that there
is no such page."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from config.pagination import numbered_page
from evidence import selectors
from evidence.filter_forms import FILTERS, EvidenceFilterForm
from evidence.views.access import inspection_for
from inspections.models import Inspection
from inspections.services.common import FINISHED

PAGE_SIZE = 50
# What may not be done on a closed or withdrawn inspection, whose records no longer change.
WRITES = frozenset({"record_evidence", "flag_safeguarding", "attach_document"})


def _evidence_of(request, pk: int) -> tuple[Inspection, frozenset[str]]:
    """The inspection and what the user may do with its evidence: "not found" for those who
    may not see it, "forbidden" for those who see it but not its evidence."""
    inspection, can = inspection_for(request, pk, action="view_evidence")
    return inspection, can - WRITES if inspection.state in FINISHED else can


@require_GET
def evidence_list(request, pk: int):
    """Fifty records to a page, numbered: an inspection's evidence runs to thousands at most.
    Filters the form refuses select nothing: the page shows why, and no records."""
    inspection, can = _evidence_of(request, pk)
    authors = selectors.evidence_authors(inspection=inspection)
    form = EvidenceFilterForm(request.GET or None, authors=authors)
    query = request.GET.copy()
    query.pop("page", None)
    page = records = None
    if not form.is_bound or form.is_valid():
        filters = form.filters() if form.is_bound else selectors.EvidenceFilters()
        page = numbered_page(selectors.evidence_list(inspection=inspection, filters=filters),
                             size=PAGE_SIZE, number=request.GET.get("page"))
        records = list(page.object_list)
    return render(request, "evidence/list.html", {
        "inspection": inspection, "can": can, "form": form, "page": page,
        "records": records, "authors": authors, "query": query.urlencode(),
        "filtered": any(request.GET.get(name) for name in FILTERS),
    })


@require_GET
def matrix(request, pk: int):
    inspection, can = _evidence_of(request, pk)
    return render(request, "evidence/matrix.html", {
        "inspection": inspection, "can": can,
        "matrix": selectors.evidence_matrix(inspection=inspection),
        "questions": selectors.QUESTIONS,
        "authors": selectors.evidence_authors(inspection=inspection),
    })


@require_GET
def summary(request, pk: int, user_pk: int):
    """One inspector's cumulative summary of evidence and analysis (handbook 35): for those
    on the team, or who wrote evidence on the inspection; "not found" for anyone else."""
    inspection, can = _evidence_of(request, pk)
    authors = selectors.evidence_authors(inspection=inspection)
    author = next((author for author in authors if author.pk == user_pk), None)
    if author is None:
        raise Http404("No such inspector on this inspection")
    sections, drafts = selectors.evidence_summary(inspection=inspection, author=author)
    return render(request, "evidence/summary.html", {
        "inspection": inspection, "can": can, "author": author, "authors": authors,
        "questions": [(code, words, sections[code])
                      for code, words in selectors.QUESTIONS.items()],
        "drafts": drafts,
        "section_size": selectors.SUMMARY_SECTION_SIZE,
    })
