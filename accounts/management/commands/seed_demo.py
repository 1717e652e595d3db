import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, demo_manifest, seed_accounts
from config import clock
from config.national import already_seeded, fingerprint, seed_national, table_counts
from evidence.demo import seed_evidence
from inspections.demo import seed_inspections
from local_areas.demo import seed_local_areas
from local_areas.models import LocalArea
from wsoa.demo import seed_wsoas


class Command(BaseCommand):
    help = ("Create deterministic demo data (only with DEBUG on). The demo scale (the default) "
            "is safe to run again. --scale national adds ten years of national data on top "
            "(about 600 accounts, 1,500 inspections, 100,000 statutory clocks and 1,000,000 "
            "audit events) and refuses to run on a database that already has it.")

    def add_arguments(self, parser):
        parser.add_argument("--manifest", type=Path,
                            help="write a JSON list of every demo account to this file")
        parser.add_argument("--scale", choices=["demo", "national"], default="demo",
                            help="demo (the default): the demo personas and their "
                                 "inspections; national: those, then ten years of national "
                                 "data (once per database)")
        parser.add_argument("--fraction", type=float, default=1.0,
                            help="with --scale national, scale every count by this (0 to 1], "
                                 "e.g. 0.01 for a quick run")

    def handle(self, *args, manifest: Path | None = None, scale: str = "demo",
               fraction: float = 1.0, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on: demo accounts share a "
                               "published password")
        if not LocalArea.objects.exists():
            raise CommandError("The register of local areas is empty: run migrate first")
        if scale == "national":
            if not 0 < fraction <= 1:
                raise CommandError("--fraction must be more than 0 and at most 1")
            if already_seeded():
                raise CommandError("This database already holds the national data (seed_demo "
                                   "--scale national runs once per database): start from a "
                                   "new database to seed it again")
        elif fraction != 1.0:
            raise CommandError("--fraction goes with --scale national")
        with transaction.atomic():
            users = seed_accounts()
            seed_local_areas(users=users)
            seed_inspections(users=users, today=clock.today())
            seed_evidence(users=users)
            # After the letters' publication: the statements they call for.
            seed_wsoas(users=users)
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
        if scale == "national":
            self._national(fraction=fraction, progress=options.get("verbosity", 1) >= 1)

    def _national(self, *, fraction: float, progress: bool) -> None:
        started = time.monotonic()
        self.stdout.write(f"Adding ten years of national data (fraction {fraction:g})...")
        seed_national(fraction=fraction, progress=progress)
        self.stdout.write(f"National data ready in {time.monotonic() - started:.0f}s. Rows "
                          f"in the database now:")
        for label, count in table_counts().items():
            self.stdout.write(f"  {label:<32} {count:>10,}")
        self.stdout.write(f"Fingerprint: {fingerprint()}")
