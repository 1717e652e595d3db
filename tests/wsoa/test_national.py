"""seed_demo --scale national's written statements of action, at a small fraction: in every
stage, with HMCI's determinations, actions for every area of significant weakness, joint
reviews, and clocks that agree with the stage and with the working-day calendar."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, F, Q

from accounts import roles
from audit.models import AuditEvent
from audit.wording import ACTIONS
from deadlines.models import Deadline, DeadlineStatus
from deadlines.selectors import calendar_current
from deadlines.services import deadline_preview
from evidence.models import HoldReason, RetentionHold
from inspections.models import Framework, Inspection
from inspections.scheduling import NOT_REVISITED_IF_INSPECTED_AFTER
from reports.models import OutcomeLetter
from tests.conftest import midday_in_england
from wsoa.models import (
    Action,
    Fitness,
    InspectorateView,
    ProgressNote,
    Review,
    RevisitJudgement,
    Stage,
    Submission,
    Wsoa,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)
FRACTION = 0.05
NATIONAL = r"-N[0-9]{4}$"  # the national inspections' references
OPEN, MET, MISSED = DeadlineStatus.OPEN, DeadlineStatus.MET, DeadlineStatus.MISSED
RUNNING = {OPEN, MISSED}  # a clock still counting, on time or overdue
CYCLE = ["wsoa_submission", "wsoa_review", "wsoa_resubmission"]


@pytest.fixture(autouse=True)
def debug_on(settings):
    settings.DEBUG = True


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(midday_in_england(TODAY), tick=False):
        yield TODAY


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seeded once for the module, and rolled back at its end."""
    from django.db import transaction
    from django.test.utils import override_settings

    with django_db_blocker.unblock(), override_settings(DEBUG=True), \
            time_machine.travel(midday_in_england(TODAY), tick=False):
        atomic = transaction.atomic()
        atomic.__enter__()
        out = io.StringIO()
        call_command("seed_demo", stdout=out, verbosity=0, scale="national",
                     fraction=FRACTION)
        yield out.getvalue()
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def _wsoas():
    return Wsoa.objects.filter(inspection__reference__regex=NATIONAL)


def _clocks(wsoa: Wsoa) -> dict[str, list[Deadline]]:
    clocks: dict[str, list[Deadline]] = {}
    for deadline in wsoa.deadlines.select_related("rule").order_by("start_date", "id"):
        clocks.setdefault(deadline.rule.code, []).append(deadline)
    return clocks


def test_statements_in_every_stage_follow_published_2016_inspections(seeded):
    wsoas = _wsoas()
    counts = dict(wsoas.values_list("stage").annotate(n=Count("id")))
    assert set(counts) == set(Stage.values)
    # Most are fit; the ones on their way and those referred are a few.
    assert counts[Stage.FIT] > max(n for stage, n in counts.items() if stage != Stage.FIT)
    assert not wsoas.exclude(inspection__framework=Framework.LOCAL_AREA_SEND_2016).exists()
    assert not wsoas.exclude(inspection__state__in=["published", "closed"]).exists()
    assert not wsoas.exclude(local_area=F("inspection__local_area")).exists()
    # Each where the evidence base is held for a written statement of action, and only there.
    held = RetentionHold.objects.filter(reason=HoldReason.WSOA, released_at__isnull=True,
                                        inspection__reference__regex=NATIONAL)
    assert set(held.values_list("inspection", flat=True)) == set(
        wsoas.values_list("inspection", flat=True))
    # A re-visit of an inspection with a statement judges progress on each of its areas.
    revisited = Inspection.objects.filter(reference__regex=NATIONAL,
                                          framework=Framework.REVISIT_2016,
                                          revisit_of__wsoa__isnull=False)
    assert revisited.exists()
    for revisit in revisited.select_related("revisit_of__determination"):
        weaknesses = revisit.revisit_of.determination.weaknesses.count()
        assert RevisitJudgement.objects.filter(revisit=revisit).count() == weaknesses
    assert not RevisitJudgement.objects.exclude(revisit__in=revisited).filter(
        revisit__reference__regex=NATIONAL).exists()
    # And every re-visit follows a statement: a re-visit judges progress on one.
    assert not Inspection.objects.filter(
        reference__regex=NATIONAL, framework=Framework.REVISIT_2016, revisit_of__isnull=False,
        revisit_of__wsoa__isnull=True).exists()


def test_each_follows_an_agreed_determination_with_its_weaknesses(seeded):
    for wsoa in _wsoas().select_related("inspection__determination"):
        determination = wsoa.inspection.determination
        assert determination.wsoa_required and determination.recommended_wsoa
        assert determination.decision == "agreed"
        assert determination.principal_authority == wsoa.principal_authority
        assert determination.recommended_authority == wsoa.principal_authority
        assert determination.recommended_at < determination.decided_at
        assert determination.decided_at.date() == wsoa.determined_on == \
            wsoa.inspection.onsite_end
        assert 3 <= determination.weaknesses.count() <= 8


def test_every_submission_has_actions_for_every_weakness(seeded):
    submissions = Submission.objects.filter(wsoa__in=_wsoas()).select_related(
        "wsoa__inspection__determination", "statement__document")
    assert submissions.filter(number=2).exists()
    for submission in submissions:
        weaknesses = set(submission.wsoa.inspection.determination.weaknesses
                         .values_list("pk", flat=True))
        actions = Action.objects.filter(submission=submission)
        assert set(actions.values_list("weakness", flat=True)) == weaknesses
        assert not actions.filter(Q(who="") | Q(text="") | Q(complete_by__isnull=True)).exists()
        document = submission.statement.document
        assert document.statement_of_id == submission.wsoa_id
        assert document.inspection_id == submission.wsoa.inspection_id
        assert submission.statement.downloadable
        assert submission.copies_confirmed
        # Submitted after the final report was received, and published by the area.
        assert submission.submitted_on >= submission.wsoa.report_received_on
        assert submission.wsoa.publications.exists()
    # Submissions come one after another, the first before the second.
    assert set(Submission.objects.filter(wsoa__in=_wsoas()).values("wsoa")
               .annotate(n=Count("id")).values_list("n", flat=True)) <= {1, 2}


def test_reviews_and_stages_agree(seeded):
    letters = dict(OutcomeLetter.objects.values_list("inspection", "final_issued_on"))
    for wsoa in _wsoas().prefetch_related("submissions__review__views",
                                          "submissions__review__recommendations"):
        submissions = sorted(wsoa.submissions.all(), key=lambda s: s.number)
        decisions = [s.review.decision for s in submissions]
        if wsoa.stage == Stage.AWAITING_RECEIPT:
            assert wsoa.report_received_on is None and not submissions
            continue
        assert wsoa.report_received_on >= letters[wsoa.inspection_id]
        expected = {
            Stage.DRAFTING: [[]],
            Stage.UNDER_REVIEW: [[""], [Fitness.NOT_FIT, ""]],
            Stage.RESUBMISSION: [[Fitness.NOT_FIT]],
            Stage.FIT: [[Fitness.FIT], [Fitness.NOT_FIT, Fitness.FIT]],
            Stage.MINISTER: [[Fitness.NOT_FIT, Fitness.NOT_FIT]],
        }[wsoa.stage]
        assert decisions in expected, (wsoa.stage, decisions)
        assert (wsoa.minister_advised_on is not None) == (wsoa.stage == Stage.MINISTER)
        for submission in submissions:
            review = submission.review
            views = {view.inspectorate: view.fitness for view in review.views.all()}
            recommendations = review.recommendations.all()
            if review.decision:
                assert views == {"ofsted": review.decision, "cqc": review.decision}
                assert review.decided_on >= submission.submitted_on
                assert review.regional_director
                assert bool(recommendations) == (review.decision == Fitness.NOT_FIT)
            else:
                assert not recommendations and review.decided_on is None
    assert InspectorateView.objects.filter(review__decision="").exists()


def test_progress_notes_are_dfe_advisers_on_statements_found_fit_or_referred(seeded):
    notes = ProgressNote.objects.filter(action__submission__wsoa__in=_wsoas())
    assert notes.exists()
    assert not notes.exclude(by__groups__name=roles.DFE_ADVISER).exists()
    assert not notes.exclude(action__submission__wsoa__stage__in=[Stage.FIT,
                                                                   Stage.MINISTER]).exists()
    assert not notes.filter(at__date__gt=TODAY).exists()
    for note in notes.select_related("action__submission__review")[:50]:
        assert note.at.date() > note.action.submission.review.decided_on


def test_clocks_are_the_stages(seeded):
    """The statement's cycle has one clock running, the stage's; the rest are met."""
    running_rule = {Stage.DRAFTING: "wsoa_submission", Stage.UNDER_REVIEW: "wsoa_review",
                    Stage.RESUBMISSION: "wsoa_resubmission"}
    for wsoa in _wsoas().select_related("inspection"):
        clocks = _clocks(wsoa)
        inspection = wsoa.inspection
        assert [c.start_date for c in clocks["dfe_progress_review"]] == [inspection.published_on]
        cycle = [c for code in CYCLE for c in clocks.get(code, [])]
        if wsoa.stage == Stage.AWAITING_RECEIPT:
            assert not cycle and "revisit" not in clocks
            continue
        assert [c.start_date for c in clocks["wsoa_submission"]] == [wsoa.report_received_on]
        running = [c for c in cycle if c.status in RUNNING]
        if wsoa.stage in running_rule:
            assert [c.rule.code for c in running] == [running_rule[wsoa.stage]]
        else:
            assert not running
        assert all(c.status == MET for c in cycle if c not in running)
        submissions = list(wsoa.submissions.order_by("number").select_related("review"))
        assert [c.start_date for c in clocks.get("wsoa_review", [])] == [
            s.submitted_on for s in submissions]
        assert [c.met_on for c in clocks.get("wsoa_review", [])] == [
            s.review.decided_on for s in submissions]
        if submissions:
            assert clocks["wsoa_submission"][0].met_on == submissions[0].submitted_on
        first = submissions[0].review if submissions else None
        if first is not None and first.decision == Fitness.NOT_FIT:
            [resubmission] = clocks["wsoa_resubmission"]
            assert resubmission.start_date == first.decided_on
            assert resubmission.met_on == (submissions[1].submitted_on
                                           if len(submissions) > 1 else None)
        else:
            assert "wsoa_resubmission" not in clocks
        # The re-visit clock, 18 months from the last day on site, where one is due.
        revisit = Inspection.objects.filter(revisit_of=inspection).first()
        if revisit is not None:
            [clock] = clocks["revisit"]
            assert clock.start_date == inspection.onsite_end
            assert clock.status == MET and clock.met_on == revisit.onsite_start
        elif inspection.onsite_start <= NOT_REVISITED_IF_INSPECTED_AFTER:
            assert [c.status for c in clocks["revisit"]] == [MISSED]
        else:
            assert "revisit" not in clocks


def test_clocks_run_on_the_calendar_and_today(seeded):
    clocks = Deadline.objects.filter(wsoa__in=_wsoas()).select_related("rule", "wsoa")
    statuses = set(clocks.values_list("status", flat=True))
    assert {OPEN, MET, MISSED} <= statuses
    assert not clocks.exclude(inspection=F("wsoa__inspection")).exists()
    assert not clocks.exclude(local_area=F("wsoa__local_area")).exists()
    # Unmet: open while due today or later, missed after.
    assert not clocks.filter(status=OPEN, due_date__lt=TODAY).exists()
    assert not clocks.filter(status=MISSED, due_date__gte=TODAY).exists()
    assert not clocks.filter(status=MET, met_on__isnull=True).exists()
    assert not clocks.filter(met_on__gt=TODAY).exists()
    # One running clock of a rule on a case.
    assert not clocks.filter(status__in=["open", "paused"]).values("rule", "inspection") \
        .annotate(n=Count("id")).filter(n__gt=1).exists()
    calendar = calendar_current()
    for code in ["wsoa_submission", "wsoa_review", "wsoa_resubmission", "dfe_progress_review",
                 "revisit"]:
        sample = list(clocks.filter(rule__code=code).order_by("id")[:15])
        assert sample, code
        for clock in sample:
            assert clock.due_date == deadline_preview(rule=clock.rule, start_date=clock.start_date,
                                                      calendar=calendar).due_date
            if code == "wsoa_submission":
                assert clock.due_date == calendar.add_working_days(clock.start_date, 70)
            elif code == "wsoa_review":
                assert clock.due_date == calendar.add_working_days(clock.start_date, 10)
            elif code == "wsoa_resubmission":
                assert clock.due_date == calendar.add_working_days(clock.start_date, 20)


def test_the_audit_trail_tells_the_cycle_in_known_words(seeded):
    wsoas = _wsoas()
    events = AuditEvent.objects.filter(inspection__in=wsoas.values("inspection"),
                                       action__startswith="wsoa.")
    actions = set(events.values_list("action", flat=True))
    assert {"wsoa.created", "wsoa.report_received", "wsoa.submitted", "wsoa.decided",
            "wsoa.view_recorded", "wsoa.minister_advised", "wsoa.publication_recorded",
            "wsoa.progress_noted"} <= actions
    assert actions <= set(ACTIONS)
    assert events.filter(action="wsoa.submitted").count() == Submission.objects.filter(
        wsoa__in=wsoas).count()
    assert events.filter(action="wsoa.decided").count() == Review.objects.filter(
        submission__wsoa__in=wsoas).exclude(decision="").count()
    assert not AuditEvent.objects.filter(at__date__gt=TODAY).exists()


def test_the_summary_counts_the_statements(seeded):
    assert "wsoa.Wsoa" in seeded
    assert "reports.SignificantWeakness" in seeded


def test_the_benchmark_measures_the_tracker_as_the_admin_and_a_dfe_adviser(seeded):
    from django.db.models import Count as Counted

    from scripts.bench import pages
    from scripts.bench.personas import ADMIN, DFE, find_personas
    from wsoa.models import Action

    personas = find_personas()
    assert roles.DFE_ADVISER in personas[DFE].groups.values_list("name", flat=True)
    plan = pages.wsoa_pages()
    assert {page.persona for page in plan} == {ADMIN, DFE}
    by_persona = {persona: [page.path for page in plan if page.persona == persona]
                  for persona in (ADMIN, DFE)}
    assert by_persona[ADMIN] == by_persona[DFE]
    region = (Wsoa.objects.values("local_area__region").annotate(n=Counted("id"))
              .order_by("-n", "local_area__region")[0]["local_area__region"])
    busiest = (Action.objects.values("submission__wsoa").annotate(n=Counted("id"))
               .order_by("-n", "submission__wsoa")[0]["submission__wsoa"])
    paths = by_persona[ADMIN]
    assert paths[:2] == ["/statements-of-action/", f"/statements-of-action/?region={region}"]
    assert paths[2] == f"/statements-of-action/?stage={Stage.FIT}"
    assert paths[3].startswith("/statements-of-action/?region=") and "&stage=" in paths[3]
    assert paths[4:] == ["/statements-of-action/pipeline.svg",
                         "/statements-of-action/export.csv",
                         f"/statements-of-action/{busiest}/"]
    expects = {page.path: page.expect for page in plan}
    assert expects["/statements-of-action/pipeline.svg"] == "<svg"
    assert expects["/statements-of-action/export.csv"] == ""
    assert expects["/statements-of-action/"] == pages.SIGNED_IN
