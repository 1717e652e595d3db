"""Downloading a document's version: only through the permission-checked page, as an
attachment with a safe name, never cached, never sniffed."""

import datetime
from urllib.parse import quote

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from evidence.models import DocumentVersion, ScanStatus
from evidence.services.documents import document_upload
from evidence.views.documents import content_disposition
from tests.evidence.helpers import csv_upload, evidence_record, raised

CSV = b"area,plans\nMedway,412\n"


@pytest.fixture
def answered_file(frozen_today, inspection, notify, lead_inspector, lano, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    notify(inspection)
    request = raised(inspection, lead_inspector)
    return document_upload(owner=request, by=lano, upload=csv_upload("Plans 2024–25.csv"))


def _url(version: DocumentVersion) -> str:
    return reverse("evidence:document-download",
                   args=[version.document.inspection_id, version.pk])


def _download(client, user, version):
    client.force_login(user)
    return client.get(_url(version))


def test_the_file_comes_as_an_attachment_streamed_with_safe_headers(
        document_storage, client, answered_file, lano):
    response = _download(client, lano, answered_file)

    assert response.status_code == 200 and response.streaming
    assert b"".join(response.streaming_content) == CSV
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Plans 2024_25.csv\"; "
        f"filename*=UTF-8''{quote('Plans 2024–25.csv', safe='')}")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"].split(", ")
    assert response["Content-Type"] == "application/octet-stream"
    assert AuditEvent.objects.filter(action="document.downloaded", actor=lano).count() == 1


@pytest.mark.parametrize(("name", "fallback"), [
    ('report"; filename="evil.exe', 'report__ filename__evil.exe'),
    ("notes\r\nSet-Cookie: x.txt", "notes__Set-Cookie_ x.txt"),
    ("ÉHCP réview.pdf", "EHCP review.pdf"),
    ("计划.pdf", "__.pdf"),
])
def test_the_download_name_cannot_break_out_of_its_header(name, fallback):
    header = content_disposition(name)

    assert header.startswith(f'attachment; filename="{fallback}"; filename*=UTF-8\'\'')
    assert "\r" not in header and "\n" not in header and header.count('"') == 2


def test_inspectors_and_the_areas_own_people_download_what_it_gave(
        client, answered_file, lead_inspector, team_inspector, quality_assurance,
        ofsted_admin, local_area_leader):
    for person in (lead_inspector, team_inspector, quality_assurance, ofsted_admin,
                   local_area_leader):
        assert _download(client, person, answered_file).status_code == 200, person


def test_another_areas_lano_is_told_the_document_does_not_exist(client, answered_file,
                                                                other_lano, outsider):
    for person in (other_lano, outsider):
        assert _download(client, person, answered_file).status_code == 404


def test_the_local_area_never_gets_a_document_attached_to_evidence(
        client, answered_file, team_inspector, lano, local_area_leader, lead_inspector):
    record = evidence_record(answered_file.document.inspection, team_inspector)
    attached = document_upload(owner=record, by=team_inspector, upload=csv_upload())

    assert _download(client, lead_inspector, attached).status_code == 200
    for person in (lano, local_area_leader):
        assert _download(client, person, attached).status_code == 404


def test_a_version_of_another_inspection_is_not_found_under_this_one(
        client, answered_file, make_inspection, lead_inspector):
    other = make_inspection(start=datetime.date(2018, 3, 5), end=datetime.date(2018, 3, 9))
    url = reverse("evidence:document-download", args=[other.pk, answered_file.pk])
    client.force_login(lead_inspector)

    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("status", "words"), [
    (ScanStatus.PENDING, "has not been checked for viruses yet"),
    (ScanStatus.INFECTED, "A virus was found"),
])
def test_a_version_not_scanned_clean_is_not_sent_and_a_page_says_why(
        client, answered_file, lano, status, words):
    DocumentVersion.objects.filter(pk=answered_file.pk).update(scan_status=status)

    response = _download(client, lano, answered_file)

    assert response.status_code == 409
    assert not response.streaming
    assert words in response.content.decode()
    assert not AuditEvent.objects.filter(action="document.downloaded").exists()


def test_every_version_stays_downloadable(document_storage, client, answered_file, lano):
    request = answered_file.document.request
    second = document_upload(owner=request, by=lano,
                             upload=csv_upload("Plans 2024–25.csv", b"area,plans\nMedway,9\n"))

    first_body = b"".join(_download(client, lano, answered_file).streaming_content)
    second_body = b"".join(_download(client, lano, second).streaming_content)

    assert (first_body, second_body) == (CSV, b"area,plans\nMedway,9\n")
