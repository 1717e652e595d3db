"""The audit trail at any size: pages by key, a total counted to 10,000, days in UK time, and
filters that cannot be refused on the form before any event is read."""

import base64
import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.forms import AuditFilterForm
from audit.models import AuditEvent
from audit.services import audit_event, audit_record_many
from audit.wording import ACTIONS
from inspections import services
from inspections.demo import MEDWAY_2017_DATES
from inspections.models import State, TeamRole

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
URL = "audit:list"


def _events_at(moments, *, action="local_area.update", actor_label="someone", **fields):
    events = []
    for moment in moments:
        event = audit_event(actor=None, action=action, actor_label=actor_label, **fields)
        event.at = moment
        events.append(event)
    return audit_record_many(events)


def _hourly(count, *, start=datetime.datetime(2024, 5, 1, 9, tzinfo=UTC), **fields):
    return _events_at([start + datetime.timedelta(hours=n) for n in range(count)], **fields)


def _date(prefix, day: datetime.date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def _days(first: datetime.date, last: datetime.date | None = None) -> dict:
    return {**_date("date_from", first), **_date("date_to", last or first)}


def _cursor(at: datetime.datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([at.isoformat(), pk]).encode()).decode()


@pytest.fixture
def admin_client(client, ofsted_admin):
    client.force_login(ofsted_admin)
    return client


def _get(client, **params):
    response = client.get(reverse(URL), params)
    assert response.status_code == 200
    return response


def _mine(client, **params):
    """The page of the events these tests write (the fixtures write their own)."""
    return _get(client, actor="someone", **params)


def _ids(response) -> list[int]:
    return [event.pk for event in response.context["page"].rows]


def _link(response, rel: str) -> dict:
    """The query of the page's Previous or Next link, as the browser would send it."""
    found = re.search(rf'href="\?([^"]*)" rel="{rel}"', response.content.decode())
    assert found, f"no {rel} link"
    pairs = [pair.split("=", 1) for pair in found.group(1).replace("&amp;", "&").split("&")]
    return dict(pairs)


# Days are UK days: from midnight in London to the next, whatever the clocks do.

@pytest.mark.parametrize(("moment", "uk_day"), [
    # Summer (BST, UTC+1): 23:30 UTC is half past midnight the next day in the UK.
    (datetime.datetime(2024, 6, 12, 23, 30, tzinfo=UTC), datetime.date(2024, 6, 13)),
    (datetime.datetime(2024, 6, 12, 22, 59, tzinfo=UTC), datetime.date(2024, 6, 12)),
    (datetime.datetime(2024, 6, 12, 23, 0, tzinfo=UTC), datetime.date(2024, 6, 13)),
    # Winter (GMT): UTC and UK days are the same.
    (datetime.datetime(2024, 1, 15, 23, 30, tzinfo=UTC), datetime.date(2024, 1, 15)),
    (datetime.datetime(2024, 1, 16, 0, 0, tzinfo=UTC), datetime.date(2024, 1, 16)),
    # 31 March 2024, the clocks go forward: a UK day of 23 hours, 00:00 to 23:00 UTC.
    (datetime.datetime(2024, 3, 31, 0, 0, tzinfo=UTC), datetime.date(2024, 3, 31)),
    (datetime.datetime(2024, 3, 31, 22, 59, tzinfo=UTC), datetime.date(2024, 3, 31)),
    (datetime.datetime(2024, 3, 31, 23, 30, tzinfo=UTC), datetime.date(2024, 4, 1)),
    # 27 October 2024, the clocks go back: 25 hours, 23:00 UTC on the 26th to 00:00 on the 28th.
    (datetime.datetime(2024, 10, 26, 22, 59, tzinfo=UTC), datetime.date(2024, 10, 26)),
    (datetime.datetime(2024, 10, 26, 23, 0, tzinfo=UTC), datetime.date(2024, 10, 27)),
    (datetime.datetime(2024, 10, 27, 23, 59, tzinfo=UTC), datetime.date(2024, 10, 27)),
    (datetime.datetime(2024, 10, 28, 0, 0, tzinfo=UTC), datetime.date(2024, 10, 28)),
])
def test_an_event_belongs_to_its_uk_day(admin_client, moment, uk_day):
    (event,) = _events_at([moment])
    day = datetime.timedelta(days=1)
    assert _ids(_mine(admin_client, **_days(uk_day))) == [event.pk]
    assert _ids(_mine(admin_client, **_days(uk_day - day))) == []
    assert _ids(_mine(admin_client, **_days(uk_day + day))) == []
    # From the day on, and up to the day, each take it in; after it or before it, not.
    assert _ids(_mine(admin_client, **_date("date_from", uk_day))) == [event.pk]
    assert _ids(_mine(admin_client, **_date("date_to", uk_day))) == [event.pk]
    assert _ids(_mine(admin_client, **_date("date_from", uk_day + day))) == []
    assert _ids(_mine(admin_client, **_date("date_to", uk_day - day))) == []


def test_a_range_of_days_takes_in_both_ends(admin_client):
    inside = _events_at([datetime.datetime(2024, 6, 9, 23, 0, tzinfo=UTC),  # 10 June, 00:00
                         datetime.datetime(2024, 6, 12, 22, 59, 59, tzinfo=UTC)])  # 12th, 23:59
    _events_at([datetime.datetime(2024, 6, 9, 22, 59, 59, tzinfo=UTC),
                datetime.datetime(2024, 6, 12, 23, 0, tzinfo=UTC)])
    response = _mine(admin_client, **_days(datetime.date(2024, 6, 10), datetime.date(2024, 6, 12)))
    assert sorted(_ids(response)) == sorted(event.pk for event in inside)
    assert str(response.context["total"]) == "2"


# Pages by key.

def test_next_and_previous_walk_the_trail_newest_first_without_gaps(admin_client):
    events = _hourly(120)
    newest_first = [event.pk for event in reversed(events)]
    first = _mine(admin_client)
    assert _ids(first) == newest_first[:50]
    assert "Back to the first page" not in first.content.decode()
    second = _get(admin_client, **_link(first, "next"))
    assert _ids(second) == newest_first[50:100]
    third = _get(admin_client, **_link(second, "next"))
    assert _ids(third) == newest_first[100:]
    assert 'rel="next"' not in third.content.decode()
    assert "Back to the first page" in third.content.decode()
    back = _get(admin_client, **_link(third, "prev"))
    assert _ids(back) == newest_first[50:100]
    assert _ids(_get(admin_client, **_link(back, "prev"))) == newest_first[:50]


def test_events_at_the_same_moment_are_neither_skipped_nor_repeated(admin_client):
    moment = datetime.datetime(2024, 5, 1, 9, tzinfo=UTC)
    events = _events_at([moment] * 75)
    first = _mine(admin_client)
    second = _get(admin_client, **_link(first, "next"))
    assert sorted(_ids(first) + _ids(second)) == sorted(event.pk for event in events)


def test_the_links_keep_the_filters(admin_client, medway, barnet):
    _hourly(60, local_area=medway)
    _hourly(60, local_area=barnet)
    first = _get(admin_client, local_area=medway.pk)
    following = _link(first, "next")
    assert following["local_area"] == str(medway.pk)
    second = _get(admin_client, **following)
    assert {event.local_area_id for event in second.context["page"].rows} == {medway.pk}
    assert len(_ids(second)) == 10


def test_a_cursor_that_does_not_parse_gives_the_first_page(admin_client):
    _hourly(60)
    first = _ids(_get(admin_client))
    for bad in ["nonsense", "%%%", _cursor(datetime.datetime(2024, 5, 1), 1)[:-3], "W10",
                base64.urlsafe_b64encode(b'["2024-05-01T09:00:00", 5]').decode(),
                base64.urlsafe_b64encode(b'["2024-05-01T09:00:00+00:00", "5"]').decode(),
                "A" * 5000]:
        for direction in ("after", "before"):
            response = _get(admin_client, **{direction: bad})
            assert _ids(response) == first, (direction, bad)
            assert "Back to the first page" not in response.content.decode()


def test_a_cursor_at_any_offset_or_the_ends_of_time_is_never_a_failure(admin_client):
    _hourly(3)
    for moment in ["2024-05-01T09:00:00+23:59", "2024-05-01T09:00:00-23:59",
                   "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"]:
        for pk in (1, 2**62, -(2**62)):
            cursor = base64.urlsafe_b64encode(json.dumps([moment, pk]).encode()).decode()
            for direction in ("after", "before"):
                assert admin_client.get(reverse(URL), {direction: cursor}).status_code == 200


def test_a_cursor_past_the_end_says_so_and_links_to_the_first_page(admin_client, medway):
    oldest = _hourly(3, local_area=medway)[0]
    response = _get(admin_client, local_area=medway.pk, after=_cursor(oldest.at, oldest.pk))
    html = response.content.decode()
    assert _ids(response) == []
    assert "There are no events here" in html
    assert f'href="?local_area={medway.pk}">Go to the first page</a>' in html
    assert "No events match your filters" not in html


# The total is counted to 10,000, and says so past it.

def test_the_total_is_exact_up_to_ten_thousand(admin_client):
    _hourly(3)
    html = _mine(admin_client).content.decode()
    assert re.search(r'role="status">\s*3 events</p>', html)


def test_the_total_says_more_than_ten_thousand_past_it(admin_client):
    _hourly(10_001)
    response = _get(admin_client)
    assert response.context["total"].capped
    assert "More than 10,000 events" in response.content.decode()


def test_the_total_of_exactly_ten_thousand_is_exact(admin_client):
    _hourly(10_000 - AuditEvent.objects.count())
    assert "10,000 events" in _get(admin_client).content.decode()
    assert "More than" not in _get(admin_client).content.decode()


# Queries: as many for three events as for sixty, whatever the filter or page.

@pytest.fixture
def inspected(ofsted_admin, medway):
    from inspections.services import inspection_create

    return inspection_create(by=ofsted_admin, local_area=medway, framework="2016",
                             onsite_start=datetime.date(2017, 12, 4),
                             onsite_end=datetime.date(2017, 12, 8))


def _filters(medway, inspected):
    return [
        {}, {"action": "local_area.update"}, {"actor": "SOMEONE"},
        {"local_area": medway.pk}, {"reference": inspected.reference.lower()},
        _days(datetime.date(2024, 5, 1), datetime.date(2024, 5, 31)),
    ]


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(URL), params).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_trail(admin_client, medway, inspected):
    _hourly(3, local_area=medway, inspection_id=inspected.pk)
    few = [_queries(admin_client, params) for params in _filters(medway, inspected)]
    _hourly(60, start=datetime.datetime(2024, 5, 10, tzinfo=UTC), local_area=medway,
            inspection_id=inspected.pk)
    assert [_queries(admin_client, params) for params in _filters(medway, inspected)] == few
    # A page further on, found by its cursor, costs what the first does.
    assert _queries(admin_client, _link(_get(admin_client), "next")) == few[0]


def test_the_reference_is_looked_up_before_the_events_are_read(admin_client, inspected):
    with CaptureQueriesContext(connection) as queries:
        response = _get(admin_client, reference=inspected.reference.lower())
    assert {event.inspection_id for event in response.context["page"].rows} == {inspected.pk}
    reads = [q["sql"] for q in queries if 'FROM "audit_auditevent"' in q["sql"]]
    # The events are picked by the inspection's id, not by a reference joined to each.
    assert reads and all(f'"inspection_id" IN ({inspected.pk})' in sql and "reference" not in
                         sql.split("WHERE", 1)[1] for sql in reads), reads


def test_an_unknown_reference_reads_no_events(admin_client, inspected):
    with CaptureQueriesContext(connection) as queries:
        response = _get(admin_client, reference="NOT-A-REFERENCE")
    assert _ids(response) == []
    assert "No events match your filters" in response.content.decode()
    assert not [q for q in queries if "audit_auditevent" in q["sql"]
                and q["sql"].lstrip().startswith("SELECT")]


# Filters that cannot be are errors on the form, kept as typed, and read no events.

@pytest.mark.parametrize("bad", [
    {"local_area": "99999999"}, {"local_area": "99999999999999999999999"},
    {"local_area": "medway"}, {"action": "not.an.action"}, {"action": "x" * 1000},
    {"actor": "x" * 151}, {"reference": "x" * 41}, {"actor": "nul\x00"},
    _date("date_from", datetime.date(2024, 1, 1)) | {"date_from_2": "0"},
    _date("date_from", datetime.date(2024, 1, 1)) | {"date_from_2": "99999"},
    _date("date_to", datetime.date(2024, 1, 1)) | {"date_to_2": "0001"},
    {"date_to_0": "31", "date_to_1": "2", "date_to_2": "2024"},
    {"date_to_0": "99999999999999999999", "date_to_1": "1", "date_to_2": "2024"},
    {"date_from_0": "1", "date_from_1": "13", "date_from_2": "2024"},
    _days(datetime.date(2024, 6, 2)) | _date("date_to", datetime.date(2024, 6, 1)),
])
def test_impossible_filters_are_form_errors_and_read_no_events(admin_client, bad):
    _hourly(3)
    with CaptureQueriesContext(connection) as queries:
        response = _get(admin_client, **bad, after=_cursor(datetime.datetime.now(UTC), 1))
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert response.context["form"].errors
    assert response.context["rows"] == []
    assert "Correct the filters to see the events they find" in html
    assert not [q for q in queries if "audit_auditevent" in q["sql"]
                and q["sql"].lstrip().startswith("SELECT")]
    # Typed input comes back as typed; a select cannot show an option it does not have.
    typed = {key: value for key, value in bad.items()
             if key.startswith(("date_", "actor", "reference")) and "\x00" not in str(value)}
    assert all(f'value="{value}"' in html for value in typed.values()), typed


def test_the_username_filter_ignores_case(admin_client):
    (event,) = _events_at([datetime.datetime(2024, 5, 1, tzinfo=UTC)], actor_label="Lana.Lano")
    _events_at([datetime.datetime(2024, 5, 1, tzinfo=UTC)], actor_label="lana.lanos")
    for typed in ("lana.lano", "LANA.LANO", "lAnA.LaNo"):
        assert _ids(_get(admin_client, actor=typed)) == [event.pk], typed


# The action filter lists the actions the service writes, without reading the trail.

def test_the_action_filter_offers_every_action_with_words_and_only_those(admin_client):
    _events_at([datetime.datetime(2024, 5, 1, tzinfo=UTC)], action="test.not_an_action")
    choices = [value for value, _label in AuditFilterForm().fields["action"].choices]
    assert choices == ["", *sorted(ACTIONS)]
    html = _get(admin_client).content.decode()
    assert '<option value="auth.unlock">' in html  # never written here
    assert "test.not_an_action</option>" not in html


def test_every_action_an_inspection_writes_in_its_life_has_words(walk_to, inspected,
                                                                 lead_inspector, ofsted_admin):
    services.conflict_declare(inspection=inspected, inspector=lead_inspector,
                              by=lead_inspector, has_connection=False)
    services.team_member_add(inspection=inspected, by=ofsted_admin, user=lead_inspector,
                             role=TeamRole.LEAD)
    walk_to(inspected, State.CLOSED, call={
        "person_called": "Ian Sutherland", "lano": None,
        "person_called_role": "Director of children's services"},
        **MEDWAY_2017_DATES, closed_on=datetime.date(2018, 3, 1))
    written = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"inspection.create", "inspection.publish", "inspection.close"} <= written
    assert not written - ACTIONS.keys()
