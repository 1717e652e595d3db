"""CQC's one call to "health leaders" becomes the first of the notification call's calls to
CCG or ICB chief executives: what was written as the person called is kept as it was (it
often held the name, title and CCG together, which cannot be told apart reliably), with the
time of the call if one was given, and no CCG or ICB from the register.

Reversible: going back, the earliest call with a time gives the CQC call's time, and the
calls are written out, one after another, as the person called (cut to the old field's 200
characters). Which CCG or ICB from the register each call was to, and the joint call with the
LANO, have no place in the old schema and are lost on the way back.
"""

from django.db import migrations

OLD_LENGTH = 200


def health_calls_from_the_cqc_call(apps, schema_editor):
    NotificationCall = apps.get_model("inspections", "NotificationCall")
    HealthLeaderCall = apps.get_model("inspections", "HealthLeaderCall")
    calls = NotificationCall.objects.exclude(cqc_called_at__isnull=True, cqc_person_called="")
    HealthLeaderCall.objects.bulk_create(
        HealthLeaderCall(notification_call=call, person_called=call.cqc_person_called,
                         called_at=call.cqc_called_at)
        for call in calls.iterator())


def _described(health_call) -> str:
    organisation = (health_call.health_partner.name if health_call.health_partner_id
                    else health_call.organisation)
    if not organisation:
        return health_call.person_called
    return ", ".join([health_call.person_called, health_call.job_title or "Chief Executive",
                      organisation])


def cqc_call_from_health_calls(apps, schema_editor):
    NotificationCall = apps.get_model("inspections", "NotificationCall")
    HealthLeaderCall = apps.get_model("inspections", "HealthLeaderCall")
    by_call: dict[int, list] = {}
    for health_call in (HealthLeaderCall.objects.select_related("health_partner")
                        .order_by("notification_call", "called_at", "id")):
        by_call.setdefault(health_call.notification_call_id, []).append(health_call)
    for call_id, health_calls in by_call.items():
        times = [health_call.called_at for health_call in health_calls if health_call.called_at]
        NotificationCall.objects.filter(pk=call_id).update(
            cqc_called_at=min(times) if times else None,
            cqc_person_called="; ".join(_described(health_call)
                                        for health_call in health_calls)[:OLD_LENGTH])
    HealthLeaderCall.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0006_health_leader_calls_and_the_lano_call")]

    operations = [migrations.RunPython(health_calls_from_the_cqc_call,
                                       cqc_call_from_health_calls)]
