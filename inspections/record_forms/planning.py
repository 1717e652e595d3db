"""Deferrals, lines of enquiry, meetings, concerns, the questionnaire and the outcome."""


from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import (
    Field,
    Size,
)
from django import forms

from config.govuk_forms import GovukDateField, form_check_date_order
from inspections import dates
from inspections.models import (
    OUTCOME_WORDING,
    ConcernKind,
    Decision,
    FeedbackTopic,
    MeetingKind,
    Outcome,
    Question,
    QuestionnaireStatus,
)
from inspections.record_forms.common import (
    form_helper,
)

# Deferral -------------------------------------------------------------------------------------

def refused_by(rule, day):
    """The day, once the date rule (inspections.dates) allows it; else the rule's refusal,
    on the field."""
    refusal = rule.refusal(day)
    if refusal:
        raise forms.ValidationError(refusal)
    return day


class DeferralRequestForm(forms.Form):
    requested_on = GovukDateField(label=dates.DEFERRAL_REQUESTED)
    reasons = forms.CharField(label="Reasons for the request", widget=forms.Textarea,
                              error_messages={"required": "Give the reasons for the request"})

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = dates.deferral_requested(inspection)
        self.helper = form_helper(Field("requested_on"), Field.textarea("reasons", rows=5),
                              button="Record request")

    def clean_requested_on(self):
        return refused_by(self.rule, self.cleaned_data["requested_on"])


INSPECTORATES = {"ofsted": "Ofsted", "cqc": "CQC"}


class DeferralDecisionForm(forms.Form):
    inspectorate = forms.ChoiceField(
        label="Whose decision is it?", widget=forms.RadioSelect,
        help_text="You record only your own inspectorate's decision",
        error_messages={"required": "Select Ofsted or CQC",
                        # Only the user's own inspectorate is offered (and still to decide).
                        "invalid_choice": "You can record only your own inspectorate's "
                                          "decision, once"})
    decision = forms.ChoiceField(
        label="Decision", widget=forms.RadioSelect,
        choices=[(Decision.ACCEPTED, "Accepted"), (Decision.REFUSED, "Refused")],
        error_messages={"required": "Select accepted or refused"})
    new_onsite_start = GovukDateField(label="New first day on site", required=False,
                                      help_text="Leave both dates blank to defer the inspection "
                                                "until new dates are set")
    new_onsite_end = GovukDateField(label="New last day on site", required=False)
    # The warnings shown, once shown: sent again as it is, the form goes ahead.
    acknowledged = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, pending: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspectorate"].choices = [(key, INSPECTORATES[key]) for key in pending]
        self.helper = form_helper(
            Field.radios("inspectorate", legend_size=Size.SMALL),
            Field.radios("decision", legend_size=Size.SMALL),
            Field("new_onsite_start"), Field("new_onsite_end"), Field("acknowledged"),
            button="Record decision")

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
    # The warnings shown, once shown: sent again as it is, the form goes ahead.
    acknowledged = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("onsite_start"), Field("onsite_end"),
                                  Field("acknowledged"), button="Reschedule inspection")

    def clean(self):
        data = super().clean()
        form_check_date_order(self, data, "onsite_start", "onsite_end",
                              "The last day on site must be the same as or after the first day")
        return data


# Planning and on-site records -----------------------------------------------------------------

class _Versioned:
    """A form that corrects a record: it carries the version the record was at when the form
    was opened, so that a save over someone else's change is refused."""

    def versioned(self, editing: bool, fields: list, button: str, edit_button: str):
        if editing:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
            fields = [*fields, Field("version")]
        self.helper = form_helper(*fields, button=edit_button if editing else button)


def version_field_renamed(data: dict) -> dict:
    """The form's data with its version under the service's name for it."""
    data = dict(data)
    data["expected_version"] = data.pop("version")
    return data


class LineOfEnquiryForm(_Versioned, forms.Form):
    question = forms.ChoiceField(label="Which question does it help answer?",
                                 choices=Question.choices, widget=forms.RadioSelect,
                                 error_messages={"required": "Select question A, B or C"})
    enquiry = forms.CharField(label="Line of enquiry", widget=forms.Textarea,
                              error_messages={"required": "Enter the line of enquiry"})
    hypothesis = forms.CharField(label="Initial hypothesis (optional)", widget=forms.Textarea,
                                 required=False,
                                 help_text="What the evidence so far suggests, to test on site")

    def __init__(self, *args, editing: bool = False, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.versioned(editing, [Field.radios("question", legend_size=Size.SMALL),
                                 Field.textarea("enquiry", rows=4),
                                 Field.textarea("hypothesis", rows=4)],
                       "Add line of enquiry", "Save changes")


class MeetingForm(_Versioned, forms.Form):
    kind = forms.ChoiceField(label="Meeting", choices=MeetingKind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Select the kind of meeting"})
    held_on = GovukDateField(label=dates.MEETING)
    attendees = forms.CharField(label="Who attended (optional)", widget=forms.Textarea,
                                required=False)
    notes = forms.CharField(label="Notes and emerging findings (optional)",
                            widget=forms.Textarea, required=False,
                            help_text="Emerging findings, decisions and actions")
    covered = forms.MultipleChoiceField(
        label="What did the final feedback meeting cover?", choices=FeedbackTopic.choices,
        widget=forms.CheckboxSelectMultiple, required=False,
        help_text="For the final feedback meeting only: what handbook paragraph 55 says the "
                  "area is told. Select each point covered",
        error_messages={"invalid_choice": "Select the points the meeting covered"})

    def __init__(self, *args, editing: bool = False, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.versioned(editing, [Field.radios("kind", legend_size=Size.SMALL),
                                 Field("held_on"), Field.textarea("attendees", rows=3),
                                 Field.textarea("notes", rows=6),
                                 Field.checkboxes("covered", legend_size=Size.SMALL)],
                       "Record meeting", "Save changes")

    def clean_held_on(self):
        return refused_by(dates.meeting_held(), self.cleaned_data["held_on"])


class ConcernForm(_Versioned, forms.Form):
    kind = forms.ChoiceField(label="Is it a concern or a complaint?",
                             choices=ConcernKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select concern or complaint"})
    raised_on = GovukDateField(label=dates.CONCERN_RAISED)
    raised_by = forms.CharField(label="Who raised it", max_length=200,
                                help_text="A name, or a role such as 'a parent'",
                                error_messages={"required": "Enter who raised it"})
    details = forms.CharField(label="Details", widget=forms.Textarea,
                              error_messages={"required": "Enter the details"})
    safeguarding = forms.BooleanField(
        label="This is a possible safeguarding concern", required=False,
        help_text="Follow the published safeguarding procedure. The inspection cannot be "
                  "closed until it is resolved.")

    def __init__(self, *args, editing: bool = False, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A resolved concern, corrected, was still raised no later than it was resolved.
        self.rule = dates.concern_raised(resolved_on=record.resolved_on if record else None)
        self.versioned(editing, [Field.radios("kind", legend_size=Size.SMALL, inline=True),
                                 Field.checkbox("safeguarding"), Field("raised_on"),
                                 Field.text("raised_by"), Field.textarea("details", rows=5)],
                       "Record", "Save changes")

    def clean_raised_on(self):
        return refused_by(self.rule, self.cleaned_data["raised_on"])


class ConcernResolutionForm(forms.Form):
    resolution = forms.CharField(label="How it was resolved", widget=forms.Textarea,
                                 error_messages={"required": "Describe how it was resolved"})
    resolved_on = GovukDateField(label=dates.CONCERN_RESOLVED)

    def __init__(self, *args, concern, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = dates.concern_resolved(concern)
        self.helper = form_helper(Field.textarea("resolution", rows=5), Field("resolved_on"),
                              button="Record resolution")

    def clean_resolved_on(self):
        return refused_by(self.rule, self.cleaned_data["resolved_on"])


class QuestionnaireForm(forms.Form):
    status = forms.ChoiceField(label="Evaluation questionnaire", widget=forms.RadioSelect,
                               choices=QuestionnaireStatus.choices,
                               help_text="Sent to the local area through the LANO after the "
                                         "inspection",
                               error_messages={"required": "Select a status"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.radios("status", legend_size=Size.SMALL),
                              button="Save status")


class OutcomeForm(forms.Form):
    outcome = forms.TypedChoiceField(
        label="Outcome of the inspection", widget=forms.RadioSelect, coerce=int,
        choices=[Choice(outcome.value, f"Outcome {outcome.value}: {outcome.label}",
                        hint=OUTCOME_WORDING[outcome]) for outcome in Outcome],
        error_messages={"required": "Select outcome 1, 2 or 3"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.radios("outcome", legend_size=Size.SMALL),
                              button="Save outcome")
