"""The demo's written statements of action: Medway's of 2018 as the council's report and the
letter give it (eight areas of significant weakness, the final report received on 31 January
2018 so due on 14 May 2018, fit for purpose, published on the Local Offer), and one statement
in every stage of the cycle, and a fit one whose re-visit judged progress; seeding twice changes
nothing."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from deadlines.models import Deadline
from inspections.models import Inspection
from reports import demo_letter
from reports.content import letter_content
from reports.models import OutcomeLetter
from reports.rendering import letter_for_rendering
from wsoa.demo import DEMO_STAGES
from wsoa.models import (
    Action,
    ProgressNote,
    Publication,
    RevisitJudgement,
    Stage,
    Submission,
    Wsoa,
)

pytestmark = pytest.mark.django_db
D = datetime.date
MEDWAY = "SEND-MEDWAY-2017-12"


def _seed() -> None:
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def seeded(settings, tmp_path, django_capture_on_commit_callbacks):
    """The demo data, with the letters the decisions call for rendered once they commit."""
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    with django_capture_on_commit_callbacks(execute=True):
        _seed()


@pytest.fixture
def medway(seeded) -> Wsoa:
    return Wsoa.objects.select_related("inspection").get(inspection__reference=MEDWAY)


def _clock(wsoa, code):
    return Deadline.objects.filter(wsoa=wsoa, rule__code=code).order_by("-id").first()


def test_medway_statement_tackles_the_letters_eight_weaknesses_and_was_submitted_in_time(
        medway):
    weaknesses = list(medway.inspection.determination.weaknesses.order_by("position")
                      .values_list("text", flat=True))
    assert weaknesses == demo_letter.SIGNIFICANT_WEAKNESSES and len(weaknesses) == 8
    assert medway.principal_authority == "joint"
    # Determined on site, on the last day, before the feedback meeting.
    assert medway.determined_on == D(2017, 12, 8)
    # Due 70 working days from the receipt of the final report; submitted in time.
    assert medway.report_received_on == D(2018, 1, 31)
    clock = _clock(medway, "wsoa_submission")
    assert (clock.start_date, clock.due_date) == (D(2018, 1, 31), D(2018, 5, 14))
    assert (clock.status, clock.met_on) == ("met", D(2018, 5, 10))
    submission = Submission.objects.get(wsoa=medway)
    assert (submission.number, submission.submitted_on, submission.copies_confirmed) == (
        1, D(2018, 5, 10), True)
    assert submission.submitted_by.username == "lano.medway"
    assert submission.statement.document.statement_of_id == medway.pk
    assert submission.statement.kind == "pdf" and submission.statement.downloadable
    # Actions for every area of significant weakness, saying who takes each and by when.
    actions = list(Action.objects.filter(submission__wsoa=medway).select_related("weakness"))
    assert {a.weakness.position for a in actions} == set(range(1, 9))
    assert all(a.text and a.who and a.complete_by for a in actions)
    assert all(D(2018, 5, 10) < a.complete_by <= D(2019, 6, 30) for a in actions)
    whos = " ".join(a.who for a in actions)
    assert "Medway Council" in whos and "NHS Medway CCG" in whos
    assert "Lead Member for Children's Services" in whos


def test_medway_statement_is_fit_for_purpose_published_and_followed_by_the_dfe(medway):
    assert medway.stage == Stage.FIT
    review = Submission.objects.get(wsoa=medway).review
    assert (review.decision, review.decided_on, review.regional_director) == (
        "fit", D(2018, 5, 24), "Christopher Russell")
    assert set(review.views.values_list("inspectorate", "fitness")) == {("ofsted", "fit"),
                                                                        ("cqc", "fit")}
    review_clock = _clock(medway, "wsoa_review")
    assert (review_clock.due_date, review_clock.status, review_clock.met_on) == (
        D(2018, 5, 24), "met", D(2018, 5, 24))
    assert review.letter_pdf.name.startswith("wsoa/letters/") and review.letter_pages
    assert _clock(medway, "wsoa_resubmission") is None
    # Published on the Local Offer, and followed by the DfE.
    local_offer = Publication.objects.get(wsoa=medway, local_offer=True)
    assert local_offer.url.startswith("https://www.medway.gov.uk/")
    assert local_offer.published_on == D(2018, 6, 1)
    notes = ProgressNote.objects.filter(action__submission__wsoa=medway)
    assert notes.count() == 2 and {n.by.username for n in notes} == {"dfe.adviser"}
    advice = _clock(medway, "dfe_progress_review")
    assert (advice.start_date, advice.status) == (D(2018, 2, 8), "met")


def test_every_stage_has_a_demo_statement_and_seeding_again_changes_none(seeded):
    assert set(Wsoa.objects.values_list("stage", flat=True)) == set(Stage.values) == \
        DEMO_STAGES
    referred = Wsoa.objects.get(stage=Stage.MINISTER)
    assert referred.submissions.count() == 2 and referred.next_step
    assert all(s.review.letter_pdf for s in referred.submissions.all())
    revising = Wsoa.objects.get(stage=Stage.RESUBMISSION)
    assert _clock(revising, "wsoa_resubmission").due_date
    assert not Wsoa.objects.get(stage=Stage.AWAITING_RECEIPT).report_received_on
    # Every demo statement follows a 2016-framework inspection of 2016 to 2019.
    assert set(Wsoa.objects.values_list("inspection__framework", flat=True)) == {"2016"}
    assert all(D(2016, 1, 1) <= w.inspection.onsite_start <= D(2019, 12, 31)
               for w in Wsoa.objects.select_related("inspection"))
    counts = (Wsoa.objects.count(), Submission.objects.count(), Action.objects.count(),
              Publication.objects.count(), ProgressNote.objects.count(),
              Deadline.objects.filter(wsoa__isnull=False).count())
    _seed()
    assert counts == (Wsoa.objects.count(), Submission.objects.count(), Action.objects.count(),
                      Publication.objects.count(), ProgressNote.objects.count(),
                      Deadline.objects.filter(wsoa__isnull=False).count())


def test_a_fit_statement_is_re_visited_and_the_re_visit_judges_its_progress(seeded, client):
    wsoa = Wsoa.objects.select_related("inspection").get(
        inspection__reference="SEND-ESSEX-2017-WSOA")
    assert wsoa.stage == Stage.FIT
    assert Publication.objects.get(wsoa=wsoa).local_offer
    advice = _clock(wsoa, "dfe_progress_review")
    assert (advice.status, advice.met_on <= advice.due_date) == ("met", True)
    revisit = Inspection.objects.get(revisit_of=wsoa.inspection)
    assert (revisit.framework, revisit.state, revisit.onsite_start, revisit.onsite_end) == (
        "2016_revisit", "reporting", D(2018, 9, 3), D(2018, 9, 5))
    # 18 months from the last day on site, Friday 10 March 2017; met on the first day back.
    clock = _clock(wsoa, "revisit")
    assert (clock.due_date, clock.status, clock.met_on) == (D(2018, 9, 10), "met",
                                                            D(2018, 9, 3))
    judged = list(RevisitJudgement.objects.filter(revisit=revisit)
                  .order_by("weakness__position").values_list("progress", "by__username"))
    assert judged == [("sufficient", "hmi.lead"), ("sufficient", "hmi.lead"),
                      ("not_sufficient", "hmi.lead")]
    letter = OutcomeLetter.objects.get(inspection=revisit)
    content = letter_content(letter_for_rendering(pk=letter.pk))
    assert [progress for _, progress in content.revisit_progress] == [
        "Sufficient progress", "Sufficient progress", "Not sufficient progress"]
    # The statement's page leads the inspectorates to the judgements; not the area.
    page = reverse("wsoa:detail", args=[wsoa.pk])
    progress = reverse("wsoa:revisit-progress", args=[wsoa.pk])
    client.force_login(User.objects.get(username="ofsted.admin"))
    assert progress in client.get(page).content.decode()
    client.force_login(User.objects.get(username="lano.essex"))
    seen = client.get(page)
    assert seen.status_code == 200 and progress not in seen.content.decode()
