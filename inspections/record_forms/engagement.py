"""Annual engagement meetings (2023 framework). The area shares its self-evaluation itself
(evidence.views.self_evaluations)."""

from crispy_forms_gds.layout import (
    Field,
)
from django import forms

from config.govuk_forms import GovukDateField, long_date
from inspections import dates
from inspections.models import (
    EngagementMeeting,
)
from inspections.record_forms.common import (
    form_helper,
)

# Annual engagement meetings (2023 framework) --------------------------------------------------


class EngagementMeetingForm(forms.Form):
    held_on = GovukDateField(label=dates.MEETING)
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea, required=False)

    def __init__(self, *args, local_area, **kwargs):
        super().__init__(*args, **kwargs)
        self.local_area = local_area
        self.helper = form_helper(Field("held_on"), Field.textarea("notes", rows=5),
                                  button="Record meeting")

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        refusal = dates.meeting_held().refusal(held_on)
        if refusal:
            raise forms.ValidationError(refusal)
        if EngagementMeeting.objects.filter(local_area=self.local_area, held_on=held_on).exists():
            raise forms.ValidationError(f"A meeting with {self.local_area.name} on "
                                        f"{long_date(held_on)} is already recorded")
        return held_on
