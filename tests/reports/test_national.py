"""seed_demo --scale national's outcome letters, at a small fraction: their findings and the
evidence behind them, their kept versions, the area's recipients and comments, and the copies
of the published reports."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, F, Q

from accounts import roles
from config import clock
from config.clock import ENGLAND
from deadlines.selectors import calendar_current
from inspections.models import Inspection, TeamMember
from inspections.national import LARGE_REFERENCE
from reports.models import (
    AccuracyComment,
    DraftRecipient,
    Finding,
    FindingEvidence,
    LetterState,
    LetterVersion,
    OutcomeLetter,
    ReportCopy,
    VersionReason,
)
from reports.versions import letter_changes
from tests.conftest import midday_in_england

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)
# Enough of the country for some areas with accounts of their own to have had letters sent.
FRACTION = 0.05
NATIONAL = r"-N[0-9]{4}$"  # the national inspections' references (the large one's aside)
SENT = [LetterState.DRAFT_WITH_LOCAL_AREA, LetterState.FINAL_ISSUED]


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

    moment = midday_in_england(TODAY)
    with django_db_blocker.unblock(), override_settings(DEBUG=True), \
            time_machine.travel(moment, tick=False):
        atomic = transaction.atomic()
        atomic.__enter__()
        out = io.StringIO()
        call_command("seed_demo", stdout=out, verbosity=0, scale="national",
                     fraction=FRACTION)
        yield out.getvalue()
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def _letters():
    national = Inspection.objects.filter(Q(reference__regex=NATIONAL)
                                         | Q(reference=LARGE_REFERENCE))
    return OutcomeLetter.objects.filter(inspection__in=national)


def _leads() -> dict[int, int]:
    return dict(TeamMember.objects.filter(role="lead").values_list("inspection", "user"))


def test_every_letter_has_its_findings_and_half_cite_the_evidence(seeded):
    letters = _letters()
    assert letters.exists()
    counts = letters.annotate(n=Count("findings"), main=Count("findings", filter=Q(
        findings__section="main")), recs=Count("findings", filter=Q(
            findings__section="recommendations")))
    for letter in counts.select_related("inspection"):
        assert letter.main == 3
        assert 9 <= letter.n <= 17
        assert letter.recs == (2 if letter.inspection.is_2023 else 0)
    findings = Finding.objects.filter(letter__in=letters)
    leads = _leads()
    assert all(leads[inspection] == user for inspection, user in
               findings.values_list("letter__inspection", "written_by"))
    links = FindingEvidence.objects.filter(finding__letter__in=letters)
    assert links.exists()
    assert not links.exclude(record__inspection=F("finding__letter__inspection")).exists()
    assert not links.exclude(record__status="final").exists()
    cited = findings.filter(letter__inspection__evidence_records__isnull=False).distinct()
    share = links.count() / cited.count()
    assert 0.3 < share < 0.7




def test_versions_quality_assurance_decided_on_keep_their_text(seeded):
    letters = _letters()
    versions = LetterVersion.objects.filter(letter__in=letters)
    decided = versions.filter(reviews__isnull=False).distinct()
    assert decided.exists()
    assert not decided.filter(Q(text=[]) | Q(frozen_at__isnull=True)).exists()
    assert not versions.filter(frozen_at__gt=clock.now()).exists()
    # A draft being written has kept nothing yet.
    drafting = versions.filter(letter__state=LetterState.DRAFTING, reviews__isnull=True)
    assert drafting.exists() and not drafting.exclude(text=[]).exists()
    # The version sent is the last quality assurance approved; the final comes after it.
    sent = letters.filter(state__in=SENT)
    assert sent.exists() and not sent.filter(sent_version_number__isnull=True).exists()
    assert not letters.exclude(state__in=SENT).filter(sent_version_number__isnull=False) \
        .exists()
    for letter in sent.prefetch_related("versions"):
        numbers = {v.number: v for v in letter.versions.all()}
        assert numbers[letter.sent_version_number].reason != VersionReason.FINAL
        assert numbers[letter.sent_version_number].reviews.filter(
            decision="approved").count() == 2
        final = numbers.get(letter.sent_version_number + 1)
        if letter.state == LetterState.FINAL_ISSUED:
            assert final.reason == VersionReason.FINAL and final.text and final.frozen_at
        else:
            assert final is None


def test_recipients_comment_within_their_ten_working_days(seeded):
    calendar = calendar_current()
    sent = _letters().filter(state__in=SENT)
    named = sent.filter(recipients__isnull=False).distinct()
    assert named.count() >= 3
    recipients = DraftRecipient.objects.filter(letter__in=sent)
    assert set(recipients.values_list("capacity", flat=True)) == {"dcs", "representative"}
    assert not recipients.exclude(user__local_area=F("letter__inspection__local_area")).exists()
    assert not DraftRecipient.objects.exclude(letter__state__in=SENT).exists()
    comments = AccuracyComment.objects.filter(letter__in=sent).select_related("letter")
    assert comments.exists()
    by_recipient = set(recipients.values_list("letter_id", "user_id"))
    for comment in comments:
        assert (comment.letter_id, comment.by_id) in by_recipient
        sent_on = comment.letter.draft_sent_on
        assert sent_on <= comment.submitted_at.astimezone(ENGLAND).date() <= \
            calendar.add_working_days(sent_on, 10)
        assert comment.version_number == comment.letter.sent_version_number
        assert comment.submitted_at <= clock.now()
    per_letter = comments.values("letter").annotate(n=Count("id"))
    assert max(row["n"] for row in per_letter) <= 3



def test_final_letters_answered_every_comment_and_changed_what_they_accepted(seeded):
    final = _letters().filter(state=LetterState.FINAL_ISSUED)
    comments = AccuracyComment.objects.filter(letter__in=final)
    assert comments.exists()
    assert not comments.filter(response="").exists()
    leads = _leads()
    assert all(leads[inspection] == user for inspection, user in
               comments.values_list("letter__inspection", "answered_by"))
    accepted = comments.filter(response="accepted")
    assert accepted.exists() and comments.filter(response="not_accepted").exists()
    for letter in final.filter(accuracy_comments__isnull=False).distinct():
        changes = letter_changes(letter)
        changed = {p.before for block in changes.blocks for p in block.passages}
        assert changed == set(letter.accuracy_comments.filter(response="accepted")
                              .values_list("passage", flat=True))
        assert all(p.kind == "changed" for block in changes.blocks for p in block.passages)
    # A letter still with the area says now what was sent, but where a comment was accepted.
    for letter in _letters().filter(state=LetterState.DRAFT_WITH_LOCAL_AREA):
        changed = {p.before for block in letter_changes(letter).blocks
                   for p in block.passages}
        assert changed == set(letter.accuracy_comments.filter(response="accepted")
                              .values_list("passage", flat=True))



def test_published_reports_have_their_statutory_copies(seeded):
    letters = _letters()
    published = letters.filter(inspection__state__in=["published", "closed"])
    assert published.exists()
    for letter in published.annotate(n=Count("copies")).select_related("inspection"):
        assert letter.n >= 3
        assert set(letter.copies.values_list("recipient", flat=True)) >= {
            "education", "health", "local_authority"}
        assert set(letter.copies.values_list("sent_on", flat=True)) == {
            letter.inspection.published_on}
    assert not ReportCopy.objects.filter(letter__in=letters.exclude(
        inspection__state__in=["published", "closed"])).exists()
    assert not ReportCopy.objects.filter(letter__in=letters).exclude(
        recorded_by__groups__name=roles.OFSTED_ADMIN).exists()


def test_a_draft_still_with_the_area_has_comments_answered_and_waiting(today):
    """Few drafts are with an area at this scale, fewer of an area with accounts of its own:
    the comments of fifty such drafts, as the seeder writes them."""
    import random
    from types import SimpleNamespace

    from config.national.base import Run, at
    from reports.national import _comments, _Finding

    calendar = calendar_current()
    run = Run(fraction=1, today=today, now=clock.now(), calendar=calendar)
    rng = random.Random(1)
    answered = waiting = 0
    for k in range(50):
        sent_on = calendar.add_working_days(today, -(k % 12))
        p = SimpleNamespace(letter_state=LetterState.DRAFT_WITH_LOCAL_AREA,
                            draft_sent_on=sent_on, comments_received_on=None,
                            final_issued_on=None)
        findings = [_Finding("main", "finding", f"Finding {n}.", n, at(sent_on, 9))
                    for n in range(1, 10)]
        for comment in _comments(run, rng, p, findings, [(1, "dcs"), (2, "representative")]):
            submitted = comment["submitted_at"]
            assert sent_on < submitted.astimezone(ENGLAND).date() <= min(
                today, calendar.add_working_days(sent_on, 10))
            assert submitted <= run.now
            if comment["response"]:
                answered += 1
                assert submitted < comment["answered_at"] <= run.now
                assert comment["response_text"]
                assert (comment["response"] == "accepted") == bool(
                    comment["finding"].changed)
            else:
                waiting += 1
                assert comment["answered_at"] is None and not comment["finding"].changed
    assert answered and waiting
