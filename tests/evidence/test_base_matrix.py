"""The triangulation matrix: final evidence counted by activity and question, drafts beside
them, and a warning for each source the handbook expects that has given nothing final on a
question, so the lead inspector sees where evidence is thin before the final team meeting."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.models import Activity, EvidenceStatus
from evidence.selectors import EXPECTED_SOURCES, evidence_matrix
from tests.evidence.test_base_list import evidence, many, rows


def matrix_url(of) -> str:
    return reverse("evidence:matrix", args=[of.pk])


def cell(html: str, activity_label: str) -> list[str]:
    """The cells of the row headed by the activity, as text with its tags."""
    row = re.search(rf'<th scope="row" class="govuk-table__header">{re.escape(activity_label)}'
                    r"</th>(.*?)</tr>", html, flags=re.S).group(1)
    return [re.sub(r"<span class=\"govuk-visually-hidden\">.*?</span>|<[^>]+>", "", found)
            .strip() for found in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]


def test_final_evidence_is_counted_by_activity_and_question_and_drafts_beside_it(
        client, on_site, lead_inspector):
    evidence(on_site, lead_inspector, informs_a=True, informs_b=True)  # parents, A and B
    evidence(on_site, lead_inspector)  # parents, B
    evidence(on_site, lead_inspector, status=EvidenceStatus.DRAFT, informs_c=True)
    evidence(on_site, lead_inspector, activity=Activity.LEADERS, informs_b=False,
             informs_c=True)
    client.force_login(lead_inspector)
    html = client.get(matrix_url(on_site)).content.decode()
    # Question A, B, C, all final, drafts.
    assert cell(html, "Meeting with parents and carers") == ["1", "2", "None", "2", "1"]
    assert cell(html, "Meeting with leaders") == ["None", "None", "1", "1", "0"]
    # An activity the handbook does not expect on every question is not marked as a gap.
    assert cell(html, "Keep-in-touch meeting") == ["0", "0", "0", "0", "0"]
    assert cell(html, "All activities") == ["1", "2", "1", "3", "1"]
    assert "1 draft</a> is still to finish" in html


def test_each_count_links_to_the_list_filtered_to_its_cell(client, on_site, lead_inspector):
    evidence(on_site, lead_inspector, informs_a=True)
    evidence(on_site, lead_inspector)
    evidence(on_site, lead_inspector, status=EvidenceStatus.DRAFT)
    evidence(on_site, lead_inspector, activity=Activity.STAFF)
    client.force_login(lead_inspector)
    html = client.get(matrix_url(on_site)).content.decode()
    link = (f'{reverse("evidence:list", args=[on_site.pk])}?question=B&amp;activity=parents'
            f'&amp;status=final">2<')
    assert link in html
    listed = rows(client.get(reverse("evidence:list", args=[on_site.pk]),
                             {"question": "B", "activity": "parents", "status": "final"}))
    assert len(listed) == 2


def test_the_warnings_name_each_expected_source_with_no_final_evidence_on_a_question(
        client, on_site, lead_inspector):
    # Every expected source on every question, but for parents and carers on question B
    # (only a draft) and case files on question A.
    for activity in EXPECTED_SOURCES:
        evidence(on_site, lead_inspector, activity=activity,
                 informs_a=activity != Activity.CASE_FILE,
                 informs_b=activity != Activity.PARENTS, informs_c=True)
    evidence(on_site, lead_inspector, status=EvidenceStatus.DRAFT, informs_b=True)
    client.force_login(lead_inspector)
    html = client.get(matrix_url(on_site)).content.decode()
    gaps = re.findall(r"<li>(No evidence from [^<]+)</li>", html)
    assert gaps == ["No evidence from case file reviews for question A",
                    "No evidence from parents and carers for question B"]
    assert "Evidence is thin: 2 gaps, where a source the handbook expects" in html


def test_with_every_expected_source_on_every_question_there_is_no_warning(
        client, on_site, lead_inspector):
    for activity in EXPECTED_SOURCES:
        evidence(on_site, lead_inspector, activity=activity, informs_a=True, informs_c=True)
    client.force_login(lead_inspector)
    html = client.get(matrix_url(on_site)).content.decode()
    assert "govuk-warning-text" not in html
    assert 'id="no-gaps"' in html


def test_an_empty_evidence_base_warns_of_every_expected_source_on_every_question(on_site):
    assert len(evidence_matrix(inspection=on_site).gaps) == 3 * len(EXPECTED_SOURCES)


def test_the_matrix_is_a_table_with_a_caption_and_headers_for_rows_and_columns(
        client, on_site, quality_assurance):
    client.force_login(quality_assurance)
    html = client.get(matrix_url(on_site)).content.decode()
    assert "<caption" in html and "Final evidence by activity and question" in html
    assert len(re.findall(r'<th scope="col"', html)) == 6
    assert len(re.findall(r'<th scope="row"', html)) == len(Activity.choices) + 1


def test_the_matrix_links_to_each_team_members_summary(client, on_site, lead_inspector,
                                                       team_inspector):
    client.force_login(team_inspector)
    html = client.get(matrix_url(on_site)).content.decode()
    for member in (lead_inspector, team_inspector):
        assert reverse("evidence:summary", args=[on_site.pk, member.pk]) in html


def test_the_local_area_is_refused_the_matrix(client, on_site, lano):
    client.force_login(lano)
    assert client.get(matrix_url(on_site)).status_code == 403


@pytest.mark.django_db
def test_the_matrix_costs_the_same_queries_for_ten_records_as_for_five_thousand(
        client, on_site, lead_inspector, team_inspector):
    client.force_login(lead_inspector)
    client.get(matrix_url(on_site))  # the first request after signing in writes the session
    many(on_site, lead_inspector, 10)
    with CaptureQueriesContext(connection) as small:
        assert client.get(matrix_url(on_site)).status_code == 200
    many(on_site, team_inspector, 4990, informs_a=True)
    many(on_site, team_inspector, 100, activity=Activity.LEADERS, status=EvidenceStatus.DRAFT)
    with CaptureQueriesContext(connection) as large:
        html = client.get(matrix_url(on_site)).content.decode()
    assert cell(html, "Meeting with parents and carers")[:4] == ["4990", "5000", "None",
                                                                  "5000"]
    assert len(large) == len(small)
