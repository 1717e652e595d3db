"""seed_demo --scale national's evidence bases, at a small fraction: what the service would
hold after its nightly deletion, written by each inspection's team."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, F, Q

from config import clock
from evidence.models import (
    Document,
    DocumentVersion,
    EvidenceAspect,
    EvidenceRecord,
    InformationRequest,
    RetentionHold,
)
from evidence.services.retention import evidence_deletable_on, expired_candidates
from inspections.models import Inspection, TeamMember
from inspections.national import LARGE_REFERENCE
from tests.conftest import midday_in_england

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)
FRACTION = 0.01
NATIONAL = r"-N[0-9]{4}$"  # the national inspections' references (the large one's aside)


@pytest.fixture(autouse=True)
def debug_on(settings):
    settings.DEBUG = True


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(midday_in_england(TODAY), tick=False):
        yield TODAY


@pytest.fixture
def seeded() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, verbosity=0, scale="national", fraction=FRACTION)
    return out.getvalue()


def _national():
    return Inspection.objects.filter(Q(reference__regex=NATIONAL) | Q(reference=LARGE_REFERENCE))


def test_the_evidence_is_written_by_each_inspections_team_on_its_days_on_site(seeded):
    records = EvidenceRecord.objects.filter(inspection__in=_national())
    assert records.count() == round(300_000 * FRACTION)
    assert not records.exclude(Q(informs_a=True) | Q(informs_b=True) | Q(informs_c=True)) \
        .exists()
    team = set(TeamMember.objects.values_list("inspection_id", "user_id"))
    assert set(records.values_list("inspection_id", "author_id")) <= team
    assert not records.filter(happened_at__date__lt=F("inspection__onsite_start")).exists()
    assert not records.filter(Q(created_at__gt=clock.now()) | Q(happened_at__gt=clock.now())
                              | Q(happened_at__gt=F("created_at"))).exists()
    assert not RetentionHold.objects.filter(set_at__gt=clock.now()).exists()
    assert EvidenceAspect.objects.filter(record__in=records).count() > records.count() // 2
    assert not records.exclude(inspection__state__in=[
        "on_site", "feedback_given", "reporting", "published", "closed"]).exists()
    # The large inspection has by far the largest evidence base.
    by_size = Inspection.objects.annotate(n=Count("evidence_records")).order_by("-n")
    largest, runner_up = by_size[:2]
    assert largest.reference == LARGE_REFERENCE and largest.n >= 5_000 * FRACTION
    assert largest.n > runner_up.n


def test_evidence_is_held_only_while_its_retention_allows(seeded):
    """No national evidence base the nightly deletion would remove today; those it removed
    left their audit rows. (The demo's own evidence is the demo's to hold.)"""
    from audit.models import AuditEvent

    national = _national()
    held = set(RetentionHold.objects.filter(released_at__isnull=True)
               .values_list("inspection_id", flat=True))
    with_evidence = national.filter(evidence_records__isnull=False).distinct()
    assert with_evidence.count() > 5
    for inspection in with_evidence:
        deletable = evidence_deletable_on(published_on=inspection.published_on,
                                          held=inspection.pk in held)
        assert deletable is None or deletable > TODAY, inspection.reference
    assert not set(expired_candidates(today=TODAY)) & set(national.values_list("pk",
                                                                              flat=True))
    deleted = AuditEvent.objects.filter(action="evidence.deleted")
    assert deleted.exists()
    assert not deleted.filter(inspection__in=with_evidence).exists()
    assert not deleted.filter(at__gt=clock.now()).exists()


def test_holds_give_reasons_and_safeguarding_holds_have_flagged_records(seeded):
    holds = RetentionHold.objects.all()
    assert holds.filter(released_at__isnull=True).exists()
    assert holds.filter(released_at__isnull=False, released_by__isnull=False).exists()
    assert not holds.filter(details="").exists()
    for hold in holds.filter(reason="safeguarding", released_at__isnull=True):
        assert hold.inspection.evidence_records.filter(safeguarding=True).exists()


def test_documents_belong_to_requests_or_records_of_the_same_inspection(seeded):
    versions = DocumentVersion.objects.all()
    assert abs(versions.count() - 60_000 * FRACTION) < 60_000 * FRACTION * 0.3
    assert Document.objects.filter(request__isnull=False).exists()
    assert Document.objects.filter(record__isnull=False).exists()
    assert not Document.objects.filter(request__isnull=False).exclude(
        inspection=F("request__inspection")).exists()
    assert not Document.objects.filter(record__isnull=False).exclude(
        inspection=F("record__inspection")).exists()
    assert not versions.filter(size__lt=1).exists()
    assert all(len(digest) == 64 for digest in versions.values_list("sha256", flat=True))
    assert InformationRequest.objects.filter(annex_a_code__startswith="annex_a_").exists()
