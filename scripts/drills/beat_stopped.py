"""Beat stopped over two days.

The sweep runs on Wednesday; beat is then down on Thursday and Friday and comes back on
Monday (the days are given to the sweep, as `today`). Clocks fall due all around those
days, so reminders fell due on each missed day. Monday's sweep must remind, once, of every
clock a reminder fell due for while beat was down (the latest reminder due for each: one
email saying where the clock stands, not one for each day missed), and must not remind
again of what Wednesday's sweep sent.
"""

import datetime

from harness import emailed, reminders_due, run, say, seed_deadlines

SWEPT = datetime.date(2024, 6, 12)  # a Wednesday: the last sweep before beat stopped
MISSED = [datetime.date(2024, 6, 13), datetime.date(2024, 6, 14)]  # Thursday, Friday
BACK = datetime.date(2024, 6, 17)  # Monday: beat is back
CLOCKS = 300


def main(drill) -> None:
    from django.conf import settings

    from config import clock
    from deadlines.models import Deadline, Reminder
    from deadlines.selectors import calendar_current
    from deadlines.tasks import sweep_deadlines

    ids = seed_deadlines(CLOCKS, today=SWEPT, due_in=list(range(-2, 13)))
    drill.start_redis()
    drill.start_worker()
    first_due = reminders_due(ids, today=SWEPT)
    sweep_deadlines.delay(SWEPT.isoformat())
    drill.wait_until_settled(done=lambda: emailed(ids) == len(first_due))
    first = drill.count(deadline_ids=ids, due=first_due)
    say(f"   Wednesday's sweep: {first.line()}")
    after_first = clock.now()

    calendar = calendar_current()
    offsets = settings.DEADLINE_REMINDER_OFFSETS
    fell_due = {d for d, due_date in Deadline.objects.filter(id__in=ids)
                .values_list("id", "due_date")
                if any(SWEPT < calendar.add_working_days(due_date, -o) <= BACK for o in offsets)}
    due = {d: o for d, o in reminders_due(ids, today=BACK).items() if d in fell_due}
    say(f"   beat down on {', '.join(f'{d:%A %-d %B}' for d in MISSED)}: reminders fell due "
        f"for {len(fell_due)} clocks; back on {BACK:%A %-d %B}")
    before = Reminder.objects.count()
    sweep_deadlines.delay(BACK.isoformat())
    drill.wait_until_settled(done=lambda: emailed(ids) == before + len(due))
    counts = drill.count(deadline_ids=ids, due=due, since=after_first)
    counts.lost += len(fell_due - set(due))
    counts.duplicated += first.duplicated
    counts.lost += first.lost
    drill.report(counts, did=f"{CLOCKS} clocks, swept Wednesday, beat down Thursday and "
                             f"Friday, swept Monday")


if __name__ == "__main__":
    run(main)
