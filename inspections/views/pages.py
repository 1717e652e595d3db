"""The inspection lists, the national schedule, scheduling and changing an inspection, and its
overview: where it stands on the main line, its clocks, and what the user may do next."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from config import clock
from config.govuk_forms import (
    date_input_data,
    long_date,
    posted,
)
from config.pagination import numbered_page
from deadlines.page_selectors import user_may_watch_deadlines
from deadlines.rules_data import ANNEX_A_RULES
from deadlines.selectors import calendar_current
from deadlines.views.common import deadline_tag
from inspections import page_selectors, services
from inspections.forms import (
    InspectionCreateForm,
    InspectionEditForm,
    InspectionFilterForm,
    ScheduleForm,
)
from inspections.models import Framework, Inspection, State
from inspections.scheduling import onsite_dates_text as onsite_dates
from inspections.selectors import (
    inspection_get_for_user,
    inspection_list_for_inspector,
    inspection_list_for_user,
    inspection_list_of_area,
    inspection_schedule,
    inspections_in_progress_of_area,
    latest_meetings,
)
from inspections.services.annex_a import RECORDABLE as ANNEX_A_RECORDABLE
from inspections.services.lifecycle import STEPS, close_refusal
from inspections.services.scheduling import EDITABLE, date_warnings, update_warnings
from inspections.views.lifecycle import (
    letter_of,
    permitted,
    steps_not_yet,
    transitions_open_to,
)
from inspections.views.records_common import page_warning, submit_or_warn
from inspections.views.revisits import revisit_standing
from policy import deadlines as deadline_policy
from policy import evidence as evidence_policy
from policy import inspections as policy
from reports import selectors as letter_selectors
from reports.models import LetterState
from reports.progress import PROGRESS, standing

PAGE_SIZE = 25
SCHEDULE_WEEKS = 12


def _page(request, inspections):
    page = numbered_page(inspections, size=PAGE_SIZE, number=request.GET.get("page"))
    rows = list(page.object_list)
    for inspection in rows:
        inspection.onsite_dates = onsite_dates(inspection)
    query = request.GET.copy()
    query.pop("page", None)
    return page, rows, query.urlencode()


# Lists ------------------------------------------------------------------------------------------

@require_GET
def inspection_list(request):
    if not policy.can_generally(request.user, "list_all"):
        raise PermissionDenied
    form = InspectionFilterForm(request.GET or None, areas=page_selectors.local_areas_all(),
                                leads=page_selectors.lead_inspectors())
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    inspections = inspection_list_for_user(
        user=request.user,
        search=filters.get("q", ""),
        local_area=filters.get("local_area"),
        lead=filters.get("lead"),
        state=filters.get("state", ""),
        region=filters.get("region", ""),
        framework=filters.get("framework", ""),
        starts_from=filters.get("starts_from"),
        starts_to=filters.get("starts_to"),
    )
    page, rows, query = _page(request, inspections)
    return render(request, "inspections/list.html", {
        "form": form, "page": page, "rows": rows, "query": query,
        "filtered": any(filters.values()),
        "can_add": policy.can_generally(request.user, "schedule"),
    })


@require_GET
def my_inspections(request):
    if not policy.can_generally(request.user, "list_own_team"):
        raise PermissionDenied
    page, rows, query = _page(request, inspection_list_for_inspector(user=request.user))
    my_roles = page_selectors.team_roles(user=request.user, inspections=rows)
    for inspection in rows:
        inspection.my_role = my_roles.get(inspection.pk, "")
    return render(request, "inspections/mine.html", {
        "page": page, "rows": rows, "query": query,
        "current": [inspection for inspection in rows if not inspection.is_past],
        "past": [inspection for inspection in rows if inspection.is_past]})


def area_inspections(*, user, local_area) -> dict:
    """What a local area's page shows of its inspections: those the user may see, and the
    clocks for its next inspections (for those who watch clocks), in a constant number of
    queries."""
    inspections = list(inspection_list_of_area(user=user, local_area=local_area))
    for inspection in inspections:
        inspection.onsite_dates = onsite_dates(inspection)
    clocks = page_selectors.visit_clocks_of_area(
        local_area=local_area, deadlines=deadline_policy.visible_to(user=user)
    ) if user_may_watch_deadlines(user=user) else []
    today, calendar = clock.today(), calendar_current() if clocks else None
    # The section is for those who watch these clocks: every clock, or those found.
    watches = bool(clocks) or deadline_policy.can_generally(user, "watch_all")
    return {"area_inspections": inspections, "watches_clocks": watches,
            "visit_clocks": [(deadline, deadline_tag(deadline, today=today, calendar=calendar,
                                                     now=clock.now()))
                             for deadline in clocks]}


def is_own_lano(inspection: Inspection, user) -> bool:
    """Whether the user reading about the inspection is its LANO."""
    return bool(inspection.lano and inspection.lano.user_id
                and inspection.lano.user_id == user.pk)


def next_for_local_area(inspection: Inspection, comments_due: datetime.date | None,
                        user=None) -> str:
    """What the local area needs to do next, in words, from where the inspection stands,
    said to the LANO themself when `user` is the LANO."""
    state = standing(inspection)
    own = user is not None and is_own_lano(inspection, user)
    if state in (State.NOTIFIED, State.PLANNING):
        lano = ("you are the LANO" if own else
                f"your LANO is {inspection.lano.name}" if inspection.lano
                else "tell Ofsted who your LANO is")
        return f"Prepare for on-site work starting {long_date(inspection.onsite_start)}; {lano}."
    if state == State.ON_SITE:
        touch = ("As the LANO, keep in touch with the lead inspector." if own else
                 "Keep in touch with the lead inspector through your LANO.")
        return f"Inspectors are on site until {long_date(inspection.onsite_end)}. {touch}"
    if state in (State.FEEDBACK_GIVEN, LetterState.DRAFTING, LetterState.QUALITY_ASSURANCE):
        return ("Nothing for now: the inspectors are writing the letter. You will be sent the "
                "draft to check for factual accuracy.")
    letter = letter_of(inspection)
    if state == LetterState.DRAFT_WITH_LOCAL_AREA:
        if letter.comments_received_on:
            return (f"Nothing for now: your comments were received on "
                    f"{long_date(letter.comments_received_on)}. The final letter follows.")
        if comments_due:
            return f"Send your comments on the draft letter by {long_date(comments_due)}."
        return "Send your comments on the draft letter."
    if state == LetterState.FINAL_ISSUED:
        return (f"Read the final letter, sent on {long_date(letter.final_issued_on)}. "
                f"Ofsted will publish it.")
    if state == State.PUBLISHED:
        return f"Nothing: the report was published on {long_date(inspection.published_on)}."
    if state == State.CLOSED:
        return "Nothing: the inspection is closed."
    if state == State.DEFERRED:
        return "Nothing for now: the inspection is deferred. Ofsted will tell you the new dates."
    return "Nothing: the inspection was withdrawn."


@require_GET
def our_inspections(request):
    user = request.user
    if not policy.can_generally(user, "list_own_area"):
        raise PermissionDenied
    inspections = inspection_list_for_user(user=user, local_area=user.local_area_id)
    page, rows, query = _page(request, inspections.select_related("lano", "letter"))
    comments_due = page_selectors.clock_due_dates(inspections=rows,
                                                  rule_code="factual_accuracy")
    for inspection in rows:
        inspection.next_step = next_for_local_area(inspection, comments_due.get(inspection.pk),
                                                   user)
    return render(request, "inspections/ours.html",
                  {"page": page, "rows": rows, "query": query})


def _week_start(day: datetime.date | None) -> datetime.date:
    """The Monday of the week of `day`, or of this week."""
    day = day or clock.today()
    return day - datetime.timedelta(days=day.weekday())


@require_GET
def schedule(request):
    if not policy.can_generally(request.user, "list_all"):
        raise PermissionDenied
    asked = date_input_data(request.GET, "from")
    form = ScheduleForm(asked if any(key.startswith("from") for key in asked) else None)
    # A date that is not a real one, or out of range, is an error on the form; the page
    # then shows the weeks from this one.
    first_monday = _week_start(form.cleaned_data["from"] if form.is_valid() else None)
    weeks = [(first_monday + datetime.timedelta(weeks=n), []) for n in range(SCHEDULE_WEEKS)]
    for inspection in inspection_schedule(user=request.user, start=first_monday,
                                          weeks=SCHEDULE_WEEKS):
        # Work that began before the window shows in its first week.
        week = max(0, (inspection.onsite_start - first_monday).days // 7)
        if week < SCHEDULE_WEEKS:
            inspection.onsite_dates = onsite_dates(inspection)
            weeks[week][1].append(inspection)
    window = datetime.timedelta(weeks=SCHEDULE_WEEKS)
    this_monday = _week_start(None)
    return render(request, "inspections/schedule.html", {
        "weeks": weeks, "first_monday": first_monday,
        "last_sunday": first_monday + window - datetime.timedelta(days=1),
        "earlier": first_monday - window, "later": first_monday + window,
        "this_monday": this_monday if this_monday != first_monday else None,
        "count": sum(len(found) for _, found in weeks), "form": form,
    })


# Scheduling and changing -------------------------------------------------------------------------

def _revisit_initial(request, revisitable) -> dict:
    """A re-visit asked for from the page of the inspection it follows
    (?revisit_of=<id>): the form opens with that inspection, its area and the framework."""
    asked = request.GET.get("revisit_of", "")
    original = revisitable.filter(pk=asked).first() if asked.isdigit() else None
    if original is None:
        return {}
    return {"revisit_of": original.pk, "local_area": original.local_area_id,
            "framework": Framework.REVISIT_2016}


@require_http_methods(["GET", "POST"])
def inspection_add(request):
    if not policy.can_generally(request.user, "schedule"):
        raise PermissionDenied
    areas = page_selectors.local_areas_current(on=clock.today())
    revisitable = page_selectors.inspections_revisitable()
    form = InspectionCreateForm(posted(request), areas=areas, revisitable=revisitable,
                                initial=_revisit_initial(request, revisitable))

    def schedule(**data):
        return services.inspection_create(by=request.user, **data)

    def warnings(data: dict) -> list:
        in_progress = [page_warning(other, f"{other.local_area.name} already has an "
                                           f"inspection in progress: {other.reference}, on "
                                           f"site {onsite_dates(other)} "
                                           f"({other.get_state_display().lower()}).")
                       for other in inspections_in_progress_of_area(
                           local_area=data["local_area"])]
        return [*in_progress, *date_warnings(
            framework=data["framework"], onsite_start=data["onsite_start"],
            onsite_end=data["onsite_end"], revisit_of=data.get("revisit_of"))]

    done, warned = submit_or_warn(request, form, schedule, warnings)
    if done:
        inspection = done.value
        messages.success(request, f"{inspection.local_area.name} is scheduled for "
                                  f"inspection on site {onsite_dates(inspection)}, "
                                  f"reference {inspection.reference}")
        return redirect("inspections:overview", pk=inspection.pk)
    return render(request, "inspections/form.html", {
        "form": form, "title": "Schedule an inspection", "warnings": warned,
        "again": "Schedule inspection"})


@require_http_methods(["GET", "POST"])
def inspection_edit(request, pk: int):
    inspection = inspection_get_for_user(user=request.user, pk=pk)
    if not policy.can(request.user, inspection, "change"):
        raise PermissionDenied
    initial = {name: getattr(inspection, name) for name in EDITABLE}
    form = InspectionEditForm(posted(request),
                              initial={**initial, "version": inspection.version})
    stale = []

    def save(*, version: int, **changes):
        try:
            return services.inspection_update(inspection=inspection, by=request.user,
                                              expected_version=version, **changes)
        except services.StaleEdit:
            stale.append(True)
            raise

    def warnings(data: dict) -> list:
        changed = [name for name in EDITABLE if data[name] != initial[name]]
        proposed = Inspection(**{name: data[name] for name in EDITABLE})
        return update_warnings(proposed, changed)

    done, warned = submit_or_warn(request, form, save, warnings)
    if done:
        messages.success(request, f"The details of inspection {form.cleaned_data['reference']} "
                                  f"were saved")
        return redirect("inspections:overview", pk=inspection.pk)
    return render(request, "inspections/form.html", {
        "form": form, "inspection": inspection, "stale": bool(stale),
        "title": f"Change the details of inspection {inspection.reference}",
        "warnings": warned, "again": "Save changes",
    })


# The overview ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Task:
    title: str
    hint: str
    status: str
    tag: str = ""  # the govuk-tag colour; blank for plain text
    waiting: bool = False  # "cannot start yet": shown in grey


COMPLETED, IN_PROGRESS = "Completed", "In progress"
NOT_YET_STARTED, CANNOT_START_YET = "Not yet started", "Cannot start yet"
# Reaching these states is itself the step: once there, the step is complete.
EVENT_STATES = {State.NOTIFIED, State.FEEDBACK_GIVEN, LetterState.FINAL_ISSUED,
                State.PUBLISHED, State.CLOSED}
# One task per place along the main line, the letter's steps in place of "reporting".
STEP_TITLES = {
    State.PLANNING: "Plan the inspection",
    State.NOTIFIED: "Notify the local area",
    State.ON_SITE: "Work on site",
    State.FEEDBACK_GIVEN: "Give final feedback",
    LetterState.DRAFTING: "Draft the letter",
    LetterState.QUALITY_ASSURANCE: "Quality assurance of the draft",
    LetterState.DRAFT_WITH_LOCAL_AREA: "Local area checks the draft for factual accuracy",
    LetterState.FINAL_ISSUED: "Issue the final report",
    State.PUBLISHED: "Publish the report",
    State.CLOSED: "Close the inspection",
}


def _on(label: str, day: datetime.date | None, due: datetime.date | None = None) -> str:
    if day:
        return f"{label} {long_date(day)}"
    return f"Due by {long_date(due)}" if due else ""


def _step_hints(inspection: Inspection, due: dict[str, datetime.date]) -> dict[str, str]:
    letter = letter_of(inspection)
    draft_sent_on = letter.draft_sent_on if letter else None
    draft = _on("Sent on", draft_sent_on)
    if draft_sent_on:
        draft += (f"; comments received on {long_date(letter.comments_received_on)}"
                  if letter.comments_received_on else
                  _on("; comments due by", due.get("factual_accuracy")))
    return {
        State.PLANNING: f"On site {onsite_dates(inspection)}",
        State.NOTIFIED: _on("Notified on", inspection.notified_on, due.get("notification")),
        State.ON_SITE: onsite_dates(inspection),
        State.FEEDBACK_GIVEN: _on("Given on", inspection.feedback_on),
        LetterState.DRAFT_WITH_LOCAL_AREA: draft,
        LetterState.FINAL_ISSUED: _on("Issued on", letter.final_issued_on if letter else None,
                                      due.get("final_report")),
        State.PUBLISHED: _on("Published on", inspection.published_on, due.get("publication")),
        State.CLOSED: _on("Closed on", inspection.closed_on),
    }


def _reached_before_withdrawal(inspection: Inspection) -> str:
    """How far a withdrawn inspection got: as far as its letter, or from the dates it
    recorded."""
    letter = letter_of(inspection)
    if letter is not None:
        return letter.state
    for day, state in ((inspection.feedback_on, State.FEEDBACK_GIVEN),
                       (inspection.notified_on, State.NOTIFIED)):
        if day:
            return state
    return State.PLANNING


def task_list(inspection: Inspection, due: dict[str, datetime.date]) -> list[Task]:
    """Each main-line step with its status. A deferred or withdrawn inspection shows that
    status on the first step it did not complete."""
    stopped = {State.DEFERRED: ("Deferred", "orange"),
               State.WITHDRAWN: ("Withdrawn", "red")}.get(inspection.state)
    if inspection.state == State.WITHDRAWN:
        current = PROGRESS.index(_reached_before_withdrawal(inspection))
    elif inspection.state == State.DEFERRED:
        current = 0
    else:
        current = PROGRESS.index(standing(inspection))
    done = current + 1 if PROGRESS[current] in EVENT_STATES else current
    hints = _step_hints(inspection, due)
    tasks = []
    for index, state in enumerate(PROGRESS):
        title, hint = STEP_TITLES[state], hints.get(state, "")
        if index < done:
            tasks.append(Task(title, hint, COMPLETED))
        elif stopped and index == done:
            tasks.append(Task(title, hint, *stopped))
        elif not stopped and index == current:
            tasks.append(Task(title, hint, IN_PROGRESS, "light-blue"))
        elif not stopped and index == current + 1:
            tasks.append(Task(title, hint, NOT_YET_STARTED, "blue"))
        else:
            tasks.append(Task(title, hint, CANNOT_START_YET, waiting=True))
    return tasks


def overview_actions(inspection: Inspection, can: frozenset[str], user,
                     due: dict | None = None) -> list[dict]:
    """What the user may do next, as buttons: the next main-line step first, then changing
    the details, then any other step; withdrawing comes last, as a link. `due`: the
    inspection's clocks' due dates by rule code."""
    def action(label: str, name: str, style: str = "secondary") -> dict:
        return {"label": label, "style": style,
                "url": reverse(f"inspections:{name}", args=[inspection.pk])}

    opened = transitions_open_to(inspection=inspection, can=can, user=user, due=due)
    actions = [action(t.label, t.name) for t in opened if not t.warning]
    if inspection.state in STEPS["notify"] and "notify" in can:
        actions.insert(0, action("Record the notification", "notify"))
    if actions:
        actions[0]["style"] = "primary"
    if "change" in can and inspection.state not in (State.WITHDRAWN, State.CLOSED):
        actions.insert(1, action("Change details", "edit"))
    actions += [action(t.label, t.name, "link") for t in opened if t.warning]
    return actions


def _listed_in(user) -> str:
    """The list an inspection's pages lead back to: all, the user's team's, or their area's."""
    for action, name in (("list_all", "list"), ("list_own_area", "ours"),
                         ("list_own_team", "mine")):
        if policy.can_generally(user, action):
            return name
    return ""


def _reviews_newest_first(letter) -> list:
    """Quality assurance's decisions on every version, from the prefetched versions."""
    if letter is None:
        return []
    reviews = [review for version in letter.versions.all() for review in version.reviews.all()]
    return sorted(reviews, key=lambda review: (review.decided_at, review.pk), reverse=True)


def _approvals_of_current_version(letter) -> list[tuple[str, object]]:
    """Each inspectorate's name, with its approval of the letter's latest version (None if it
    has not approved it), from the prefetched versions and reviews."""
    if letter is None:
        return []
    approved = {review.inspectorate: review
                for review in letter_selectors.current_approvals(letter)}
    return [(name, approved.get(code))
            for code, name in letter_selectors.INSPECTORATE_NAMES.items()]


@require_GET
def overview(request, pk: int):
    inspection = inspection_get_for_user(user=request.user, pk=pk)
    # The evidence base's actions too, for its links ("view_evidence").
    can = (permitted(user=request.user, inspection=inspection)
           | evidence_policy.permitted(user=request.user, inspection=inspection))
    clocks, clocks_replaced = page_selectors.inspection_clocks(inspection=inspection)
    calendar, now, today = calendar_current(), clock.now(), clock.today()
    # Clocks come soonest due first; a rule's later clock (restarted) replaces the earlier.
    due = {clock.rule.code: clock.due_date for clock in clocks}
    inspection.onsite_dates = onsite_dates(inspection)
    meetings, more_meetings = latest_meetings(inspection)
    return render(request, "inspections/overview.html", {
        "inspection": inspection,
        "can": can,
        "letter": letter_of(inspection),
        # Newest first: what the lead has to act on comes first.
        "letter_reviews": _reviews_newest_first(letter_of(inspection)),
        "letter_versions": list(letter_of(inspection).versions.all())
        if letter_of(inspection) else [],
        "letter_approvals": _approvals_of_current_version(letter_of(inspection)),
        # Which list the page belongs to, for the back link.
        "listed_in": _listed_in(request.user),
        "today": today,
        "tasks": task_list(inspection, due),
        "actions": overview_actions(inspection, can, request.user, due),
        # A step whose date is still to come is not offered: say why, where it would be.
        "not_yet": steps_not_yet(inspection=inspection, can=can, due=due),
        # Closing is not offered while a concern is open: say why, where the step would be.
        "close_blocked": close_refusal(inspection)
        if "close" in can and inspection.state == State.PUBLISHED else "",
        "clocks": [(deadline, deadline_tag(deadline, today=today, calendar=calendar, now=now))
                   for deadline in clocks],
        # Annex A's clocks still waiting, for a link to record when each was done.
        "annex_a_waiting": {deadline.pk for deadline in clocks
                            if deadline.rule.code in ANNEX_A_RULES
                            and deadline.status in ANNEX_A_RECORDABLE}
        if "record_annex_a" in can else set(),
        "can_follow_clocks": user_may_watch_deadlines(user=request.user),
        # Replaced clocks stay on the case's timeline, for those who follow clocks.
        "clocks_replaced": clocks_replaced,
        "reader_is_lano": is_own_lano(inspection, request.user),
        "revisit": revisit_standing(inspection, user=request.user, clocks=clocks,
                                    today=today, calendar=calendar),
        "meetings": meetings, "more_meetings": more_meetings,
    })
