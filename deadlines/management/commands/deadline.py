import datetime

from django.core.management.base import BaseCommand, CommandError

from deadlines.arithmetic import compute_due_date
from deadlines.models import StatutoryRule
from deadlines.selectors import calendar_current


class Command(BaseCommand):
    help = ("Print the due date (ISO) of a clock of RULE_CODE whose start event fell on DATE; "
            "with --explain, how it was worked out.")

    def add_arguments(self, parser):
        parser.add_argument("rule_code")
        parser.add_argument("date", help="the start event's date, YYYY-MM-DD")
        parser.add_argument("--explain", action="store_true",
                            help="print the arithmetic in words instead of the date alone")

    def handle(self, *args, rule_code: str, date: str, explain: bool, **options):
        try:
            start = datetime.date.fromisoformat(date)
        except ValueError:
            raise CommandError(f"{date!r} is not a date: use YYYY-MM-DD, for example "
                               f"2025-03-27", returncode=2) from None
        rule = StatutoryRule.objects.filter(code=rule_code).first()
        if rule is None:
            codes = ", ".join(StatutoryRule.objects.values_list("code", flat=True))
            raise CommandError(f"unknown rule code {rule_code!r}; known codes: {codes}",
                               returncode=2)
        result = compute_due_date(period=rule.period, start=start, start_event=rule.starts_on,
                                  calendar=calendar_current())
        if explain:
            self.stdout.write(f"{rule.code}: {rule.description} ({rule.source}).")
            for line in result.explanation:
                self.stdout.write(line)
        else:
            self.stdout.write(result.due_date.isoformat())
