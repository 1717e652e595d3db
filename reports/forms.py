"""Forms for the letter's findings."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from inspections.record_forms.common import form_helper
from reports.findings import KIND_MESSAGE
from reports.models import FindingKind, FindingSection

KIND_CHOICES = [(FindingKind.STRENGTH, "Strength"),
                (FindingKind.DEVELOPMENT, "Area for development")]


class FindingForm(forms.Form):
    section = forms.ChoiceField(
        label="Where does it go in the letter?", choices=FindingSection.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the finding goes in the letter"})
    kind = forms.ChoiceField(
        label="Is it a strength or an area for development?", choices=KIND_CHOICES,
        widget=forms.RadioSelect, required=False,
        help_text="For the sections on identifying needs, assessing and meeting needs, and "
                  "improving outcomes only",
        error_messages={"invalid_choice": KIND_MESSAGE})
    text = forms.CharField(label="Finding", widget=forms.Textarea,
                           help_text="As it will read in the letter. Never name or identify "
                                     "a child, young person or family",
                           error_messages={"required": "Enter the finding"})

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        fields = [Field.radios("section", legend_size=Size.SMALL),
                  Field.radios("kind", legend_size=Size.SMALL, inline=True),
                  Field.textarea("text", rows=8)]
        if editing:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
            fields.append(Field("version"))
        self.helper = form_helper(*fields, button="Save changes" if editing
                                  else "Add finding")


class EvidenceLinkForm(forms.Form):
    records = forms.TypedMultipleChoiceField(
        coerce=int, choices=(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the evidence that supports the finding"})

    def __init__(self, *args, choices: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["records"].choices = choices
