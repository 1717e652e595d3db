"""The team and conflicts of interest."""


from crispy_forms_gds.layout import (
    Field,
    Size,
)
from django import forms
from django.utils.html import format_html

from accounts.models import User
from inspections.models import (
    TeamRole,
)
from inspections.record_forms.common import (
    NO,
    YES,
    form_helper,
    inspectors,
)

# The team and conflicts of interest -----------------------------------------------------------

class DeclarationForm(forms.Form):
    """An inspector's declaration; an admin also chooses whose declaration it is.

    The details field is always shown rather than revealed by the radio: the design system's
    conditional reveal puts aria-expanded on radios, which is not valid ARIA. The notification
    form does the same for its dependent fields.
    """

    inspector = forms.ModelChoiceField(label="Inspector", queryset=User.objects.none(),
                                       empty_label="Choose an inspector",
                                       error_messages={"required": "Select the inspector"})
    has_connection = forms.ChoiceField(
        widget=forms.RadioSelect, choices=[(NO, NO), (YES, YES)],
        error_messages={"required": "Select whether there is any connection to the area"})
    details = forms.CharField(label="Details of the connection", required=False,
                              widget=forms.Textarea,
                              help_text="Only if there is a connection: what it is and when")

    def __init__(self, *args, area_name: str, for_someone_else: bool, **kwargs):
        super().__init__(*args, **kwargs)
        who = "the inspector" if for_someone_else else "you"
        have = "has" if for_someone_else else "have"
        field = self.fields["has_connection"]
        # The pack prints labels and hints as they are, so words from the register are
        # escaped here.
        field.label = format_html("Do{} {} have any connection to {}?",
                                  "es" if for_someone_else else "", who, area_name)
        field.help_text = format_html("For example, {} {} worked for the council or a health "
                                      "provider there, or a close relative works for or uses "
                                      "their services", who, have)
        field.choices = [(NO, f"No connection to {area_name}"),
                         (YES, f"A connection to {area_name}")]
        if for_someone_else:
            self.fields["inspector"].queryset = inspectors()
            first = [Field.select("inspector")]
        else:
            del self.fields["inspector"]
            first = []
        self.helper = form_helper(*first, Field.radios("has_connection", legend_size=Size.SMALL),
                              Field.textarea("details", rows=4), button="Save declaration")

    def clean(self):
        data = super().clean()
        data["has_connection"] = data.get("has_connection") == YES
        if data["has_connection"] and not data.get("details", "").strip():
            self.add_error("details", "Describe the connection to the local area")
        if not data["has_connection"]:
            data["details"] = ""
        return data


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label="Why is the declared matter not a connection to the area?", widget=forms.Textarea,
        error_messages={"required": "Give the reason the declared matter is not a connection"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("reason", rows=4), button="Record decision")


class InspectorChoiceField(forms.ModelChoiceField):
    """Each inspector with where their declaration stands, so a blocked choice is no
    surprise."""

    def __init__(self, *args, declarations: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.declarations = declarations

    def label_from_instance(self, user) -> str:
        declaration = self.declarations.get(user.pk)
        if declaration is None:
            standing = "has not declared"
        elif not declaration.has_connection:
            standing = "declared no connection"
        elif declaration.override_by_id:
            standing = "declared a matter recorded as not a connection"
        else:
            standing = "declared a connection"
        return f"{user} ({standing})"


class TeamMemberForm(forms.Form):
    user = InspectorChoiceField(label="Inspector", queryset=User.objects.none(),
                                declarations={}, empty_label="Choose an inspector",
                                error_messages={"required": "Select the inspector"})
    role = forms.ChoiceField(label="Role", choices=TeamRole.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the role"})
    # The inspections an overlap warning named, once shown: sent again, it goes ahead.
    acknowledged = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        members = [member.user_id for member in inspection.team.all()]
        field = self.fields["user"]
        field.queryset = inspectors().exclude(pk__in=members)
        field.declarations = {d.user_id: d for d in inspection.conflict_declarations.all()}
        field.help_text = format_html("Only inspectors who have declared no connection to {}, "
                                      "or whose connection an Ofsted admin has overridden, can "
                                      "be assigned", inspection.local_area.name)
        self.helper = form_helper(Field.select("user"),
                                  Field.radios("role", legend_size=Size.SMALL),
                                  Field("acknowledged"), button="Add to the team")
