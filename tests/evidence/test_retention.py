"""Retention of the evidence base (handbook 73): six calendar months after publication, and
for as long as any hold is in force; holds set and released through the services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from evidence.models import EvidenceRecord, HoldReason, RetentionHold
from evidence.services.retention import (
    evidence_deletable_on,
    retention_explained,
    retention_hold_release,
    retention_hold_set,
    retention_of,
)
from inspections.models import Inspection, TeamRole
from inspections.services import conflict_declare, team_member_add
from tests.factories import inspection_without_clocks

D = datetime.date


# Fixtures shared by the retention tests -----------------------------------------------------

@pytest.fixture
def published(db, medway, ofsted_admin, lead_inspector, team_inspector):
    """Medway's December 2017 inspection with its lead and a team inspector, published on
    8 February 2018."""
    inspection = inspection_without_clocks(local_area=medway, by=ofsted_admin)
    for user, role in ((lead_inspector, TeamRole.LEAD), (team_inspector, TeamRole.HMI)):
        conflict_declare(inspection=inspection, inspector=user, by=user, has_connection=False)
        team_member_add(inspection=inspection, by=ofsted_admin, user=user, role=role)
    Inspection.objects.filter(pk=inspection.pk).update(state="published",
                                                       published_on=D(2018, 2, 8))
    return Inspection.objects.get(pk=inspection.pk)


def hold(inspection, by, reason=HoldReason.SAFEGUARDING, details="A referral is open"):
    return retention_hold_set(inspection=inspection, by=by, reason=reason, details=details)


# The rule ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("published_on", "deletable_on"), [
    (D(2025, 3, 3), D(2025, 9, 3)),
    # Six calendar months land on the month's last day where it is shorter.
    (D(2024, 8, 31), D(2025, 2, 28)),
    (D(2023, 8, 31), D(2024, 2, 29)),
    (D(2025, 12, 31), D(2026, 6, 30)),
    (D(2025, 10, 31), D(2026, 4, 30)),
])
def test_evidence_may_be_deleted_six_calendar_months_after_publication(published_on,
                                                                      deletable_on):
    assert evidence_deletable_on(published_on=published_on, held=False) == deletable_on


def test_unpublished_or_held_evidence_has_no_deletion_date():
    assert evidence_deletable_on(published_on=None, held=False) is None
    assert evidence_deletable_on(published_on=D(2025, 3, 3), held=True) is None


def test_the_page_sentence_says_when_and_why():
    assert retention_explained(retention_of(published_on=D(2025, 3, 3), holds_in_force=[])) \
        == "Published 3 March 2025; kept until 3 September 2025."
    held = [RetentionHold(reason=HoldReason.COMPLAINT), RetentionHold(reason=HoldReason.WSOA)]
    assert retention_explained(retention_of(published_on=D(2025, 3, 3), holds_in_force=held)) \
        == ("Published 3 March 2025. Kept while held: formal complaint; written statement of "
            "action required.")
    assert retention_explained(retention_of(published_on=None, holds_in_force=[])).startswith(
        "Not yet published")


# Setting and releasing holds ------------------------------------------------------------------

def test_the_lead_sets_a_hold_with_its_reason_and_who_set_it(published, lead_inspector):
    made = hold(published, lead_inspector)
    assert (made.reason, made.details, made.set_by, made.released_at) == (
        "safeguarding", "A referral is open", lead_inspector, None)
    event = AuditEvent.objects.get(action="evidence.hold_set")
    assert (event.actor, event.inspection_id) == (lead_inspector, published.pk)
    assert event.after == {"reason": "safeguarding", "hold": made.pk, "fields": ["details"]}
    assert "referral" not in repr(event.after) + event.object_repr


def test_an_admin_may_set_a_hold_but_a_team_inspector_may_not(published, ofsted_admin,
                                                              team_inspector):
    hold(published, ofsted_admin, reason=HoldReason.LITIGATION)
    with pytest.raises(PermissionDenied):
        hold(published, team_inspector, reason=HoldReason.COMPLAINT)
    assert list(RetentionHold.objects.values_list("reason", flat=True)) == ["litigation"]


def test_one_hold_in_force_per_reason(published, lead_inspector, ofsted_admin):
    first = hold(published, lead_inspector)
    with pytest.raises(ValidationError) as refused:
        hold(published, ofsted_admin)
    assert refused.value.message_dict == {
        "reason": ["The evidence base is already held for that reason"]}
    retention_hold_release(hold=first, by=ofsted_admin)
    again = hold(published, ofsted_admin)
    assert RetentionHold.objects.filter(released_at__isnull=True).get() == again


def test_a_hold_needs_its_details(published, lead_inspector):
    with pytest.raises(ValidationError) as refused:
        hold(published, lead_inspector, details="  ")
    assert "details" in refused.value.message_dict
    assert not RetentionHold.objects.exists()


def test_only_an_admin_releases_a_hold_and_it_stays_on_the_record(published, lead_inspector,
                                                                  ofsted_admin):
    made = hold(published, lead_inspector)
    with pytest.raises(PermissionDenied):
        retention_hold_release(hold=made, by=lead_inspector)
    released = retention_hold_release(hold=made, by=ofsted_admin)
    assert (released.released_by, released.released_at is not None) == (ofsted_admin, True)
    assert RetentionHold.objects.count() == 1
    event = AuditEvent.objects.get(action="evidence.hold_released")
    assert event.before == {"reason": "safeguarding", "hold": made.pk}
    with pytest.raises(ValidationError, match="already been released"):
        retention_hold_release(hold=made, by=ofsted_admin)


def test_no_hold_can_be_set_once_the_evidence_base_is_deleted(published, lead_inspector):
    from evidence.services.retention import evidence_delete_expired

    EvidenceRecord.objects.create(inspection=published, author=lead_inspector,
                                  updated_by=lead_inspector, activity="leaders")
    evidence_delete_expired(today=D(2018, 8, 8))
    with pytest.raises(ValidationError, match="has been deleted"):
        hold(published, lead_inspector)
