"""The audit trail of an inspection says who did what, to which record, when, from → to, and
which fields were written; the words themselves stay in the case record (handbook para 73:
the evidence base is kept for six months, the audit trail for good)."""

import json

import pytest
from django.utils import timezone

from accounts import roles
from audit.models import AuditEvent
from deadlines import services as clocks
from deadlines.models import Deadline
from inspections import services
from inspections.models import Inspection, State
from tests.factories import UserFactory
from tests.inspections.conftest import D

pytestmark = pytest.mark.django_db

# Each text carries one word found nowhere else, so a copy cut short is caught too.
TEXTS = {
    "details": "Aardvark: was a governor of a Medway special school until 2016",
    "override": "Bittern: the governorship ended more than two years ago",
    "enquiry": "Cormorant: how well do health services contribute to EHC plans?",
    "hypothesis": "Dunlin: universal health services rarely contribute",
    "extension": "Egret: the local area asked for more time over the holiday",
    "pause": "Fulmar: awaiting legal advice on the data request",
    "reasons": "Gannet: the director of children's services is in hospital",
    "attendees": "Heron Smith, Ivy Jones and the LANO",
    "notes": "Jackdaw: emerging finding on weak joint commissioning",
    "raised_by": "Kittiwake Brown, parent",
    "concern": "Lapwing: the visit to the school clashed with an exam",
    "resolution": "Merganser: the visit was moved to Thursday",
    "withdrawal": "Nightjar: the area is being reorganised from April",
}
PERSON_CALLED = "Ian Sutherland"  # as the notify fixture types it


def _clock(inspection: Inspection) -> Deadline:
    return Deadline.objects.filter(inspection=inspection, rule__code="notification"
                                   ).latest("id")


def _event(action: str, inspection: Inspection, **after) -> AuditEvent:
    return AuditEvent.objects.get(action=action, inspection=inspection,
                                  **{f"after__{key}": value for key, value in after.items()})


@pytest.fixture
def walked(inspection, make_inspection, notify, barnet, ofsted_admin, lead_inspector,
           team_inspector) -> dict:
    """One inspection taken through every service that takes free text; another withdrawn."""
    inspector = UserFactory(username="nadia.hmi", role=roles.INSPECTOR)
    declaration = services.conflict_declare(inspection=inspection, inspector=inspector,
                                            by=inspector, has_connection=True,
                                            details=TEXTS["details"])
    services.conflict_override(declaration=declaration, by=ofsted_admin,
                               reason=TEXTS["override"])
    line = services.line_of_enquiry_add(inspection=inspection, by=lead_inspector, question="B",
                                        enquiry=TEXTS["enquiry"],
                                        hypothesis=TEXTS["hypothesis"])
    clocks.deadline_extend(deadline=_clock(inspection), working_days=2,
                           reason=TEXTS["extension"], by=ofsted_admin)
    clocks.deadline_pause(deadline=_clock(inspection), on=timezone.localdate(),
                          reason=TEXTS["pause"], by=ofsted_admin)
    notify(inspection)
    request = services.deferral_request(inspection=inspection, by=ofsted_admin,
                                        requested_on=D(2017, 11, 28),
                                        reasons=TEXTS["reasons"])
    meeting = services.meeting_record(inspection=inspection, by=team_inspector,
                                      kind="team_daily", held_on=D(2017, 12, 4),
                                      attendees=TEXTS["attendees"], notes=TEXTS["notes"])
    concern = services.concern_record(inspection=inspection, by=lead_inspector,
                                      kind="concern", raised_on=D(2017, 12, 5),
                                      raised_by=TEXTS["raised_by"], details=TEXTS["concern"])
    services.concern_resolve(concern=concern, by=lead_inspector,
                             resolution=TEXTS["resolution"], resolved_on=D(2017, 12, 6))
    withdrawn = make_inspection(local_area=barnet)
    services.inspection_withdraw(inspection=withdrawn, by=ofsted_admin,
                                 reason=TEXTS["withdrawal"])
    return {"declaration": declaration, "line": line, "request": request, "meeting": meeting,
            "concern": concern, "withdrawn": withdrawn}


def test_no_audit_row_holds_any_of_the_text_typed_into_the_case_record(walked):
    rows = json.dumps([[e.before, e.after, e.object_repr, e.actor_label]
                       for e in AuditEvent.objects.all()]).lower()
    for name, text in TEXTS.items():
        assert text.lower() not in rows, name
        assert text.split()[0].strip(":,").lower() not in rows, name
    assert PERSON_CALLED.lower() not in rows


def test_the_case_record_still_holds_the_text(walked):
    assert walked["request"].reasons == TEXTS["reasons"]
    assert walked["concern"].details == TEXTS["concern"]
    walked["withdrawn"].refresh_from_db()
    assert walked["withdrawn"].withdrawn_reason == TEXTS["withdrawal"]
    assert _clock(walked["withdrawn"]).stop_reason.endswith(TEXTS["withdrawal"])


def test_rows_name_the_fields_written_and_the_record_that_holds_them(walked, inspection):
    def after(action, **which):
        return _event(action, inspection, **which).after

    assert after("inspection.conflict_declared", inspector="nadia.hmi") == {
        "inspector": "nadia.hmi", "has_connection": True,
        "declaration": walked["declaration"].pk, "access_suspended": False,
        "fields": ["details"]}
    assert after("inspection.conflict_override") == {
        "inspector": "nadia.hmi", "declaration": walked["declaration"].pk,
        "ruling": "not_a_connection", "access_restored": False,
        "fields": ["override_reason"]}
    assert after("inspection.line_of_enquiry_added") == {
        "question": "B", "line_of_enquiry": walked["line"].pk,
        "fields": ["enquiry", "hypothesis"]}
    assert after("inspection.deferral_requested") == {
        "requested_on": "2017-11-28", "deferral_request": walked["request"].pk,
        "fields": ["reasons"]}
    assert after("inspection.meeting_recorded") == {
        "kind": "team_daily", "held_on": "2017-12-04", "meeting": walked["meeting"].pk,
        "fields": ["attendees", "notes"]}
    assert after("inspection.concern_recorded") == {
        "kind": "concern", "safeguarding": False, "raised_on": "2017-12-05",
        "concern": walked["concern"].pk,
        "fields": ["raised_by", "details"]}
    assert after("inspection.concern_resolved") == {
        "resolved_on": "2017-12-06", "concern": walked["concern"].pk, "version": 2,
        "fields": ["resolution"]}
    notified = after("inspection.notify")
    assert notified["state"] == State.NOTIFIED and notified["warnings"] == 0
    assert notified["fields"] == ["person_called", "person_called_role"]
    assert after("deadline.extend")["fields"] == ["extension_reason"]
    assert after("deadline.pause")["fields"] == ["pause_reason"]
    assert _event("deadline.cancel", walked["withdrawn"]).after == {
        "status": "cancelled", "fields": ["stop_reason"]}


def test_every_row_of_the_walk_is_linked_to_its_inspection(walked, inspection):
    for event in AuditEvent.objects.filter(action__startswith="inspection.",
                                           object_type="inspections.inspection"):
        assert event.inspection_id == int(event.object_id), event.action
    clock_events = AuditEvent.objects.filter(action__startswith="deadline.")
    assert {e.inspection_id for e in clock_events} == {inspection.pk, walked["withdrawn"].pk}
