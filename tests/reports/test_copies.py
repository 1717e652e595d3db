"""Copies of the final report (handbook 71): the statutory ones recorded on publication, the
principal authority's only where HMCI determined a statement of action is required of health
bodies; others recorded by an admin, on a date that can be true."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from inspections.models import State
from local_areas.models import AreaHealthPartner, HealthPartner
from reports import copies
from reports.models import Determination, LetterState, OutcomeLetter, ReportCopy
from tests.conftest import midday_in_england

D = datetime.date
pytestmark = pytest.mark.django_db
PUBLISHED_ON = D(2018, 2, 8)


def _letter(inspection) -> OutcomeLetter:
    return OutcomeLetter.objects.select_related("inspection__local_area").get(
        inspection=inspection)


@pytest.fixture
def partners(medway):
    """Medway's CCG on the day of publication, and one whose partnership had ended."""
    current = HealthPartner.objects.create(kind="ccg", name="NHS Medway CCG test")
    ended = HealthPartner.objects.create(kind="ccg", name="NHS Old Medway CCG test")
    AreaHealthPartner.objects.create(local_area=medway, health_partner=current,
                                     valid_from=D(2013, 4, 1), valid_to=D(2022, 6, 30))
    AreaHealthPartner.objects.create(local_area=medway, health_partner=ended,
                                     valid_from=D(2010, 4, 1), valid_to=D(2013, 3, 31))
    return current


def _recorded(inspection) -> list[tuple]:
    return list(ReportCopy.objects.filter(letter__inspection=inspection).order_by("id")
                .values_list("recipient", "name", "sent_on"))


def test_publishing_records_the_secretaries_of_state_and_the_local_authority(
        walk, inspection, partners):
    walk(State.PUBLISHED)
    assert _recorded(inspection) == [
        ("education", "Secretary of State for Education", PUBLISHED_ON),
        ("health", "Secretary of State for Health and Social Care", PUBLISHED_ON),
        ("local_authority", "The local authority of Medway", PUBLISHED_ON)]
    row = AuditEvent.objects.get(action="letter.copies_recorded")
    assert row.after == {"copies": 3, "sent_on": "2018-02-08"}


@pytest.mark.parametrize(("authority", "principal_copies"), [
    ("joint", [("principal", "NHS Medway CCG test", PUBLISHED_ON)]),
    ("health", [("principal", "NHS Medway CCG test", PUBLISHED_ON)]),
    ("local_authority", []),
])
def test_the_principal_authority_has_a_copy_when_it_is_not_the_local_authority_alone(
        walk, inspection, partners, lead_inspector, ofsted_admin, authority,
        principal_copies):
    walk(State.ON_SITE)
    Determination.objects.create(
        inspection=inspection, recommended_wsoa=True, recommended_authority=authority,
        recommended_by=lead_inspector, decision="agreed", wsoa_required=True,
        principal_authority=authority, decided_by=ofsted_admin)
    walk(State.PUBLISHED)
    assert _recorded(inspection)[3:] == principal_copies


def test_an_admin_records_a_copy_to_someone_else_on_a_true_date(
        walk, inspection, ofsted_admin, lead_inspector):
    walk(LetterState.FINAL_ISSUED)
    letter = _letter(inspection)
    with time_machine.travel(midday_in_england(D(2018, 2, 5)), tick=False):
        with pytest.raises(PermissionDenied):
            copies.copy_add(letter=letter, by=lead_inspector, name="Medway Parent Carer "
                            "Forum", sent_on=D(2018, 2, 5))
        with pytest.raises(ValidationError, match="after the date the final report"):
            copies.copy_add(letter=letter, by=ofsted_admin, name="Medway Parent Carer Forum",
                            sent_on=D(2018, 1, 30))
        with pytest.raises(ValidationError, match="today or in the past"):
            copies.copy_add(letter=letter, by=ofsted_admin, name="Medway Parent Carer Forum",
                            sent_on=D(2018, 2, 6))
        made = copies.copy_add(letter=letter, by=ofsted_admin,
                               name=" Medway Parent Carer Forum ", sent_on=D(2018, 2, 5))
        with pytest.raises(ValidationError, match="already recorded"):
            copies.copy_add(letter=letter, by=ofsted_admin, name="Medway Parent Carer Forum",
                            sent_on=D(2018, 2, 5))
    assert (made.recipient, made.name, made.sent_on) == ("other", "Medway Parent Carer Forum",
                                                          D(2018, 2, 5))


def test_no_copy_before_the_final_is_issued(walk, inspection, ofsted_admin):
    walk(LetterState.DRAFT_WITH_LOCAL_AREA)
    with pytest.raises(ValidationError, match="once the final report has been issued"):
        copies.copy_add(letter=_letter(inspection), by=ofsted_admin, name="Someone",
                        sent_on=D(2018, 1, 31))


def test_the_page_lists_the_copies_and_keeps_bad_input(client, walk, inspection,
                                                       ofsted_admin, lano):
    walk(State.PUBLISHED)
    url = reverse("reports:copies", args=[inspection.pk])
    client.force_login(lano)
    page = client.get(url).content.decode()
    assert "Secretary of State for Health and Social Care" in page
    assert "Record a copy" not in page
    client.force_login(ofsted_admin)
    answer = client.post(url, {"name": "Medway Parent Carer Forum", "sent_on_0": "31",
                               "sent_on_1": "2", "sent_on_2": "2099"})
    shown = answer.content.decode()
    assert answer.status_code == 200 and "There is a problem" in shown
    assert 'value="Medway Parent Carer Forum"' in shown
    assert ReportCopy.objects.filter(recipient="other").count() == 0
