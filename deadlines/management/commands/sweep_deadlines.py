import datetime

from django.core.management.base import BaseCommand, CommandError

from config import clock
from deadlines.sweep import deadlines_sweep


class Command(BaseCommand):
    help = "Run the deadline sweep once: mark passed deadlines missed and send reminders."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="sweep as if it were this date, YYYY-MM-DD")

    def handle(self, *args, today: str | None = None, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else clock.today()
        except ValueError:
            raise CommandError(f"{today!r} is not a date: use YYYY-MM-DD",
                               returncode=2) from None
        result = deadlines_sweep(today=day)
        self.stdout.write(f"Swept {day.isoformat()}: {result.missed} deadline(s) marked missed, "
                          f"{result.reminders} reminder(s) sent to {result.notifications} "
                          f"recipient(s).")
