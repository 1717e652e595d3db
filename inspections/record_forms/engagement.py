"""Annual engagement meetings (2023 framework) and their self-evaluations."""

from crispy_forms_gds.layout import (
    Field,
)
from django import forms

from config.govuk_forms import GovukDateField, long_date
from config.uploads import upload_check
from inspections import dates
from inspections.models import (
    EngagementMeeting,
)
from inspections.record_forms.common import (
    form_helper,
)

# Annual engagement meetings (2023 framework) --------------------------------------------------

SELF_EVALUATION_MAX_BYTES = 20 * 1024 * 1024
# Checked by their content (config/uploads.py). Old Word (.doc) is not taken: its macros
# cannot be told apart from the document without parsing the format.
SELF_EVALUATION_KINDS = frozenset({".pdf", ".docx", ".odt"})
SELF_EVALUATION_KINDS_TEXT = "a PDF, Word document (.docx) or OpenDocument text (.odt)"


class EngagementMeetingForm(forms.Form):
    held_on = GovukDateField(label=dates.MEETING)
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea, required=False)
    self_evaluation = forms.FileField(
        label="Self-evaluation (optional)", required=False,
        help_text="A PDF, Word (.docx) or OpenDocument text (.odt) file, no bigger than 20MB",
        widget=forms.ClearableFileInput(attrs={
            "accept": ".pdf,.docx,.odt,application/pdf,"
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
                      "application/vnd.oasis.opendocument.text"}),
        error_messages={"empty": "The selected file is empty"})

    def __init__(self, *args, local_area, **kwargs):
        super().__init__(*args, **kwargs)
        self.local_area = local_area
        self.helper = form_helper(Field("held_on"), Field.textarea("notes", rows=5),
                              Field("self_evaluation"), button="Record meeting")

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        refusal = dates.meeting_held().refusal(held_on)
        if refusal:
            raise forms.ValidationError(refusal)
        if EngagementMeeting.objects.filter(local_area=self.local_area, held_on=held_on).exists():
            raise forms.ValidationError(f"A meeting with {self.local_area.name} on "
                                        f"{long_date(held_on)} is already recorded")
        return held_on

    def clean_self_evaluation(self):
        upload = self.cleaned_data.get("self_evaluation")
        if not upload:
            return None
        upload_check(upload, kinds=SELF_EVALUATION_KINDS, max_bytes=SELF_EVALUATION_MAX_BYTES,
                     kinds_text=SELF_EVALUATION_KINDS_TEXT)
        return upload
