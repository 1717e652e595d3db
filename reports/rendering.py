"""Rendering a letter's current version to PDF and keeping it (reports.models.LetterRender):
run by the Celery task reports.tasks.render_letter, or at once by `manage.py render_letter`.
Running it again renders the letter as it stands then, as a new render; each keeps its
SHA-256, size and page count."""

import hashlib
import io
import time

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from pypdf import PdfReader

from audit.services import audit_record
from config import clock
from inspections.models import TeamMember
from local_areas.models import AreaContact
from reports.content import letter_content
from reports.models import LetterRender, LetterState, OutcomeLetter
from reports.pdf import render_letter_pdf
from reports.selectors import current_version


def letter_for_rendering(**lookup) -> OutcomeLetter:
    """The letter with everything its content reads, in a fixed number of queries."""
    return (OutcomeLetter.objects.select_related("inspection__local_area",
                                                 "inspection__determination")
            .prefetch_related(
                "findings", "signatories", "versions", "inspection__determination__weaknesses",
                "inspection__revisit_judgements__weakness",
                Prefetch("inspection__team",
                         queryset=TeamMember.objects.select_related("user")),
                Prefetch("inspection__local_area__contacts",
                         queryset=AreaContact.objects.select_related("health_partner")))
            .get(**lookup))


def is_draft(letter: OutcomeLetter) -> bool:
    """Every version before the final is a draft, and is marked as one."""
    return letter.state != LetterState.FINAL_ISSUED


def letter_pdf(letter: OutcomeLetter) -> tuple[bytes, bool]:
    """The letter's PDF as it stands, and whether it is a draft."""
    draft = is_draft(letter)
    return render_letter_pdf(letter_content(letter), draft=draft), draft


def letter_render(*, letter_id: int) -> LetterRender:
    """Render the letter's current version and keep the PDF."""
    letter = letter_for_rendering(pk=letter_id)
    started = time.perf_counter()
    pdf, draft = letter_pdf(letter)
    seconds = time.perf_counter() - started
    render = LetterRender(letter=letter, version_number=current_version(letter).number,
                          draft=draft, sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf),
                          pages=len(PdfReader(io.BytesIO(pdf)).pages), seconds=seconds,
                          rendered_at=clock.now())
    render.file.save("letter.pdf", ContentFile(pdf), save=False)
    render.save()
    return render


def letter_pdf_request(*, letter: OutcomeLetter, by) -> None:
    """Ask for a new PDF of the letter: noted on the letter, rendered by the Celery task once
    the request's transaction has committed."""
    from reports.tasks import render_letter

    with transaction.atomic():
        OutcomeLetter.objects.filter(pk=letter.pk).update(pdf_requested_at=clock.now())
        audit_record(actor=by, action="letter.pdf_requested", obj=letter,
                     local_area=letter.inspection.local_area)
        transaction.on_commit(lambda: render_letter.delay(letter.pk))


def letter_pdf_downloaded(*, render: LetterRender, letter: OutcomeLetter, by) -> None:
    with transaction.atomic():
        audit_record(actor=by, action="letter.pdf_downloaded", obj=letter,
                     local_area=letter.inspection.local_area,
                     after={"render_id": render.pk, "version": render.version_number,
                            "draft": render.draft, "sha256": render.sha256})
