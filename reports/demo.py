"""The Medway letter in the demo: every main finding, every strength and area for development
under each question, word for word from the published letter (reports.demo_letter), written
by its lead inspector while the letter was drafted and linked to the evidence behind them
(evidence.demo_data); the determination made on site (a written statement of action, from
the council and the CCG jointly, tackling the letter's eight areas of significant weakness);
who the letter was addressed and copied to. Made through the services, so that
`render_letter` reproduces the letter.

The other published demo letters carry illustrative findings (DEMO_FINDINGS): the 2023
Hertfordshire letter its main findings, strengths and areas for development under each
question, the accuracy of the partnership's self-evaluation and its recommendations; the 2016
Surrey letter a few findings of each kind. Written for the demo: they describe no real child,
family or service."""

import datetime

from config import clock
from evidence.demo import seed_medway_evidence
from evidence.demo_data import MEDWAY_EVIDENCE
from evidence.models import EvidenceRecord
from inspections.models import TeamRole
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
SELF_EVALUATION, RECOMMENDATIONS = FindingSection.SELF_EVALUATION, FindingSection.RECOMMENDATIONS

# The findings of the other published demo letters, by inspection reference, in the letter's
# order: (section, kind, text); kind is blank outside the questions' sections.
DEMO_FINDINGS: dict[str, list[tuple[str, str, str]]] = {
    "SEND-HERTS-2023": [
        (MAIN, "", "Children and young people with SEND have inconsistent experiences. Many "
                   "are well supported in their early years settings and schools, but too "
                   "many families wait too long for their child's needs to be assessed and "
                   "for the help set out in their plans."),
        (MAIN, "", "Leaders across education, health and care share an ambition for children "
                   "and young people with SEND and have begun to work more closely together. "
                   "Their strategy is recent, and many families do not yet feel its effect."),
        (MAIN, "", "Too many education, health and care (EHC) plans are not issued within 20 "
                   "weeks. Plans vary in quality: the best capture children's views and set "
                   "precise outcomes; others are not updated after annual reviews."),
        (MAIN, "", "Leaders know which children and young people are educated in alternative "
                   "provision, but do not check well enough whether it meets their needs."),
        ("A", STRENGTH, "Health visitors and early years practitioners work together to "
                        "identify children's needs early, including at the integrated review "
                        "at two to two-and-a-half years."),
        ("A", STRENGTH, "Schools make good use of the advice line run by the local "
                        "authority's specialist teachers when they first have concerns about "
                        "a pupil."),
        ("A", DEVELOPMENT, "Waits for neurodevelopmental assessments are too long, and "
                           "families receive little support while they wait."),
        ("B", STRENGTH, "Parents and carers value the parent carer forum, whose views leaders "
                        "seek and act on, and find the local offer website useful."),
        ("B", DEVELOPMENT, "Too few EHC needs assessments are completed within the statutory "
                           "20 weeks."),
        ("B", DEVELOPMENT, "Contributions from health and social care to EHC plans are too "
                           "often late or general rather than specific to the child."),
        ("C", STRENGTH, "Young people are prepared well for adulthood through supported "
                        "internships, travel training and early planning of transitions to "
                        "adult services."),
        ("C", DEVELOPMENT, "Leaders do not track well enough the attendance, progress and "
                           "next steps of children and young people in alternative "
                           "provision."),
        (SELF_EVALUATION, "", "The partnership's self-evaluation is largely accurate: it "
                              "identifies the long waits for assessment that inspectors "
                              "found, but says less about the variable quality of plans."),
        (RECOMMENDATIONS, "", "Leaders across the partnership should reduce the time children "
                              "and young people wait for EHC needs assessments and for "
                              "neurodevelopmental assessments, and make sure that families "
                              "are supported while they wait."),
        (RECOMMENDATIONS, "", "Leaders should improve the quality and consistency of EHC "
                              "plans, so that contributions from education, health and care "
                              "are timely and specific, and plans are updated when needs "
                              "change."),
        (RECOMMENDATIONS, "", "The partnership should strengthen its oversight of alternative "
                              "provision, so that leaders know whether each child or young "
                              "person who attends it is safe, attends well and makes "
                              "progress."),
    ],
    "SEND-SURREY-2019": [
        (MAIN, "", "Leaders understand the local area's strengths and weaknesses and have "
                   "prioritised the right areas for improvement."),
        (MAIN, "", "EHC plans are now issued on time more often, but their quality remains "
                   "variable."),
        ("A", STRENGTH, "Needs are identified early in the early years through joint working "
                        "between health visitors and settings."),
        ("A", DEVELOPMENT, "Identification of social, emotional and mental health needs in "
                           "secondary schools is inconsistent."),
        ("B", STRENGTH, "Parents who take part in co-production say that it makes a "
                        "difference to the services their children receive."),
        ("B", DEVELOPMENT, "Health advice to EHC needs assessments is not always timely."),
        ("C", STRENGTH, "Young people are supported well in their move to further "
                        "education."),
        ("C", DEVELOPMENT, "Leaders do not yet evaluate well enough the outcomes of children "
                           "and young people receiving SEN support."),
    ],
}
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


MEDWAY_TEAM_MEETING = datetime.datetime(2017, 12, 7, 17, 30)
MEDWAY_DECIDED = datetime.datetime(2017, 12, 8, 8, 30)


def _in_england(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(tzinfo=clock.ENGLAND)


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
    # As it happened, not as seeded: the final team meeting on the evening of day 4, the
    # decision of HMCI's delegate on the morning of day 5, before the feedback meeting.
    Determination.objects.filter(inspection=inspection).update(
        recommended_at=_in_england(MEDWAY_TEAM_MEETING), decided_at=_in_england(MEDWAY_DECIDED))


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


def seed_demo_findings(letter: OutcomeLetter) -> None:
    """While one of the other published demo letters is being drafted: its findings
    (DEMO_FINDINGS), written by the inspection's lead inspector."""
    planned = DEMO_FINDINGS.get(letter.inspection.reference)
    if (planned is None or letter.state != LetterState.DRAFTING
            or Finding.objects.filter(letter=letter).exists()):
        return
    lead = letter.inspection.team.get(role=TeamRole.LEAD).user
    for section, kind, text in planned:
        finding_add(letter=letter, by=lead, section=section, kind=kind, text=text)
