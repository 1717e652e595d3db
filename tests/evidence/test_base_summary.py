"""Each inspector's cumulative summary of evidence and analysis (handbook 35): their final
evidence question by question, as strengths and areas for development, with its text."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.models import EvidenceAspect, EvidenceStatus, Weighing
from evidence.selectors import SUMMARY_SECTION_SIZE
from tests.evidence.test_base_list import evidence, many
from tests.factories import UserFactory


def summary_url(of, user) -> str:
    return reverse("evidence:summary", args=[of.pk, user.pk])


def section(html: str, question: str, weighing: str) -> str:
    """The part of the page under one question's heading for one weighing."""
    start = html.index(f'id="question-{question}-{weighing}"')
    end = html.find('<h3 class="govuk-heading-s"', start + 1)
    next_question = html.find('<h2 class="govuk-heading-m', start + 1)
    ends = [at for at in (end, next_question) if at != -1]
    return html[start:min(ends) if ends else None]


def test_the_summary_groups_the_inspectors_final_evidence_by_question_and_weighing(
        client, on_site, lead_inspector, team_inspector):
    evidence(on_site, lead_inspector, informs_a=True, weighing=Weighing.STRENGTH,
             text="Early identification in nurseries is strong.")
    evidence(on_site, lead_inspector, text="Waits for assessment are long.")
    evidence(on_site, lead_inspector, status=EvidenceStatus.DRAFT, text="Half written")
    evidence(on_site, team_inspector, text="The team inspector's own")
    client.force_login(team_inspector)
    response = client.get(summary_url(on_site, lead_inspector))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Cumulative summary of evidence: {lead_inspector}" in html
    # A strength on A and B is under both questions; the area for development under B.
    assert "Early identification in nurseries is strong." in section(html, "A", "strength")
    assert "Early identification in nurseries is strong." in section(html, "B", "strength")
    assert "Waits for assessment are long." in section(html, "B", "development")
    assert "Waits for assessment are long." not in section(html, "A", "development")
    assert "None recorded yet." in section(html, "C", "strength")
    # Drafts and other inspectors' evidence are not in it; the drafts are counted.
    assert "Half written" not in html
    assert "The team inspector's own" not in html
    assert "1 draft</a> is not counted until final" in html
    counts = re.findall(r'<td class="govuk-table__cell govuk-table__cell--numeric">(.*?)</td>',
                        html)
    assert [re.sub(r"<span.*?</span>|<[^>]+>", "", count) for count in counts] == [
        "1", "0", "0", "1", "1", "0", "0", "0", "0"]


def test_a_long_section_shows_the_latest_and_links_to_the_rest_in_the_list(
        client, on_site, lead_inspector):
    many(on_site, lead_inspector, SUMMARY_SECTION_SIZE + 5, weighing=Weighing.STRENGTH)
    client.force_login(lead_inspector)
    html = client.get(summary_url(on_site, lead_inspector)).content.decode()
    strengths = section(html, "B", "strength")
    assert strengths.count("<li class=") == SUMMARY_SECTION_SIZE
    assert "Observation 0" in strengths
    assert f"Observation {SUMMARY_SECTION_SIZE}" not in strengths
    assert f"Showing the latest {SUMMARY_SECTION_SIZE} of {SUMMARY_SECTION_SIZE + 5}" in html
    assert (f"?author={lead_inspector.pk}&amp;question=B&amp;weighing=strength"
            f"&amp;status=final") in strengths


def test_only_the_team_and_those_who_wrote_evidence_have_a_summary(
        client, on_site, lead_inspector, quality_assurance):
    former = UserFactory(username="fay.former")
    evidence(on_site, former, text="Written before leaving the team")
    client.force_login(quality_assurance)
    assert client.get(summary_url(on_site, former)).status_code == 200
    assert client.get(summary_url(on_site, quality_assurance)).status_code == 404
    assert client.get(reverse("evidence:summary", args=[on_site.pk, 999999])).status_code == 404


def test_the_local_area_is_refused_an_inspectors_summary(client, on_site, lead_inspector,
                                                         local_area_leader):
    client.force_login(local_area_leader)
    assert client.get(summary_url(on_site, lead_inspector)).status_code == 403


def test_the_summary_costs_the_same_queries_for_ten_records_as_for_five_thousand(
        client, on_site, lead_inspector):
    def add(n):
        for weighing in Weighing.values:
            made = many(on_site, lead_inspector, n, weighing=weighing, informs_a=True,
                        informs_c=True)
            EvidenceAspect.objects.bulk_create([EvidenceAspect(record=record,
                                                               aspect="leadership")
                                                for record in made])
        many(on_site, lead_inspector, n, status=EvidenceStatus.DRAFT)

    client.force_login(lead_inspector)
    client.get(summary_url(on_site, lead_inspector))  # the first request writes the session
    add(3)
    with CaptureQueriesContext(connection) as small:
        client.get(summary_url(on_site, lead_inspector))
    add(1250)
    with CaptureQueriesContext(connection) as large:
        html = client.get(summary_url(on_site, lead_inspector)).content.decode()
    assert html.count("<li class=\"govuk-!-margin-bottom-6\">") == 9 * SUMMARY_SECTION_SIZE
    assert "Leadership" in html
    assert len(large) == len(small)
