"""The migration that makes CQC's one call to "health leaders" the first of the notification
call's calls to CCG or ICB chief executives, run over rows in the old shape, and back."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

D = datetime.date
OLD_INSPECTIONS = ("inspections", "0005_record_versions_and_safeguarding")

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _old() -> list[tuple[str, str]]:
    """Every app at its latest, but inspections before the health calls."""
    return [node for node in _latest() if node[0] != "inspections"] + [OLD_INSPECTIONS]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


# (reference, CQC's call at, the person CQC called)
OLD_CALLS = [
    ("WITH-NAME-AND-TIME", _at(D(2017, 11, 27), 9, 45),
     "Caroline Selkirk, Chief Executive, NHS Kent and Medway Clinical Commissioning Group"),
    ("TIME-ONLY", _at(D(2017, 12, 4), 10, 0), ""),
    ("NAME-ONLY", None, "CCG chief executive"),
    ("NO-CQC-CALL", None, ""),
]


def _old_rows(apps) -> None:
    LocalArea = apps.get_model("local_areas", "LocalArea")
    Inspection = apps.get_model("inspections", "Inspection")
    NotificationCall = apps.get_model("inspections", "NotificationCall")
    User = apps.get_model("accounts", "User")
    admin = User.objects.create(username="alice.admin", inspectorate="ofsted")
    medway = LocalArea.objects.get(ons_code="E06000035")
    for n, (reference, cqc_at, cqc_person) in enumerate(OLD_CALLS):
        start = D(2017, 12, 4) + datetime.timedelta(weeks=n)
        inspection = Inspection.objects.create(
            reference=reference, local_area=medway, framework="2016", state="notified",
            onsite_start=start, onsite_end=start + datetime.timedelta(days=4),
            notified_on=start - datetime.timedelta(days=7))
        NotificationCall.objects.create(
            inspection=inspection, called_at=_at(start - datetime.timedelta(days=7), 9, 30),
            person_called="Ian Sutherland", person_called_role="DCS", cqc_called_at=cqc_at,
            cqc_person_called=cqc_person, recorded_by=admin)


def test_the_single_cqc_call_becomes_a_health_call_and_going_back_restores_it():
    old = _old()
    executor = _migrate(old)
    _old_rows(executor.loader.project_state(old).apps)

    _migrate(_latest())
    from inspections.models import HealthLeaderCall, NotificationCall

    moved = {call.notification_call.inspection.reference:
             (call.called_at, call.person_called, call.health_partner_id, call.organisation)
             for call in HealthLeaderCall.objects.select_related(
                 "notification_call__inspection")}
    assert moved == {
        "WITH-NAME-AND-TIME": (OLD_CALLS[0][1], OLD_CALLS[0][2], None, ""),
        "TIME-ONLY": (OLD_CALLS[1][1], "", None, ""),
        "NAME-ONLY": (None, "CCG chief executive", None, ""),
    }
    # Shown as it was written: it holds the name, title and CCG together.
    assert HealthLeaderCall.objects.get(
        notification_call__inspection__reference="WITH-NAME-AND-TIME").described == \
        OLD_CALLS[0][2]
    assert NotificationCall.objects.get(inspection__reference="NO-CQC-CALL").lano_called_at \
        is None

    executor = _migrate(old)
    Old = executor.loader.project_state(old).apps.get_model("inspections", "NotificationCall")
    assert sorted(Old.objects.values_list("inspection__reference", "cqc_called_at",
                                          "cqc_person_called")) == sorted(OLD_CALLS)
    _migrate(_latest())
