"""An index in the trail's own order, (at DESC, id DESC), to the key the pages use.

The index of `at` alone read a page after a cursor in 34 ms where 18,000 events shared one
moment (every event a bulk write records has the same `at`): all of them were read and
sorted by id to find the next fifty. Down this index the page reads its fifty rows.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0005_indexes_for_the_trail"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["-at", "-id"], name="audit_trail_idx"),
        ),
    ]
