"""Documents kept in versions, judged by their content, scanned, and stored under generated
names (evidence/services/documents.py)."""

import hashlib
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from audit.models import AuditEvent
from evidence import scanning
from evidence.models import Document, DocumentVersion, ScanStatus
from evidence.services.documents import (
    INFECTED_MESSAGE,
    UNCHECKED_MESSAGE,
    document_upload,
    safe_filename,
)
from evidence.services.requests import request_answer
from tests import files
from tests.evidence.helpers import csv_upload, evidence_record, raised, upload
from tests.storage.daemons import eicar

CSV = b"area,plans\nMedway,412\n"


@pytest.fixture
def request_of_area(frozen_today, inspection, notify, lead_inspector, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    notify(inspection)
    return raised(inspection, lead_inspector)


def _refusal(**kwargs) -> str:
    with pytest.raises(ValidationError) as refused:
        document_upload(**kwargs)
    return refused.value.messages[0]


def _stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


# Storing, in versions, on the filesystem and in object storage -------------------------------

def test_a_file_is_kept_as_the_first_version_with_its_size_and_hash(
        document_storage, request_of_area, lano):
    version = document_upload(owner=request_of_area, by=lano, upload=csv_upload())

    assert (version.number, version.original_filename, version.size, version.kind) == (
        1, "plans.csv", len(CSV), "csv")
    assert version.sha256 == hashlib.sha256(CSV).hexdigest()
    assert version.document.filename == "plans.csv"
    with version.file.open("rb") as stored:
        assert stored.read() == CSV


def test_the_same_filename_again_is_the_next_version_and_the_first_is_kept(
        document_storage, request_of_area, lano):
    second_content = b"area,plans\nMedway,415\n"
    first = document_upload(owner=request_of_area, by=lano, upload=csv_upload())
    second = document_upload(owner=request_of_area, by=lano,
                             upload=csv_upload(content=second_content))

    assert Document.objects.filter(request=request_of_area).count() == 1
    assert second.document_id == first.document_id
    assert [v.number for v in first.document.versions.all()] == [1, 2]
    assert second.file.name != first.file.name
    with first.file.open("rb") as kept:
        assert hashlib.sha256(kept.read()).hexdigest() == first.sha256
    with second.file.open("rb") as kept:
        assert hashlib.sha256(kept.read()).hexdigest() == second.sha256 == \
            hashlib.sha256(second_content).hexdigest()


def test_the_same_file_uploaded_twice_is_two_versions_with_matching_hashes(
        document_storage, request_of_area, lano):
    first = document_upload(owner=request_of_area, by=lano, upload=csv_upload())
    second = document_upload(owner=request_of_area, by=lano, upload=csv_upload())

    assert (first.number, second.number) == (1, 2)
    assert first.sha256 == second.sha256
    assert first.file.name != second.file.name


def test_the_stored_name_is_generated_and_holds_nothing_of_the_uploaded_name(
        document_storage, request_of_area, lano):
    version = document_upload(owner=request_of_area, by=lano,
                              upload=csv_upload("../../etc/cron.d/plans.csv"))

    assert version.original_filename == "plans.csv"
    assert version.file.name.startswith(f"documents/{request_of_area.inspection_id}/")
    assert "plans" not in version.file.name and ".." not in version.file.name


# Refusals --------------------------------------------------------------------------------------

def test_a_file_of_a_kind_not_taken_is_refused(request_of_area, lano, settings):
    message = _refusal(owner=request_of_area, by=lano,
                       upload=upload("page.html", b"<html><script></script></html>"))

    assert message.startswith("The selected file must be a PDF, a Word, Excel or PowerPoint")
    assert not Document.objects.exists() and not _stored_files(settings)


def test_a_file_whose_content_is_not_what_its_name_says_is_refused(request_of_area, lano,
                                                                   settings):
    message = _refusal(owner=request_of_area, by=lano,
                       upload=upload("plan.pdf", files.png_bytes()))

    assert message == "The selected file is not a real PDF file"
    assert not _stored_files(settings)


def test_a_file_over_the_limit_is_refused_naming_the_limit(request_of_area, lano, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = b"area,notes\n" + b"Medway,plenty\n" * 80_000

    assert _refusal(owner=request_of_area, by=lano, upload=csv_upload(content=big)) == \
        "The selected file must be smaller than 1MB"


@pytest.mark.parametrize(("given", "kept"), [
    ("../../plans.csv", "plans.csv"),
    ("..\\..\\Windows\\plans.csv", "plans.csv"),
    ("C:\\Users\\lana\\Desktop\\plans.csv", "plans.csv"),
    ("pla\x00ns\x1b[31m.csv", "plans[31m.csv"),
    ("plans\u202egnp.csv", "plansgnp.csv"),  # a right-to-left override hides the real end
    ("  SEND   strategy.csv ", "SEND strategy.csv"),
])
def test_filenames_keep_their_last_part_without_control_characters(given, kept):
    assert safe_filename(given) == kept


@pytest.mark.parametrize("given", ["", "..", "../", "\x00\x01"])
def test_a_filename_with_nothing_left_is_refused(given):
    with pytest.raises(ValidationError):
        safe_filename(given)


def test_a_long_filename_is_cut_keeping_its_extension():
    assert safe_filename("a" * 300 + ".csv") == "a" * 251 + ".csv"


def test_only_the_lano_uploads_in_answer_to_a_request(request_of_area, local_area_leader,
                                                      other_lano, team_inspector):
    for person in (local_area_leader, other_lano, team_inspector):
        with pytest.raises(PermissionDenied):
            document_upload(owner=request_of_area, by=person, upload=csv_upload())


def test_an_answered_request_takes_no_more_files(request_of_area, lano):
    document_upload(owner=request_of_area, by=lano, upload=csv_upload())
    request_answer(request=request_of_area, by=lano, version=request_of_area.version)

    assert _refusal(owner=request_of_area, by=lano, upload=csv_upload("more.csv")) == \
        "You cannot upload files to this request: it is answered"


def test_inspectors_on_the_team_attach_documents_to_evidence(request_of_area, team_inspector,
                                                             lano, quality_assurance):
    record = evidence_record(request_of_area.inspection, team_inspector)

    version = document_upload(owner=record, by=team_inspector, upload=csv_upload())

    assert version.document.record == record and version.document.request is None
    for person in (lano, quality_assurance):
        with pytest.raises(PermissionDenied):
            document_upload(owner=record, by=person, upload=csv_upload())


def test_the_audit_row_holds_ids_size_kind_and_hash_never_the_name(request_of_area, lano):
    version = document_upload(owner=request_of_area, by=lano,
                              upload=csv_upload("Safeguarding referral.csv"))

    event = AuditEvent.objects.get(action="document.uploaded")
    assert event.after == {"request_id": request_of_area.pk, "document_id": version.document_id,
                           "version_id": version.pk, "number": 1, "size": len(CSV),
                           "kind": "csv", "sha256": version.sha256,
                           "scan_status": "not_scanned"}
    assert "Safeguarding" not in str(event.__dict__)


# Scanning ------------------------------------------------------------------------------------

def test_a_file_with_a_virus_is_refused_audited_and_not_stored(scanner, request_of_area, lano,
                                                               settings):
    message = _refusal(owner=request_of_area, by=lano, upload=upload("notes.txt", eicar()))

    assert message == INFECTED_MESSAGE
    assert message.startswith("The selected file contains a virus")
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()
    assert not _stored_files(settings)
    event = AuditEvent.objects.get(action="document.upload_refused")
    assert event.after == {"request_id": request_of_area.pk, "reason": "infected",
                           "kind": "txt", "signature": "Eicar-Test-Signature.UNOFFICIAL"}


def test_a_clean_file_is_kept_as_scanned_clean_and_downloadable(scanner, request_of_area,
                                                                lano):
    version = document_upload(owner=request_of_area, by=lano, upload=csv_upload())

    assert version.scan_status == ScanStatus.CLEAN and version.scanned_at is not None
    assert version.downloadable


def test_a_scanner_that_is_down_refuses_the_file_and_keeps_nothing(request_of_area, lano,
                                                                  settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "clamd-not-running.sock")

    assert _refusal(owner=request_of_area, by=lano, upload=csv_upload()) == UNCHECKED_MESSAGE
    assert not DocumentVersion.objects.exists() and not _stored_files(settings)
    assert AuditEvent.objects.get(action="document.upload_refused").after["reason"] == \
        "scanner_unavailable"


def test_without_a_scanner_outside_development_files_are_refused(request_of_area, lano,
                                                                 settings):
    settings.CLAMD_SOCKET = settings.CLAMD_HOST = ""
    settings.DOCUMENTS_UNSCANNED_ALLOWED = False

    assert _refusal(owner=request_of_area, by=lano, upload=csv_upload()) == UNCHECKED_MESSAGE
    assert not DocumentVersion.objects.exists()


def test_without_a_scanner_in_development_files_are_kept_as_not_scanned(request_of_area,
                                                                         lano, settings):
    settings.CLAMD_SOCKET = settings.CLAMD_HOST = ""

    version = document_upload(owner=request_of_area, by=lano, upload=csv_upload())

    assert version.scan_status == ScanStatus.NOT_SCANNED and version.downloadable


# Racing uploads of one name -------------------------------------------------------------------

@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_uploads_of_one_name_at_once_become_versions_one_and_two(request_of_area, lano):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one writer at a time anyway")
    barrier = threading.Barrier(2)
    made, errors = [], []

    def go(content: bytes):
        try:
            barrier.wait(timeout=10)
            made.append(document_upload(owner=request_of_area, by=lano,
                                        upload=csv_upload(content=content)))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=go, args=(content,))
               for content in (b"a,b\n1,2\n", b"a,b\n3,4\n")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(version.number for version in made) == [1, 2]
    assert Document.objects.filter(request=request_of_area).count() == 1


def test_a_signature_name_is_recorded_as_a_code_only(request_of_area, lano, monkeypatch,
                                                     settings):
    settings.CLAMD_SOCKET = "/nowhere.sock"
    monkeypatch.setattr("evidence.scanning.scan", lambda stream: scanning.Verdict(
        infected=True, signature="Win.Test EICAR; said 'hello'"))

    _refusal(owner=request_of_area, by=lano, upload=csv_upload())

    assert AuditEvent.objects.get(action="document.upload_refused").after["signature"] == \
        "Win.TestEICARsaidhello"
