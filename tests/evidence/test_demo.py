"""seed_demo's evidence: the Medway evidence base behind its letter's findings, and an
inspection on site now whose matrix shows where evidence is thin."""

import io

import pytest
from django.core.management import call_command

from audit.models import AuditEvent
from config import clock
from evidence.demo_data import MEDWAY_EVIDENCE
from evidence.models import (
    NEEDS_CONSENT,
    DocumentVersion,
    EvidenceRecord,
    EvidenceStatus,
    HoldReason,
    InformationRequest,
    RequestStatus,
)
from evidence.selectors import evidence_matrix
from evidence.services.retention import evidence_delete_expired
from inspections.models import Inspection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def seeded(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())


def test_medway_has_final_evidence_behind_each_finding_written_by_its_team():
    medway = Inspection.objects.get(reference="SEND-MEDWAY-2017-12")
    records = EvidenceRecord.objects.filter(inspection=medway)
    assert records.count() == len(MEDWAY_EVIDENCE)
    assert set(records.values_list("status", flat=True)) == {EvidenceStatus.FINAL}
    team = set(medway.team.values_list("user__username", flat=True))
    assert set(records.values_list("author__username", flat=True)) == team
    # Every record was made through the service: each has its audit row.
    assert AuditEvent.objects.filter(action="evidence.created",
                                     inspection_id=medway.pk).count() == records.count()


def test_medway_evidence_with_children_or_parents_had_consent_checked_and_falls_on_site():
    medway = Inspection.objects.get(reference="SEND-MEDWAY-2017-12")
    for record in EvidenceRecord.objects.filter(inspection=medway):
        assert record.consent_checked == (record.activity in NEEDS_CONSENT)
        day = record.happened_at.date()
        assert medway.onsite_start <= day <= medway.onsite_end


def test_medway_matrix_has_evidence_on_every_question():
    matrix = evidence_matrix(inspection=Inspection.objects.get(
        reference="SEND-MEDWAY-2017-12"))
    assert all(matrix.totals[question] > 0 for question in "ABC")


def test_the_inspection_on_site_now_is_warned_of_no_evidence_from_parents():
    matrix = evidence_matrix(inspection=Inspection.objects.get(reference="SEND-LEEDS-NOW"))
    thin = {(question, row.activity) for question, row in matrix.gaps}
    assert ("B", "parents") in thin and ("B", "children") in thin
    assert ("B", "case_file") not in thin
    assert matrix.drafts == 1


def test_medway_evidence_is_kept_while_its_written_statement_of_action_holds_it():
    medway = Inspection.objects.get(reference="SEND-MEDWAY-2017-12")
    holds = list(medway.retention_holds.filter(released_at__isnull=True))
    assert [hold.reason for hold in holds] == [HoldReason.WSOA]
    # Set when the delegate's decision, recorded by the admin, made the statement.
    assert holds[0].set_by.username == "ofsted.admin"
    evidence_delete_expired(today=clock.today())
    assert EvidenceRecord.objects.filter(inspection=medway).count() == len(MEDWAY_EVIDENCE)


def test_barnets_lano_has_requests_to_answer_and_one_answered_with_its_file():
    asked = InformationRequest.objects.filter(inspection__reference="SEND-BARNET-NEXT")
    assert sorted(asked.values_list("status", flat=True)) == [
        RequestStatus.ANSWERED, RequestStatus.OPEN, RequestStatus.OPEN]
    answered = asked.get(status=RequestStatus.ANSWERED)
    assert answered.answered_by.username == "lano.barnet"
    version = answered.documents.get().versions.get()
    assert version.file.read().startswith(b"Barnet local area SEND self-evaluation")


def test_barnets_lano_has_shared_its_self_evaluation_and_seeding_again_adds_none():
    [version] = DocumentVersion.objects.filter(document__self_evaluation_of__name="Barnet")
    assert version.uploaded_by.username == "lano.barnet"
    assert version.original_filename == "Barnet SEND self-evaluation 2024.txt"
    with version.file.open("rb") as stored:
        assert b"What are our priorities" in stored.read()
    call_command("seed_demo", stdout=io.StringIO())
    assert DocumentVersion.objects.filter(
        document__self_evaluation_of__name="Barnet").count() == 1
