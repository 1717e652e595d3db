"""The national tracker of written statements of action: who may see it, its rows (stage,
principal authority, next clock and working days left, overdue first), its filters, the
pipeline chart and its counts, the CSV export and its audit row, and query counts that do
not follow the number of statements."""

import csv
import datetime
import io

import pytest
from defusedxml import ElementTree as ET
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from audit.wording import event_sentence
from deadlines import services as clock_services
from deadlines.calendar import WorkingDayCalendar
from deadlines.models import Deadline, DeadlineStatus, StatutoryRule
from deadlines.selectors import calendar_current
from deadlines.views.common import PAGE_SIZE
from inspections.models import Inspection, State
from local_areas.models import LocalArea
from tests.conftest import FROZEN_TODAY
from tests.factories import LocalAreaFactory
from wsoa import services, tracker
from wsoa.models import STAGE_ORDER, Stage, Wsoa

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = datetime.date
DAY = datetime.timedelta(days=1)
TRACKER, CHART, EXPORT = "wsoa:tracker", "wsoa:tracker-chart", "wsoa:tracker-export"
SVG = "{http://www.w3.org/2000/svg}"
ENGLAND = WorkingDayCalendar.england()


def _areas(n: int) -> list[LocalArea]:
    return list(LocalArea.objects.filter(valid_to__isnull=True).order_by("pk")[:n])


def _wsoas(n: int, *, stage=Stage.DRAFTING, areas=None, start: int = 0,
           due=lambda k: FROZEN_TODAY + (k % 30 - 10) * DAY, status=DeadlineStatus.OPEN,
           clock=True) -> list[Wsoa]:
    """n statements made in bulk, each on an inspection of its own, each (unless clock is
    false) with a real submission clock on it, due as `due(k)` says: by default from ten
    days ago to twenty days ahead."""
    areas = areas or _areas(40)
    inspections = Inspection.objects.bulk_create([
        Inspection(reference=f"BULK-{k}", local_area=areas[k % len(areas)], framework="2016",
                   state=State.PUBLISHED, onsite_start=D(2023, 1, 9),
                   onsite_end=D(2023, 1, 13)) for k in range(start, start + n)])
    wsoas = Wsoa.objects.bulk_create([
        Wsoa(inspection=inspection, local_area=inspection.local_area,
             principal_authority="local_authority", stage=stage, determined_on=D(2023, 1, 13),
             report_received_on=None if stage == Stage.AWAITING_RECEIPT else D(2023, 3, 1))
        for inspection in inspections])
    if clock:
        rule = StatutoryRule.objects.get(code="wsoa_submission")
        Deadline.objects.bulk_create([
            Deadline(rule=rule, inspection=wsoa.inspection, local_area=wsoa.local_area,
                     wsoa=wsoa, start_event=rule.starts_on, start_date=D(2023, 3, 1),
                     due_date=due(k), status=status)
            for k, wsoa in enumerate(wsoas, start=start)])
    return wsoas


def _ids(response) -> list[int]:
    return [row.wsoa.pk for row in response.context["rows"]]


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


# Who may track ---------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["ofsted_admin", "dfe_adviser"])
def test_ofsted_admins_and_dfe_advisers_track_every_statement(client, request, persona):
    _wsoas(3)
    client.force_login(request.getfixturevalue(persona))
    assert len(_ids(client.get(reverse(TRACKER)))) == 3
    assert client.get(reverse(CHART)).status_code == 200
    assert client.get(reverse(EXPORT)).status_code == 200


@pytest.mark.parametrize("persona", ["quality_assurance", "lead_inspector", "lano",
                                     "local_area_leader", "other_lano", "outsider"])
def test_no_one_else_tracks_them(client, request, persona):
    _wsoas(3)
    client.force_login(request.getfixturevalue(persona))
    for name in (TRACKER, CHART, EXPORT):
        assert client.get(reverse(name)).status_code == 403
        assert client.get(reverse(name), {"region": "nowhere"}).status_code == 403
    assert not AuditEvent.objects.filter(action="wsoa.tracker_exported").exists()


@pytest.mark.parametrize(("persona", "shown"), [
    ("ofsted_admin", True), ("dfe_adviser", True), ("quality_assurance", False),
    ("lead_inspector", False), ("lano", False), ("outsider", False)])
def test_the_navigation_leads_those_who_track_to_the_tracker(client, request, persona, shown):
    client.force_login(request.getfixturevalue(persona))
    navigation = client.get(reverse("home")).context["navigation"]
    tracker_items = [item for item in navigation if item["url"] == reverse(TRACKER)]
    assert len(tracker_items) == (1 if shown else 0)
    if shown:
        on_it = client.get(reverse(TRACKER)).context["navigation"]
        assert [item["label"] for item in on_it if item["active"]] == ["Statements of action"]


# The rows --------------------------------------------------------------------------------

def test_a_statement_taken_through_the_services_shows_its_next_clock_overdue(
        client, issued, lano, ofsted_admin):
    """Medway's final report received on 31 January 2018: the statement was due on 14 May
    2018, and on 12 June 2024 it is that many working days overdue."""
    wsoa = services.wsoa_record_receipt(wsoa=issued, by=lano, received_on=D(2018, 1, 31))
    client.force_login(ofsted_admin)
    response = client.get(reverse(TRACKER))
    [row] = response.context["rows"]
    late = calendar_current().working_days_late(D(2018, 5, 14), FROZEN_TODAY)
    submission = Deadline.objects.get(wsoa=wsoa, rule__code="wsoa_submission")
    assert (row.wsoa.pk, row.wsoa.next_clock_id, row.wsoa.next_due) == (
        wsoa.pk, submission.pk, D(2018, 5, 14))
    assert (row.standing.days_left, row.standing.overdue) == (-late, True)
    html = response.content.decode()
    assert "Medway" in html and "Being written" in html
    assert "The local authority and the CCG or ICB jointly" in html
    assert "Submit the written statement of action" in html
    assert f'<strong class="govuk-tag govuk-tag--red">{late} working days overdue</strong>' in html
    assert f'href="{reverse("deadlines:detail", args=[submission.pk])}"' in html
    assert row.url == tracker.wsoa_page_url(wsoa.pk)
    if row.url:
        assert f'href="{row.url}"' in html


def test_a_clock_started_on_a_statement_is_its_next_clock_and_counts_working_days(
        client, ofsted_admin, dfe_adviser):
    [wsoa] = _wsoas(1, clock=False)
    started = clock_services.deadline_start(rule_code="wsoa_review", inspection=wsoa.inspection,
                                            start_date=FROZEN_TODAY - 2 * DAY, by=ofsted_admin,
                                            wsoa=wsoa)
    client.force_login(dfe_adviser)
    [row] = client.get(reverse(TRACKER)).context["rows"]
    assert row.wsoa.next_clock_id == started.pk
    assert row.rule_description == "Review the written statement of action"
    assert row.standing.days_left == ENGLAND.working_days_between(FROZEN_TODAY,
                                                                  started.due_date) == 8
    assert row.standing.words == "8 working days left"
    assert not row.standing.overdue


def test_overdue_first_then_fewest_working_days_left_then_those_with_no_clock(
        client, ofsted_admin):
    soon, late, later, overdue, none = (
        _wsoas(1, due=lambda k: FROZEN_TODAY + 2 * DAY, start=0)
        + _wsoas(1, due=lambda k: FROZEN_TODAY + 20 * DAY, start=1)
        + _wsoas(1, due=lambda k: FROZEN_TODAY - 7 * DAY, start=2, status="missed")
        + _wsoas(1, due=lambda k: FROZEN_TODAY - 1 * DAY, start=3)
        + _wsoas(1, start=4, clock=False))
    client.force_login(ofsted_admin)
    response = client.get(reverse(TRACKER))
    assert _ids(response) == [later.pk, overdue.pk, soon.pk, late.pk, none.pk]
    standings = [row.standing for row in response.context["rows"]]
    assert [s.days_left for s in standings[:4]] == [-5, -1, 2, 14]
    assert [s.overdue for s in standings[:4]] == [True, True, False, False]
    assert standings[4] is None
    assert "No clock running" in response.content.decode()


def test_a_paused_clock_is_overdue_only_if_it_was_paused_after_its_due_date(
        client, ofsted_admin):
    on_time, late = _wsoas(2, due=lambda k: FROZEN_TODAY - 10 * DAY)
    Deadline.objects.filter(wsoa=on_time).update(status=DeadlineStatus.PAUSED,
                                                 paused_on=FROZEN_TODAY - 14 * DAY)
    Deadline.objects.filter(wsoa=late).update(status=DeadlineStatus.PAUSED,
                                              paused_on=FROZEN_TODAY - 7 * DAY)
    client.force_login(ofsted_admin)
    rows = client.get(reverse(TRACKER)).context["rows"]
    assert [row.wsoa.pk for row in rows] == [late.pk, on_time.pk]
    assert (rows[0].standing.overdue, rows[0].standing.days_left) == (True, -3)
    assert (rows[1].standing.overdue, rows[1].standing.days_left) == (False, 2)
    assert rows[1].standing.words == "2 working days left when paused"
    assert [c.overdue for c in tracker.wsoa_pipeline_counts(
        Wsoa.objects.all(), today=FROZEN_TODAY) if c.total] == [1]


def test_an_overdue_clock_comes_before_a_paused_one_due_sooner(client, ofsted_admin):
    [wsoa] = _wsoas(1, due=lambda k: FROZEN_TODAY - 20 * DAY)
    Deadline.objects.filter(wsoa=wsoa).update(status=DeadlineStatus.PAUSED,
                                              paused_on=FROZEN_TODAY - 25 * DAY)
    overdue = clock_services.deadline_start(
        rule_code="wsoa_review", inspection=wsoa.inspection, start_date=FROZEN_TODAY - 20 * DAY,
        by=ofsted_admin, wsoa=wsoa)
    client.force_login(ofsted_admin)
    [row] = client.get(reverse(TRACKER)).context["rows"]
    assert row.wsoa.next_clock_id == overdue.pk and row.standing.overdue


def test_met_and_cancelled_clocks_are_not_next(client, ofsted_admin):
    [met] = _wsoas(1, status=DeadlineStatus.MET)
    [cancelled] = _wsoas(1, status=DeadlineStatus.CANCELLED, start=1)
    client.force_login(ofsted_admin)
    rows = client.get(reverse(TRACKER)).context["rows"]
    assert {row.wsoa.pk for row in rows} == {met.pk, cancelled.pk}
    assert all(row.standing is None for row in rows)


def test_the_list_is_paged(client, ofsted_admin):
    made = _wsoas(PAGE_SIZE + 5)
    client.force_login(ofsted_admin)
    first = client.get(reverse(TRACKER))
    second = client.get(reverse(TRACKER), {"page": 2})
    assert len(_ids(first)) == PAGE_SIZE and len(_ids(second)) == 5
    assert set(_ids(first)) | set(_ids(second)) == {w.pk for w in made}
    assert 'href="?page=2"' in first.content.decode()
    assert client.get(reverse(TRACKER), {"page": 9}).context["page"].beyond_end


def test_with_no_statements_the_page_says_so(client, ofsted_admin):
    client.force_login(ofsted_admin)
    response = client.get(reverse(TRACKER))
    assert "There are no written statements of action yet" in response.content.decode()
    assert "Download CSV" not in response.content.decode()


# Filters ---------------------------------------------------------------------------------

def test_filters_by_region_and_stage(client, ofsted_admin):
    london = list(LocalArea.objects.filter(region="london", valid_to__isnull=True)[:3])
    north_west = list(LocalArea.objects.filter(region="nw", valid_to__isnull=True)[:3])
    drafting_london = _wsoas(2, areas=london)
    review_london = _wsoas(1, areas=london, stage=Stage.UNDER_REVIEW, start=2)
    drafting_nw = _wsoas(3, areas=north_west, start=3)
    client.force_login(ofsted_admin)

    def listed(**params):
        return set(_ids(client.get(reverse(TRACKER), params)))

    assert listed(region="london") == {w.pk for w in drafting_london + review_london}
    assert listed(stage="drafting") == {w.pk for w in drafting_london + drafting_nw}
    assert listed(region="london", stage="under_review") == {review_london[0].pk}
    response = client.get(reverse(TRACKER), {"region": "london", "stage": "fit"})
    assert _ids(response) == []
    assert "No written statements of action match your filters" in response.content.decode()
    assert 'href="/statements-of-action/?region=london&amp;stage=fit&amp;page' not in \
        response.content.decode()


def test_a_filter_that_cannot_be_shows_an_error_and_no_statements(client, ofsted_admin):
    _wsoas(3)
    client.force_login(ofsted_admin)
    response = client.get(reverse(TRACKER), {"region": "atlantis"})
    assert response.context["form"].errors["region"] == ["Select an Ofsted region from the list"]
    assert _ids(response) == []
    html = response.content.decode()
    assert "govuk-error-summary" in html and 'value="atlantis"' not in html
    assert sum(bar.count.total for bar in response.context["chart"]["bars"]) == 0


# The pipeline chart ----------------------------------------------------------------------

def _chart_counts(**params) -> dict:
    return {c.stage: (c.total, c.overdue)
            for c in tracker.wsoa_pipeline_counts(
                tracker.wsoas_trackable(user=params.pop("user"), **params), today=FROZEN_TODAY)}


def test_the_chart_counts_each_stage_and_its_overdue_statements(client, ofsted_admin):
    london = list(LocalArea.objects.filter(region="london", valid_to__isnull=True)[:4])
    _wsoas(4, stage=Stage.AWAITING_RECEIPT, clock=False)
    _wsoas(5, stage=Stage.DRAFTING, due=lambda k: FROZEN_TODAY - DAY if k % 2 else
           FROZEN_TODAY + DAY, start=10)  # k = 10..14: 11 and 13 overdue
    _wsoas(3, stage=Stage.UNDER_REVIEW, due=lambda k: FROZEN_TODAY - 2 * DAY, start=20,
           areas=london)
    _wsoas(1, stage=Stage.MINISTER, clock=False, start=30)
    expected = {"awaiting_receipt": (4, 0), "drafting": (5, 2), "under_review": (3, 3),
                "resubmission": (0, 0), "fit": (0, 0), "minister": (1, 0)}
    assert _chart_counts(user=ofsted_admin) == expected
    assert list(expected) == [stage.value for stage in STAGE_ORDER]
    in_london = _chart_counts(user=ofsted_admin, region="london")
    assert in_london["under_review"] == (3, 3)
    assert sum(total for total, _ in in_london.values()) == 3 + sum(
        1 for w in Wsoa.objects.exclude(stage=Stage.UNDER_REVIEW)
        if w.local_area.region == "london")
    assert _chart_counts(user=ofsted_admin, stage="drafting") == {
        **dict.fromkeys(expected, (0, 0)), "drafting": (5, 2)}

    client.force_login(ofsted_admin)
    html = client.get(reverse(TRACKER)).content.decode()
    assert 'role="img" aria-labelledby="wsoa-pipeline-title wsoa-pipeline-desc"' in html
    assert "Written statements of action at each stage: 13 in all, 5 overdue" in html
    assert "Being written: 5 (2 overdue)" in html
    assert "Under review: 3 (3 overdue)" in html
    assert "Fit for purpose: none" in html


def test_the_chart_is_an_svg_of_its_own_with_the_same_filters(client, dfe_adviser):
    _wsoas(3, stage=Stage.DRAFTING, due=lambda k: FROZEN_TODAY - DAY)
    _wsoas(2, stage=Stage.FIT, start=3, clock=False)
    client.force_login(dfe_adviser)
    response = client.get(reverse(CHART))
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    svg = ET.fromstring(response.content)
    assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == ("Written statements of action at each stage: "
                                            "5 in all, 3 overdue")
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "3 (3 overdue)" in texts and "2 (none overdue)" in texts
    # The overdue part is hatched as well as red, and said in words beside the bar.
    overdue_bars = [r for r in svg.iter(f"{SVG}rect")
                    if r.get("fill") == "url(#wsoa-pipeline-overdue)"]
    assert len(overdue_bars) == 2  # the legend's and the drafting bar's
    only_fit = ET.fromstring(client.get(reverse(CHART), {"stage": "fit"}).content)
    assert only_fit.find(f"{SVG}title").text.endswith(": 2 in all, 0 overdue")
    # Same as on the page.
    page = client.get(reverse(TRACKER)).content.decode()
    assert svg.find(f"{SVG}desc").text in page


def test_the_bars_are_scaled_to_the_largest_stage():
    counts = [tracker.StageCount(stage=s.value, label=s.label, total=t, overdue=o)
              for s, (t, o) in zip(STAGE_ORDER, [(0, 0), (10, 4), (5, 5), (0, 0), (2, 0),
                                                 (1, 1)], strict=True)]
    from wsoa.tracker_views import CHART_WIDTH, COUNT_ROOM, _chart

    bars = _chart(counts)["bars"]
    full = CHART_WIDTH - COUNT_ROOM
    assert (bars[1].overdue_width, bars[1].on_time_width) == (full * 0.4, full * 0.6)
    assert (bars[2].overdue_width, bars[2].on_time_width) == (full * 0.5, 0)
    assert bars[0].overdue_width == bars[0].on_time_width == 0


# The export ------------------------------------------------------------------------------

def test_the_export_gives_every_filtered_statement_and_is_audited(client, ofsted_admin):
    london = list(LocalArea.objects.filter(region="london", valid_to__isnull=True)[:3])
    in_london = _wsoas(PAGE_SIZE + 2, areas=london, due=lambda k: FROZEN_TODAY - 3 * DAY
                       if k == 0 else FROZEN_TODAY + 7 * DAY)
    _wsoas(4, start=100, areas=list(LocalArea.objects.filter(region="nw")[:2]))
    client.force_login(ofsted_admin)
    response = client.get(reverse(EXPORT), {"region": "london"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="written-statements-of-action-2024-06-12.csv"')
    header, *rows = _csv(response)
    assert header == ["Local area", "ONS code", "Ofsted region", "Stage", "Principal authority",
                      "Determined on", "Final report received on", "Next clock", "Due date",
                      "Working days left", "Overdue"]
    assert len(rows) == len(in_london)
    first = in_london[0]
    assert rows[0] == [first.local_area.name, first.local_area.ons_code, "London",
                       "Being written", "The local authority", "2023-01-13", "2023-03-01",
                       "Submit the written statement of action",
                       (FROZEN_TODAY - 3 * DAY).isoformat(), "-3", "Yes"]
    assert rows[1][8:] == [(FROZEN_TODAY + 7 * DAY).isoformat(), "5", "No"]
    event = AuditEvent.objects.get(action="wsoa.tracker_exported")
    assert event.actor == ofsted_admin
    assert event.after == {"region": "london", "stage": None, "rows": len(in_london)}
    assert event_sentence(actor="Alice", action=event.action, object_name="") == (
        "Alice exported the tracker of written statements of action")


def test_the_export_of_a_statement_with_no_clock_leaves_its_clock_blank(client, dfe_adviser):
    _wsoas(1, stage=Stage.AWAITING_RECEIPT, clock=False)
    client.force_login(dfe_adviser)
    _, row = _csv(client.get(reverse(EXPORT)))
    assert row[3:] == ["Awaiting receipt of the final report", "The local authority",
                       "2023-01-13", "", "", "", "", ""]


def test_the_export_defuses_cells_a_spreadsheet_would_run(client, ofsted_admin):
    area = LocalAreaFactory(name="=HYPERLINK(\"http://example.org\")", region="se")
    _wsoas(1, areas=[area])
    client.force_login(ofsted_admin)
    _, row = _csv(client.get(reverse(EXPORT)))
    assert row[0] == "'=HYPERLINK(\"http://example.org\")"


def test_an_export_with_a_filter_that_cannot_be_has_the_header_alone(client, ofsted_admin):
    _wsoas(2)
    client.force_login(ofsted_admin)
    assert len(_csv(client.get(reverse(EXPORT), {"stage": "lost"}))) == 1
    assert AuditEvent.objects.get(action="wsoa.tracker_exported").after == {
        "region": None, "stage": None, "rows": 0}


# Query counts ----------------------------------------------------------------------------

def _queries(client, name, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name), params or {})
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"region": "london"}, {"stage": "drafting"}])
def test_query_counts_are_the_same_for_5_and_150_statements(client, ofsted_admin, params):
    client.force_login(ofsted_admin)
    # One in each of five regions, London among them: every filter finds some.
    _wsoas(5, areas=[LocalArea.objects.filter(region=region).first()
                     for region in ("london", "nw", "se", "sw", "ee")])
    client.get(reverse(TRACKER))  # the session's first reads done before counting
    small = {name: _queries(client, name, params) for name in (TRACKER, CHART, EXPORT)}
    _wsoas(145, start=5, areas=_areas(160))
    large = {name: _queries(client, name, params) for name in (TRACKER, CHART, EXPORT)}
    assert Wsoa.objects.count() == 150
    assert small == large
    assert large[TRACKER] <= 15
