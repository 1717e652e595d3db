"""The Medway letter in the demo: every main finding, every strength and area for development
under each question, word for word from the published letter (reports.demo_letter), written
by its lead inspector while the letter was drafted and linked to the evidence behind them
(evidence.demo_data); the determination made on site (a written statement of action, from
the council and the CCG jointly, tackling the letter's eight areas of significant weakness);
who the letter was addressed and copied to. Made through the services, so that
`render_letter` reproduces the letter."""

from evidence.demo import seed_medway_evidence
from evidence.demo_data import MEDWAY_EVIDENCE
from evidence.models import EvidenceRecord
from reports import demo_letter
from reports.findings import finding_add, finding_evidence_link
from reports.models import (
    Determination,
    Finding,
    FindingKind,
    FindingSection,
    LetterState,
    OutcomeLetter,
    PrincipalAuthority,
)
from reports.parts import (
    determination_decide,
    determination_recommend,
    letter_recipients_update,
)

MAIN, STRENGTH, DEVELOPMENT = "main", FindingKind.STRENGTH, FindingKind.DEVELOPMENT
# Which findings each demo evidence record supports, by its place in MEDWAY_EVIDENCE: (the
# section, the kind, the finding's place among that section's findings of that kind).
SUPPORTS: dict[int, list[tuple[str, str, int]]] = {
    0: [(MAIN, "", 0)],
    1: [(MAIN, "", 1), ("C", DEVELOPMENT, 9)],
    2: [(MAIN, "", 2), ("A", DEVELOPMENT, 8)],
    3: [(MAIN, "", 3), ("C", DEVELOPMENT, 6), ("C", DEVELOPMENT, 7)],
    4: [(MAIN, "", 4), ("A", DEVELOPMENT, 0), ("B", DEVELOPMENT, 6)],
    5: [("A", DEVELOPMENT, 1)],
    6: [(MAIN, "", 5), ("B", DEVELOPMENT, 0), ("B", DEVELOPMENT, 1)],
    7: [("B", DEVELOPMENT, 3), ("B", DEVELOPMENT, 5)],
    8: [(MAIN, "", 6), ("C", DEVELOPMENT, 2), ("B", DEVELOPMENT, 7)],
    9: [(MAIN, "", 7), ("B", DEVELOPMENT, 15)],
    10: [(MAIN, "", 8), ("A", STRENGTH, 0), ("A", STRENGTH, 1), ("C", STRENGTH, 0)],
    11: [(MAIN, "", 9), ("C", STRENGTH, 2), ("C", STRENGTH, 3)],
    12: [(MAIN, "", 10), ("B", STRENGTH, 1)],
    13: [("B", STRENGTH, 6)],
    14: [("A", DEVELOPMENT, 7)],
}


def seed_medway_determination(users, inspection) -> None:
    """On the last day on site: the team recommends a written statement of action from the
    council and the CCG jointly, naming the letter's eight areas of significant weakness, and
    HMCI's delegate agrees."""
    if Determination.objects.filter(inspection=inspection).exists():
        return
    determination_recommend(inspection=inspection, by=users["diana.choulerton"],
                            wsoa_required=True, principal_authority=PrincipalAuthority.JOINT,
                            weaknesses=demo_letter.SIGNIFICANT_WEAKNESSES)
    determination_decide(inspection=inspection, by=users["ofsted.admin"], agreed=True)


def seed_medway_findings(users, letter: OutcomeLetter) -> None:
    """While Medway's letter is being drafted: its evidence base, then its findings, each
    linked to the evidence behind it."""
    if letter.state != LetterState.DRAFTING or Finding.objects.filter(letter=letter).exists():
        return
    lead = users["diana.choulerton"]
    seed_medway_evidence(users)
    made: dict[tuple[str, str, int], Finding] = {}
    for n, text in enumerate(demo_letter.MAIN_FINDINGS):
        made[MAIN, "", n] = finding_add(letter=letter, by=lead, section=FindingSection.MAIN,
                                        text=text)
    for section in demo_letter.SECTIONS:
        for kind, key in ((STRENGTH, "strengths"), (DEVELOPMENT, "areas_for_development")):
            for n, text in enumerate(section[key]):
                made[section["question"], kind, n] = finding_add(
                    letter=letter, by=lead, section=section["question"], kind=kind, text=text)
    addressee = demo_letter.ADDRESSEE
    letter_recipients_update(
        letter=letter, by=lead,
        addressee="\n".join([addressee["name"], addressee["title"], addressee["organisation"],
                             *addressee["address"]]),
        also_addressed="\n".join(demo_letter.ALSO_ADDRESSED), cc="\n".join(demo_letter.CC))
    records = list(EvidenceRecord.objects.filter(inspection_id=letter.inspection_id)
                   .order_by("pk").values_list("pk", flat=True))
    if len(records) != len(MEDWAY_EVIDENCE):
        raise ValueError("The Medway evidence base is not the demo's own")
    behind: dict[tuple[str, str, int], list[int]] = {}
    for place, supported in SUPPORTS.items():
        for key in supported:
            behind.setdefault(key, []).append(records[place])
    for key, ids in behind.items():
        finding_evidence_link(finding=made[key], by=lead, record_ids=ids)
