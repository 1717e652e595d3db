"""What a final feedback meeting covered, of the points handbook paragraph 55 lists."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0010_self_evaluations_belong_to_the_area'),
    ]

    operations = [
        migrations.AddField(
            model_name='meeting',
            name='covered',
            field=models.JSONField(blank=True, default=list),
        ),
    ]
