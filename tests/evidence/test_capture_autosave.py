"""Autosave: each person's own draft of each form, saved over in one upsert, refused to
those who may not write the evidence, in a small constant number of queries."""

import datetime
import json
import threading
import time
import uuid

import pytest
import time_machine
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.models import EvidenceDraft, EvidenceRecord
from evidence.services import records as services
from inspections.models import State
from tests.evidence import test_capture
from tests.factories import UserFactory
from tests.inspections.conftest import MEDWAY_CALL, MEDWAY_HISTORY

pytestmark = pytest.mark.django_db
inspection = test_capture.inspection


def _autosave(client, inspection, **fields):
    return client.post(reverse("evidence:autosave", args=[inspection.pk]), fields)


def _record(inspection, by):
    return services.evidence_record_create(inspection=inspection, by=by, final=False,
                                           activity="leaders", questions=["A"],
                                           text="Saved words")


def test_autosave_keeps_the_typed_form_as_the_writers_draft_and_says_when_uk_time(
        client, inspection, team_inspector):
    client.force_login(team_inspector)
    key = str(uuid.uuid4())
    # 1:05pm in London in June is 12:05 UTC.
    with time_machine.travel(datetime.datetime(2024, 6, 12, 12, 5, tzinfo=datetime.UTC),
                             tick=False):
        response = _autosave(client, inspection, form_key=key, text="Half a thought",
                             informs=["A", "C"], activity="children", weighing="neither")

    assert response.status_code == 200
    assert json.loads(response.content) == {"saved": True, "saved_at": "13:05"}
    draft = EvidenceDraft.objects.get()
    assert (draft.author, str(draft.form_key), draft.record, draft.inspection) == (
        team_inspector, key, None, inspection)
    assert draft.fields == {"text": "Half a thought", "informs": ["A", "C"],
                            "activity": "children", "weighing": "neither"}


def test_autosaving_again_saves_over_the_same_draft(client, inspection, team_inspector):
    client.force_login(team_inspector)
    key = str(uuid.uuid4())
    _autosave(client, inspection, form_key=key, text="Half")
    _autosave(client, inspection, form_key=key, text="Half a thought, finished")

    assert list(EvidenceDraft.objects.values_list("fields__text", flat=True)) == [
        "Half a thought, finished"]


def test_two_people_autosaving_one_records_form_keep_drafts_of_their_own(
        client, inspection, lead_inspector, team_inspector):
    record = _record(inspection, team_inspector)
    # The record's form has the same key for everyone: drafts are told apart by their writer.
    key = str(uuid.uuid4())
    for user, words in ((lead_inspector, "The lead's change"),
                        (team_inspector, "The team inspector's change")):
        client.force_login(user)
        answer = _autosave(client, inspection, form_key=key, record=record.pk, base_version=1,
                           text=words)
        assert answer.status_code == 200

    drafts = dict(EvidenceDraft.objects.values_list("author__username", "fields__text"))
    assert drafts == {lead_inspector.username: "The lead's change",
                      team_inspector.username: "The team inspector's change"}
    assert set(EvidenceDraft.objects.values_list("record", "base_version")) == {(record.pk, 1)}
    record.refresh_from_db()
    assert (record.text, record.version) == ("Saved words", 1)


def test_autosave_keeps_only_the_forms_own_fields(client, inspection, team_inspector):
    client.force_login(team_inspector)
    _autosave(client, inspection, form_key=str(uuid.uuid4()), text="Words", author="someone",
              status="final")

    assert EvidenceDraft.objects.get().fields == {"text": "Words"}


def test_autosave_with_nothing_typed_keeps_nothing(client, inspection, team_inspector):
    client.force_login(team_inspector)
    response = _autosave(client, inspection, form_key=str(uuid.uuid4()), weighing="neither")

    assert json.loads(response.content) == {"saved": False}
    assert not EvidenceDraft.objects.exists()


def test_autosave_refuses_a_form_it_cannot_read(client, inspection, team_inspector):
    client.force_login(team_inspector)

    assert _autosave(client, inspection, form_key="not-a-key", text="Words").status_code == 400
    assert not EvidenceDraft.objects.exists()


def test_autosave_of_another_inspections_record_is_not_found(client, inspection,
                                                             team_inspector, ofsted_admin,
                                                             medway):
    from inspections import services as inspection_services

    other = inspection_services.inspection_create(
        by=ofsted_admin, local_area=medway, framework="2016",
        onsite_start=datetime.date(2018, 3, 5), onsite_end=datetime.date(2018, 3, 9))
    test_capture.join_team(other, team_inspector, by=ofsted_admin)
    elsewhere = _record(other, team_inspector)
    client.force_login(team_inspector)

    response = _autosave(client, inspection, form_key=str(uuid.uuid4()), record=elsewhere.pk,
                         text="Words")
    assert response.status_code == 404
    assert not EvidenceDraft.objects.exists()


@pytest.mark.parametrize(("who", "answer"), [
    # An inspector not on the team does not see the inspection.
    ("stranger", 404),
    # Ofsted admins see the evidence base but do not write it.
    ("ofsted_admin", 403),
    # The local area sees its inspection once told of it, but never its evidence.
    ("lano", 404),
])
def test_autosave_is_refused_to_those_who_may_not_write_evidence(
        client, inspection, ofsted_admin, lano, who, answer):
    test_capture.notified(inspection, ofsted_admin)
    user = {"stranger": UserFactory(), "ofsted_admin": ofsted_admin, "lano": lano}[who]
    client.force_login(user)

    assert _autosave(client, inspection, form_key=str(uuid.uuid4()),
                     text="Words").status_code == answer
    assert not EvidenceDraft.objects.exists()


def test_autosave_is_a_post_only(client, inspection, team_inspector):
    client.force_login(team_inspector)

    assert client.get(reverse("evidence:autosave", args=[inspection.pk])).status_code == 405


def test_autosave_on_a_closed_inspection_keeps_nothing(client, inspection, team_inspector,
                                                        walk_to):
    walk_to(inspection, State.CLOSED, call=MEDWAY_CALL, **MEDWAY_HISTORY)
    client.force_login(team_inspector)

    response = _autosave(client, inspection, form_key=str(uuid.uuid4()), text="Words")
    assert response.status_code == 409
    assert "closed" in json.loads(response.content)["error"]
    assert not EvidenceDraft.objects.exists()


def test_autosave_makes_the_same_few_queries_however_large_the_team_and_the_draft(
        client, inspection, team_inspector, ofsted_admin, django_assert_num_queries):
    """Session, user, second factor, sign-in session, roles; the inspection, its team and
    its declarations; the upsert. The session is not saved again within a minute of its
    last save (accounts.session_lifetime)."""
    client.force_login(team_inspector)
    record = _record(inspection, team_inspector)
    key = str(uuid.uuid4())
    _autosave(client, inspection, form_key=key, text="Warm")
    with django_assert_num_queries(9):
        _autosave(client, inspection, form_key=key, text="Small")
    for _ in range(6):
        test_capture.join_team(inspection, UserFactory(), by=ofsted_admin)
    with django_assert_num_queries(10):  # and whether the record is the inspection's
        _autosave(client, inspection, form_key=key, record=record.pk, base_version=1,
                  text="Large " * 5000, informs=["A", "B", "C"])


def test_autosave_writes_only_the_writers_draft_and_locks_nothing(
        client, inspection, team_inspector):
    record = _record(inspection, team_inspector)
    client.force_login(team_inspector)
    with CaptureQueriesContext(connection) as queries:
        _autosave(client, inspection, form_key=str(uuid.uuid4()), record=record.pk,
                  base_version=1, text="Words")

    sql = [query["sql"] for query in queries]
    assert not [statement for statement in sql if "FOR UPDATE" in statement.upper()]
    writes = [statement.split("(")[0].split(" SET ")[0] for statement in sql
              if statement.startswith(("INSERT", "UPDATE", "DELETE"))]
    # The session's own save aside, the one write is the draft's upsert.
    assert [w for w in writes if "django_session" not in w] == [
        'INSERT INTO "evidence_evidencedraft" ']


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_autosave_goes_ahead_while_a_save_holds_the_inspection_and_the_record(
        client, inspection, team_inspector, lead_inspector):
    """A save locks the inspection and the record until it commits; autosaves of the rest
    of the team, of that record's form and of a new one, do not wait for it."""
    record = _record(inspection, team_inspector)
    locked, release = threading.Event(), threading.Event()

    def save_slowly():
        try:
            with transaction.atomic():
                services.evidence_record_update(
                    record=EvidenceRecord.objects.get(pk=record.pk), by=team_inspector,
                    expected_version=1, final=False, activity="leaders", questions=["A"],
                    text="Saved meanwhile")
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    saver = threading.Thread(target=save_slowly)
    saver.start()
    try:
        assert locked.wait(10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '1s'")  # a wait fails the test, not hangs it
        client.force_login(lead_inspector)
        started = time.monotonic()
        for fields in ({"record": record.pk, "base_version": 1}, {}):
            response = _autosave(client, inspection, form_key=str(uuid.uuid4()),
                                 text="Typed meanwhile", **fields)
            assert response.status_code == 200
        assert time.monotonic() - started < 1
    finally:
        release.set()
        saver.join(10)
    assert list(EvidenceDraft.objects.values_list("fields__text", flat=True)) == [
        "Typed meanwhile"] * 2
    assert EvidenceRecord.objects.get().text == "Saved meanwhile"
