"""A local area shares its self-evaluation in the browser: the LANO finds the page from their
area, tries an unsuitable file, shares a real one, and an Ofsted admin downloads it from the
engagement meetings page; every page scanned for accessibility."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from evidence.models import DocumentVersion
from tests import files
from tests.browser.axe import assert_no_axe_violations

PDF = files.pdf_bytes()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_lano_shares_a_self_evaluation_and_an_admin_downloads_it(
        page, sign_in, media, lano, ofsted_admin, medway, tmp_path):
    sign_in(lano)
    page.goto(f"/local-areas/{medway.pk}/")
    page.get_by_role("link", name="Self-evaluations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Self-evaluations")
    expect(page.get_by_text("No self-evaluation has been shared yet.")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Share a self-evaluation").click()
    page.get_by_role("button", name="Share self-evaluation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a file")
    assert_no_axe_violations(page)
    (tmp_path / "setup.exe").write_bytes(b"MZ\x90\x00")
    page.get_by_label("Upload a file").set_input_files(str(tmp_path / "setup.exe"))
    page.get_by_role("button", name="Share self-evaluation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The selected file must be a PDF")
    (tmp_path / "Medway SEF 2024.pdf").write_bytes(PDF)
    page.get_by_label("Upload a file").set_input_files(str(tmp_path / "Medway SEF 2024.pdf"))
    page.get_by_role("button", name="Share self-evaluation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Medway SEF 2024.pdf shared with Ofsted and CQC")
    expect(page.get_by_role("link", name="Medway SEF 2024.pdf")).to_be_visible()
    assert_no_axe_violations(page)
    assert DocumentVersion.objects.get().uploaded_by == lano

    page.context.clear_cookies()
    sign_in(ofsted_admin)
    page.goto(f"/inspections/engagement/{medway.pk}/")
    page.get_by_role("link", name=f"Self-evaluations shared by {medway.name}").click()
    expect(page.get_by_role("link", name="Share a self-evaluation")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("link", name="Medway SEF 2024.pdf").click()
    assert download.value.suggested_filename == "Medway SEF 2024.pdf"
    assert Path(download.value.path()).read_bytes() == PDF
