"""Loads the register of local areas: the 152 of April 2021 and the reorganisations around them."""

from django.db import migrations


def load_register(apps, schema_editor):
    from local_areas.reference_data import CREATED, register_rows

    LocalArea = apps.get_model("local_areas", "LocalArea")
    for row in register_rows():
        LocalArea.objects.update_or_create(ons_code=row["ons_code"], defaults=row)
    by_code = {area.ons_code: area for area in LocalArea.objects.all()}
    for code, _, _, predecessor_codes in CREATED:
        by_code[code].predecessors.add(*(by_code[p] for p in predecessor_codes))


class Migration(migrations.Migration):
    dependencies = [("local_areas", "0001_initial")]

    operations = [migrations.RunPython(load_register, migrations.RunPython.noop)]
