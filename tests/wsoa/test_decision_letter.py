"""The Regional Director's letter on the fitness decision (framework 18), on Medway's
inspection of December 2017 along its real history: rendered by the Celery task once the
decision commits, kept on the review, read back with pypdf (its words, and the tagging PDF/UA
asks for), rendered again on a second run; downloaded by those who see the statement, and
"not found" to another area."""

import datetime
import hashlib
import io

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from audit.models import AuditEvent
from tests.reports.test_letter_pdf import collapse, structure_names
from tests.wsoa.conftest import every_action, statement
from wsoa import services
from wsoa.letter import decision_letter_content, review_for_letter
from wsoa.models import Fitness, Review, Wsoa
from wsoa.tasks import render_decision_letter

pytestmark = pytest.mark.django_db
D = datetime.date
REGIONAL_DIRECTOR = "Christopher Russell"
RECOMMENDATIONS = [
    "Say who leads the joint SEND strategy board, and how the council, the CCG and schools "
    "each answer to it.",
    "Set measurable targets for the quality of EHC plans, with the audit that will check them.",
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _text(review: Review) -> str:
    with review.letter_pdf.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    return collapse(" ".join(page.extract_text() for page in reader.pages))


def _reader(review: Review) -> PdfReader:
    with review.letter_pdf.open("rb") as stored:
        return PdfReader(io.BytesIO(stored.read()))


def _submit(wsoa, by, on):
    return services.wsoa_submit(wsoa=wsoa, by=by, statement=statement(wsoa, by),
                                actions=every_action(wsoa), copies_confirmed=True,
                                submitted_on=on)


def _decide(wsoa, fitness, *, ofsted, cqc, on, recommendations=None) -> Review:
    for inspectorate, by in (("ofsted", ofsted), ("cqc", cqc)):
        services.wsoa_record_view(wsoa=wsoa, by=by, inspectorate=inspectorate,
                                  fitness=fitness)
    return services.wsoa_decide(wsoa=wsoa, by=ofsted, regional_director=REGIONAL_DIRECTOR,
                                recommendations=recommendations, decided_on=on)


def _not_fit(wsoa) -> dict[int, str]:
    weaknesses = services.weaknesses_of(wsoa)
    return {weaknesses[0].pk: RECOMMENDATIONS[0], weaknesses[3].pk: RECOMMENDATIONS[1]}


@pytest.fixture
def received(issued, lano):
    """The final report received on 31 January 2018 (handbook 75)."""
    return services.wsoa_record_receipt(wsoa=issued, by=lano, received_on=D(2018, 1, 31))


@pytest.fixture
def fit(received, lano, quality_assurance, cqc_decision_maker,
        django_capture_on_commit_callbacks):
    """Submitted on 10 May 2018 and judged fit for purpose on 24 May 2018: the letter is
    rendered once the decision commits."""
    _submit(received, lano, D(2018, 5, 10))
    with django_capture_on_commit_callbacks(execute=True):
        review = _decide(received, Fitness.FIT, ofsted=quality_assurance,
                         cqc=cqc_decision_maker, on=D(2018, 5, 24))
    return Review.objects.get(pk=review.pk)


@pytest.fixture
def not_fit(received, lano, quality_assurance, cqc_decision_maker):
    _submit(received, lano, D(2018, 5, 10))
    review = _decide(received, Fitness.NOT_FIT, ofsted=quality_assurance,
                     cqc=cqc_decision_maker, on=D(2018, 5, 24),
                     recommendations=_not_fit(received))
    render_decision_letter.delay(review.pk).get()
    return Review.objects.get(pk=review.pk)


def test_the_decision_renders_the_letter_once_it_commits(fit):
    assert fit.letter_pdf.name.startswith("wsoa/letters/")
    with fit.letter_pdf.open("rb") as stored:
        pdf = stored.read()
    assert hashlib.sha256(pdf).hexdigest() == fit.letter_sha256
    assert fit.letter_pages == len(PdfReader(io.BytesIO(pdf)).pages) >= 1
    rendered = AuditEvent.objects.get(action="wsoa.decision_letter_rendered")
    assert rendered.actor is None and rendered.object_id == str(fit.submission.wsoa_id)
    assert rendered.after == {**rendered.after, "review_id": fit.pk, "decision": "fit",
                              "number": 1, "sha256": fit.letter_sha256}


def test_the_fit_letter_says_the_decision_the_area_and_who_signs_it(fit):
    text = _text(fit)
    assert "Written statement of action: Medway" in text
    assert "The statement is fit for purpose." in text
    assert "not fit for purpose" not in text
    assert "24 May 2018" in text and "submitted on 10 May 2018" in text
    assert ("by the local authority and the area's clinical commissioning group (CCG) "
            "jointly") in text
    assert f"Yours sincerely {REGIONAL_DIRECTOR} Regional Director, Ofsted" in text
    assert "Ofsted Agora 6 Cumberland Place Nottingham NG1 6HJ" in text
    assert "How the statement needs to improve" not in text


def test_the_letter_is_tagged_with_language_and_title(fit):
    reader = _reader(fit)
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert str(catalog["/Lang"]).startswith("en")
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert reader.metadata.title == "Written statement of action: Medway"
    assert {"Document", "H1", "H2", "P", "L", "LI"} <= structure_names(reader)


def test_not_fit_gives_each_recommendation_and_the_resubmission_date(not_fit):
    text = _text(not_fit)
    assert "The statement is not fit for purpose." in text
    weaknesses = services.weaknesses_of(not_fit.submission.wsoa)
    for number, recommendation in ((1, RECOMMENDATIONS[0]), (4, RECOMMENDATIONS[1])):
        assert collapse(recommendation) in text
        weakness = weaknesses[number - 1].text
        assert f"Area of significant weakness {number}: {weakness}" in text
    assert text.index(RECOMMENDATIONS[0][:40]) < text.index(RECOMMENDATIONS[1][:40])
    # 20 working days from 24 May 2018, over the spring bank holiday: the running clock's.
    assert "resubmit it to Ofsted by 22 June 2018, within 20 working days" in text
    assert "referred to the Minister" in text  # what follows a second 'not fit'
    assert "is referred to the Minister." not in text
    assert {"H3"} <= structure_names(_reader(not_fit))


def test_a_second_not_fit_refers_the_statement_to_the_minister(
        not_fit, lano, quality_assurance, cqc_decision_maker):
    wsoa = Wsoa.objects.get(pk=not_fit.submission.wsoa_id)
    _submit(wsoa, lano, D(2018, 6, 21))
    review = _decide(wsoa, Fitness.NOT_FIT, ofsted=quality_assurance, cqc=cqc_decision_maker,
                     on=D(2018, 7, 5), recommendations=_not_fit(wsoa))
    render_decision_letter(review.pk)
    text = _text(Review.objects.get(pk=review.pk))
    assert ("The statement is not fit for purpose, for the second time, and is referred to "
            "the Minister.") in text
    assert "revised written statement of action for Medway, submitted on 21 June 2018" in text
    assert "submission 2" in text and "within 20 working days" not in text
    assert all(collapse(recommendation) in text for recommendation in RECOMMENDATIONS)


def test_a_second_run_renders_the_letter_again_and_drops_the_first_file(
        fit, django_capture_on_commit_callbacks):
    first = fit.letter_pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        again = render_decision_letter.delay(fit.pk).get()
    fit.refresh_from_db()
    assert fit.letter_pdf.name != first and default_storage.exists(fit.letter_pdf.name)
    assert not default_storage.exists(first)
    assert (again["pages"], again["sha256"]) == (fit.letter_pages, fit.letter_sha256)
    assert AuditEvent.objects.filter(action="wsoa.decision_letter_rendered").count() == 2


def test_a_reopened_decision_has_no_letter_to_render(fit, ofsted_admin):
    services.wsoa_reopen(wsoa=fit.submission.wsoa, by=ofsted_admin, reason="Wrong file read")
    render_decision_letter(fit.pk)
    fit.refresh_from_db()
    assert (fit.letter_pdf.name, fit.letter_pages) == ("", None)
    assert AuditEvent.objects.filter(action="wsoa.decision_letter_rendered").count() == 1


def test_the_letter_text_is_escaped(received, lano, quality_assurance, cqc_decision_maker):
    _submit(received, lano, D(2018, 5, 10))
    first = services.weaknesses_of(received)[0]
    review = _decide(received, Fitness.NOT_FIT, ofsted=quality_assurance,
                     cqc=cqc_decision_maker, on=D(2018, 5, 24),
                     recommendations={first.pk: "Name the <b>lead</b> & say when"})
    render_decision_letter(review.pk)
    assert "Name the <b>lead</b> & say when" in _text(Review.objects.get(pk=review.pk))


def test_the_letter_is_addressed_to_the_principal_authority_on_the_day(
        received, lano, quality_assurance, cqc_decision_maker):
    from local_areas import services as areas

    area = received.local_area
    for role, name, title in (("dcs", "Ian Sutherland", "Director of Children's Services"),
                              ("lano", "Wendy Vincent", "Head of Integrated 0-25 Disability "
                                                        "Services")):
        areas.contact_add(local_area=area, by=None, role=role, name=name, job_title=title,
                          start_date=D(2017, 9, 1))
    _submit(received, lano, D(2018, 5, 10))
    review = _decide(received, Fitness.FIT, ofsted=quality_assurance, cqc=cqc_decision_maker,
                     on=D(2018, 5, 24))
    content = decision_letter_content(review_for_letter(pk=review.pk))
    assert content.addressee == ["Ian Sutherland", "Director of Children's Services",
                                 "Medway Council"]
    assert content.salutation == "Dear Ian Sutherland"
    assert content.cc[-1] == "Wendy Vincent, local area nominated officer"


def test_reading_the_letter_takes_a_fixed_number_of_queries(not_fit):
    with CaptureQueriesContext(connection) as queries:
        decision_letter_content(review_for_letter(pk=not_fit.pk))
    assert len(queries) <= 6


# The download ------------------------------------------------------------------------------

def _url(review: Review) -> str:
    return reverse("wsoa:decision-letter", args=[review.submission.wsoa_id, review.pk])


def test_the_area_downloads_the_letter_audited_and_not_cached(client, fit, lano):
    client.force_login(lano)
    got = client.get(_url(fit))
    assert got.status_code == 200
    pdf = b"".join(got.streaming_content)
    assert hashlib.sha256(pdf).hexdigest() == fit.letter_sha256
    assert got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"].startswith("attachment;")
    assert "statement-1-decision-letter.pdf" in got["Content-Disposition"]
    assert got["X-Content-Type-Options"] == "nosniff" and "no-store" in got["Cache-Control"]
    downloaded = AuditEvent.objects.get(action="wsoa.decision_letter_downloaded")
    assert downloaded.actor == lano and downloaded.after["review_id"] == fit.pk


@pytest.mark.parametrize("persona", ["ofsted_admin", "quality_assurance", "dfe_adviser",
                                     "lead_inspector", "local_area_leader"])
def test_those_who_see_the_statement_download_its_letter(client, fit, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(fit)).status_code == 200


@pytest.mark.parametrize("persona", ["other_lano", "outsider"])
def test_another_area_and_an_outsider_are_told_it_is_not_found(client, fit, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(fit)).status_code == 404
    assert not AuditEvent.objects.filter(action="wsoa.decision_letter_downloaded").exists()


def test_a_letter_not_rendered_yet_or_of_another_statement_is_not_found(
        client, lano, fit):
    client.force_login(lano)
    fit.letter_pdf = ""
    fit.save(update_fields=["letter_pdf"])
    assert client.get(_url(fit)).status_code == 404
    url = reverse("wsoa:decision-letter", args=[fit.submission.wsoa_id + 1, fit.pk])
    assert client.get(url).status_code == 404
