"""The public register: published letters by area and date, searched by area, each as a web
page and its final PDF, to anyone, signed in or not; drafts never."""


import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.models import LetterRender, OutcomeLetter
from reports.rendering import letter_render

pytestmark = pytest.mark.django_db
MEDWAY = "SEND-MEDWAY-2017-12"


def test_the_register_lists_published_letters_only(client, seeded):
    page = client.get(reverse("register:list")).content.decode()
    published = OutcomeLetter.objects.filter(
        state="final_issued", inspection__state__in=["published", "closed"])
    assert published.count() >= 2
    for letter in published.select_related("inspection"):
        assert reverse("register:letter", args=[letter.inspection.reference]) in page
    for reference in ("SEND-BIRMINGHAM-DRAFT", "SEND-ESSEX-DRAFT-SENT", "SEND-DEVON-FINAL"):
        assert reverse("register:letter", args=[reference]) not in page
        assert client.get(reverse("register:letter", args=[reference])).status_code == 404


def test_the_register_is_searched_by_area(client, seeded):
    page = client.get(reverse("register:list"), {"q": "medw"}).content.decode()
    assert "1 letter for areas matching" in page
    assert reverse("register:letter", args=[MEDWAY]) in page
    nothing = client.get(reverse("register:list"), {"q": "Atlantis"}).content.decode()
    assert "No published letter is for an area matching" in nothing


def test_the_letter_reads_as_published_and_downloads_as_its_final_pdf(client, seeded):
    url = reverse("register:letter", args=[MEDWAY])
    page = client.get(url).content.decode()
    assert "Joint local area SEND inspection in Medway" in page
    assert "the lack of effective co-production at all levels." in page
    assert "The PDF of this letter is being prepared." in page
    assert client.get(reverse("register:pdf", args=[MEDWAY])).status_code == 404
    letter_render(letter_id=OutcomeLetter.objects.get(inspection__reference=MEDWAY).pk)
    page = client.get(url).content.decode()
    assert "Download the letter as a PDF" in page and "10 pages" in page
    got = client.get(reverse("register:pdf", args=[MEDWAY]))
    assert got.status_code == 200
    assert b"".join(got.streaming_content).startswith(b"%PDF-")
    assert got["Content-Disposition"] == (
        f'attachment; filename="{MEDWAY}-outcome-letter.pdf"')


def test_a_draft_render_is_never_served_publicly(client, seeded):
    letter = OutcomeLetter.objects.get(inspection__reference=MEDWAY)
    LetterRender.objects.create(letter=letter, version_number=1, draft=True, sha256="0" * 64,
                                size=1, pages=1, seconds=0, file="letters/draft.pdf")
    assert client.get(reverse("register:pdf", args=[MEDWAY])).status_code == 404


def test_the_register_reads_a_constant_number_of_queries(client, seeded):
    # Every published letter, and one.
    def counted(**query) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("register:list"), query).status_code == 200
        return len(queries)

    assert counted() == counted(q="Medway")
