"""Editing a statutory rule safely: events chosen from the list the service records, negative
periods only for rules counting back from a planned event, and a confirmation that lists
each due date that will move, from its date now to its new one."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from deadlines import services
from deadlines.events import BY_WORDING, EVENTS, NEGATIVE_FORWARD, UNKNOWN_START, UNKNOWN_STOP
from deadlines.forms import RuleForm
from deadlines.models import Deadline, StatutoryRule
from deadlines.rules_data import RULES
from local_areas.models import LocalArea
from tests.conftest import FROZEN_TODAY

D = datetime.date
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def _start(rule: str, start_date: datetime.date, *, case) -> Deadline:
    return services.deadline_start(rule_code=rule, inspection=case, start_date=start_date,
                                   by=None)


def _rule_post(code: str, **changes) -> dict:
    initial = {**RuleForm.initial_for(StatutoryRule.objects.get(code=code)), **changes}
    data = {key: value for key, value in initial.items() if key not in ("binds", "dfe_can_view")}
    data["binds"] = initial["binds"]
    if initial["dfe_can_view"]:
        data["dfe_can_view"] = "on"
    return data


def _edit(client, code: str, **changes):
    return client.post(reverse("deadlines:rule-edit", args=[code]), _rule_post(code, **changes))


def _html(response) -> str:
    return response.content.decode()


def _error_on(html: str, field: str) -> str:
    """The GOV.UK error message shown on the field, without its hidden "Error:" prefix."""
    found = re.search(rf'id="id_{field}(?:_\d+)?_error" class="govuk-error-message">\s*'
                      r'<span class="govuk-visually-hidden">Error:</span>\s*([^<]*)<', html)
    assert found, f"no error on {field}"
    return found.group(1).strip()


# Events from the list ------------------------------------------------------------------------

def test_every_rule_as_loaded_counts_from_and_is_met_by_events_in_the_list():
    for rule in [*RULES, *StatutoryRule.objects.values()]:
        assert rule["starts_on"] in BY_WORDING, rule["code"]
        assert rule["stops_on"] in BY_WORDING, rule["code"]


def test_the_events_are_offered_as_a_list_not_typed(client, ofsted_admin):
    client.force_login(ofsted_admin)
    html = _html(client.get(reverse("deadlines:rule-edit", args=["wsoa_submission"])))
    for field in ("starts_on", "stops_on"):
        assert re.search(rf'<select[^>]*name="{field}"', html)
        assert not re.search(rf'<input[^>]*name="{field}"', html)
        select = re.search(rf'<select[^>]*name="{field}".*?</select>', html, re.S).group(0)
        offered = re.findall(r'<option value="([^"]*)"', select)
        assert ["", *(escape(event.wording) for event in EVENTS)] == offered
    assert re.search(r'<option value="principal authority receives the final report"\s+'
                     r'selected>', html)


@pytest.mark.parametrize(("field", "message"), [("starts_on", UNKNOWN_START),
                                                ("stops_on", UNKNOWN_STOP)])
def test_an_event_not_in_the_list_is_refused_on_its_field(client, ofsted_admin, field,
                                                          message):
    client.force_login(ofsted_admin)
    response = _edit(client, "factual_accuracy", **{field: "when the lead feels like it"})
    html = _html(response)
    assert response.status_code == 200
    assert _error_on(html, field) == message
    assert f'href="#id_{field}">{message}</a>' in html  # the error summary links to it
    rule = StatutoryRule.objects.get(code="factual_accuracy")
    assert (rule.starts_on, rule.stops_on) == ("draft letter sent to the area",
                                               "the area's comments received")


def test_the_service_refuses_an_event_not_in_the_list(ofsted_admin):
    rule = StatutoryRule.objects.get(code="wsoa_submission")
    with pytest.raises(ValidationError) as refused:
        services.rule_update(rule=rule, by=ofsted_admin, stops_on="statement emailed")
    assert refused.value.message_dict == {"stops_on": [UNKNOWN_STOP]}
    assert StatutoryRule.objects.get(code="wsoa_submission").stops_on == (
        "written statement received")


def test_a_rule_can_count_from_another_event_in_the_list(client, ofsted_admin):
    client.force_login(ofsted_admin)
    response = client.post(reverse("deadlines:rule-edit", args=["wsoa_submission"]),
                           _rule_post("wsoa_submission", starts_on="report published"),
                           follow=True)
    assert "Rule saved." in _html(response)
    assert StatutoryRule.objects.get(code="wsoa_submission").starts_on == "report published"


def test_a_stored_event_no_longer_in_the_list_must_be_chosen_again(client, ofsted_admin):
    StatutoryRule.objects.filter(code="final_report").update(starts_on="end of fieldwork")
    client.force_login(ofsted_admin)
    html = _html(client.get(reverse("deadlines:rule-edit", args=["final_report"])))
    select = re.search(r'<select[^>]*name="starts_on".*?</select>', html, re.S).group(0)
    # The empty choice shows, not the first event.
    tags = re.findall(r"<option[^>]*>", re.sub(r'"[^"]*"', '""', select))
    assert [tag for tag in tags if "selected" in tag] == []
    html = _html(_edit(client, "final_report", period_amount=30))
    assert _error_on(html, "starts_on") == UNKNOWN_START
    assert StatutoryRule.objects.get(code="final_report").starts_on == "end of fieldwork"


# Negative periods ----------------------------------------------------------------------------

def test_a_negative_period_is_refused_for_a_rule_counting_forward(client, ofsted_admin):
    client.force_login(ofsted_admin)
    html = _html(_edit(client, "factual_accuracy", period_amount=-3))
    assert _error_on(html, "period_amount") == NEGATIVE_FORWARD
    assert 'value="-3"' in html  # the input is kept
    assert StatutoryRule.objects.get(code="factual_accuracy").period_amount == 10


def test_the_service_refuses_a_negative_period_for_a_rule_counting_forward(ofsted_admin):
    rule = StatutoryRule.objects.get(code="final_report")
    with pytest.raises(ValidationError) as refused:
        services.rule_update(rule=rule, by=ofsted_admin, period_amount=-1)
    assert refused.value.message_dict == {"period_amount": [NEGATIVE_FORWARD]}


def test_a_rule_counting_back_cannot_keep_its_negative_period_from_an_unplanned_event(
        client, ofsted_admin):
    client.force_login(ofsted_admin)
    html = _html(_edit(client, "notification", starts_on="last day of on-site work"))
    assert _error_on(html, "period_amount") == NEGATIVE_FORWARD
    assert StatutoryRule.objects.get(code="notification").starts_on == "on-site work starts"


def test_the_notification_rule_counts_back_with_a_negative_period(client, ofsted_admin):
    client.force_login(ofsted_admin)
    response = client.post(reverse("deadlines:rule-edit", args=["notification"]),
                           _rule_post("notification", period_amount=-3), follow=True)
    assert "Rule saved. 0 due dates moved." in _html(response)
    assert StatutoryRule.objects.get(code="notification").period_amount == -3


# The confirmation lists what moves -----------------------------------------------------------

def _rows_of(html: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    body = re.search(r"<tbody.*?</tbody>", table, re.S).group(0)
    return [[re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>",
                                                                       row, re.S)]
            for row in re.findall(r"<tr[^>]*>.*?</tr>", body, re.S)]


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_the_confirmation_lists_each_clock_that_moves_from_old_to_new_due_date(
        client, ofsted_admin, case_of, medway, barnet):
    medway_clock = _start("final_report", D(2024, 5, 20), case=case_of(medway))
    barnet_clock = _start("final_report", D(2024, 6, 3), case=case_of(barnet))
    met = _start("final_report", D(2024, 1, 8), case=case_of(LocalArea.objects.exclude(
        pk__in=[medway.pk, barnet.pk]).order_by("pk").first()))
    services.deadline_meet(deadline=met, met_on=D(2024, 2, 1), by=ofsted_admin)
    client.force_login(ofsted_admin)

    html = _html(_edit(client, "final_report", period_amount=30))
    rows = _rows_of(html, "moving")
    # Soonest due first; the met clock does not move. 28 working days from Monday 20 May
    # 2024, skipping the spring bank holiday on 27 May, is 28 June; 30 is 2 July.
    # 28 working days from 3 June 2024 is 11 July; 30 is 15 July.
    assert rows == [
        [str(medway_clock.case), "28 June 2024", "2 July 2024"],
        [str(barnet_clock.case), "11 July 2024", "15 July 2024"],
    ]
    assert [row[1] for row in rows] == [_long(medway_clock.due_date), _long(barnet_clock.due_date)]

    client.post(reverse("deadlines:rule-edit", args=["final_report"]),
                {**_rule_post("final_report", period_amount=30), "confirm": "yes"})
    stored = [_long(d.due_date) for d in Deadline.objects.filter(
        pk__in=[medway_clock.pk, barnet_clock.pk]).order_by("due_date")]
    assert stored == [row[2] for row in rows]  # what was shown is what is stored


def test_the_preview_changes_nothing_and_uses_the_stored_computation(ofsted_admin, case_of,
                                                                     medway):
    clock = _start("factual_accuracy", D(2024, 6, 3), case=case_of(medway))
    rule = StatutoryRule.objects.get(code="factual_accuracy")
    moves = services.rule_change_preview(rule=rule, changes={"period_amount": 12})
    assert [(m.deadline, m.old, m.new) for m in moves] == [
        (clock, D(2024, 6, 17), D(2024, 6, 19))]
    clock.refresh_from_db()
    assert clock.due_date == D(2024, 6, 17)
    assert StatutoryRule.objects.get(code="factual_accuracy").period_amount == 10


def _confirm_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = _edit(client, "final_report", period_amount=30)
    assert 'id="moving"' in _html(response)
    return len(queries)


def test_the_confirmation_costs_the_same_for_2_or_12_moving_clocks(client, ofsted_admin,
                                                                   case_of):
    areas = list(LocalArea.objects.order_by("pk")[:12])
    for area in areas[:2]:
        _start("final_report", FROZEN_TODAY, case=case_of(area))
    client.force_login(ofsted_admin)
    few = _confirm_queries(client)
    for area in areas[2:]:
        _start("final_report", FROZEN_TODAY, case=case_of(area))
    assert _confirm_queries(client) == few
