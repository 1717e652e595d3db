"""The benchmark's letter pages are found by query and answer; the Medway render is timed
against a one-paragraph document in the same template."""

import datetime

import pytest
from django.urls import reverse

from inspections.models import Inspection
from reports.models import AccuracyComment, LetterVersion, OutcomeLetter
from scripts.bench import letter_render, pages
from tests.inspections.conftest import make_inspection  # noqa: F401

D = datetime.date


def test_the_medway_letter_is_timed_beside_one_paragraph():
    times = letter_render.render_times(runs=1)
    assert times.pages == 10
    assert times.one_paragraph_s < times.medway_s and times.ratio > 1
    short = letter_render.one_paragraph(letter_render_medway())
    assert (len(short.opening), short.main_findings, short.sections) == (1, [], [])


def letter_render_medway():
    from reports.content import medway_content

    return medway_content()


@pytest.mark.django_db
def test_the_letter_pages_are_found_by_query_and_answer(client, make_inspection, medway,  # noqa: F811
                                                        ofsted_admin, local_area_leader):
    published = make_inspection(framework="2016", start=D(2016, 5, 9), end=D(2016, 5, 13),
                                reference="SEND-BENCH-PUBLISHED")
    Inspection.objects.filter(pk=published.pk).update(state="published",
                                                      published_on=D(2016, 7, 1))
    LetterVersion.objects.create(letter=OutcomeLetter.objects.create(
        inspection=published, state="final_issued", final_issued_on=D(2016, 6, 24)),
        number=1, reason="first_draft")
    sent = make_inspection(framework="2016", start=D(2017, 12, 4), end=D(2017, 12, 8))
    letter = OutcomeLetter.objects.create(inspection=sent, state="draft_with_local_area",
                                          draft_sent_on=D(2018, 1, 10))
    LetterVersion.objects.create(letter=letter, number=1, reason="first_draft")
    AccuracyComment.objects.create(letter=letter, version_number=1, passage="A passage",
                                   comment="A comment", by=local_area_leader)
    found = {page.name: page.path for page in pages.letter_pages()}
    assert found == {
        "published letters register": reverse("register:list"),
        "published letters, searched": f"{reverse('register:list')}?q=Medway",
        "published letter page": reverse("register:letter", args=["SEND-BENCH-PUBLISHED"]),
        "draft report, most comments": reverse("reports:draft", args=[sent.pk]),
        "comments on the draft, most comments": reverse("reports:comments", args=[sent.pk]),
    }
    client.force_login(ofsted_admin)
    answers = {name: client.get(path).status_code for name, path in found.items()}
    assert answers == dict.fromkeys(found, 200)
