"""The GOV.UK error summary's links and messages, as a template library.

Each link goes to the element that takes focus for its field: the first box of a date input
(id_<name>_0), the first option of radios and checkboxes (id_<name>_1, as crispy-forms-gds
numbers them), else the field itself. A message that more than one field shows is prefixed
with each field's label, so the summary never lists the same words twice without saying
which answer they are about.
"""

from collections import Counter
from dataclasses import dataclass

from django import forms, template

register = template.Library()


@dataclass(frozen=True)
class SummaryItem:
    href: str
    text: str


def focus_target(bound_field) -> str:
    """The id of the element an error summary link to this field should move focus to."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_1"
    if isinstance(widget, forms.MultiWidget):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


def error_summary_items(form) -> list[SummaryItem]:
    """The summary's entries in page order: errors about the whole form first (linked to
    its first field), then each field's."""
    fields = form.visible_fields()
    first = focus_target(fields[0]) if fields else ""
    found = [(first, "", str(error)) for error in form.non_field_errors()]
    found += [(focus_target(field), str(field.label or ""), str(error))
              for field in fields for error in field.errors]
    times_shown = Counter(message for _, _, message in found)
    return [SummaryItem(f"#{target}", f"{label}: {message}"
                        if label and times_shown[message] > 1 else message)
            for target, label, message in found]


register.simple_tag(error_summary_items, name="error_summary_items")
