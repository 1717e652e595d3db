"""National-scale data: ten years of work across every local area, for measuring pages.

`seed_national` runs the generators in order, each in its app's own module, each handing
what the next needs through `run.shared`:

    accounts.national.seed_users         ~600 accounts in every role
    local_areas.national.seed_register   health partners and people of every area
    inspections.national.seed_inspections ~1,500 inspections and their records
    deadlines.national.seed_deadlines    ~100,000 clocks, reminders and notifications
    evidence.national.seed_evidence      ~300,000 evidence records, ~60,000 document
                                         versions, retention holds
    reports.national.seed_letters        outcome letters, their findings (linked to the
                                         evidence), versions, recipients, comments and
                                         copies
    wsoa.national.seed_wsoas             HMCI's determinations and the written
                                         statements of action of the 2016
                                         inspections, in every stage, with their
                                         actions, reviews, clocks and progress notes
    audit.national.seed_audit            ~1,000,000 audit events

A capability that adds objects of its own adds a generator to GENERATORS. Everything is
deterministic for a given today and --fraction: the random numbers are seeded, and dates
count from clock.today().
"""

import hashlib

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Q

from config import clock
from config.national.base import Run
from deadlines.selectors import calendar_current


def _generators():
    from accounts.national import seed_users
    from audit.national import seed_audit
    from deadlines.national import seed_deadlines
    from evidence.national import seed_evidence
    from inspections.national import seed_inspections
    from local_areas.national import seed_register
    from reports.national import seed_letters
    from wsoa.national import seed_wsoas

    return [seed_users, seed_register, seed_inspections, seed_deadlines, seed_evidence,
            seed_letters, seed_wsoas, seed_audit]


def already_seeded() -> bool:
    from inspections.models import Inspection
    from inspections.national import LARGE_REFERENCE

    return Inspection.objects.filter(reference=LARGE_REFERENCE).exists()


def seed_national(*, fraction: float = 1.0, progress: bool = False) -> Run:
    """Add the national data to a database that holds the demo data; one transaction."""
    run = Run(fraction=fraction, today=clock.today(), now=clock.now(),
              calendar=calendar_current(), progress=progress)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Foreign keys checked as rows go in, rather than a million checks queued for
            # the commit.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for generator in _generators():
            generator(run)
    if connection.vendor == "postgresql":
        # Statistics for the planner, as after any bulk load: without them the first queries
        # are planned for empty tables (autovacuum would analyse them only later).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return run


# The tables counted in the summary and the fingerprint, in the order they are shown.
COUNTED = [
    "accounts.User", "local_areas.HealthPartner", "local_areas.AreaHealthPartner",
    "local_areas.AreaContact", "inspections.Inspection", "inspections.TeamMember",
    "inspections.NotificationCall", "inspections.HealthLeaderCall",
    "inspections.DeferralRequest", "inspections.LineOfEnquiry", "inspections.Meeting",
    "inspections.Concern", "inspections.EngagementMeeting", "reports.OutcomeLetter",
    "reports.LetterVersion", "reports.LetterReview", "reports.Finding",
    "reports.FindingEvidence", "reports.DraftRecipient", "reports.AccuracyComment",
    "reports.ReportCopy", "reports.Determination", "reports.SignificantWeakness",
    "wsoa.Wsoa", "wsoa.Submission", "wsoa.Action", "wsoa.Review", "wsoa.InspectorateView",
    "wsoa.Recommendation", "wsoa.Publication", "wsoa.ProgressNote", "wsoa.RevisitJudgement",
    "deadlines.Deadline", "deadlines.Reminder",
    "deadlines.Notification", "evidence.EvidenceRecord", "evidence.EvidenceAspect",
    "evidence.EvidenceGroup", "evidence.RetentionHold", "evidence.InformationRequest",
    "evidence.Document", "evidence.DocumentVersion", "audit.AuditEvent",
]


def table_counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in COUNTED}


def fingerprint() -> str:
    """A digest of what the data says, without the primary keys (which a database's
    sequences decide): the counts, every inspection, every clock, each inspection's evidence
    base in sum, and the audit trail's actions by day."""
    from django.db.models import Count
    from django.db.models.functions import TruncDate

    from audit.models import AuditEvent
    from deadlines.models import Deadline
    from inspections.models import Inspection

    digest = hashlib.sha256()
    digest.update(repr(sorted(table_counts().items())).encode())
    for row in Inspection.objects.order_by("reference").values_list(
            "reference", "local_area__ons_code", "framework", "state", "onsite_start",
            "onsite_end", "notified_on", "published_on", "closed_on", "outcome",
            "revisit_of__reference").iterator(chunk_size=5000):
        digest.update(repr(row).encode())
    for row in Deadline.objects.order_by("inspection__reference", "rule__code", "start_date",
                                         "due_date", "status", "met_on").values_list(
            "inspection__reference", "rule__code", "start_date", "due_date", "status",
            "met_on").iterator(chunk_size=5000):
        digest.update(repr(row).encode())
    for row in _evidence_by_inspection():
        digest.update(repr(row).encode())
    for row in (AuditEvent.objects.annotate(day=TruncDate("at")).values("day", "action")
                .annotate(n=Count("id")).order_by("day", "action")
                .values_list("day", "action", "n").iterator(chunk_size=5000)):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def _evidence_by_inspection():
    """Each inspection's evidence base in a few numbers: its records, their words' length,
    their authors and days, its holds and its documents' sizes. Days, not moments: what
    happens today is capped at the moment the data is made."""
    from django.db.models import Count, Max, Min, Sum
    from django.db.models.functions import Length, TruncDate

    from evidence.models import DocumentVersion, EvidenceRecord, RetentionHold

    yield from (EvidenceRecord.objects.values("inspection__reference")
                .annotate(n=Count("id"), words=Sum(Length("text")),
                          first=Min(TruncDate("happened_at")),
                          last=Max(TruncDate("created_at")),
                          authors=Count("author", distinct=True),
                          flagged=Count("id", filter=Q(safeguarding=True)))
                .order_by("inspection__reference")
                .values_list("inspection__reference", "n", "words", "first", "last",
                             "authors", "flagged"))
    yield from (RetentionHold.objects.annotate(set_on=TruncDate("set_at"),
                                               released_on=TruncDate("released_at"))
                .order_by("inspection__reference", "reason", "set_on")
                .values_list("inspection__reference", "reason", "set_on", "released_on"))
    yield from (DocumentVersion.objects.values("document__inspection__reference")
                .annotate(n=Count("id"), size=Sum("size"))
                .order_by("document__inspection__reference")
                .values_list("document__inspection__reference", "n", "size"))
