"""Information requests: the lead inspector asks, the LANO sees a to-do list, uploads files
and marks the request answered; inspectors see the requests and the files."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from evidence.models import InformationRequest, RequestStatus
from evidence.services.documents import document_upload
from evidence.services.requests import request_answer
from inspections.models import TeamRole
from tests.evidence.helpers import csv_upload, raised

D = datetime.date
# Frozen today is Wednesday 12 June 2024. A 2023 inspection notified on Monday 10 June: its
# Annex A items are due on the Tuesday by 11am and on the Friday by 5pm.
ANNEX_A_MONDAY, ANNEX_A_FRIDAY = D(2024, 6, 10), D(2024, 6, 14)


@pytest.fixture
def notified(frozen_today, inspection, notify, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    notify(inspection)
    return inspection


@pytest.fixture
def notified_2023(frozen_today, make_inspection, assign, notify, lead_inspector, settings,
                  tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    made = make_inspection(framework="2023", start=ANNEX_A_MONDAY, end=ANNEX_A_FRIDAY)
    assign(made, lead_inspector, TeamRole.LEAD)
    notify(made)
    return made


def _raise_page(client, user, inspection, data=None):
    client.force_login(user)
    url = reverse("evidence:request-add", args=[inspection.pk])
    return client.post(url, data) if data is not None else client.get(url)


def _due(day: D, **time) -> dict:
    return {"due_on_0": day.day, "due_on_1": day.month, "due_on_2": day.year, **time}


# Raising ---------------------------------------------------------------------------------------

def test_the_lead_asks_for_a_common_document_due_at_a_uk_time(client, notified, lead_inspector):
    response = _raise_page(client, lead_inspector, notified, {
        "what": "send_strategy", "details": "The current strategy and its action plan",
        **_due(D(2024, 6, 14), due_time="17:00")})

    assert response.status_code == 302
    request = InformationRequest.objects.get()
    assert (request.title, request.status, request.annex_a_code) == (
        "SEND strategy", RequestStatus.OPEN, "")
    # 5pm in England in June is 4pm UTC.
    assert request.due_at == datetime.datetime(2024, 6, 14, 16, tzinfo=datetime.UTC)
    event = AuditEvent.objects.get(action="request.raised")
    assert event.after["written"] == ["title", "details"]
    assert "strategy" not in str(event.after)


def test_something_else_needs_words_and_keeps_what_was_typed(client, notified,
                                                             lead_inspector):
    response = _raise_page(client, lead_inspector, notified, {
        "what": "other", "title": "", "details": "Minutes of the last board",
        **_due(D(2024, 6, 14), due_time="17:00")})

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "Enter what you are asking for" in page
    assert "Minutes of the last board" in page
    assert not InformationRequest.objects.exists()


def test_something_else_is_asked_for_in_its_own_words(client, notified, lead_inspector):
    _raise_page(client, lead_inspector, notified, {
        "what": "other", "title": "Minutes of the SEND partnership board",
        **_due(D(2024, 6, 14), due_time="9:00")})

    assert InformationRequest.objects.get().title == "Minutes of the SEND partnership board"


@pytest.mark.parametrize(("due", "field_error"), [
    ({}, "Enter the date it is due"),
    (_due(D(2024, 6, 14)), "Enter the time it is due"),
    (_due(D(2024, 6, 14), due_time="25:00"), "Enter the time it is due as hours and minutes"),
    (_due(D(2024, 6, 11), due_time="17:00"), "The date and time it is due must be in the "
                                             "future"),
])
def test_a_due_moment_missing_wrong_or_past_is_refused(client, notified, lead_inspector, due,
                                                       field_error):
    response = _raise_page(client, lead_inspector, notified, {"what": "jsna", **due})

    assert response.status_code == 200
    assert field_error in response.content.decode()
    assert not InformationRequest.objects.exists()


def test_annex_a_items_are_offered_with_their_clock_times(client, notified_2023,
                                                          lead_inspector):
    page = _raise_page(client, lead_inspector, notified_2023).content.decode()

    assert "Provide the information about the children and young people tracked" in page
    assert "Annex A: due by 5pm on Friday 14 June 2024" in page
    assert "Annex A: due by 11am on Tuesday 11 June 2024" in page
    # The inspectors select the cases themselves: not a request of the area.
    assert "Select the children and young people" not in page


def test_an_annex_a_item_without_a_date_is_due_when_its_clock_is(client, notified_2023,
                                                                  lead_inspector):
    response = _raise_page(client, lead_inspector, notified_2023,
                           {"what": "annex_a:annex_a_tracked_cases"})

    assert response.status_code == 302
    request = InformationRequest.objects.get()
    assert request.annex_a_code == "annex_a_tracked_cases"
    assert request.due_at == datetime.datetime(2024, 6, 14, 16, tzinfo=datetime.UTC)


def test_a_2016_inspection_offers_no_annex_a_items(client, notified, lead_inspector):
    assert "Annex A" not in _raise_page(client, lead_inspector, notified).content.decode()


# The LANO's to-do list ------------------------------------------------------------------------

def test_the_lano_sees_open_requests_soonest_first_with_their_due_time(
        client, notified, lead_inspector, lano):
    raised(notified, lead_inspector, title="SEND strategy", days=5)
    raised(notified, lead_inspector, title="Self-evaluation", days=2)
    client.force_login(lano)

    page = client.get(reverse("evidence:requests", args=[notified.pk])).content.decode()

    assert page.index("Self-evaluation") < page.index("SEND strategy")
    assert "by 5pm on Friday 14 June 2024" in page
    assert "Ask the local area for information" not in page


def test_the_lano_uploads_files_then_marks_the_request_answered(client, notified,
                                                                lead_inspector, lano):
    request = raised(notified, lead_inspector)
    client.force_login(lano)
    upload_url = reverse("evidence:request-upload", args=[notified.pk, request.pk])

    for name in ("sef.csv", "annex.csv"):
        assert client.post(upload_url, {"file": csv_upload(name)}).status_code == 302
    confirm = client.get(reverse("evidence:request-answer", args=[notified.pk, request.pk]))
    assert "You have uploaded 2 files" in confirm.content.decode()
    done = client.post(reverse("evidence:request-answer", args=[notified.pk, request.pk]),
                       {"version": request.version})

    assert done.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.answered_by) == (RequestStatus.ANSWERED, lano)


def test_a_file_the_upload_refuses_is_shown_as_an_error_on_the_field(client, notified,
                                                                     lead_inspector, lano):
    request = raised(notified, lead_inspector)
    client.force_login(lano)

    response = client.post(reverse("evidence:request-upload", args=[notified.pk, request.pk]),
                           {"file": csv_upload("plan.pdf", b"area,plans\n")})

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "The selected file is not a real PDF file" in page


def test_a_request_without_files_cannot_be_marked_answered(client, notified, lead_inspector,
                                                           lano):
    request = raised(notified, lead_inspector)
    client.force_login(lano)

    response = client.post(reverse("evidence:request-answer", args=[notified.pk, request.pk]),
                           {"version": request.version})

    assert "Upload at least one file before you mark the request as answered" in \
        response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN


def test_answering_against_an_older_version_is_refused(notified, lead_inspector, lano):
    request = raised(notified, lead_inspector)
    document_upload(owner=request, by=lano, upload=csv_upload())
    request_answer(request=request, by=lano, version=request.version)

    with pytest.raises(Exception, match="changed by someone else"):
        request_answer(request=request, by=lano, version=request.version - 1)


def test_inspectors_see_the_request_and_its_files(client, notified, lead_inspector,
                                                  team_inspector, lano):
    request = raised(notified, lead_inspector)
    version = document_upload(owner=request, by=lano, upload=csv_upload("SEF 2024.csv"))
    client.force_login(team_inspector)

    page = client.get(reverse("evidence:request", args=[notified.pk, request.pk])
                      ).content.decode()

    assert "SEF 2024.csv" in page
    assert reverse("evidence:document-download", args=[notified.pk, version.pk]) in page
    assert "Upload a file" not in page


# Constant cost -------------------------------------------------------------------------------

def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_request_list_costs_the_same_however_many_requests(client, notified,
                                                               lead_inspector, lano):
    url = reverse("evidence:requests", args=[notified.pk])
    first = raised(notified, lead_inspector)
    document_upload(owner=first, by=lano, upload=csv_upload())
    client.force_login(lano)
    few = _queries(client, url)
    for days in range(2, 8):
        document_upload(owner=raised(notified, lead_inspector, days=days), by=lano,
                        upload=csv_upload())

    assert _queries(client, url) == few


def test_a_requests_page_costs_the_same_however_many_files_and_versions(
        client, notified, lead_inspector, lano):
    request = raised(notified, lead_inspector)
    url = reverse("evidence:request", args=[notified.pk, request.pk])
    document_upload(owner=request, by=lano, upload=csv_upload())
    client.force_login(lead_inspector)
    few = _queries(client, url)
    for name in ("a.csv", "b.csv", "c.csv", "a.csv", "plans.csv"):
        document_upload(owner=request, by=lano, upload=csv_upload(name))

    assert _queries(client, url) == few


def test_the_overview_links_to_the_requests(client, notified, lano):
    client.force_login(lano)

    page = client.get(reverse("inspections:overview", args=[notified.pk])).content.decode()

    assert reverse("evidence:requests", args=[notified.pk]) in page
