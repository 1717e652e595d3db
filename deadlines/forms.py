
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from config.govuk_forms import GovukDateField, Select
from deadlines.events import EVENT_CHOICES, UNKNOWN_START, UNKNOWN_STOP, rule_refusals
from deadlines.models import DeadlineStatus, PeriodUnit
from deadlines.selectors import STATUS_EVERY
from local_areas.models import LocalArea, Region

ORDER_DUE_FIRST = "due"
ORDER_DUE_LAST = "-due"
STATUS_CHOICES = [
    ("", "Running (open, paused or missed)"),
    (DeadlineStatus.OPEN, "Open"),
    (DeadlineStatus.PAUSED, "Paused"),
    (DeadlineStatus.MISSED, "Missed"),
    (DeadlineStatus.MET, "Met"),
    (DeadlineStatus.CANCELLED, "Cancelled"),
    (STATUS_EVERY, "Every status"),
]
# Far beyond any statutory period, and small enough that counting working days stays quick.
LONGEST_PERIOD = 600
# GOV.UK asks for whole numbers in a text input: a number input changes what was typed.
WHOLE_NUMBER = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})


def local_area_choices() -> list[tuple[int, str]]:
    """Every local area, by name; former ones named with the year they ended (some share a
    name with their successor). One query of plain values."""
    return [(pk, f"{name} (until {valid_to.year})" if valid_to else name)
            for pk, name, valid_to in LocalArea.objects.order_by("name", "valid_to")
            .values_list("pk", "name", "valid_to")]


class DeadlineFilterForm(forms.Form):
    """Filters on the national list of deadlines (GET). The sort order rides along hidden.

    A value that is none of a list's choices (an edited address, a rule since removed) is
    an error on the form, and the list then shows no clocks rather than all of them."""

    rule = forms.ChoiceField(label="Rule", required=False, widget=Select,
                             error_messages={"invalid_choice": "Select a rule from the list"})
    region = forms.ChoiceField(label="Ofsted region", required=False, widget=Select,
                               choices=[("", "All regions"), *Region.choices],
                               error_messages={"invalid_choice": "Select an Ofsted region "
                                                                 "from the list"})
    # The area's id, checked against the choices read once for the form: no query of its own.
    local_area = forms.TypedChoiceField(label="Local area", required=False, widget=Select,
                                        coerce=int, empty_value=None,
                                        error_messages={"invalid_choice": "Select a local "
                                                                          "area from the list"})
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_CHOICES,
                               widget=Select,
                               error_messages={"invalid_choice": "Select a status from the "
                                                                 "list"})
    order = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", "All rules")] + [
            (rule.code, f"{rule.description} ({rule.code})") for rule in rules]
        self.fields["local_area"].choices = [("", "All local areas"), *local_area_choices()]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.select("rule"), Field.select("region"), Field.select("local_area"),
            Field.select("status"), Field("order"),
            Button.secondary("filter", "Apply filters"),
        )

    def clean_order(self):
        return ORDER_DUE_LAST if self.cleaned_data["order"] == ORDER_DUE_LAST else ORDER_DUE_FIRST


class ExtendForm(forms.Form):
    working_days = forms.IntegerField(
        label="Number of working days to add", min_value=1, max_value=LONGEST_PERIOD,
        widget=WHOLE_NUMBER,
        error_messages={
            "required": "Enter the number of working days to add",
            "invalid": "Enter the number of working days as a whole number, like 5",
            "min_value": "Enter a number of working days of 1 or more",
            "max_value": f"Enter a number of working days of {LONGEST_PERIOD} or fewer",
        },
    )
    reason = forms.CharField(label="Reason for the extension", widget=forms.Textarea,
                             error_messages={"required": "Enter the reason for the extension"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("working_days", field_width=4),
            Field.textarea("reason", rows=4),
            Button("submit", "Extend the deadline"),
        )


class PauseForm(forms.Form):
    # `on` and `reason` are the services' own names, so their refusals land on these fields.
    on = GovukDateField(label="Date the clock stops")
    reason = forms.CharField(label="Reason for pausing", widget=forms.Textarea,
                             error_messages={"required": "Enter the reason for pausing"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("on"), Field.textarea("reason", rows=4),
                                    Button("submit", "Pause the clock"))


class ResumeForm(forms.Form):
    on = GovukDateField(label="Date the clock restarts")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("on"), Button("submit", "Restart the clock"))


BINDS = [
    ("binds_inspectorates", "Ofsted and CQC"),
    ("binds_local_area", "The local area"),
    ("binds_principal_authority", "The principal authority"),
    ("binds_dfe", "The DfE"),
]


class RuleForm(forms.Form):
    description = forms.CharField(label="Description", max_length=300,
                                  error_messages={"required": "Enter a description of the rule"})
    # Chosen from the events the service records: a clock counts from a date it holds. The
    # empty first choice keeps a stored wording not in the list from being replaced unseen
    # by whichever event the browser would show first: it must be chosen again.
    starts_on = forms.ChoiceField(
        label="Event the clock counts from", choices=[("", "Choose an event"), *EVENT_CHOICES],
        error_messages={"required": UNKNOWN_START, "invalid_choice": UNKNOWN_START})
    stops_on = forms.ChoiceField(
        label="Event that meets the deadline",
        choices=[("", "Choose an event"), *EVENT_CHOICES],
        error_messages={"required": UNKNOWN_STOP, "invalid_choice": UNKNOWN_STOP})
    period_amount = forms.IntegerField(
        label="Length of the period", min_value=-LONGEST_PERIOD, max_value=LONGEST_PERIOD,
        widget=WHOLE_NUMBER,
        help_text="A whole number. Negative, like -5, only for a deadline before a planned "
                  "event (on-site work starts)",
        error_messages={
            "required": "Enter the length of the period",
            "invalid": "Enter the length of the period as a whole number, like 10 or -5",
            "min_value": f"Enter a period of -{LONGEST_PERIOD} or more",
            "max_value": f"Enter a period of {LONGEST_PERIOD} or fewer",
        },
    )
    period_unit = forms.ChoiceField(label="The period counts", choices=PeriodUnit.choices,
                                    widget=forms.RadioSelect,
                                    error_messages={"required": "Select what the period counts"})
    source = forms.CharField(label="Source", max_length=200,
                             help_text="The document and paragraph the rule comes from",
                             error_messages={"required": "Enter the source of the rule"})
    binds = forms.MultipleChoiceField(label="Who the deadline binds", choices=BINDS,
                                      required=False, widget=forms.CheckboxSelectMultiple,
                                      help_text="They are reminded as the deadline nears")
    dfe_can_view = forms.BooleanField(label="DfE advisers can see these deadlines",
                                      required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("description"),
            Field.select("starts_on"),
            Field.select("stops_on"),
            Field.text("period_amount", field_width=4),
            Field.radios("period_unit", legend_size=Size.SMALL),
            Field.text("source"),
            Field.checkboxes("binds", legend_size=Size.SMALL),
            Field.checkbox("dfe_can_view"),
            Button("submit", "Save rule"),
        )

    @classmethod
    def initial_for(cls, rule) -> dict:
        fields = ("description", "starts_on", "stops_on", "period_amount", "period_unit",
                  "source", "dfe_can_view")
        return {**{field: getattr(rule, field) for field in fields},
                "binds": [field for field, _ in BINDS if getattr(rule, field)]}

    def clean(self):
        data = super().clean()
        # The same refusals as the rule's own validation; events already refused stay so.
        refusals = rule_refusals(starts_on=data.get("starts_on", ""),
                                 stops_on=data.get("stops_on", ""),
                                 period_amount=data.get("period_amount"),
                                 period_unit=data.get("period_unit", ""))
        for field, message in refusals.items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def changes(self) -> dict:
        """The rule's fields as the form sets them, in the services' terms."""
        data = self.cleaned_data
        binds = set(data["binds"])
        return {
            "description": data["description"], "starts_on": data["starts_on"],
            "stops_on": data["stops_on"], "period_amount": data["period_amount"],
            "period_unit": data["period_unit"], "source": data["source"],
            **{field: field in binds for field, _ in BINDS},
            "dfe_can_view": data["dfe_can_view"],
        }


class NonWorkingDayForm(forms.Form):
    day = GovukDateField(label="Date", help_text="A weekday, for example 24 12 2026")
    reason = forms.CharField(label="Reason", max_length=200,
                             help_text="For example, Christmas Eve office closure",
                             error_messages={"required": "Enter the reason the day is not a "
                                                         "working day"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("day"), Field.text("reason"),
                                    Button("submit", "Add non-working day"))
