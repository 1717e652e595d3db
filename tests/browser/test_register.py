"""The public register in the browser, signed out: a search by area, the letter as a page and
its PDF, rendered when the report was published; every page scanned for accessibility."""

import pytest
from playwright.sync_api import expect

from inspections.models import State
from tests.browser.axe import assert_no_axe_violations


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_anyone_finds_a_published_letter_and_downloads_it(page, media, medway_led_to):
    inspection = medway_led_to(State.PUBLISHED)
    page.goto("/reports/")
    assert_no_axe_violations(page)
    page.get_by_label("Search by local area").fill("Medway")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_contain_text("1 letter for areas matching")
    page.get_by_role("link", name="Medway").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Joint local area SEND inspection in Medway")
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the letter as a PDF").click()
    assert download.value.suggested_filename == f"{inspection.reference}-outcome-letter.pdf"
