"""The re-visit's judgement of progress on each area of significant weakness."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from inspections.record_forms.common import form_helper
from wsoa.models import Progress


class ProgressForm(forms.Form):
    """One radio question per area of significant weakness, in the statement's order."""

    def __init__(self, *args, weaknesses: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.weaknesses = weaknesses
        names = []
        for number, weakness in enumerate(weaknesses, start=1):
            name = f"weakness_{weakness.pk}"
            message = (f"Select whether the area made sufficient progress on area of "
                       f"significant weakness {number}")
            self.fields[name] = forms.ChoiceField(
                label=f"{number}. {weakness.text}", choices=Progress.choices,
                widget=forms.RadioSelect,
                error_messages={"required": message, "invalid_choice": message})
            names.append(Field.radios(name, legend_size=Size.SMALL, inline=True))
        self.helper = form_helper(*names, button="Record the judgements")

    def judgements(self) -> dict[int, str]:
        return {weakness.pk: self.cleaned_data[f"weakness_{weakness.pk}"]
                for weakness in self.weaknesses}
