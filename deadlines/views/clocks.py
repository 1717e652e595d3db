"""The national list of clocks, its CSV export, one clock, and a case's timeline."""

import csv
import datetime
import itertools
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from config import clock
from config.clock import ENGLAND
from config.govuk_forms import form_submit, long_date, posted
from deadlines import page_selectors, services
from deadlines.arithmetic import time_words
from deadlines.forms import (
    ORDER_DUE_FIRST,
    ORDER_DUE_LAST,
    DeadlineFilterForm,
    ExtendForm,
    PauseForm,
    ResumeForm,
)
from deadlines.models import Deadline, DeadlineStatus
from deadlines.selectors import (
    DUE_SOON_WORKING_DAYS,
    calendar_current,
    deadline_get_for_user,
    deadline_headline_counts,
    deadline_list_for_user,
    deadlines_for_case,
    rules_visible_to,
)
from deadlines.views.common import (
    PAGE_SIZE,
    counted,
    deadline_tag,
    tagged,
)
from policy import deadlines as policy

# The national list and its export ------------------------------------------------------------

def _filtered_deadlines(request):
    """The filter form and the deadlines it selects; PermissionDenied for non-watchers."""
    rules = rules_visible_to(user=request.user)
    form = DeadlineFilterForm(request.GET or None, rules=rules)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    deadlines = deadline_list_for_user(
        user=request.user,
        rule=filters.get("rule", ""),
        region=filters.get("region", ""),
        local_area=filters.get("local_area"),
        status=filters.get("status", ""),
        order=filters.get("order", ORDER_DUE_FIRST),
    )
    return form, filters, deadlines


HEADLINE_WORDS = {
    "overdue": "overdue",
    "due_soon": f"due within {DUE_SOON_WORKING_DAYS} working days",
    "on_track": "on track",
    "met_late_this_year": "met late this year",
}


def _headline(counts: dict[str, int]) -> list[tuple[int, str]]:
    return [(counts[name], words) for name, words in HEADLINE_WORDS.items()]


@require_GET
def deadline_list(request):
    form, filters, deadlines = _filtered_deadlines(request)
    page = Paginator(deadlines, PAGE_SIZE).get_page(request.GET.get("page"))
    order = filters.get("order", ORDER_DUE_FIRST)
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query["order"] = ORDER_DUE_FIRST if order == ORDER_DUE_LAST else ORDER_DUE_LAST
    calendar = calendar_current()
    return render(request, "deadlines/list.html", {
        "headline": _headline(deadline_headline_counts(user=request.user, today=clock.today(),
                                                       calendar=calendar, now=clock.now())),
        "form": form, "page": page, "rows": tagged(page.object_list, calendar),
        "query": query.urlencode(), "sort_query": sort_query.urlencode(),
        "order": order,
        "filtered": any(value for key, value in filters.items() if key != "order"),
    })


CSV_HEADER = ["Case", "Local area", "ONS code", "Ofsted region", "Rule code",
              "Rule description", "Start date", "Due date", "Due by (UK time)", "Status",
              "Met on", "Met at (UK time)", "Working days late", "Extension working days",
              "Paused working days"]
# Spreadsheets run a cell beginning with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _csv_row(deadline: Deadline, tag) -> list:
    area = deadline.local_area
    return [_csv_text(str(deadline.case)), _csv_text(area.name), area.ons_code,
            area.get_region_display(), deadline.rule.code,
            _csv_text(deadline.rule.description), deadline.start_date.isoformat(),
            deadline.due_date.isoformat(), _hh_mm(deadline.due_time), tag.status,
            deadline.met_on.isoformat() if deadline.met_on else "",
            _hh_mm(timezone.localtime(deadline.met_at, ENGLAND).time()
                   if deadline.met_at else None),
            tag.working_days_late, deadline.extension_working_days,
            deadline.paused_working_days]


def _hh_mm(time: datetime.time | None) -> str:
    """A time as a spreadsheet reads it, 24-hour: 17:00; blank for none."""
    return f"{time:%H:%M}" if time is not None else ""


class _Echo:
    """csv.writer writes each row here, and gets it back to stream."""

    def write(self, value: str) -> str:
        return value


@require_GET
def deadline_export(request):
    _, filters, deadlines = _filtered_deadlines(request)
    services.deadlines_exported(by=request.user, filters=filters, rows=deadlines.count())
    writer = csv.writer(_Echo())
    # Read once, before streaming: every row is tagged against the same day and calendar.
    calendar, now, today = calendar_current(), clock.now(), clock.today()
    rows = itertools.chain([CSV_HEADER], (
        _csv_row(d, deadline_tag(d, today=today, calendar=calendar, now=now))
        for d in deadlines.iterator(chunk_size=1000)))
    response = StreamingHttpResponse((writer.writerow(row) for row in rows),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="deadlines-{clock.today().isoformat()}.csv"')
    return response


# One deadline --------------------------------------------------------------------------------

HISTORY_ACTIONS = {
    "deadline.start": "Clock started",
    "deadline.meet": "Met",
    "deadline.cancel": "Cancelled",
    "deadline.correct_start": "Start date corrected",
    "deadline.extend": "Extended",
    "deadline.pause": "Paused",
    "deadline.resume": "Restarted",
    "deadline.recompute": "Due date worked out again",
    "deadline.missed": "Marked as missed",
}
HISTORY_FIELDS = {
    "due_date": "Due date", "start_date": "Start date", "status": "Status",
    "met_on": "Met on", "met_at": "Met at", "paused_on": "Paused on", "reason": "Reason",
    "rule": "Rule",
    "late": "Late", "extension_working_days": "Extension (working days)",
    "paused_working_days": "Paused (working days)", "swept_on": "Found on",
    "extension_reason": "reason for the extension", "pause_reason": "reason for pausing",
    "stop_reason": "reason for stopping",
}


def _history_value(value) -> str:
    if value is None or value == "":
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        try:
            return long_date(datetime.date.fromisoformat(value))
        except ValueError:
            pass
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        return f"{time_words(moment.time())} on {long_date(moment.date())}"
    return str(value)


def _history_changes(event) -> list[str]:
    """Each field the event touched, as 'Field: before to after' or 'Field: value'; text
    fields (whose words stay on the deadline, not in the audit trail) as 'Changed: …'."""
    lines = []
    for key in [*event.before, *(k for k in event.after if k not in event.before)]:
        if key == "fields":
            continue
        label = HISTORY_FIELDS.get(key, key.replace("_", " ").capitalize())
        if key in event.before and key in event.after:
            lines.append(f"{label}: {_history_value(event.before[key])} to "
                         f"{_history_value(event.after[key])}")
        else:
            lines.append(f"{label}: {_history_value(event.after.get(key, event.before.get(key)))}")
    if text := event.after.get("fields"):
        lines.append("Changed: " + ", ".join(
            HISTORY_FIELDS.get(field, field.replace("_", " ")) for field in text))
    return lines


def reminder_offset_in_words(offset: int) -> str:
    if offset == 0:
        return "on the due date"
    if offset == -1:
        return "first working day overdue"
    if offset < 0:
        return f"{counted(-offset, 'working day')} overdue"
    return f"{counted(offset, 'working day')} before"


@require_GET
def deadline_detail(request, pk: int):
    deadline = deadline_get_for_user(user=request.user, pk=pk)
    calendar = calendar_current()
    history = [(event, HISTORY_ACTIONS.get(event.action, event.action), _history_changes(event))
               for event in page_selectors.deadline_history(deadline=deadline)]
    reminders = [(reminder, reminder_offset_in_words(reminder.offset))
                 for reminder in page_selectors.deadline_reminders(deadline=deadline)]
    can_change = policy.can_generally(request.user, "change")
    status = deadline.status
    return render(request, "deadlines/detail.html", {
        "deadline": deadline,
        "rule": deadline.rule,
        "tag": deadline_tag(deadline, today=clock.today(), calendar=calendar, now=clock.now()),
        "explanation": services.deadline_compute(deadline=deadline,
                                                 calendar=calendar).explanation,
        "reminders": reminders,
        "history": history,
        "can_extend": can_change and status in (DeadlineStatus.OPEN, DeadlineStatus.MISSED,
                                                DeadlineStatus.PAUSED),
        "can_pause": can_change and status == DeadlineStatus.OPEN,
        "can_resume": can_change and status == DeadlineStatus.PAUSED,
        "can_see_list": page_selectors.user_may_watch_deadlines(user=request.user),
    })


def _deadline_to_change(request, pk: int) -> Deadline:
    # Those who may not see the deadline get "not found"; those who see it read-only, 403.
    deadline = deadline_get_for_user(user=request.user, pk=pk)
    if not policy.can_generally(request.user, "change"):
        raise PermissionDenied
    return deadline


def _change_page(request, deadline: Deadline, form, title: str):
    return render(request, "deadlines/change.html",
                  {"form": form, "deadline": deadline, "title": title})


@require_http_methods(["GET", "POST"])
def deadline_extend(request, pk: int):
    deadline = _deadline_to_change(request, pk)
    form = ExtendForm(posted(request))
    done = form_submit(request, form, partial(services.deadline_extend, deadline=deadline,
                                              by=request.user))
    if done:
        deadline = done.value
        added = counted(form.cleaned_data["working_days"], "working day")
        messages.success(request, f"Deadline extended by {added}. It is now due on "
                                  f"{long_date(deadline.due_date)}.")
        return redirect("deadlines:detail", pk=deadline.pk)
    return _change_page(request, deadline, form, "Extend the deadline")


@require_http_methods(["GET", "POST"])
def deadline_pause(request, pk: int):
    deadline = _deadline_to_change(request, pk)
    form = PauseForm(posted(request))
    if form_submit(request, form, partial(services.deadline_pause, deadline=deadline,
                                          by=request.user)):
        messages.success(request, f"The clock is paused from "
                                  f"{long_date(form.cleaned_data['on'])}.")
        return redirect("deadlines:detail", pk=deadline.pk)
    return _change_page(request, deadline, form, "Pause the clock")


@require_http_methods(["GET", "POST"])
def deadline_resume(request, pk: int):
    deadline = _deadline_to_change(request, pk)
    form = ResumeForm(posted(request))
    done = form_submit(request, form, partial(services.deadline_resume, deadline=deadline,
                                              by=request.user))
    if done:
        deadline = done.value
        messages.success(request, f"The clock restarted on "
                                  f"{long_date(form.cleaned_data['on'])}. It is now due "
                                  f"on {long_date(deadline.due_date)}.")
        return redirect("deadlines:detail", pk=deadline.pk)
    return _change_page(request, deadline, form, "Restart the clock")


@require_GET
def case_timeline(request, inspection_id: int):
    try:
        deadlines = list(deadlines_for_case(user=request.user, inspection_id=inspection_id))
    except PermissionDenied:
        raise Http404("No such case") from None
    if not deadlines:
        raise Http404("No such case")
    return render(request, "deadlines/case.html", {
        "case": deadlines[0].case, "rows": tagged(deadlines, calendar_current()),
        "case_url": reverse("inspections:overview", args=[inspection_id]),
    })
