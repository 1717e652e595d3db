"""The pages of Medway's written statement of action, from which its people take it through
the cycle: the area records receipt of the final report and submits the statement with its
actions, Ofsted and the CQC each record a view and then the joint decision, an admin reopens
one, and the DfE follows progress. Who sees what, and what each page refuses."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from audit.models import AuditEvent
from evidence.models import DocumentVersion
from local_areas.models import AreaContact
from tests.factories import AreaContactFactory, UserFactory
from tests.files import pdf
from tests.wsoa.conftest import every_action, statement
from wsoa import services
from wsoa.models import Fitness, Stage, Wsoa

pytestmark = pytest.mark.django_db
D = datetime.date


def _url(name, wsoa, *extra):
    return reverse(f"wsoa:{name}", args=[wsoa.pk, *extra])


def _received(wsoa, by):
    return services.wsoa_record_receipt(wsoa=wsoa, by=by, received_on=D(2018, 1, 31))


def _submitted(wsoa, by, **options):
    services.wsoa_submit(wsoa=wsoa, by=by, statement=statement(wsoa, by),
                         actions=every_action(wsoa, **options), copies_confirmed=True,
                         submitted_on=D(2018, 5, 10))
    return Wsoa.objects.get(pk=wsoa.pk)


def _views(wsoa, ofsted, cqc, fitness, comments=""):
    services.wsoa_record_view(wsoa=wsoa, by=ofsted, inspectorate="ofsted", fitness=fitness,
                              comments=comments)
    services.wsoa_record_view(wsoa=wsoa, by=cqc, inspectorate="cqc", fitness=fitness)


FIRST_DECISION = D(2018, 5, 24)


def _not_fit(wsoa, ofsted, cqc, admin, decided_on=FIRST_DECISION):
    _views(wsoa, ofsted, cqc, Fitness.NOT_FIT)
    first = services.weaknesses_of(wsoa)[0]
    services.wsoa_decide(wsoa=wsoa, by=admin, regional_director="Christopher Russell",
                         recommendations={first.pk: "Say who leads co-production"},
                         decided_on=decided_on)
    return Wsoa.objects.get(pk=wsoa.pk)


def _date(prefix: str, day: datetime.date | None) -> dict:
    if day is None:
        return {f"{prefix}_0": "", f"{prefix}_1": "", f"{prefix}_2": ""}
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month),
            f"{prefix}_2": str(day.year)}


def _submission_data(wsoa, *, who="Director of children's services", skip=(), file=None,
                     copies=True) -> dict:
    """Every area of significant weakness with one action in its first row, but those whose
    position is in `skip`; `who` for the first area's action."""
    data = {"statement": file or pdf("medway-wsoa.pdf"), "version": wsoa.version}
    if copies:
        data["copies_confirmed"] = "on"
    for n, weakness in enumerate(services.weaknesses_of(wsoa), start=1):
        if n in skip:
            continue
        data[f"w{weakness.pk}_0_text"] = f"Act on {weakness.text}"
        data[f"w{weakness.pk}_0_who"] = who if n == 1 else "Medway CCG"
        data.update(_date(f"w{weakness.pk}_0_by", D(2019, 3, 31)))
    return data


# The statement's page -----------------------------------------------------------------------------

def test_the_statement_page_says_where_it_stands_and_who_speaks_for_the_authority(
        client, issued, lano, medway):
    AreaContactFactory(local_area=medway, role="dcs", name="Ian Sutherland",
                       start_date=D(2016, 1, 1))
    AreaContactFactory(local_area=medway, role="lano", name="Not a principal",
                       start_date=D(2016, 1, 1))
    AreaContactFactory(local_area=medway, role="la_ce", name="Gone Before",
                       start_date=D(2010, 1, 1), end_date=D(2015, 1, 1))
    client.force_login(lano)
    html = client.get(_url("detail", issued)).content.decode()
    assert "Awaiting receipt of the final report" in html
    assert "The local authority and the CCG or ICB jointly" in html
    assert "Ian Sutherland" in html
    assert "Not a principal" not in html and "Gone Before" not in html
    assert "the lack of effective co-production at all levels" in html
    assert "Record when the final report was received" in html
    assert "Submit the statement" not in html


def test_the_inspection_and_determination_pages_link_to_the_statement(
        client, issued, lano, lead_inspector):
    client.force_login(lano)
    html = client.get(reverse("inspections:overview", args=[issued.inspection_id])).content
    assert _url("detail", issued).encode() in html
    client.force_login(lead_inspector)
    html = client.get(reverse("reports:determination", args=[issued.inspection_id])).content
    assert _url("detail", issued).encode() in html


# The final report received ------------------------------------------------------------------------

def test_receipt_offers_the_day_the_final_report_was_issued_and_starts_the_clock(
        client, published, lano):
    client.force_login(lano)
    html = client.get(_url("receipt", published)).content.decode()
    assert 'name="received_on_0" value="31"' in html
    assert 'name="received_on_2" value="2018"' in html
    response = client.post(_url("receipt", published), {
        **_date("received_on", D(2018, 1, 31)), "version": published.version})
    assert response.status_code == 302
    assert response["Location"] == _url("detail", published)
    html = client.get(response["Location"]).content.decode()
    assert "The date the final report was received was recorded" in html
    assert Wsoa.objects.get(pk=published.pk).stage == Stage.DRAFTING
    # Handbook 75, from receipt; the Medway paper's count, from publication.
    rule = html[html.index('id="submission-rule"'):]
    assert "14 May 2018, counted from its receipt on 31 January 2018" in rule
    assert "Counted from its publication on 8 February 2018, the statement would be due " \
           "22 May 2018" in rule


def test_receipt_before_the_report_was_issued_is_refused_with_the_input_kept(
        client, issued, lano):
    client.force_login(lano)
    response = client.post(_url("receipt", issued), {**_date("received_on", D(2018, 1, 30)),
                                                     "version": issued.version})
    html = response.content.decode()
    assert response.status_code == 200
    assert "The final report was issued on 31 January 2018: it cannot have been received " \
           "before" in html
    assert 'name="received_on_0" value="30"' in html
    assert Wsoa.objects.get(pk=issued.pk).stage == Stage.AWAITING_RECEIPT


def test_receipt_from_a_page_opened_before_a_change_is_refused_as_stale(
        client, issued, lano, ofsted_admin):
    _received(issued, ofsted_admin)
    client.force_login(lano)
    response = client.post(_url("receipt", issued), {**_date("received_on", D(2018, 2, 1)),
                                                     "version": issued.version})
    assert "changed by someone else after you opened it" in response.content.decode()


# The statement submitted --------------------------------------------------------------------------

def test_lano_submits_the_statement_with_actions_for_every_weakness(client, issued, lano):
    wsoa = _received(issued, lano)
    client.force_login(lano)
    assert client.get(_url("submit", wsoa)).status_code == 200
    response = client.post(_url("submit", wsoa), _submission_data(wsoa))
    assert response.status_code == 302, response.content.decode()[:3000]
    wsoa = Wsoa.objects.get(pk=wsoa.pk)
    submission = wsoa.submissions.get()
    assert (wsoa.stage, submission.actions.count(), submission.copies_confirmed) == (
        Stage.UNDER_REVIEW, 8, True)
    html = client.get(_url("detail", wsoa)).content.decode()
    assert "The statement was submitted" in html
    assert "Under review" in html
    assert "medway-wsoa.pdf" in html
    assert reverse("wsoa:statement-download", args=[wsoa.pk, submission.pk]) in html


def test_an_action_without_who_is_refused_naming_it_and_the_input_is_kept(
        client, issued, lano):
    wsoa = _received(issued, lano)
    client.force_login(lano)
    response = client.post(_url("submit", wsoa), _submission_data(wsoa, who=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Area of significant weakness 1, action 1: say who is to take it" in html
    assert "govuk-error-summary" in html
    assert "Act on the lack of strategic leadership and vision across the partnership" in html
    # Nothing was kept: not the submission, nor the document.
    assert not wsoa.submissions.exists()
    assert not DocumentVersion.objects.filter(document__statement_of=wsoa).exists()


def test_a_weakness_without_an_action_and_unconfirmed_copies_are_refused(
        client, issued, lano):
    wsoa = _received(issued, lano)
    client.force_login(lano)
    response = client.post(_url("submit", wsoa), _submission_data(wsoa, skip={8},
                                                                  copies=False))
    html = response.content.decode()
    assert "Area of significant weakness 8 has no action: enter at least one" in html
    assert "Confirm that copies went to HMCI, Ofsted, the CQC and the Secretary of State" in html
    assert not wsoa.submissions.exists()


def test_an_action_without_a_date_and_a_file_of_the_wrong_kind_are_refused(
        client, issued, lano):
    from django.core.files.uploadedfile import SimpleUploadedFile

    wsoa = _received(issued, lano)
    first = services.weaknesses_of(wsoa)[0]
    data = _submission_data(wsoa, file=SimpleUploadedFile("wsoa.exe", b"MZ\x90\x00"))
    data.update(_date(f"w{first.pk}_0_by", None))
    client.force_login(lano)
    html = client.post(_url("submit", wsoa), data).content.decode()
    assert "Area of significant weakness 1, action 1: enter the date it is to be completed " \
           "by" in html
    assert not wsoa.submissions.exists()
    data = _submission_data(wsoa, file=SimpleUploadedFile("wsoa.exe", b"MZ\x90\x00"))
    html = client.post(_url("submit", wsoa), data).content.decode()
    assert "The selected file must be" in html
    assert not DocumentVersion.objects.filter(document__statement_of=wsoa).exists()


def test_the_revised_statement_starts_from_the_previous_actions(
        client, issued, lano, quality_assurance, cqc_decision_maker, ofsted_admin):
    wsoa = _not_fit(_submitted(_received(issued, lano), lano), quality_assurance,
                    cqc_decision_maker, ofsted_admin)
    client.force_login(lano)
    html = client.get(_url("submit", wsoa)).content.decode()
    assert "Submit the revised statement" in html
    assert "Act on weak joint commissioning arrangements</textarea>" in html
    assert 'value="2019"' in html
    # What the decision asked of the first area, under it.
    assert "<strong>The recommendation:</strong> Say who leads co-production" in html


def test_the_statement_cannot_be_submitted_before_the_report_is_received(
        client, issued, lano):
    client.force_login(lano)
    response = client.post(_url("submit", issued), _submission_data(issued))
    assert response.status_code == 200
    assert "You cannot submit the statement" in response.content.decode()
    assert not issued.submissions.exists()


# The review ---------------------------------------------------------------------------------------

def test_each_inspectorate_records_its_view_and_the_decision_is_joint(
        client, issued, lano, quality_assurance, cqc_decision_maker, ofsted_admin):
    wsoa = _submitted(_received(issued, lano), lano)
    client.force_login(quality_assurance)
    assert "The view of Ofsted" in client.get(_url("review", wsoa)).content.decode()
    response = client.post(_url("review", wsoa), {"fitness": "not_fit",
                                                  "comments": "No dates for co-production"})
    assert response.status_code == 302
    client.force_login(ofsted_admin)
    response = client.post(_url("decide", wsoa), {
        "regional_director": "Christopher Russell", **_date("decided_on", D(2018, 5, 24))})
    html = response.content.decode()
    assert "The decision is joint: the CQC has not recorded a view yet" in html
    assert 'value="Christopher Russell"' in html
    client.force_login(cqc_decision_maker)
    assert "The view of the CQC" in client.get(_url("review", wsoa)).content.decode()
    client.post(_url("review", wsoa), {"fitness": "not_fit"})
    client.force_login(ofsted_admin)
    data = {"regional_director": "Christopher Russell", **_date("decided_on", D(2018, 5, 24))}
    html = client.post(_url("decide", wsoa), data).content.decode()
    assert "needs a recommendation for at least one area of significant weakness" in html
    first = services.weaknesses_of(wsoa)[0]
    response = client.post(_url("decide", wsoa), {
        **data, f"recommendation_{first.pk}": "Name who leads co-production"})
    assert response.status_code == 302
    wsoa = Wsoa.objects.get(pk=wsoa.pk)
    assert wsoa.stage == Stage.RESUBMISSION
    html = client.get(_url("detail", wsoa)).content.decode()
    assert "Name who leads co-production" in html
    assert "in the letter of Christopher Russell" in html
    assert "No dates for co-production" in html  # the inspectorates read the comments


def test_the_area_reads_the_decision_but_not_the_inspectorates_views(
        client, issued, lano, quality_assurance, cqc_decision_maker):
    wsoa = _submitted(_received(issued, lano), lano)
    _views(wsoa, quality_assurance, cqc_decision_maker, Fitness.FIT,
           comments="Leaders were slow to answer")
    client.force_login(lano)
    html = client.get(_url("detail", wsoa)).content.decode()
    assert "Fit for purpose" not in html and "Not decided yet" in html
    services.wsoa_decide(wsoa=wsoa, by=quality_assurance, regional_director="C Russell",
                         decided_on=D(2018, 5, 24))
    html = client.get(_url("detail", wsoa)).content.decode()
    assert "Fit for purpose, sent 24 May 2018" in html
    assert "Leaders were slow to answer" not in html and "The view of Ofsted" not in html


def test_a_view_is_recorded_only_by_staff_of_an_inspectorate(
        client, issued, lano, quality_assurance):
    wsoa = _submitted(_received(issued, lano), lano)
    quality_assurance.inspectorate = ""
    quality_assurance.save(update_fields=["inspectorate"])
    client.force_login(quality_assurance)
    assert client.get(_url("review", wsoa)).status_code == 403
    client.force_login(lano)
    assert client.get(_url("review", wsoa)).status_code == 403
    assert client.get(_url("decide", wsoa)).status_code == 403


def test_a_fit_decision_asks_for_no_recommendations(
        client, issued, lano, quality_assurance, cqc_decision_maker):
    wsoa = _submitted(_received(issued, lano), lano)
    _views(wsoa, quality_assurance, cqc_decision_maker, Fitness.FIT)
    client.force_login(quality_assurance)
    html = client.get(_url("decide", wsoa)).content.decode()
    assert "recommendation_" not in html
    response = client.post(_url("decide", wsoa), {
        "regional_director": "Christopher Russell", **_date("decided_on", D(2018, 5, 25))})
    assert response.status_code == 302
    assert Wsoa.objects.get(pk=wsoa.pk).stage == Stage.FIT


def test_an_admin_reopens_a_decision_after_confirming_it(
        client, issued, lano, quality_assurance, cqc_decision_maker, ofsted_admin):
    wsoa = _not_fit(_submitted(_received(issued, lano), lano), quality_assurance,
                    cqc_decision_maker, ofsted_admin)
    client.force_login(quality_assurance)
    assert client.get(_url("reopen", wsoa)).status_code == 403
    client.force_login(ofsted_admin)
    html = client.post(_url("reopen", wsoa), {"reason": " "}).content.decode()
    assert "Say why the decision is reopened" in html
    response = client.post(_url("reopen", wsoa), {"reason": "Wrong statement read"})
    html = response.content.decode()
    assert "Are you sure you want to reopen the decision?" in html
    assert "govuk-button--warning" in html
    assert Wsoa.objects.get(pk=wsoa.pk).stage == Stage.RESUBMISSION
    response = client.post(_url("reopen", wsoa), {"reason": "Wrong statement read",
                                                  "confirm": "yes"})
    assert response.status_code == 302
    assert Wsoa.objects.get(pk=wsoa.pk).stage == Stage.UNDER_REVIEW


def test_after_a_second_not_fit_an_admin_records_the_advice_to_the_minister(
        client, issued, lano, quality_assurance, cqc_decision_maker, ofsted_admin):
    wsoa = _not_fit(_submitted(_received(issued, lano), lano), quality_assurance,
                    cqc_decision_maker, ofsted_admin)
    services.wsoa_submit(wsoa=wsoa, by=lano, statement=statement(wsoa, lano),
                         actions=every_action(wsoa), copies_confirmed=True,
                         submitted_on=D(2018, 6, 21))
    wsoa = _not_fit(Wsoa.objects.get(pk=wsoa.pk), quality_assurance, cqc_decision_maker,
                    ofsted_admin, decided_on=D(2018, 7, 5))
    client.force_login(ofsted_admin)
    html = client.post(_url("minister", wsoa), {**_date("advised_on", D(2018, 7, 20))}
                       ).content.decode()
    assert "Select the next step" in html
    response = client.post(_url("minister", wsoa), {**_date("advised_on", D(2018, 7, 20)),
                                                    "next_step": "direction"})
    assert response.status_code == 302
    html = client.get(_url("detail", wsoa)).content.decode()
    assert "Advised on 20 July 2018. Next step: Statutory direction" in html
    assert "The revised statement, submitted 21 June 2018" in html


def test_the_minister_page_is_closed_before_a_second_not_fit(client, issued, ofsted_admin):
    client.force_login(ofsted_admin)
    response = client.post(_url("minister", issued), {**_date("advised_on", D(2018, 7, 20)),
                                                      "next_step": "direction"})
    assert "You cannot record the advice to the Minister" in response.content.decode()


# Publication and progress -------------------------------------------------------------------------

def test_the_area_records_where_it_published_the_statement(client, issued, lano):
    wsoa = _submitted(_received(issued, lano), lano)
    client.force_login(lano)
    data = {"body": "Medway Council", "url": "not a web address", "local_offer": "on",
            **_date("published_on", D(2018, 5, 11))}
    html = client.post(_url("publication-add", wsoa), data).content.decode()
    assert "Enter a web address" in html
    assert 'value="Medway Council"' in html
    response = client.post(_url("publication-add", wsoa),
                           {**data, "url": "https://www.medway.gov.uk/wsoa"})
    assert response.status_code == 302
    html = client.get(_url("detail", wsoa)).content.decode()
    table = html[html.index('id="publications"'):]
    assert 'href="https://www.medway.gov.uk/wsoa"' in table
    assert "Medway Council" in table and "Yes" in table and "11 May 2018" in table


def test_a_dfe_adviser_follows_progress_on_each_action(client, published, lano, dfe_adviser):
    wsoa = _submitted(_received(published, lano), lano)
    action = wsoa.submissions.get().actions.order_by("weakness__position").first()
    client.force_login(lano)
    assert client.get(_url("progress-note", wsoa, action.pk)).status_code == 403
    assert "Add a progress note" not in client.get(_url("detail", wsoa)).content.decode()
    client.force_login(dfe_adviser)
    html = client.get(_url("detail", wsoa)).content.decode()
    assert _url("progress-note", wsoa, action.pk) in html
    html = client.post(_url("progress-note", wsoa, action.pk), {"text": " "}).content.decode()
    assert "Enter the progress note" in html
    response = client.post(_url("progress-note", wsoa, action.pk),
                           {"text": "A co-production lead is in post"})
    assert response["Location"] == f"{_url('detail', wsoa)}#action-{action.pk}"
    assert "A co-production lead is in post" in client.get(_url("detail", wsoa)).content.decode()
    # The DfE advises the Minister on progress, 12 months after publication.
    response = client.post(_url("dfe-advice", wsoa), {**_date("advised_on", D(2019, 2, 1))})
    assert response.status_code == 302
    assert wsoa.deadlines.get(rule__code="dfe_progress_review").met_on == D(2019, 2, 1)


def test_a_progress_note_on_another_statements_action_is_not_found(
        client, issued, published, dfe_adviser, lano):
    wsoa = _submitted(_received(issued, lano), lano)
    action = wsoa.submissions.get().actions.first()
    client.force_login(dfe_adviser)
    assert client.get(_url("progress-note", wsoa, action.pk + 10_000)).status_code == 404


# Who sees what ------------------------------------------------------------------------------------

URLS = [("detail",), ("receipt",), ("submit",), ("review",), ("decide",), ("reopen",),
        ("minister",), ("publication-add",), ("progress-note", "action"), ("dfe-advice",)]


def _every_url(wsoa):
    action = wsoa.submissions.get().actions.first()
    return [_url(name, wsoa, *([action.pk] if extra else [])) for name, *extra in URLS]


def test_no_one_outside_the_statement_finds_any_of_its_pages(
        client, issued, lano, other_lano, outsider):
    wsoa = _submitted(_received(issued, lano), lano)
    stranger = UserFactory(role=roles.INSPECTOR)  # not on the team
    for user in (other_lano, outsider, stranger):
        client.force_login(user)
        for url in _every_url(wsoa):
            assert client.get(url).status_code == 404, (user, url)
            if url != _url("detail", wsoa):
                assert client.post(url, {}).status_code == 404, (user, url)


def test_the_team_the_area_and_dfe_advisers_see_the_statement(
        client, issued, lano, local_area_leader, team_inspector, dfe_adviser, cqc_decision_maker):
    for user in (lano, local_area_leader, team_inspector, dfe_adviser, cqc_decision_maker):
        client.force_login(user)
        assert client.get(_url("detail", issued)).status_code == 200, user


def test_the_statement_page_costs_the_same_whatever_its_history(
        client, issued, lano, quality_assurance, cqc_decision_maker, ofsted_admin, dfe_adviser,
        medway):
    wsoa = _not_fit(_submitted(_received(issued, lano), lano), quality_assurance,
                    cqc_decision_maker, ofsted_admin)
    first = wsoa.submissions.get().actions.first()
    services.wsoa_progress_note(action=first, by=dfe_adviser, text="Started")
    services.wsoa_record_publication(wsoa=wsoa, by=lano, body="Medway Council",
                                     local_offer=True, url="https://www.medway.gov.uk/wsoa",
                                     published_on=D(2018, 5, 11))
    AreaContactFactory(local_area=medway, role="dcs", start_date=D(2016, 1, 1))
    client.force_login(dfe_adviser)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url("detail", wsoa)).status_code == 200
        return len(captured)

    small = queries()
    # A revised statement with three actions for every area, each with progress notes,
    # reviewed, more publications and contacts.
    services.wsoa_submit(wsoa=wsoa, by=lano, statement=statement(wsoa, lano),
                         actions=every_action(wsoa) * 3, copies_confirmed=True,
                         submitted_on=D(2018, 6, 21))
    wsoa = _not_fit(Wsoa.objects.get(pk=wsoa.pk), quality_assurance, cqc_decision_maker,
                    ofsted_admin, decided_on=D(2018, 7, 5))
    for action in wsoa.submissions.get(number=2).actions.all():
        for text in ("Started", "Going well"):
            services.wsoa_progress_note(action=action, by=dfe_adviser, text=text)
    for body in ("Medway CCG", "Medway Local Offer"):
        services.wsoa_record_publication(wsoa=wsoa, by=lano, body=body, local_offer=False,
                                         url="https://www.medway.gov.uk/wsoa",
                                         published_on=D(2018, 6, 22))
    AreaContactFactory(local_area=medway, role="la_ce", start_date=D(2016, 1, 1))
    assert AreaContact.objects.filter(local_area=medway).count() == 2
    assert queries() == small


def test_the_statement_downloads_for_those_who_see_it_and_views_are_the_inspectorates(
        client, issued, lano, dfe_adviser, other_lano, quality_assurance, cqc_decision_maker):
    wsoa = _submitted(_received(issued, lano), lano)
    services.wsoa_record_view(wsoa=wsoa, by=quality_assurance, inspectorate="ofsted",
                              fitness=Fitness.NOT_FIT, comments="No dates")
    submission = wsoa.submissions.get()
    url = _url("statement-download", wsoa, submission.pk)
    client.force_login(dfe_adviser)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="medway-wsoa.pdf"')
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="document.downloaded", actor=dfe_adviser).exists()
    # The area does not read an inspectorate's view before the joint decision.
    client.force_login(lano)
    html = client.get(_url("detail", wsoa)).content.decode()
    assert url in html and "The view of Ofsted" not in html
    client.force_login(other_lano)
    assert client.get(url).status_code == 404
