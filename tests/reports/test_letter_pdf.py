"""The outcome letter's PDF: the real Medway letter of 31 January 2018 rendered in full, read
back with pypdf: its text and order, its page numbers, the draft marking, and the tagging
PDF/UA asks for."""

import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, IndirectObject

from reports.content import medway_content
from reports.pdf import render_letter_pdf

WATERMARK = "DRAFT – RESTRICTED AND CONFIDENTIAL"


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def content():
    return medway_content()


@pytest.fixture(scope="module")
def final(content):
    return PdfReader(io.BytesIO(render_letter_pdf(content, draft=False)))


@pytest.fixture(scope="module")
def draft(content):
    return PdfReader(io.BytesIO(render_letter_pdf(content, draft=True)))


def page_texts(reader: PdfReader) -> list[str]:
    """Each page's text, whitespace collapsed; a word that breaks at its own hyphen at the end
    of a line ("primary-" / "age") is joined again."""
    return [collapse(re.sub(r"(?<=\w)-[ \t]*\n\s*(?=\w)", "-", page.extract_text()))
            for page in reader.pages]


def full_text(reader: PdfReader) -> str:
    return collapse(" ".join(page_texts(reader)))


def body_text(reader: PdfReader) -> str:
    """The letter's text without the page furniture (page number, draft marking) or the
    bullets' markers, so that a paragraph broken across two pages reads whole."""
    furniture = re.compile(rf"Page \d+ of \d+|{WATERMARK}|•")
    return collapse(" ".join(furniture.sub(" ", text) for text in page_texts(reader)))


def structure_names(reader: PdfReader) -> set[str]:
    """The /S of every element under the structure tree root."""
    names: set[str] = set()
    seen: set[int] = set()

    def walk(node):
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                return
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                names.add(str(node["/S"]).lstrip("/"))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return names


def test_the_letter_says_everything_it_says(final, content):
    text = full_text(final)
    expected = [
        content.title, "Main findings", "Strengths", "Areas for development",
        content.salutation, "Yours sincerely", "Cc",
        *(section.heading for section in content.sections),
        *content.significant_weaknesses,
        *(signatory.name for signatory in content.signatories),
        *(signatory.title for signatory in content.signatories),
        *content.signature_headings.values(),
        *content.cc, *content.letterhead, *content.addressee, *content.also_addressed,
        "31 January 2018",
    ]
    missing = [phrase for phrase in expected if collapse(phrase) not in text]
    assert not missing
    assert len(content.sections) == 3
    assert len(content.significant_weaknesses) == 8


@pytest.mark.parametrize("variant", ["final", "draft"])
def test_every_paragraph_and_bullet_is_whole(variant, request, content):
    text = body_text(request.getfixturevalue(variant))
    bullets = [*content.opening, *content.main_findings, *content.closing]
    for section in content.sections:
        bullets += [*section.strengths, *section.areas_for_development]
    missing = [bullet[:60] for bullet in bullets if collapse(bullet) not in text]
    assert not missing


def test_the_letter_reads_in_order(final, content):
    text = full_text(final)
    a, b, c = (text.index(section.heading) for section in content.sections)
    main_findings = text.index("Main findings")
    weaknesses = [text.index(weakness) for weakness in content.significant_weaknesses]
    assert text.index(content.salutation) < text.index(content.title) < main_findings
    assert main_findings < a < b < c < min(weaknesses)
    assert weaknesses == sorted(weaknesses)
    assert max(weaknesses) < text.index("Yours sincerely") < text.index("Cc:")


def test_every_page_is_numbered_of_the_total(final):
    texts = page_texts(final)
    count = len(final.pages)
    assert f"Page 1 of {count}" in texts[0]
    assert f"Page {count} of {count}" in texts[-1]
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {count}" in text


def test_the_page_count_is_sane(final, draft):
    assert 4 <= len(final.pages) <= 12
    assert len(draft.pages) == len(final.pages)


def test_a_draft_is_marked_on_every_page(draft):
    assert all(WATERMARK in text for text in page_texts(draft))


def test_the_final_letter_is_not_marked(final):
    assert not any("DRAFT" in text or "RESTRICTED" in text for text in page_texts(final))


@pytest.mark.parametrize("variant", ["final", "draft"])
def test_the_pdf_is_tagged_with_language_and_title(variant, request, content):
    reader = request.getfixturevalue(variant)
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert str(catalog["/Lang"]).startswith("en")
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert reader.metadata.title == content.title
    assert reader.xmp_metadata.dc_title["x-default"] == content.title


def test_the_structure_tree_has_headings_lists_and_the_signature_table(final):
    names = structure_names(final)
    assert {"Document", "H1", "H2", "H3", "P", "L", "LI", "Table", "TH", "TD"} <= names


def test_the_letter_text_is_escaped():
    content = medway_content()
    hostile = type(content)(**{**content.__dict__, "salutation": "Dear <b>Ian</b> & co"})
    text = full_text(PdfReader(io.BytesIO(render_letter_pdf(hostile, draft=False))))
    assert "Dear <b>Ian</b> & co" in text


def test_a_2016_letter_has_no_outcome_or_recommendations(final):
    text = full_text(final)
    assert "Inspection outcome" not in text
    assert "What the local area partnership needs to do to improve" not in text
    assert "The local area's self-evaluation" not in text


def test_a_2023_letter_states_its_outcome_after_the_opening_and_ends_with_recommendations(
        content):
    outcome = ("The local area partnership's arrangements lead to inconsistent experiences "
               "and outcomes for children and young people with SEND. The local area "
               "partnership must work jointly to make improvements.")
    recommendations = ["Leaders should reduce the time families wait for assessments.",
                       "Leaders should improve the quality of EHC plans."]
    reader = PdfReader(io.BytesIO(render_letter_pdf(replace(
        content, title="Area SEND inspection of Medway Local Area Partnership",
        outcome=outcome, outcome_follow_up=["The next full area SEND inspection will be "
                                            "within approximately three years."],
        recommendations=recommendations, closing=[], significant_weaknesses=[],
        opening=[p for p in content.opening if "Written Statement" not in p]),
        draft=False)))
    text = body_text(reader)
    heading = text.index("Inspection outcome")
    assert text.index(collapse(content.opening[0])) < heading < text.index(outcome)
    assert text.index(outcome) < text.index(collapse(content.opening[1])) < text.index(
        "Main findings")
    improve = text.index("What the local area partnership needs to do to improve")
    assert text.index(content.sections[-1].heading) < improve
    assert improve < text.index(recommendations[0]) < text.index(recommendations[1]) < (
        text.index("Yours sincerely"))
    assert "Written Statement of Action" not in text
    assert {"H2", "L", "LI"} <= structure_names(reader)
