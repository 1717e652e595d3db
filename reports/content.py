"""What an outcome letter says, as the PDF and the published page lay it out: plain values,
read from the letter, its findings and its inspection (or, for the demo's real letter, from
reports.demo_letter), so that rendering reads nothing else."""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Signatory:
    name: str
    title: str
    inspectorate: str  # "ofsted" or "cqc": the column of the signature block it sits in


@dataclass(frozen=True)
class QuestionSection:
    question: str  # "A", "B" or "C"
    heading: str
    strengths: list[str]
    areas_for_development: list[str]


@dataclass(frozen=True)
class LetterContent:
    reference: str  # the inspection's reference, for the PDF's file name and metadata
    title: str  # "Joint local area SEND inspection in Medway"
    letter_date: datetime.date | None  # None on a draft not yet dated
    letterhead: list[str]  # Ofsted's address and contact lines
    addressee: list[str]  # name, title, organisation and address, a line each
    also_addressed: list[str]
    salutation: str
    opening: list[str]  # the paragraphs before "Main findings"
    main_findings: list[str]
    sections: list[QuestionSection]
    closing: list[str]  # the written statement of action's paragraphs, if one is required
    significant_weaknesses: list[str]
    sign_off: str
    signatories: list[Signatory]
    cc: list[str]
    language: str = "en-GB"
    signature_headings: dict[str, str] = field(
        default_factory=lambda: {"ofsted": "Ofsted", "cqc": "Care Quality Commission"})


def medway_content() -> LetterContent:
    """The published Medway letter of 31 January 2018, word for word."""
    from reports import demo_letter as letter

    addressee = letter.ADDRESSEE
    return LetterContent(
        reference="SEND-MEDWAY-2017-12", title=letter.TITLE, letter_date=letter.LETTER_DATE,
        letterhead=[letter.LETTERHEAD["organisation"], *letter.LETTERHEAD["address"],
                    *letter.LETTERHEAD["contact"]],
        addressee=[addressee["name"], addressee["title"], addressee["organisation"],
                   *addressee["address"]],
        also_addressed=list(letter.ALSO_ADDRESSED), salutation=letter.SALUTATION,
        opening=list(letter.OPENING), main_findings=list(letter.MAIN_FINDINGS),
        sections=[QuestionSection(question=s["question"], heading=s["heading"],
                                  strengths=list(s["strengths"]),
                                  areas_for_development=list(s["areas_for_development"]))
                  for s in letter.SECTIONS],
        closing=list(letter.CLOSING),
        significant_weaknesses=list(letter.SIGNIFICANT_WEAKNESSES),
        sign_off=letter.SIGN_OFF[0],
        signatories=[Signatory(name=s["name"], title=s["title"],
                               inspectorate=s["inspectorate"]) for s in letter.SIGNATORIES],
        cc=list(letter.CC), signature_headings=dict(letter.SIGNATURE_HEADINGS))
