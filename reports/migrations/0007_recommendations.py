"""A 2023-framework letter's recommendations: a section of its findings."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0006_letter_recipients_determination_and_pdf'),
    ]

    operations = [
        migrations.AlterField(
            model_name='finding',
            name='section',
            field=models.CharField(choices=[('main', 'Main findings'), ('A', "Identifying children and young people's needs"), ('B', 'Assessing and meeting needs'), ('C', 'Improving outcomes'), ('self_evaluation', "Accuracy of the local area's self-evaluation"), ('recommendations', 'Recommendations')], max_length=15),
        ),
    ]
