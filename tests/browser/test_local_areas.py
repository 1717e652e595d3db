"""The register of local areas: finding an area, reading it, adding one, and who may see it."""

import datetime
import re

from playwright.sync_api import expect

from local_areas import services
from local_areas.models import ContactRole, LocalArea, Region
from local_areas.views import PAGE_SIZE
from tests.browser.axe import assert_no_axe_violations
from tests.factories import HealthPartnerFactory


def test_admin_can_filter_local_areas_by_region(page, sign_in, ofsted_admin):
    london = LocalArea.objects.filter(region=Region.LONDON)
    sign_in(ofsted_admin)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Local areas").click()
    expect(page.get_by_role("status")).to_have_text(f"{LocalArea.objects.count()} local areas")

    page.get_by_label("Ofsted region").select_option(label="London")
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"[?&]region=london\b"))
    expect(page.get_by_role("status")).to_have_text(
        f"{london.count()} local areas match your filters")
    expect(page.get_by_label("Ofsted region")).to_have_value(Region.LONDON)
    regions = page.locator(".govuk-table__body .govuk-table__row td:nth-child(3)")
    expect(regions).to_have_count(min(london.count(), PAGE_SIZE))
    assert set(regions.all_inner_texts()) == {"London"}
    expect(page.get_by_role("link", name="Barnet", exact=True)).to_be_visible()
    assert_no_axe_violations(page)


def test_admin_reads_a_local_areas_details_contacts_and_health_partners(
    page, sign_in, ofsted_admin, medway
):
    services.contact_add(local_area=medway, by=ofsted_admin, role=ContactRole.LANO,
                         name="Jo Bennett", email="jo.bennett@example.gov.uk",
                         start_date=datetime.date(2024, 9, 2))
    services.health_partner_link(local_area=medway, by=ofsted_admin,
                                 health_partner=HealthPartnerFactory(name="NHS Kent and Medway"))
    sign_in(ofsted_admin)

    page.goto(f"/local-areas/{medway.pk}/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Medway")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("E06000035")
    expect(page.get_by_role("link", name="End role of Jo Bennett")).to_be_visible()
    expect(page.get_by_role("table", name="Health partners of Medway")).to_contain_text(
        "NHS Kent and Medway")
    assert_no_axe_violations(page)


def test_admin_submitting_an_empty_add_form_sees_every_error(page, sign_in, ofsted_admin):
    areas_before = LocalArea.objects.count()
    sign_in(ofsted_admin)
    page.goto("/local-areas/")
    page.get_by_role("link", name="Add a local area").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a local area")

    page.get_by_role("button", name="Save").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    for message in ("Enter the name of the local area", "Enter the ONS code",
                    "Select the type of authority", "Select the Ofsted region"):
        expect(summary.get_by_role("link", name=message)).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: Add a local area"))
    assert LocalArea.objects.count() == areas_before
    assert_no_axe_violations(page)


def test_lano_opening_another_areas_page_gets_not_found(page, sign_in, lano, barnet):
    sign_in(lano)

    response = page.goto(f"/local-areas/{barnet.pk}/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("not found", re.I))
    expect(page.get_by_text("Barnet")).to_have_count(0)
    assert_no_axe_violations(page)
