"""Forms for the letter's findings and the determination."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from config.govuk_forms import GovukDateField
from inspections.record_forms.common import form_helper
from reports.findings import KIND_MESSAGE
from reports.models import (
    CommentResponse,
    FindingKind,
    FindingSection,
    PrincipalAuthority,
    RecipientCapacity,
)

KIND_CHOICES = [(FindingKind.STRENGTH, "Strength"),
                (FindingKind.DEVELOPMENT, "Area for development")]


class FindingForm(forms.Form):
    section = forms.ChoiceField(
        label="Where does it go in the letter?", choices=FindingSection.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the finding goes in the letter",
                        "invalid_choice": "Select where the finding goes in the letter"})
    kind = forms.ChoiceField(
        label="Is it a strength or an area for development?", choices=KIND_CHOICES,
        widget=forms.RadioSelect, required=False,
        help_text="For the sections on identifying needs, assessing and meeting needs, and "
                  "improving outcomes only",
        error_messages={"invalid_choice": KIND_MESSAGE})
    text = forms.CharField(label="Finding", widget=forms.Textarea,
                           help_text="As it will read in the letter. Never name or identify "
                                     "a child, young person or family",
                           error_messages={"required": "Enter the finding"})

    def __init__(self, *args, editing: bool = False, sections: list[str] | None = None,
                 **kwargs):
        """`sections`: those the letter has (reports.findings.sections_for), in its order;
        every section if not given."""
        super().__init__(*args, **kwargs)
        if sections is not None:
            self.fields["section"].choices = [(section, FindingSection(section).label)
                                              for section in sections]
        fields = [Field.radios("section", legend_size=Size.SMALL),
                  Field.radios("kind", legend_size=Size.SMALL, inline=True),
                  Field.textarea("text", rows=8)]
        if editing:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
            fields.append(Field("version"))
        self.helper = form_helper(*fields, button="Save changes" if editing
                                  else "Add finding")


class EvidenceLinkForm(forms.Form):
    records = forms.TypedMultipleChoiceField(
        coerce=int, choices=(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the evidence that supports the finding"})

    def __init__(self, *args, choices: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["records"].choices = choices


YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes(value: str) -> bool:
    return value == "yes"


class DeterminationRecommendForm(forms.Form):
    wsoa_required = forms.TypedChoiceField(
        label="Does the team recommend that a written statement of action is required?",
        choices=YES_NO, coerce=_yes, widget=forms.RadioSelect,
        error_messages={"required": "Select whether a written statement of action is "
                                    "required"})
    principal_authority = forms.ChoiceField(
        label="Who should submit it?", choices=PrincipalAuthority.choices,
        widget=forms.RadioSelect, required=False,
        help_text="Only if a written statement of action is required")
    weaknesses = forms.CharField(
        label="Areas of significant weakness", widget=forms.Textarea, required=False,
        help_text="One to a line, in the words the letter will use. Only if a written "
                  "statement of action is required")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("wsoa_required", legend_size=Size.SMALL, inline=True),
            Field.radios("principal_authority", legend_size=Size.SMALL),
            Field.textarea("weaknesses", rows=8), Field("version"),
            button="Record the recommendation")

    def clean_weaknesses(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["weaknesses"].splitlines()
                if line.strip()]


class DeterminationDecisionForm(forms.Form):
    agreed = forms.TypedChoiceField(
        label="Does HMCI's delegate agree with the team's recommendation?",
        choices=[("yes", "Yes, agree"), ("no", "No, change it")], coerce=_yes,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether HMCI's delegate agrees"})
    wsoa_required = forms.TypedChoiceField(
        label="If changed: is a written statement of action required?", choices=YES_NO,
        coerce=_yes, empty_value=None, widget=forms.RadioSelect, required=False)
    principal_authority = forms.ChoiceField(
        label="If changed: who must submit it?", choices=PrincipalAuthority.choices,
        widget=forms.RadioSelect, required=False)
    reasons = forms.CharField(label="If changed: why", widget=forms.Textarea, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("agreed", legend_size=Size.SMALL),
            Field.radios("wsoa_required", legend_size=Size.SMALL, inline=True),
            Field.radios("principal_authority", legend_size=Size.SMALL),
            Field.textarea("reasons", rows=5), Field("version"),
            button="Record the decision")


class RecipientForm(forms.Form):
    """Someone of the area to send the restricted draft to, and in what capacity."""

    user = forms.TypedChoiceField(
        label="Who should receive the draft?", coerce=int, choices=(),
        error_messages={"required": "Select who should receive the draft",
                        "invalid_choice": "Select someone of the local area who has not been "
                                          "named already"})
    capacity = forms.ChoiceField(
        label="In what capacity?", choices=RecipientCapacity.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select in what capacity they receive the draft"})

    def __init__(self, *args, people: list, representatives_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "Select someone"), *people]
        if representatives_only:
            self.fields["capacity"].choices = [
                (RecipientCapacity.REPRESENTATIVE, RecipientCapacity.REPRESENTATIVE.label)]
            self.fields["capacity"].initial = RecipientCapacity.REPRESENTATIVE
        self.helper = form_helper(Field("user"),
                                  Field.radios("capacity", legend_size=Size.SMALL),
                                  button="Name recipient")


class AccuracyCommentForm(forms.Form):
    passage = forms.CharField(
        label="Which passage of the draft is your comment about?", widget=forms.Textarea,
        help_text="Copy the words from the draft, or say where they are: the section and "
                  "the first few words",
        error_messages={"required": "Enter the passage of the draft your comment is about"})
    comment = forms.CharField(
        label="Your comment", widget=forms.Textarea,
        help_text="What is inaccurate, and what it should say. Never name or identify a "
                  "child, young person or family",
        error_messages={"required": "Enter your comment"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("passage", rows=3),
                                  Field.textarea("comment", rows=6), button="Send comment")


class CommentAnswerForm(forms.Form):
    response = forms.ChoiceField(
        label="Do you accept the comment?", widget=forms.RadioSelect,
        choices=[(CommentResponse.ACCEPTED, "Yes, I have changed the report"),
                 (CommentResponse.NOT_ACCEPTED, "No")],
        error_messages={"required": "Select whether you accept the comment"})
    response_text = forms.CharField(
        label="What did you change, or why do you not accept it?", widget=forms.Textarea,
        help_text="The local area's recipients read this",
        error_messages={"required": "Say what you changed, or give the reason"})
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.radios("response", legend_size=Size.SMALL),
                                  Field.textarea("response_text", rows=5), Field("version"),
                                  button="Save answer")


class ReportCopyForm(forms.Form):
    name = forms.CharField(
        label="Who was the copy sent to?", max_length=300,
        help_text="The person or organisation, as HMCI decided",
        error_messages={"required": "Enter who the copy was sent to"})

    def __init__(self, *args, rule, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule
        self.fields["sent_on"] = GovukDateField(label=rule.label)
        self.helper = form_helper(Field.text("name"), Field("sent_on"), button="Record copy")

    def clean_sent_on(self):
        day = self.cleaned_data["sent_on"]
        refusal = self.rule.refusal(day)
        if refusal:
            raise forms.ValidationError(refusal)
        return day
