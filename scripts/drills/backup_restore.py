"""`make backup` and `make restore`.

The demo data (`manage.py seed_demo`) and a few uploaded files (self-evaluations shared by
local areas, through the document service) are backed up with `make backup`, restored
with `make restore` into a new, empty database and media folder, and compared: every table
must hold as many rows as before, and every file must have the same SHA-256.
"""

import hashlib
import io
import re
import subprocess
import sys
from pathlib import Path

from harness import ROOT, create_database, database_url, run, say
from psycopg2 import sql

UPLOADS = 3


def main(drill) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import override_settings

    from accounts import roles
    from accounts.models import User
    from evidence.services.documents import document_upload

    drill.start_redis()  # seeding queues tasks; no worker runs them, so nothing changes after
    subprocess.run([sys.executable, "manage.py", "seed_demo"], cwd=ROOT, check=True,
                   env=drill.env(DEBUG="1"), stdout=subprocess.DEVNULL)
    officers = (User.objects.filter(groups__name=roles.LOCAL_AREA_OFFICER, is_active=True,
                                    local_area__isnull=False).order_by("username"))
    # No virus scanner runs in this drill: the files are kept as "not scanned", as in
    # development.
    with override_settings(DOCUMENTS_UNSCANNED_ALLOWED=True):
        for n in range(UPLOADS):
            officer = officers[n % len(officers)]
            document_upload(owner=officer.local_area, by=officer, upload=SimpleUploadedFile(
                f"self-evaluation-{n}.pdf", _pdf(pages=n + 1)))
    before = _row_counts(connection), _file_hashes(drill.media)
    say(f"   seeded the demo data and uploaded {UPLOADS} files: {len(before[0])} tables, "
        f"{sum(before[0].values())} rows, {len(before[1])} files")

    backups = drill.tmp / "backups"
    made = subprocess.run(["make", "--no-print-directory", "backup"], cwd=ROOT, check=True,
                          env=drill.env(BACKUP_DIR=str(backups)), capture_output=True,
                          text=True)
    folder = re.search(r"Backed up to (\S+)", made.stdout).group(1)
    say(f"   make backup wrote {folder}: "
        + ", ".join(f"{p.name} {p.stat().st_size} bytes" for p in sorted(Path(folder).iterdir())))

    restored_db = f"{drill.database}_restored"
    restored_media = drill.tmp / "restored-media"
    create_database(restored_db)
    drill.extra_databases.append(restored_db)
    subprocess.run(["make", "--no-print-directory", "restore", f"BACKUP={folder}"], cwd=ROOT,
                   check=True, capture_output=True,
                   env={**drill.env(), "DATABASE_URL": database_url(restored_db),
                        "MEDIA_ROOT": str(restored_media)})
    import psycopg2

    with psycopg2.connect(database_url(restored_db)) as restored:
        after = _row_counts(restored), _file_hashes(restored_media)
    restored.close()
    say(f"   make restore into {restored_db} and a new media folder: {len(after[0])} tables, "
        f"{sum(after[0].values())} rows, {len(after[1])} files")

    tables = [t for t in before[0].keys() | after[0].keys()
              if before[0].get(t) != after[0].get(t)]
    files = [f for f in before[1].keys() | after[1].keys() if before[1].get(f) != after[1].get(f)]
    say(f"   did: seed_demo plus {UPLOADS} uploads, make backup, make restore into a fresh "
        f"database and media folder")
    say(f"   counted: tables {len(before[0])}, rows {sum(before[0].values())}, files "
        f"{len(before[1])}; tables differing {len(tables)}, files differing {len(files)}")
    for name in sorted(tables)[:10]:
        say(f"   note: table {name}: {before[0].get(name)} rows before, "
            f"{after[0].get(name)} after")
    for name in sorted(files)[:10]:
        say(f"   note: file {name} differs or is missing")
    drill.failed = bool(tables or files or not before[1] or not before[0])
    say(f"   {'FAIL' if drill.failed else 'ok'}: backup_restore: "
        + ("the restore differs" if drill.failed else "every row count and file the same"))


def _pdf(*, pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _row_counts(connection) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = sorted(row[0] for row in cursor.fetchall())
        counts = {}
        for table in tables:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
            counts[table] = cursor.fetchone()[0]
    return counts


def _file_hashes(folder) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


if __name__ == "__main__":
    run(main)
