from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from accounts.models import User
from config.govuk_forms import GovukDateField, Select, form_check_date_order
from inspections.models import Framework, Inspection, State
from inspections.scheduling import onsite_dates_text
from local_areas.models import LocalArea, Region

REFERENCE_HINT = "Leave blank to use SEND, the area's ONS code and the first day on site, " \
                 "for example SEND-E06000035-20171204"


class LeadChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return user.get_full_name() or user.get_username()


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, area) -> str:
        # Areas can share a name (a council re-formed): the ONS code tells them apart.
        return f"{area.name} ({area.ons_code})"


class InspectionFilterForm(forms.Form):
    """Search and filters on the national list of inspections (GET)."""

    q = forms.CharField(label="Search", required=False, max_length=100,
                        help_text="A reference or a local area's name, or part of one",
                        error_messages={"max_length": "Search must be 100 characters or "
                                                      "fewer"})
    local_area = AreaChoiceField(label="Local area", required=False,
                                 queryset=LocalArea.objects.none(), empty_label="All areas",
                                 widget=Select,
                                 error_messages={"invalid_choice": "Select a local area from "
                                                                   "the list"})
    lead = LeadChoiceField(label="Lead inspector", required=False,
                           queryset=User.objects.none(), empty_label="Anyone", widget=Select,
                           error_messages={"invalid_choice": "Select a lead inspector from "
                                                             "the list"})
    state = forms.ChoiceField(label="State", required=False,
                              choices=[("", "All states"), *State.choices],
                              widget=Select)
    region = forms.ChoiceField(label="Ofsted region", required=False,
                               choices=[("", "All regions"), *Region.choices],
                              widget=Select)
    framework = forms.ChoiceField(label="Framework", required=False,
                                  choices=[("", "All frameworks"), *Framework.choices],
                              widget=Select)
    starts_from = GovukDateField(label="On site from", required=False,
                                 help_text="First day on site on or after, for example 4 12 2017")
    starts_to = GovukDateField(label="On site to", required=False,
                               help_text="First day on site on or before, for example 29 3 2018")

    def __init__(self, *args, areas, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_area"].queryset = areas
        self.fields["lead"].queryset = leads
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.text("q"), Field.select("local_area"), Field.select("lead"),
            Field.select("state"), Field.select("region"), Field.select("framework"),
            Field("starts_from"), Field("starts_to"),
            Button.secondary("filter", "Apply filters"),
        )

    def clean(self):
        data = super().clean()
        form_check_date_order(self, data, "starts_from", "starts_to",
                              "The 'on site to' date must be the same as or after the "
                              "'on site from' date")
        return data


class _DetailsForm(forms.Form):
    framework = forms.ChoiceField(label="Framework", choices=Framework.choices,
                                  widget=forms.RadioSelect,
                                  error_messages={"required": "Select the framework"})
    onsite_start = GovukDateField(
        label="First day on site",
        help_text="For example, 4 12 2017. Under the 2023 framework, the first day of the "
                  "inspection: the Monday of week 1, when the local area is notified")
    onsite_end = GovukDateField(
        label="Last day on site",
        help_text="For example, 8 12 2017. Under the 2023 framework, the last day of "
                  "fieldwork, by the Friday of week 3")
    reference = forms.CharField(label="Reference (optional)", max_length=40, required=False,
                                help_text=REFERENCE_HINT)

    def clean(self):
        data = super().clean()
        form_check_date_order(self, data, "onsite_start", "onsite_end",
                              "The last day on site must be the same as or after the first day")
        return data


def revisitable_choices(inspections) -> list:
    """The inspections a re-visit can follow, grouped by local area (names can repeat, so
    each group gives the ONS code), for a select with an option group per area."""
    groups: dict[str, list] = {}
    for inspection in inspections:
        area = inspection.local_area
        groups.setdefault(f"{area.name} ({area.ons_code})", []).append(
            (inspection.pk, f"{inspection.reference}, on site "
                            f"{onsite_dates_text(inspection)}"))
    return [("", "Not a re-visit"), *groups.items()]


class InspectionCreateForm(_DetailsForm):
    # The warnings shown, once shown: sent again as it is, the form goes ahead.
    acknowledged = forms.CharField(widget=forms.HiddenInput, required=False)
    local_area = forms.ModelChoiceField(
        label="Local area", queryset=LocalArea.objects.none(),
        empty_label="Choose a local area",
        error_messages={"required": "Select the local area to inspect"},
    )
    revisit_of = forms.ModelChoiceField(
        label="Inspection re-visited (2016 re-visits only)", required=False,
        queryset=Inspection.objects.none(),
        help_text="A 2016 re-visit follows a published 2016 inspection of the same local "
                  "area, whose report required a written statement of action. Areas "
                  "inspected before March 2020 will likely receive one (handbook para 119); "
                  "areas inspected after June 2021 will not (para 118).",
        error_messages={"invalid_choice": "Select an inspection from the list"})

    field_order = ["local_area", "framework", "revisit_of", "onsite_start", "onsite_end",
                   "reference"]

    def __init__(self, *args, areas, revisitable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_area"].queryset = areas
        field = self.fields["revisit_of"]
        field.queryset = revisitable
        field.choices = revisitable_choices(revisitable)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.select("local_area"),
            Field.radios("framework", legend_size=Size.SMALL),
            Field.select("revisit_of"),
            Field("onsite_start"), Field("onsite_end"),
            Field.text("reference", field_width=20), Field("acknowledged"),
            Button("submit", "Schedule inspection"),
        )


class InspectionEditForm(_DetailsForm):
    # The version the form was opened at: the service refuses the save if it moved on.
    version = forms.IntegerField(widget=forms.HiddenInput)
    # The warnings shown, once shown: sent again as it is, the form goes ahead.
    acknowledged = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].label = "Reference"
        self.fields["reference"].required = True
        self.fields["reference"].help_text = ""
        self.fields["reference"].error_messages["required"] = "Enter the reference"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("framework", legend_size=Size.SMALL),
            Field("onsite_start"), Field("onsite_end"),
            Field.text("reference", field_width=20),
            Field("version"), Field("acknowledged"),
            Button("submit", "Save changes"),
        )


class ConfirmForm(forms.Form):
    """A transition that needs nothing but the decision to make it."""

    def __init__(self, *args, button: str, warning: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        submit = Button.warning("submit", button) if warning else Button("submit", button)
        self.helper.layout = Layout(*self.fields_layout(), submit)

    def fields_layout(self) -> list:
        return []


class DatedConfirmForm(ConfirmForm):
    """A transition that happened on a day the user gives: a day its date rule
    (inspections.dates) allows, or an error on the field saying why not."""

    on = GovukDateField(label="Date")

    def __init__(self, *args, rule=None, **kwargs):
        super().__init__(*args, **kwargs)
        # None only for a letter's step before the letter exists, which its service refuses.
        self.rule = rule
        # The label names the event; the field's error messages, and the rule's refusals,
        # are made from it.
        self.fields["on"] = GovukDateField(label=rule.label if rule else "Date")

    def fields_layout(self) -> list:
        return [Field("on")]

    def clean_on(self):
        on = self.cleaned_data["on"]
        refusal = self.rule.refusal(on) if self.rule else ""
        if refusal:
            raise forms.ValidationError(refusal)
        return on


class WithdrawForm(ConfirmForm):
    reason = forms.CharField(
        label="Why is the inspection being withdrawn?", widget=forms.Textarea,
        error_messages={"required": "Give the reason for withdrawing the inspection"})

    def fields_layout(self) -> list:
        return [Field.textarea("reason", label_size=Size.SMALL, rows=4)]


class ReturnDraftForm(ConfirmForm):
    comments = forms.CharField(
        label="What does the lead inspector need to change?", widget=forms.Textarea,
        help_text="Only the inspection team, quality assurance and Ofsted admins can read "
                  "these comments.",
        error_messages={"required": "Say what the lead inspector needs to change"})

    def fields_layout(self) -> list:
        return [Field.textarea("comments", label_size=Size.SMALL, rows=6)]


class ScheduleForm(forms.Form):
    """The week the national schedule starts from (GET); links carry it as ?from=YYYY-MM-DD."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so the field is added here rather than declared.
        self.fields["from"] = GovukDateField(label="Show 12 weeks from", required=False,
                                             help_text="For example, 7 12 2026")
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(Field("from"), Button.secondary("show", "Show weeks"))
