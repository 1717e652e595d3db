"""The lifecycle table: every entry names a policy rule, real states, real date fields and
real statutory rules, and the clocks after publication follow the 2023 outcome."""

import pytest

from deadlines.rules_data import RULES as STATUTORY_RULES
from deadlines.rules_data import RULES_2023
from inspections.models import MAIN_LINE, Framework, Inspection, Outcome, State
from inspections.services.lifecycle import STEPS
from inspections.transitions import LIFECYCLE, ON_SCHEDULING, clocks_after_publication
from policy import inspections as policy

RULE_CODES = {rule["code"] for rule in [*STATUTORY_RULES, *RULES_2023]}
DATE_FIELDS = {field.name for field in Inspection._meta.get_fields()
               if field.get_internal_type() == "DateField"}


def test_every_step_is_a_policy_action():
    assert set(LIFECYCLE) <= set(policy.RULES)


def test_each_main_line_step_leads_from_one_state_to_the_next():
    main = [step for step in LIFECYCLE.values() if step.to_state in MAIN_LINE]
    assert [(set(step.from_states), step.to_state) for step in main] == [
        ({before}, after) for before, after in zip(MAIN_LINE, MAIN_LINE[1:], strict=False)]


def test_an_inspection_can_be_withdrawn_from_any_state_before_publication():
    assert STEPS["withdraw"] == set(State.values) - {
        State.PUBLISHED, State.CLOSED, State.WITHDRAWN}
    assert LIFECYCLE["withdraw"].cancels_running


def test_every_step_names_real_states_fields_and_rules():
    for name, step in LIFECYCLE.items():
        assert step.from_states and step.from_states <= set(State.values), name
        assert step.to_state is None or step.to_state in State.values, name
        assert not step.records or step.records in DATE_FIELDS, name
        assert set(step.meets) <= RULE_CODES, name
        for start in step.starts:
            assert start.rule_code in RULE_CODES and start.counts_from in DATE_FIELDS, name


def test_scheduling_starts_the_notification_clock_from_the_first_day_on_site():
    # One rule for each framework; the one that applies starts (tests/deadlines/
    # test_frameworks.py).
    assert [(start.rule_code, start.counts_from) for start in ON_SCHEDULING] == [
        ("notification", "onsite_start"), ("notification_2023", "onsite_start")]


@pytest.mark.parametrize(("framework", "outcome", "codes"), [
    (Framework.AREA_SEND_2023, Outcome(1), ["next_full_inspection_1"]),
    (Framework.AREA_SEND_2023, Outcome(2), ["next_full_inspection_2"]),
    (Framework.AREA_SEND_2023, Outcome.SYSTEMIC_FAILINGS,
     ["next_full_inspection_3", "monitoring_inspection"]),
    (Framework.AREA_SEND_2023, None, []),
    (Framework.LOCAL_AREA_SEND_2016, None, []),
])
def test_the_clocks_after_publication_follow_the_2023_outcome(framework, outcome, codes):
    starts = clocks_after_publication(Inspection(framework=framework, outcome=outcome))
    assert [start.rule_code for start in starts] == codes
    assert {start.rule_code for start in starts} <= RULE_CODES
    # After outcome 3 the next full inspection is 3 years after the inspection itself
    # (Barnet 1.14); every other clock counts from publication.
    assert [(start.rule_code, start.counts_from) for start in starts] == [
        (code, "onsite_end" if code == "next_full_inspection_3"
         else LIFECYCLE["publish"].records) for code in codes]
