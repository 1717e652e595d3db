"""The determination, recommended by the team and decided by HMCI's delegate while the team is
on site, and the letter's addressees, written while the letter is drafted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from inspections.models import Inspection, State
from reports.content import letter_content
from reports.models import Determination, LetterState, OutcomeLetter
from reports.parts import (
    determination_decide,
    determination_recommend,
    letter_recipients_update,
)
from reports.rendering import letter_for_rendering

pytestmark = pytest.mark.django_db
WEAKNESSES = ["the quality of EHC plans", "the lack of effective co-production at all levels."]


@pytest.fixture
def on_site(walk, inspection):
    return walk(State.ON_SITE)


def _recommend(inspection, by, **given):
    return determination_recommend(inspection=inspection, by=by, **{
        "wsoa_required": True, "principal_authority": "joint", "weaknesses": WEAKNESSES,
        **given})


def test_the_team_recommends_and_the_delegate_agrees(on_site, lead_inspector, ofsted_admin):
    _recommend(on_site, lead_inspector)
    determination = determination_decide(inspection=on_site, by=ofsted_admin, agreed=True)
    assert (determination.decision, determination.wsoa_required,
            determination.principal_authority) == ("agreed", True, "joint")
    assert [w.text for w in determination.weaknesses.all()] == WEAKNESSES
    recommended = AuditEvent.objects.get(action="inspection.determination_recommended")
    assert recommended.after == {"wsoa_required": True, "principal_authority": "joint",
                                 "weaknesses": 2, "corrected": False}
    assert "EHC" not in str(recommended.after)
    # Once decided, the recommendation stays as it was.
    with pytest.raises(ValidationError, match="already decided"):
        _recommend(on_site, lead_inspector, wsoa_required=False)


@pytest.mark.parametrize(("given", "field", "message"), [
    ({"principal_authority": ""}, "principal_authority",
     "Select who must submit the written statement of action"),
    ({"weaknesses": ["  "]}, "weaknesses",
     "Enter the areas of significant weakness the written statement of action must tackle, "
     "one to a line"),
])
def test_a_recommended_statement_names_who_submits_it_and_what_it_tackles(
        on_site, lead_inspector, given, field, message):
    with pytest.raises(ValidationError) as refused:
        _recommend(on_site, lead_inspector, **given)
    assert refused.value.message_dict == {field: [message]}
    assert not Determination.objects.exists()


def test_a_changed_decision_gives_its_reasons(on_site, lead_inspector, ofsted_admin):
    _recommend(on_site, lead_inspector)
    with pytest.raises(ValidationError) as refused:
        determination_decide(inspection=on_site, by=ofsted_admin, agreed=False,
                             wsoa_required=True, principal_authority="local_authority")
    assert refused.value.message_dict == {"reasons": ["Say why the recommendation is changed"]}
    decided = determination_decide(inspection=on_site, by=ofsted_admin, agreed=False,
                                   wsoa_required=True, principal_authority="local_authority",
                                   reasons="The CCG has shown its own plan since")
    assert (decided.decision, decided.principal_authority) == ("changed", "local_authority")
    assert decided.recommended_authority == "joint"


def test_only_the_lead_recommends_and_an_admin_decides(on_site, lead_inspector,
                                                       team_inspector, ofsted_admin):
    with pytest.raises(PermissionDenied):
        _recommend(on_site, team_inspector)
    _recommend(on_site, lead_inspector)
    with pytest.raises(PermissionDenied):
        determination_decide(inspection=on_site, by=lead_inspector, agreed=True)
    assert not Determination.objects.get().decision


def test_it_is_recorded_before_the_feedback_meeting(walk, inspection, lead_inspector):
    walk(State.FEEDBACK_GIVEN)
    with pytest.raises(ValidationError, match="before the final feedback meeting"):
        _recommend(Inspection.objects.get(pk=inspection.pk), lead_inspector)


def test_the_letter_says_what_was_decided(walk, on_site, lead_inspector, ofsted_admin):
    _recommend(on_site, lead_inspector)
    determination_decide(inspection=on_site, by=ofsted_admin, agreed=True)
    walk(LetterState.DRAFTING)
    content = letter_content(letter_for_rendering(inspection=on_site))
    assert ("the local authority and the area's clinical commissioning group (CCG) are "
            "jointly responsible for submitting the written statement to Ofsted") in " ".join(
        content.opening)
    assert content.closing[-1].endswith("areas of significant weakness:")
    assert content.significant_weaknesses == WEAKNESSES


def test_a_letter_without_a_decision_has_no_statement(walk, inspection, lead_inspector):
    walk(LetterState.DRAFTING)
    content = letter_content(letter_for_rendering(inspection=inspection))
    assert content.closing == [] and content.significant_weaknesses == []
    assert "Written Statement of Action" not in " ".join(content.opening)


def test_the_pages_record_both_and_keep_bad_input(client, on_site, lead_inspector,
                                                  ofsted_admin, lano):
    client.force_login(lead_inspector)
    url = reverse("reports:determination-recommend", args=[on_site.pk])
    refused = client.post(url, {"wsoa_required": "yes", "weaknesses": "the quality of EHC plans"})
    page = refused.content.decode()
    assert "Select who must submit the written statement of action" in page
    assert "the quality of EHC plans" in page
    done = client.post(url, {"wsoa_required": "yes", "principal_authority": "joint",
                             "weaknesses": "\n".join(WEAKNESSES)})
    assert done.status_code == 302
    client.force_login(ofsted_admin)
    decide = reverse("reports:determination-decide", args=[on_site.pk])
    assert "the quality of EHC plans" in client.get(decide).content.decode()
    assert client.post(decide, {"agreed": "yes"}).status_code == 302
    summary = client.get(reverse("reports:determination", args=[on_site.pk])).content.decode()
    assert "Agreed with the team&#x27;s recommendation" in summary
    client.force_login(lano)
    assert client.get(reverse("reports:determination", args=[on_site.pk])).status_code == 404


def test_the_addressees_come_from_the_area_until_the_lead_writes_them(walk, inspection,
                                                                    lead_inspector):
    walk(LetterState.DRAFTING)
    letter = OutcomeLetter.objects.select_related("inspection").get(inspection=inspection)
    letter_recipients_update(letter=letter, by=lead_inspector,
                             addressee="  Ian Sutherland\nDirector of Children's Services\n"
                                       "Medway Council\n\n",
                             also_addressed="Wendy Vincent, local area nominated officer",
                             cc="Department for Education")
    content = letter_content(letter_for_rendering(pk=letter.pk))
    assert content.addressee == ["Ian Sutherland", "Director of Children's Services",
                                 "Medway Council"]
    assert content.salutation == "Dear Ian Sutherland"
    assert content.cc == ["Department for Education"]
    changed = AuditEvent.objects.get(action="letter.recipients_changed")
    assert changed.after == {"fields": ["addressee", "also_addressed", "cc"]}
