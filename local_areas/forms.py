from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.core.validators import RegexValidator

from config.govuk_forms import GovukDateField, form_check_date_order
from local_areas.models import (
    AreaType,
    ContactRole,
    HealthPartner,
    HealthPartnerKind,
    Region,
)

ONS_CODE = RegexValidator(r"^E[0-9]{8}$", "Enter an ONS code like E06000035: E then 8 digits")


class AreaFilterForm(forms.Form):
    """Search and filters on the list of areas (GET)."""

    q = forms.CharField(label="Name or ONS code", required=False, max_length=100)
    region = forms.ChoiceField(
        label="Ofsted region", required=False, choices=[("", "All regions"), *Region.choices]
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Current and former"), ("current", "Current"), ("former", "Former")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.text("q"), Field.select("region"), Field.select("status"),
            Button.secondary("filter", "Apply filters"),
        )


class LocalAreaForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120,
                           error_messages={"required": "Enter the name of the local area"})
    ons_code = forms.CharField(
        label="ONS code", max_length=9, validators=[ONS_CODE],
        error_messages={"required": "Enter the ONS code"},
    )
    area_type = forms.ChoiceField(label="Type", choices=AreaType.choices, widget=forms.RadioSelect,
                                  error_messages={"required": "Select the type of authority"})
    region = forms.ChoiceField(label="Ofsted region", choices=[("", "Choose a region"),
                                                                *Region.choices],
                               error_messages={"required": "Select the Ofsted region"})
    valid_from = GovukDateField(label="Date the area began", required=False,
                                help_text="Leave blank if it existed before the register began")
    valid_to = GovukDateField(label="Last day of the area", required=False,
                              help_text="Leave blank if the area still exists")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ons_code"].help_text = "E then 8 digits, for example E06000035"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("name"),
            Field.text("ons_code", field_width=10),
            Field.radios("area_type", legend_size=Size.SMALL),
            Field.select("region"),
            Field("valid_from"),
            Field("valid_to"),
            Button("submit", "Save"),
        )

    def clean(self):
        data = super().clean()
        form_check_date_order(self, data, "valid_from", "valid_to",
                              "The last day must be the same as or after the first day")
        return data


class ContactForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=ContactRole.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the role"})
    name = forms.CharField(label="Full name", max_length=200,
                           error_messages={"required": "Enter the person's full name"})
    job_title = forms.CharField(label="Job title (optional)", max_length=200, required=False)
    email = forms.EmailField(label="Email address (optional)", required=False,
                             error_messages={"invalid": "Enter an email address in the correct "
                                             "format, like name@example.gov.uk"})
    phone = forms.CharField(label="Telephone number (optional)", max_length=40, required=False)
    health_partner = forms.ModelChoiceField(
        label="CCG or ICB (for a CCG or ICB chief executive)",
        queryset=HealthPartner.objects.none(), required=False, empty_label="Not applicable",
    )
    start_date = GovukDateField(label="Start date")
    end_date = GovukDateField(label="End date", required=False,
                              help_text="Leave blank if they still hold the role")

    def __init__(self, *args, local_area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["health_partner"].queryset = HealthPartner.objects.filter(
            area_partnerships__local_area=local_area
        ).distinct()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("role", legend_size=Size.SMALL),
            Field.text("name"),
            Field.text("job_title"),
            Field.text("email", field_width=20),
            Field.text("phone", field_width=20),
            Field.select("health_partner"),
            Field("start_date"),
            Field("end_date"),
            Button("submit", "Save contact"),
        )

    def clean(self):
        data = super().clean()
        role, partner = data.get("role"), data.get("health_partner")
        if role == ContactRole.HEALTH_CHIEF_EXECUTIVE and partner is None:
            self.add_error("health_partner", "Select the CCG or ICB this chief executive leads")
        if role and role != ContactRole.HEALTH_CHIEF_EXECUTIVE and partner is not None:
            self.add_error("health_partner",
                           "Only a CCG or ICB chief executive has a CCG or ICB: choose "
                           "'Not applicable'")
        form_check_date_order(self, data, "start_date", "end_date",
                              "The end date must be the same as or after the start date")
        return data


class ContactEndForm(forms.Form):
    end_date = GovukDateField(label="Last day in the role")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("end_date"), Button("submit", "End role"))


class HealthPartnerLinkForm(forms.Form):
    health_partner = forms.ModelChoiceField(
        label="CCG or ICB", queryset=HealthPartner.objects.order_by("name"),
        empty_label="Choose a CCG or ICB",
        help_text="If it is not listed, add it first with 'Add a CCG or ICB' on the local "
                  "areas page",
        error_messages={"required": "Select the CCG or ICB"},
    )
    valid_from = GovukDateField(label="Start date", required=False,
                                help_text="Leave blank if the partnership began before the "
                                          "register")
    valid_to = GovukDateField(label="End date", required=False,
                              help_text="Leave blank if it continues")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.select("health_partner"), Field("valid_from"), Field("valid_to"),
            Button("submit", "Add health partner"),
        )

    def clean(self):
        data = super().clean()
        form_check_date_order(self, data, "valid_from", "valid_to",
                              "The end date must be the same as or after the start date")
        return data


class HealthPartnerForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=HealthPartnerKind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Select CCG or ICB"})
    name = forms.CharField(label="Name", max_length=200,
                           error_messages={"required": "Enter the name, for example NHS Kent "
                                                       "and Medway ICB"})
    ods_code = forms.CharField(label="ODS code (optional)", max_length=10, required=False)
    valid_from = GovukDateField(label="Date it began", required=False,
                                help_text="Leave blank if it began before the register")
    valid_to = GovukDateField(label="Last day", required=False,
                              help_text="Leave blank if it still exists")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.SMALL), Field.text("name"),
            Field.text("ods_code", field_width=10), Field("valid_from"), Field("valid_to"),
            Button("submit", "Add CCG or ICB"),
        )

    def clean(self):
        data = super().clean()
        form_check_date_order(self, data, "valid_from", "valid_to",
                              "The last day must be the same as or after the first day")
        return data
