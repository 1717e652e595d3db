"""Two rules count from the inspection itself, not from publication: after outcome 3 the
next full inspection is "3 years after the initial inspection" (Barnet paper, para 1.14), and
a re-visit follows "a period of 18 months since their inspection" (handbook para 118). A rule
an admin has already edited is left as they set it. Clocks already running keep the start they
were given; an admin corrects one by restarting it. Reversible."""

from django.db import migrations

CHANGES = [
    # (rule, start event before, start event after, source after, source before)
    ("next_full_inspection_3", "outcome 3 report published", "last day of on-site work",
     None, None),
    ("revisit", "report published", "last day of on-site work",
     "Ofsted/CQC handbook (2016, updated 2021), paras 118 and 119",
     "Ofsted/CQC handbook (2016, updated 2021), paras 117 to 119"),
]


def forwards(apps, schema_editor):
    Rule = apps.get_model("deadlines", "StatutoryRule")
    for code, before, after, source, _ in CHANGES:
        changes = {"starts_on": after, **({"source": source} if source else {})}
        Rule.objects.filter(code=code, starts_on=before).update(**changes)


def backwards(apps, schema_editor):
    Rule = apps.get_model("deadlines", "StatutoryRule")
    for code, before, after, _, old_source in CHANGES:
        changes = {"starts_on": before, **({"source": old_source} if old_source else {})}
        Rule.objects.filter(code=code, starts_on=after).update(**changes)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0008_notification_inspection")]
    operations = [migrations.RunPython(forwards, backwards)]
