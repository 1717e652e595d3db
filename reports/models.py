"""The outcome letter: its own lifecycle, from the first draft to the final report.

One letter per inspection, made when the lead inspector starts drafting (the inspection moves
to "reporting" and stays there until publication). Its steps are in reports.transitions
.LETTER_LIFECYCLE; who may take them is policy.letters:

    drafting ──submit for QA──▶ quality assurance
    quality assurance ──approve (Ofsted's QA for Ofsted, CQC's for CQC)──▶ (same state)
    quality assurance, once both have approved this version ──send draft──▶
        draft with local area (factual-accuracy clock starts)
    quality assurance ──return to the lead, with comments──▶ drafting, as a new version
        (approvals of the earlier version no longer count)
    draft with local area ──record comments──▶ (same state; factual-accuracy clock met)
    draft with local area ──issue final──▶ final issued (final report clock met)

Publication is the inspection's step: a letter is published when its inspection is.
Every version of the letter is kept; quality assurance's decisions are kept on the version
they were made on, with the comments made.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Inspectorate


class LetterState(models.TextChoices):
    DRAFTING = "drafting", "Drafting"
    QUALITY_ASSURANCE = "quality_assurance", "Quality assurance"
    DRAFT_WITH_LOCAL_AREA = "draft_with_local_area", "Draft with local area"
    FINAL_ISSUED = "final_issued", "Final issued"


# The order the letter's states come in, for "what is done, what is next".
LETTER_LINE = [LetterState.DRAFTING, LetterState.QUALITY_ASSURANCE,
               LetterState.DRAFT_WITH_LOCAL_AREA, LetterState.FINAL_ISSUED]


class OutcomeLetter(models.Model):
    inspection = models.OneToOneField("inspections.Inspection", on_delete=models.PROTECT,
                                      related_name="letter")
    state = models.CharField(max_length=24, choices=LetterState.choices,
                             default=LetterState.DRAFTING)
    draft_sent_on = models.DateField(null=True, blank=True)
    comments_received_on = models.DateField(null=True, blank=True)
    final_issued_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Who the letter is written to, and copied to, a line each, as the letter prints them
    # (the Medway letter: the DCS with the council's address; the CCG's chief executive and
    # the LANO; the departments and NHS bodies copied in).
    addressee = models.TextField(blank=True)
    also_addressed = models.TextField(blank=True)
    cc = models.TextField(blank=True)
    # When someone last asked for the letter's PDF: a render older than this is on its way.
    pdf_requested_at = models.DateTimeField(null=True, blank=True)
    # The version that went to the local area as the restricted draft (reports.versions).
    sent_version_number = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state"], name="letter_state_idx")]

    def __str__(self) -> str:
        return f"Outcome letter for {self.inspection}"


class VersionReason(models.TextChoices):
    FIRST_DRAFT = "first_draft", "First draft"
    RETURNED = "returned", "Returned by quality assurance"
    # Before the letter had a record of its own: drafted outside the service.
    CARRIED_OVER = "carried_over", "Recorded before letters had versions"
    FINAL = "final", "Final, after the area's comments"


class LetterVersion(models.Model):
    """One version of the letter. A draft returned by quality assurance is revised as the
    next version; the final report is a version of its own.

    ``text`` is what the version said when it was frozen (reports.versions): when it was
    submitted for quality assurance, again when it was sent to the local area, and the
    final when it was issued. It is a list of blocks in the letter's order, each
    ``{"heading": str, "lines": [str, ...]}``: the title, the opening paragraphs, the main
    findings, each question's strengths and areas for development, the closing paragraphs
    and the areas of significant weakness, a paragraph or bullet a line. The letterhead,
    addresses and date are left out, so that dating the final is not a change. A version
    never frozen (being drafted, or carried over) has an empty list and no ``frozen_at``."""

    letter = models.ForeignKey(OutcomeLetter, on_delete=models.CASCADE,
                               related_name="versions")
    number = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=16, choices=VersionReason.choices)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    text = models.JSONField(default=list, blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["letter", "number"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "number"], name="letter_version_once"),
            models.CheckConstraint(condition=models.Q(number__gte=1),
                                   name="letter_version_from_1"),
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned with comments"


class LetterReview(models.Model):
    """Quality assurance's decision on one version, by one reviewer for their inspectorate.
    Each inspectorate approves a version once. The comments are case content: they live
    here, never in the audit trail."""

    version = models.ForeignKey(LetterVersion, on_delete=models.CASCADE,
                                related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    inspectorate = models.CharField(max_length=6, choices=Inspectorate.choices)
    decision = models.CharField(max_length=8, choices=ReviewDecision.choices)
    comments = models.TextField(blank=True)
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version", "decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision="returned") | ~models.Q(comments=""),
                name="letter_returned_with_comments"),
            models.UniqueConstraint(
                fields=["version", "inspectorate"], condition=models.Q(decision="approved"),
                name="letter_approved_once_per_inspectorate",
                violation_error_message="This inspectorate has already approved this "
                                        "version"),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.reviewer} ({self.inspectorate})"


class LetterSignatory(models.Model):
    """Who signs the letter for each inspectorate besides its team: the Ofsted Regional
    Director and CQC's deputy chief inspector (the team's own names come from the team)."""

    letter = models.ForeignKey(OutcomeLetter, on_delete=models.CASCADE,
                               related_name="signatories")
    inspectorate = models.CharField(max_length=6, choices=Inspectorate.choices)
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["letter", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}"


class FindingSection(models.TextChoices):
    """Where a finding sits in the letter (Medway letter, 2018): its main findings, the three
    questions' sections, and the accuracy of the area's self-evaluation; on a 2023-framework
    letter also its recommendations, what the local area partnership needs to do to improve
    (Barnet paper 1.10 and 1.14)."""

    MAIN = "main", "Main findings"
    A = "A", "Identifying children and young people's needs"
    B = "B", "Assessing and meeting needs"
    C = "C", "Improving outcomes"
    SELF_EVALUATION = "self_evaluation", "Accuracy of the local area's self-evaluation"
    RECOMMENDATIONS = "recommendations", "Recommendations"


# The questions' sections hold strengths and areas for development; the others, findings.
QUESTION_SECTIONS = frozenset({FindingSection.A, FindingSection.B, FindingSection.C})


class FindingKind(models.TextChoices):
    STRENGTH = "strength", "Strength"
    DEVELOPMENT = "development", "Area for development"
    FINDING = "finding", "Finding"


class Finding(models.Model):
    """One finding of the letter, in the lead inspector's words, with the evidence records
    that support it. Written while the letter is being drafted; a finding with no supporting
    evidence is flagged before the draft goes to quality assurance (docs/decisions/0034)."""

    letter = models.ForeignKey(OutcomeLetter, on_delete=models.CASCADE,
                               related_name="findings")
    section = models.CharField(max_length=15, choices=FindingSection.choices)
    kind = models.CharField(max_length=11, choices=FindingKind.choices)
    text = models.TextField()
    position = models.PositiveIntegerField()
    evidence = models.ManyToManyField("evidence.EvidenceRecord", through="FindingEvidence",
                                      related_name="findings")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    written_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["letter", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(section__in=["A", "B", "C"],
                                    kind__in=["strength", "development"])
                           | (~models.Q(section__in=["A", "B", "C"])
                              & models.Q(kind="finding"))),
                name="finding_kind_fits_its_section"),
            models.CheckConstraint(condition=~models.Q(text=""), name="finding_has_text"),
        ]
        indexes = [models.Index(fields=["letter", "section", "position"],
                                name="finding_order_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_section_display()})"


class FindingEvidence(models.Model):
    """An evidence record that supports a finding, and who linked it. Deleted with the
    evidence base when its retention ends (evidence.services.retention)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="links")
    record = models.ForeignKey("evidence.EvidenceRecord", on_delete=models.CASCADE,
                               related_name="finding_links")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["finding", "linked_at", "id"]
        constraints = [models.UniqueConstraint(fields=["finding", "record"],
                                               name="finding_evidence_once")]

    def __str__(self) -> str:
        return f"Evidence {self.record_id} behind finding {self.finding_id}"


class PrincipalAuthority(models.TextChoices):
    """Who must submit the written statement of action (handbook 54 and 55)."""

    LOCAL_AUTHORITY = "local_authority", "The local authority"
    HEALTH = "health", "The clinical commissioning group (CCG) or integrated care board (ICB)"
    JOINT = "joint", "The local authority and the CCG or ICB jointly"


class DeterminationDecision(models.TextChoices):
    AGREED = "agreed", "Agreed with the team's recommendation"
    CHANGED = "changed", "Changed the team's recommendation"


class Determination(models.Model):
    """Whether a written statement of action is required, and who must submit it: the
    team's recommendation at the final team meeting, and the decision of HMCI's delegate,
    both recorded before the final feedback meeting, where the area is told (framework 15
    to 17, handbook 37, 38, 54 and 55). The areas of significant weakness the statement must
    tackle are the team's (``SignificantWeakness``). The letter says what was decided."""

    inspection = models.OneToOneField("inspections.Inspection", on_delete=models.CASCADE,
                                      related_name="determination")
    recommended_wsoa = models.BooleanField()
    recommended_authority = models.CharField(max_length=15, blank=True,
                                             choices=PrincipalAuthority.choices)
    recommended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                       related_name="+")
    recommended_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=7, blank=True, choices=DeterminationDecision.choices)
    wsoa_required = models.BooleanField(null=True)
    principal_authority = models.CharField(max_length=15, blank=True,
                                           choices=PrincipalAuthority.choices)
    reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(recommended_wsoa=True) & ~models.Q(recommended_authority=""))
                | models.Q(recommended_wsoa=False, recommended_authority=""),
                name="recommendation_names_who_submits"),
            models.CheckConstraint(
                condition=models.Q(decision="", wsoa_required__isnull=True,
                                   principal_authority="")
                | (models.Q(wsoa_required=True) & ~models.Q(decision="")
                   & ~models.Q(principal_authority=""))
                | (models.Q(wsoa_required=False, principal_authority="")
                   & ~models.Q(decision="")),
                name="decision_names_who_submits"),
            models.CheckConstraint(condition=~models.Q(decision="changed", reasons=""),
                                   name="changed_decision_gives_reasons"),
        ]

    def __str__(self) -> str:
        return f"Determination on {self.inspection}"


class SignificantWeakness(models.Model):
    """An area of significant weakness a written statement of action must tackle, in the
    words the letter will use."""

    determination = models.ForeignKey(Determination, on_delete=models.CASCADE,
                                      related_name="weaknesses")
    text = models.TextField()
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["determination", "position"]
        constraints = [models.CheckConstraint(condition=~models.Q(text=""),
                                              name="weakness_has_text")]

    def __str__(self) -> str:
        return self.text[:60]


def render_path(instance: "LetterRender", filename: str) -> str:
    return f"letters/{instance.letter_id}/{uuid.uuid4().hex}.pdf"


class LetterRender(models.Model):
    """A PDF of one version of the letter, as WeasyPrint rendered it (reports.tasks), kept
    with its SHA-256. A draft's carries the restricted marking; the final's does not."""

    letter = models.ForeignKey(OutcomeLetter, on_delete=models.CASCADE,
                               related_name="renders")
    version_number = models.PositiveSmallIntegerField()
    draft = models.BooleanField()
    file = models.FileField(upload_to=render_path, max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    pages = models.PositiveSmallIntegerField()
    seconds = models.FloatField()
    rendered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["letter", "-rendered_at", "-id"]

    def __str__(self) -> str:
        return f"PDF of version {self.version_number}"


class RecipientCapacity(models.TextChoices):
    """In what capacity someone receives the restricted draft (handbook 66): the DCS and the
    chief executive(s) of the CCG(s) or ICB(s), and the representatives they name."""

    DCS = "dcs", "Director of children's services"
    HEALTH_CE = "health_ce", "Chief executive of a CCG or ICB"
    REPRESENTATIVE = "representative", "Representative"


# Those who receive the draft in their own right, and may name their representatives.
PRINCIPAL_CAPACITIES = frozenset({RecipientCapacity.DCS, RecipientCapacity.HEALTH_CE})


class DraftRecipient(models.Model):
    """Someone of the inspected area the restricted draft is sent to. Only they, of the
    area, read the draft and comment on it; the rest of the area sees that it exists."""

    letter = models.ForeignKey(OutcomeLetter, on_delete=models.CASCADE,
                               related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+")
    capacity = models.CharField(max_length=14, choices=RecipientCapacity.choices)
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    named_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["letter", "named_at", "id"]
        constraints = [models.UniqueConstraint(fields=["letter", "user"],
                                               name="draft_recipient_once")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_capacity_display()})"


class CommentResponse(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


class AccuracyComment(models.Model):
    """A named recipient's comment on a passage of the draft, within the area's 10 working
    days (handbook 67), and the lead inspector's answer: accepted, with the change made, or
    not accepted, with the reason. The words are case content: they live here, never in the
    audit trail."""

    letter = models.ForeignKey(OutcomeLetter, on_delete=models.CASCADE,
                               related_name="accuracy_comments")
    version_number = models.PositiveSmallIntegerField()
    passage = models.TextField()
    comment = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                           related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    response = models.CharField(max_length=12, blank=True, choices=CommentResponse.choices)
    response_text = models.TextField(blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["letter", "submitted_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(passage="") & ~models.Q(comment=""),
                                   name="accuracy_comment_has_text"),
            models.CheckConstraint(
                condition=models.Q(response="", response_text="", answered_by__isnull=True)
                | (~models.Q(response="") & ~models.Q(response_text="")
                   & models.Q(answered_by__isnull=False)),
                name="accuracy_comment_answer_complete"),
        ]
        indexes = [models.Index(fields=["letter", "response"],
                                name="accuracy_comment_open_idx")]

    def __str__(self) -> str:
        return f"Comment {self.pk} on version {self.version_number}"


class CopyRecipient(models.TextChoices):
    """Who a copy of the final report is sent to (handbook 71; the Children Act 2004 (Joint
    Area Reviews) Regulations 2015)."""

    EDUCATION = "education", "The Secretary of State for Education"
    HEALTH = "health", "The Secretary of State for Health and Social Care"
    LOCAL_AUTHORITY = "local_authority", "The local authority for the area inspected"
    PRINCIPAL = "principal", "The principal authority, where it is not the local authority"
    OTHER = "other", "Others HMCI considers appropriate"


class ReportCopy(models.Model):
    """A copy of the final report recorded as sent, to whom (by name) and when. The
    statutory copies are recorded when the report is published; others HMCI decides on are
    added by an Ofsted admin."""

    letter = models.ForeignKey(OutcomeLetter, on_delete=models.CASCADE, related_name="copies")
    recipient = models.CharField(max_length=15, choices=CopyRecipient.choices)
    name = models.CharField(max_length=300)
    sent_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["letter", "sent_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="report_copy_named"),
            models.UniqueConstraint(fields=["letter", "recipient", "name"],
                                    name="report_copy_once"),
        ]

    def __str__(self) -> str:
        return f"Copy to {self.name}, {self.sent_on}"
