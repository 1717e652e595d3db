"""Render the current version of an inspection's outcome letter to a PDF file."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.models import OutcomeLetter
from reports.rendering import letter_for_rendering, letter_pdf


class Command(BaseCommand):
    help = ("Render the current version of an inspection's outcome letter to a PDF: "
            "render_letter INSPECTION_REFERENCE OUT.pdf")

    def add_arguments(self, parser):
        parser.add_argument("reference", help="the inspection's reference, e.g. "
                                              "SEND-MEDWAY-2017-12")
        parser.add_argument("out", help="the PDF file to write")

    def handle(self, *args, reference: str, out: str, **options):
        try:
            letter = letter_for_rendering(inspection__reference=reference)
        except OutcomeLetter.DoesNotExist:
            raise CommandError(f"No outcome letter has been started for {reference!r}: check "
                               "the reference, or start drafting first") from None
        started = time.perf_counter()
        pdf, draft = letter_pdf(letter)
        Path(out).write_bytes(pdf)
        self.stdout.write(f"Wrote {out}: {len(pdf):,} bytes, "
                          f"{'draft' if draft else 'final'}, in "
                          f"{time.perf_counter() - started:.2f} s")
