"""The self-evaluations Ofsted admins uploaded with engagement meetings become the area's own
self-evaluation documents, one version each, kept where they are in the store.

They were checked by their content when uploaded but never scanned for viruses, so each is
kept as "being scanned" and is not downloadable until ``manage.py scan_documents`` has scanned
it (or, where no scanner is configured and the settings allow that, marked it not scanned).
A file missing from the store cannot be served either way, and is left out.
"""

import datetime
import hashlib
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

from django.core.files.storage import default_storage
from django.db import migrations

NOON = datetime.time(12)
ENGLAND = ZoneInfo("Europe/London")


def _measured(name: str) -> tuple[int, str] | None:
    digest, size = hashlib.sha256(), 0
    try:
        with default_storage.open(name, "rb") as stream:
            while chunk := stream.read(1024 * 1024):
                digest.update(chunk)
                size += len(chunk)
    except (FileNotFoundError, OSError):
        return None
    return size, digest.hexdigest()


def forwards(apps, schema_editor):
    EngagementMeeting = apps.get_model("inspections", "EngagementMeeting")
    Document = apps.get_model("evidence", "Document")
    DocumentVersion = apps.get_model("evidence", "DocumentVersion")
    meetings = (EngagementMeeting.objects.exclude(self_evaluation="")
                .exclude(self_evaluation__isnull=True).order_by("held_on", "pk"))
    for meeting in meetings.iterator():
        measured = _measured(meeting.self_evaluation.name)
        if measured is None:
            continue
        size, sha256 = measured
        filename = PurePosixPath(meeting.self_evaluation.name).name[:255]
        shared = datetime.datetime.combine(meeting.held_on, NOON, tzinfo=ENGLAND)
        document, _ = Document.objects.get_or_create(
            self_evaluation_of_id=meeting.local_area_id, filename=filename,
            defaults={"created_at": shared})
        number = DocumentVersion.objects.filter(document=document).count() + 1
        DocumentVersion.objects.create(
            document=document, number=number, file=meeting.self_evaluation.name,
            original_filename=filename, size=size, sha256=sha256,
            kind=PurePosixPath(filename).suffix.lstrip(".").lower()[:10],
            scan_status="pending", uploaded_by_id=meeting.recorded_by_id, uploaded_at=shared)


class Migration(migrations.Migration):

    dependencies = [
        ("evidence", "0005_self_evaluations"),
        # The engagement meeting's file field is there from the first (inspections 0010
        # removes it, after this).
        ("inspections", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
