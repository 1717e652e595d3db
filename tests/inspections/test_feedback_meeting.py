"""The final feedback meeting's record says which points of handbook paragraph 55 it covered;
the step recording that feedback was given names what is missing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from inspections import services
from inspections.models import FeedbackTopic, Inspection, Meeting, State

D = datetime.date
pytestmark = pytest.mark.django_db
FEEDBACK_DAY = D(2017, 12, 8)


@pytest.fixture
def on_site(walk, inspection):
    walk(State.ON_SITE)
    return Inspection.objects.get(pk=inspection.pk)


def _notes(client, inspection) -> str:
    return client.get(reverse("inspections:give-feedback", args=[inspection.pk])) \
        .content.decode()


def test_the_feedback_step_says_what_the_meeting_has_not_covered(client, on_site,
                                                                 lead_inspector):
    client.force_login(lead_inspector)
    assert "No final feedback meeting is recorded in the meetings log" in _notes(client,
                                                                                on_site)
    everything_but = [code for code in FeedbackTopic.values if code not in ("survey",
                                                                           "safeguarding")]
    meeting = services.meeting_record(inspection=on_site, by=lead_inspector,
                                      kind="final_feedback", held_on=FEEDBACK_DAY,
                                      covered=["survey", *everything_but[::-1]])
    assert meeting.covered == [c for c in FeedbackTopic.values if c != "safeguarding"]
    page = _notes(client, on_site)
    assert ("The final feedback meeting&#x27;s record does not say it covered: Any "
            "safeguarding concerns identified.") in page
    row = AuditEvent.objects.filter(action="inspection.meeting_recorded").latest("id")
    assert row.after["covered"] == 12
    services.meeting_update(meeting=meeting, by=lead_inspector,
                            expected_version=meeting.version, kind="final_feedback",
                            held_on=FEEDBACK_DAY, covered=FeedbackTopic.values)
    page = _notes(client, on_site)
    assert "does not say it covered" not in page and "No final feedback meeting" not in page


def test_only_a_final_feedback_meeting_records_points_and_only_known_ones(on_site,
                                                                         lead_inspector):
    daily = services.meeting_record(inspection=on_site, by=lead_inspector, kind="team_daily",
                                    held_on=D(2017, 12, 5), covered=["strengths"])
    assert daily.covered == []
    with pytest.raises(ValidationError, match="Select the points the meeting covered"):
        services.meeting_record(inspection=on_site, by=lead_inspector, kind="final_feedback",
                                held_on=FEEDBACK_DAY, covered=["gossip"])
    assert Meeting.objects.filter(kind="final_feedback").count() == 0


def test_the_form_offers_the_points_and_the_log_shows_what_is_missing(client, on_site,
                                                                      lead_inspector):
    client.force_login(lead_inspector)
    add = reverse("inspections:meeting-add", args=[on_site.pk])
    form = client.get(add).content.decode()
    assert "What did the final feedback meeting cover?" in form
    assert FeedbackTopic.COMPLAINTS.label in form
    client.post(add, {"kind": "final_feedback", "held_on_0": "8", "held_on_1": "12",
                      "held_on_2": "2017", "covered": ["strengths", "to_improve"]})
    log = client.get(reverse("inspections:meetings", args=[on_site.pk])).content.decode()
    assert "Not recorded as covered (handbook 55):" in log
    assert "Areas of strength;" not in log and "How to complain about matters not resolved" in log
