"""Annual engagement meetings (2023 framework) and their self-evaluations."""

from pathlib import Path

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

SELF_EVALUATION_MAX_BYTES = 20 * 1024 * 1024
# What each accepted kind of file starts with: a PDF's header; Word (.docx) and ODT are zip
# packages; old Word (.doc) is an OLE compound file.
SELF_EVALUATION_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}


class EngagementMeetingForm(forms.Form):
    held_on = GovukDateField(label=dates.MEETING)
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea, required=False)
    self_evaluation = forms.FileField(
        label="Self-evaluation (optional)", required=False,
        help_text="A PDF, Word or OpenDocument text file, no bigger than 20MB",
        widget=forms.ClearableFileInput(attrs={
            "accept": ".pdf,.doc,.docx,.odt,application/pdf,application/msword,"
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
        signatures = SELF_EVALUATION_SIGNATURES.get(Path(upload.name).suffix.lower())
        if signatures is None:
            raise forms.ValidationError("The selected file must be a PDF, Word document (.doc "
                                        "or .docx) or OpenDocument text (.odt)")
        if upload.size > SELF_EVALUATION_MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 20MB")
        upload.seek(0)
        start = upload.read(8)
        upload.seek(0)
        if not start.startswith(signatures):
            raise forms.ValidationError(f"The selected file is not a real "
                                        f"{Path(upload.name).suffix.lower()[1:].upper()} file")
        return upload
