"""Forms for the steps of a written statement of action's cycle. Words people wrote (the
areas of significant weakness) reach labels and legends only escaped: crispy-forms-gds
prints both as they are given."""

from crispy_forms_gds.layout import HTML, Field, Fieldset, Size
from django import forms
from django.utils.html import escape

from config.govuk_forms import GovukDateField
from evidence.request_forms import ACCEPT, KINDS_TEXT
from inspections.record_forms.common import form_helper
from wsoa.models import Fitness, NextStep
from wsoa.services import ActionLine, submission_refusals

COPIES_MESSAGE = ("Confirm that copies went to HMCI, Ofsted, the CQC and the Secretary of "
                  "State")
ROWS = 3  # action rows offered for each area of significant weakness


class ReceiptForm(forms.Form):
    received_on = GovukDateField(
        label="Date the final report was received",
        help_text="The 70 working days to submit the statement count from this day. For "
                  "example, 31 1 2018")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("received_on"), Field("version"),
                                  button="Record the date")


def _row_keys(weakness_pk: int, row: int) -> tuple[str, str, str]:
    stem = f"w{weakness_pk}_{row}"
    return f"{stem}_text", f"{stem}_who", f"{stem}_by"


class SubmissionForm(forms.Form):
    """The statement document, and for each area of significant weakness up to ROWS actions
    (more where the previous submission had more): what, who takes it, and by when. A row
    left blank is ignored. What the services would refuse is shown on the row it is about."""

    statement = forms.FileField(
        label="The written statement of action",
        help_text=f"{KINDS_TEXT[0].upper()}{KINDS_TEXT[1:]}",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": "Select the statement document",
                        "empty": "The selected file is empty"})
    copies_confirmed = forms.BooleanField(
        label="Copies of the statement went to HMCI, Ofsted, the CQC and the Secretary of "
              "State", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, weaknesses: list, rows: dict[int, int] | None = None,
                 recommendations: dict[int, str] | None = None, **kwargs):
        """`recommendations`: what the last 'not fit for purpose' decision asked of each
        area of significant weakness, by its id, shown under it on a resubmission."""
        super().__init__(*args, **kwargs)
        self.weaknesses = weaknesses
        self.rows = {w.pk: max(ROWS, (rows or {}).get(w.pk, 0)) for w in weaknesses}
        layout = [Field("statement")]
        for n, weakness in enumerate(weaknesses, start=1):
            asked = (recommendations or {}).get(weakness.pk)
            layout.append(HTML(
                f'<h2 class="govuk-heading-m" id="weakness-{n}">Area of significant weakness '
                f'{n}</h2><p class="govuk-body">{escape(weakness.text)}</p>'
                + (f'<div class="govuk-inset-text"><p class="govuk-body"><strong>The '
                   f'recommendation:</strong> {escape(asked)}</p></div>' if asked else "")))
            for row in range(self.rows[weakness.pk]):
                text, who, by = _row_keys(weakness.pk, row)
                self.fields[text] = forms.CharField(
                    label="What is the action?", required=False, widget=forms.Textarea)
                self.fields[who] = forms.CharField(
                    label="Who takes it", max_length=200, required=False,
                    help_text="The named body or role, for example the director of "
                              "children's services")
                self.fields[by] = GovukDateField(label="To be completed by", required=False)
                legend = (f'<span class="govuk-visually-hidden">Area of significant weakness '
                          f'{n}, </span>Action {row + 1}')
                layout.append(Fieldset(Field.textarea(text, rows=3), Field.text(who),
                                       Field(by), legend=legend, legend_size=Size.SMALL))
        layout += [Field.checkbox("copies_confirmed"), Field("version")]
        self.helper = form_helper(*layout, button="Submit the statement")

    def _lines(self) -> list[tuple[ActionLine, tuple[str, str, str]]]:
        lines = []
        for weakness in self.weaknesses:
            for row in range(self.rows[weakness.pk]):
                keys = _row_keys(weakness.pk, row)
                text, who = (self.cleaned_data.get(key) or "" for key in keys[:2])
                complete_by = self.cleaned_data.get(keys[2])
                if not (text.strip() or who.strip() or complete_by or keys[2] in self.errors):
                    continue  # a blank row
                lines.append((ActionLine(weakness_id=weakness.pk, text=text, who=who,
                                         complete_by=complete_by), keys))
        return lines

    def clean(self):
        data = super().clean()
        lines = self._lines()
        refusals = submission_refusals(weaknesses=self.weaknesses,
                                       actions=[line for line, _ in lines])
        self._place(refusals, lines)
        if not data.get("copies_confirmed"):
            self.add_error("copies_confirmed", COPIES_MESSAGE)
        data["actions"] = [line for line, _ in lines]
        return data

    def _place(self, refusals: list[str], lines) -> None:
        """Each refusal on the field it is about. submission_refusals names, in order, what
        each action lacks (what, who, when), then each area left without an action."""
        queue = list(refusals)
        for line, (text, who, by) in lines:
            lacks = [(not line.text.strip(), text), (not line.who.strip(), who),
                     (line.complete_by is None, by)]
            for missing, key in lacks:
                if missing and queue:
                    message = queue.pop(0)
                    if key not in self.errors:
                        self.add_error(key, message)
        covered = {line.weakness_id for line, _ in lines}
        for weakness in self.weaknesses:
            if weakness.pk not in covered and queue:
                self.add_error(_row_keys(weakness.pk, 0)[0], queue.pop(0))
        for message in queue:
            self.add_error(None, message)


class ViewForm(forms.Form):
    fitness = forms.ChoiceField(
        label="Is the statement fit for purpose?", choices=Fitness.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the statement is fit for purpose",
                        "invalid_choice": "Select whether the statement is fit for purpose"})
    comments = forms.CharField(
        label="Comments", widget=forms.Textarea, required=False,
        help_text="Read by Ofsted and the CQC only, until the decision is sent")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.radios("fitness", legend_size=Size.SMALL),
                                  Field.textarea("comments", rows=6), button="Record the view")


class DecisionForm(forms.Form):
    regional_director = forms.CharField(
        label="Ofsted Regional Director who signs the letter", max_length=200,
        error_messages={"required": "Enter the name of the Ofsted Regional Director who "
                                    "signs the letter"})
    decided_on = GovukDateField(label="Date the decision was sent to the area")

    def __init__(self, *args, weaknesses: list, recommend: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.weaknesses = weaknesses if recommend else []
        layout = [Field.text("regional_director"), Field("decided_on")]
        if self.weaknesses:
            layout.append(HTML('<h2 class="govuk-heading-m">Recommendations</h2>'
                               '<p class="govuk-body">For each area of significant weakness '
                               'the statement must tackle better. Leave the others blank.</p>'))
        for n, weakness in enumerate(self.weaknesses, start=1):
            key = f"recommendation_{weakness.pk}"
            self.fields[key] = forms.CharField(
                label=f"Area of significant weakness {n}", required=False,
                widget=forms.Textarea, help_text=escape(weakness.text))
            layout.append(Field.textarea(key, rows=3))
        self.helper = form_helper(*layout, button="Record the decision")

    def clean(self):
        data = super().clean()
        data["recommendations"] = {w.pk: data.pop(f"recommendation_{w.pk}", "") or ""
                                   for w in self.weaknesses}
        return data


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why is the decision reopened?", widget=forms.Textarea,
        help_text="Kept with the statement's record; not sent to the area",
        error_messages={"required": "Say why the decision is reopened"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("reason", rows=4), button="Continue")


class MinisterForm(forms.Form):
    advised_on = GovukDateField(label="Date the Minister was advised")
    next_step = forms.ChoiceField(
        label="What is the next step?", choices=NextStep.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select the next step",
                        "invalid_choice": "Select the next step"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("advised_on"),
                                  Field.radios("next_step", legend_size=Size.SMALL),
                                  button="Record the advice")


class PublicationForm(forms.Form):
    body = forms.CharField(
        label="Who published it", max_length=200,
        help_text="The local authority, or a co-operating body such as the CCG or ICB",
        error_messages={"required": "Enter who published the statement"})
    url = forms.URLField(
        label="Web address", max_length=500, assume_scheme="https",
        help_text="For example, https://www.medway.gov.uk/wsoa",
        error_messages={"required": "Enter the web address where it is published",
                        "invalid": "Enter a web address, like https://www.medway.gov.uk/wsoa"})
    local_offer = forms.BooleanField(label="It is on the Local Offer site", required=False)
    published_on = GovukDateField(label="Date it was published")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.text("body"), Field.text("url"),
                                  Field.checkbox("local_offer"), Field("published_on"),
                                  button="Record the publication")


class ProgressNoteForm(forms.Form):
    text = forms.CharField(label="Progress note", widget=forms.Textarea,
                           error_messages={"required": "Enter the progress note"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("text", rows=5), button="Add the note")


class DfeAdviceForm(forms.Form):
    advised_on = GovukDateField(label="Date the DfE advised the Minister")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("advised_on"), button="Record the advice")
