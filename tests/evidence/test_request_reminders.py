"""The LANO is reminded of each open information request by the daily sweep: the working day
before it is due, on the day, and once overdue; each once, and never once it is answered."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from config import clock
from deadlines.models import Notification
from deadlines.sweep import deadlines_sweep
from deadlines.tasks import sweep_deadlines
from evidence.models import InformationRequest, RequestReminder, RequestStatus
from evidence.services.documents import document_upload
from evidence.services.requests import request_answer, request_raise
from local_areas.models import LocalArea
from tests.conftest import midday_in_england
from tests.deadlines.test_sweep_concurrency import sweeps_at_once
from tests.evidence.helpers import csv_upload
from tests.factories import UserFactory

D = datetime.date
pytestmark = pytest.mark.django_db
# Frozen today is Wednesday 12 June 2024; Friday 14 June is two working days on.
FRIDAY, SATURDAY, SUNDAY, MONDAY = D(2024, 6, 14), D(2024, 6, 15), D(2024, 6, 16), D(2024, 6, 17)


@pytest.fixture
def notified(frozen_today, on_site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return on_site


def _ask(inspection, by, due_on: D, *, hour: int = 17, title: str = "SEND strategy"):
    """A request of the inspection's area due at `hour` o'clock UK time on `due_on`."""
    due_at = datetime.datetime.combine(due_on, datetime.time(hour), tzinfo=clock.ENGLAND)
    return request_raise(inspection=inspection, by=by, title=title,
                         details="The current strategy and its action plan", due_at=due_at)


def _sweep_on(day: D, django_capture_on_commit_callbacks):
    """The daily sweep run on `day`, its emails sent once it commits."""
    with (time_machine.travel(midday_in_england(day), tick=False),
          django_capture_on_commit_callbacks(execute=True)):
        return deadlines_sweep(today=day)


def _told() -> list[tuple[str, str]]:
    return sorted(Notification.objects.values_list("user__username", "subject"))


def test_the_lano_is_reminded_the_working_day_before_on_the_day_and_once_overdue(
        notified, lead_inspector, lano, django_capture_on_commit_callbacks):
    _ask(notified, lead_inspector, FRIDAY)
    said = {}
    for day in [D(2024, 6, 12), D(2024, 6, 13), FRIDAY, SATURDAY, SUNDAY, MONDAY]:
        _sweep_on(day, django_capture_on_commit_callbacks)
        said[day] = list(Notification.objects.filter(created_at__date=day)
                         .values_list("subject", flat=True))

    assert said == {
        D(2024, 6, 12): [],
        D(2024, 6, 13): ["Information request due by 5pm on Friday 14 June 2024: SEND strategy"],
        FRIDAY: ["Information request due today by 5pm: SEND strategy"],
        SATURDAY: ["Information request overdue: SEND strategy"],
        SUNDAY: [], MONDAY: []}
    assert sorted(RequestReminder.objects.values_list("offset", "send_on")) == [
        (-1, SATURDAY), (0, FRIDAY), (1, D(2024, 6, 13))]


def test_only_the_lano_of_the_inspected_area_is_told(
        notified, make_inspection, notify, barnet, ofsted_admin, lead_inspector,
        team_inspector, lano, local_area_leader, other_lano,
        django_capture_on_commit_callbacks):
    _ask(notified, lead_inspector, FRIDAY)
    barnets = make_inspection(local_area=barnet)
    notify(barnets)
    _ask(barnets, ofsted_admin, FRIDAY, title="Barnet's local offer")

    _sweep_on(FRIDAY, django_capture_on_commit_callbacks)

    # Not the lead inspector, the team, the admin or the area's leaders: the LANO answers.
    assert _told() == [
        ("lana.lano", "Information request due today by 5pm: SEND strategy"),
        ("otto.lano", "Information request due today by 5pm: Barnet's local offer")]
    assert sorted(m.to[0] for m in mail.outbox) == [lano.email, other_lano.email]


def test_the_email_says_what_is_asked_by_when_in_uk_time_and_where_to_answer(
        notified, lead_inspector, lano, django_capture_on_commit_callbacks):
    request = _ask(notified, lead_inspector, FRIDAY, hour=11)

    _sweep_on(D(2024, 6, 13), django_capture_on_commit_callbacks)

    (email,) = mail.outbox
    assert email.to == [lano.email]
    assert email.subject == "Information request due by 11am on Friday 14 June 2024: SEND strategy"
    assert "Medway for: SEND strategy" in email.body
    assert "It is due by 11am on Friday 14 June 2024." in email.body
    assert (f"/inspections/{notified.pk}/requests/{request.pk}/" in email.body)
    # The details are read in the service, behind sign-in.
    assert "action plan" not in email.body
    notification = Notification.objects.get()
    assert (notification.user, notification.inspection) == (lano, notified)
    assert notification.emailed_at is not None


def test_a_sweep_run_twice_reminds_and_emails_once(notified, lead_inspector, lano,
                                                   django_capture_on_commit_callbacks):
    _ask(notified, lead_inspector, FRIDAY)

    first = _sweep_on(FRIDAY, django_capture_on_commit_callbacks)
    again = _sweep_on(FRIDAY, django_capture_on_commit_callbacks)

    assert (first.request_reminders, first.request_notifications) == (1, 1)
    assert (again.request_reminders, again.request_notifications) == (0, 0)
    assert RequestReminder.objects.count() == Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_request_due_on_a_monday_is_reminded_on_the_friday_before(
        notified, lead_inspector, lano, django_capture_on_commit_callbacks):
    _ask(notified, lead_inspector, MONDAY)
    for day in [D(2024, 6, 13), FRIDAY, SATURDAY, SUNDAY, MONDAY]:
        _sweep_on(day, django_capture_on_commit_callbacks)

    assert sorted(RequestReminder.objects.values_list("send_on", "offset")) == [
        (FRIDAY, 1), (MONDAY, 0)]
    assert [m.subject for m in mail.outbox] == [
        "Information request due by 5pm on Monday 17 June 2024: SEND strategy",
        "Information request due today by 5pm: SEND strategy"]


def test_a_request_due_after_a_bank_holiday_is_reminded_the_working_day_before_it(
        notified, lead_inspector, lano, django_capture_on_commit_callbacks):
    # Monday 26 August 2024 is the summer bank holiday in England.
    _ask(notified, lead_inspector, D(2024, 8, 27))
    for day in [D(2024, 8, 22), D(2024, 8, 23), D(2024, 8, 24), D(2024, 8, 25),
                D(2024, 8, 26)]:
        _sweep_on(day, django_capture_on_commit_callbacks)

    assert list(RequestReminder.objects.values_list("send_on", "offset")) == [
        (D(2024, 8, 23), 1)]


def test_a_reminder_missed_while_no_sweep_ran_is_sent_late_but_only_the_latest(
        notified, lead_inspector, lano, django_capture_on_commit_callbacks):
    _ask(notified, lead_inspector, FRIDAY)

    _sweep_on(MONDAY, django_capture_on_commit_callbacks)

    assert _told() == [("lana.lano", "Information request overdue: SEND strategy")]


def test_answered_and_withdrawn_requests_are_never_reminded(
        notified, lead_inspector, lano, django_capture_on_commit_callbacks):
    answered = _ask(notified, lead_inspector, FRIDAY, title="Self-evaluation")
    document_upload(owner=answered, by=lano, upload=csv_upload())
    request_answer(request=answered, by=lano, version=answered.version)
    # No service withdraws a request yet: the row is set as one would leave it.
    withdrawn = _ask(notified, lead_inspector, FRIDAY, title="Board minutes")
    InformationRequest.objects.filter(pk=withdrawn.pk).update(status=RequestStatus.WITHDRAWN)
    _ask(notified, lead_inspector, FRIDAY, title="SEND strategy")

    for day in [D(2024, 6, 13), FRIDAY, SATURDAY]:
        _sweep_on(day, django_capture_on_commit_callbacks)

    assert set(RequestReminder.objects.values_list("request__title", flat=True)) == {
        "SEND strategy"}
    assert len(mail.outbox) == 3


def test_a_request_answered_after_its_reminder_is_not_reminded_again_once_overdue(
        notified, lead_inspector, lano, django_capture_on_commit_callbacks):
    request = _ask(notified, lead_inspector, FRIDAY)
    _sweep_on(FRIDAY, django_capture_on_commit_callbacks)
    document_upload(owner=request, by=lano, upload=csv_upload())
    request_answer(request=request, by=lano, version=request.version)

    _sweep_on(SATURDAY, django_capture_on_commit_callbacks)

    assert list(RequestReminder.objects.values_list("offset", flat=True)) == [0]


def test_requests_of_a_withdrawn_inspection_are_not_reminded(
        notified, ofsted_admin, lead_inspector, lano, django_capture_on_commit_callbacks):
    from inspections.services import inspection_withdraw

    _ask(notified, lead_inspector, FRIDAY)
    inspection_withdraw(inspection=notified, by=ofsted_admin, reason="The area asked")

    _sweep_on(FRIDAY, django_capture_on_commit_callbacks)

    assert not RequestReminder.objects.exists() and not mail.outbox


def test_an_area_not_yet_told_of_its_inspection_is_not_reminded(
        frozen_today, make_inspection, assign, lead_inspector, lano,
        django_capture_on_commit_callbacks):
    from inspections.models import TeamRole

    planned = make_inspection()
    assign(planned, lead_inspector, TeamRole.LEAD)
    _ask(planned, lead_inspector, FRIDAY)

    result = _sweep_on(FRIDAY, django_capture_on_commit_callbacks)

    assert (result.request_reminders, result.request_notifications) == (1, 0)
    assert not Notification.objects.exists() and not mail.outbox


def test_the_daily_task_reminds_of_requests(notified, lead_inspector, lano,
                                            django_capture_on_commit_callbacks):
    _ask(notified, lead_inspector, FRIDAY)

    with django_capture_on_commit_callbacks(execute=True):
        result = sweep_deadlines(today=FRIDAY.isoformat())

    assert (result["request_reminders"], result["request_notifications"]) == (1, 1)
    assert [m.to for m in mail.outbox] == [[lano.email]]


def _cases(make_inspection, notify, ofsted_admin, areas, *, each: int) -> None:
    """An inspection of each area, notified, with a LANO, and `each` requests due Friday."""
    for area in areas:
        inspection = make_inspection(local_area=area)
        notify(inspection)
        UserFactory(role=roles.LOCAL_AREA_OFFICER, local_area=area)
        for n in range(each):
            _ask(inspection, ofsted_admin, FRIDAY, title=f"Request {n}")


def _sweep_counting_queries(django_capture_on_commit_callbacks) -> tuple[int, int]:
    with (time_machine.travel(midday_in_england(FRIDAY), tick=False),
          django_capture_on_commit_callbacks(execute=False),
          CaptureQueriesContext(connection) as queries):
        result = deadlines_sweep(today=FRIDAY)
    return result.request_notifications, len(queries)


def test_the_sweep_costs_the_same_for_requests_on_two_or_six_inspections(
        frozen_today, make_inspection, notify, ofsted_admin,
        django_capture_on_commit_callbacks):
    areas = list(LocalArea.objects.valid_on(D(2017, 12, 4)).order_by("ons_code")[:8])
    _cases(make_inspection, notify, ofsted_admin, areas[:2], each=1)
    few, few_queries = _sweep_counting_queries(django_capture_on_commit_callbacks)
    _cases(make_inspection, notify, ofsted_admin, areas[2:], each=3)
    many, many_queries = _sweep_counting_queries(django_capture_on_commit_callbacks)

    assert (few, many) == (2, 18)
    assert many_queries == few_queries


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_sweeps_remind_of_each_request_exactly_once(
        frozen_today, make_inspection, notify, ofsted_admin):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks for SKIP LOCKED to skip")
    areas = list(LocalArea.objects.valid_on(D(2017, 12, 4)).order_by("ons_code")[:6])
    _cases(make_inspection, notify, ofsted_admin, areas, each=5)
    results = sweeps_at_once(today=FRIDAY, batch_size=3)

    assert sum(r.request_reminders for r in results) == 30
    assert RequestReminder.objects.count() == 30
    pairs = list(Notification.objects.values_list("subject", "inspection_id", "user_id"))
    assert len(pairs) == len(set(pairs)) == 30
    assert len(mail.outbox) == 30


def test_the_request_page_says_when_the_lano_was_reminded(
        client, notified, lead_inspector, lano, django_capture_on_commit_callbacks):
    request = _ask(notified, lead_inspector, FRIDAY)
    url = reverse("evidence:request", args=[notified.pk, request.pk])
    client.force_login(lano)
    assert "Reminded on" not in client.get(url).content.decode()
    for day in [D(2024, 6, 13), FRIDAY]:
        _sweep_on(day, django_capture_on_commit_callbacks)

    page = client.get(url).content.decode()

    assert "Reminded on" in page and "13 June 2024, 14 June 2024" in page
