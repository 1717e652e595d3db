"""The notification call."""

import datetime

from crispy_forms_gds.layout import (
    Field,
    Size,
)
from django import forms
from django.db.models import Q

from config import clock
from config.govuk_forms import GovukDateField, long_date
from inspections import dates
from inspections.record_forms.common import (
    DCS,
    SOMEONE_ELSE,
    HourMinuteField,
    form_helper,
    heading,
    moment,
)
from local_areas.models import AreaContact, ContactRole

# Notification ---------------------------------------------------------------------------------

class NotificationForm(forms.Form):
    """The notification call, CQC's call to health leaders, the email, and who is LANO."""

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
    cqc_called_on = GovukDateField(label=dates.CQC_CALL_DAY, required=False,
                                   help_text="Leave blank if CQC has not called yet")
    cqc_called_time = HourMinuteField(label=dates.CQC_CALL_TIME, required=False)
    cqc_person_called = forms.CharField(label="Name of the health leader called (optional)",
                                        max_length=200, required=False)
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

    def __init__(self, *args, contacts: list[AreaContact], area_name: str, call_rule,
                 **kwargs):
        super().__init__(*args, **kwargs)
        # When the call can have been made (inspections.dates.notification_call).
        self.call_rule = call_rule
        self.contacts = {str(contact.pk): contact for contact in contacts}
        labels = {str(c.pk): f"{c.name}, LANO since {long_date(c.start_date)}"
                  for c in contacts}
        self.fields["lano"].choices = [*labels.items(), (SOMEONE_ELSE, "Someone else")]
        self.fields["lano"].help_text = (
            f"The person {area_name} names to work with the inspectors. Someone new is added to "
            f"the area's contacts as LANO from the date of the call")
        self.helper = form_helper(
            heading("The call to the local area"),
            Field("called_on"), Field.text("called_time", field_width=5),
            Field.text("person_called"),
            Field.radios("role_called", legend_size=Size.SMALL),
            Field.text("senior_job_title"),
            heading("CQC's call to health leaders"),
            Field("cqc_called_on"), Field.text("cqc_called_time", field_width=5),
            Field.text("cqc_person_called"),
            heading("Confirmation email"),
            Field("confirmation_email_on"),
            heading("LANO"),
            Field.radios("lano", legend_size=Size.SMALL),
            Field.text("new_lano_name"), Field.text("new_lano_email", field_width=20),
            button="Continue",
        )

    def clean(self):
        data = super().clean()
        if data.get("called_on") and data.get("called_time"):
            data["called_at"] = moment(data["called_on"], data["called_time"])
        if data.get("role_called") == "senior" and not data.get("senior_job_title", "").strip():
            self.add_error("senior_job_title", "Enter the job title of the person called")
        self._clean_cqc(data)
        self._clean_dates(data)
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
        data["cqc_called_at"] = moment(day, time) if day and time else None

    def _clean_dates(self, data: dict) -> None:
        """The calls made by now, the first before on-site work; the email after the call:
        the rules the service applies, each shown on the field it is about."""
        for rule, day, time, when in (
                (self.call_rule, "called_on", "called_time", data.get("called_at")),
                (dates.cqc_call(now=self.call_rule.now), "cqc_called_on", "cqc_called_time",
                 data.get("cqc_called_at"))):
            if day in self.errors:
                continue
            if rule.refusal(data.get(day)):
                self.add_error(day, rule.refusal(data.get(day)))
            elif time not in self.errors and rule.time_refusal(when):
                self.add_error(time, rule.time_refusal(when))
        email_rule = dates.confirmation_email(
            call_day=None if "called_on" in self.errors else data.get("called_on"),
            today=self.call_rule.today)
        refusal = email_rule.refusal(data.get("confirmation_email_on"))
        if refusal and "confirmation_email_on" not in self.errors:
            self.add_error("confirmation_email_on", refusal)

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
    today = clock.today()
    current_on = [AreaContact.objects.filter(local_area=local_area, role=ContactRole.LANO)
                  .valid_on(day, start="start_date", end="end_date") for day in
                  (onsite_start, today)]
    return list(AreaContact.objects.filter(
        Q(pk__in=current_on[0].values("pk")) | Q(pk__in=current_on[1].values("pk")))
        .order_by("-start_date"))
