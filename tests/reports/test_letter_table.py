"""The letter's lifecycle table: every entry names a policy rule, real letter states, real
date fields of the letter and real statutory rules; and the inspection's table no longer
holds the letter's steps."""

from deadlines.rules_data import RULES as STATUTORY_RULES
from inspections.models import State
from inspections.transitions import LIFECYCLE
from policy import letters as policy
from reports.models import LETTER_LINE, LetterState, OutcomeLetter
from reports.progress import PROGRESS
from reports.transitions import LETTER_LIFECYCLE

RULE_CODES = {rule["code"] for rule in STATUTORY_RULES}
LETTER_DATES = {field.name for field in OutcomeLetter._meta.get_fields()
                if field.get_internal_type() == "DateField"}


def test_every_letter_step_is_a_letter_policy_action_and_none_is_the_inspections():
    assert set(LETTER_LIFECYCLE) <= set(policy.RULES)
    assert not set(LETTER_LIFECYCLE) & set(LIFECYCLE)


def test_every_letter_step_names_real_states_fields_and_rules():
    for name, step in LETTER_LIFECYCLE.items():
        assert step.from_states and step.from_states <= set(LetterState.values), name
        assert step.to_state is None or step.to_state in LetterState.values, name
        assert not step.records or step.records in LETTER_DATES, name
        assert set(step.meets) <= RULE_CODES, name
        for start in step.clocks_started(None):
            assert start.rule_code in RULE_CODES and start.counts_from in LETTER_DATES, name


def test_the_letters_main_line_runs_drafting_to_final_and_a_return_goes_back_one():
    forward = [(set(LETTER_LIFECYCLE[name].from_states), LETTER_LIFECYCLE[name].to_state)
               for name in ("submit_for_qa", "send_draft", "issue_final")]
    assert forward == [({before}, after)
                       for before, after in zip(LETTER_LINE, LETTER_LINE[1:], strict=False)]
    back = LETTER_LIFECYCLE["return_draft"]
    assert (set(back.from_states), back.to_state) == ({LetterState.QUALITY_ASSURANCE},
                                                      LetterState.DRAFTING)


def test_the_letters_clocks_are_the_factual_accuracy_and_final_report_ones():
    started = {start.rule_code for step in LETTER_LIFECYCLE.values()
               for start in step.starts}
    met = {code for step in LETTER_LIFECYCLE.values() for code in step.meets}
    assert (started, met) == ({"factual_accuracy"}, {"factual_accuracy", "final_report"})
    inspection_clocks = {code for step in LIFECYCLE.values() for code in step.meets} | {
        start.rule_code for step in LIFECYCLE.values() for start in step.starts}
    assert not {"factual_accuracy"} & inspection_clocks
    assert "final_report" not in {code for step in LIFECYCLE.values() for code in step.meets}


def test_the_inspection_is_reporting_while_the_letter_goes_through_its_states():
    assert [State.PLANNING, State.NOTIFIED, State.ON_SITE, State.FEEDBACK_GIVEN,
                        *LETTER_LINE, State.PUBLISHED, State.CLOSED] == PROGRESS
    assert LIFECYCLE["start_drafting"].to_state == State.REPORTING
    assert LIFECYCLE["publish"].from_states == {State.REPORTING}
