"""HMCI's determination and the letter's addressees, recorded while the letter is drafted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from reports.content import letter_content
from reports.models import Determination, LetterState, OutcomeLetter
from reports.parts import determination_record, letter_recipients_update
from reports.rendering import letter_for_rendering

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafting(walk, inspection):
    walk(LetterState.DRAFTING)
    return OutcomeLetter.objects.select_related("inspection").get(inspection=inspection)


def test_a_written_statement_names_who_submits_it(drafting, lead_inspector):
    with pytest.raises(ValidationError) as refused:
        determination_record(letter=drafting, by=lead_inspector, wsoa_required=True)
    assert refused.value.message_dict == {
        "principal_authority": ["Select who must submit the written statement of action"]}
    determination_record(letter=drafting, by=lead_inspector, wsoa_required=True,
                         principal_authority="joint")
    content = letter_content(letter_for_rendering(pk=drafting.pk))
    assert ("the local authority and the area's clinical commissioning group (CCG) are "
            "jointly responsible for submitting the written statement to Ofsted") in " ".join(
        content.opening)
    assert content.closing and content.closing[-1].endswith("areas of significant weakness:")


def test_no_written_statement_leaves_no_one_to_submit_it(drafting, lead_inspector,
                                                         ofsted_admin):
    determination_record(letter=drafting, by=lead_inspector, wsoa_required=True,
                         principal_authority="local_authority")
    determination_record(letter=drafting, by=ofsted_admin, wsoa_required=False,
                         principal_authority="local_authority")
    determination = Determination.objects.get()
    assert (determination.wsoa_required, determination.principal_authority) == (False, "")
    content = letter_content(letter_for_rendering(pk=drafting.pk))
    assert content.closing == [] and content.significant_weaknesses == []
    assert "Written Statement of Action" not in " ".join(content.opening)
    rows = AuditEvent.objects.filter(action="letter.determination_recorded").order_by("id")
    assert [row.after["corrected"] for row in rows] == [False, True]


def test_only_the_lead_and_admins_record_it_and_only_while_drafting(
        walk, drafting, team_inspector, lead_inspector):
    with pytest.raises(PermissionDenied):
        determination_record(letter=drafting, by=team_inspector, wsoa_required=False)
    walk(LetterState.QUALITY_ASSURANCE)
    with pytest.raises(ValidationError, match="only while it is being drafted"):
        determination_record(letter=OutcomeLetter.objects.get(pk=drafting.pk),
                             by=lead_inspector, wsoa_required=False)
    assert not Determination.objects.exists()


def test_the_addressees_come_from_the_area_until_the_lead_writes_them(drafting,
                                                                    lead_inspector):
    letter_recipients_update(letter=drafting, by=lead_inspector,
                             addressee="  Ian Sutherland\nDirector of Children's Services\n"
                                       "Medway Council\n\n",
                             also_addressed="Wendy Vincent, local area nominated officer",
                             cc="Department for Education")
    content = letter_content(letter_for_rendering(pk=drafting.pk))
    assert content.addressee == ["Ian Sutherland", "Director of Children's Services",
                                 "Medway Council"]
    assert content.salutation == "Dear Ian Sutherland"
    assert content.cc == ["Department for Education"]
    changed = AuditEvent.objects.get(action="letter.recipients_changed")
    assert changed.after == {"fields": ["addressee", "also_addressed", "cc"]}
