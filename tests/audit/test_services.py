"""The one builder of audit rows: who, what, which object and inspection, from → to, and
never the text of the case record."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from audit.services import Label, audit_event, audit_record, audit_record_many, text_fields
from deadlines.services import deadline_start
from inspections.models import DeferralRequest, Inspection
from inspections.services import inspection_create

pytestmark = pytest.mark.django_db

REASON = "The director of children's services is on leave for the whole of that week"


@pytest.fixture
def inspection(medway, ofsted_admin) -> Inspection:
    return inspection_create(by=ofsted_admin, local_area=medway, framework="2016",
                             onsite_start=datetime.date(2017, 12, 4),
                             onsite_end=datetime.date(2017, 12, 8))


def test_a_reason_text_is_refused_and_not_echoed(ofsted_admin):
    rows = AuditEvent.objects.count()
    with pytest.raises(ValueError, match="never free text") as refused:
        audit_record(actor=ofsted_admin, action="inspection.deferral_requested",
                     after={"reasons": REASON})
    assert REASON not in str(refused.value)
    assert AuditEvent.objects.count() == rows


@pytest.mark.parametrize("values", [
    {"reason": "Snow closure"},  # short, but words: only a code has no spaces
    {"reason": "x" * 151},  # one long word
    {"details": {"text": "nested"}},
    {"score": 1.5},
    {"fields": ["reasons", "A sentence in a list"]},
    {"fields": [["nested"]]},
    {"A key that is a sentence": True},
    {"reason": Label("y" * 301)},
])
def test_anything_that_could_be_free_text_is_refused(ofsted_admin, values):
    with pytest.raises(ValueError):
        audit_event(actor=ofsted_admin, action="test.event", before=values)
    with pytest.raises(ValueError):
        audit_event(actor=ofsted_admin, action="test.event", after=values)


def test_codes_ids_dates_numbers_yes_no_field_names_and_labels_are_kept(ofsted_admin):
    event = audit_record(actor=ofsted_admin, action="test.event", before={
        "state": "planning", "version": 3, "late": False, "outcome": None,
        "inspector": "harriet.hmi", "email": "a.b+c@example.org", "reference": "SEND-E06-1",
    }, after={
        "on": datetime.date(2024, 6, 5), "at": "2024-06-05T09:30:00+01:00", "empty": "",
        "fields": ["reasons", "override_reason"], "roles": [Label("Ofsted admin")],
        "local_area": Label("Isle of Wight"),
    })
    event.refresh_from_db()
    assert event.before["version"] == 3 and event.before["late"] is False
    assert event.after == {"on": "2024-06-05", "at": "2024-06-05T09:30:00+01:00", "empty": "",
                           "fields": ["reasons", "override_reason"], "roles": ["Ofsted admin"],
                           "local_area": "Isle of Wight"}


def test_text_fields_names_only_the_fields_that_were_given():
    assert text_fields(enquiry="How are needs met?", hypothesis=" ", notes="") == ["enquiry"]


def test_an_inspection_event_is_linked_to_it(ofsted_admin, inspection):
    event = AuditEvent.objects.get(action="inspection.create")
    assert event.inspection == inspection
    assert event.after["reference"] == inspection.reference


def test_an_event_of_a_record_of_an_inspection_is_linked_to_the_inspection(ofsted_admin,
                                                                           inspection):
    request = DeferralRequest(pk=41, inspection=inspection,
                              requested_on=datetime.date(2017, 11, 27))
    event = audit_event(actor=ofsted_admin, action="test.event", obj=request)
    assert (event.object_type, event.object_id) == ("inspections.deferralrequest", "41")
    assert event.inspection_id == inspection.pk


def test_every_clock_event_is_linked_to_its_inspection(inspection):
    on_inspection = AuditEvent.objects.get(action="deadline.start",
                                           after__rule="notification")
    assert on_inspection.inspection == inspection
    wsoa_clock = deadline_start(rule_code="wsoa_submission", inspection=inspection,
                                start_date=datetime.date(2018, 1, 31), by=None)
    event = AuditEvent.objects.get(action="deadline.start", object_id=str(wsoa_clock.pk))
    assert event.inspection == inspection


def test_events_not_about_an_inspection_have_none(ofsted_admin, medway):
    assert audit_event(actor=ofsted_admin, action="test.event", obj=medway).inspection_id is None
    assert audit_event(actor=ofsted_admin, action="test.event").inspection_id is None


def test_many_rows_are_built_alike_and_written_in_one_query(ofsted_admin, inspection):
    events = [audit_event(actor=ofsted_admin, action="test.bulk", obj=inspection,
                          after={"n": n}) for n in range(3)]
    with CaptureQueriesContext(connection) as queries:
        audit_record_many(events)
    assert len(queries) == 1
    stored = AuditEvent.objects.filter(action="test.bulk")
    assert sorted(e.after["n"] for e in stored) == [0, 1, 2]
    assert {(e.actor_label, e.inspection_id) for e in stored} == {("alice.admin", inspection.pk)}
