"""The evidence form: what a team member records of one activity, with the key of the form
its autosaved draft is kept under and the version of the record it was opened at."""

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.utils import timezone

from config.govuk_forms import GovukDateField, Select
from evidence.models import NEEDS_CONSENT, Activity, Aspect, EvidenceRecord, Group, Weighing
from evidence.services.records import NO_CONSENT, NO_QUESTION
from inspections.record_forms.common import HourMinuteField, moment

QUESTION_CHOICES = [("A", "A: How effectively does the local area identify children and "
                          "young people with SEND?"),
                    ("B", "B: How effectively does it assess and meet their needs?"),
                    ("C", "C: How effectively does it improve their outcomes?")]
FINAL, DRAFT = "save_final", "save_draft"


class EvidenceForm(forms.Form):
    form_key = forms.UUIDField(widget=forms.HiddenInput)
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    activity = forms.ChoiceField(label="Activity", widget=Select,
                                 choices=[("", "Choose the activity"), *Activity.choices],
                                 error_messages={"required": "Select the activity"})
    happened_on = GovukDateField(label="Date of the activity", required=False)
    happened_time = HourMinuteField(label="Time of the activity", required=False)
    place = forms.CharField(label="Place or provider (optional)", max_length=200,
                            required=False)
    participants = forms.CharField(
        label="Who took part (optional)", widget=forms.Textarea, required=False,
        help_text="Roles and organisations, such as 'SENCo, Hilltop Primary'. Never write "
                  "the names of children or young people.")
    informs = forms.MultipleChoiceField(
        label="Which questions does it inform?", choices=QUESTION_CHOICES,
        widget=forms.CheckboxSelectMultiple, help_text="Select all that apply",
        error_messages={"required": NO_QUESTION})
    aspects = forms.MultipleChoiceField(
        label="Cross-cutting aspects (optional)", choices=Aspect.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    groups = forms.MultipleChoiceField(
        label="Groups of children and young people it concerns (optional)",
        choices=Group.choices, required=False, widget=forms.CheckboxSelectMultiple)
    weighing = forms.ChoiceField(
        label="Does it show a strength or an area for development?", choices=Weighing.choices,
        widget=forms.RadioSelect, initial=Weighing.NEITHER,
        error_messages={"required": "Select strength, area for development or neither yet"})
    text = forms.CharField(label="Evidence", widget=forms.Textarea,
                           help_text="What you saw, heard or read, and what it shows",
                           error_messages={"required": "Enter the evidence"})
    consent_checked = forms.BooleanField(
        label="Consent was checked with everyone who took part", required=False,
        help_text="Needed before evidence of an activity with children and young people, or "
                  "their parents or carers, is saved as final")
    safeguarding = forms.BooleanField(
        label="This evidence raises a safeguarding concern", required=False,
        help_text="The lead inspector and Ofsted admins are told at once, and the evidence "
                  "base is kept beyond its retention period. Follow the published "
                  "safeguarding procedure.")

    def __init__(self, *args, flagged: bool = False, final: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if flagged:
            # Once flagged, a concern stays flagged: the box shows it and cannot be cleared.
            self.fields["safeguarding"].disabled = True
            self.fields["safeguarding"].initial = True
            self.fields["safeguarding"].help_text = "Flagged: it stays flagged"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("form_key"), Field("base_version"),
            Field("activity"), Field("happened_on"), Field.text("happened_time", field_width=5),
            Field.text("place"), Field.textarea("participants", rows=2),
            Field.checkboxes("informs", legend_size=Size.SMALL),
            Field.checkboxes("aspects", legend_size=Size.SMALL, small=True),
            Field.checkboxes("groups", legend_size=Size.SMALL, small=True),
            Field.radios("weighing", legend_size=Size.SMALL),
            Field.textarea("text", rows=12),
            Field.checkbox("consent_checked"), Field.checkbox("safeguarding"),
            # Final evidence stays final: its changes are saved as they are.
            *([Button(FINAL, "Save changes")] if final else [
                Button(FINAL, "Save as final"),
                Button(DRAFT, "Save as draft", css_class="govuk-button--secondary")]))

    def clean(self):
        data = super().clean()
        if data.get("happened_time") and not data.get("happened_on") \
                and "happened_on" not in self.errors:
            self.add_error("happened_on", "Enter the date of the activity too")
        # The service refuses this too; said here as well, so that a form with other errors
        # shows every one of them at once.
        if (FINAL in self.data and data.get("activity") in NEEDS_CONSENT
                and not data.get("consent_checked")):
            self.add_error("consent_checked", NO_CONSENT)
        return data

    def service_data(self, *, final: bool) -> dict:
        """The cleaned form, as the record services take it."""
        data = self.cleaned_data
        day, time = data["happened_on"], data["happened_time"]
        return {"final": final, "form_key": data["form_key"], "activity": data["activity"],
                "happened_at": moment(day, time or datetime.time(0)) if day else None,
                "place": data["place"], "participants": data["participants"],
                "questions": data["informs"], "aspects": data["aspects"],
                "groups": data["groups"], "weighing": data["weighing"], "text": data["text"],
                "consent_checked": data["consent_checked"],
                "safeguarding": data["safeguarding"]}


def initial_of_record(record: EvidenceRecord) -> dict:
    """The form's fields as the record has them (its aspects and groups prefetched)."""
    when = timezone.localtime(record.happened_at) if record.happened_at else None
    return {"base_version": record.version, "activity": record.activity,
            "happened_on": when.date() if when else None,
            "happened_time": f"{when:%H:%M}" if when and (when.hour or when.minute) else "",
            "place": record.place, "participants": record.participants,
            "informs": record.questions, "aspects": [a.aspect for a in record.aspects.all()],
            "groups": [g.group for g in record.groups.all()], "weighing": record.weighing,
            "text": record.text, "consent_checked": record.consent_checked,
            "safeguarding": record.safeguarding}


def initial_of_draft(fields: dict) -> dict:
    """The form's fields as a draft kept them (the form's own names, as posted)."""
    initial = {name: fields[name] for name in ("activity", "happened_time", "place",
                                               "participants", "weighing", "text",
                                               "informs", "aspects", "groups")
               if name in fields}
    parts = [fields.get(f"happened_on_{n}", "") for n in range(3)]
    if any(parts):
        initial["happened_on"] = parts
    for name in ("consent_checked", "safeguarding"):
        initial[name] = bool(fields.get(name))
    return initial
