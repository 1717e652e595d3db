"""Scan every document version kept before it could be scanned (evidence 0006 moved the
engagement meetings' self-evaluations so), and say what was found."""

from django.core.management.base import BaseCommand

from evidence.services.documents import documents_scan_pending


class Command(BaseCommand):
    help = "Scan for viruses every document version still waiting to be scanned."

    def handle(self, *args, **options):
        found = documents_scan_pending()
        self.stdout.write(
            f"{found.clean} clean, {found.infected} with a virus (removed), "
            f"{found.not_scanned} marked not scanned (no scanner configured), "
            f"{found.missing} missing from the store, {found.waiting} still waiting")
        if found.waiting:
            self.stdout.write("Those waiting need a scanner: set CLAMD_SOCKET or CLAMD_HOST "
                              "and run this again.")
