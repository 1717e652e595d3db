from django.db import migrations


def load_rules(apps, schema_editor):
    from deadlines.rules_data import RULES

    StatutoryRule = apps.get_model("deadlines", "StatutoryRule")
    for rule in RULES:
        StatutoryRule.objects.get_or_create(code=rule["code"], defaults=rule)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]

    operations = [migrations.RunPython(load_rules, migrations.RunPython.noop)]
