"""What an outcome letter says, as the PDF and the published page lay it out: plain values,
read from the letter, its findings and its inspection (`letter_content`), or for the real
Medway letter from reports.demo_letter (`medway_content`), so that rendering reads nothing
else. The letter's standing paragraphs are the 2016 framework's, as the Medway letter words
them; a letter of a 2023-framework inspection has that framework's own (Barnet paper 1.10 to
1.14): its title, its opening, the inspection's outcome in the framework's words and what
follows from it, and the recommendations in place of the 2016 written statement of action."""

import datetime
from dataclasses import dataclass, field

from django.utils.dateformat import format as date_format

from reports import demo_letter as standard


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
    # The 2023 framework's outcome, word for word (inspections.models.OUTCOME_WORDING), and
    # what follows from it; blank on a 2016 letter, or before the outcome is recorded.
    outcome: str = ""
    outcome_follow_up: list[str] = field(default_factory=list)
    # The findings on the accuracy of the area's self-evaluation, if any are written.
    self_evaluation: list[str] = field(default_factory=list)
    # What the local area partnership needs to do to improve (2023 framework only).
    recommendations: list[str] = field(default_factory=list)
    # A 2016 re-visit's judgement on each area of significant weakness of the statement it
    # follows (handbook 117): (the weakness, "Sufficient progress" or "Not sufficient
    # progress"), in the statement's order.
    revisit_progress: list[tuple[str, str]] = field(default_factory=list)
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


# The 2016 framework's standing text, as the Medway letter has it.
LETTERHEAD = [standard.LETTERHEAD["organisation"], *standard.LETTERHEAD["address"],
              *standard.LETTERHEAD["contact"]]
QUESTION_HEADINGS = {section["question"]: section["heading"] for section in standard.SECTIONS}
WHAT_INSPECTORS_DID = standard.OPENING[2]
OUTLINE = standard.OPENING[4]
WSOA_CLOSING = list(standard.CLOSING)
STANDARD_CC = list(standard.CC)
SIGN_OFF = standard.SIGN_OFF[0]
# Where the register names no DCS on the day, the letter is addressed to the office.
NO_NAME_SALUTATION = "Dear Director of Children's Services"
RESPONSIBLE = {
    "joint": "the local authority and the area's clinical commissioning group (CCG) are "
             "jointly responsible",
    "local_authority": "the local authority is responsible",
    "health": "the area's clinical commissioning group (CCG) is responsible",
}
# The 2023 framework's standing text. What follows from each outcome (Barnet paper 1.14):
# when the next full inspection is, or the monitoring inspection first; in every case the
# partnership updates and publishes its strategic plan from the letter's recommendations.
NEXT_INSPECTION_2023 = {
    1: ["The next full area SEND inspection will be within approximately five years."],
    2: ["The next full area SEND inspection will be within approximately three years."],
    3: ["Ofsted and the CQC will carry out a monitoring inspection within approximately 18 "
        "months, and the next full area SEND inspection will be within approximately three "
        "years of this inspection."],
}
STRATEGIC_PLAN_2023 = ("The local area partnership will need to update and publish its "
                       "strategic plan based on the recommendations set out in this letter.")
WHAT_INSPECTORS_DID_2023 = (
    "Inspectors spoke with children and young people with SEND, parents and carers, and "
    "leaders and staff from the local authority, the integrated care board (ICB) and the "
    "providers they visited. They tracked the experiences of a sample of children and young "
    "people through their records, assessments and plans. Inspectors looked at a range of "
    "information about the performance of the local area partnership, including its "
    "self-evaluation.")
# Since July 2022 the area's health partner is its integrated care board.
STANDARD_CC_2023 = ["Integrated care board(s)" if line == "Clinical commissioning group(s)"
                    else line for line in STANDARD_CC]
# The team as the letter names it, after the lead: (role, one, several).
TEAM_WORDS = [("hmi", "another of Her Majesty's Inspectors", "{n} other HMI"),
              ("oi", "an Ofsted Inspector", "{n} Ofsted Inspectors"),
              ("cqc", "a children's services inspector from the CQC",
               "{n} children's services inspectors from the CQC")]
# How each of the team signs, and for which inspectorate.
TEAM_TITLES = {"lead": ("ofsted", "HMI lead inspector"), "hmi": ("ofsted", "HMI"),
               "oi": ("ofsted", "Ofsted Inspector"), "cqc": ("cqc", "CQC inspector")}


def _day(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def _joined(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _team_sentence(roles: list[str]) -> str:
    parts = []
    for role, one, several in TEAM_WORDS:
        n = roles.count(role)
        if n:
            parts.append(one if n == 1 else several.format(n=n))
    led = "The inspection was led by one of Her Majesty's Inspectors from Ofsted"
    return f"{led}, with a team of inspectors including {_joined(parts)}." if parts else (
        f"{led}.")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def title_and_opening(*, is_2023: bool, area: str, onsite_start: datetime.date,
                      onsite_end: datetime.date, roles: list[str],
                      principal_authority: str = "") -> tuple[str, list[str]]:
    """The letter's title and opening paragraphs, from the inspection's framework, area,
    days on site and team (its members' roles, the lead's among them); a 2016 letter whose
    inspection needs a written statement of action names who submits it
    (`principal_authority`)."""
    team_sentence = _team_sentence([role for role in roles if role != "lead"])
    if is_2023:
        return f"Area SEND inspection of {area} Local Area Partnership", [
            f"Between {_day(onsite_start)} and {_day(onsite_end)}, "
            f"Ofsted and the Care Quality Commission (CQC) carried out a joint inspection of "
            f"the {area} local area partnership, to evaluate the effectiveness of the "
            f"partnership's arrangements for children and young people with special "
            f"educational needs and/or disabilities (SEND), including those educated in "
            f"alternative provision, and to recommend what the partnership should do to "
            f"improve them.",
            team_sentence, WHAT_INSPECTORS_DID_2023, OUTLINE]
    opening = [
        f"Between {_day(onsite_start)} and {_day(onsite_end)}, "
        f"Ofsted and the Care Quality Commission (CQC) conducted a joint inspection of the "
        f"local area of {area} to judge the effectiveness of the area in implementing the "
        f"special educational needs (SEN) and disability reforms as set out in the "
        f"Children and Families Act 2014.",
        team_sentence, WHAT_INSPECTORS_DID]
    if principal_authority:
        opening.append(
            "As a result of the findings of this inspection, and in accordance with the "
            "Children Act 2004 (Joint Area Reviews) Regulations 2015, Her Majesty's Chief "
            "Inspector (HMCI) has determined that a Written Statement of Action is "
            "required because of significant areas of weakness in the local area's "
            "practice. HMCI has also determined that "
            f"{RESPONSIBLE[principal_authority]} for submitting the written "
            "statement to Ofsted.")
    opening.append(OUTLINE)
    return f"Joint local area SEND inspection in {area}", opening


def _default_addressees(inspection, on: datetime.date) -> tuple[list[str], list[str]]:
    """From the area's contacts on the day: the DCS, then its health chief executive(s) and
    LANO."""
    current = [c for c in inspection.local_area.contacts.all()
               if c.start_date <= on and (c.end_date is None or c.end_date >= on)]
    dcs = [c for c in current if c.role == "dcs"]
    addressee = ([dcs[0].name, dcs[0].job_title or "Director of Children's Services",
                  inspection.local_area.name] if dcs else [])
    also = [f"{c.name}, {c.job_title} {c.health_partner.name}".strip()
            if c.health_partner_id else f"{c.name}, {c.job_title}"
            for c in current if c.role == "health_ce"]
    also += [f"{c.name}, local area nominated officer" for c in current if c.role == "lano"]
    return addressee, also


def letter_content(letter) -> LetterContent:
    """The letter as it reads now, from the letter, its inspection, team, contacts,
    findings, the inspection's determination and the letter's signatories. Reads them
    through `.all()`: fetch the letter with `letter_for_rendering` to read each in one
    query."""
    inspection = letter.inspection
    area = inspection.local_area.name
    findings = sorted(letter.findings.all(), key=lambda f: (f.position, f.pk))
    by_section = {}
    for finding in findings:
        by_section.setdefault(finding.section, []).append(finding)
    # The team's own order: the lead, HMI, Ofsted Inspectors, CQC (inspections.TeamMember).
    team = list(inspection.team.all())
    # A 2023 letter has no written statement of action: its outcome says what follows.
    determination = None if inspection.is_2023 else getattr(inspection, "determination", None)
    wsoa = determination is not None and bool(determination.wsoa_required)
    letter_title, opening = title_and_opening(
        is_2023=inspection.is_2023, area=area, onsite_start=inspection.onsite_start,
        onsite_end=inspection.onsite_end, roles=[m.role for m in team],
        principal_authority=determination.principal_authority if wsoa else "")
    if inspection.is_2023:
        outcome = inspection.outcome_wording
        follow_up = ([*NEXT_INSPECTION_2023[inspection.outcome], STRATEGIC_PLAN_2023]
                     if outcome else [])
    else:
        outcome, follow_up = "", []
    dated = letter.final_issued_on or letter.draft_sent_on
    addressee, also = _lines(letter.addressee), _lines(letter.also_addressed)
    if not addressee:
        addressee, also = _default_addressees(inspection, dated or inspection.onsite_end)
    signatories = sorted(letter.signatories.all(), key=lambda s: (s.order, s.pk))
    signing = [Signatory(name=s.name, title=s.title, inspectorate=s.inspectorate)
               for s in signatories]
    for member in team:
        inspectorate, title = TEAM_TITLES[member.role]
        signing.append(Signatory(name=member.user.get_full_name() or member.user.username,
                                 title=title, inspectorate=inspectorate))
    signing.sort(key=lambda s: s.inspectorate != "ofsted")  # Ofsted's column first: stable
    return LetterContent(
        reference=inspection.reference, title=letter_title,
        letter_date=dated, letterhead=list(LETTERHEAD), addressee=addressee,
        also_addressed=also,
        salutation=f"Dear {addressee[0]}" if addressee else NO_NAME_SALUTATION,
        opening=opening, main_findings=[f.text for f in by_section.get("main", [])],
        sections=[QuestionSection(
            question=q, heading=QUESTION_HEADINGS[q],
            strengths=[f.text for f in by_section.get(q, []) if f.kind == "strength"],
            areas_for_development=[f.text for f in by_section.get(q, [])
                                   if f.kind == "development"]) for q in "ABC"],
        closing=WSOA_CLOSING if wsoa else [],
        significant_weaknesses=[w.text for w in sorted(determination.weaknesses.all(),
                                                       key=lambda w: w.position)]
        if wsoa else [],
        outcome=outcome, outcome_follow_up=follow_up,
        self_evaluation=[f.text for f in by_section.get("self_evaluation", [])],
        recommendations=[f.text for f in by_section.get("recommendations", [])]
        if inspection.is_2023 else [],
        revisit_progress=[(j.weakness.text, j.get_progress_display())
                          for j in sorted(inspection.revisit_judgements.all(),
                                          key=lambda j: j.weakness.position)],
        sign_off=SIGN_OFF, signatories=signing,
        cc=_lines(letter.cc) or list(STANDARD_CC_2023 if inspection.is_2023 else STANDARD_CC))
