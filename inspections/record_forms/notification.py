"""The notification call."""

import datetime
from functools import partial

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    HTML,
    Button,
    Div,
    Field,
    Hidden,
    Layout,
    Size,
)
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.utils import ErrorDict
from django.utils.html import format_html

from config import clock
from config.govuk_forms import GovukDateField, long_date
from inspections import dates
from inspections.record_forms.common import (
    DCS,
    SOMEONE_ELSE,
    HourMinuteField,
    heading,
    moment,
)
from inspections.services.notification import HealthLeaderCalled
from local_areas.models import AreaContact, ContactRole

# Notification ---------------------------------------------------------------------------------

MAX_HEALTH_CALLS = 12  # more CCGs than any area has had (Kent had 8)
HEALTH_FIELDS = ("person_called", "job_title", "health_partner", "organisation", "called_on",
                 "called_time")


def health_field(number: int, field: str) -> str:
    """The form's name for a field of the number-th health call (from 1)."""
    return f"health_{number}_{field}"


class NotificationForm(forms.Form):
    """The notification call; CQC's calls to the CCG or ICB chief executives, as many rows
    as there are calls ("Add another call" adds a row, without JavaScript); the joint call
    with the LANO; the email; and who is LANO."""

    called_on = GovukDateField(label=dates.CALL_DAY)
    called_time = HourMinuteField(label=dates.CALL_TIME)
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
    lano_called_on = GovukDateField(label="Date of the call with the LANO", required=False,
                                    help_text="Leave blank if the call has not happened yet")
    lano_called_time = HourMinuteField(label="Time of the call with the LANO", required=False)
    lano_call_team = forms.MultipleChoiceField(
        label="Who from the team took part?", widget=forms.CheckboxSelectMultiple,
        required=False, help_text="Normally the lead inspector and the CQC inspector")
    confirmation_email_on = GovukDateField(label=dates.CONFIRMATION_EMAIL,
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

    def __init__(self, data=None, *args, contacts: list[AreaContact], area_name: str,
                 call_rule, health_partners=(), team=(), add_health_call: bool = False,
                 **kwargs):
        rows = _rows_given(data) + (1 if add_health_call else 0)
        # The rows shown go with the form as a hidden value, so that a form sent back with
        # an error, or to add a call, shows every row it had.
        self.health_rows_shown = max(1, min(rows, MAX_HEALTH_CALLS))
        super().__init__(data, *args, **kwargs)
        # When the call can have been made (inspections.dates.notification_call).
        self.call_rule = call_rule
        self.contacts = {str(contact.pk): contact for contact in contacts}
        labels = {str(c.pk): f"{c.name}, LANO since {long_date(c.start_date)}"
                  for c in contacts}
        self.fields["lano"].choices = [*labels.items(), (SOMEONE_ELSE, "Someone else")]
        # The pack prints hints as they are: the area's name is escaped here.
        self.fields["lano"].help_text = format_html(
            "The person {} names to work with the inspectors. Someone new is added to the "
            "area's contacts as LANO from the date of the call", area_name)
        self.partners = {str(partner.pk): partner for partner in health_partners}
        self.team = {str(user.pk): user for user, _ in team}
        self.fields["lano_call_team"].choices = [(str(user.pk), f"{user}, {role}")
                                                 for user, role in team]
        for number in range(1, self.health_rows_shown + 1):
            self.fields.update(self._health_call_fields(number))
        # CQC's calls come last, so that "Add another call" follows their rows and comes
        # after "Continue": pressing Enter in any field continues, as a form's first button.
        self.helper = FormHelper()
        self.helper.layout = Layout(
            heading("The call to the local area"),
            Field("called_on"), Field.text("called_time", field_width=5),
            Field.text("person_called"),
            Field.radios("role_called", legend_size=Size.SMALL),
            Field.text("senior_job_title"),
            heading("LANO"),
            Field.radios("lano", legend_size=Size.SMALL),
            Field.text("new_lano_name"), Field.text("new_lano_email", field_width=20),
            heading("The joint call with the LANO"),
            HTML('<p class="govuk-body">The lead inspector and the CQC inspector call the '
                 'LANO once the inspection is confirmed.</p>'),
            Field("lano_called_on"), Field.text("lano_called_time", field_width=5),
            *([Field.checkboxes("lano_call_team", legend_size=Size.SMALL)] if team else []),
            heading("Confirmation email"),
            Field("confirmation_email_on"),
            heading("CQC's calls to CCG or ICB chief executives"),
            HTML('<p class="govuk-body">CQC calls the chief executive of each of the area\'s '
                 'CCGs or ICBs, or the most senior person available if they are not. Leave a '
                 'call blank if it was not made. For more calls than there are rows, use '
                 '"Add another call".</p>'),
            Hidden("health_rows", self.health_rows_shown),
            *(layout for number in range(1, self.health_rows_shown + 1)
              for layout in self._health_call_layout(number)),
            Div(Button("submit", "Continue"),
                *([Button.secondary("add_health_call", "Add another call")]
                  if self.health_rows_shown < MAX_HEALTH_CALLS else []),
                css_class="govuk-button-group"),
        )

    def _health_call_fields(self, n: int) -> dict[str, forms.Field]:
        listed = bool(self.partners)
        day = GovukDateField(label=f"Call {n}: date", required=False)
        day.error_messages["incomplete"] = f"Enter the date of call {n} as a day, month and year"
        time = HourMinuteField(label=f"Call {n}: time", required=False)
        time.invalid = f"Enter the time of call {n} as hours and minutes, like 09:30 or 14:00"
        fields = {
            "person_called": forms.CharField(label=f"Call {n}: name of the person called",
                                             max_length=200, required=False),
            "job_title": forms.CharField(label=f"Call {n}: job title (optional)",
                                         max_length=200, required=False,
                                         help_text="Leave blank for the chief executive"),
            "organisation": forms.CharField(
                label=f"Call {n}: CCG or ICB, if it is not listed" if listed
                else f"Call {n}: CCG or ICB", max_length=200, required=False),
            "called_on": day, "called_time": time,
        }
        if listed:
            fields["health_partner"] = forms.ChoiceField(
                label=f"Call {n}: CCG or ICB", required=False,
                choices=[("", "Choose the CCG or ICB"),
                         *((pk, partner.name) for pk, partner in self.partners.items())])
        return {health_field(n, name): field for name, field in fields.items()}

    def _health_call_layout(self, n: int) -> list:
        return [HTML(f'<h3 class="govuk-heading-s" id="health-call-{n}">Call {n}</h3>'),
                Field.text(health_field(n, "person_called")),
                Field.text(health_field(n, "job_title")),
                *([Field.select(health_field(n, "health_partner"))] if self.partners else []),
                Field.text(health_field(n, "organisation")),
                Field(health_field(n, "called_on")),
                Field.text(health_field(n, "called_time"), field_width=5)]

    def clean(self):
        data = super().clean()
        if data.get("called_on") and data.get("called_time"):
            data["called_at"] = moment(data["called_on"], data["called_time"])
        if data.get("role_called") == "senior" and not data.get("senior_job_title", "").strip():
            self.add_error("senior_job_title", "Enter the job title of the person called")
        data["health_calls"], self.health_call_rows = self._clean_health_calls(data)
        data["lano_called_at"] = self._clean_lano_call(data)
        self._clean_dates(data)
        if data.get("lano") == SOMEONE_ELSE:
            if not data.get("new_lano_name", "").strip():
                self.add_error("new_lano_name", "Enter the full name of the new LANO")
            if not data.get("new_lano_email") and "new_lano_email" not in self.errors:
                self.add_error("new_lano_email", "Enter the new LANO's email address")
        return data

    def _clean_health_calls(self, data: dict) -> tuple[list[HealthLeaderCalled], list[int]]:
        """The calls given, in row order, and the row each came from; blank rows are not
        calls. A row given in part says what it lacks, on the field."""
        calls, rows = [], []
        for n in range(1, self.health_rows_shown + 1):
            name = partial(health_field, n)
            given = {field: data.get(name(field)) for field in HEALTH_FIELDS}
            if not any(given.values()) and not any(name(f) in self.errors for f in HEALTH_FIELDS):
                continue
            self._require_health_call_parts(n, given)
            day, time = given["called_on"], given["called_time"]
            calls.append(HealthLeaderCalled(
                person_called=given["person_called"] or "", job_title=given["job_title"] or "",
                health_partner=self.partners.get(given["health_partner"] or ""),
                organisation=given["organisation"] or "",
                called_at=moment(day, time) if day and time else None))
            rows.append(n)
        return calls, rows

    def _require_health_call_parts(self, n: int, given: dict) -> None:
        def lacking(field: str, message: str) -> None:
            if health_field(n, field) not in self.errors:
                self.add_error(health_field(n, field), message)

        if not (given["person_called"] or "").strip():
            lacking("person_called", f"Enter the name of the person called on call {n}")
        where = "health_partner" if self.partners else "organisation"
        if not given["health_partner"] and not (given["organisation"] or "").strip():
            lacking(where, f"Select the CCG or ICB of call {n}, or enter its name if it is not "
                           f"listed" if self.partners else f"Enter the CCG or ICB of call {n}")
        elif given["health_partner"] and (given["organisation"] or "").strip():
            lacking("organisation", f"Call {n}: select the CCG or ICB or enter its name, not "
                                    f"both")
        if not given["called_on"]:
            lacking("called_on", f"Enter the date of call {n}")
        if not given["called_time"]:
            lacking("called_time", f"Enter the time of call {n}")

    def _clean_lano_call(self, data: dict):
        day, time = data.get("lano_called_on"), data.get("lano_called_time")
        given = day or time or data.get("lano_call_team") \
            or "lano_called_on" in self.errors or "lano_called_time" in self.errors
        if not given:
            return None
        if not day and "lano_called_on" not in self.errors:
            self.add_error("lano_called_on", "Enter the date of the call with the LANO")
        if not time and "lano_called_time" not in self.errors:
            self.add_error("lano_called_time", "Enter the time of the call with the LANO")
        return moment(day, time) if day and time else None

    def _clean_dates(self, data: dict) -> None:
        """The call made by now and before on-site work; the email after the call: the
        rules the service applies, each shown on the field it is about."""
        if "called_on" not in self.errors:
            if refusal := self.call_rule.refusal(data.get("called_on")):
                self.add_error("called_on", refusal)
            elif "called_time" not in self.errors and (
                    refusal := self.call_rule.time_refusal(data.get("called_at"))):
                self.add_error("called_time", refusal)
        email_rule = dates.confirmation_email(
            call_day=None if "called_on" in self.errors else data.get("called_on"),
            today=self.call_rule.today)
        refusal = email_rule.refusal(data.get("confirmation_email_on"))
        if refusal and "confirmation_email_on" not in self.errors:
            self.add_error("confirmation_email_on", refusal)

    def without_errors(self) -> "NotificationForm":
        """The form as typed, shown again without checking it: after "Add another call"."""
        self._errors = ErrorDict()
        self.cleaned_data = {}
        return self

    def service_errors(self, error: ValidationError) -> ValidationError:
        """A refusal from the service, its fields under the form's names: a health call's
        under the row it came from, its message saying which call it is about."""
        if not hasattr(error, "error_dict"):
            return error
        renamed: dict[str, list[str]] = {}
        for key, messages in error.message_dict.items():
            field, messages = self._form_field(key, messages)
            renamed.setdefault(field, []).extend(messages)
        return ValidationError(renamed)

    def _form_field(self, key: str, messages: list[str]) -> tuple[str, list[str]]:
        if not key.startswith("health_calls."):
            return {"called_at": "called_on", "lano_called_at": "lano_called_on"}.get(
                key, key), messages
        _, index, field = key.split(".")
        n = self.health_call_rows[int(index)]
        field = {"called_at": "called_on", "health_partner": "health_partner"
                 if self.partners else "organisation"}.get(field, field)
        return health_field(n, field), [f"Call {n}: {message[0].lower()}{message[1:]}"
                                        for message in messages]

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
                "health_calls": data["health_calls"],
                "lano_called_at": data["lano_called_at"],
                "lano_call_team": [self.team[pk] for pk in data["lano_call_team"]],
                "confirmation_email_on": data["confirmation_email_on"]}


def _rows_given(data) -> int:
    """How many health call rows the form showed when it was sent (1 when new)."""
    try:
        return int((data or {}).get("health_rows") or 1)
    except ValueError:
        return 1


def lano_contacts(*, local_area, onsite_start: datetime.date) -> list[AreaContact]:
    """The area's LANOs who could act for this inspection: whoever holds the role on the
    first day on site, and whoever holds it now."""
    today = clock.today()
    current_on = [AreaContact.objects.filter(local_area=local_area, role=ContactRole.LANO)
                  .valid_on(day, start="start_date", end="end_date") for day in
                  (onsite_start, today)]
    return list(AreaContact.objects.filter(
        Q(pk__in=current_on[0].values("pk")) | Q(pk__in=current_on[1].values("pk")))
        .order_by("-start_date"))
