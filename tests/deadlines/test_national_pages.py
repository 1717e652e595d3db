"""The national deadlines list, its export and a person's notifications at scale: keyset
pages both ways, cursors that lead nowhere, filters that cannot be, a CSV that streams in
blocks and says what it always said, and query counts that do not follow the rows."""

import base64
import csv
import datetime
import io
import json
import re

import pytest
from django import forms
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config import clock
from config.clock import ENGLAND
from config.govuk_forms import Select
from deadlines.forms import DeadlineFilterForm
from deadlines.models import Deadline, DeadlineStatus, Notification, StatutoryRule
from deadlines.selectors import (
    RUNNING_STATUSES,
    calendar_current,
    deadline_list_for_user,
    rules_visible_to,
)
from deadlines.views.clocks import CSV_ROWS_PER_BLOCK
from deadlines.views.common import DUE_SOON_WORKING_DAYS, NOTIFICATIONS_PAGE_SIZE, PAGE_SIZE
from local_areas.models import LocalArea
from tests.conftest import FROZEN_TODAY
from tests.factories import LocalAreaFactory, inspection_without_clocks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = datetime.date
DAY = datetime.timedelta(days=1)
LIST = "deadlines:list"


def _cursor(values: list) -> str:
    """A cursor as config.pagination writes one: its values as JSON, in URL-safe base64."""
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


@pytest.fixture
def cases(case_of, medway, barnet):
    """Six inspections in six areas, two of them in London."""
    others = (LocalArea.objects.filter(valid_to__isnull=True)
              .exclude(pk__in=[medway.pk, barnet.pk]).order_by("region", "pk"))
    areas = [medway, barnet, *[others.filter(region=region).first()
                               for region in ("london", "nw", "sw", "ee")]]
    return [case_of(area) for area in areas]


def _clocks(n: int, cases, *, status=DeadlineStatus.OPEN, start: int = 0) -> list[Deadline]:
    """n clocks made in bulk, each rule once per case (one running clock per rule and case),
    due over a fortnight from today so that many share a due date."""
    rules = list(StatutoryRule.objects.order_by("code"))
    rows = []
    for k in range(start, start + n):
        case = cases[k // len(rules) % len(cases)]
        due = FROZEN_TODAY + (k % 14) * DAY
        rows.append(Deadline(rule=rules[k % len(rules)], inspection=case,
                             local_area=case.local_area, start_event="test",
                             start_date=due - 20 * DAY, due_date=due, status=status))
    return Deadline.objects.bulk_create(rows)


def _ids(response) -> list[int]:
    return [deadline.pk for deadline, _ in response.context["rows"]]


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


# Keyset pages --------------------------------------------------------------------------------

@pytest.mark.parametrize(("params", "order"), [
    ({}, ("due_date", "id")),
    ({"order": "-due"}, ("-due_date", "-id")),
    ({"status": "open"}, ("due_date", "id")),
    ({"status": "open", "order": "-due"}, ("-due_date", "-id")),
])
def test_next_then_previous_walk_the_whole_list_once_each_way(client, ofsted_admin, cases,
                                                              params, order):
    made = _clocks(115, cases)
    Deadline.objects.filter(pk__in=[d.pk for d in made[::5]]).update(
        status=DeadlineStatus.MISSED)
    client.force_login(ofsted_admin)
    listed = Deadline.objects.filter(status__in=[params["status"]] if "status" in params
                                     else RUNNING_STATUSES)
    expected = list(listed.order_by(*order).values_list("pk", flat=True))
    assert len(expected) > PAGE_SIZE + 1

    response = client.get(reverse(LIST), params)
    page, forward = response.context["page"], [_ids(response)]
    assert page.is_first and not page.has_previous
    while page.has_next:
        html = response.content.decode()
        query = "&amp;".join(f"{key}={value}" for key, value in params.items())
        assert f'href="?{query}{"&amp;" if query else ""}after={page.next_cursor}"' in html
        response = client.get(reverse(LIST), {**params, "after": page.next_cursor})
        page = response.context["page"]
        forward.append(_ids(response))
    assert [pk for rows in forward for pk in rows] == expected
    assert all(len(rows) == PAGE_SIZE for rows in forward[:-1])

    backward = [forward[-1]]
    while page.has_previous:
        response = client.get(reverse(LIST), {**params, "before": page.previous_cursor})
        page = response.context["page"]
        backward.insert(0, _ids(response))
    assert backward == forward
    assert not page.is_first  # reached by a cursor: it offers the way back to the first page


def test_a_cursor_that_does_not_parse_gives_the_first_page(client, ofsted_admin, cases):
    _clocks(60, cases)
    Notification.objects.bulk_create(Notification(user=ofsted_admin, subject=f"n{k}", body="b")
                                     for k in range(NOTIFICATIONS_PAGE_SIZE + 2))
    client.force_login(ofsted_admin)
    first = _ids(client.get(reverse(LIST)))
    # A real cursor, from another list: the notifications page orders by a moment.
    foreign = client.get(reverse("notifications")).context["page"].next_cursor
    assert foreign
    for bad in ["garbage", "!!!", "", foreign, _cursor([1]), _cursor(["2024-06-12", "x"]),
                _cursor(["2024-06-12", 2**70]), _cursor(["2024-13-45", 1]),
                _cursor(["2024-06-12", True]), _cursor({"a": 1}), "%00", "a" * 5000]:
        for direction in ("after", "before"):
            response = client.get(reverse(LIST), {direction: bad})
            assert response.status_code == 200
            assert _ids(response) == first, (direction, bad)
            assert response.context["page"].is_first


def test_a_cursor_past_the_end_says_so_and_links_to_the_first_page(client, ofsted_admin, cases):
    made = _clocks(PAGE_SIZE + 3, cases)
    client.force_login(ofsted_admin)
    cursor = client.get(reverse(LIST), {"order": "-due"}).context["page"].next_cursor
    # The rows after the cursor are met in the meantime: the next page has none left.
    shown = set(_ids(client.get(reverse(LIST), {"order": "-due"})))
    Deadline.objects.filter(pk__in=[d.pk for d in made if d.pk not in shown]).update(
        status=DeadlineStatus.MET, met_on=FROZEN_TODAY)
    response = client.get(reverse(LIST), {"order": "-due", "after": cursor})
    assert response.status_code == 200
    assert response.context["page"].beyond_end and _ids(response) == []
    html = response.content.decode()
    assert "There are no more deadlines past this point" in html
    assert '<a class="govuk-link" href="?order=-due">Back to the first page</a>' in html
    assert "No clocks are running" not in html


def test_a_notifications_cursor_past_the_end_says_so(client, ofsted_admin):
    Notification.objects.bulk_create(Notification(user=ofsted_admin, subject=f"n{k}", body="b")
                                     for k in range(NOTIFICATIONS_PAGE_SIZE + 1))
    client.force_login(ofsted_admin)
    first = client.get(reverse("notifications")).context["page"]
    Notification.objects.filter(pk=min(n.pk for n in Notification.objects.all())).delete()
    response = client.get(reverse("notifications"), {"after": first.next_cursor})
    assert response.context["page"].beyond_end
    html = response.content.decode()
    assert "There are no more notifications past this point" in html
    assert 'href="?">Back to the first page</a>' in html
    assert "You have no notifications" not in html


def test_notifications_page_newest_first_both_ways(client, ofsted_admin):
    now = clock.now()
    # Pairs made at the same moment: the id orders them.
    Notification.objects.bulk_create(
        Notification(user=ofsted_admin, subject=f"n{k}", body="b",
                     created_at=now - (k // 2) * datetime.timedelta(minutes=1))
        for k in range(2 * NOTIFICATIONS_PAGE_SIZE + 5))
    expected = list(Notification.objects.filter(user=ofsted_admin)
                    .order_by("-created_at", "-id").values_list("pk", flat=True))
    client.force_login(ofsted_admin)
    response = client.get(reverse("notifications"))
    assert f"{len(expected)} notifications" in response.content.decode()
    pages = [[n.pk for n in response.context["page"].rows]]
    while (page := response.context["page"]).has_next:
        response = client.get(reverse("notifications"), {"after": page.next_cursor})
        pages.append([n.pk for n in response.context["page"].rows])
    assert [pk for rows in pages for pk in rows] == expected
    back = client.get(reverse("notifications"), {"before": page.previous_cursor})
    assert [n.pk for n in back.context["page"].rows] == pages[-2]


def test_a_total_beyond_ten_thousand_is_shown_as_more_than(client, ofsted_admin, medway_case):
    # Met clocks repeat freely on one case (only running ones are one per rule and case).
    rule = StatutoryRule.objects.get(code="final_report")
    Deadline.objects.bulk_create(
        Deadline(rule=rule, inspection=medway_case, local_area=medway_case.local_area,
                 start_event="test", start_date=FROZEN_TODAY, due_date=FROZEN_TODAY,
                 status=DeadlineStatus.MET, met_on=FROZEN_TODAY) for _ in range(10_001))
    client.force_login(ofsted_admin)
    html = client.get(reverse(LIST), {"status": "met"}).content.decode()
    assert "More than 10,000 deadlines match your filters" in html
    assert "Download CSV<span class=\"govuk-visually-hidden\"> of more than 10,000 deadlines" \
           in html


# Filters that cannot be ----------------------------------------------------------------------

@pytest.mark.parametrize(("bad", "field", "message"), [
    ({"rule": "no_such_rule"}, "rule", "Select a rule from the list"),
    ({"local_area": "99999999"}, "local_area", "Select a local area from the list"),
    ({"local_area": "99999999999999999999999"}, "local_area",
     "Select a local area from the list"),
    ({"local_area": "medway"}, "local_area", "Select a local area from the list"),
    ({"status": "lost"}, "status", "Select a status from the list"),
    ({"region": "atlantis"}, "region", "Select an Ofsted region from the list"),
])
def test_impossible_filters_are_form_errors_and_select_no_clocks(client, ofsted_admin, cases,
                                                                 bad, field, message):
    _clocks(10, cases)
    client.force_login(ofsted_admin)
    response = client.get(reverse(LIST), {**bad, "order": "-due"})
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    html = response.content.decode()
    assert "govuk-error-summary" in html and f'<a href="#id_{field}">{message}</a>' in html
    assert _ids(response) == []
    assert "0 deadlines match your filters" in html
    assert "No deadlines match your filters" in html
    # Nothing is read of the clocks but the headline counts (a single query of counts).
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse(LIST), bad)
    assert [q["sql"] for q in queries if 'FROM "deadlines_deadline"' in q["sql"]
            and not q["sql"].startswith("SELECT (SELECT COUNT(*)")] == []
    export = client.get(reverse("deadlines:export"), bad)
    assert b"".join(export.streaming_content).decode().count("\r\n") == 1  # the header


# Query counts --------------------------------------------------------------------------------

@pytest.mark.parametrize("params", [{}, {"order": "-due"}, {"rule": "final_report"},
                                    {"region": "london", "status": "open"}])
def test_the_list_costs_the_same_for_3_or_40_clocks(client, ofsted_admin, cases, params):
    _clocks(3, cases)
    client.force_login(ofsted_admin)
    few = _queries(client, reverse(LIST), params)
    _clocks(37, cases, start=3)
    Deadline.objects.filter(pk__in=Deadline.objects.order_by("pk")[:10].values("pk")).update(
        status=DeadlineStatus.PAUSED, paused_on=FROZEN_TODAY + 20 * DAY)
    assert _queries(client, reverse(LIST), params) == few
    _clocks(PAGE_SIZE + 20, cases, start=40)
    page = client.get(reverse(LIST), params).context["page"]
    if page.has_next:
        assert _queries(client, reverse(LIST), {**params, "after": page.next_cursor}) == few


def test_the_notifications_page_costs_the_same_for_3_or_40(client, ofsted_admin, cases):
    deadline = _clocks(1, cases)[0]
    made = lambda n: Notification.objects.bulk_create(  # noqa: E731
        Notification(user=ofsted_admin, subject=f"n{k}", body="line\nline", deadline=deadline,
                     inspection=cases[0], read_at=None if k % 2 else clock.now())
        for k in range(n))
    made(3)
    client.force_login(ofsted_admin)
    few = _queries(client, reverse("notifications"))
    made(37)
    assert _queries(client, reverse("notifications")) == few
    cursor = client.get(reverse("notifications")).context["page"].next_cursor
    assert _queries(client, reverse("notifications"), {"after": cursor}) == few


# The filter form -----------------------------------------------------------------------------

@pytest.mark.parametrize("value", [None, "", "3", ["3"], "nope"])
def test_the_select_writes_what_djangos_template_writes(value):
    choices = [("", "All"), (3, 'Tom & Jerry\'s "place"'), (4, "<b>bold</b>"), ("x", "X")]
    attrs = {"id": "id_area", "class": "govuk-select", "aria-describedby": "a b",
             "disabled": False, "autofocus": True, "data-n": 5}
    ours = Select(choices=choices).render("area", value, attrs)
    assert ours == forms.Select(choices=choices).render("area", value, attrs)
    assert "Tom &amp; Jerry&#x27;s &quot;place&quot;" in ours and "&lt;b&gt;" in ours


@pytest.mark.parametrize("data", [None, {"local_area": "5", "status": "open"},
                                  {"rule": "nope", "local_area": "99999", "region": "se"}])
def test_the_filter_form_renders_as_djangos_select_renders_it(ofsted_admin, data):
    LocalAreaFactory(name="Sheffield & District", valid_to=D(2019, 3, 31))
    rules = rules_visible_to(user=ofsted_admin)
    template = Template("{% load crispy_forms_tags crispy_forms_gds %}"
                        "{% error_summary form %}{% crispy form %}")
    ours = DeadlineFilterForm(data, rules=rules)
    theirs = DeadlineFilterForm(data, rules=rules)
    for field in theirs.fields.values():
        if isinstance(field.widget, Select):
            field.widget = forms.Select(choices=field.choices)
    rendered = [template.render(Context({"form": form})) for form in (ours, theirs)]
    assert rendered[0] == rendered[1]
    assert "Sheffield &amp; District (until 2019)" in rendered[0]
    assert len(re.findall("<option", rendered[0])) > LocalArea.objects.count()


# The export ----------------------------------------------------------------------------------

def _csv_text(value: str) -> str:
    return f"'{value}" if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


def _hh_mm(time) -> str:
    return f"{time:%H:%M}" if time is not None else ""


def _standing_before(deadline: Deadline, *, today, calendar, now) -> tuple[str, int]:
    """The export's Status and Working days late as the tag gave them before the export read
    plain values: from the model's own is_past_due and met_after_due_time."""
    if deadline.status == DeadlineStatus.MET:
        late = calendar.working_days_late(deadline.due_date, deadline.met_on) \
            if deadline.met_on else 0
        return ("Met late", late) if late or deadline.met_after_due_time() else ("Met", 0)
    if deadline.status == DeadlineStatus.CANCELLED:
        return "Cancelled", 0
    paused_late = (deadline.status == DeadlineStatus.PAUSED and deadline.paused_on is not None
                   and deadline.paused_on > deadline.due_date)
    if deadline.status == DeadlineStatus.PAUSED and not paused_late:
        return "Paused", 0
    if paused_late or deadline.is_past_due(today=today, now=now):
        return "Overdue", calendar.working_days_late(
            deadline.due_date, deadline.paused_on if paused_late else today)
    return "Open", 0


def _csv_before(deadlines) -> bytes:
    """The export as it was written before: a model instance per row with its case, area and
    rule, the displays read from each, one row at a time."""
    calendar, now, today = calendar_current(), clock.now(), clock.today()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Case", "Local area", "ONS code", "Ofsted region", "Rule code",
                     "Rule description", "Start date", "Due date", "Due by (UK time)",
                     "Status", "Met on", "Met at (UK time)", "Working days late",
                     "Extension working days", "Paused working days"])
    for deadline in deadlines:
        status, late = _standing_before(deadline, today=today, calendar=calendar, now=now)
        area = deadline.local_area
        writer.writerow([
            _csv_text(str(deadline.case)), _csv_text(area.name), area.ons_code,
            area.get_region_display(), deadline.rule.code,
            _csv_text(deadline.rule.description), deadline.start_date.isoformat(),
            deadline.due_date.isoformat(), _hh_mm(deadline.due_time), status,
            deadline.met_on.isoformat() if deadline.met_on else "",
            _hh_mm(timezone.localtime(deadline.met_at, ENGLAND).time()
                   if deadline.met_at else None),
            late, deadline.extension_working_days, deadline.paused_working_days])
    return out.getvalue().encode()


def _england(day, hour, minute):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ENGLAND)


# (status, due in days, paused on, met on: days from today; met at (h, m) in England)
KINDS = [
    (DeadlineStatus.OPEN, 100, None, None, None),
    (DeadlineStatus.OPEN, 3, None, None, None),          # due soon
    (DeadlineStatus.OPEN, 0, None, None, None),          # due today: past 11am, not 5pm
    (DeadlineStatus.MISSED, -20, None, None, None),
    (DeadlineStatus.PAUSED, 30, -1, None, None),
    (DeadlineStatus.PAUSED, -10, -5, None, None),        # paused after it was due
    (DeadlineStatus.MET, -5, None, -7, None),
    (DeadlineStatus.MET, -30, None, -20, None),          # late by working days
    (DeadlineStatus.MET, -2, None, -2, (16, 30)),        # after 11am, before 5pm
    (DeadlineStatus.MET, -3, None, -3, (9, 15)),
    (DeadlineStatus.CANCELLED, 10, None, None, None),
    (DeadlineStatus.MET, -149, None, -149, (10, 45)),    # in January: GMT, not BST
    (DeadlineStatus.OPEN, 3000, None, None, None),       # years ahead
]
# The Annex A rules (the first six by code) on the 2023 case: due by 5pm, 5pm, 11am, 11am,
# 11am, 5pm. Due today at noon: overdue since 11am, due soon by 5pm; met at 4:30pm on the
# due date: late after 11am, in time for 5pm.
ANNEX_A_KINDS = [KINDS[8], KINDS[9], KINDS[2], KINDS[8], KINDS[11], KINDS[2]]


@pytest.fixture
def sample(ofsted_admin, medway, barnet):
    """Clocks of every kind on three cases of two frameworks, one in an area whose name a
    spreadsheet would run, with a rule whose description it would run too."""
    formula = LocalAreaFactory(name="=SUM(A1)", region="nw")
    cases = [inspection_without_clocks(local_area=medway, by=ofsted_admin, reference="S-1"),
             inspection_without_clocks(local_area=barnet, by=ofsted_admin, reference="S-2",
                                       framework="2023"),
             inspection_without_clocks(local_area=formula, by=ofsted_admin, reference="S-3")]
    StatutoryRule.objects.filter(code="wsoa_review").update(description="-1 day: review")
    rules = list(StatutoryRule.objects.order_by("code"))
    rows = []
    for k in range(len(rules) * len(cases)):
        case_index, rule_index = divmod(k, len(rules))
        status, due_in, paused_on, met_on, met_at = (
            ANNEX_A_KINDS[rule_index] if case_index == 1 and rule_index < len(ANNEX_A_KINDS)
            else KINDS[k % len(KINDS)])
        case = cases[case_index]
        due = FROZEN_TODAY + due_in * DAY
        met_day = FROZEN_TODAY + met_on * DAY if met_on is not None else None
        rows.append(Deadline(
            rule=rules[k % len(rules)], inspection=case, local_area=case.local_area,
            start_event="test", start_date=due - 40 * DAY, due_date=due, status=status,
            paused_on=FROZEN_TODAY + paused_on * DAY if paused_on is not None else None,
            met_on=met_day, met_at=_england(met_day, *met_at) if met_at else None,
            extension_working_days=k % 3, paused_working_days=k % 2))
    Deadline.objects.bulk_create(rows)
    return cases


def _exported(client, params) -> list[bytes]:
    response = client.get(reverse("deadlines:export"), params)
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    return [chunk if isinstance(chunk, bytes) else chunk.encode()
            for chunk in response.streaming_content]


@pytest.mark.parametrize("params", [
    {}, {"status": "met"}, {"status": "paused"}, {"status": "cancelled"}, {"status": "missed"},
    {"order": "-due"}, {"region": "london"}, {"rule": "final_report", "order": "-due"},
    {"status": "open", "region": "nw"},
])
def test_the_export_writes_what_it_wrote_before(client, ofsted_admin, sample, params):
    client.force_login(ofsted_admin)
    selected = deadline_list_for_user(user=ofsted_admin, **params)
    before = _csv_before(selected)
    assert before.count(b"\r\n") == 1 + selected.count() > 1
    assert b"".join(_exported(client, params)) == before


def test_the_export_writes_what_it_wrote_before_for_an_area(client, ofsted_admin, sample):
    client.force_login(ofsted_admin)
    area = sample[2].local_area
    before = _csv_before(deadline_list_for_user(user=ofsted_admin, local_area=area.pk,
                                                status=DeadlineStatus.MET))
    assert b"'=SUM(A1)" in before
    assert b"".join(_exported(client, {"local_area": area.pk, "status": "met"})) == before


def test_every_kind_of_clock_is_in_the_sample(ofsted_admin, sample):
    statuses = {_standing_before(d, today=FROZEN_TODAY, calendar=calendar_current(),
                                 now=clock.now())
                for d in Deadline.objects.select_related("rule")}
    words = {status for status, _ in statuses}
    assert words == {"Open", "Overdue", "Paused", "Met", "Met late", "Cancelled"}
    assert any(status == "Met late" and late == 0 for status, late in statuses)
    assert any(status == "Overdue" and late == 0 for status, late in statuses)
    soon = calendar_current().add_working_days(FROZEN_TODAY, DUE_SOON_WORKING_DAYS)
    assert Deadline.objects.filter(due_date__gt=soon + 1000 * DAY).exists()


def test_the_export_streams_in_blocks_of_many_rows(client, ofsted_admin, medway_case):
    rule = StatutoryRule.objects.get(code="factual_accuracy")
    count = 2 * CSV_ROWS_PER_BLOCK + 1
    Deadline.objects.bulk_create(
        Deadline(rule=rule, inspection=medway_case, local_area=medway_case.local_area,
                 start_event="test", start_date=FROZEN_TODAY - 40 * DAY,
                 due_date=FROZEN_TODAY - (k % 30) * DAY, status=DeadlineStatus.MET,
                 met_on=FROZEN_TODAY - (k % 45) * DAY) for k in range(count))
    client.force_login(ofsted_admin)
    chunks = _exported(client, {"status": "met"})
    # The header at once, then the rows a block at a time.
    assert [chunk.count(b"\r\n") for chunk in chunks] == [1, CSV_ROWS_PER_BLOCK,
                                                          CSV_ROWS_PER_BLOCK, 1]
    assert b"".join(chunks) == _csv_before(deadline_list_for_user(user=ofsted_admin,
                                                                  status="met"))


def test_an_export_filtered_by_area_is_recorded_with_the_area(client, ofsted_admin, sample):
    from audit.models import AuditEvent

    client.force_login(ofsted_admin)
    area = sample[0].local_area
    b"".join(_exported(client, {"local_area": area.pk}))
    row = AuditEvent.objects.get(action="deadlines.exported")
    assert (row.local_area, row.after["local_area"]) == (area, area.pk)
    assert row.after["rows"] == deadline_list_for_user(user=ofsted_admin,
                                                       local_area=area.pk).count() > 0


def test_every_status_lists_and_exports_every_clock_soonest_first(client, ofsted_admin, cases):
    running = _clocks(3, cases)
    met = _clocks(3, cases, status=DeadlineStatus.MET, start=3)
    cancelled = _clocks(3, cases, status=DeadlineStatus.CANCELLED, start=6)
    client.force_login(ofsted_admin)
    every = list(Deadline.objects.order_by("due_date", "id").values_list("pk", flat=True))
    assert sorted(every) == sorted(d.pk for d in running + met + cancelled)
    assert _ids(client.get(reverse(LIST), {"status": "all"})) == every
    assert set(_ids(client.get(reverse(LIST)))) == {d.pk for d in running}
    exported = b"".join(_exported(client, {"status": "all"})).decode()
    assert exported.count("\r\n") == 1 + len(every)
    assert {"Met", "Cancelled"} <= {row["Status"] for row in csv.DictReader(
        io.StringIO(exported))}
