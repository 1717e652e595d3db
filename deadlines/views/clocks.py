"""The national list of clocks, its CSV export, one clock, and a case's timeline."""

import datetime
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from config import clock
from config.clock import ENGLAND
from config.csv_exports import csv_blocks, csv_text
from config.govuk_forms import form_submit, long_date, posted
from config.pagination import KeysetPage, Total, capped_count, keyset_page
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
    DEADLINE_ORDERS,
    DUE_SOON_WORKING_DAYS,
    calendar_current,
    deadline_export_rows,
    deadline_get_for_user,
    deadline_headline_counts,
    deadline_list_for_user,
    deadlines_for_case,
    local_areas_by_id,
    rules_by_id,
    rules_visible_to,
)
from deadlines.views.common import (
    PAGE_SIZE,
    counted,
    deadline_tag,
    standing_tag,
    tagged,
)
from inspections.models import Framework
from local_areas.models import Region
from policy import deadlines as policy

# The national list and its export ------------------------------------------------------------

FILTERS = ("rule", "region", "local_area", "status")
# Parameters of a page, not of the list: dropped from the links a page makes to others.
PAGE_PARAMETERS = ("page", "after", "before")


def _filtered_deadlines(request):
    """The filter form, its filters and the deadlines they select; PermissionDenied for
    non-watchers. Filters the form refuses select nothing (None): the page shows the errors
    and no clocks, rather than every clock as if unfiltered."""
    rules = rules_visible_to(user=request.user)
    form = DeadlineFilterForm(request.GET or None, rules=rules)
    if form.is_bound and not form.is_valid():
        return form, {"order": form.cleaned_data.get("order", ORDER_DUE_FIRST)}, None
    filters = form.cleaned_data if form.is_bound else {}
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
    """A keyset page of the list (docs/decisions/0026): its cost is the same on the
    thousandth page as on the first, and its total is counted to 10,000 at most."""
    form, filters, deadlines = _filtered_deadlines(request)
    order = filters.get("order", ORDER_DUE_FIRST)
    if deadlines is None:
        page, total = KeysetPage(rows=[]), Total(count=0, capped=False)
    else:
        page = keyset_page(deadlines, order=DEADLINE_ORDERS[order], size=PAGE_SIZE,
                           after=request.GET.get("after", ""),
                           before=request.GET.get("before", ""))
        total = capped_count(deadlines)
    query = request.GET.copy()
    for name in PAGE_PARAMETERS:
        query.pop(name, None)
    sort_query = query.copy()
    sort_query["order"] = ORDER_DUE_FIRST if order == ORDER_DUE_LAST else ORDER_DUE_LAST
    calendar = calendar_current()
    return render(request, "deadlines/list.html", {
        "headline": _headline(deadline_headline_counts(user=request.user, today=clock.today(),
                                                       calendar=calendar, now=clock.now())),
        "form": form, "page": page, "total": total, "rows": tagged(page.rows, calendar),
        "query": query.urlencode(), "sort_query": sort_query.urlencode(),
        "order": order,
        "filtered": any(request.GET.get(name) for name in FILTERS),
    })


CSV_HEADER = ["Case", "Local area", "ONS code", "Ofsted region", "Rule code",
              "Rule description", "Start date", "Due date", "Due by (UK time)", "Status",
              "Met on", "Met at (UK time)", "Working days late", "Extension working days",
              "Paused working days"]
# Rows written, and read from the database, per block the response streams.
CSV_ROWS_PER_BLOCK = 2000



def _hh_mm(time: datetime.time | None) -> str:
    """A time as a spreadsheet reads it, 24-hour: 17:00; blank for none."""
    return f"{time:%H:%M}" if time is not None else ""


class _CsvRows:
    """The export's rows from the plain values of selectors.EXPORT_VALUES, with what every
    row repeats (areas, regions, rules, case labels) looked up once, and every row tagged
    against the same day and calendar."""

    def __init__(self, *, today, now, calendar):
        self.today, self.now, self.calendar = today, now, calendar
        regions = dict(Region.choices)
        self.areas = {pk: (name, csv_text(name), ons_code, regions.get(region, region))
                      for pk, (name, ons_code, region) in local_areas_by_id().items()}
        self.rules = {pk: (rule.code, csv_text(rule.description), _hh_mm(rule.due_time),
                           rule.due_time) for pk, rule in rules_by_id().items()}
        self.frameworks = dict(Framework.choices)
        self.cases: dict[tuple, str] = {}

    def case(self, area_id: int, framework: str, onsite_start: datetime.date) -> str:
        """str(inspection) (Inspection.__str__), defused, made once per distinct label."""
        key = (area_id, framework, onsite_start)
        if (label := self.cases.get(key)) is None:
            label = self.cases[key] = csv_text(
                f"{self.areas[area_id][0]} {self.frameworks.get(framework, framework)} "
                f"inspection, {onsite_start:%B %Y}")
        return label

    def row(self, values: tuple) -> list:
        (case_area_id, framework, onsite_start, area_id, rule_id, start_date, due_date,
         status, met_on, met_at, paused_on, extension_working_days,
         paused_working_days) = values
        _, area_name, ons_code, region = self.areas[area_id]
        code, description, due_by, due_time = self.rules[rule_id]
        tag = standing_tag(status=status, due_date=due_date, due_time=due_time,
                           paused_on=paused_on, met_on=met_on, met_at=met_at,
                           today=self.today, calendar=self.calendar, now=self.now)
        return [self.case(case_area_id, framework, onsite_start), area_name, ons_code,
                region, code, description, start_date.isoformat(), due_date.isoformat(),
                due_by, tag.status, met_on.isoformat() if met_on else "",
                _hh_mm(timezone.localtime(met_at, ENGLAND).time()) if met_at else "",
                tag.working_days_late, extension_working_days, paused_working_days]


@require_GET
def deadline_export(request):
    """Every clock the list's filters select, as CSV, streamed. Filters the form refuses
    give the header alone."""
    _, filters, deadlines = _filtered_deadlines(request)
    if deadlines is None:
        filters, deadlines = {}, Deadline.objects.none()
    services.deadlines_exported(by=request.user, filters=filters, rows=deadlines.count())
    # Read once, before streaming: every row is tagged against the same day and calendar.
    make = _CsvRows(today=clock.today(), now=clock.now(), calendar=calendar_current())
    response = StreamingHttpResponse(csv_blocks(deadline_export_rows(deadlines), header=CSV_HEADER,
                                                row=make.row, per_block=CSV_ROWS_PER_BLOCK),
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
