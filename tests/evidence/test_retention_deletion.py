"""The nightly deletion of evidence bases past their retention: records, aspects, groups,
drafts, documents, their versions and the stored files go; the requests, the holds and one
audit row of counts stay."""

import datetime
import hashlib
import logging
import os

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from config.celery import BEAT_SCHEDULE, DELETE_EXPIRED_EVIDENCE_AT
from evidence.models import (
    Document,
    DocumentVersion,
    EvidenceAspect,
    EvidenceDraft,
    EvidenceGroup,
    EvidenceRecord,
    HoldReason,
    InformationRequest,
    RetentionHold,
)
from evidence.services.retention import (
    evidence_delete_expired,
    retention_hold_release,
    retention_hold_set,
)
from evidence.tasks import delete_expired_evidence
from inspections.models import Inspection
from tests.evidence.test_retention import published  # noqa: F401 - a fixture

D = datetime.date
PUBLISHED = D(2018, 2, 8)
DELETABLE = D(2018, 8, 8)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _version(document, by, number: int) -> DocumentVersion:
    content = f"Version {number} of {document.filename}".encode()
    version = DocumentVersion(document=document, number=number,
                              original_filename=document.filename, size=len(content),
                              sha256=hashlib.sha256(content).hexdigest(), kind="txt",
                              scan_status="clean", uploaded_by=by)
    version.file.save("ignored.txt", ContentFile(content), save=False)
    version.save()
    return version


def evidence_base(inspection, author, *, records: int = 3, lano_user=None) -> dict:
    """Records with an aspect and a group each, a draft, a document on the first record and
    one given in answer to a request, each in two versions with stored files."""
    made = []
    for n in range(records):
        record = EvidenceRecord.objects.create(
            inspection=inspection, author=author, updated_by=author, activity="leaders",
            text=f"Leaders described the local offer, meeting {n}")
        EvidenceAspect.objects.create(record=record, aspect="local_offer")
        EvidenceGroup.objects.create(record=record, group="looked_after")
        made.append(record)
    EvidenceDraft.objects.create(inspection=inspection, author=author, record=made[0],
                                 fields={"text": "Half typed"})
    request = InformationRequest.objects.create(
        inspection=inspection, title="The local offer", raised_by=author,
        due_at=datetime.datetime(2017, 12, 5, 11, tzinfo=datetime.UTC))
    documents = [Document.objects.create(inspection=inspection, record=made[0],
                                         filename="notes.txt"),
                 Document.objects.create(inspection=inspection, request=request,
                                         filename="local-offer.txt")]
    versions = [_version(document, lano_user or author, number)
                for document in documents for number in (1, 2)]
    return {"records": made, "request": request, "versions": versions}


def _stored(versions) -> list[bool]:
    return [version.file.storage.exists(version.file.name) for version in versions]


def _run(today, capture):
    with capture(execute=True):
        return evidence_delete_expired(today=today)


def test_evidence_is_deleted_on_the_day_six_months_after_publication(
        published, lead_inspector, django_capture_on_commit_callbacks):  # noqa: F811
    base = evidence_base(published, lead_inspector)
    assert _run(DELETABLE - datetime.timedelta(days=1),
                django_capture_on_commit_callbacks).inspections == 0
    assert EvidenceRecord.objects.count() == 3 and all(_stored(base["versions"]))
    result = _run(DELETABLE, django_capture_on_commit_callbacks)
    assert (result.inspections, result.records, result.documents, result.versions) == (
        1, 3, 2, 4)
    for model in (EvidenceRecord, EvidenceAspect, EvidenceGroup, EvidenceDraft, Document,
                  DocumentVersion):
        assert not model.objects.exists(), model
    assert _stored(base["versions"]) == [False] * 4
    # What was asked of the local area stays on the inspection's history.
    assert InformationRequest.objects.get() == base["request"]


def test_the_stored_files_go_from_the_filesystem_and_from_object_storage(
        document_storage, published, lead_inspector,  # noqa: F811
        django_capture_on_commit_callbacks):
    base = evidence_base(published, lead_inspector)
    assert all(_stored(base["versions"]))
    _run(DELETABLE, django_capture_on_commit_callbacks)
    assert _stored(base["versions"]) == [False] * 4


def test_the_deletion_leaves_one_audit_row_of_counts_and_no_content(
        published, lead_inspector, django_capture_on_commit_callbacks):  # noqa: F811
    evidence_base(published, lead_inspector)
    _run(DELETABLE, django_capture_on_commit_callbacks)
    event = AuditEvent.objects.get(action="evidence.deleted")
    assert (event.actor, event.inspection_id, event.local_area_id) == (
        None, published.pk, published.local_area_id)
    assert event.after == {"versions": 4, "documents": 2, "drafts": 1, "aspects": 3,
                           "groups": 3, "records": 3, "files": 4,
                           "published_on": "2018-02-08", "deletable_on": "2018-08-08",
                           "deleted_on": "2018-08-08"}


def test_running_twice_deletes_nothing_more_and_writes_no_second_row(
        published, lead_inspector, django_capture_on_commit_callbacks):  # noqa: F811
    evidence_base(published, lead_inspector)
    _run(DELETABLE, django_capture_on_commit_callbacks)
    again = _run(DELETABLE + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    assert again.inspections == 0
    assert AuditEvent.objects.filter(action="evidence.deleted").count() == 1


def test_a_hold_in_force_keeps_the_evidence_and_a_released_one_no_longer_does(
        published, lead_inspector, ofsted_admin,  # noqa: F811
        django_capture_on_commit_callbacks):
    base = evidence_base(published, lead_inspector)
    held = retention_hold_set(inspection=published, by=lead_inspector,
                              reason=HoldReason.COMPLAINT, details="A formal complaint")
    later = D(2020, 1, 6)
    assert _run(later, django_capture_on_commit_callbacks).inspections == 0
    assert EvidenceRecord.objects.count() == 3 and all(_stored(base["versions"]))
    retention_hold_release(hold=held, by=ofsted_admin)
    assert _run(later, django_capture_on_commit_callbacks).inspections == 1
    assert not EvidenceRecord.objects.exists()
    # The hold stays, released, beside the audit row of the deletion.
    assert RetentionHold.objects.get().released_by == ofsted_admin


def test_unpublished_evidence_is_never_deleted(published, lead_inspector,  # noqa: F811
                                               django_capture_on_commit_callbacks):
    evidence_base(published, lead_inspector)
    Inspection.objects.filter(pk=published.pk).update(state="reporting", published_on=None)
    assert _run(D(2030, 1, 7), django_capture_on_commit_callbacks).inspections == 0
    assert EvidenceRecord.objects.count() == 3


@pytest.mark.parametrize(("published_on", "kept_on", "deleted_on"), [
    (D(2024, 8, 31), D(2025, 2, 27), D(2025, 2, 28)),
    (D(2023, 8, 31), D(2024, 2, 28), D(2024, 2, 29)),
])
def test_month_ends_count_to_the_last_day_of_a_shorter_month(
        published, lead_inspector, published_on, kept_on, deleted_on,  # noqa: F811
        django_capture_on_commit_callbacks):
    Inspection.objects.filter(pk=published.pk).update(published_on=published_on)
    evidence_base(published, lead_inspector, records=1)
    assert _run(kept_on, django_capture_on_commit_callbacks).inspections == 0
    assert _run(deleted_on, django_capture_on_commit_callbacks).inspections == 1


def test_a_file_that_cannot_be_deleted_is_logged_and_the_rest_go(
        published, lead_inspector, caplog, django_capture_on_commit_callbacks):  # noqa: F811
    base = evidence_base(published, lead_inspector)
    stuck = base["versions"][0].file
    # Where the first file was, a folder with something in it: the store cannot remove it.
    path = stuck.storage.path(stuck.name)
    os.remove(path)
    os.makedirs(os.path.join(path, "inside"))
    with caplog.at_level(logging.ERROR, logger="evidence.services.retention"):
        result = _run(DELETABLE, django_capture_on_commit_callbacks)
    assert result.inspections == 1 and not DocumentVersion.objects.exists()
    assert _stored(base["versions"]) == [True, False, False, False]
    assert stuck.name in caplog.text


def test_the_files_stay_if_the_deletion_is_undone(published, lead_inspector):  # noqa: F811
    """Files go only once the rows' deletion commits: here the test's transaction never
    commits, so the on-commit removal never runs."""
    base = evidence_base(published, lead_inspector)
    evidence_delete_expired(today=DELETABLE)
    assert not DocumentVersion.objects.exists()
    assert all(_stored(base["versions"]))


def test_the_number_of_queries_does_not_grow_with_the_evidence_base(
        medway, ofsted_admin, lead_inspector, django_capture_on_commit_callbacks):
    from tests.factories import inspection_without_clocks

    def counted(records: int) -> int:
        inspection = inspection_without_clocks(local_area=medway, by=ofsted_admin,
                                               reference=f"CASE-{records}")
        Inspection.objects.filter(pk=inspection.pk).update(state="published",
                                                           published_on=PUBLISHED)
        evidence_base(inspection, lead_inspector, records=records)
        with CaptureQueriesContext(connection) as queries:
            assert _run(DELETABLE, django_capture_on_commit_callbacks).records == records
        return len(queries)

    assert counted(2) == counted(40)


def test_the_task_takes_today_as_an_iso_date(published, lead_inspector,  # noqa: F811
                                             django_capture_on_commit_callbacks):
    evidence_base(published, lead_inspector)
    with django_capture_on_commit_callbacks(execute=True):
        assert delete_expired_evidence("2018-08-07")["inspections"] == 0
        assert delete_expired_evidence(today="2018-08-08") == {
            "inspections": 1, "records": 3, "documents": 2, "versions": 4, "skipped": False}


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_second_run_while_one_holds_the_lock_does_nothing(published,  # noqa: F811
                                                            lead_inspector):
    import psycopg2

    from evidence.services.retention import DELETION_LOCK_KEY

    evidence_base(published, lead_inspector)
    given = connection.settings_dict
    other = psycopg2.connect(dbname=given["NAME"], user=given["USER"], host=given["HOST"],
                             port=given["PORT"] or 5432)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [DELETION_LOCK_KEY])
        result = evidence_delete_expired(today=DELETABLE)
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [DELETION_LOCK_KEY])
    finally:
        other.close()
    assert result.skipped and EvidenceRecord.objects.count() == 3
    assert evidence_delete_expired(today=DELETABLE).inspections == 1


def test_the_deletion_runs_every_night():
    assert BEAT_SCHEDULE["delete-expired-evidence"] == {
        "task": "evidence.delete_expired", "schedule": DELETE_EXPIRED_EVIDENCE_AT}
    assert DELETE_EXPIRED_EVIDENCE_AT.hour == {2}
