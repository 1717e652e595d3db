"""A local area's self-evaluation is a document of its own, not a file of an engagement meeting."""


import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('evidence', '0004_evidence_search_column'),
        # As early as the models it names exist, so that tests of other apps' migrations can
        # hold those apps back (tests/*/test_migrations.py).
        ('local_areas', '0001_initial'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='document',
            name='document_has_one_owner',
        ),
        migrations.AddField(
            model_name='document',
            name='self_evaluation_of',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='self_evaluations', to='local_areas.localarea'),
        ),
        migrations.AlterField(
            model_name='document',
            name='inspection',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='inspections.inspection'),
        ),
        migrations.AddConstraint(
            model_name='document',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('inspection__isnull', False), ('record__isnull', True), ('request__isnull', False), ('self_evaluation_of__isnull', True)), models.Q(('inspection__isnull', False), ('record__isnull', False), ('request__isnull', True), ('self_evaluation_of__isnull', True)), models.Q(('inspection__isnull', True), ('record__isnull', True), ('request__isnull', True), ('self_evaluation_of__isnull', False)), _connector='OR'), name='document_has_one_owner'),
        ),
        migrations.AddConstraint(
            model_name='document',
            constraint=models.UniqueConstraint(condition=models.Q(('self_evaluation_of__isnull', False)), fields=('self_evaluation_of', 'filename'), name='one_self_evaluation_per_area_filename'),
        ),
    ]
