"""The migration that hangs every clock on its inspection, run over rows in the old shape."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from deadlines.models import Deadline, Notification, Reminder

D = datetime.date
BEFORE_DEADLINES = ("deadlines", "0004_rule_period_bounds")

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


# The audit trail's clean-up reads the inspection of each clock, so it comes after the change.
BEFORE_AUDIT = ("audit", "0003_auditevent_inspection")


# The outcome letter came later: before it, inspections held the letter's dates.
# The written statement of action, after the letters, goes back with them (and its clocks'
# foreign key, and the statements' documents).
BEFORE_LETTERS = [("wsoa", None), ("evidence", "0006_self_evaluations_from_engagement_meetings"),
                  ("inspections", "0003_engagement_message"), ("reports", None)]
HELD_BACK_WITH_LETTERS = ("inspections", "reports", "wsoa", "evidence")


def _before() -> list[tuple[str, str | None]]:
    """Every app at its latest migration but deadlines, which is just before the change (and
    the audit trail, whose latest migration needs the change, and the inspections and letters
    as they were then)."""
    held_back = ("deadlines", "audit", *HELD_BACK_WITH_LETTERS)
    return [node for node in _latest() if node[0] not in held_back] + [
        BEFORE_DEADLINES, BEFORE_AUDIT, *BEFORE_LETTERS]


def _state_nodes(targets) -> list[tuple[str, str]]:
    """The targets as nodes of the graph: an app taken back to zero is not one."""
    return [node for node in targets if node[1] is not None]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    if targets == _before():
        # Take the letters back first, while the clocks' migrations still find the schema
        # their reverse steps read.
        executor.migrate([node for node in _latest()
                          if node[0] not in HELD_BACK_WITH_LETTERS] + BEFORE_LETTERS)
        executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _old_rows(apps) -> dict:
    """Clocks as the generic subject held them: one on an inspection (whose area was copied
    wrong), one on a local area standing in for a case, one on an inspection since gone; each
    reminded once."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    LocalArea = apps.get_model("local_areas", "LocalArea")
    Inspection = apps.get_model("inspections", "Inspection")
    Rule = apps.get_model("deadlines", "StatutoryRule")
    OldDeadline = apps.get_model("deadlines", "Deadline")
    OldReminder = apps.get_model("deadlines", "Reminder")
    OldNotification = apps.get_model("deadlines", "Notification")
    User = apps.get_model("accounts", "User")

    medway = LocalArea.objects.get(ons_code="E06000035")
    barnet = LocalArea.objects.get(ons_code="E09000003")
    inspection = Inspection.objects.create(reference="SEND-MEDWAY-2017-12", local_area=medway,
                                           framework="2016", onsite_start=D(2017, 12, 4),
                                           onsite_end=D(2017, 12, 8))
    inspection_type, _ = ContentType.objects.get_or_create(app_label="inspections",
                                                           model="inspection")
    area_type, _ = ContentType.objects.get_or_create(app_label="local_areas", model="localarea")
    rule = Rule.objects.get(code="factual_accuracy")
    user = User.objects.create(username="lana.lano")

    def clock(subject_type, subject_id, area, label):
        deadline = OldDeadline.objects.create(
            rule=rule, local_area=area, subject_type=subject_type, subject_id=subject_id,
            case_label=label, start_date=D(2018, 1, 10), due_date=D(2018, 1, 24))
        reminder = OldReminder.objects.create(deadline=deadline, offset=5,
                                              send_on=D(2018, 1, 17))
        OldNotification.objects.create(user=user, reminder=reminder, deadline=deadline,
                                       subject="Due soon", body="Due soon")
        return deadline.pk

    return {
        "inspection": inspection.pk,
        "kept": clock(inspection_type, inspection.pk, barnet, "a stale label"),
        "on_area": clock(area_type, medway.pk, medway, "Medway case"),
        "gone": clock(inspection_type, 10**9, medway, "Deleted inspection"),
        "starts_on": rule.starts_on,
    }


def test_clocks_on_inspections_are_kept_and_the_others_removed_with_their_reminders():
    executor = _migrate(_before())
    rows = _old_rows(executor.loader.project_state(_state_nodes(_before())).apps)

    _migrate(_latest())

    kept = Deadline.objects.select_related("inspection__local_area").get()
    assert kept.pk == rows["kept"] and kept.inspection_id == rows["inspection"]
    assert kept.local_area == kept.inspection.local_area
    assert kept.local_area.name == "Medway"
    assert kept.start_event == rows["starts_on"] == "draft letter sent to the area"
    assert str(kept) == "factual_accuracy for Medway 2016 local area SEND inspection, " \
                        "December 2017"
    assert list(Reminder.objects.values_list("deadline_id", flat=True)) == [kept.pk]
    assert list(Notification.objects.values_list("deadline_id", flat=True)) == [kept.pk]


def test_reversing_it_puts_back_the_subject_of_the_clocks_it_kept():
    executor = _migrate(_before())
    rows = _old_rows(executor.loader.project_state(_state_nodes(_before())).apps)
    _migrate(_latest())

    executor = _migrate(_before())

    apps = executor.loader.project_state(_state_nodes(_before())).apps
    OldDeadline = apps.get_model("deadlines", "Deadline")
    old = OldDeadline.objects.select_related("subject_type").get()
    assert (old.pk, old.subject_id) == (rows["kept"], rows["inspection"])
    assert (old.subject_type.app_label, old.subject_type.model) == ("inspections",
                                                                    "inspection")
    assert old.case_label == "Medway 2016 local area SEND inspection, December 2017"
    _migrate(_latest())
    assert Deadline.objects.get().inspection_id == rows["inspection"]
