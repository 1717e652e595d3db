"""Run every reliability drill, one after another, and exit 1 if any found a reminder
duplicated or lost (or a backup that does not restore).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make drills

Each drill gets a database of its own, copied from one migrated here once, and its own
Redis on a free port (DRILL_REDIS_PORTS, default 6390-6399); `make drills` runs this.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

from harness import (
    TEMPLATE_ENV,
    create_database,
    drill_database_name,
    drop_database,
    migrate_into,
    say,
)

DRILLS = ["worker_killed", "redis_restarted", "two_beats", "beat_stopped", "backup_restore"]


def main(names: list[str]) -> int:
    started = time.monotonic()
    template = drill_database_name("template")
    create_database(template)
    try:
        migrate_into(template)
        say(f"migrated {template}, the database each drill starts from")
        env = {**os.environ, TEMPLATE_ENV: template}
        failed = [name for name in names
                  if subprocess.run([sys.executable, str(Path(__file__).parent / f"{name}.py")],
                                    env=env).returncode != 0]
    finally:
        drop_database(template)
    say(f"drills: {len(names) - len(failed)} of {len(names)} passed in "
        f"{time.monotonic() - started:.0f}s" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or DRILLS))
