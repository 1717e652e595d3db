"""The letter as it reads from the service's own records: the demo's Medway letter, made
through the services, reads word for word as the published letter, and renders to the same
PDF text; `render_letter` writes it from the command line; the Celery task keeps each render
with its hash."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from audit.models import AuditEvent
from reports.content import letter_content, medway_content
from reports.models import LetterRender, LetterState, OutcomeLetter
from reports.rendering import letter_for_rendering
from reports.tasks import render_letter

pytestmark = pytest.mark.django_db
MEDWAY = "SEND-MEDWAY-2017-12"


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in
                             PdfReader(io.BytesIO(pdf)).pages).split())


def test_the_demo_medway_letter_reads_as_the_published_letter(seeded):
    content = letter_content(letter_for_rendering(inspection__reference=MEDWAY))
    published = medway_content()
    for part in ("title", "letter_date", "letterhead", "addressee", "also_addressed",
                 "salutation", "opening", "main_findings", "sections", "closing",
                 "significant_weaknesses", "sign_off", "cc"):
        assert getattr(content, part) == getattr(published, part), part
    assert sorted(content.signatories, key=lambda s: (s.inspectorate, s.name)) == sorted(
        published.signatories, key=lambda s: (s.inspectorate, s.name))


def test_reading_the_letter_takes_a_fixed_number_of_queries(seeded):
    with CaptureQueriesContext(connection) as queries:
        letter_content(letter_for_rendering(inspection__reference=MEDWAY))
    assert len(queries) <= 10


def test_render_letter_writes_the_final_letter(seeded, tmp_path):
    out = tmp_path / "medway.pdf"
    said = io.StringIO()
    call_command("render_letter", MEDWAY, str(out), stdout=said)
    assert "final" in said.getvalue()
    text = _text(out.read_bytes())
    assert "Joint local area SEND inspection in Medway" in text
    assert "the lack of effective co-production at all levels." in text
    assert "DRAFT" not in text
    with pytest.raises(CommandError, match="No outcome letter has been started"):
        call_command("render_letter", "SEND-NOWHERE", str(out))


def test_the_task_keeps_each_render_with_its_hash(seeded):
    letter = OutcomeLetter.objects.get(inspection__reference=MEDWAY)
    first = render_letter.delay(letter.pk).get()
    again = render_letter.delay(letter.pk).get()
    assert first["render_id"] != again["render_id"]
    render = LetterRender.objects.get(pk=first["render_id"])
    with render.file.open("rb") as stored:
        pdf = stored.read()
    assert hashlib.sha256(pdf).hexdigest() == render.sha256 == first["sha256"]
    assert (render.size, render.pages, render.draft) == (len(pdf), first["pages"], False)
    # The final report is a version of its own, after the draft sent (version 1).
    assert render.version_number == 2
    assert render.file.name.startswith(f"letters/{letter.pk}/")


def test_a_draft_is_marked_on_every_page(seeded):
    letter = OutcomeLetter.objects.get(inspection__reference="SEND-BIRMINGHAM-DRAFT")
    render = LetterRender.objects.get(pk=render_letter.delay(letter.pk).get()["render_id"])
    assert render.draft
    with render.file.open("rb") as stored:
        reader = PdfReader(stored)
        assert all("DRAFT – RESTRICTED AND CONFIDENTIAL" in (page.extract_text() or "")
                   for page in reader.pages)


def test_the_pdf_page_asks_for_a_render_and_serves_it(client, walk, inspection, lead_inspector,
                                                      lano, settings, tmp_path,
                                                      django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "media"
    walk(LetterState.DRAFTING)
    url = reverse("reports:letter-pdf", args=[inspection.pk])
    client.force_login(lead_inspector)
    assert "No PDF of the letter has been prepared yet." in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(url)
    assert asked.status_code == 302
    render = LetterRender.objects.get()
    page = client.get(url).content.decode()
    assert "A new PDF is being prepared" not in page
    download = reverse("reports:letter-pdf-download", args=[inspection.pk, render.pk])
    assert download in page and "Download version 1 (draft)" in page
    got = client.get(download)
    pdf = b"".join(got.streaming_content)
    assert hashlib.sha256(pdf).hexdigest() == render.sha256
    assert got["Content-Disposition"].startswith("attachment;")
    assert "-draft.pdf" in got["Content-Disposition"]
    assert got["X-Content-Type-Options"] == "nosniff" and "no-store" in got["Cache-Control"]
    assert list(AuditEvent.objects.filter(action__startswith="letter.pdf_").order_by("id")
                .values_list("action", flat=True)) == ["letter.pdf_requested",
                                                       "letter.pdf_downloaded"]
    client.force_login(lano)
    assert client.get(url).status_code == 404
    assert client.get(download).status_code == 404


def test_a_request_not_yet_rendered_says_so(client, walk, inspection, lead_inspector):
    walk(LetterState.DRAFTING)
    client.force_login(lead_inspector)
    url = reverse("reports:letter-pdf", args=[inspection.pk])
    client.post(url)  # the test's transaction never commits: the task is not started
    assert "A new PDF is being prepared" in client.get(url).content.decode()
