import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, demo_manifest, seed_accounts
from config import clock
from inspections.demo import seed_inspections
from local_areas.demo import seed_local_areas
from local_areas.models import LocalArea


class Command(BaseCommand):
    help = "Create deterministic demo data (only with DEBUG on). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--manifest", type=Path,
                            help="write a JSON list of every demo account to this file")

    def handle(self, *args, manifest: Path | None = None, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on: demo accounts share a "
                               "published password")
        if not LocalArea.objects.exists():
            raise CommandError("The register of local areas is empty: run migrate first")
        with transaction.atomic():
            users = seed_accounts()
            seed_local_areas(users=users)
            seed_inspections(users=users, today=clock.today())
        accounts = demo_manifest()
        if manifest is not None:
            manifest.write_text(json.dumps(accounts, indent=2) + "\n")
        self.stdout.write(f"Demo data ready: {LocalArea.objects.count()} local areas in the "
                          f"register, {len(accounts)} demo accounts.")
        self.stdout.write(f"Every demo account's password is: {DEMO_PASSWORD}")
        for account in accounts:
            area = f" ({account['local_area']})" if account["local_area"] else ""
            self.stdout.write(f"  {account['username']:<18} {account['role']}{area}")
        self.stdout.write("Staff and DfE accounts set up an authenticator app at their first "
                          "sign-in: the page shows the key as text and as a QR code.")
