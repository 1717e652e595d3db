"""The letter's steps in the inspection's pages: returning a draft with comments, who reads
the comments, and what the overview and the area's list say of the letter."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import services as letters
from reports.models import LetterReview, LetterState, OutcomeLetter

D = datetime.date
pytestmark = pytest.mark.django_db
COMMENTS = "The section on health does not say what the CCG found."


def text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ",
                                                    response.content.decode())))


def letter(inspection) -> OutcomeLetter:
    return OutcomeLetter.objects.get(inspection=inspection)


def _queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_quality_assurance_returns_the_draft_with_comments(client, quality_assurance,
                                                           inspection, walk):
    walk(LetterState.QUALITY_ASSURANCE)
    client.force_login(quality_assurance)
    url = reverse("inspections:return-draft", args=[inspection.pk])
    page = text(client.get(url))
    assert ("The letter moves to 'drafting': the lead inspector revises it as version 2."
            in page)
    assert "No statutory clock starts or stops." in page

    refused = client.post(url, {"comments": "  "})
    assert "Say what the lead inspector needs to change" in text(refused)
    assert letter(inspection).state == LetterState.QUALITY_ASSURANCE

    response = client.post(url, {"comments": COMMENTS}, follow=True)
    assert response.redirect_chain == [
        (reverse("inspections:overview", args=[inspection.pk]), 302)]
    assert "returned to the lead inspector with your comments" in text(response)
    assert letter(inspection).state == LetterState.DRAFTING
    assert LetterReview.objects.get().comments == COMMENTS


def test_the_lead_reads_the_comments_and_the_area_does_not(client, quality_assurance,
                                                           lead_inspector, lano, inspection,
                                                           walk):
    walk(LetterState.QUALITY_ASSURANCE)
    letters.letter_return_draft(letter=letter(inspection), by=quality_assurance,
                                comments=COMMENTS)
    url = reverse("inspections:overview", args=[inspection.pk])
    client.force_login(lead_inspector)
    lead_page = text(client.get(url))
    assert "Outcome letter" in lead_page and "Version 2 (earlier versions: 1)" in lead_page
    reviewer = quality_assurance.get_full_name()
    assert f"Version 1: returned with comments by {reviewer} (Ofsted)" in lead_page
    assert COMMENTS in lead_page
    assert "Submit the draft for quality assurance" in lead_page

    client.force_login(lano)
    response = client.get(url)
    area_page = text(response)
    assert "Outcome letter" in area_page and "Drafting" in area_page
    assert COMMENTS not in area_page
    assert 'id="letter-reviews"' not in response.content.decode()


def test_publishing_is_not_offered_until_the_final_report_is_issued(client, ofsted_admin,
                                                                    inspection, walk):
    walk(LetterState.DRAFT_WITH_LOCAL_AREA)
    client.force_login(ofsted_admin)
    page = text(client.get(reverse("inspections:publish", args=[inspection.pk])))
    assert ("You cannot publish the report while the letter is 'draft with local area': the "
            "final report is issued first.") in page
    response = client.post(reverse("inspections:publish", args=[inspection.pk]),
                           {"on_0": 8, "on_1": 2, "on_2": 2018})
    assert "while the letter is 'draft with local area'" in text(response)
    overview = client.get(reverse("inspections:overview", args=[inspection.pk]))
    assert "Publish the report" not in [a["label"] for a in overview.context["actions"]]


def test_the_overview_reads_a_constant_number_of_queries_whatever_the_versions(
        client, ofsted_admin, quality_assurance, lead_inspector, inspection, walk):
    walk(LetterState.QUALITY_ASSURANCE)
    url = reverse("inspections:overview", args=[inspection.pk])
    client.force_login(ofsted_admin)

    def return_and_resubmit():
        letters.letter_return_draft(letter=letter(inspection), by=quality_assurance,
                                    comments=COMMENTS)
        letters.letter_submit_for_qa(letter=letter(inspection), by=lead_inspector)

    return_and_resubmit()
    few = _queries(client, url)
    for _ in range(3):
        return_and_resubmit()
    assert letter(inspection).versions.count() == 5
    assert _queries(client, url) == few


def test_your_inspections_reads_a_constant_number_of_queries_with_letters(
        client, lano, make_inspection, assign, lead_inspector, walk_to):
    client.force_login(lano)
    url = reverse("inspections:ours")
    mondays = [D(2017, 10, 2) + datetime.timedelta(weeks=n) for n in range(4)]

    def reporting(monday):
        made = make_inspection(start=monday, end=monday + datetime.timedelta(days=4))
        assign(made, lead_inspector, "lead")
        walk_to(made, LetterState.DRAFT_WITH_LOCAL_AREA)

    reporting(mondays[0])
    few = _queries(client, url)
    for monday in mondays[1:]:
        reporting(monday)
    rows = client.get(url).context["rows"]
    assert len(rows) == 4
    assert all(row.next_step.startswith("Send your comments on the draft letter by")
               for row in rows)
    assert _queries(client, url) == few


def test_lists_show_where_a_reporting_inspections_letter_stands_in_constant_queries(
        client, ofsted_admin, make_inspection, assign, lead_inspector, walk_to):
    client.force_login(ofsted_admin)
    url = reverse("inspections:list")
    mondays = [D(2017, 10, 2) + datetime.timedelta(weeks=n) for n in range(4)]
    places = [LetterState.DRAFTING, LetterState.QUALITY_ASSURANCE,
              LetterState.DRAFT_WITH_LOCAL_AREA, LetterState.FINAL_ISSUED]

    def reporting(monday, place):
        made = make_inspection(start=monday, end=monday + datetime.timedelta(days=4))
        assign(made, lead_inspector, "lead")
        walk_to(made, place)

    reporting(mondays[0], places[0])
    few = _queries(client, url)
    for monday, place in zip(mondays[1:], places[1:], strict=True):
        reporting(monday, place)
    page = text(client.get(url))
    for place in places:
        assert f"Reporting Letter: {place.label.lower()}" in page
    assert _queries(client, url) == few
