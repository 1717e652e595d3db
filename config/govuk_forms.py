"""Form pieces shared by every app: GOV.UK date input with plain-English errors, and the
way a posted form is handed to a service."""

import datetime
import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString

# The years a date in the service can fall in: wide enough for any area's history and any
# clock, narrow enough that counting days from it never leaves the calendar (year 9999 would).
EARLIEST_YEAR, LATEST_YEAR = 1900, 2099


class GovukDateField(DateInputField):
    """Day, month and year boxes; an impossible date, or one outside EARLIEST_YEAR to
    LATEST_YEAR, says so in words."""

    def __init__(self, *, label: str, required: bool = True, help_text: str = "", **kwargs):
        super().__init__(label=label, required=required, require_all_fields=False,
                         help_text=help_text or "For example, 27 3 2024", **kwargs)
        name = label[0].lower() + label[1:]
        self.error_messages["required"] = f"Enter the {name}"
        self.error_messages["incomplete"] = f"Enter the {name} as a day, month and year"
        for sub_field in self.fields:
            sub_field.required = required
        # As GOV.UK's date input: phones offer their number keypad for each box.
        for box in self.widget.widgets:
            box.attrs["inputmode"] = "numeric"

    def clean(self, value):
        if not self.required and (not value or all(v in self.empty_values for v in value)):
            return None
        for sub_field in self.fields:
            sub_field.required = True
        return super().clean(value)

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        if len(str(year)) != 4:
            raise ValidationError("Enter the year as 4 digits, for example 2024")
        if not EARLIEST_YEAR <= int(year) <= LATEST_YEAR:
            raise ValidationError(f"Enter a year from {EARLIEST_YEAR} to {LATEST_YEAR}")
        try:
            return datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError) as exc:  # a day of 99999999999999999999, say
            raise ValidationError("Enter a real date") from exc


def long_date(value: datetime.date | None) -> str:
    """27 March 2024, the GOV.UK style for dates."""
    return f"{value.day} {value:%B %Y}" if value else ""


def form_add_service_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field where the form has one."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


def form_check_date_order(form, data: dict, first: str, last: str, message: str) -> None:
    """Add `message` to the `last` field when both dates are given and it is the earlier."""
    start, end = data.get(first), data.get(last)
    if start and end and end < start:
        form.add_error(last, message)


def posted(request):
    """The submitted data on a POST (even one with every field blank), else None: a form
    bound to it shows its errors; an unbound one shows empty."""
    return request.POST if request.method == "POST" else None


@dataclass(frozen=True)
class Submitted:
    """What a form's action returned. Always true, so an action that returns None, 0 or an
    empty tuple still counts as done."""

    value: Any


def form_submit(request, form, action: Callable) -> Submitted | None:
    """On a POST whose form is valid, call action(**form.cleaned_data) and return what it
    returns wrapped as Submitted(value); otherwise return None. A service's ValidationError
    is shown on the form (form_add_service_errors) and gives None, so the page re-renders
    with the user's input kept."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return Submitted(action(**form.cleaned_data))
    except ValidationError as error:
        form_add_service_errors(form, error)
        return None


def date_input_data(query, name: str):
    """A GET query with `name` given as one ISO date (?from=2026-12-07), as links carry it,
    spread into the day, month and year boxes of a GovukDateField called `name`, so that the
    field checks it (and shows it) as though it had been typed there."""
    raw = query.get(name)
    if raw is None:
        return query
    data = query.copy()
    year, month, day = ([*raw.split("-", 2), "", ""][:3]
                        if raw.count("-") == 2 else ["", "", raw])
    data.setlist(f"{name}_0", [day])
    data.setlist(f"{name}_1", [month])
    data.setlist(f"{name}_2", [year])
    return data


class Select(forms.Select):
    """forms.Select giving the same HTML as Django's template, written in Python: through
    the template each option is an include of its own, and a list of 160 local areas took
    longer to render than the rest of the page. Named Select, as Django's is, because
    crispy-forms-gds picks the GOV.UK class by the widget's class name (govuk-select).
    Option groups are not written here: a list of them goes through the template."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group for group, _, _ in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)
        # django/forms/widgets/select.html, each option as select_option.html writes it.
        options = "".join(
            f'\n  <option value="{_escape(option["value"])}"'
            f'{_attrs(option["attrs"])}>{_escape(option["label"])}</option>\n'
            for _, group, _ in widget["optgroups"] for option in group)
        # Safe: every name, value and label in it was escaped above, as the template would.
        return SafeString(  # nosec B703
            f'<select name="{_escape(widget["name"])}"{_attrs(widget["attrs"])}>{options}'
            '\n</select>')


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"` in order, a bare ` name` for True,
    nothing for False; escaped."""
    return "".join(f" {_escape(name)}" if value is True
                   else f' {_escape(name)}="{_escape(value)}"'
                   for name, value in attrs.items() if value is not False)


def _escape(value) -> str:
    """django.utils.html.conditional_escape, without its lazy-text wrapper: the same five
    characters escaped the same way (html.escape), and text already safe left as it is."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))
