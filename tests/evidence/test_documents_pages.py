"""Attaching documents to evidence through its pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.models import DocumentVersion
from evidence.services.documents import document_upload
from tests.evidence.helpers import csv_upload, evidence_record


@pytest.fixture
def record(frozen_today, inspection, notify, team_inspector, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    notify(inspection)
    return evidence_record(inspection, team_inspector)


def test_an_inspector_on_the_team_attaches_a_file_to_evidence(client, record, team_inspector):
    client.force_login(team_inspector)
    url = reverse("evidence:record-document-add", args=[record.inspection_id, record.pk])

    response = client.post(url, {"file": csv_upload("Local offer review.csv")})

    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    assert version.document.record == record
    page = client.get(response["Location"]).content.decode()
    assert "Local offer review.csv" in page
    assert reverse("evidence:document-download",
                   args=[record.inspection_id, version.pk]) in page


def test_no_file_selected_is_an_error_on_the_field(client, record, team_inspector):
    client.force_login(team_inspector)
    url = reverse("evidence:record-document-add", args=[record.inspection_id, record.pk])

    page = client.post(url, {}).content.decode()

    assert "govuk-error-summary" in page and "Select a file" in page


def test_the_local_area_is_told_evidence_documents_do_not_exist(client, record, lano):
    client.force_login(lano)
    url = reverse("evidence:record-documents", args=[record.inspection_id, record.pk])

    assert client.get(url).status_code == 404


def test_a_records_documents_cost_the_same_however_many(client, record, team_inspector):
    url = reverse("evidence:record-documents", args=[record.inspection_id, record.pk])
    document_upload(owner=record, by=team_inspector, upload=csv_upload())
    client.force_login(team_inspector)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    few = queries()
    for name in ("a.csv", "b.csv", "a.csv", "plans.csv"):
        document_upload(owner=record, by=team_inspector, upload=csv_upload(name))

    assert queries() == few
