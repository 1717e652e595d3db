"""The evidence base of an inspection: what its inspectors record, and what the local area
hands over.

An evidence record's life: draft → final. It is written by a member of the inspection's team
(the author) and may be changed by any member; every change carries the version it was made
against, and a change against an older version is refused and shown beside the newer one for
the author to merge (docs/decisions/0029). While a form is open, what is typed is saved as
its writer's own ``EvidenceDraft`` every few seconds: a draft belongs to one person and one
form, so autosaving never touches the record, the inspection or anyone else's draft.

Documents are never overwritten: a file uploaded again under the same name is a new
``DocumentVersion`` of the same ``Document``. A version is stored under a generated name with
its SHA-256, size and original filename, and is downloadable only once scanned clean (or
where no scanner is configured).

The evidence base is kept for six months after publication, and longer while a
``RetentionHold`` is in force (handbook 73). Only evidence.services changes any of this.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Activity(models.TextChoices):
    LEADERS = "leaders", "Meeting with leaders"
    CHILDREN = "children", "Meeting with children and young people"
    PARENTS = "parents", "Meeting with parents and carers"
    PROVIDER_VISIT = "provider_visit", "Visit to a provider"
    CASE_FILE = "case_file", "Case file review"
    DOCUMENTS = "documents", "Document scrutiny"
    PARENT_SURVEY = "parent_survey", "Parent survey or webinar"
    PERFORMANCE_DATA = "performance_data", "Performance data"
    STAFF = "staff", "Interview with staff"
    KEEP_IN_TOUCH = "keep_in_touch", "Keep-in-touch meeting"
    TEAM_MEETING = "team_meeting", "Team meeting"
    OTHER = "other", "Other"


# Activities with children and young people, or their parents or carers: consent must have
# been checked before the evidence is final (handbook 42 to 43).
NEEDS_CONSENT = frozenset({Activity.CHILDREN, Activity.PARENTS, Activity.PARENT_SURVEY})


class Aspect(models.TextChoices):
    """The cross-cutting aspects that inform the evaluation of every question (handbook 92
    to 94), and the aspects of question B the handbook names (100 to 107)."""

    LEADERSHIP = "leadership", "Leadership"
    JOINT_COMMISSIONING = "joint_commissioning", "Joint commissioning"
    LOCAL_OFFER = "local_offer", "Local offer"
    CO_PRODUCTION = "co_production", "Co-production"
    EHC_PLANS = "ehc_plans", "EHC plans"
    SELF_EVALUATION = "self_evaluation", "Accuracy of self-evaluation"
    COVID = "covid", "Impact of COVID-19"
    TRANSITION = "transition", "Preparation for adulthood"


class Group(models.TextChoices):
    """Groups of children and young people whose circumstances need extra attention
    (handbook 85 to 86)."""

    LOOKED_AFTER = "looked_after", "Looked after or formerly looked after"
    CARE_LEAVERS = "care_leavers", "Care leavers"
    CHILD_IN_NEED = "child_in_need", "Child in need or child protection plan"
    OUT_OF_AREA = "out_of_area", "Educated out of area"
    HOME_EDUCATED = "home_educated", "Educated at home"
    ALTERNATIVE_PROVISION = "alternative_provision", "In alternative provision"
    IN_HOSPITAL = "in_hospital", "In hospital"
    SERVICE_CHILDREN = "service_children", "Children of service personnel"
    YOUTH_CUSTODY = "youth_custody", "In youth custody or secure accommodation"
    YOUTH_JUSTICE = "youth_justice", "Subject to youth justice"
    ADULT_CARE = "adult_care", "Eligible for adult care services"
    MISSING_EDUCATION = "missing_education", "Missing from education"
    IN_TRANSITION = "in_transition", "In transition between placements or phases"


class Weighing(models.TextChoices):
    STRENGTH = "strength", "Strength"
    DEVELOPMENT = "development", "Area for development"
    NEITHER = "neither", "Neither yet"


class EvidenceStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Final"


class EvidenceRecord(models.Model):
    """One piece of evidence, informing one or more of the three questions."""

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.PROTECT,
                                   related_name="evidence_records")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    status = models.CharField(max_length=5, choices=EvidenceStatus.choices,
                              default=EvidenceStatus.DRAFT)
    activity = models.CharField(max_length=20, choices=Activity.choices)
    happened_at = models.DateTimeField("date and time", null=True, blank=True)
    place = models.CharField("place or provider", max_length=200, blank=True)
    # Roles and organisations: never children's names (handbook 6).
    participants = models.TextField("who took part", blank=True)
    informs_a = models.BooleanField("informs question A", default=False)
    informs_b = models.BooleanField("informs question B", default=False)
    informs_c = models.BooleanField("informs question C", default=False)
    weighing = models.CharField("strength or area for development", max_length=11,
                                choices=Weighing.choices, default=Weighing.NEITHER)
    text = models.TextField(blank=True)
    consent_checked = models.BooleanField(default=False)
    safeguarding = models.BooleanField("safeguarding concern", default=False)
    safeguarding_flagged_at = models.DateTimeField(null=True, blank=True)
    safeguarding_flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL,
                                                on_delete=models.PROTECT, null=True,
                                                blank=True, related_name="+")
    # Bumped by every change: a change made against an older version is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    # The words the record is searched by, on PostgreSQL: written by the database itself on
    # every insert and update (migration 0004), never by the service. Empty on SQLite.
    search = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-happened_at", "-id"]
        indexes = [
            # The evidence list of one inspection, newest first, one page at a time.
            models.Index(fields=["inspection", "-created_at", "-id"],
                         name="evidence_list_idx"),
            models.Index(fields=["inspection", "author"], name="evidence_author_idx"),
            models.Index(fields=["inspection", "activity"], name="evidence_activity_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_activity_display()} ({self.get_status_display().lower()})"

    @property
    def questions(self) -> list[str]:
        return [code for code, informs in (("A", self.informs_a), ("B", self.informs_b),
                                           ("C", self.informs_c)) if informs]


class EvidenceAspect(models.Model):
    record = models.ForeignKey(EvidenceRecord, on_delete=models.CASCADE,
                               related_name="aspects")
    aspect = models.CharField(max_length=24, choices=Aspect.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "aspect"],
                                               name="one_aspect_per_record")]
        indexes = [models.Index(fields=["aspect", "record"], name="evidence_aspect_idx")]

    def __str__(self) -> str:
        return self.get_aspect_display()


class EvidenceGroup(models.Model):
    record = models.ForeignKey(EvidenceRecord, on_delete=models.CASCADE,
                               related_name="groups")
    group = models.CharField(max_length=24, choices=Group.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "group"],
                                               name="one_group_per_record")]
        indexes = [models.Index(fields=["group", "record"], name="evidence_group_idx")]

    def __str__(self) -> str:
        return self.get_group_display()


class EvidenceDraft(models.Model):
    """What one person has typed into one evidence form and not yet saved: the form's fields
    as they stood, and the version of the record it was opened at (none for a new record).
    `form_key` names the form: a new record's form is given one when it is opened, so a
    reloaded page finds its draft again. Saved over by every autosave of that form; removed
    when the form is saved."""

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.CASCADE,
                                   related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    form_key = models.UUIDField(default=uuid.uuid4)
    record = models.ForeignKey(EvidenceRecord, on_delete=models.CASCADE, null=True,
                               blank=True, related_name="drafts")
    base_version = models.PositiveIntegerField(null=True, blank=True)
    fields = models.JSONField(default=dict)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["author", "form_key"],
                                               name="one_draft_per_form")]

    def __str__(self) -> str:
        return f"Draft saved at {self.saved_at:%H:%M}"


class HoldReason(models.TextChoices):
    """Why an evidence base is kept beyond six months after publication (handbook 73)."""

    SAFEGUARDING = "safeguarding", "Safeguarding concerns identified"
    LITIGATION = "litigation", "Potential or current litigation"
    COMPLAINT = "complaint", "Formal complaint"
    WSOA = "wsoa", "Written statement of action required"
    SENSITIVE = "sensitive", "Sensitive, or of national or regional importance"


class RetentionHold(models.Model):
    """A reason to keep an inspection's evidence base, from when it was set until released."""

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.PROTECT,
                                   related_name="retention_holds")
    reason = models.CharField(max_length=12, choices=HoldReason.choices)
    details = models.TextField(blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               null=True, blank=True, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["set_at", "id"]
        constraints = [models.UniqueConstraint(
            fields=["inspection", "reason"], condition=Q(released_at__isnull=True),
            name="one_hold_in_force_per_reason",
            violation_error_message="The evidence base is already held for that reason")]

    def __str__(self) -> str:
        return self.get_reason_display()


class RequestStatus(models.TextChoices):
    OPEN = "open", "To do"
    ANSWERED = "answered", "Answered"
    WITHDRAWN = "withdrawn", "Withdrawn"


class InformationRequest(models.Model):
    """Something the lead inspector asks the local area for, due by a date and time (UK)."""

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.PROTECT,
                                   related_name="information_requests")
    title = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    # The 2023 framework's Annex A item this request is, where it is one.
    annex_a_code = models.SlugField(max_length=40, blank=True)
    due_at = models.DateTimeField()
    status = models.CharField(max_length=9, choices=RequestStatus.choices,
                              default=RequestStatus.OPEN)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["inspection", "status", "due_at"],
                                name="request_todo_idx")]

    def __str__(self) -> str:
        return self.title


class RequestReminder(models.Model):
    """One reminder of an open information request, sent by the daily sweep at one offset:
    the working day before it is due (1), on the day (0), and once overdue (-1). The unique
    constraint makes each exactly once (evidence.services.reminders)."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE,
                                related_name="reminders")
    # Working days before the request's UK due date, as a clock's Reminder counts them.
    offset = models.SmallIntegerField()
    send_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    # Which sweep made it: rows are inserted in bulk, skipping any another sweep made first,
    # and each sweep then reads back only its own.
    sweep_run = models.UUIDField()

    class Meta:
        ordering = ["send_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "offset"],
                                    name="one_reminder_per_request_and_offset"),
        ]

    def __str__(self) -> str:
        return f"{self.request} at {self.offset}"


class Document(models.Model):
    """A file handed over, under its original name, with every version ever uploaded. It
    belongs to one of three owners: an information request (uploaded by the local area), an
    evidence record (attached by an inspector), or a local area itself, as the self-evaluation
    it shares for its annual engagement meetings (``self_evaluation_of``). ``inspection`` is
    the request's or record's, for access checks; an area's self-evaluation has none."""

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="documents")
    request = models.ForeignKey(InformationRequest, on_delete=models.PROTECT, null=True,
                                blank=True, related_name="documents")
    record = models.ForeignKey(EvidenceRecord, on_delete=models.PROTECT, null=True,
                               blank=True, related_name="documents")
    self_evaluation_of = models.ForeignKey("local_areas.LocalArea", on_delete=models.PROTECT,
                                           null=True, blank=True,
                                           related_name="self_evaluations")
    # The written statement of action a principal authority submits (wsoa.Submission names
    # the version submitted); `inspection` is the one the statement follows.
    statement_of = models.ForeignKey("wsoa.Wsoa", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="documents")
    filename = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["filename", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(request__isnull=False, record__isnull=True,
                             self_evaluation_of__isnull=True, statement_of__isnull=True,
                             inspection__isnull=False)
                           | Q(request__isnull=True, record__isnull=False,
                               self_evaluation_of__isnull=True, statement_of__isnull=True,
                               inspection__isnull=False)
                           | Q(request__isnull=True, record__isnull=True,
                               self_evaluation_of__isnull=False, statement_of__isnull=True,
                               inspection__isnull=True)
                           | Q(request__isnull=True, record__isnull=True,
                               self_evaluation_of__isnull=True, statement_of__isnull=False,
                               inspection__isnull=False)),
                name="document_has_one_owner"),
            models.UniqueConstraint(fields=["request", "filename"],
                                    condition=Q(request__isnull=False),
                                    name="one_document_per_request_filename"),
            models.UniqueConstraint(fields=["record", "filename"],
                                    condition=Q(record__isnull=False),
                                    name="one_document_per_record_filename"),
            models.UniqueConstraint(fields=["self_evaluation_of", "filename"],
                                    condition=Q(self_evaluation_of__isnull=False),
                                    name="one_self_evaluation_per_area_filename"),
            models.UniqueConstraint(fields=["statement_of", "filename"],
                                    condition=Q(statement_of__isnull=False),
                                    name="one_statement_document_per_filename"),
        ]

    def __str__(self) -> str:
        return self.filename


class ScanStatus(models.TextChoices):
    PENDING = "pending", "Being scanned"
    CLEAN = "clean", "Scanned clean"
    INFECTED = "infected", "Refused: a virus was found"
    NOT_SCANNED = "not_scanned", "Not scanned (no scanner configured)"


def version_path(instance: "DocumentVersion", filename: str) -> str:
    """A generated name: nothing of the uploaded name reaches the store."""
    document = instance.document
    if document.self_evaluation_of_id:
        return f"documents/areas/{document.self_evaluation_of_id}/{uuid.uuid4().hex}"
    return f"documents/{document.inspection_id}/{uuid.uuid4().hex}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=version_path, max_length=200)
    original_filename = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    kind = models.CharField(max_length=10)
    scan_status = models.CharField(max_length=11, choices=ScanStatus.choices,
                                   default=ScanStatus.PENDING)
    scanned_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"],
                                               name="one_version_number_per_document")]

    def __str__(self) -> str:
        return f"{self.original_filename} (version {self.number})"

    @property
    def downloadable(self) -> bool:
        return self.scan_status in (ScanStatus.CLEAN, ScanStatus.NOT_SCANNED)
