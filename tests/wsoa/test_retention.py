"""The evidence base is kept while a statement is required (handbook 73), and the statement
itself, the principal authority's document, is never deleted with the evidence base."""

import datetime

import pytest

from evidence.models import DocumentVersion, EvidenceRecord, RetentionHold
from evidence.services.records import evidence_record_create
from evidence.services.retention import evidence_delete_expired, retention_hold_release
from inspections.models import State
from tests.wsoa.conftest import every_action, statement
from wsoa import services

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_statement_outlives_the_evidence_base(determined, walk, lead_inspector, lano,  # noqa: F811
                                                  ofsted_admin):
    # Evidence recorded on site, then the report published on 8 February 2018.
    record = evidence_record_create(inspection=determined.inspection, by=lead_inspector,
                                    final=True, activity="leaders", questions=["B"],
                                    text="Leaders know their area well")
    walk(State.PUBLISHED)
    wsoa = services.wsoa_record_receipt(wsoa=determined, by=lano, received_on=D(2018, 1, 31))
    submission = services.wsoa_submit(wsoa=wsoa, by=lano, statement=statement(wsoa, lano),
                                      actions=every_action(wsoa), copies_confirmed=True,
                                      submitted_on=D(2018, 5, 10))
    # Published on 8 February 2018; held for the statement, nothing is deleted.
    assert evidence_delete_expired(today=D(2018, 9, 10)).inspections == 0
    hold = RetentionHold.objects.get(inspection=wsoa.inspection, released_at__isnull=True)
    retention_hold_release(hold=hold, by=ofsted_admin)
    result = evidence_delete_expired(today=D(2018, 9, 10))
    assert result.inspections == 1
    assert not EvidenceRecord.objects.filter(pk=record.pk).exists()
    assert DocumentVersion.objects.filter(pk=submission.statement_id).exists()
    submission.statement.file.open("rb").close()  # its file is still in the store
