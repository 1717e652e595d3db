"""Correcting and removing lines of enquiry, meetings and concerns; closing refused while a
concern is open; a closed or withdrawn inspection's records no longer change."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from inspections import services
from inspections.models import Concern, Inspection, LineOfEnquiry, Meeting, State
from tests.inspections.test_pages import _queries

D = datetime.date
pytestmark = pytest.mark.django_db

SECRET = "Dr Who at Rochester Grammar"  # case text that must never reach an audit row


def _date(prefix: str, day: datetime.date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def _fresh(inspection) -> Inspection:
    return Inspection.objects.get(pk=inspection.pk)


def _line(inspection, by) -> LineOfEnquiry:
    return services.line_of_enquiry_add(inspection=inspection, by=by, question="A",
                                        enquiry="How are needs identified early?")


def _meeting(inspection, by) -> Meeting:
    return services.meeting_record(inspection=inspection, by=by, kind="team_daily",
                                   held_on=D(2017, 12, 4), notes="First impressions")


FIFTH = D(2017, 12, 5)


def _concern(inspection, by, *, safeguarding=False, raised_on=FIFTH) -> Concern:
    return services.concern_record(inspection=inspection, by=by, kind="concern",
                                   raised_on=raised_on, raised_by="A parent",
                                   details="Could not get a meeting", safeguarding=safeguarding)


# What each kind's pages are called, and a correction of it as the form posts it.
KINDS = {
    "enquiry": (_line, "inspections:enquiry-edit", "inspections:enquiry-remove",
                lambda: {"question": "B", "enquiry": SECRET, "hypothesis": ""}),
    "meeting": (_meeting, "inspections:meeting-edit", "inspections:meeting-remove",
                lambda: {"kind": "team_daily", **_date("held_on", D(2017, 12, 5)),
                         "attendees": "", "notes": SECRET}),
    "concern": (_concern, "inspections:concern-edit", "inspections:concern-remove",
                lambda: {"kind": "concern", **_date("raised_on", D(2017, 12, 5)),
                         "raised_by": "A parent", "details": SECRET}),
}


def _row_text(event: AuditEvent) -> str:
    return f"{event.before} {event.after} {event.object_repr}"


@pytest.fixture
def on_site(walk):
    return walk(State.ON_SITE)


@pytest.mark.parametrize("kind", KINDS)
def test_a_record_is_corrected_and_the_audit_names_the_fields_not_the_text(
        client, on_site, lead_inspector, kind):
    make, edit, _, posted = KINDS[kind]
    record = make(on_site, lead_inspector)
    client.force_login(lead_inspector)
    url = reverse(edit, args=[on_site.pk, record.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="version" value="1"' in page.content.decode()
    response = client.post(url, {**posted(), "version": 1})
    assert response.status_code == 302, response.content.decode()
    record.refresh_from_db()
    assert record.version == 2
    assert SECRET in {getattr(record, field, "") for field in ("enquiry", "notes", "details")}
    event = AuditEvent.objects.filter(action__endswith="_changed").get()
    assert event.inspection_id == on_site.pk
    assert event.after["version"] == 2
    assert set(event.after["fields"]) & {"enquiry", "notes", "details"}
    assert SECRET not in _row_text(event)


@pytest.mark.parametrize("kind", KINDS)
def test_a_correction_over_someone_elses_change_is_refused_with_the_input_kept(
        client, on_site, lead_inspector, team_inspector, kind):
    make, edit, _, posted = KINDS[kind]
    record = make(on_site, lead_inspector)
    client.force_login(lead_inspector)
    url = reverse(edit, args=[on_site.pk, record.pk])
    client.get(url)  # opened at version 1
    # Meanwhile someone else saves a correction.
    update = {"enquiry": services.line_of_enquiry_update,
              "meeting": services.meeting_update, "concern": services.concern_update}[kind]
    fields = {"enquiry": {"line": record, "question": "C", "enquiry": "Theirs"},
              "meeting": {"meeting": record, "kind": "final_team", "held_on": D(2017, 12, 6)},
              "concern": {"concern": record, "kind": "complaint", "raised_on": D(2017, 12, 6),
                          "raised_by": "A carer", "details": "Theirs"}}[kind]
    update(by=team_inspector, expected_version=1, **fields)
    response = client.post(url, {**posted(), "version": 1})
    html = response.content.decode()
    assert response.status_code == 200
    assert "was changed by someone else since you opened it" in html
    assert SECRET in html  # what they typed is kept
    assert "Open the latest version" in html
    record.refresh_from_db()
    assert record.version == 2
    assert SECRET not in {getattr(record, field, "") for field in ("enquiry", "notes",
                                                                     "details")}


@pytest.mark.parametrize("kind", KINDS)
def test_removing_asks_first_then_removes_and_audits_without_the_text(
        client, on_site, lead_inspector, kind):
    make, _, remove, _ = KINDS[kind]
    record = make(on_site, lead_inspector)
    client.force_login(lead_inspector)
    url = reverse(remove, args=[on_site.pk, record.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "You cannot undo this" in html and "?</h1>" in html
    assert type(record).objects.filter(pk=record.pk).exists()  # asking removes nothing
    response = client.post(url, {"version": record.version})
    assert response.status_code == 302
    assert not type(record).objects.filter(pk=record.pk).exists()
    event = AuditEvent.objects.filter(action__endswith="_removed").get()
    assert event.inspection_id == on_site.pk and event.before["fields"]
    assert "How are needs identified early?" not in _row_text(event)
    assert "Could not get a meeting" not in _row_text(event)
    assert "First impressions" not in _row_text(event)


@pytest.mark.parametrize("kind", KINDS)
def test_a_removal_confirmed_after_someone_elses_change_is_refused(
        client, on_site, lead_inspector, kind):
    make, edit, remove, posted = KINDS[kind]
    record = make(on_site, lead_inspector)
    client.force_login(lead_inspector)
    client.post(reverse(edit, args=[on_site.pk, record.pk]), {**posted(), "version": 1})
    response = client.post(reverse(remove, args=[on_site.pk, record.pk]), {"version": 1})
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    assert type(record).objects.filter(pk=record.pk).exists()


def test_bad_input_on_a_correction_is_shown_on_the_field_with_the_input_kept(
        client, on_site, lead_inspector):
    meeting = _meeting(on_site, lead_inspector)
    client.force_login(lead_inspector)
    response = client.post(reverse("inspections:meeting-edit", args=[on_site.pk, meeting.pk]),
                           {"kind": "team_daily", "held_on_0": "31", "held_on_1": "2",
                            "held_on_2": "2017", "notes": SECRET, "version": 1})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and SECRET in html
    meeting.refresh_from_db()
    assert meeting.held_on == D(2017, 12, 4) and meeting.version == 1


def test_a_resolved_concern_cannot_be_corrected_to_have_been_raised_after_its_resolution(
        on_site, lead_inspector):
    concern = _concern(on_site, lead_inspector)
    services.concern_resolve(concern=concern, by=lead_inspector, resolution="Met them",
                             resolved_on=D(2017, 12, 6))
    concern.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.concern_update(concern=concern, by=lead_inspector,
                                expected_version=concern.version, kind="concern",
                                raised_on=D(2017, 12, 7), raised_by="A parent",
                                details="Could not get a meeting")
    assert "raised_on" in refused.value.message_dict


def test_only_those_who_resolve_concerns_may_remove_one(on_site, lead_inspector,
                                                        team_inspector):
    concern = _concern(on_site, team_inspector, safeguarding=True)
    with pytest.raises(PermissionDenied):
        services.concern_remove(concern=concern, by=team_inspector)
    services.concern_update(concern=concern, by=team_inspector, expected_version=1,
                            kind="concern", raised_on=D(2017, 12, 5), raised_by="A parent",
                            details="Corrected", safeguarding=True)
    services.concern_remove(concern=concern, by=lead_inspector)
    assert not Concern.objects.exists()


# Closing -------------------------------------------------------------------------------------

def test_closing_is_refused_while_a_possible_safeguarding_concern_is_open_and_the_page_says_so(
        client, walk, ofsted_admin, lead_inspector):
    published = walk(State.PUBLISHED)
    _concern(published, lead_inspector, raised_on=D(2017, 12, 6))
    safeguarding = _concern(published, lead_inspector, safeguarding=True)
    client.force_login(ofsted_admin)
    url = reverse("inspections:close", args=[published.pk])
    page = client.get(url).content.decode()
    reason = ("You cannot close the inspection while 2 concerns or complaints are open. "
              "Resolve them first: the possible safeguarding concern raised on 5 December "
              "2017; the concern raised on 6 December 2017.")
    assert reason in page
    assert "Close the inspection</button>" not in page
    overview = client.get(reverse("inspections:overview", args=[published.pk])).content
    assert reason in overview.decode()
    assert reverse("inspections:close", args=[published.pk]) not in overview.decode()
    # Trying anyway is refused by the service, with the same reason.
    response = client.post(url, _date("on", D(2018, 3, 1)))
    assert reason in response.content.decode()
    assert _fresh(published).state == State.PUBLISHED
    with pytest.raises(ValidationError, match="possible safeguarding concern"):
        services.inspection_close(inspection=_fresh(published), by=ofsted_admin,
                                  on=D(2018, 3, 1))
    for concern in Concern.objects.all():
        services.concern_resolve(concern=concern, by=lead_inspector, resolution="Dealt with",
                                 resolved_on=D(2018, 2, 1))
    assert safeguarding.pk
    assert "Close the inspection</button>" in client.get(url).content.decode()
    response = client.post(url, _date("on", D(2018, 3, 1)))
    assert response.status_code == 302
    assert _fresh(published).state == State.CLOSED


def test_the_overview_reads_a_constant_number_of_queries_whatever_the_records(
        client, walk, ofsted_admin, lead_inspector):
    published = walk(State.PUBLISHED)
    url = reverse("inspections:overview", args=[published.pk])
    client.force_login(ofsted_admin)
    _concern(published, lead_inspector, safeguarding=True)
    few = _queries(client, url)
    for day in (6, 7, 8):
        _concern(published, lead_inspector, raised_on=D(2017, 12, day))
        _line(published, lead_inspector)
        _meeting(published, lead_inspector)
    assert _queries(client, url) == few


@pytest.mark.parametrize("state", [State.CLOSED, State.WITHDRAWN])
def test_a_closed_or_withdrawn_inspection_offers_no_steps_and_no_record_changes(
        client, walk, inspection, ofsted_admin, lead_inspector, state):
    on_site = walk(State.ON_SITE)
    line, meeting = _line(on_site, lead_inspector), _meeting(on_site, lead_inspector)
    concern = _concern(on_site, lead_inspector)
    if state == State.CLOSED:
        services.concern_resolve(concern=concern, by=lead_inspector, resolution="Dealt with",
                                 resolved_on=D(2017, 12, 6))
        finished = walk(State.CLOSED)
    else:
        finished = services.inspection_withdraw(inspection=_fresh(on_site), by=ofsted_admin,
                                                reason="The area was reorganised")
    for user in (ofsted_admin, lead_inspector):
        client.force_login(user)
        overview = client.get(reverse("inspections:overview", args=[finished.pk]))
        html = overview.content.decode()
        assert overview.context["actions"] == []
        for name, pk in (("enquiry-edit", line.pk), ("meeting-remove", meeting.pk),
                         ("concern-resolve", concern.pk), ("concern-edit", concern.pk)):
            assert reverse(f"inspections:{name}", args=[finished.pk, pk]) not in html
        for name in ("enquiry-add", "meeting-add", "concern-add", "questionnaire",
                     "team-add"):
            assert reverse(f"inspections:{name}", args=[finished.pk]) not in html
        page = client.get(reverse("inspections:meeting-edit", args=[finished.pk, meeting.pk]))
        assert "its records can no longer be changed" in page.content.decode()
        assert page.context["form"] is None
    with pytest.raises(ValidationError):
        _line(finished, lead_inspector)
    with pytest.raises(ValidationError):
        services.meeting_update(meeting=meeting, by=lead_inspector, expected_version=1,
                                kind="final_team", held_on=D(2017, 12, 5))
    with pytest.raises(ValidationError):
        services.concern_remove(concern=concern, by=lead_inspector)
    response = client.post(reverse("inspections:meeting-remove",
                                   args=[finished.pk, meeting.pk]), {"version": 1})
    assert response.status_code == 200
    assert Meeting.objects.filter(pk=meeting.pk).exists()
