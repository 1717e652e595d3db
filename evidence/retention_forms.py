"""The form that keeps an inspection's evidence base beyond its retention period."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from evidence.models import HoldReason
from inspections.record_forms.common import form_helper


class RetentionHoldForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why must the evidence base be kept?", choices=HoldReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the evidence base must be kept",
                        "invalid_choice": "Select why the evidence base must be kept"})
    details = forms.CharField(
        label="Details", widget=forms.Textarea, max_length=2000,
        help_text="What the hold is for, and what would end it. Do not name children or "
                  "young people.",
        error_messages={"required": "Give the details of why the evidence base must be kept",
                        "max_length": "Details must be 2,000 characters or fewer"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.radios("reason", legend_size=Size.MEDIUM),
                                  Field.textarea("details", rows=5), button="Keep the evidence")
