"""A local area shares its self-evaluation for the annual engagement meetings itself, through
the same document machinery as its answers to information requests: judged by content,
scanned, kept in versions, downloaded only by Ofsted admins and the area's own users."""

import hashlib

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from evidence.models import Document, DocumentVersion, ScanStatus
from evidence.services.documents import documents_scan_pending
from tests import files
from tests.evidence.helpers import upload
from tests.storage.daemons import eicar

PDF = files.pdf_bytes()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _share(client, area, file):
    return client.post(reverse("self_evaluations:share", args=[area.pk]), {"file": file})


def _errors(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _pending(area, by, name: str, content: bytes, media) -> DocumentVersion:
    """A version kept before it could be scanned, as migration evidence 0006 keeps the
    self-evaluations it moves from engagement meetings."""
    path = media / "self-evaluations" / "2024" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    document = Document.objects.create(self_evaluation_of=area, filename=name)
    return DocumentVersion.objects.create(
        document=document, number=1, file=f"self-evaluations/2024/{name}",
        original_filename=name, size=len(content),
        sha256=hashlib.sha256(content).hexdigest(), kind=name.rsplit(".", 1)[-1],
        scan_status=ScanStatus.PENDING, uploaded_by=by)


# Sharing, in versions, on the filesystem and in object storage ------------------------------

def test_the_lano_shares_a_self_evaluation_and_an_admin_downloads_it(
        client, document_storage, medway, lano, ofsted_admin):
    client.force_login(lano)
    response = _share(client, medway, upload("Medway SEF 2024.pdf", PDF))
    assert response.status_code == 302
    assert response.url == reverse("self_evaluations:list", args=[medway.pk])

    version = DocumentVersion.objects.get()
    assert version.document.self_evaluation_of == medway
    assert version.document.inspection is None
    assert (version.number, version.original_filename, version.size, version.sha256) == (
        1, "Medway SEF 2024.pdf", len(PDF), hashlib.sha256(PDF).hexdigest())
    assert version.file.name.startswith(f"documents/areas/{medway.pk}/")
    assert "SEF" not in version.file.name

    page = client.get(response.url).content.decode()
    assert "Medway SEF 2024.pdf shared with Ofsted and CQC" in page
    download = reverse("self_evaluations:download", args=[medway.pk, version.pk])
    assert download in page

    client.force_login(ofsted_admin)
    page = client.get(reverse("self_evaluations:list", args=[medway.pk])).content.decode()
    assert download in page and "Share a self-evaluation" not in page
    got = client.get(download)
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == PDF
    assert got["Content-Disposition"].startswith('attachment; filename="Medway SEF 2024.pdf"')
    assert got["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in got["Cache-Control"]

    shared = AuditEvent.objects.get(action="self_evaluation.shared")
    assert (shared.actor_id, shared.local_area_id) == (lano.pk, medway.pk)
    assert shared.after["sha256"] == version.sha256
    downloaded = AuditEvent.objects.get(action="self_evaluation.downloaded")
    assert downloaded.actor_id == ofsted_admin.pk
    # Counts and hashes, never the file's name or content.
    for event in (shared, downloaded):
        assert "SEF" not in str(event.after) and "PDF" not in str(event.after)


def test_the_same_name_again_is_the_next_version_and_the_first_is_kept(
        client, media, medway, lano, local_area_leader):
    client.force_login(lano)
    assert _share(client, medway, upload("sef.pdf", PDF)).status_code == 302
    client.force_login(local_area_leader)
    newer = PDF + b"% revised\n"
    assert _share(client, medway, upload("sef.pdf", newer)).status_code == 302

    first, second = DocumentVersion.objects.order_by("number")
    assert first.document_id == second.document_id
    assert (first.number, second.number) == (1, 2)
    assert first.file.name != second.file.name
    with first.file.open("rb") as stored:
        assert stored.read() == PDF
    assert second.uploaded_by == local_area_leader
    page = client.get(reverse("self_evaluations:list", args=[medway.pk])).content.decode()
    assert "2 (latest)" in page


# Bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("file", "message"), [
    (upload("setup.exe", b"MZ\x90\x00"), "The selected file must be a PDF"),
    (upload("sef.pdf", b"MZ\x90\x00 pretending"), "The selected file is not a real PDF file"),
    (files.upload("sef.docx", files.zip_bytes()), "The selected file is not a real DOCX file"),
    (upload("sef.docx", b""), "The selected file is empty"),
    (None, "Select a file"),
])
def test_files_that_are_not_documents_are_refused_and_nothing_is_kept(
        client, media, medway, lano, file, message):
    client.force_login(lano)
    response = client.post(reverse("self_evaluations:share", args=[medway.pk]),
                           {"file": file} if file else {})
    page = _errors(response)
    assert message in page
    assert page.count("govuk-error-summary") >= 1
    assert not DocumentVersion.objects.exists()
    assert _stored_files(media) == []


def test_a_file_over_the_limit_is_refused(client, media, medway, lano, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    client.force_login(lano)
    page = _errors(_share(client, medway, upload("sef.pdf", PDF + b"0" * 1024 * 1024)))
    assert "The selected file must be smaller than 1MB" in page
    assert not DocumentVersion.objects.exists()


def test_a_path_in_the_filename_is_dropped(client, media, medway, lano):
    client.force_login(lano)
    assert _share(client, medway, upload("../../etc/sef.pdf", PDF)).status_code == 302
    version = DocumentVersion.objects.get()
    assert version.original_filename == "sef.pdf"
    assert version.file.path.startswith(str(media))


def test_a_self_evaluation_with_a_virus_is_refused_and_the_refusal_audited(
        client, media, scanner, medway, lano):
    client.force_login(lano)
    page = _errors(_share(client, medway, upload("sef.txt", eicar())))
    assert "The selected file contains a virus" in page
    assert not DocumentVersion.objects.exists()
    assert _stored_files(media) == []
    refused = AuditEvent.objects.get(action="self_evaluation.upload_refused")
    assert refused.after["reason"] == "infected"
    assert refused.after["self_evaluation_of"] == medway.pk


def test_a_clean_file_is_scanned_and_downloadable(client, media, scanner, medway, lano):
    client.force_login(lano)
    assert _share(client, medway, upload("sef.pdf", PDF)).status_code == 302
    version = DocumentVersion.objects.get()
    assert version.scan_status == ScanStatus.CLEAN
    assert client.get(reverse("self_evaluations:download",
                              args=[medway.pk, version.pk])).status_code == 200


# Who sees them ------------------------------------------------------------------------------

def test_only_admins_and_the_area_see_its_self_evaluations(
        client, media, medway, barnet, lano, other_lano, ofsted_admin, lead_inspector):
    client.force_login(lano)
    assert _share(client, medway, upload("sef.pdf", PDF)).status_code == 302
    version = DocumentVersion.objects.get()
    listing = reverse("self_evaluations:list", args=[medway.pk])
    download = reverse("self_evaluations:download", args=[medway.pk, version.pk])
    # Barnet's LANO cannot tell Medway's area pages or files from ones that do not exist.
    client.force_login(other_lano)
    assert client.get(listing).status_code == 404
    assert client.get(download).status_code == 404
    # Nor can Barnet's address reach Medway's file.
    assert client.get(reverse("self_evaluations:download",
                              args=[barnet.pk, version.pk])).status_code == 404
    # An inspector sees the area in the register, is told they may not see its
    # self-evaluations, and is not told that a file exists.
    client.force_login(lead_inspector)
    refused = client.get(listing)
    assert refused.status_code == 403
    assert client.get(download).status_code == 404
    # An admin reads them, but it is the area that shares them.
    client.force_login(ofsted_admin)
    assert client.get(listing).status_code == 200
    assert client.get(reverse("self_evaluations:share", args=[medway.pk])).status_code == 403


def test_the_area_page_links_to_them_for_those_who_see_them(client, medway, lano,
                                                           ofsted_admin, lead_inspector):
    listing = reverse("self_evaluations:list", args=[medway.pk])
    area_page = reverse("local_areas:detail", args=[medway.pk])
    for user, shown in ((lano, True), (ofsted_admin, True), (lead_inspector, False)):
        client.force_login(user)
        assert (listing in client.get(area_page).content.decode()) is shown, user
    client.force_login(ofsted_admin)
    assert listing in client.get(reverse("inspections:engagement",
                                         args=[medway.pk])).content.decode()


def test_an_empty_list_says_so(client, medway, lano):
    client.force_login(lano)
    page = client.get(reverse("self_evaluations:list", args=[medway.pk])).content.decode()
    assert "No self-evaluation has been shared yet." in page
    assert "Share a self-evaluation" in page


def test_the_list_reads_a_constant_number_of_queries(client, media, medway, lano):
    client.force_login(lano)
    listing = reverse("self_evaluations:list", args=[medway.pk])

    def queries() -> int:
        client.get(listing)  # warm: the session and the roles
        with CaptureQueriesContext(connection) as captured:
            assert client.get(listing).status_code == 200
        return len(captured)

    assert _share(client, medway, upload("sef-0.pdf", PDF)).status_code == 302
    few = queries()
    for n in range(1, 12):
        assert _share(client, medway, upload(f"sef-{n % 6}.pdf", PDF)).status_code == 302
    assert DocumentVersion.objects.count() == 12
    assert queries() == few


# What was kept before it could be scanned --------------------------------------------------

def test_files_kept_before_scanning_are_not_downloadable_until_scanned(
        client, media, scanner, medway, lano, ofsted_admin,
        django_capture_on_commit_callbacks):
    clean = _pending(medway, ofsted_admin, "sef-2023.pdf", PDF, media)
    infected = _pending(medway, ofsted_admin, "sef-2022.txt", eicar(), media)
    client.force_login(ofsted_admin)
    download = reverse("self_evaluations:download", args=[medway.pk, clean.pk])
    waiting = client.get(download)
    assert waiting.status_code == 409
    assert "has not been checked for viruses yet" in waiting.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        found = documents_scan_pending()

    assert (found.clean, found.infected, found.waiting) == (1, 1, 0)
    clean.refresh_from_db()
    infected.refresh_from_db()
    assert (clean.scan_status, infected.scan_status) == (ScanStatus.CLEAN, ScanStatus.INFECTED)
    assert client.get(download).status_code == 200
    gone = client.get(reverse("self_evaluations:download", args=[medway.pk, infected.pk]))
    assert gone.status_code == 409 and "A virus was found" in gone.content.decode()
    assert not (media / "self-evaluations" / "2024" / "sef-2022.txt").exists()
    finding = AuditEvent.objects.get(action="document.found_infected")
    assert finding.actor_id is None and finding.local_area_id == medway.pk
    assert finding.after["version_id"] == infected.pk


def test_without_a_scanner_files_wait_unless_the_settings_allow_unscanned(
        media, medway, ofsted_admin, settings, capsys):
    settings.CLAMD_SOCKET = settings.CLAMD_HOST = ""
    version = _pending(medway, ofsted_admin, "sef.pdf", PDF, media)
    settings.DOCUMENTS_UNSCANNED_ALLOWED = False
    call_command("scan_documents")
    assert "1 still waiting" in capsys.readouterr().out
    version.refresh_from_db()
    assert version.scan_status == ScanStatus.PENDING

    settings.DOCUMENTS_UNSCANNED_ALLOWED = True
    call_command("scan_documents")
    assert "1 marked not scanned" in capsys.readouterr().out
    version.refresh_from_db()
    assert version.scan_status == ScanStatus.NOT_SCANNED


def test_a_scanner_that_does_not_answer_leaves_files_waiting(media, medway, ofsted_admin,
                                                            settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "no-clamd.sock")
    version = _pending(medway, ofsted_admin, "sef.pdf", PDF, media)
    assert documents_scan_pending().waiting == 1
    version.refresh_from_db()
    assert version.scan_status == ScanStatus.PENDING

