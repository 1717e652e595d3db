from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from audit.wording import ACTIONS, action_text
from config.govuk_forms import GovukDateField, Select, form_check_date_order
from local_areas.models import LocalArea


class DatedLocalAreaField(forms.ModelChoiceField):
    """Areas that share a name are told apart by their dates."""

    def label_from_instance(self, area) -> str:
        return area.dated_name


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label="Action", required=False, widget=Select)
    actor = forms.CharField(label="Username", required=False, max_length=150)
    local_area = DatedLocalAreaField(label="Local area", required=False,
                                     queryset=LocalArea.objects.order_by("name", "valid_to"),
                                     empty_label="All local areas", widget=Select)
    reference = forms.CharField(label="Inspection reference", required=False, max_length=40)
    date_from = GovukDateField(label="From date", required=False, help_text="For example, 1 4 2026")
    date_to = GovukDateField(label="To date", required=False, help_text="For example, 30 4 2026")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every action the service writes has its words (tests/audit/test_wording.py), so
        # the list is theirs: reading the actions recorded would read every event.
        self.fields["action"].choices = [("", "All actions")] + [
            (action, action_text(action).replace("{object}", "…").capitalize())
            for action in sorted(ACTIONS)]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.select("action"), Field.text("actor"), Field.select("local_area"),
            Field.text("reference"),
            Field("date_from"), Field("date_to"),
            Button.secondary("filter", "Apply filters"),
        )

    def clean(self):
        data = super().clean()
        form_check_date_order(self, data, "date_from", "date_to",
                              "The to date must be the same as or after the from date")
        return data
