"""The command line: due dates for scripts, the arithmetic in words, the sweep on demand."""

import datetime
import io

import pytest
from django.core.management import ManagementUtility, call_command

from config.celery import BEAT_SCHEDULE, SWEEP_DEADLINES_AT

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("rule,start,due", [
    ("wsoa_submission", "2018-01-31", "2018-05-14"),
    ("notification", "2017-12-04", "2017-11-27"),
    ("factual_accuracy", "2022-05-27", "2022-06-14"),
    ("wsoa_review", "2023-04-28", "2023-05-16"),  # 1 and 8 May are bank holidays
    ("wsoa_resubmission", "2022-09-05", "2022-10-04"),
    ("dfe_progress_review", "2018-02-08", "2019-02-08"),
    ("next_full_inspection_1", "2024-02-29", "2029-02-28"),
])
def test_deadline_prints_the_due_date_alone(rule, start, due):
    assert _run("deadline", rule, start) == f"{due}\n"


def test_explain_spells_out_the_arithmetic():
    text = _run("deadline", "--explain", "factual_accuracy", "2022-05-27")
    assert "Friday 27 May 2022: draft letter sent to the area. That day is day 0." in text
    assert "Skipped 6 weekend days: 28 and 29 May 2022; 4 and 5 June 2022; 11 and 12 June 2022." \
        in text
    assert "2 June 2022 (Spring Bank Holiday); 3 June 2022 (Platinum Jubilee" in text
    assert "para 67" in text
    assert text.strip().endswith("Due date: Tuesday 14 June 2022.")


def test_an_extra_non_working_day_changes_the_answer(ofsted_admin):
    from deadlines.services import non_working_day_add

    non_working_day_add(day=datetime.date(2022, 6, 13), reason="closure", by=ofsted_admin)
    assert _run("deadline", "factual_accuracy", "2022-05-27") == "2022-06-15\n"


@pytest.mark.parametrize("args,message", [
    (["no_such_rule", "2024-01-01"], "unknown rule code 'no_such_rule'"),
    (["notification", "2024-02-30"], "'2024-02-30' is not a date"),
    (["notification", "yesterday"], "'yesterday' is not a date"),
])
def test_bad_input_is_one_line_on_stderr_and_exit_status_2(capsys, args, message):
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "deadline", *args]).execute()
    out, err = capsys.readouterr()
    assert exit_.value.code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err


def test_sweep_command_reports_what_it_did(start_clock):
    start_clock("factual_accuracy", datetime.date(2024, 5, 20))
    text = _run("sweep_deadlines", "--today", "2024-06-12")
    assert text.startswith("Swept 2024-06-12: 1 deadline(s) marked missed")


def test_the_sweep_refuses_a_batch_size_below_one(capsys):
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "sweep_deadlines", "--batch-size", "0"]).execute()
    assert exit_.value.code == 2
    assert "--batch-size must be 1 or more" in capsys.readouterr().err


def test_the_sweep_command_without_a_date_sweeps_today(frozen_today, medway, barnet, case_of):
    from deadlines import services
    from deadlines.calendar import add_working_days
    from deadlines.models import Deadline, DeadlineStatus

    for area, working_days in ((medway, -1), (barnet, 0)):
        services.deadline_start(rule_code="factual_accuracy", inspection=case_of(area),
                                start_date=add_working_days(frozen_today, working_days - 10),
                                by=None)
    text = _run("sweep_deadlines")
    assert text.startswith(f"Swept {frozen_today.isoformat()}: 1 deadline(s) marked missed")
    assert dict(Deadline.objects.values_list("local_area__name", "status")) == {
        "Medway": DeadlineStatus.MISSED, "Barnet": DeadlineStatus.OPEN}


def test_the_sweep_is_scheduled_daily_before_the_working_day():
    assert BEAT_SCHEDULE["sweep-deadlines"] == {"task": "deadlines.sweep",
                                                "schedule": SWEEP_DEADLINES_AT}
    assert SWEEP_DEADLINES_AT.hour == {6} and SWEEP_DEADLINES_AT.minute == {30}


def test_explain_counting_back_lists_only_the_days_passed_over():
    text = _run("deadline", "--explain", "notification", "2023-01-03")
    assert "5 working days before it" in text
    assert ("Skipped 4 weekend days: 24 and 25 December 2022; 31 December 2022 and "
            "1 January 2023.") in text
    assert ("26 December 2022 (Boxing Day); 27 December 2022 (Christmas Day (observed)); "
            "2 January 2023 (New Year's Day (observed)).") in text
    assert "3 January 2023 (" not in text
    assert text.strip().endswith("Due date: Thursday 22 December 2022.")
