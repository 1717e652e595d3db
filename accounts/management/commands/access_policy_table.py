"""Print the access policy as Markdown tables (for docs/decisions/0010-one-access-policy.md)."""

from django.core.management.base import BaseCommand

from policy.table import markdown


class Command(BaseCommand):
    help = "Print the access policy as Markdown tables, one per protected object"

    def handle(self, *args, **options):
        self.stdout.write(markdown())
