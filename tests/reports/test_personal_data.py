"""The letter is read for what looks like a child's identity before quality assurance and
before publication: NHS numbers, unique pupil numbers, dates of birth, and names from the
inspection's case-file evidence."""

import datetime

import pytest
from django.urls import reverse

from evidence.services.records import evidence_record_create
from inspections.models import Inspection, State, TeamRole
from reports.findings import finding_add
from reports.models import LetterState, OutcomeLetter
from reports.personal_data import (
    letter_warnings,
    nhs_number_valid,
    personal_data_warnings,
    upn_valid,
)

# NHS England's published example number; a unique pupil number whose check letter follows
# the DfE's rule by hand: 8×2 + 1×4 + 2×5 + 1×10 + 1×13 = 53, and 53 mod 23 = 7, "H".
NHS_NUMBER = "943 476 5919"
UPN = "H801200001001"


def _kinds(text, **given) -> list[tuple[str, str]]:
    return [(w.kind, w.text) for w in personal_data_warnings(text, **given)]


def test_nhs_numbers_are_found_only_with_their_check_digit():
    assert nhs_number_valid("9434765919")
    assert not nhs_number_valid("9434765918")
    assert _kinds(f"The plan gave NHS number {NHS_NUMBER}.") == [("nhs_number", NHS_NUMBER)]
    assert _kinds("Of 1234567890 requests, 412 plans were issued.") == []
    assert _kinds("Call 0300 123 1231 for help.") == []


def test_unique_pupil_numbers_are_found_only_with_their_check_letter():
    assert upn_valid(UPN)
    assert not upn_valid("A801200001001")
    assert _kinds(f"A pupil ({UPN}) was excluded.") == [("upn", UPN)]


@pytest.mark.parametrize("text", ["She was born on 3 March 2012 in Chatham.",
                                  "DOB: 03/03/2012", "date of birth 3rd March 2012"])
def test_dates_of_birth_are_found(text):
    assert [kind for kind, _ in _kinds(text)] == ["date_of_birth"]


def test_dates_that_are_not_births_are_not():
    assert _kinds("Between 4 December 2017 and 8 December 2017, inspectors met leaders.") == []


def test_names_from_case_files_are_found_but_not_places_or_the_team():
    case_files = ["Jamie Smith's plan had no health advice; reviewed with Medway Council."]
    letter = ("Jamie Smith waited a year. Medway Council leaders agree. Diana Choulerton led "
              "the inspection.")
    assert _kinds(letter, case_file_texts=[*case_files, "Diana Choulerton reviewed it"],
                  known={"Diana Choulerton"}) == [("name", "Jamie Smith")]
    assert _kinds("Jamie Smith waited a year.") == []  # a name nowhere in the case files


@pytest.mark.django_db
def test_quality_assurance_and_publication_are_warned(client, walk, inspection,
                                                       lead_inspector, team_inspector,
                                                       ofsted_admin):
    walk(State.ON_SITE)
    evidence_record_create(inspection=Inspection.objects.get(pk=inspection.pk),
                           by=team_inspector, final=True, activity="case_file",
                           questions=["B"], text="Jamie Smith's plan lacked health advice")
    walk(LetterState.DRAFTING)
    letter = OutcomeLetter.objects.select_related("inspection").get(inspection=inspection)
    finding_add(letter=letter, by=lead_inspector, section="B", kind="development",
                text=f"Jamie Smith (NHS number {NHS_NUMBER}) waited a year for therapy.")
    client.force_login(lead_inspector)
    page = client.get(reverse("inspections:submit-for-qa", args=[inspection.pk])).content
    text = page.decode()
    assert "what looks like an NHS number: 943 476 5919" in text
    assert "what looks like a name from the case-file evidence: Jamie Smith" in text
    walk(LetterState.FINAL_ISSUED)
    client.force_login(ofsted_admin)
    publish = client.get(reverse("inspections:publish", args=[inspection.pk])).content.decode()
    assert "what looks like an NHS number: 943 476 5919" in publish


@pytest.mark.django_db
def test_the_self_evaluation_findings_and_recommendations_are_read_too(
        walk_to, make_inspection, assign, lead_inspector, barnet):
    made = make_inspection(local_area=barnet, framework="2023", start=datetime.date(2024, 1, 15),
                           end=datetime.date(2024, 1, 19))
    assign(made, lead_inspector, TeamRole.LEAD)
    walk_to(made, LetterState.DRAFTING)
    letter = OutcomeLetter.objects.select_related("inspection").get(inspection=made)
    finding_add(letter=letter, by=lead_inspector, section="recommendations",
                text=f"Leaders should review the plan of the child with NHS number {NHS_NUMBER}.")
    finding_add(letter=letter, by=lead_inspector, section="self_evaluation",
                text=f"The self-evaluation quotes pupil {UPN}.")
    assert [(w.kind, w.text) for w in letter_warnings(letter)] == [
        ("nhs_number", NHS_NUMBER), ("upn", UPN)]
