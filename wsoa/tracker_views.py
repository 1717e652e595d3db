"""The national tracker of written statements of action: the list with its filters, the
pipeline chart (on the page and as an SVG of its own) and the CSV export."""

from dataclasses import dataclass

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET

from config import clock
from config.csv_exports import csv_blocks, csv_text
from config.govuk_forms import Select
from config.pagination import numbered_page
from deadlines.selectors import calendar_current, local_areas_by_id, rules_by_id
from deadlines.views.common import PAGE_SIZE
from local_areas.models import Region
from policy import deadlines as deadline_policy
from reports.models import PrincipalAuthority
from wsoa import tracker
from wsoa.models import STAGE_ORDER, Stage, Wsoa

FILTERS = ("region", "stage")


class TrackerFilterForm(forms.Form):
    """The tracker's filters (GET). A value that is none of the choices (an edited address)
    is an error on the form, and the tracker then shows no statements rather than all."""

    region = forms.ChoiceField(label="Ofsted region", required=False, widget=Select,
                               choices=[("", "All regions"), *Region.choices],
                               error_messages={"invalid_choice": "Select an Ofsted region "
                                                                 "from the list"})
    stage = forms.ChoiceField(label="Stage", required=False, widget=Select,
                              choices=[("", "All stages"),
                                       *((stage.value, stage.label) for stage in STAGE_ORDER)],
                              error_messages={"invalid_choice": "Select a stage from the list"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(Field.select("region"), Field.select("stage"),
                                    Button.secondary("filter", "Apply filters"))


def _filtered(request):
    """The form, its filters and the statements they select; PermissionDenied for those
    who may not track statements. Filters the form refuses select none."""
    form = TrackerFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        tracker.wsoas_trackable(user=request.user)  # refused before any error is shown
        return form, {}, Wsoa.objects.none()
    filters = form.cleaned_data if form.is_bound else {}
    wsoas = tracker.wsoas_trackable(user=request.user, region=filters.get("region", ""),
                                    stage=filters.get("stage", ""))
    return form, filters, wsoas


# The pipeline chart ----------------------------------------------------------------------

CHART_WIDTH = 640
LEGEND_HEIGHT = 40
ROW_HEIGHT = 60
BAR_HEIGHT = 24
# Room to the right of the longest bar for its count.
COUNT_ROOM = 150


@dataclass(frozen=True)
class Bar:
    count: tracker.StageCount
    label_y: int
    bar_y: int
    overdue_width: float
    on_time_width: float

    @property
    def count_x(self) -> float:
        """Where the bar's count in words starts: just past the bar's end."""
        return round(self.overdue_width + self.on_time_width + 8, 1)

    @property
    def count_y(self) -> int:
        return self.bar_y + 18

    @property
    def words(self) -> str:
        count = self.count
        overdue = f"{count.overdue} overdue" if count.overdue else "none overdue"
        return f"{count.total} ({overdue})" if count.total else "none"


def _chart(counts: list[tracker.StageCount]) -> dict:
    """Each stage's bar: its overdue part, then the rest, scaled to the largest stage."""
    longest = max((count.total for count in counts), default=0) or 1
    scale = (CHART_WIDTH - COUNT_ROOM) / longest
    bars = [Bar(count=count, label_y=LEGEND_HEIGHT + index * ROW_HEIGHT + 16,
                bar_y=LEGEND_HEIGHT + index * ROW_HEIGHT + 24,
                overdue_width=round(count.overdue * scale, 1),
                on_time_width=round(count.on_time * scale, 1))
            for index, count in enumerate(counts)]
    total, overdue = sum(c.total for c in counts), sum(c.overdue for c in counts)
    return {"bars": bars, "width": CHART_WIDTH, "height": LEGEND_HEIGHT + len(bars) * ROW_HEIGHT,
            "total": total, "overdue": overdue,
            "summary": "; ".join(f"{bar.count.label}: {bar.words}" for bar in bars)}


def _chart_context(wsoas) -> dict:
    return _chart(tracker.wsoa_pipeline_counts(wsoas, today=clock.today()))


# The list --------------------------------------------------------------------------------

# Each stage's GOV.UK tag colour; red is kept for what is overdue.
STAGE_TAGS = {Stage.AWAITING_RECEIPT: "grey", Stage.DRAFTING: "light-blue",
              Stage.UNDER_REVIEW: "purple", Stage.RESUBMISSION: "orange", Stage.FIT: "green",
              Stage.MINISTER: "pink"}


@dataclass(frozen=True)
class Row:
    wsoa: Wsoa
    url: str  # the statement's own page, where there is one
    rule_description: str
    standing: tracker.Standing | None
    clock_url: str  # the next clock's page, for those who may see it

    @property
    def stage_colour(self) -> str:
        return STAGE_TAGS.get(self.wsoa.stage, "grey")


def _rows(wsoas, *, today, calendar, rules, watched_rule_ids) -> list[Row]:
    rows = []
    for wsoa in wsoas:
        standing, clock_url, rule = None, "", rules.get(wsoa.next_rule_id)
        if wsoa.next_clock_id is not None:
            standing = tracker.clock_standing(status=wsoa.next_status, due_date=wsoa.next_due,
                                              paused_on=wsoa.next_paused_on, today=today,
                                              calendar=calendar)
            if wsoa.next_rule_id in watched_rule_ids:
                clock_url = reverse("deadlines:detail", args=[wsoa.next_clock_id])
        rows.append(Row(wsoa=wsoa, url=tracker.wsoa_page_url(wsoa.pk),
                        rule_description=rule.description if rule else "",
                        standing=standing, clock_url=clock_url))
    return rows


@require_GET
def wsoa_tracker(request):
    form, filters, wsoas = _filtered(request)
    today = clock.today()
    page = numbered_page(tracker.wsoa_tracker_rows(wsoas, today=today), size=PAGE_SIZE,
                         number=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "wsoa/tracker.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "rows": _rows(page.object_list, today=today, calendar=calendar_current(),
                      rules=rules_by_id(),
                      watched_rule_ids=set(deadline_policy.rules_visible_to(user=request.user)
                                           .values_list("pk", flat=True))),
        "chart": _chart_context(wsoas),
        "filtered": any(request.GET.get(name) for name in FILTERS),
        "stages": STAGE_ORDER,
    })


@require_GET
def wsoa_tracker_chart(request):
    """The pipeline chart alone, for embedding elsewhere: the same filters, the same SVG."""
    _, _, wsoas = _filtered(request)
    svg = render_to_string("wsoa/tracker_chart.html",
                           {"chart": _chart_context(wsoas), "standalone": True})
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


# The export ------------------------------------------------------------------------------

CSV_HEADER = ["Local area", "ONS code", "Ofsted region", "Stage", "Principal authority",
              "Determined on", "Final report received on", "Next clock", "Due date",
              "Working days left", "Overdue"]


class _CsvRows:
    """The export's rows from tracker.EXPORT_VALUES, with areas, rules and labels looked up
    once, and every row's working days counted against the same day and calendar."""

    def __init__(self, *, today, calendar):
        self.today, self.calendar = today, calendar
        regions = dict(Region.choices)
        self.areas = {pk: (csv_text(name), ons_code, regions.get(region, region))
                      for pk, (name, ons_code, region) in local_areas_by_id().items()}
        self.rules = {pk: csv_text(rule.description) for pk, rule in rules_by_id().items()}
        self.stages = dict(Stage.choices)
        self.authorities = dict(PrincipalAuthority.choices)

    def row(self, values: tuple) -> list:
        (area_id, stage, authority, determined_on, received_on, clock_id, rule_id, due,
         status, paused_on, _overdue) = values
        name, ons_code, region = self.areas[area_id]
        clock_words, due_text, days_left, overdue = "", "", "", ""
        if clock_id is not None:
            standing = tracker.clock_standing(status=status, due_date=due, paused_on=paused_on,
                                              today=self.today, calendar=self.calendar)
            clock_words, due_text = self.rules[rule_id], due.isoformat()
            days_left, overdue = standing.days_left, "Yes" if standing.overdue else "No"
        return [name, ons_code, region, self.stages.get(stage, stage),
                self.authorities.get(authority, authority), determined_on.isoformat(),
                received_on.isoformat() if received_on else "", clock_words, due_text,
                days_left, overdue]


@require_GET
def wsoa_tracker_export(request):
    """Every statement the tracker's filters select, as CSV, streamed; audited with the
    filters and the number of rows."""
    _, filters, wsoas = _filtered(request)
    today = clock.today()
    tracker.wsoa_tracker_exported(by=request.user, filters=filters, rows=wsoas.count())
    make = _CsvRows(today=today, calendar=calendar_current())
    response = StreamingHttpResponse(
        csv_blocks(tracker.wsoa_tracker_export_rows(wsoas, today=today), header=CSV_HEADER,
                   row=make.row),
        content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="written-statements-of-action-{today.isoformat()}.csv"')
    return response
