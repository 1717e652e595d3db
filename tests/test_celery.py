"""The Celery app talks to the real broker: a worker started here answers over Redis."""

import os

import pytest
from celery.contrib.django.task import DjangoTask
from celery.contrib.testing.worker import start_worker

from config.celery import BEAT_SCHEDULE, app

needs_redis = pytest.mark.skipif(not os.environ.get("REDIS_URL"),
                                 reason="needs REDIS_URL: the embedded broker is for `make run`")


def test_beat_reads_its_schedule_from_the_one_place_it_is_declared():
    assert app.conf.beat_schedule is BEAT_SCHEDULE
    assert app.conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"


def test_every_task_can_wait_for_the_transaction_that_queues_it():
    import deadlines.tasks  # noqa: F401 - registers the tasks

    ours = {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}
    assert {"deadlines.sweep", "deadlines.deliver_reminder_email"} <= set(ours)
    assert all(isinstance(task, DjangoTask) for task in ours.values())


@needs_redis
def test_a_worker_answers_over_redis():
    assert app.conf.broker_url.startswith("redis://")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        replies = app.control.ping(destination=[worker.hostname], timeout=5)
    assert replies == [{worker.hostname: {"ok": "pong"}}]
