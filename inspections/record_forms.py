"""Forms for an inspection's records: the team, the notification call, deferrals, on-site
records and annual engagement meetings.

Field names are the services' keyword arguments wherever they can be, so that a service's
refusal (a ValidationError keyed by argument) lands on the field it is about.
"""

import datetime
import re
from pathlib import Path

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    HTML,
    Button,
    Field,
    Layout,
    Size,
)
from django import forms
from django.db.models import Q
from django.utils import timezone

from accounts import roles
from accounts.models import User
from config.govuk_forms import GovukDateField, form_check_date_order, long_date
from inspections.models import (
    ConcernKind,
    Decision,
    EngagementMeeting,
    MeetingKind,
    Outcome,
    Question,
    QuestionnaireStatus,
    TeamRole,
)
from local_areas.models import AreaContact, ContactRole

YES, NO = "yes", "no"
SOMEONE_ELSE = "someone_else"
DCS = "Director of children's services"


def _heading(text: str) -> HTML:
    return HTML(f'<h2 class="govuk-heading-m">{text}</h2>')


def _helper(*fields, button: str) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Button("submit", button))
    return helper


class HourMinuteField(forms.CharField):
    """A time of day typed as hours and minutes, like 09:30 or 14:00 (or 2:15pm)."""

    PATTERN = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)

    def __init__(self, *, label: str, required: bool = True, **kwargs):
        name = label[0].lower() + label[1:]
        super().__init__(
            label=label, required=required, max_length=8,
            help_text=kwargs.pop("help_text", "Use the 24-hour clock, for example 09:30 or 14:00"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            error_messages={"required": f"Enter the {name}"}, **kwargs)
        self.invalid = f"Enter the {name} as hours and minutes, like 09:30 or 14:00"

    def clean(self, value):
        value = super().clean(value).strip()
        if not value:
            return None
        match = self.PATTERN.match(value)
        if not match:
            raise forms.ValidationError(self.invalid)
        hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
        if half:
            if not 1 <= hour <= 12:
                raise forms.ValidationError(self.invalid)
            hour = hour % 12 + (12 if half == "pm" else 0)
        elif match[2] is None:
            raise forms.ValidationError(self.invalid)
        if hour > 23 or minute > 59:
            raise forms.ValidationError(self.invalid)
        return datetime.time(hour, minute)


def _moment(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """That day and time in the UK, where every call is made."""
    return timezone.make_aware(datetime.datetime.combine(day, time))


def inspectors():
    return User.objects.filter(groups__name=roles.INSPECTOR, is_active=True).order_by(
        "last_name", "first_name", "username")


# The team and conflicts of interest -----------------------------------------------------------

class DeclarationForm(forms.Form):
    """An inspector's declaration; an admin also chooses whose declaration it is.

    The details field is always shown rather than revealed by the radio: the design system's
    conditional reveal puts aria-expanded on radios, which is not valid ARIA. The notification
    form does the same for its dependent fields.
    """

    inspector = forms.ModelChoiceField(label="Inspector", queryset=User.objects.none(),
                                       empty_label="Choose an inspector",
                                       error_messages={"required": "Select the inspector"})
    has_connection = forms.ChoiceField(
        widget=forms.RadioSelect, choices=[(NO, NO), (YES, YES)],
        error_messages={"required": "Select whether there is any connection to the area"})
    details = forms.CharField(label="Details of the connection", required=False,
                              widget=forms.Textarea,
                              help_text="Only if there is a connection: what it is and when")

    def __init__(self, *args, area_name: str, for_someone_else: bool, **kwargs):
        super().__init__(*args, **kwargs)
        who = "the inspector" if for_someone_else else "you"
        have = "has" if for_someone_else else "have"
        field = self.fields["has_connection"]
        field.label = f"Do{'es' if for_someone_else else ''} {who} have any connection to " \
                      f"{area_name}?"
        field.help_text = (f"For example, {who} {have} worked for the council or a health "
                           f"provider there, or a close relative works for or uses their "
                           f"services")
        field.choices = [(NO, f"No connection to {area_name}"),
                         (YES, f"A connection to {area_name}")]
        if for_someone_else:
            self.fields["inspector"].queryset = inspectors()
            first = [Field.select("inspector")]
        else:
            del self.fields["inspector"]
            first = []
        self.helper = _helper(*first, Field.radios("has_connection", legend_size=Size.SMALL),
                              Field.textarea("details", rows=4), button="Save declaration")

    def clean(self):
        data = super().clean()
        data["has_connection"] = data.get("has_connection") == YES
        if data["has_connection"] and not data.get("details", "").strip():
            self.add_error("details", "Describe the connection to the local area")
        if not data["has_connection"]:
            data["details"] = ""
        return data


class OverrideForm(forms.Form):
    reason = forms.CharField(label="Reason for the override", widget=forms.Textarea,
                             help_text="Why the connection does not stop them inspecting here",
                             error_messages={"required": "Give the reason for the override"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason", rows=4), button="Record override")


class InspectorChoiceField(forms.ModelChoiceField):
    """Each inspector with where their declaration stands, so a blocked choice is no
    surprise."""

    def __init__(self, *args, declarations: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.declarations = declarations

    def label_from_instance(self, user) -> str:
        declaration = self.declarations.get(user.pk)
        if declaration is None:
            standing = "has not declared"
        elif not declaration.has_connection:
            standing = "declared no connection"
        elif declaration.override_by_id:
            standing = "declared a connection, overridden"
        else:
            standing = "declared a connection"
        return f"{user} ({standing})"


class TeamMemberForm(forms.Form):
    user = InspectorChoiceField(label="Inspector", queryset=User.objects.none(),
                                declarations={}, empty_label="Choose an inspector",
                                error_messages={"required": "Select the inspector"})
    role = forms.ChoiceField(label="Role", choices=TeamRole.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the role"})

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        members = [member.user_id for member in inspection.team.all()]
        field = self.fields["user"]
        field.queryset = inspectors().exclude(pk__in=members)
        field.declarations = {d.user_id: d for d in inspection.conflict_declarations.all()}
        field.help_text = (f"Only inspectors who have declared no connection to "
                           f"{inspection.local_area.name}, or whose connection an Ofsted admin "
                           f"has overridden, can be assigned")
        self.helper = _helper(Field.select("user"), Field.radios("role", legend_size=Size.SMALL),
                              button="Add to the team")


# Notification ---------------------------------------------------------------------------------

class NotificationForm(forms.Form):
    """The notification call, CQC's call to health leaders, the email, and who is LANO."""

    called_on = GovukDateField(label="Date of the call")
    called_time = HourMinuteField(label="Time of the call")
    person_called = forms.CharField(label="Name of the person called", max_length=200,
                                    error_messages={"required": "Enter the name of the person "
                                                                "called"})
    role_called = forms.ChoiceField(
        label="Their role", widget=forms.RadioSelect,
        choices=[("dcs", f"{DCS} (DCS)"), ("senior", "The most senior person available")],
        help_text="Call the DCS; if they are not available, the most senior person who is",
        error_messages={"required": "Select the role of the person called"})
    senior_job_title = forms.CharField(label="Job title of the person called", max_length=150,
                                       required=False,
                                       help_text="Only if they are not the DCS")
    cqc_called_on = GovukDateField(label="Date of CQC's call", required=False,
                                   help_text="Leave blank if CQC has not called yet")
    cqc_called_time = HourMinuteField(label="Time of CQC's call", required=False)
    cqc_person_called = forms.CharField(label="Name of the health leader called (optional)",
                                        max_length=200, required=False)
    confirmation_email_on = GovukDateField(label="Date the confirmation email was sent",
                                           required=False, help_text="Leave blank if not sent yet")
    lano = forms.ChoiceField(label="Local area nominated officer (LANO) for this inspection",
                             widget=forms.RadioSelect,
                             error_messages={"required": "Select the LANO"})
    new_lano_name = forms.CharField(label="New LANO's full name", max_length=200,
                                    required=False, help_text="Only for someone else")
    new_lano_email = forms.EmailField(
        label="New LANO's email address", required=False,
        error_messages={"invalid": "Enter the LANO's email address in the correct format, "
                                   "like name@example.gov.uk"})

    def __init__(self, *args, contacts: list[AreaContact], area_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.contacts = {str(contact.pk): contact for contact in contacts}
        labels = {str(c.pk): f"{c.name}, LANO since {long_date(c.start_date)}"
                  for c in contacts}
        self.fields["lano"].choices = [*labels.items(), (SOMEONE_ELSE, "Someone else")]
        self.fields["lano"].help_text = (
            f"The person {area_name} names to work with the inspectors. Someone new is added to "
            f"the area's contacts as LANO from the date of the call")
        self.helper = _helper(
            _heading("The call to the local area"),
            Field("called_on"), Field.text("called_time", field_width=5),
            Field.text("person_called"),
            Field.radios("role_called", legend_size=Size.SMALL),
            Field.text("senior_job_title"),
            _heading("CQC's call to health leaders"),
            Field("cqc_called_on"), Field.text("cqc_called_time", field_width=5),
            Field.text("cqc_person_called"),
            _heading("Confirmation email"),
            Field("confirmation_email_on"),
            _heading("LANO"),
            Field.radios("lano", legend_size=Size.SMALL),
            Field.text("new_lano_name"), Field.text("new_lano_email", field_width=20),
            button="Continue",
        )

    def clean(self):
        data = super().clean()
        if data.get("called_on") and data.get("called_time"):
            data["called_at"] = _moment(data["called_on"], data["called_time"])
        if data.get("role_called") == "senior" and not data.get("senior_job_title", "").strip():
            self.add_error("senior_job_title", "Enter the job title of the person called")
        self._clean_cqc(data)
        if data.get("lano") == SOMEONE_ELSE:
            if not data.get("new_lano_name", "").strip():
                self.add_error("new_lano_name", "Enter the full name of the new LANO")
            if not data.get("new_lano_email") and "new_lano_email" not in self.errors:
                self.add_error("new_lano_email", "Enter the new LANO's email address")
        return data

    def _clean_cqc(self, data: dict) -> None:
        day, time = data.get("cqc_called_on"), data.get("cqc_called_time")
        given = day or time or data.get("cqc_person_called") \
            or "cqc_called_on" in self.errors or "cqc_called_time" in self.errors
        if not given:
            data["cqc_called_at"] = None
            return
        if not day and "cqc_called_on" not in self.errors:
            self.add_error("cqc_called_on", "Enter the date of CQC's call")
        if not time and "cqc_called_time" not in self.errors:
            self.add_error("cqc_called_time", "Enter the time of CQC's call")
        data["cqc_called_at"] = _moment(day, time) if day and time else None

    @property
    def person_called_role(self) -> str:
        data = self.cleaned_data
        if data["role_called"] == "dcs":
            return DCS
        return f"{data['senior_job_title'].strip()} (most senior person available)"

    @property
    def chosen_lano(self) -> AreaContact | None:
        """The chosen existing contact; None when a new LANO is named."""
        return self.contacts.get(self.cleaned_data["lano"])

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"called_at": data["called_at"], "person_called": data["person_called"],
                "person_called_role": self.person_called_role,
                "cqc_called_at": data["cqc_called_at"],
                "cqc_person_called": data["cqc_person_called"],
                "confirmation_email_on": data["confirmation_email_on"]}


def lano_contacts(*, local_area, onsite_start: datetime.date) -> list[AreaContact]:
    """The area's LANOs who could act for this inspection: whoever holds the role on the
    first day on site, and whoever holds it now."""
    today = timezone.localdate()
    current_on = [AreaContact.objects.filter(local_area=local_area, role=ContactRole.LANO)
                  .valid_on(day, start="start_date", end="end_date") for day in
                  (onsite_start, today)]
    return list(AreaContact.objects.filter(
        Q(pk__in=current_on[0].values("pk")) | Q(pk__in=current_on[1].values("pk")))
        .order_by("-start_date"))


# Deferral -------------------------------------------------------------------------------------

class DeferralRequestForm(forms.Form):
    requested_on = GovukDateField(label="Date the local area asked")
    reasons = forms.CharField(label="Reasons for the request", widget=forms.Textarea,
                              error_messages={"required": "Give the reasons for the request"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("requested_on"), Field.textarea("reasons", rows=5),
                              button="Record request")


INSPECTORATES = {"ofsted": "Ofsted", "cqc": "CQC"}


class DeferralDecisionForm(forms.Form):
    inspectorate = forms.ChoiceField(label="Whose decision is it?", widget=forms.RadioSelect,
                                     error_messages={"required": "Select Ofsted or CQC"})
    decision = forms.ChoiceField(
        label="Decision", widget=forms.RadioSelect,
        choices=[(Decision.ACCEPTED, "Accepted"), (Decision.REFUSED, "Refused")],
        error_messages={"required": "Select accepted or refused"})
    new_onsite_start = GovukDateField(label="New first day on site", required=False,
                                      help_text="Leave both dates blank to defer the inspection "
                                                "until new dates are set")
    new_onsite_end = GovukDateField(label="New last day on site", required=False)

    def __init__(self, *args, pending: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspectorate"].choices = [(key, INSPECTORATES[key]) for key in pending]
        self.helper = _helper(
            Field.radios("inspectorate", legend_size=Size.SMALL),
            Field.radios("decision", legend_size=Size.SMALL),
            Field("new_onsite_start"), Field("new_onsite_end"), button="Record decision")

    def clean(self):
        data = super().clean()
        start, end = data.get("new_onsite_start"), data.get("new_onsite_end")
        if start and not end and "new_onsite_end" not in self.errors:
            self.add_error("new_onsite_end", "Enter the new last day on site too, or neither")
        if end and not start and "new_onsite_start" not in self.errors:
            self.add_error("new_onsite_start", "Enter the new first day on site too, or neither")
        form_check_date_order(self, data, "new_onsite_start", "new_onsite_end",
                              "The new last day must be the same as or after the first day")
        return data


class RescheduleForm(forms.Form):
    onsite_start = GovukDateField(label="New first day on site")
    onsite_end = GovukDateField(label="New last day on site")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("onsite_start"), Field("onsite_end"),
                              button="Reschedule inspection")

    def clean(self):
        data = super().clean()
        form_check_date_order(self, data, "onsite_start", "onsite_end",
                              "The last day on site must be the same as or after the first day")
        return data


# Planning and on-site records -----------------------------------------------------------------

class LineOfEnquiryForm(forms.Form):
    question = forms.ChoiceField(label="Which question does it help answer?",
                                 choices=Question.choices, widget=forms.RadioSelect,
                                 error_messages={"required": "Select question A, B or C"})
    enquiry = forms.CharField(label="Line of enquiry", widget=forms.Textarea,
                              error_messages={"required": "Enter the line of enquiry"})
    hypothesis = forms.CharField(label="Initial hypothesis (optional)", widget=forms.Textarea,
                                 required=False,
                                 help_text="What the evidence so far suggests, to test on site")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("question", legend_size=Size.SMALL),
                              Field.textarea("enquiry", rows=4),
                              Field.textarea("hypothesis", rows=4),
                              button="Add line of enquiry")


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="Meeting", choices=MeetingKind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Select the kind of meeting"})
    held_on = GovukDateField(label="Date of the meeting")
    attendees = forms.CharField(label="Who attended (optional)", widget=forms.Textarea,
                                required=False)
    notes = forms.CharField(label="Notes and emerging findings (optional)",
                            widget=forms.Textarea, required=False,
                            help_text="Emerging findings, decisions and actions")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("kind", legend_size=Size.SMALL), Field("held_on"),
                              Field.textarea("attendees", rows=3), Field.textarea("notes", rows=6),
                              button="Record meeting")


class ConcernForm(forms.Form):
    kind = forms.ChoiceField(label="Is it a concern or a complaint?",
                             choices=ConcernKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select concern or complaint"})
    raised_on = GovukDateField(label="Date it was raised")
    raised_by = forms.CharField(label="Who raised it", max_length=200,
                                help_text="A name, or a role such as 'a parent'",
                                error_messages={"required": "Enter who raised it"})
    details = forms.CharField(label="Details", widget=forms.Textarea,
                              error_messages={"required": "Enter the details"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("kind", legend_size=Size.SMALL, inline=True),
                              Field("raised_on"), Field.text("raised_by"),
                              Field.textarea("details", rows=5), button="Record")


class ConcernResolutionForm(forms.Form):
    resolution = forms.CharField(label="How it was resolved", widget=forms.Textarea,
                                 error_messages={"required": "Describe how it was resolved"})
    resolved_on = GovukDateField(label="Date it was resolved")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("resolution", rows=5), Field("resolved_on"),
                              button="Record resolution")


class QuestionnaireForm(forms.Form):
    status = forms.ChoiceField(label="Evaluation questionnaire", widget=forms.RadioSelect,
                               choices=QuestionnaireStatus.choices,
                               help_text="Sent to the local area through the LANO after the "
                                         "inspection",
                               error_messages={"required": "Select a status"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("status", legend_size=Size.SMALL),
                              button="Save status")


# What each outcome says about the local area partnership (2023 framework).
OUTCOME_DESCRIPTIONS = {
    Outcome.POSITIVE: "The local area partnership's SEND arrangements typically lead to "
                      "positive experiences and outcomes for children and young people with "
                      "SEND. The partnership is taking action where improvements are needed.",
    Outcome.INCONSISTENT: "The local area partnership's arrangements lead to inconsistent "
                          "experiences and outcomes for children and young people with SEND. "
                          "The partnership must work jointly to make improvements.",
    Outcome.SYSTEMIC_FAILINGS: "There are widespread and/or systemic failings leading to "
                               "significant concerns about the experiences and outcomes of "
                               "children and young people with SEND, which the partnership "
                               "must address urgently.",
}


class OutcomeForm(forms.Form):
    outcome = forms.TypedChoiceField(
        label="Outcome of the inspection", widget=forms.RadioSelect, coerce=int,
        choices=[Choice(outcome.value, f"Outcome {outcome.value}: {outcome.label}",
                        hint=OUTCOME_DESCRIPTIONS[outcome]) for outcome in Outcome],
        error_messages={"required": "Select outcome 1, 2 or 3"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("outcome", legend_size=Size.SMALL),
                              button="Save outcome")


# Annual engagement meetings (2023 framework) --------------------------------------------------

SELF_EVALUATION_MAX_BYTES = 20 * 1024 * 1024
# What each accepted kind of file starts with: a PDF's header; Word (.docx) and ODT are zip
# packages; old Word (.doc) is an OLE compound file.
SELF_EVALUATION_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}


class EngagementMeetingForm(forms.Form):
    held_on = GovukDateField(label="Date of the meeting")
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea, required=False)
    self_evaluation = forms.FileField(
        label="Self-evaluation (optional)", required=False,
        help_text="A PDF, Word or OpenDocument text file, no bigger than 20MB",
        widget=forms.ClearableFileInput(attrs={
            "accept": ".pdf,.doc,.docx,.odt,application/pdf,application/msword,"
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
                      "application/vnd.oasis.opendocument.text"}),
        error_messages={"empty": "The selected file is empty"})

    def __init__(self, *args, local_area, **kwargs):
        super().__init__(*args, **kwargs)
        self.local_area = local_area
        self.helper = _helper(Field("held_on"), Field.textarea("notes", rows=5),
                              Field("self_evaluation"), button="Record meeting")

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if EngagementMeeting.objects.filter(local_area=self.local_area, held_on=held_on).exists():
            raise forms.ValidationError(f"A meeting with {self.local_area.name} on "
                                        f"{long_date(held_on)} is already recorded")
        return held_on

    def clean_self_evaluation(self):
        upload = self.cleaned_data.get("self_evaluation")
        if not upload:
            return None
        signatures = SELF_EVALUATION_SIGNATURES.get(Path(upload.name).suffix.lower())
        if signatures is None:
            raise forms.ValidationError("The selected file must be a PDF, Word document (.doc "
                                        "or .docx) or OpenDocument text (.odt)")
        if upload.size > SELF_EVALUATION_MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 20MB")
        upload.seek(0)
        start = upload.read(8)
        upload.seek(0)
        if not start.startswith(signatures):
            raise forms.ValidationError(f"The selected file is not a real "
                                        f"{Path(upload.name).suffix.lower()[1:].upper()} file")
        return upload
