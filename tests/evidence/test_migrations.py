"""Migration evidence 0006 makes each self-evaluation uploaded with an engagement meeting the
area's own document, kept where it is in the store and waiting to be scanned; inspections
0010 then drops the meeting's file field."""

import datetime
import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from evidence.models import Document, DocumentVersion, ScanStatus
from tests import files

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("evidence", "0005_self_evaluations"),
          ("inspections", "0009_revisit_follows_an_inspection")]


def _migrate(target) -> None:
    MigrationExecutor(connection).migrate(target)


def test_self_evaluations_of_meetings_become_the_areas_documents(
        medway, barnet, ofsted_admin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    pdf = files.pdf_bytes()
    _migrate(BEFORE)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    Meeting = old.get_model("inspections", "EngagementMeeting")
    stored = default_storage.save("self-evaluations/2024/Medway_SEF.pdf", ContentFile(pdf))
    Meeting.objects.create(local_area_id=medway.pk, held_on=datetime.date(2024, 3, 1),
                           recorded_by_id=ofsted_admin.pk, self_evaluation=stored)
    # One without a file, and one whose file has gone from the store: neither is moved.
    Meeting.objects.create(local_area_id=barnet.pk, held_on=datetime.date(2024, 3, 4),
                           recorded_by_id=ofsted_admin.pk)
    Meeting.objects.create(local_area_id=barnet.pk, held_on=datetime.date(2024, 3, 5),
                           recorded_by_id=ofsted_admin.pk,
                           self_evaluation="self-evaluations/2024/gone.pdf")

    _migrate(latest)

    version = DocumentVersion.objects.select_related("document").get()
    assert version.document.self_evaluation_of_id == medway.pk
    assert version.document.inspection_id is None
    assert (version.number, version.original_filename, version.file.name) == (
        1, stored.rsplit("/", 1)[-1], stored)
    assert (version.size, version.sha256) == (len(pdf), hashlib.sha256(pdf).hexdigest())
    assert version.scan_status == ScanStatus.PENDING and not version.downloadable
    assert version.uploaded_by_id == ofsted_admin.pk
    assert version.uploaded_at.date() == datetime.date(2024, 3, 1)
    assert Document.objects.count() == 1
