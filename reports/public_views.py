"""The public register of published outcome letters: no sign-in. It lists the letters of
published inspections by local area and date, with a search by area, and shows each as an
accessible web page and as its final PDF. Drafts never appear here: only a letter whose final
has been issued, of an inspection that has been published."""

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from config.pagination import numbered_page
from inspections.models import State
from reports.content import letter_content
from reports.models import LetterRender, LetterState, OutcomeLetter
from reports.rendering import letter_for_rendering

PAGE_SIZE = 25
PUBLIC_STATES = (State.PUBLISHED, State.CLOSED)


def _published():
    return OutcomeLetter.objects.filter(state=LetterState.FINAL_ISSUED,
                                        inspection__state__in=PUBLIC_STATES)


def _final_render(letter: OutcomeLetter) -> LetterRender | None:
    return (LetterRender.objects.filter(letter=letter, draft=False)
            .order_by("-rendered_at", "-id").first())


@login_not_required
@require_GET
def register(request):
    words = request.GET.get("q", "").strip()[:120]
    letters = (_published().select_related("inspection__local_area")
               .order_by("-inspection__published_on", "-id"))
    if words:
        letters = letters.filter(inspection__local_area__name__icontains=words)
    page = numbered_page(letters, size=PAGE_SIZE, number=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reports/register.html", {
        "page": page, "letters": list(page.object_list), "q": words,
        "query": query.urlencode()})


def _letter_of(reference: str) -> OutcomeLetter:
    try:
        return letter_for_rendering(state=LetterState.FINAL_ISSUED,
                                    inspection__state__in=PUBLIC_STATES,
                                    inspection__reference=reference)
    except OutcomeLetter.DoesNotExist:
        raise Http404("No published letter has that reference") from None


@login_not_required
@require_GET
def published_letter(request, reference: str):
    letter = _letter_of(reference)
    return render(request, "reports/published_letter.html", {
        "letter": letter, "inspection": letter.inspection,
        "content": letter_content(letter), "render": _final_render(letter)})


@login_not_required
@require_GET
def published_letter_pdf(request, reference: str):
    letter = _letter_of(reference)
    found = _final_render(letter)
    if found is None:
        raise Http404("The PDF of this letter is still being prepared")
    try:
        stream = found.file.open("rb")
    except FileNotFoundError:
        raise Http404("The PDF's file is missing") from None
    response = FileResponse(stream, content_type="application/pdf", as_attachment=True,
                            filename=f"{reference}-outcome-letter.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response
