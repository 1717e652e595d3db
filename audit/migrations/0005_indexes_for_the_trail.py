"""Indexes for the audit trail's filters, each in the trail's order (newest first, then id).

With the order in the index, a page of one action's or one user's events is read straight
off it, however old those events are, instead of walking the whole table newest first until
fifty match. EXPLAIN ANALYZE on PostgreSQL 15, a million events:

- Username (UPPER(actor_label) = UPPER(…), the case-insensitive filter): first page of a
  username with no events 3,726 ms → 0.09 ms; of a user's 2,540 events 56 → 1.2 ms; their
  capped count 282 → 4 ms. An index on UPPER(actor_label) alone did not do: the planner kept
  walking `at` for the first page (2,274 ms for a username with no events).
- Action: an action whose 30,000 events are all years old, first page 1,868 → 0.8 ms; a
  common one 4.9 → 0.9 ms.

Local area already has (local_area, -at) (first page 0.4 ms, one from years back 0.5 ms), and
an inspection's events are read by its id in about a millisecond however many the trail
holds: neither gets another index. Adding indexes only: SQLite keeps its append-only trigger
(no table rebuild) and reversing drops them.
"""

from django.db import migrations, models
from django.db.models.functions import Upper


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0004_audit_rows_without_case_text"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["action", "-at", "-id"], name="audit_action_trail_idx"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(Upper("actor_label"), models.F("at").desc(),
                               models.F("id").desc(), name="audit_actor_trail_idx"),
        ),
    ]
