"""When an Annex A item of the 2023 framework came in (or the cases were selected)."""

from crispy_forms_gds.layout import Field
from django import forms

from config.govuk_forms import GovukDateField
from inspections.record_forms.common import HourMinuteField, form_helper, moment


class AnnexAForm(forms.Form):
    """The date and time (UK time) an Annex A item was provided, or the cases selected."""

    def __init__(self, *args, done_by_inspectors: bool, **kwargs):
        super().__init__(*args, **kwargs)
        what = "the cases were selected" if done_by_inspectors else "it was provided"
        self.fields["on"] = GovukDateField(label=f"Date {what}")
        self.fields["time"] = HourMinuteField(
            label=f"Time {what}",
            help_text="UK time, on the 24-hour clock, for example 10:45 or 16:30")
        self.helper = form_helper(Field("on"), Field.text("time", field_width=5),
                                  button="Save")

    def clean(self):
        data = super().clean()
        if data.get("on") and data.get("time"):
            data["at"] = moment(data["on"], data["time"])
        return data
