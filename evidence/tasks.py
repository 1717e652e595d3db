"""Celery tasks of the evidence base: each takes ids or dates, calls one service, and is safe
to run twice."""

import datetime

from celery import shared_task

from config import clock
from evidence.services.retention import evidence_delete_expired


@shared_task(name="evidence.delete_expired")
def delete_expired_evidence(today: str | None = None) -> dict:
    """Delete the evidence bases whose retention ended by `today` (an ISO date; the beat
    schedule gives none, which means today in England)."""
    day = datetime.date.fromisoformat(today) if today else clock.today()
    result = evidence_delete_expired(today=day)
    return {"inspections": result.inspections, "records": result.records,
            "documents": result.documents, "versions": result.versions,
            "skipped": result.skipped}
