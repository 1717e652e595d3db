"""seed_demo's Medway letter carries the published letter's findings, word for word, each
main finding traced to the evidence behind it; its 2023 Hertfordshire letter is published with
its outcome and recommendations; every published demo letter has findings; Essex's draft is
with the area, commented on."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from inspections.models import OUTCOME_WORDING, Outcome, State
from reports import demo_letter
from reports.content import letter_content
from reports.models import Finding, LetterState, OutcomeLetter
from reports.rendering import letter_for_rendering

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
    assert set(Finding.objects.filter(letter=medway_letter)
               .values_list("written_by__username", flat=True)) == {"diana.choulerton"}


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


def test_the_2023_demo_letter_is_published_with_its_outcome_and_recommendations(
        medway_letter, client):
    letter = letter_for_rendering(inspection__reference="SEND-HERTS-2023")
    assert letter.state == LetterState.FINAL_ISSUED
    assert letter.inspection.state == State.PUBLISHED
    content = letter_content(letter)
    assert content.title == "Area SEND inspection of Hertfordshire Local Area Partnership"
    assert content.outcome == OUTCOME_WORDING[Outcome.INCONSISTENT]
    assert 2 <= len(content.recommendations) <= 3
    assert content.main_findings and content.self_evaluation
    assert all(section.strengths and section.areas_for_development
               for section in content.sections)
    assert (content.closing, content.significant_weaknesses) == ([], [])
    page = client.get(reverse("register:letter", args=["SEND-HERTS-2023"])).content.decode()
    assert page.index("Inspection outcome") < page.index(escape(content.outcome)) < page.index(
        "Main findings")
    improve = page.index("What the local area partnership needs to do to improve")
    assert improve < page.index(escape(content.recommendations[0]))


def test_every_published_demo_letter_has_findings(medway_letter, client):
    published = OutcomeLetter.objects.filter(
        state=LetterState.FINAL_ISSUED,
        inspection__state__in=(State.PUBLISHED, State.CLOSED)).select_related("inspection")
    assert {letter.inspection.reference for letter in published} >= {
        "SEND-MEDWAY-2017-12", "SEND-SURREY-2019", "SEND-HERTS-2023"}
    for letter in published:
        assert letter.findings.filter(section="main").exists(), letter.inspection.reference
        for question in "ABC":
            assert letter.findings.filter(section=question).exists(), (
                letter.inspection.reference, question)
    surrey = client.get(reverse("register:letter", args=["SEND-SURREY-2019"])).content.decode()
    assert "Main findings" in surrey and "Strengths" in surrey


def test_the_essex_draft_is_with_the_area_and_commented_on(medway_letter, client):
    """Seeded with the rest: Essex's draft, sent three working days before today, read by
    its DCS and the LANO she named; two comments, one answered."""
    from accounts.models import User

    essex = OutcomeLetter.objects.select_related("inspection").get(
        inspection__reference="SEND-ESSEX-DRAFT-SENT")
    assert essex.state == LetterState.DRAFT_WITH_LOCAL_AREA
    assert sorted(essex.recipients.values_list("user__username", "capacity")) == [
        ("lano.essex", "representative"), ("leader.essex", "dcs")]
    assert sorted(bool(c.response) for c in essex.accuracy_comments.all()) == [False, True]
    client.force_login(User.objects.get(username="lano.essex"))
    page = client.get(reverse("reports:comments", args=[essex.inspection_id]))
    assert page.status_code == 200
    shown = page.content.decode()
    assert "Add a comment" in shown and "Waiting for an answer" in shown
    assert "the finding stands" in shown


def test_the_medway_determination_is_dated_as_it_happened_on_site(medway_letter):
    """The final team meeting on the evening of day 4; the decision of HMCI's delegate on
    the morning of day 5, before the feedback meeting that day."""
    from django.utils import timezone

    from config import clock

    determination = medway_letter.inspection.determination
    recommended = timezone.localtime(determination.recommended_at, clock.ENGLAND)
    decided = timezone.localtime(determination.decided_at, clock.ENGLAND)
    assert (recommended.date(), recommended.hour) == (medway_letter.inspection.onsite_start
                                                      + datetime.timedelta(3), 17)
    assert decided.date() == medway_letter.inspection.feedback_on and decided.hour < 12
