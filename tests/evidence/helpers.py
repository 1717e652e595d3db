"""What the document and request tests build: a notified inspection with a request raised of
its area, and evidence recorded on it."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from config import clock
from evidence.models import EvidenceRecord
from evidence.services.records import evidence_record_create
from evidence.services.requests import request_raise


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def csv_upload(name: str = "plans.csv", content: bytes = b"area,plans\nMedway,412\n"):
    return upload(name, content)


def raised(inspection, by, *, title: str = "Self-evaluation", days: int = 3):
    """A request of the inspection's area, due at 5pm UK time `days` days from now."""
    due_on = clock.today() + datetime.timedelta(days)
    due_at = datetime.datetime.combine(due_on, datetime.time(17), tzinfo=clock.ENGLAND)
    return request_raise(inspection=inspection, by=by, title=title, due_at=due_at)


def evidence_record(inspection, author) -> EvidenceRecord:
    return evidence_record_create(inspection=inspection, by=author, final=False,
                                  activity="documents", questions=["B"],
                                  text="Scrutiny of the local offer")
