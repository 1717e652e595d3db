"""The forms of information requests: raising one, uploading a file to one, marking one
answered; and attaching a document to evidence."""

import datetime

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from config.govuk_forms import GovukDateField
from deadlines.arithmetic import time_words
from deadlines.models import Deadline
from deadlines.rules_data import RULES_2023
from evidence.services.documents import KINDS_TEXT
from inspections.record_forms.common import HourMinuteField, form_helper, moment

# The documents inspectors most often ask an area for.
COMMON_TITLES = {
    "self_evaluation": "Self-evaluation",
    "jsna": "Joint strategic needs assessment",
    "send_strategy": "SEND strategy",
    "local_offer_evaluation": "Evaluation of the local offer",
}
OTHER = "other"
ANNEX_A_PREFIX = "annex_a:"
# Annex A's items the local area provides (the inspectors select the cases themselves).
ANNEX_A_ITEMS = {rule["code"]: rule for rule in RULES_2023
                 if rule["code"].startswith("annex_a_") and rule.get("binds_local_area")}
ACCEPT = (".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.csv,.txt,.png,.jpg,.jpeg")


def annex_a_clocks(inspection) -> dict[str, Deadline]:
    """The inspection's latest clock of each Annex A item the area provides, by rule code:
    one query."""
    clocks = {}
    for deadline in (Deadline.objects.select_related("rule")
                     .filter(inspection=inspection, rule__code__in=ANNEX_A_ITEMS)
                     .order_by("created_at", "id")):
        clocks[deadline.rule.code] = deadline
    return clocks


def _annex_a_hint(rule: dict, clock: Deadline | None) -> str:
    if clock is not None:
        return f"Annex A: due {clock.due_in_words}"
    return f"Annex A: due by {time_words(rule['due_time'])}"


class RequestRaiseForm(forms.Form):
    what = forms.ChoiceField(label="What are you asking for?", widget=forms.RadioSelect,
                             error_messages={"required": "Select what you are asking for"})
    title = forms.CharField(label="If something else, what are you asking for?",
                            required=False, max_length=200,
                            error_messages={"max_length": "What you are asking for must be "
                                                          "200 characters or fewer"})
    details = forms.CharField(label="Details (optional)", widget=forms.Textarea,
                              required=False,
                              help_text="What the local area should include, and how")
    due_on = GovukDateField(label="Date it is due", required=False)
    due_time = HourMinuteField(label="Time it is due", required=False,
                               help_text="UK time, on the 24-hour clock, for example 17:00")

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.clocks = annex_a_clocks(inspection) if inspection.is_2023 else {}
        choices = [Choice(code, label) for code, label in COMMON_TITLES.items()]
        if inspection.is_2023:
            choices += [Choice(f"{ANNEX_A_PREFIX}{code}", rule["description"],
                               hint=_annex_a_hint(rule, self.clocks.get(code)))
                        for code, rule in ANNEX_A_ITEMS.items()]
        choices.append(Choice(OTHER, "Something else", divider="or"))
        if inspection.is_2023:
            self.fields["due_on"].help_text = ("For example, 27 3 2024. For an Annex A item, "
                                               "leave the date and time blank to use its own")
        self.fields["what"].choices = choices
        self.helper = form_helper(
            Field.radios("what", legend_size=Size.MEDIUM),
            Field.text("title"),
            Field.textarea("details", rows=5),
            Fieldset(Field("due_on"), Field.text("due_time", field_width=5),
                     legend="When is it due?", legend_size=Size.MEDIUM),
            button="Send request")

    def _title(self, what: str, data: dict) -> tuple[str, str]:
        """The title and Annex A code the choice gives."""
        if what == OTHER:
            if not data.get("title", "").strip():
                self.add_error("title", "Enter what you are asking for")
            return data.get("title", ""), ""
        if what.startswith(ANNEX_A_PREFIX):
            code = what.removeprefix(ANNEX_A_PREFIX)
            return ANNEX_A_ITEMS[code]["description"], code
        return COMMON_TITLES[what], ""

    def _due_at(self, code: str, data: dict) -> datetime.datetime | None:
        due_on, due_time = data.get("due_on"), data.get("due_time")
        if due_on is None and due_time is None and code:
            clock = self.clocks.get(code)
            if clock is not None and clock.due_at is not None:
                return clock.due_at
            self.add_error("due_on", "This inspection has no Annex A clock for the item: "
                                     "enter the date and time it is due")
            return None
        if due_on is None and "due_on" not in self.errors:
            self.add_error("due_on", "Enter the date it is due")
        if due_time is None and "due_time" not in self.errors:
            self.add_error("due_time", "Enter the time it is due")
        return moment(due_on, due_time) if due_on and due_time else None

    def clean(self):
        data = super().clean()
        what = data.get("what")
        if not what:
            return data
        title, code = self._title(what, data)
        due_at = self._due_at(code, data)
        return {"title": title, "details": data.get("details", ""), "annex_a_code": code,
                "due_at": due_at}


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text=f"{KINDS_TEXT[0].upper()}{KINDS_TEXT[1:]}. Upload files one at a time. A "
                  f"file with the same name as one already uploaded is kept as its next "
                  f"version",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": "Select a file", "empty": "The selected file is empty"})

    def __init__(self, *args, button: str = "Upload file", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("file"), button=button)


class RequestAnswerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("version"), button="Mark as answered")
