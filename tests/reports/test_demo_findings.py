"""seed_demo's Medway letter carries the published letter's findings, word for word, each
main finding traced to the evidence behind it."""

import io

import pytest
from django.core.management import call_command

from inspections.models import State
from reports import demo_letter
from reports.models import Finding, LetterState, OutcomeLetter

pytestmark = pytest.mark.django_db


@pytest.fixture
def medway_letter(settings, tmp_path) -> OutcomeLetter:
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    return OutcomeLetter.objects.select_related("inspection").get(
        inspection__reference="SEND-MEDWAY-2017-12")


def _texts(letter, section, kind=None) -> list[str]:
    rows = Finding.objects.filter(letter=letter, section=section).order_by("position")
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows.values_list("text", flat=True))


def test_the_medway_letter_holds_every_finding_of_the_published_letter(medway_letter):
    assert medway_letter.state == LetterState.FINAL_ISSUED
    assert medway_letter.inspection.state == State.PUBLISHED
    assert _texts(medway_letter, "main") == demo_letter.MAIN_FINDINGS
    for section in demo_letter.SECTIONS:
        question = section["question"]
        assert _texts(medway_letter, question, "strength") == section["strengths"]
        assert _texts(medway_letter, question, "development") == section[
            "areas_for_development"]
    assert set(Finding.objects.values_list("written_by__username", flat=True)) == {
        "diana.choulerton"}


def test_every_main_finding_rests_on_the_medway_evidence(medway_letter):
    main = Finding.objects.filter(letter=medway_letter, section="main")
    for finding in main:
        records = list(finding.evidence.all())
        assert records, finding.text[:60]
        assert {record.inspection_id for record in records} == {medway_letter.inspection_id}
        assert {record.status for record in records} == {"final"}


def test_seeding_again_adds_no_findings(medway_letter):
    before = Finding.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Finding.objects.count() == before
