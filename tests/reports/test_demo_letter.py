"""The Medway outcome letter of 31 January 2018, as the demo data keeps it, against the
published text in the shared seeds: every word of it is the letter's, and none of the letter's
bullets is missing."""

import datetime
from pathlib import Path

import pytest

from reports import demo_letter as letter

SEED = "medway-committee-report-and-outcome-letter-2018.txt"
# Codes the module gives, not text of the letter.
CODE_KEYS = {"question", "inspectorate", "row"}
TERMINAL = (".", ":", "!", "?")


def _seed_path():
    # The shared seeds sit in a folder above the checkout, however deep it is.
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "seeds" / SEED
        if candidate.is_file():
            return candidate
    return None


@pytest.fixture(scope="module")
def source_lines():
    path = _seed_path()
    if path is None:
        pytest.skip(f"{SEED} not found in a shared/seeds folder above the repository")
    lines = path.read_text(encoding="utf-8").split("\n")
    # The letter begins with Ofsted's letterhead, after the committee report it is appended to.
    start = next(i for i in range(len(lines) - 1)
                 if lines[i] == "Ofsted" and lines[i + 1] == "Agora")
    return lines[start:]


def _collapse(text):
    return " ".join(text.split())


def _between(lines, first, last):
    """The lines after the line `first` and before the line `last`."""
    start = lines.index(first) + 1
    return lines[start:lines.index(last, start)]


def _items(lines):
    """The bullets (without their "- ") and the other lines, in order, each bullet joined again
    where a page break split it: a line that follows a bullet not yet ended continues it."""
    items = []
    for line in lines:
        text = line.strip()
        if not text:
            continue
        if text.startswith("- "):
            items.append(("bullet", text[2:]))
        elif items and items[-1][0] == "bullet" and not items[-1][1].endswith(TERMINAL):
            items[-1] = ("bullet", f"{items[-1][1]} {text}")
        else:
            items.append(("line", text))
    return [(kind, _collapse(text)) for kind, text in items]


def _day(day):
    return f"{day.day} {day:%B %Y}"


def _strings(value, key=None):
    if key in CODE_KEYS or isinstance(value, datetime.date | int):
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k)
    else:
        for v in value:
            yield from _strings(v)


def _module_strings():
    for name in dir(letter):
        if name.isupper():
            yield from _strings(getattr(letter, name))


def test_every_string_is_the_letters_own_text(source_lines):
    source = _collapse("\n".join(source_lines))
    strings = list(_module_strings())
    assert len(strings) > 100
    missing = [s for s in strings if _collapse(s) not in source]
    assert missing == []
    # No string carries the text file's line or page breaks.
    assert [s for s in strings if s != _collapse(s)] == []
    for signatory in letter.SIGNATORIES:
        assert f"{signatory['name']} {signatory['title']}" in source


def test_the_page_break_splits_are_joined(source_lines):
    assert letter.MAIN_FINDINGS[7].endswith("support from children's therapy services.")
    section_a, section_b, section_c = letter.SECTIONS
    assert ("Children are assessed and diagnosed by community paediatrics"
            in section_a["areas_for_development"][7])
    assert "needs was not precise enough" in section_b["areas_for_development"][6]
    assert "The new service due to be in place from April 2018" in (
        section_b["areas_for_development"][13])
    assert section_c["strengths"][1].endswith("including for pupils who have SEN and/or "
                                              "disabilities.")


def test_no_bullet_between_main_findings_and_the_signatures_is_left_out(source_lines):
    items = _items(_between(source_lines, letter.MAIN_FINDINGS_HEADING, "Yours sincerely"))
    source_bullets = [text for kind, text in items if kind == "bullet"]
    ours = list(letter.MAIN_FINDINGS)
    for section in letter.SECTIONS:
        ours += section["strengths"] + section["areas_for_development"]
    ours += letter.SIGNIFICANT_WEAKNESSES
    assert len(source_bullets) == len(ours) == 11 + 4 + 9 + 7 + 19 + 5 + 10 + 8
    assert [_collapse(b) for b in ours] == source_bullets

    # And the lines that are not bullets are the section and list headings and the closing.
    headings = []
    for section in letter.SECTIONS:
        headings += [section["heading"], letter.STRENGTHS_HEADING,
                     letter.AREAS_FOR_DEVELOPMENT_HEADING]
    assert [text for kind, text in items if kind == "line"] == headings + letter.CLOSING


def test_the_letter_before_main_findings(source_lines):
    assert _items(_between(source_lines, letter.TITLE, letter.MAIN_FINDINGS_HEADING)) == [
        ("line", p) for p in letter.OPENING]
    head = [line for line in _between(source_lines, "Ofsted", letter.TITLE) if line.strip()]
    addressee = letter.ADDRESSEE
    assert head == [
        *letter.LETTERHEAD["address"], *letter.LETTERHEAD["contact"],
        _day(letter.LETTER_DATE), letter.APPENDIX_LABEL,
        addressee["name"], addressee["title"], addressee["organisation"], *addressee["address"],
        *letter.ALSO_ADDRESSED, letter.SALUTATION,
    ]
    start, end = (_day(day) for day in letter.ONSITE)
    assert letter.OPENING[0].startswith(f"Between {start} and {end}, Ofsted and the Care Quality")


def test_the_signature_block_and_cc_list(source_lines):
    # After "Yours sincerely" and a blank line: the two columns, tab-separated, then the cc list.
    sign_off = source_lines.index(letter.SIGN_OFF[-1])
    assert source_lines[sign_off + 1] == ""
    block = source_lines[sign_off + 2:]
    rows = [line.split("\t") for line in block[:block.index("")]]
    assert rows[0] == [letter.SIGNATURE_HEADINGS["ofsted"], letter.SIGNATURE_HEADINGS["cqc"]]
    columns = {"ofsted": 0, "cqc": 1}
    for signatory in letter.SIGNATORIES:
        cell = rows[signatory["row"]][columns[signatory["inspectorate"]]]
        assert cell == f"{signatory['name']} {signatory['title']}"
    signed = [cell for row in rows[1:] for cell in row if cell.strip()]
    assert len(signed) == len(letter.SIGNATORIES) == 5

    cc = [line.strip() for line in block[block.index("") + 1:] if line.strip()]
    assert cc[0].startswith(f"{letter.CC_LABEL} ")
    assert [cc[0].removeprefix(letter.CC_LABEL).strip(), *cc[1:]] == letter.CC


def test_the_shape_of_the_letter():
    assert len(letter.SIGNIFICANT_WEAKNESSES) == 8
    assert [section["question"] for section in letter.SECTIONS] == ["A", "B", "C"]
    for section in letter.SECTIONS:
        assert section["strengths"]
        assert section["areas_for_development"]
    assert letter.SECTIONS[0]["heading"] == (
        "The effectiveness of the local area in identifying children and young people's special "
        "educational needs and/or disabilities")
    assert datetime.date(2018, 1, 31) == letter.LETTER_DATE
    assert (datetime.date(2017, 12, 4), datetime.date(2017, 12, 8)) == letter.ONSITE
    assert {s["inspectorate"] for s in letter.SIGNATORIES} == {"ofsted", "cqc"}
