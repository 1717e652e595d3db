"""The evidence retention page: when the evidence base may be deleted and why, the holds,
and the pages that set and release them."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.models import HoldReason, RetentionHold
from evidence.services.retention import retention_hold_release, retention_hold_set
from inspections.models import Inspection
from tests.evidence.test_retention import published  # noqa: F401 - a fixture

D = datetime.date


def _page(client, user, inspection, name="evidence:retention", *extra, data=None):
    client.force_login(user)
    url = reverse(name, args=[inspection.pk, *extra])
    return client.post(url, data) if data is not None else client.get(url)


def test_the_page_says_when_the_evidence_may_be_deleted(client, published,  # noqa: F811
                                                        team_inspector):
    response = _page(client, team_inspector, published)
    text = response.content.decode()
    assert "Published 8 February 2018; kept until 8 August 2018." in text
    assert "No hold is in force" in text
    # A team inspector sees the page, but neither sets nor releases holds.
    assert "Keep the evidence base longer" not in text


def test_held_evidence_says_what_holds_it_and_who_set_it(client, published,  # noqa: F811
                                                        lead_inspector, ofsted_admin):
    released = retention_hold_set(inspection=published, by=lead_inspector,
                                  reason=HoldReason.COMPLAINT, details="Complaint closed")
    retention_hold_release(hold=released, by=ofsted_admin)
    retention_hold_set(inspection=published, by=lead_inspector,
                       reason=HoldReason.SAFEGUARDING, details="Referral to the LADO")
    text = _page(client, ofsted_admin, published).content.decode()
    assert "Published 8 February 2018. Kept while held: safeguarding concerns identified." \
        in text
    assert "Referral to the LADO" in text and str(lead_inspector) in text
    assert "Released holds" in text and "Complaint closed" in text and \
        str(ofsted_admin) in text
    assert text.count(">Release<") == 1


def test_the_local_area_may_not_see_the_page(client, published, lano):  # noqa: F811
    Inspection.objects.filter(pk=published.pk).update(notified_on=D(2017, 11, 27))
    assert _page(client, lano, published).status_code == 403


def test_the_lead_sets_a_hold_from_its_page(client, published, lead_inspector):  # noqa: F811
    response = _page(client, lead_inspector, published, "evidence:retention-hold",
                     data={"reason": "litigation", "details": "A tribunal appeal is lodged"})
    assert response.status_code == 302
    hold = RetentionHold.objects.get()
    assert (hold.reason, hold.set_by) == ("litigation", lead_inspector)


def test_a_hold_without_details_is_shown_again_with_the_error_and_the_input(
        client, published, lead_inspector):  # noqa: F811
    response = _page(client, lead_inspector, published, "evidence:retention-hold",
                     data={"reason": "sensitive", "details": ""})
    text = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in text
    assert "Give the details of why the evidence base must be kept" in text
    assert re.search(r'value="sensitive"\s+checked="checked"', text)
    assert not RetentionHold.objects.exists()


def test_a_second_hold_for_the_same_reason_is_refused_on_the_form(
        client, published, lead_inspector):  # noqa: F811
    retention_hold_set(inspection=published, by=lead_inspector, reason="wsoa",
                       details="WSOA required")
    response = _page(client, lead_inspector, published, "evidence:retention-hold",
                     data={"reason": "wsoa", "details": "Again, typed here"})
    text = response.content.decode()
    assert "already held for that reason" in text and "Again, typed here" in text
    assert RetentionHold.objects.count() == 1


def test_an_admin_releases_a_hold_after_confirming(client, published, lead_inspector,  # noqa: F811
                                                   ofsted_admin):
    hold = retention_hold_set(inspection=published, by=lead_inspector, reason="complaint",
                              details="A formal complaint")
    confirm = _page(client, ofsted_admin, published, "evidence:retention-release", hold.pk)
    assert "Release the hold?" in confirm.content.decode()
    hold.refresh_from_db()
    assert hold.released_at is None
    response = _page(client, ofsted_admin, published, "evidence:retention-release", hold.pk,
                     data={})
    assert response.status_code == 302
    hold.refresh_from_db()
    assert hold.released_by == ofsted_admin
    again = _page(client, ofsted_admin, published, "evidence:retention-release", hold.pk,
                  data={})
    assert "already been released" in again.content.decode()


def test_a_hold_of_another_inspection_is_not_found(client, published, lead_inspector,  # noqa: F811
                                                   ofsted_admin, barnet):
    from tests.factories import inspection_without_clocks

    other = inspection_without_clocks(local_area=barnet, by=ofsted_admin)
    hold = retention_hold_set(inspection=other, by=ofsted_admin, reason="sensitive",
                              details="National interest")
    response = _page(client, ofsted_admin, published, "evidence:retention-release", hold.pk)
    assert response.status_code == 404


def test_the_page_makes_as_many_queries_with_many_holds_as_with_one(
        client, published, lead_inspector, ofsted_admin):  # noqa: F811
    def counted() -> int:
        client.force_login(ofsted_admin)
        url = reverse("evidence:retention", args=[published.pk])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    retention_hold_set(inspection=published, by=lead_inspector, reason="complaint",
                       details="One")
    few = counted()
    for reason in ("safeguarding", "litigation", "wsoa", "sensitive"):
        hold = retention_hold_set(inspection=published, by=lead_inspector, reason=reason,
                                  details="More")
        retention_hold_release(hold=hold, by=ofsted_admin)
        retention_hold_set(inspection=published, by=ofsted_admin, reason=reason,
                           details="Again")
    assert counted() == few



def test_the_overview_links_the_retention_page_for_the_inspectorates_only(
        client, published, team_inspector, lano):  # noqa: F811
    link = reverse("evidence:retention", args=[published.pk])
    client.force_login(team_inspector)
    assert link in client.get(reverse("inspections:overview", args=[published.pk])) \
        .content.decode()
    Inspection.objects.filter(pk=published.pk).update(notified_on=D(2017, 11, 27))
    client.force_login(lano)
    response = client.get(reverse("inspections:overview", args=[published.pk]))
    assert response.status_code == 200 and link not in response.content.decode()
