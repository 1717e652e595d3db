"""Redis, the broker, restarted during a sweep.

The drill's own Redis keeps nothing on disk, so a restart loses every message queued in it:
the deliveries the sweep had queued, and whatever the worker had taken but not finished.
Redis is stopped part-way through the sweep and started again a second later; the worker
reconnects by itself. Once it is back the sweep is queued again, as beat queues it on its
next run. Then every reminder due must have been made once and emailed once to each person.
"""

import datetime
import time

from harness import emailed, reminders_due, run, say, seed_deadlines

TODAY = datetime.date(2024, 6, 12)  # a Wednesday
CLOCKS = 1000


def main(drill) -> None:
    from deadlines.models import Reminder
    from deadlines.tasks import sweep_deadlines

    ids = seed_deadlines(CLOCKS, today=TODAY, due_in=[5, 1, 0, 10])
    due = reminders_due(ids, today=TODAY)
    redis = drill.start_redis()
    worker = drill.start_worker()
    sweep_deadlines.delay(TODAY.isoformat())
    give_up = time.monotonic() + 60
    while not (Reminder.objects.count() and emailed(ids)):
        if time.monotonic() > give_up:
            raise RuntimeError("the sweep made no reminder in time:\n" + worker.log.read_text())
        time.sleep(0.02)
    queued = drill.queued()
    redis.kill()
    made, sent = Reminder.objects.count(), emailed(ids)
    say(f"   stopped Redis (SIGKILL; {queued} messages were queued in it) with {made} of "
        f"{len(due)} reminders made and {sent} emailed")
    time.sleep(1)
    drill.start_redis()
    time.sleep(2)  # the worker reconnects with backoff
    say(f"   started Redis again, empty; worker still running: {worker.alive()}")
    sweep_deadlines.delay(TODAY.isoformat())
    drill.wait_until_settled(done=lambda: emailed(ids) == len(due))
    drill.report(drill.count(deadline_ids=ids, due=due),
                 did=f"{CLOCKS} clocks, Redis restarted part-way through the sweep, "
                     f"sweep queued again once it was back")


if __name__ == "__main__":
    run(main)
