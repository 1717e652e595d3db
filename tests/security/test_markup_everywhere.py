"""Markup typed into any text field comes back escaped, on every page, for every persona.

Every free-text field of the service's models (found from the models themselves, so a new
field is covered without listing it) is given a value holding markup and a marker naming
the field. Every route of the URL configuration (tests/policy/test_routes.py ROUTES, so a
new page is covered too) is then rendered for every persona and object: a GET, and for those
allowed to use it a POST of an empty form, whose errors can quote what was stored. Any page
that gives the markup back as markup fails, naming the field it came from.
"""

import re

import pytest
from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast, Concat

from audit.services import audit_record
from deadlines import services as clock_services
from inspections import services
from reports.models import AccuracyComment
from tests.policy.test_routes import (
    ANONYMOUS,
    CASES,
    PERSONAS,
    ROUTES,
    _signed_in_as,
    _url,
    expected_status,
)

APPS = ("accounts", "local_areas", "inspections", "deadlines", "reports", "wsoa", "evidence")
# Text fields that hold codes the service reads, not words a person writes.
CODES = {"accounts.User.password", "accounts.User.username", "local_areas.HealthPartner.ods_code",
         "local_areas.LocalArea.ons_code", "inspections.Inspection.reference",
         "deadlines.StatutoryRule.framework", "deadlines.StatutoryRule.starts_on",
         "deadlines.StatutoryRule.stops_on", "deadlines.Deadline.start_event",
         "evidence.DocumentVersion.kind",
         # The hash the service computes of a PDF it rendered: nobody types it.
         "reports.LetterRender.sha256", "wsoa.Review.letter_sha256"}
LEAKED = re.compile(r'<script>alert\("(M\d+)|<b data-x="(M\d+)')
ESCAPED = re.compile(r"&lt;b data-x=&quot;(M\d+)")


def _payload(marker: str, max_length: int | None) -> str:
    full = f'<script>alert("{marker}")</script><b data-x="{marker}">'
    short = f'<b data-x="{marker}">'
    # A unique field gets the row's id after the marker, still inside the markup's quotes.
    room = (max_length or 1000) - 8
    return full if len(full) <= room else short


def _free_text_fields():
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                name = f"{model._meta.label}.{field.name}"
                if (not isinstance(field, models.CharField | models.TextField)
                        or isinstance(field, models.EmailField | models.SlugField)
                        or field.choices or name in CODES):
                    continue
                yield model, field, name


def _poison_every_text_field() -> dict[str, str]:
    """Markup in every free-text field of every row; which field each marker stands for."""
    fields = {}
    for number, (model, field, name) in enumerate(_free_text_fields()):
        marker = f"M{number}"
        fields[marker] = name
        payload = _payload(marker, field.max_length)
        if field.unique:
            head, tail = payload.rsplit('"', 1)
            value = Concat(models.Value(head + "-"), Cast("pk", models.CharField()),
                           models.Value('"' + tail), output_field=models.CharField())
        else:
            value = models.Value(payload)
        model.objects.update(**{field.name: value})
    return fields


@pytest.fixture
def poisoned(world, people):
    """The routes' world with more records that hold text, then markup in all of it."""
    admin, lead = people["ofsted_admin"], people["lead_inspector"]
    own = world["inspection"]["own"]
    services.conflict_override(declaration=own["declaration"], by=admin, reason="Not one")
    services.concern_resolve(concern=own["concern"], by=lead, resolution="Met the parent",
                             resolved_on=own["concern"].raised_on)
    deadline = world["deadline"]["own"]["deadline"]
    clock_services.deadline_extend(deadline=deadline, working_days=2, reason="Late data",
                                   by=admin)
    # The area's comments answered, so that the answers' words are on the pages too (an
    # answer has its words and who gave it, or neither).
    AccuracyComment.objects.update(response="accepted", response_text="Changed",
                                   answered_by=lead)
    fields = _poison_every_text_field()
    # The audit trail shows an object as it was named when the row was written.
    area = world["area"]["own"]["area"]
    area.refresh_from_db()
    audit_record(actor=admin, action="local_area.update", obj=area, local_area=area)
    return fields


def test_every_free_text_field_is_poisoned(db):
    names = {name for _, _, name in _free_text_fields()}
    assert {"local_areas.LocalArea.name", "local_areas.AreaContact.name",
            "local_areas.HealthPartner.name", "accounts.User.first_name",
            "inspections.DeferralRequest.reasons", "inspections.Meeting.notes",
            "inspections.Concern.details", "deadlines.StatutoryRule.description",
            "inspections.EngagementMeeting.notes", "deadlines.NonWorkingDay.reason"} <= names


def test_no_page_gives_back_stored_markup_as_markup(client, poisoned, world, people):
    leaks, escaped, pages = set(), set(), 0
    for persona in PERSONAS:
        if persona == ANONYMOUS:
            continue
        _signed_in_as(client, people[persona])
        for name, variant, method in CASES:
            spec = ROUTES[name]
            allowed = expected_status(name, spec, persona, variant, method) == 0
            if method == "POST" and not allowed:
                continue
            url = _url(name, spec, world[spec.kind][variant])
            with transaction.atomic():
                response = client.get(url) if method == "GET" else client.post(url, {})
                transaction.set_rollback(True)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            pages += 1
            html = response.content.decode()
            for match in LEAKED.finditer(html):
                marker = match.group(1) or match.group(2)
                leaks.add(f"{method} {name} [{variant}] as {persona}: "
                          f"{poisoned[marker]}")
            escaped |= set(ESCAPED.findall(html))
            if "sign-out" in name:
                _signed_in_as(client, people[persona])
    assert not leaks, "\n".join(sorted(leaks))
    # The pages did show what was stored, escaped: the check above saw the data it looks for.
    shown = {poisoned[marker] for marker in escaped}
    assert {"local_areas.LocalArea.name", "local_areas.AreaContact.name",
            "accounts.User.first_name", "inspections.Concern.details",
            "deadlines.StatutoryRule.description"} <= shown, sorted(shown)
    assert pages > 500
