"""What the record forms share: constants, layout helpers, the time field."""

import datetime
import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    HTML,
    Button,
    Layout,
)
from django import forms
from django.utils import timezone

from accounts import roles
from accounts.models import User

YES, NO = "yes", "no"
SOMEONE_ELSE = "someone_else"
DCS = "Director of children's services"




def heading(text: str) -> HTML:
    return HTML(f'<h2 class="govuk-heading-m">{text}</h2>')


def form_helper(*fields, button: str) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Button("submit", button))
    return helper


class HourMinuteField(forms.CharField):
    """A time of day typed as hours and minutes, like 09:30 or 14:00 (or 2:15pm)."""

    PATTERN = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)

    def __init__(self, *, label: str, required: bool = True, **kwargs):
        name = label[0].lower() + label[1:]
        super().__init__(
            label=label, required=required, max_length=8,
            help_text=kwargs.pop("help_text", "Use the 24-hour clock, for example 09:30 or 14:00"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            error_messages={"required": f"Enter the {name}"}, **kwargs)
        self.invalid = f"Enter the {name} as hours and minutes, like 09:30 or 14:00"

    def clean(self, value):
        value = super().clean(value).strip()
        if not value:
            return None
        match = self.PATTERN.match(value)
        if not match:
            raise forms.ValidationError(self.invalid)
        hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
        if half:
            if not 1 <= hour <= 12:
                raise forms.ValidationError(self.invalid)
            hour = hour % 12 + (12 if half == "pm" else 0)
        elif match[2] is None:
            raise forms.ValidationError(self.invalid)
        if hour > 23 or minute > 59:
            raise forms.ValidationError(self.invalid)
        return datetime.time(hour, minute)


def moment(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """That day and time in the UK, where every call is made."""
    return timezone.make_aware(datetime.datetime.combine(day, time))


def inspectors():
    return User.objects.filter(groups__name=roles.INSPECTOR, is_active=True).order_by(
        "last_name", "first_name", "username")
