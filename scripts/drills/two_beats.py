"""Two beat schedulers running at once.

Two `celery beat` processes, both with the DatabaseScheduler, read one schedule that sweeps
every second (an interval schedule the drill adds to the database, as an operator would in
the admin). Both queue the sweep, so sweeps run many times and overlap. Every reminder due
must still be made once and emailed once to each person.
"""

import datetime
import json
import time

from harness import emailed, reminders_due, run, say, seed_deadlines

TODAY = datetime.date(2024, 6, 12)  # a Wednesday
CLOCKS = 300
RUN_FOR = 8  # seconds both beats run


def main(drill) -> None:
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    ids = seed_deadlines(CLOCKS, today=TODAY, due_in=[5, 1, 0, 10])
    due = reminders_due(ids, today=TODAY)
    every_second, _ = IntervalSchedule.objects.get_or_create(
        every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(name="drill: sweep every second", task="deadlines.sweep",
                                interval=every_second, args=json.dumps([TODAY.isoformat()]))
    drill.start_redis()
    worker = drill.start_worker(concurrency=3)
    beats = [drill.start_beat("beat-1"), drill.start_beat("beat-2")]
    time.sleep(RUN_FOR)
    for beat in beats:
        beat.stop()
    sent_by = {beat.name: beat.log.read_text().count("Sending due task drill: sweep")
               for beat in beats}
    say(f"   ran two beats for {RUN_FOR}s; sweeps each queued: {sent_by}")
    drill.wait_until_settled(done=lambda: emailed(ids) == len(due) and drill.queued() == 0)
    sweeps = worker.log.read_text().count("Task deadlines.sweep[")
    say(f"   sweeps the worker ran (started or finished): {sweeps}")
    counts = drill.count(deadline_ids=ids, due=due)
    if min(sent_by.values()) == 0:
        counts.notes.append("one beat queued no sweep: the drill proves nothing")
        counts.lost += 1
    drill.report(counts, did=f"{CLOCKS} clocks, two beats with the DatabaseScheduler, a sweep "
                             f"every second from each")


if __name__ == "__main__":
    run(main)
