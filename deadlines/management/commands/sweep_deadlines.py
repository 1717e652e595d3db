import datetime

from django.core.management.base import BaseCommand, CommandError

from config import clock
from deadlines.sweep import BATCH_SIZE, deadlines_sweep


class Command(BaseCommand):
    help = "Run the deadline sweep once: mark passed deadlines missed and send reminders."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="sweep as if it were this date, YYYY-MM-DD")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE,
                            help=f"deadlines reminded per transaction (default {BATCH_SIZE})")

    def handle(self, *args, today: str | None = None, batch_size: int = BATCH_SIZE,
               **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more", returncode=2)
        try:
            day = datetime.date.fromisoformat(today) if today else clock.today()
        except ValueError:
            raise CommandError(f"{today!r} is not a date: use YYYY-MM-DD",
                               returncode=2) from None
        result = deadlines_sweep(today=day, batch_size=batch_size)
        self.stdout.write(f"Swept {day.isoformat()}: {result.missed} deadline(s) marked missed, "
                          f"{result.reminders} reminder(s) sent to {result.notifications} "
                          f"recipient(s).")
