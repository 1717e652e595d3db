"""A worker SIGKILLed in the middle of the deadline sweep.

Thousands of clocks owe a reminder today. A real worker (prefork, two processes) runs the
sweep task and the email deliveries it queues; once the sweep is part-way through and some
emails have gone, the worker's whole process group is killed with SIGKILL. A new worker is
started and the sweep is queued again, as beat queues it on its next run. Then every
reminder due must have been made once and emailed once to each person it reminds.
"""

import datetime
import time

from harness import emailed, reminders_due, run, say, seed_deadlines

TODAY = datetime.date(2024, 6, 12)  # a Wednesday
CLOCKS = 1500


def main(drill) -> None:
    from deadlines.models import Reminder
    from deadlines.tasks import sweep_deadlines

    ids = seed_deadlines(CLOCKS, today=TODAY, due_in=[5, 1, 0, 10])
    due = reminders_due(ids, today=TODAY)
    drill.start_redis()
    worker = drill.start_worker()
    sweep_deadlines.delay(TODAY.isoformat())
    give_up = time.monotonic() + 60
    while not (Reminder.objects.count() and emailed(ids)):
        if time.monotonic() > give_up:
            raise RuntimeError("the sweep made no reminder in time:\n" + worker.log.read_text())
        time.sleep(0.02)
    worker.kill()
    made, sent = Reminder.objects.count(), emailed(ids)
    say(f"   killed the worker (SIGKILL to its process group) with {made} of {len(due)} "
        f"reminders made and {sent} emailed")
    if made >= len(due):
        say("   FAIL: the sweep had finished before the kill; the drill proves nothing")
        drill.failed = True
        return
    drill.start_worker("worker-restarted")
    sweep_deadlines.delay(TODAY.isoformat())
    say("   restarted the worker and queued the sweep again")
    drill.wait_until_settled(done=lambda: emailed(ids) == len(due))
    drill.report(drill.count(deadline_ids=ids, due=due),
                 did=f"{CLOCKS} clocks, sweep killed part-way, worker restarted, "
                     f"sweep queued again")


if __name__ == "__main__":
    run(main)
