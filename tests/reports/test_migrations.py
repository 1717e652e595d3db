"""The migration that moves the letter's workflow off the inspection, run over rows in the
old shape, and back."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

D = datetime.date
# The written statement of action follows the letters' determination: it goes back first,
# with the statements' documents.
BEFORE = [("wsoa", None), ("evidence", "0006_self_evaluations_from_engagement_meetings"),
          ("inspections", "0003_engagement_message"), ("reports", None)]
OLD_STATE = [("inspections", "0003_engagement_message")]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


# (reference, old state, draft sent, comments received, final issued, published)
OLD_ROWS = [
    ("PLANNED", "planning", None, None, None, None),
    ("IN-QA", "quality_assurance", None, None, None, None),
    ("WITH-AREA", "draft_with_local_area", D(2018, 1, 10), D(2018, 1, 22), None, None),
    ("PUBLISHED", "published", D(2018, 1, 10), D(2018, 1, 22), D(2018, 1, 31), D(2018, 2, 8)),
    ("WITHDRAWN-AFTER-DRAFT", "withdrawn", D(2018, 1, 10), None, None, None),
]


def _old_rows(apps) -> None:
    LocalArea = apps.get_model("local_areas", "LocalArea")
    Inspection = apps.get_model("inspections", "Inspection")
    medway = LocalArea.objects.get(ons_code="E06000035")
    for n, (reference, state, draft, comments, final, published) in enumerate(OLD_ROWS):
        start = D(2017, 10, 2) + datetime.timedelta(weeks=n)
        Inspection.objects.create(
            reference=reference, local_area=medway, framework="2016", state=state,
            onsite_start=start, onsite_end=start + datetime.timedelta(days=4),
            notified_on=start - datetime.timedelta(days=7), draft_sent_on=draft,
            comments_received_on=comments, final_issued_on=final, published_on=published)


def test_letters_take_the_state_and_dates_and_going_back_restores_them():
    executor = _migrate(BEFORE)
    _old_rows(executor.loader.project_state(OLD_STATE).apps)

    _migrate(_latest())
    from inspections.models import Inspection
    from reports.models import OutcomeLetter

    assert dict(Inspection.objects.values_list("reference", "state")) == {
        "PLANNED": "planning", "IN-QA": "reporting", "WITH-AREA": "reporting",
        "PUBLISHED": "published", "WITHDRAWN-AFTER-DRAFT": "withdrawn"}
    letters = {letter.inspection.reference: letter
               for letter in OutcomeLetter.objects.select_related("inspection")}
    assert {reference: (letter.state, letter.draft_sent_on, letter.comments_received_on,
                        letter.final_issued_on) for reference, letter in letters.items()} == {
        "IN-QA": ("quality_assurance", None, None, None),
        "WITH-AREA": ("draft_with_local_area", D(2018, 1, 10), D(2018, 1, 22), None),
        "PUBLISHED": ("final_issued", D(2018, 1, 10), D(2018, 1, 22), D(2018, 1, 31)),
        "WITHDRAWN-AFTER-DRAFT": ("draft_with_local_area", D(2018, 1, 10), None, None),
    }
    assert {tuple(letter.versions.values_list("number", "reason"))
            for letter in letters.values()} == {((1, "carried_over"),)}
    # Those sent were sent at their one version, whose text was never kept (0009).
    assert {reference: letter.sent_version_number
            for reference, letter in letters.items()} == {
        "IN-QA": None, "WITH-AREA": 1, "PUBLISHED": 1, "WITHDRAWN-AFTER-DRAFT": 1}
    assert [list(letter.versions.values_list("text", "frozen_at"))
            for letter in letters.values()] == [[([], None)]] * len(letters)

    executor = _migrate(BEFORE)
    Old = executor.loader.project_state(OLD_STATE).apps.get_model("inspections", "Inspection")
    assert sorted(Old.objects.values_list("reference", "state", "draft_sent_on",
                                          "comments_received_on", "final_issued_on",
                                          "published_on")) == sorted(OLD_ROWS)
    _migrate(_latest())
