"""Written statements of action (WSOA) and what follows them (framework 15 to 19, handbook 75
to 79 and 117 to 119, the Ofsted key messages slides of 2017).

A WSOA is made by HMCI's determination that one is required (reports.Determination). Its
areas of significant weakness are the determination's, in the letter's words. Its clocks are
``Deadline`` rows naming it (``Deadline.wsoa``) beside the inspection it follows. The cycle:

    awaiting_receipt   determined; the principal authority has not yet received the final
                       report (the submission clock counts from that receipt)
    drafting           the principal authority writes the statement (70 working days)
    under_review       Ofsted and CQC review a submitted statement (10 working days)
    resubmission       judged not fit for purpose: the area revises it (20 working days)
    fit                fit for purpose: progress is followed, up to the re-visit
    minister           not fit for purpose twice: advice to the Minister, and the next step

Only wsoa.services changes these rows.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Inspectorate
from reports.models import PrincipalAuthority


class Stage(models.TextChoices):
    AWAITING_RECEIPT = "awaiting_receipt", "Awaiting receipt of the final report"
    DRAFTING = "drafting", "Being written"
    UNDER_REVIEW = "under_review", "Under review"
    RESUBMISSION = "resubmission", "Not fit for purpose: being revised"
    FIT = "fit", "Fit for purpose"
    MINISTER = "minister", "Not fit for purpose twice: referred to the Minister"


# The order a tracker reads them in, from determination to the end of the cycle.
STAGE_ORDER = [Stage.AWAITING_RECEIPT, Stage.DRAFTING, Stage.UNDER_REVIEW, Stage.RESUBMISSION,
               Stage.FIT, Stage.MINISTER]


class NextStep(models.TextChoices):
    """What follows advice to the Minister, decided case by case (the slides)."""

    TARGETED_SUPPORT = "targeted_support", "Targeted support"
    CONTINUED_MONITORING = "monitoring", "Continued monitoring"
    STATUTORY_DIRECTION = "direction", "Statutory direction"
    FURTHER_INSPECTION = "inspection", "Further inspection"


class Wsoa(models.Model):
    inspection = models.OneToOneField("inspections.Inspection", on_delete=models.PROTECT,
                                      related_name="wsoa")
    # Copied from the inspection, as a Deadline copies it, so the tracker filters by area and
    # region without a join through the inspection.
    local_area = models.ForeignKey("local_areas.LocalArea", on_delete=models.PROTECT,
                                   related_name="wsoas")
    principal_authority = models.CharField(max_length=15, choices=PrincipalAuthority.choices)
    stage = models.CharField(max_length=16, choices=Stage.choices,
                             default=Stage.AWAITING_RECEIPT)
    determined_on = models.DateField()
    # Handbook 75: "within 70 working days of receiving the final report". Entered, audited,
    # and offered as the date the final report was issued.
    report_received_on = models.DateField(null=True, blank=True)
    minister_advised_on = models.DateField(null=True, blank=True)
    next_step = models.CharField(max_length=16, blank=True, choices=NextStep.choices)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-determined_on", "id"]
        indexes = [models.Index(fields=["stage", "local_area"], name="wsoa_stage_area_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage="minister")
                | Q(minister_advised_on__isnull=True, next_step=""),
                name="wsoa_minister_only_when_referred"),
            models.CheckConstraint(
                condition=Q(stage="awaiting_receipt") | Q(report_received_on__isnull=False),
                name="wsoa_receipt_before_drafting"),
        ]

    def __str__(self) -> str:
        return f"Written statement of action for {self.local_area.name}"

    @property
    def principal_authority_words(self) -> str:
        return PrincipalAuthority(self.principal_authority).label


class Submission(models.Model):
    """One submission of the statement: the first, or a revision after 'not fit'. The
    statement itself is a version of a document the WSOA owns (evidence.Document)."""

    wsoa = models.ForeignKey(Wsoa, on_delete=models.PROTECT, related_name="submissions")
    number = models.PositiveSmallIntegerField()  # 1, then 2 for the revised statement
    statement = models.ForeignKey("evidence.DocumentVersion", on_delete=models.PROTECT,
                                  related_name="+")
    submitted_on = models.DateField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    # Handbook 78: copies to HMCI, the inspectorates and the Secretary of State.
    copies_confirmed = models.BooleanField(default=False)

    class Meta:
        ordering = ["wsoa", "number"]
        constraints = [models.UniqueConstraint(fields=["wsoa", "number"],
                                               name="wsoa_submission_number_once")]

    def __str__(self) -> str:
        return f"Submission {self.number} of {self.wsoa}"


class Action(models.Model):
    """An action the statement commits to for one area of significant weakness: who is to
    take it and the period within which it is taken (handbook 77)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE,
                                   related_name="actions")
    weakness = models.ForeignKey("reports.SignificantWeakness", on_delete=models.PROTECT,
                                 related_name="actions")
    text = models.TextField()
    who = models.CharField("who takes it", max_length=200)
    complete_by = models.DateField("to be completed by")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["submission", "weakness__position", "position"]
        constraints = [models.CheckConstraint(condition=~Q(text="") & ~Q(who=""),
                                              name="wsoa_action_says_what_and_who")]

    def __str__(self) -> str:
        return self.text[:60]


class Fitness(models.TextChoices):
    FIT = "fit", "Fit for purpose"
    NOT_FIT = "not_fit", "Not fit for purpose"


class Review(models.Model):
    """Ofsted's and CQC's joint review of one submission: each records its view, and the
    decision, joint, is recorded once both agree. The Regional Director's letter notifies it
    (framework 18)."""

    submission = models.OneToOneField(Submission, on_delete=models.PROTECT,
                                      related_name="review")
    decision = models.CharField(max_length=7, blank=True, choices=Fitness.choices)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    # The Regional Director who signs the letter, and the letter as rendered (wsoa.tasks).
    regional_director = models.CharField(max_length=200, blank=True)
    letter_pdf = models.FileField(upload_to="wsoa/letters/", max_length=200, blank=True)
    letter_sha256 = models.CharField(max_length=64, blank=True)
    letter_pages = models.PositiveSmallIntegerField(null=True, blank=True)
    # Reopened by an admin, with a reason: the decision is cleared and taken again.
    reopened_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(
            condition=Q(decision="", decided_on__isnull=True)
            | (~Q(decision="") & Q(decided_on__isnull=False)),
            name="wsoa_review_decision_dated")]

    def __str__(self) -> str:
        return f"Review of {self.submission}"


class InspectorateView(models.Model):
    """One inspectorate's view of a submission, recorded by its own staff."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="views")
    inspectorate = models.CharField(max_length=6, choices=Inspectorate.choices)
    fitness = models.CharField(max_length=7, choices=Fitness.choices)
    comments = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                           related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review", "inspectorate"]
        constraints = [models.UniqueConstraint(fields=["review", "inspectorate"],
                                               name="wsoa_one_view_per_inspectorate")]

    def __str__(self) -> str:
        return f"{self.inspectorate}: {self.fitness}"


class Recommendation(models.Model):
    """What a 'not fit for purpose' decision asks the area to change, for one area of
    significant weakness."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE,
                               related_name="recommendations")
    weakness = models.ForeignKey("reports.SignificantWeakness", on_delete=models.PROTECT,
                                 related_name="+")
    text = models.TextField()

    class Meta:
        ordering = ["review", "weakness__position"]
        constraints = [
            models.UniqueConstraint(fields=["review", "weakness"],
                                    name="wsoa_one_recommendation_per_weakness"),
            models.CheckConstraint(condition=~Q(text=""), name="wsoa_recommendation_text")]

    def __str__(self) -> str:
        return self.text[:60]


class Publication(models.Model):
    """Where the local authority or a co-operating body published the statement, including
    the Local Offer site (handbook 79)."""

    wsoa = models.ForeignKey(Wsoa, on_delete=models.PROTECT, related_name="publications")
    body = models.CharField(max_length=200)
    url = models.URLField(max_length=500)
    local_offer = models.BooleanField(default=False)
    published_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["wsoa", "published_on", "id"]

    def __str__(self) -> str:
        return f"{self.body}: {self.url}"


class ProgressNote(models.Model):
    """A DfE or NHS England adviser's note of progress on one action."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="progress_notes")
    text = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                           related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["action", "at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""),
                                              name="wsoa_progress_note_text")]

    def __str__(self) -> str:
        return self.text[:60]


class Progress(models.TextChoices):
    SUFFICIENT = "sufficient", "Sufficient progress"
    NOT_SUFFICIENT = "not_sufficient", "Not sufficient progress"


class RevisitJudgement(models.Model):
    """A 2016 re-visit's judgement on one area of significant weakness (handbook 117)."""

    revisit = models.ForeignKey("inspections.Inspection", on_delete=models.PROTECT,
                                related_name="revisit_judgements")
    weakness = models.ForeignKey("reports.SignificantWeakness", on_delete=models.PROTECT,
                                 related_name="revisit_judgements")
    progress = models.CharField(max_length=14, choices=Progress.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                           related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["revisit", "weakness__position"]
        constraints = [models.UniqueConstraint(fields=["revisit", "weakness"],
                                               name="wsoa_one_judgement_per_weakness")]

    def __str__(self) -> str:
        return f"{self.weakness}: {self.progress}"
