"""Inspections: the case everything else hangs from.

Lifecycle (handbook Part 1). Each arrow is one step of inspections.transitions.LIFECYCLE,
taken by inspections.services: it checks the current state and the actor's role through the
policy, runs in one transaction, writes the audit trail and starts, meets or stops the
statutory clocks:

    planning ──notify──▶ notified ──start on site──▶ on site ──give feedback──▶ feedback given
        │                                               (final report and publication clocks
        │                                                start from the last on-site day)
        │   (notification clock: due 5 working days before on-site work, or under 2023 on
        │    the first day, the Monday of week 1; met by the call, which under 2023 starts
        │    Annex A's clocks: docs/decisions/0020)
        │
    feedback given ──start drafting──▶ reporting: the outcome letter (reports.models) goes
        through its own lifecycle, drafting to final issued
    reporting, once the final letter is issued ──publish──▶ published (publication clock
        met; post-publication clocks start)
    published ──close──▶ closed

    planning or notified ──defer (both inspectorates agree)──▶ planning with new dates, or
                                                                deferred until rescheduled
    any state before published ──withdraw──▶ withdrawn (running clocks cancelled)

Local-area users see an inspection of their own area only once it has been notified.

A 2016 re-visit is an inspection of its own that follows one published 2016 inspection of the
same area (`revisit_of`); scheduling it starts that inspection's re-visit clock, and its
start on site meets it (docs/decisions/0021).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Framework(models.TextChoices):
    LOCAL_AREA_SEND_2016 = "2016", "2016 local area SEND"
    AREA_SEND_2023 = "2023", "2023 area SEND"
    REVISIT_2016 = "2016_revisit", "2016 re-visit"
    MONITORING_2023 = "2023_monitoring", "2023 monitoring"


FRAMEWORKS_2023 = {Framework.AREA_SEND_2023, Framework.MONITORING_2023}


class State(models.TextChoices):
    PLANNING = "planning", "Planning"
    NOTIFIED = "notified", "Notified"
    ON_SITE = "on_site", "On site"
    FEEDBACK_GIVEN = "feedback_given", "Feedback given"
    REPORTING = "reporting", "Reporting"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed"
    DEFERRED = "deferred", "Deferred"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The order the main line runs in, for "what is done, what is next".
MAIN_LINE = [State.PLANNING, State.NOTIFIED, State.ON_SITE, State.FEEDBACK_GIVEN,
             State.REPORTING, State.PUBLISHED, State.CLOSED]
BEFORE_NOTIFICATION = {State.PLANNING, State.DEFERRED}


class Outcome(models.IntegerChoices):
    """The 2023 framework's three outcomes (Barnet paper 1.10 to 1.15)."""

    POSITIVE = 1, "Typically positive experiences and outcomes"
    INCONSISTENT = 2, "Inconsistent experiences and outcomes"
    SYSTEMIC_FAILINGS = 3, "Widespread and/or systemic failings"


# What each outcome says, word for word as the framework puts it (Barnet paper, para 1.13).
OUTCOME_WORDING = {
    Outcome.POSITIVE: "The local area partnership's arrangements typically lead to positive "
                      "experiences and outcomes for children and young people with SEND. The "
                      "local area partnership is taking action where improvements are needed.",
    Outcome.INCONSISTENT: "The local area partnership's arrangements lead to inconsistent "
                          "experiences and outcomes for children and young people with SEND. "
                          "The local area partnership must work jointly to make improvements.",
    Outcome.SYSTEMIC_FAILINGS: "There are widespread and/or systemic failings leading to "
                               "significant concerns about the experiences and outcomes of "
                               "children and young people with SEND, which the local area "
                               "partnership must address urgently.",
}


class QuestionnaireStatus(models.TextChoices):
    NOT_SENT = "not_sent", "Not sent"
    SENT = "sent", "Sent to the LANO"
    RETURNED = "returned", "Returned"


class Inspection(models.Model):
    reference = models.CharField(max_length=40, unique=True)
    local_area = models.ForeignKey("local_areas.LocalArea", on_delete=models.PROTECT,
                                   related_name="inspections")
    framework = models.CharField(max_length=20, choices=Framework.choices)
    state = models.CharField(max_length=24, choices=State.choices, default=State.PLANNING)
    onsite_start = models.DateField("first day on site")
    onsite_end = models.DateField("last day on site")
    lano = models.ForeignKey("local_areas.AreaContact", on_delete=models.PROTECT, null=True,
                             blank=True, related_name="inspections",
                             help_text="The local area nominated officer for this inspection")
    notified_on = models.DateField(null=True, blank=True)
    feedback_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.PositiveSmallIntegerField(choices=Outcome.choices, null=True, blank=True)
    questionnaire_status = models.CharField(max_length=10, choices=QuestionnaireStatus.choices,
                                            default=QuestionnaireStatus.NOT_SENT)
    withdrawn_reason = models.TextField(blank=True)
    # A 2016 re-visit follows one published 2016 inspection of the same area, and its timing
    # counts from that inspection (handbook para 118): the re-visit clock runs on it.
    revisit_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="revisits", verbose_name="inspection re-visited")
    # Bumped by every save: a form carries the version it was opened at, and a save against
    # an older version is refused ("changed since you opened it").
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-onsite_start", "reference"]
        indexes = [
            models.Index(fields=["state", "onsite_start"], name="inspection_state_start_idx"),
            models.Index(fields=["local_area", "onsite_start"], name="inspection_area_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(onsite_end__gte=models.F("onsite_start")),
                                   name="inspection_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(outcome__isnull=True) | Q(outcome__in=[1, 2, 3]),
                                   name="inspection_outcome_1_to_3"),
            models.CheckConstraint(condition=Q(revisit_of__isnull=True)
                                   | Q(framework=Framework.REVISIT_2016),
                                   name="only_a_revisit_revisits"),
        ]

    def __str__(self) -> str:
        return f"{self.local_area.name} {self.get_framework_display()} inspection, " \
               f"{self.onsite_start:%B %Y}"

    @property
    def is_2023(self) -> bool:
        return self.framework in FRAMEWORKS_2023

    @property
    def rules_framework(self) -> str:
        """Whose statutory rules apply: "2016" for 2016 inspections and re-visits, "2023"
        for the 2023 framework's full and monitoring inspections (StatutoryRule.framework)."""
        return "2023" if self.is_2023 else "2016"

    @property
    def outcome_wording(self) -> str:
        """The outcome in the framework's words, or blank before it is recorded."""
        return OUTCOME_WORDING[Outcome(self.outcome)] if self.outcome else ""


class TeamRole(models.TextChoices):
    LEAD = "lead", "Lead HMI"
    HMI = "hmi", "HMI"
    OFSTED_INSPECTOR = "oi", "Ofsted Inspector"
    CQC = "cqc", "CQC inspector"


class TeamMember(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="inspection_roles")
    role = models.CharField(max_length=4, choices=TeamRole.choices)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # The lead first, then HMI, Ofsted Inspectors and CQC inspectors.
        ordering = [models.Case(models.When(role="lead", then=0), models.When(role="hmi", then=1),
                                models.When(role="oi", then=2), default=3),
                    "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "user"], name="one_place_per_inspector"),
            models.UniqueConstraint(fields=["inspection"], condition=Q(role="lead"),
                                    name="one_lead_per_inspection"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class ConflictDeclaration(models.Model):
    """An inspector's declaration of any connection to the area (framework para 31).

    A declared connection blocks assignment unless an Ofsted admin records an override.
    """

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE,
                                   related_name="conflict_declarations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="conflict_declarations")
    has_connection = models.BooleanField()
    details = models.TextField(blank=True)
    declared_at = models.DateTimeField(default=timezone.now)
    override_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    override_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-declared_at"]
        constraints = [models.UniqueConstraint(fields=["inspection", "user"],
                                               name="one_declaration_per_inspector")]

    def __str__(self) -> str:
        return f"{self.user}: {'connection declared' if self.has_connection else 'no connection'}"

    @property
    def allows_assignment(self) -> bool:
        return not self.has_connection or self.override_by_id is not None


class NotificationCall(models.Model):
    """The notification call to the DCS (handbook 17 and 18), CQC's calls to the chief
    executives of the area's CCGs or ICBs (18 and 21; one row each in `health_calls`), the
    lead inspector's and CQC inspector's joint call with the LANO (20), and the email."""

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE,
                                      related_name="notification_call")
    called_at = models.DateTimeField()
    person_called = models.CharField(max_length=200)
    person_called_role = models.CharField(max_length=200)
    confirmation_email_on = models.DateField(null=True, blank=True)
    # The joint call with the LANO, and who from the team took part in it.
    lano_called_at = models.DateTimeField(null=True, blank=True)
    lano_call_team = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                            related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    warnings = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"Notification call to {self.person_called}"


class HealthLeaderCall(models.Model):
    """CQC's call to one CCG's or ICB's chief executive, or, in their absence, the most
    senior person available (handbook 18). An area may have several CCGs: one row each.

    The CCG or ICB is one of the register's health partners, or named here when the register
    does not hold it. A call recorded before each call had its own row keeps what was
    written then as `person_called`, and may have no time."""

    notification_call = models.ForeignKey(NotificationCall, on_delete=models.CASCADE,
                                          related_name="health_calls")
    person_called = models.CharField(max_length=200, blank=True)
    job_title = models.CharField(max_length=200, blank=True,
                                 help_text="Blank for the chief executive")
    health_partner = models.ForeignKey("local_areas.HealthPartner", on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="+")
    organisation = models.CharField("CCG or ICB not in the register", max_length=200,
                                    blank=True)
    called_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["notification_call", "called_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(health_partner__isnull=True) | Q(organisation=""),
                name="health_call_one_way_of_naming_the_ccg"),
        ]

    def __str__(self) -> str:
        return self.described

    @property
    def organisation_name(self) -> str:
        return self.health_partner.name if self.health_partner_id else self.organisation

    @property
    def described(self) -> str:
        """'Caroline Selkirk, Chief Executive, NHS Kent and Medway Clinical Commissioning
        Group'; a call carried over from before is shown as it was written."""
        organisation = self.organisation_name
        if not organisation:
            return self.person_called or "Not named"
        return ", ".join([self.person_called, self.job_title or "Chief Executive",
                          organisation])


class Decision(models.TextChoices):
    PENDING = "pending", "Not decided"
    ACCEPTED = "accepted", "Accepted"
    REFUSED = "refused", "Refused"


class DeferralRequest(models.Model):
    """A local area's request to defer, decided jointly by Ofsted and CQC (handbook 25)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE,
                                   related_name="deferral_requests")
    requested_on = models.DateField()
    reasons = models.TextField()
    ofsted_decision = models.CharField(max_length=8, choices=Decision.choices,
                                       default=Decision.PENDING)
    ofsted_decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="+")
    cqc_decision = models.CharField(max_length=8, choices=Decision.choices,
                                    default=Decision.PENDING)
    cqc_decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="+")
    new_onsite_start = models.DateField(null=True, blank=True)
    new_onsite_end = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["-requested_on", "-id"]

    def __str__(self) -> str:
        return f"Deferral request of {self.requested_on}"

    @property
    def outcome(self) -> str:
        if Decision.REFUSED in (self.ofsted_decision, self.cqc_decision):
            return Decision.REFUSED
        if self.ofsted_decision == self.cqc_decision == Decision.ACCEPTED:
            return Decision.ACCEPTED
        return Decision.PENDING


class Question(models.TextChoices):
    A = "A", "A: identifying children and young people with SEND"
    B = "B", "B: assessing and meeting needs"
    C = "C", "C: improving outcomes"


class LineOfEnquiry(models.Model):
    """A key line of enquiry with its initial hypothesis (handbook 15 to 16)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE,
                                   related_name="lines_of_enquiry")
    question = models.CharField(max_length=1, choices=Question.choices)
    enquiry = models.TextField()
    hypothesis = models.TextField(blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    # Bumped by every change, as the inspection's is: an edit against an older one is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["question", "added_at"]

    def __str__(self) -> str:
        return f"{self.question}: {self.enquiry[:60]}"


class MeetingKind(models.TextChoices):
    KEEP_IN_TOUCH = "keep_in_touch", "Keep-in-touch meeting with the LANO"
    TEAM_DAILY = "team_daily", "Daily team meeting"
    FINAL_TEAM = "final_team", "Final team meeting"
    FINAL_FEEDBACK = "final_feedback", "Final feedback meeting with the local area"


class FeedbackTopic(models.TextChoices):
    """What the final feedback meeting tells the area (handbook 55), a point each."""

    IDENTIFYING = "identifying", "How effectively the area identifies children and young " \
                                 "people with SEND"
    MEETING_NEEDS = "meeting_needs", "How effectively it assesses and meets their needs"
    OUTCOMES = "outcomes", "How effectively it improves their outcomes"
    STRENGTHS = "strengths", "Areas of strength"
    TO_IMPROVE = "to_improve", "Areas that need to improve"
    SAFEGUARDING = "safeguarding", "Any safeguarding concerns identified"
    SELF_EVALUATION = "self_evaluation", "The quality and accuracy of the area's " \
                                         "self-evaluation"
    WSOA = "wsoa", "Areas of significant weakness that may require a written statement of " \
                   "action, and the principal authority"
    NOT_FIT = "not_fit", "Follow-up if a written statement is judged not fit for purpose"
    CONFIDENTIAL = "confidential", "That all feedback stays confidential until publication"
    RESTRICTED_DRAFT = "restricted_draft", "That the draft report stays restricted and " \
                                           "confidential to senior personnel"
    SURVEY = "survey", "The post-inspection survey"
    COMPLAINTS = "complaints", "How to complain about matters not resolved"


class Meeting(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE,
                                   related_name="meetings")
    kind = models.CharField(max_length=16, choices=MeetingKind.choices)
    held_on = models.DateField()
    attendees = models.TextField(blank=True)
    notes = models.TextField(blank=True, help_text="Emerging findings, decisions, actions")
    # A final feedback meeting's points covered (FeedbackTopic codes, in their order).
    covered = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.held_on}"

    @property
    def not_covered(self) -> list[str]:
        """A final feedback meeting's points of handbook 55 not recorded as covered."""
        return [label for code, label in FeedbackTopic.choices if code not in self.covered]


class ConcernKind(models.TextChoices):
    CONCERN = "concern", "Concern"
    COMPLAINT = "complaint", "Complaint"


class Concern(models.Model):
    """A concern or complaint raised during the inspection (handbook 60 to 61)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE,
                                   related_name="concerns")
    kind = models.CharField(max_length=10, choices=ConcernKind.choices)
    # A possible safeguarding concern follows the published procedure (handbook 26); the
    # inspection cannot close while one is open.
    safeguarding = models.BooleanField(default=False)
    raised_on = models.DateField()
    raised_by = models.CharField(max_length=200)
    details = models.TextField()
    resolution = models.TextField(blank=True)
    resolved_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["raised_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} raised {self.raised_on}"


class EngagementMeeting(models.Model):
    """A 2023-framework annual engagement meeting with a local area. The self-evaluation the
    area shares for it is the area's own document (evidence.Document.self_evaluation_of)."""

    local_area = models.ForeignKey("local_areas.LocalArea", on_delete=models.PROTECT,
                                   related_name="engagement_meetings")
    held_on = models.DateField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["-held_on"]
        constraints = [models.UniqueConstraint(
            fields=["local_area", "held_on"], name="one_engagement_meeting_a_day",
            violation_error_message="An engagement meeting with this area is already recorded "
                                    "on that day")]

    def __str__(self) -> str:
        return f"Engagement meeting with {self.local_area}, {self.held_on}"


