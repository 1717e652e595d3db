"""Statutory rules and extra non-working days, kept by Ofsted admins."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from config import clock
from config.govuk_forms import form_add_service_errors, form_submit, long_date, posted
from deadlines import page_selectors, services
from deadlines.calendar import england_bank_holidays
from deadlines.forms import (
    BINDS,
    NonWorkingDayForm,
    RuleForm,
)
from deadlines.models import PeriodUnit, StatutoryRule
from deadlines.rules_data import why_this_event
from deadlines.selectors import (
    rule_get,
)
from deadlines.views.common import (
    counted,
)
from policy import deadlines as policy

# Rules ---------------------------------------------------------------------------------------

RULE_FIELD_LABELS = {
    "description": "Description", "starts_on": "Event the clock counts from",
    "stops_on": "Event that meets the deadline", "period_amount": "Length of the period",
    "period_unit": "The period counts", "source": "Source",
    **{field: f"Binds {name[0].lower()}{name[1:]}" for field, name in BINDS},
    "dfe_can_view": "DfE advisers can see these deadlines",
}


def _rule_value(field: str, value) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field == "period_unit":
        return PeriodUnit(value).label
    return str(value)


@require_GET
def rule_list(request):
    if not policy.can_generally(request.user, "view_rules"):
        raise PermissionDenied
    rules = list(page_selectors.rule_list())
    for rule in rules:
        rule.why = why_this_event(rule)
    return render(request, "deadlines/rules.html", {
        "rules": rules,
        "can_change": policy.can_generally(request.user, "change_rules"),
    })


@require_http_methods(["GET", "POST"])
def rule_edit(request, code: str):
    if not policy.can_generally(request.user, "change_rules"):
        raise PermissionDenied
    try:
        rule = rule_get(code=code)
    except StatutoryRule.DoesNotExist:
        raise Http404("No such rule") from None
    form = RuleForm(posted(request), initial=RuleForm.initial_for(rule))
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        try:
            moving = services.rule_change_preview(rule=rule, changes=changes)
            # Moving the due dates of running clocks is never done without being asked.
            if moving and request.POST.get("confirm") != "yes":
                return _rule_confirm_page(request, rule, changes, moving)
            _, moved = services.rule_update(rule=rule, by=request.user, **changes)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Rule saved. {counted(moved, 'due date')} moved.")
            return redirect("deadlines:rules")
    return render(request, "deadlines/rule_form.html", {"form": form, "rule": rule})


def _rule_confirm_page(request, rule: StatutoryRule, changes: dict, moving: list):
    carried = [(name, value) for name, values in request.POST.lists()
               if name not in ("csrfmiddlewaretoken", "confirm", "submit") for value in values]
    changed = [(RULE_FIELD_LABELS[field], _rule_value(field, getattr(rule, field)),
                _rule_value(field, value))
               for field, value in changes.items() if getattr(rule, field) != value]
    return render(request, "deadlines/rule_confirm.html", {
        "rule": rule, "moving": moving, "carried": carried, "changed": changed,
        "moving_text": f"{counted(len(moving), 'running deadline')} will get a new due date",
    })


# Non-working days ----------------------------------------------------------------------------

@require_GET
def non_working_day_list(request):
    if not policy.can_generally(request.user, "view_non_working_days"):
        raise PermissionDenied
    year = clock.today().year
    return render(request, "deadlines/non_working_days.html", {
        "days": page_selectors.non_working_day_list(),
        "bank_holidays": sorted(england_bank_holidays(year, year + 1).items()),
        "years": (year, year + 1),
        "can_add": policy.can_generally(request.user, "change_non_working_days"),
        "can_remove": policy.can_generally(request.user, "change_non_working_days"),
    })


@require_http_methods(["GET", "POST"])
def non_working_day_add(request):
    if not policy.can_generally(request.user, "change_non_working_days"):
        raise PermissionDenied
    form = NonWorkingDayForm(posted(request))
    done = form_submit(request, form, partial(services.non_working_day_add, by=request.user))
    if done:
        entry, moved = done.value
        messages.success(request, f"{long_date(entry.day)} is now a non-working day. "
                                  f"{counted(moved, 'running deadline')} moved.")
        return redirect("deadlines:non-working-days")
    return render(request, "deadlines/non_working_day_add.html", {"form": form})


@require_http_methods(["GET", "POST"])
def non_working_day_remove(request, pk: int):
    if not policy.can_generally(request.user, "change_non_working_days"):
        raise PermissionDenied
    entry = page_selectors.non_working_day_get(pk=pk)
    if request.method == "POST":
        day = entry.day
        moved = services.non_working_day_remove(entry=entry, by=request.user)
        messages.success(request, f"{long_date(day)} is a working day again. "
                                  f"{counted(moved, 'running deadline')} moved.")
        return redirect("deadlines:non-working-days")
    return render(request, "deadlines/non_working_day_remove.html", {"entry": entry})
