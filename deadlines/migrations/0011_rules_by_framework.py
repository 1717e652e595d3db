"""Each rule belongs to the framework of its source (docs/decisions/0020).

The rules taken from the 2016 handbook, the 2016 framework and the 2017 slides are the 2016
framework's: they no longer start on 2023 inspections. The 2023 framework's own rules are
loaded: its notification, on the Monday of week 1, and Annex A's information requests with
their due times. A rule whose framework is already set is left as it is. Reversible: the
2016 tags are taken off again, and the 2023 rules that no clock uses are removed.
"""

from django.db import migrations

# The rules as first loaded whose source is the 2016 framework's. The re-visit rule was
# loaded as the 2016 framework's already, and stays so either way.
RULES_OF_2016 = ("notification", "factual_accuracy", "final_report", "publication",
                 "wsoa_submission", "wsoa_review", "wsoa_resubmission", "dfe_progress_review")


def forwards(apps, schema_editor):
    from deadlines.rules_data import RULES_2023

    Rule = apps.get_model("deadlines", "StatutoryRule")
    Rule.objects.filter(code__in=RULES_OF_2016, framework="").update(framework="2016")
    fields = {field.name for field in Rule._meta.get_fields()}
    for rule in RULES_2023:
        Rule.objects.get_or_create(code=rule["code"], defaults={
            name: value for name, value in rule.items() if name in fields})


def backwards(apps, schema_editor):
    from deadlines.rules_data import RULES_2023

    Rule = apps.get_model("deadlines", "StatutoryRule")
    Rule.objects.filter(code__in=RULES_OF_2016, framework="2016").update(framework="")
    Rule.objects.filter(code__in=[rule["code"] for rule in RULES_2023],
                        deadlines__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0010_rule_due_time_and_met_at")]
    operations = [migrations.RunPython(forwards, backwards)]
