"""Recording evidence: who may, what is refused with the input kept, the merge of two
changes made from the same version, safeguarding flags, and the record page's queries."""

import datetime
import re
import uuid

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from deadlines.models import Notification
from evidence.models import (
    EvidenceDraft,
    EvidenceRecord,
    EvidenceStatus,
    HoldReason,
    RetentionHold,
)
from evidence.services import records as services
from evidence.services.records import NO_CONSENT, NO_QUESTION, EvidenceConflict
from inspections import services as inspection_services
from inspections.models import State, TeamRole
from tests.factories import UserFactory
from tests.inspections.conftest import MEDWAY_CALL, MEDWAY_END, MEDWAY_HISTORY, MEDWAY_START, at

pytestmark = pytest.mark.django_db


def join_team(inspection, user, role=TeamRole.HMI, *, by):
    inspection_services.conflict_declare(inspection=inspection, inspector=user, by=user,
                                         has_connection=False)
    inspection_services.team_member_add(inspection=inspection, by=by, user=user, role=role)


@pytest.fixture
def inspection(ofsted_admin, medway, lead_inspector, team_inspector):
    """Medway, December 2017, in planning, led by the lead inspector with a team inspector."""
    made = inspection_services.inspection_create(by=ofsted_admin, local_area=medway,
                                                 framework="2016", onsite_start=MEDWAY_START,
                                                 onsite_end=MEDWAY_END)
    join_team(made, lead_inspector, TeamRole.LEAD, by=ofsted_admin)
    join_team(made, team_inspector, by=ofsted_admin)
    return made


def notified(inspection, by):
    """The notification call, five working days before on-site work."""
    return inspection_services.inspection_notify(
        inspection=inspection, by=by, called_at=at(MEDWAY_START - datetime.timedelta(7)),
        person_called="Ian Sutherland", person_called_role="Director of children's services",
        lano=None)

WORDS = "The SENCo described joint panels that meet weekly; parents were not invited."


def _record(inspection, by, **changes):
    values = {"final": False, "activity": "leaders", "questions": ["B"], "text": WORDS}
    return services.evidence_record_create(inspection=inspection, by=by, **{**values,
                                                                              **changes})


def _posted(**changes) -> dict:
    data = {"form_key": str(uuid.uuid4()), "activity": "leaders", "informs": ["B"],
            "weighing": "neither", "text": WORDS, "save_final": ""}
    return {**data, **changes}


def _errors(response) -> str:
    html = response.content.decode()
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    return match.group(0) if match else ""


def _evidence_audit(action: str):
    return AuditEvent.objects.filter(action=f"evidence.{action}")


# Recording -------------------------------------------------------------------------------------

def test_a_team_member_records_evidence_and_the_audit_row_names_its_text_not_its_words(
        inspection, team_inspector):
    record = _record(inspection, team_inspector, final=True, participants="SENCo, Hilltop",
                     aspects=["leadership"], groups=["looked_after", "care_leavers"])

    assert (record.status, record.questions, record.author) == (
        EvidenceStatus.FINAL, ["B"], team_inspector)
    assert sorted(record.groups.values_list("group", flat=True)) == ["care_leavers",
                                                                     "looked_after"]
    event = _evidence_audit("created").get()
    assert event.after["text_fields"] == ["participants", "text"]
    assert event.after["evidence_record"] == record.pk
    assert "SENCo" not in str(event.before) + str(event.after)


def test_the_add_page_saves_evidence_and_goes_to_the_saved_record(client, inspection,
                                                                  team_inspector):
    client.force_login(team_inspector)
    response = client.post(reverse("evidence:add", args=[inspection.pk]), _posted())

    record = EvidenceRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("evidence:record", args=[inspection.pk, record.pk]))
    assert (record.text, record.status) == (WORDS, EvidenceStatus.FINAL)


def test_save_as_draft_keeps_the_record_a_draft(client, inspection, team_inspector):
    client.force_login(team_inspector)
    data = _posted(save_draft="")
    del data["save_final"]
    client.post(reverse("evidence:add", args=[inspection.pk]), data)

    assert EvidenceRecord.objects.get().status == EvidenceStatus.DRAFT


def test_evidence_that_informs_no_question_is_refused_and_the_text_kept(client, inspection,
                                                                         team_inspector):
    client.force_login(team_inspector)
    response = client.post(reverse("evidence:add", args=[inspection.pk]),
                           _posted(informs=[]))

    assert response.status_code == 200
    assert NO_QUESTION in _errors(response)
    assert WORDS in response.content.decode()
    assert not EvidenceRecord.objects.exists()
    with pytest.raises(ValidationError, match="at least one question"):
        _record(inspection, team_inspector, questions=[])


def test_final_evidence_of_a_meeting_with_children_needs_consent_confirmed(
        client, inspection, team_inspector):
    client.force_login(team_inspector)
    response = client.post(reverse("evidence:add", args=[inspection.pk]),
                           _posted(activity="children"))

    assert NO_CONSENT.replace("'", "&#x27;") in _errors(response)
    assert WORDS in response.content.decode()
    assert not EvidenceRecord.objects.exists()


def test_a_form_without_a_question_or_consent_shows_both_errors_at_once_and_keeps_the_text(
        client, inspection, team_inspector):
    client.force_login(team_inspector)
    response = client.post(reverse("evidence:add", args=[inspection.pk]),
                           _posted(activity="parents", informs=[]))

    errors = _errors(response)
    assert NO_QUESTION in errors and NO_CONSENT.replace("'", "&#x27;") in errors
    assert WORDS in response.content.decode()
    assert not EvidenceRecord.objects.exists()


def test_a_draft_of_a_meeting_with_parents_may_wait_for_consent_but_not_be_finalised(
        inspection, team_inspector):
    record = _record(inspection, team_inspector, activity="parents")

    with pytest.raises(ValidationError) as refused:
        services.evidence_record_update(record=record, by=team_inspector, expected_version=1,
                                        final=True, activity="parents", questions=["B"],
                                        text=WORDS)
    assert refused.value.message_dict == {"consent_checked": [NO_CONSENT]}
    finalised = services.evidence_record_update(
        record=record, by=team_inspector, expected_version=1, final=True, activity="parents",
        questions=["B"], text=WORDS, consent_checked=True)
    assert finalised.status == EvidenceStatus.FINAL
    assert _evidence_audit("finalised").get().after["version"] == 2


def test_an_inspector_not_on_the_team_cannot_record_evidence(client, inspection):
    stranger = UserFactory()

    with pytest.raises(PermissionDenied, match="Only a member of the team can record"):
        _record(inspection, stranger)
    client.force_login(stranger)
    response = client.post(reverse("evidence:add", args=[inspection.pk]), _posted())
    assert response.status_code == 404
    assert not EvidenceRecord.objects.exists()


def test_an_ofsted_admin_reads_evidence_but_may_not_write_it(client, inspection,
                                                             team_inspector, ofsted_admin):
    record = _record(inspection, team_inspector)
    client.force_login(ofsted_admin)
    url = reverse("evidence:record", args=[inspection.pk, record.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert WORDS in page.content.decode()
    assert 'name="form_key"' not in page.content.decode()
    assert client.post(url, _posted(text="Overwritten")).status_code == 403
    assert client.get(reverse("evidence:add", args=[inspection.pk])).status_code == 403
    record.refresh_from_db()
    assert record.text == WORDS


def test_the_local_area_sees_the_inspection_but_its_evidence_is_not_found(
        client, inspection, team_inspector, ofsted_admin, lano):
    notified(inspection, ofsted_admin)
    record = _record(inspection, team_inspector)
    client.force_login(lano)

    assert client.get(reverse("inspections:overview", args=[inspection.pk])).status_code == 200
    assert client.get(reverse("evidence:record",
                              args=[inspection.pk, record.pk])).status_code == 404
    assert client.get(reverse("evidence:add", args=[inspection.pk])).status_code == 404


def test_evidence_of_a_closed_inspection_does_not_change(client, inspection, team_inspector,
                                                         walk_to):
    record = _record(inspection, team_inspector)
    walk_to(inspection, State.CLOSED, call=MEDWAY_CALL, **MEDWAY_HISTORY)

    with pytest.raises(ValidationError, match="the inspection is closed"):
        _record(inspection, team_inspector)
    with pytest.raises(ValidationError, match="the inspection is closed"):
        services.evidence_record_update(record=record, by=team_inspector, expected_version=1,
                                        final=True, activity="leaders", questions=["A"],
                                        text="Changed")
    client.force_login(team_inspector)
    page = client.get(reverse("evidence:record", args=[inspection.pk, record.pk]))
    assert "its evidence can no longer be changed" in page.content.decode()
    client.post(reverse("evidence:record", args=[inspection.pk, record.pk]),
                _posted(base_version="1", text="Changed"))
    record.refresh_from_db()
    assert (record.text, record.version) == (WORDS, 1)


# Two people changing the same record -------------------------------------------------------

def test_a_change_from_an_older_version_is_refused_with_the_record_as_it_is_now(
        inspection, lead_inspector, team_inspector):
    record = _record(inspection, team_inspector)
    services.evidence_record_update(record=record, by=lead_inspector, expected_version=1,
                                    final=False, activity="leaders", questions=["B"],
                                    text="The lead's words")

    with pytest.raises(EvidenceConflict) as stale:
        services.evidence_record_update(record=record, by=team_inspector, expected_version=1,
                                        final=False, activity="leaders", questions=["B"],
                                        text="The team inspector's words")
    assert (stale.value.current.text, stale.value.current.version) == ("The lead's words", 2)
    record.refresh_from_db()
    assert record.text == "The lead's words"


def test_the_later_of_two_saves_from_one_version_gets_both_versions_to_merge(
        client, inspection, lead_inspector, team_inspector):
    record = _record(inspection, team_inspector)
    url = reverse("evidence:record", args=[inspection.pk, record.pk])
    client.force_login(lead_inspector)
    assert client.post(url, _posted(base_version="1", text="First saved")).status_code == 302

    client.force_login(team_inspector)
    response = client.post(url, _posted(base_version="1", text="Typed at the same time"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Merge your changes" in html
    assert "changed by someone else" in _errors(response)
    assert "Typed at the same time" in html and "First saved" in html
    assert f"The saved version, by {lead_inspector.get_full_name()}" in html
    # The merged form is at the version now saved: sent again, it is saved.
    assert 'name="base_version" value="2"' in html
    record.refresh_from_db()
    assert (record.text, record.version) == ("First saved", 2)
    again = client.post(url, _posted(base_version="2", text="First saved, then merged"))
    assert again.status_code == 302
    record.refresh_from_db()
    assert (record.text, record.version) == ("First saved, then merged", 3)


def test_a_change_audits_which_fields_changed_and_names_its_text_fields_only(
        inspection, lead_inspector, team_inspector):
    record = _record(inspection, team_inspector)
    services.evidence_record_update(record=record, by=lead_inspector, expected_version=1,
                                    final=False, activity="staff", questions=["B", "C"],
                                    text="Different words", aspects=["local_offer"])

    event = _evidence_audit("changed").get()
    assert set(event.after["changed"]) == {"activity", "informs_c", "text", "aspects"}
    assert event.after["text_fields"] == ["text"]
    assert "Different" not in str(event.after)


# Safeguarding -----------------------------------------------------------------------------------

def test_a_safeguarding_flag_tells_the_lead_and_ofsted_admins_and_holds_the_evidence_base(
        inspection, lead_inspector, team_inspector, ofsted_admin,
        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = _record(inspection, team_inspector, safeguarding=True,
                         text="A child described being left alone overnight")

    told = Notification.objects.filter(inspection=inspection)
    assert sorted(told.values_list("user__username", flat=True)) == sorted(
        [lead_inspector.username, ofsted_admin.username])
    assert all("left alone" not in n.body for n in told)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [lead_inspector.email, ofsted_admin.email])
    hold = RetentionHold.objects.get(inspection=inspection, released_at__isnull=True)
    assert hold.reason == HoldReason.SAFEGUARDING
    record.refresh_from_db()
    assert (record.safeguarding, record.safeguarding_flagged_by) == (True, team_inspector)
    event = _evidence_audit("safeguarding_flagged").get()
    assert event.after == {"evidence_record": record.pk, "version": 1,
                           "retention_hold": hold.pk, "hold_set": True}


def test_a_second_safeguarding_flag_keeps_the_one_hold_in_force(inspection, lead_inspector,
                                                                team_inspector):
    _record(inspection, team_inspector, safeguarding=True)
    record = _record(inspection, lead_inspector)
    services.evidence_record_update(record=record, by=team_inspector, expected_version=1,
                                    final=False, activity="leaders", questions=["B"],
                                    text=WORDS, safeguarding=True)

    assert RetentionHold.objects.filter(inspection=inspection).count() == 1
    assert [e.after["hold_set"] for e in _evidence_audit("safeguarding_flagged")
            .order_by("pk")] == [True, False]
    # The flagger is never told of their own flag; the lead is told of each of the team's.
    assert not Notification.objects.filter(user=team_inspector).exists()
    assert Notification.objects.filter(user=lead_inspector).count() == 2


def test_a_flag_on_an_open_record_is_a_change_that_whoever_else_has_it_open_meets(
        client, inspection, lead_inspector, team_inspector):
    record = _record(inspection, team_inspector)
    services.evidence_record_update(record=record, by=lead_inspector, expected_version=1,
                                    final=False, activity="leaders", questions=["B"],
                                    text=WORDS, safeguarding=True)

    assert _evidence_audit("changed").get().after["changed"] == ["safeguarding"]
    client.force_login(team_inspector)
    response = client.post(reverse("evidence:record", args=[inspection.pk, record.pk]),
                           _posted(base_version="1", text="Typed meanwhile"))
    html = response.content.decode()
    assert "Merge your changes" in html
    assert re.search(r'name="safeguarding"[^>]*checked', html)
    record.refresh_from_db()
    assert (record.text, record.version, record.safeguarding) == (WORDS, 2, True)


def test_a_safeguarding_flag_stays_flagged(inspection, team_inspector):
    record = _record(inspection, team_inspector, safeguarding=True)

    with pytest.raises(ValidationError, match="stays flagged"):
        services.evidence_record_update(record=record, by=team_inspector, expected_version=1,
                                        final=False, activity="leaders", questions=["B"],
                                        text=WORDS, safeguarding=False)


def test_a_hold_released_before_a_new_flag_is_set_again(inspection, team_inspector,
                                                        ofsted_admin):
    from config import clock

    _record(inspection, team_inspector, safeguarding=True)
    RetentionHold.objects.update(released_at=clock.now(), released_by=ofsted_admin)
    _record(inspection, team_inspector, safeguarding=True)

    assert RetentionHold.objects.filter(released_at__isnull=True).count() == 1


# Drafts found again ---------------------------------------------------------------------------

def test_a_reopened_add_page_offers_the_unsaved_draft_to_continue(client, inspection,
                                                                  team_inspector):
    key = uuid.uuid4()
    services.evidence_draft_autosave(inspection=inspection, by=team_inspector, form_key=key,
                                     fields={"text": "Half a sentence", "informs": ["A"]})
    client.force_login(team_inspector)
    url = reverse("evidence:add", args=[inspection.pk])

    offer = client.get(url).content.decode()
    assert "You have an unsaved draft from" in offer
    assert f'href="?draft={key}"' in offer
    continued = client.get(f"{url}?draft={key}").content.decode()
    assert "Half a sentence" in continued
    assert f'value="{key}"' in continued


def test_someone_elses_draft_is_never_offered_or_opened(client, inspection, lead_inspector,
                                                        team_inspector):
    key = uuid.uuid4()
    services.evidence_draft_autosave(inspection=inspection, by=lead_inspector, form_key=key,
                                     fields={"text": "The lead's half sentence"})
    client.force_login(team_inspector)
    url = reverse("evidence:add", args=[inspection.pk])

    assert "unsaved draft" not in client.get(url).content.decode()
    assert "The lead's half sentence" not in client.get(f"{url}?draft={key}").content.decode()


def test_saving_the_form_removes_its_draft_and_no_other(client, inspection, team_inspector):
    kept, saved = uuid.uuid4(), uuid.uuid4()
    for key in (kept, saved):
        services.evidence_draft_autosave(inspection=inspection, by=team_inspector,
                                         form_key=key, fields={"text": "Typing"})
    client.force_login(team_inspector)
    client.post(reverse("evidence:add", args=[inspection.pk]), _posted(form_key=str(saved)))

    assert list(EvidenceDraft.objects.values_list("form_key", flat=True)) == [kept]


# Queries --------------------------------------------------------------------------------------

def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_record_page_makes_as_many_queries_however_much_the_record_holds(
        client, inspection, lead_inspector, team_inspector, ofsted_admin):
    small = _record(inspection, team_inspector)
    large = _record(inspection, team_inspector, aspects=["leadership", "co_production",
                                                         "ehc_plans", "covid"],
                    groups=["looked_after", "care_leavers", "in_hospital", "youth_justice"],
                    text=WORDS * 200)
    for _ in range(4):
        join_team(inspection, UserFactory(), by=ofsted_admin)
    client.force_login(team_inspector)

    assert _queries(client, reverse("evidence:record", args=[inspection.pk, small.pk])) == \
        _queries(client, reverse("evidence:record", args=[inspection.pk, large.pk]))


def test_the_add_page_makes_as_many_queries_however_many_drafts_it_offers(
        client, inspection, team_inspector):
    client.force_login(team_inspector)
    url = reverse("evidence:add", args=[inspection.pk])
    services.evidence_draft_autosave(inspection=inspection, by=team_inspector,
                                     form_key=uuid.uuid4(), fields={"text": "One"})
    one = _queries(client, url)
    for _ in range(5):
        services.evidence_draft_autosave(inspection=inspection, by=team_inspector,
                                         form_key=uuid.uuid4(), fields={"text": "More"})

    assert _queries(client, url) == one
