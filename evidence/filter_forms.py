"""The evidence list's search and filters (GET)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from config.govuk_forms import Select
from evidence.models import Activity, Aspect, EvidenceStatus, Group, Weighing
from evidence.selectors import QUESTIONS, EvidenceFilters

FILTERS = ("q", "question", "activity", "aspect", "group", "author", "weighing", "status",
           "flagged")
SEARCH_LONGEST = 200


def _choice(label: str, every: str, choices, refusal: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, widget=Select,
                             choices=[("", every), *choices],
                             error_messages={"invalid_choice": refusal})


class EvidenceFilterForm(forms.Form):
    """A value that is none of a list's choices (an edited address, someone no longer on
    the team) is an error on the form, and the list then shows no evidence rather than all
    of it."""

    q = forms.CharField(label="Search", required=False, max_length=SEARCH_LONGEST,
                        help_text="Words in the evidence, the place or who took part",
                        error_messages={"max_length": f"Search must be {SEARCH_LONGEST} "
                                                      f"characters or fewer"})
    question = _choice("Question", "Any question",
                       [(code, f"{code}: {words}") for code, words in QUESTIONS.items()],
                       "Select a question from the list")
    activity = _choice("Activity", "Any activity", Activity.choices,
                       "Select an activity from the list")
    aspect = _choice("Aspect", "Any aspect", Aspect.choices, "Select an aspect from the list")
    group = _choice("Group of children and young people", "Any group", Group.choices,
                    "Select a group from the list")
    # The author's id, checked against the choices read once for the form.
    author = forms.TypedChoiceField(label="Recorded by", required=False, widget=Select,
                                    coerce=int, empty_value=None,
                                    error_messages={"invalid_choice": "Select an inspector "
                                                                      "from the list"})
    weighing = _choice("Strength or area for development", "Either, or neither yet",
                       Weighing.choices, "Select strength, area for development or neither "
                                         "from the list")
    status = _choice("Status", "Draft or final", EvidenceStatus.choices,
                     "Select a status from the list")
    flagged = forms.BooleanField(label="Only safeguarding concerns", required=False)

    def __init__(self, *args, authors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].choices = [("", "Anyone")] + [
            (author.pk, str(author)) for author in authors]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.text("q"), Field.select("question"), Field.select("activity"),
            Field.select("aspect"), Field.select("group"), Field.select("author"),
            Field.select("weighing"), Field.select("status"), Field.checkbox("flagged"),
            Button.secondary("filter", "Apply filters"),
        )

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def filters(self) -> EvidenceFilters:
        data = self.cleaned_data
        return EvidenceFilters(**{name: data[name] for name in FILTERS})
