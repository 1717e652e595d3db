"""Move the letter's workflow off the inspection: every inspection that got as far as a
letter gains an outcome letter holding its state and dates, and an inspection whose state was
one of the letter's is "reporting".

Reversible: going back copies each letter's dates onto its inspection and puts a reporting
inspection back in its letter's state. What the old schema had no place for (versions after
the first, quality assurance's reviews and comments) is lost on the way back.
"""

from django.db import migrations

LETTER_STATES = ("drafting", "quality_assurance", "draft_with_local_area", "final_issued")
AFTER_THE_LETTER = ("published", "closed")


def _state_from_dates(inspection) -> str | None:
    if inspection.final_issued_on:
        return "final_issued"
    if inspection.draft_sent_on:
        return "draft_with_local_area"
    return None


def letters_from_inspections(apps, schema_editor):
    Inspection = apps.get_model("inspections", "Inspection")
    OutcomeLetter = apps.get_model("reports", "OutcomeLetter")
    LetterVersion = apps.get_model("reports", "LetterVersion")
    for inspection in Inspection.objects.all().iterator():
        if inspection.state in LETTER_STATES:
            state = inspection.state
        elif inspection.state in AFTER_THE_LETTER:
            state = "final_issued"
        else:  # withdrawn (or deferred) with a draft or final on record
            state = _state_from_dates(inspection)
        if state is None:
            continue
        letter = OutcomeLetter.objects.create(
            inspection=inspection, state=state, draft_sent_on=inspection.draft_sent_on,
            comments_received_on=inspection.comments_received_on,
            final_issued_on=inspection.final_issued_on)
        LetterVersion.objects.create(letter=letter, number=1, reason="carried_over")
        if inspection.state in LETTER_STATES:
            Inspection.objects.filter(pk=inspection.pk).update(state="reporting")


def inspections_from_letters(apps, schema_editor):
    Inspection = apps.get_model("inspections", "Inspection")
    OutcomeLetter = apps.get_model("reports", "OutcomeLetter")
    for letter in OutcomeLetter.objects.select_related("inspection").iterator():
        inspection = letter.inspection
        changes = {"draft_sent_on": letter.draft_sent_on,
                   "comments_received_on": letter.comments_received_on,
                   "final_issued_on": letter.final_issued_on}
        if inspection.state == "reporting":
            changes["state"] = letter.state
        Inspection.objects.filter(pk=inspection.pk).update(**changes)
    OutcomeLetter.objects.all().delete()
    # An inspection reporting without a letter cannot arise through the services; if one
    # was made by hand, it goes back to where drafting starts.
    Inspection.objects.filter(state="reporting").update(state="drafting")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_outcome_letter"),
        ("inspections", "0003_engagement_message"),
    ]

    operations = [migrations.RunPython(letters_from_inspections, inspections_from_letters)]
