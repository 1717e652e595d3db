"""The letter as it reads from the service's own records: the demo's Medway letter, made
through the services, reads word for word as the published letter, and renders to the same
PDF text; `render_letter` writes it from the command line; the Celery task keeps each render
with its hash. A 2023-framework letter states its outcome in the framework's words, ends its
findings with its recommendations and has no written statement of action; either letter
prints its findings on the area's self-evaluation when there are some."""

import datetime
import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from audit.models import AuditEvent
from inspections.models import OUTCOME_WORDING, Inspection, Outcome, State, TeamRole
from inspections.services import inspection_record_outcome
from reports.content import letter_content, medway_content
from reports.findings import finding_add
from reports.models import LetterRender, LetterState, OutcomeLetter
from reports.parts import determination_decide, determination_recommend
from reports.pdf import render_letter_pdf
from reports.rendering import letter_for_rendering
from reports.tasks import render_letter

pytestmark = pytest.mark.django_db
MEDWAY = "SEND-MEDWAY-2017-12"


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in
                             PdfReader(io.BytesIO(pdf)).pages).split())


def test_the_demo_medway_letter_reads_as_the_published_letter(seeded):
    content = letter_content(letter_for_rendering(inspection__reference=MEDWAY))
    published = medway_content()
    for part in ("title", "letter_date", "letterhead", "addressee", "also_addressed",
                 "salutation", "opening", "main_findings", "sections", "closing",
                 "significant_weaknesses", "sign_off", "cc"):
        assert getattr(content, part) == getattr(published, part), part
    assert sorted(content.signatories, key=lambda s: (s.inspectorate, s.name)) == sorted(
        published.signatories, key=lambda s: (s.inspectorate, s.name))


def test_reading_the_letter_takes_a_fixed_number_of_queries(seeded):
    with CaptureQueriesContext(connection) as queries:
        letter_content(letter_for_rendering(inspection__reference=MEDWAY))
    assert len(queries) <= 10


def test_render_letter_writes_the_final_letter(seeded, tmp_path):
    out = tmp_path / "medway.pdf"
    said = io.StringIO()
    call_command("render_letter", MEDWAY, str(out), stdout=said)
    assert "final" in said.getvalue()
    text = _text(out.read_bytes())
    assert "Joint local area SEND inspection in Medway" in text
    assert "the lack of effective co-production at all levels." in text
    assert "DRAFT" not in text
    with pytest.raises(CommandError, match="No outcome letter has been started"):
        call_command("render_letter", "SEND-NOWHERE", str(out))


def test_the_task_keeps_each_render_with_its_hash(seeded):
    letter = OutcomeLetter.objects.get(inspection__reference=MEDWAY)
    first = render_letter.delay(letter.pk).get()
    again = render_letter.delay(letter.pk).get()
    assert first["render_id"] != again["render_id"]
    render = LetterRender.objects.get(pk=first["render_id"])
    with render.file.open("rb") as stored:
        pdf = stored.read()
    assert hashlib.sha256(pdf).hexdigest() == render.sha256 == first["sha256"]
    assert (render.size, render.pages, render.draft) == (len(pdf), first["pages"], False)
    # The final report is a version of its own, after the draft sent (version 1).
    assert render.version_number == 2
    assert render.file.name.startswith(f"letters/{letter.pk}/")


def test_a_draft_is_marked_on_every_page(seeded):
    letter = OutcomeLetter.objects.get(inspection__reference="SEND-BIRMINGHAM-DRAFT")
    render = LetterRender.objects.get(pk=render_letter.delay(letter.pk).get()["render_id"])
    assert render.draft
    with render.file.open("rb") as stored:
        reader = PdfReader(stored)
        assert all("DRAFT – RESTRICTED AND CONFIDENTIAL" in (page.extract_text() or "")
                   for page in reader.pages)


def test_the_pdf_page_asks_for_a_render_and_serves_it(client, walk, inspection, lead_inspector,
                                                      lano, settings, tmp_path,
                                                      django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "media"
    walk(LetterState.DRAFTING)
    url = reverse("reports:letter-pdf", args=[inspection.pk])
    client.force_login(lead_inspector)
    assert "No PDF of the letter has been prepared yet." in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(url)
    assert asked.status_code == 302
    render = LetterRender.objects.get()
    page = client.get(url).content.decode()
    assert "A new PDF is being prepared" not in page
    download = reverse("reports:letter-pdf-download", args=[inspection.pk, render.pk])
    assert download in page and "Download version 1 (draft)" in page
    got = client.get(download)
    pdf = b"".join(got.streaming_content)
    assert hashlib.sha256(pdf).hexdigest() == render.sha256
    assert got["Content-Disposition"].startswith("attachment;")
    assert "-draft.pdf" in got["Content-Disposition"]
    assert got["X-Content-Type-Options"] == "nosniff" and "no-store" in got["Cache-Control"]
    assert list(AuditEvent.objects.filter(action__startswith="letter.pdf_").order_by("id")
                .values_list("action", flat=True)) == ["letter.pdf_requested",
                                                       "letter.pdf_downloaded"]
    client.force_login(lano)
    assert client.get(url).status_code == 404
    assert client.get(download).status_code == 404


def test_a_request_not_yet_rendered_says_so(client, walk, inspection, lead_inspector):
    walk(LetterState.DRAFTING)
    client.force_login(lead_inspector)
    url = reverse("reports:letter-pdf", args=[inspection.pk])
    client.post(url)  # the test's transaction never commits: the task is not started
    assert "A new PDF is being prepared" in client.get(url).content.decode()


# A letter of a 2023-framework inspection ---------------------------------------------------

D = datetime.date
MAIN_2023 = "Children and young people with SEND have inconsistent experiences."
SELF_EVALUATION = "Leaders' self-evaluation identifies the waits that inspectors found."
RECOMMENDATIONS = ["Leaders should reduce the time families wait for EHC needs assessments.",
                   "The partnership should strengthen its oversight of alternative provision."]
# The framework's words (Barnet paper, para 1.13), typed out again here so that a change to
# OUTCOME_WORDING is caught.
FRAMEWORK_WORDS = {
    1: "The local area partnership's arrangements typically lead to positive experiences and "
       "outcomes for children and young people with SEND. The local area partnership is "
       "taking action where improvements are needed.",
    2: "The local area partnership's arrangements lead to inconsistent experiences and "
       "outcomes for children and young people with SEND. The local area partnership must "
       "work jointly to make improvements.",
    3: "There are widespread and/or systemic failings leading to significant concerns about "
       "the experiences and outcomes of children and young people with SEND, which the local "
       "area partnership must address urgently.",
}
NEXT = {1: "within approximately five years", 2: "within approximately three years",
        3: "monitoring inspection within approximately 18 months"}


@pytest.fixture
def barnet_2023(make_inspection, assign, lead_inspector, team_inspector, barnet):
    made = make_inspection(local_area=barnet, framework="2023", start=D(2024, 1, 15),
                           end=D(2024, 1, 19), reference="SEND-BARNET-2024")
    assign(made, lead_inspector, TeamRole.LEAD)
    assign(made, team_inspector, TeamRole.CQC)
    return made


def _write(letter, lead, findings) -> None:
    for section, kind, text in findings:
        finding_add(letter=letter, by=lead, section=section, kind=kind, text=text)


@pytest.fixture
def drafting_2023(walk_to, barnet_2023, lead_inspector) -> OutcomeLetter:
    """Barnet's 2023 inspection with its letter being drafted: a main finding, a strength,
    a finding on its self-evaluation and two recommendations."""
    walk_to(barnet_2023, LetterState.DRAFTING)
    letter = OutcomeLetter.objects.select_related("inspection").get(inspection=barnet_2023)
    _write(letter, lead_inspector, [
        ("main", "", MAIN_2023), ("A", "strength", "Needs are identified early."),
        ("recommendations", "", RECOMMENDATIONS[0]), ("self_evaluation", "", SELF_EVALUATION),
        ("recommendations", "", RECOMMENDATIONS[1])])
    return letter


def _content(inspection):
    return letter_content(letter_for_rendering(inspection=inspection))


@pytest.mark.parametrize("outcome", [1, 2, 3])
def test_a_2023_letter_states_its_outcome_in_the_frameworks_words(
        drafting_2023, lead_inspector, outcome):
    inspection_record_outcome(inspection=drafting_2023.inspection, by=lead_inspector,
                              outcome=outcome)
    content = _content(drafting_2023.inspection)
    assert content.outcome == FRAMEWORK_WORDS[outcome] == OUTCOME_WORDING[Outcome(outcome)]
    assert NEXT[outcome] in " ".join(content.outcome_follow_up)
    assert "update and publish its strategic plan" in content.outcome_follow_up[-1]
    assert content.title == "Area SEND inspection of Barnet Local Area Partnership"
    assert content.main_findings == [MAIN_2023]
    assert content.recommendations == RECOMMENDATIONS
    assert content.self_evaluation == [SELF_EVALUATION]


def test_a_2023_letter_has_no_outcome_until_it_is_recorded(drafting_2023):
    content = _content(drafting_2023.inspection)
    assert (content.outcome, content.outcome_follow_up) == ("", [])
    assert content.recommendations == RECOMMENDATIONS


def test_a_2023_letter_prints_no_written_statement_of_action(
        walk_to, barnet_2023, lead_inspector, ofsted_admin):
    """Even with a determination on record, the 2023 framework has no WSOA: its outcome 3
    leads to monitoring instead."""
    walk_to(barnet_2023, State.ON_SITE)
    inspection = Inspection.objects.get(pk=barnet_2023.pk)
    determination_recommend(inspection=inspection, by=lead_inspector, wsoa_required=True,
                            principal_authority="joint", weaknesses=["weak leadership"])
    determination_decide(inspection=inspection, by=ofsted_admin, agreed=True)
    walk_to(barnet_2023, LetterState.DRAFTING)
    inspection_record_outcome(inspection=Inspection.objects.get(pk=barnet_2023.pk),
                              by=lead_inspector, outcome=3)
    content = _content(barnet_2023)
    words = " ".join(content.opening + content.outcome_follow_up)
    assert "Written Statement of Action" not in words
    assert "Children and Families Act 2014" not in words
    assert (content.closing, content.significant_weaknesses) == ([], [])
    assert "monitoring inspection" in words
    assert "Clinical commissioning group(s)" not in content.cc
    assert "Integrated care board(s)" in content.cc


def test_the_2023_pdf_states_the_outcome_and_the_recommendations(drafting_2023,
                                                                 lead_inspector):
    inspection_record_outcome(inspection=drafting_2023.inspection, by=lead_inspector,
                              outcome=2)
    content = _content(drafting_2023.inspection)
    text = _text(render_letter_pdf(content, draft=True))
    outcome = text.index("Inspection outcome")
    assert text.index(content.opening[0][:60]) < outcome < text.index(content.opening[1][:40])
    assert text.index(FRAMEWORK_WORDS[2][:70]) > outcome
    improve = text.index("What the local area partnership needs to do to improve")
    assert text.index("Main findings") < text.index("The local area's self-evaluation") < improve
    assert improve < text.index(RECOMMENDATIONS[0][:50]) < text.index(RECOMMENDATIONS[1][:50])
    assert text.index(RECOMMENDATIONS[1][:50]) < text.index("Yours sincerely")
    assert "Written Statement of Action" not in text


def test_a_2016_letter_prints_its_self_evaluation_findings_only_when_written(
        walk, inspection, lead_inspector):
    walk(LetterState.DRAFTING)
    letter = OutcomeLetter.objects.select_related("inspection").get(inspection=inspection)
    _write(letter, lead_inspector, [("main", "", "Leaders know the area well.")])
    content = _content(inspection)
    assert content.self_evaluation == []
    assert "The local area's self-evaluation" not in _text(
        render_letter_pdf(content, draft=True))
    _write(letter, lead_inspector, [("self_evaluation", "", SELF_EVALUATION)])
    content = _content(inspection)
    assert content.title == "Joint local area SEND inspection in Medway"
    assert content.self_evaluation == [SELF_EVALUATION]
    assert (content.outcome, content.recommendations) == ("", [])
    text = _text(render_letter_pdf(content, draft=True))
    assert text.index("The local area's self-evaluation") < text.index(SELF_EVALUATION)
    assert "Inspection outcome" not in text
    assert "What the local area partnership needs to do to improve" not in text


def test_a_letter_to_an_area_with_no_dcs_on_record_is_addressed_to_the_office(
        drafting_2023):
    """Barnet's register names no DCS in the tests: the letter does not open with a bare
    "Dear"."""
    content = _content(drafting_2023.inspection)
    assert (content.addressee, content.salutation) == (
        [], "Dear Director of Children's Services")
