"""An index of every clock by due date, for the national list's "Every status" (and its
export): a page of it reads fifty rows down the index, whatever the statuses."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("deadlines", "0014_indexes_for_national_pages"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(fields=["due_date", "id"], name="deadline_due_idx"),
        ),
    ]
