"""Demo written statements of action: Medway's of 2018, after its inspection of December 2017,
and one in every other stage of the cycle (wsoa.models.Stage) on illustrative 2016-framework
inspections of 2016 to 2019, with one more fit for purpose whose re-visit has judged progress
(handbook 117).

Medway's follows the council's report to its Children and Young People Overview and Scrutiny
Committee of 8 March 2018 (in the seeds): a joint statement from the council and the CCG,
begun straight after the inspection, overseen by a SEND Improvement Board chaired by the Lead
Member for Children's Services, with actions on strategic leadership, co-production, the
quality of EHC plans, the information behind evaluation and a shared SEND strategy, published
on the council's and the CCG's websites and the Local Offer. The final report was received
on 31 January 2018 (the letter's date), so the statement was due on 14 May 2018. The report
gives no date for the submission or the decision, nor the actions' dates: those are assumed
(below), as is the decision, fit for purpose, which the seeds do not contradict.

The other statements are illustrative: their areas' weaknesses, actions and dates describe no
real area's history. Everything is made through the services (wsoa.services, the inspection
walk, the determination on site), by the accounts that would have taken each step; the
statements themselves are small PDFs made here.
"""

import datetime
from dataclasses import dataclass

import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from accounts.models import User
from deadlines.selectors import calendar_current
from evidence.services.documents import document_upload
from inspections import services as inspections
from inspections.models import Framework, Inspection, State, TeamRole
from inspections.walk import inspection_walk_to
from local_areas.models import LocalArea
from reports.findings import finding_add
from reports.models import FindingKind, LetterState, OutcomeLetter
from reports.parts import determination_decide, determination_recommend
from reports.pdf import PDF_VARIANT
from wsoa import services
from wsoa.models import Fitness, NextStep, Progress, Stage, Wsoa

D = datetime.date
MEDWAY = "SEND-MEDWAY-2017-12"
# The Regional Director who signed Medway's letter of 31 January 2018 (South East).
MEDWAY_REGIONAL_DIRECTOR = "Christopher Russell"

# Medway's dates. From the seeds: the final report of 31 January 2018, received that day
# (handbook 75: due 70 working days on, 14 May 2018). Assumed: the statement submitted on
# Thursday 10 May 2018, after the DfE and NHS England advisers had read it (the report's risk
# table); the joint decision on 24 May 2018, the last of the review's 10 working days;
# publication on 1 June 2018; the DfE's advice to the Minister on 7 February 2019, within 12
# months of the report's publication (framework 19).
MEDWAY_RECEIVED = D(2018, 1, 31)
MEDWAY_SUBMITTED = D(2018, 5, 10)
MEDWAY_DECIDED = D(2018, 5, 24)
MEDWAY_PUBLISHED = D(2018, 6, 1)
MEDWAY_DFE_ADVICE = D(2019, 2, 7)

# The council's and the CCG's people, by the roles the council's report gives them.
LEAD_MEMBER = "Lead Member for Children's Services, Medway Council (chair of the SEND " \
              "Improvement Board)"
DCAS = "Director of Children and Adult Services, Medway Council"
DEPUTY = "Deputy Director, Children and Adult Services, Medway Council"
HEAD_0_25 = "Head of Integrated 0-25 Disability Services, Medway Council"
CCG_COO = "Chief Operating Officer, NHS Medway CCG"
CCG_NURSE = "Chief Nurse, NHS Medway CCG"
DCO = "Designated Clinical Officer, NHS Medway CCG"
SCHOOL_IMPROVEMENT = "Medway School Improvement Team, Medway Council"

# The actions for each of the letter's eight areas of significant weakness, in its order:
# (what, who, to be completed by). What and who follow the council's report; the dates are
# assumed.
MEDWAY_ACTIONS: list[list[tuple[str, str, datetime.date]]] = [
    # the lack of joint strategic leadership across the area between the council, the CCG
    # and education providers
    [("The SEND Improvement Board, with the council, the CCG, school leaders and parent "
      "carer representatives, agrees its terms of reference and meets monthly to direct the "
      "improvement plan and hold each partner to account for its part.", LEAD_MEMBER,
      D(2018, 6, 30)),
     ("The council's and the CCG's chief officers agree one joint governance structure for "
      "SEND, reporting to the Health and Wellbeing Board.",
      "Chief Executive, Medway Council, and " + CCG_COO, D(2018, 9, 30))],
    # the lack of a clearly communicated strategy that is understood and shared by leaders
    [("Co-produce and publish one Local Area SEND Strategy for 2018 to 2021 with parents, "
      "carers, young people, schools, colleges and health providers.", DCAS, D(2018, 10, 31)),
     ("Brief every head teacher, SENCo and health team on the strategy and what it asks of "
      "them, through the termly SENCo forums and health team meetings.", SCHOOL_IMPROVEMENT,
      D(2018, 12, 31))],
    # the extent to which providers take suitable responsibility for the reforms
    [("Write what schools, colleges and early years settings each commit to under the Code "
      "of Practice into a Medway SEND charter, and report its take-up to the Improvement "
      "Board each term.", HEAD_0_25, D(2019, 3, 31)),
     ("Build the SEND duties, and reporting on them, into the children's health contracts "
      "commissioned jointly from April and June 2018.", CCG_COO, D(2018, 6, 30))],
    # the lack of clearly understood and effective lines of accountability
    [("Publish an accountability framework naming the lead officer in the council and the "
      "CCG for each part of the reforms, and the route by which concerns reach the "
      "Improvement Board.", DEPUTY, D(2018, 9, 30))],
    # the quality and rigour of self-evaluation and monitoring
    [("Write one joint self-evaluation of the local area, tested with parents and carers and "
      "refreshed every six months, against which the Improvement Board monitors the plan.",
      DEPUTY + ", and " + CCG_NURSE, D(2018, 12, 31))],
    # the sufficiency of information to inform accurate evaluation
    [("Build a joint SEND performance dashboard of education, health and care information "
      "(the timeliness and quality of EHC plans, health waiting times, outcomes at each key "
      "stage and at 19), reported monthly to the Improvement Board.", HEAD_0_25 + ", with "
      "NHS Medway CCG's business intelligence team", D(2018, 11, 30))],
    # the quality of EHC plans
    [("Audit a sample of EHC plans every month with the professionals who wrote them and the "
      "families they are for, and act on what the audits find.", HEAD_0_25,
      D(2019, 3, 31)),
     ("Make sure health advice to EHC needs assessments is given on time and is specific to "
      "the child, and check it in the monthly audits.", DCO, D(2018, 12, 31))],
    # the lack of effective co-production at all levels
    [("Agree a co-production charter with the Medway Parent and Carer Forum, and involve "
      "parents, carers and young people in the Improvement Board and in every workstream of "
      "this statement.", DCAS + ", with the Medway Parent and Carer Forum", D(2018, 9, 30))],
]
MEDWAY_VIEWS = {
    "ofsted": "Every area of significant weakness has actions, each with a named lead and a "
              "date; the Improvement Board's oversight is clear.",
    "cqc": "The health actions are specific: the new contracts and the designated clinical "
           "officer's checks on health advice to EHC needs assessments.",
}
# Where the statement was published (the council's report, 6.1): the council's Local Offer
# and the CCG's website. The addresses are illustrative.
MEDWAY_PUBLICATIONS = [
    ("Medway Council (Local Offer)",
     "https://www.medway.gov.uk/info/200350/local_offer/1504/written_statement_of_action",
     True),
    ("NHS Medway CCG", "https://www.medwayccg.nhs.uk/about-us/send-written-statement-of-action",
     False),
]
# The DfE adviser's notes of progress, by (area of significant weakness, action) place.
MEDWAY_PROGRESS = [
    ((0, 0), "The Improvement Board has met monthly since April 2018, with two parent carer "
             "representatives; its terms of reference were agreed in June."),
    ((6, 0), "Monthly audits of EHC plans started in June 2018; the first three found health "
             "advice late in a third of the plans sampled."),
]


@dataclass(frozen=True)
class Illustrative:
    """An illustrative 2016-framework inspection whose statement stands at `stage`."""

    stage: str
    area_code: str
    reference: str
    onsite_start: datetime.date
    principal_authority: str
    weaknesses: list[str]
    lano: str  # the area's account that submits the statement ("" if none is needed)
    # A fit statement's re-visit (handbook 117): its first day on site, and the progress it
    # judges on each area of significant weakness, in order.
    revisit_on: datetime.date | None = None
    progress: tuple[str, ...] = ()
    published_by: str = ""  # the body that published a fit statement


ILLUSTRATIVE = [
    Illustrative(Stage.AWAITING_RECEIPT, "E10000024", "SEND-NOTTS-2019-WSOA", D(2019, 10, 7),
                 "joint", ["the timeliness and quality of EHC plans",
                           "the lack of joint commissioning of therapies"], ""),
    Illustrative(Stage.DRAFTING, "E10000017", "SEND-LANCS-2019-WSOA", D(2019, 9, 16),
                 "joint", ["the lack of a shared strategy across the local area",
                           "waiting times for autism assessment",
                           "the quality of EHC plans"], ""),
    # Barnet's first statement, twice not fit for purpose: the Minister's next step was a
    # further inspection, whose statement (below) is under review. A statement is submitted
    # by its area's own account, and the demo has those only for Medway, Barnet and Essex.
    Illustrative(Stage.MINISTER, "E09000003", "SEND-BARNET-2016-WSOA", D(2016, 11, 7),
                 "health", ["waiting times for speech and language therapy",
                            "the lack of health contributions to EHC plans"],
                 "lano.barnet"),
    Illustrative(Stage.UNDER_REVIEW, "E09000003", "SEND-BARNET-2019-WSOA", D(2019, 5, 13),
                 "local_authority", ["the timeliness of EHC needs assessments",
                                     "the quality of the local offer"], "lano.barnet"),
    Illustrative(Stage.RESUBMISSION, "E10000012", "SEND-ESSEX-2019-WSOA", D(2019, 2, 4),
                 "joint", ["the lack of co-production with parents and carers",
                           "inconsistent identification of social, emotional and mental "
                           "health needs"], "lano.essex"),
    # Essex's earlier statement, fit for purpose first time and published; its re-visit,
    # 18 months after the inspection, has judged progress and is writing its letter.
    Illustrative(Stage.FIT, "E10000012", "SEND-ESSEX-2017-WSOA", D(2017, 3, 6),
                 "local_authority", ["the timeliness of EHC plans",
                                     "the quality of the local offer",
                                     "the use of information to check what works"],
                 "lano.essex", revisit_on=D(2018, 9, 3),
                 progress=(Progress.SUFFICIENT, Progress.SUFFICIENT, Progress.NOT_SUFFICIENT),
                 published_by="Essex County Council"),
]
# Where the illustrative statements were published: a placeholder address, as they are
# invented.
ILLUSTRATIVE_PUBLISHED_AT = "https://www.example.org/{slug}/local-offer/written-statement"
# The findings of their letters, as (section, kind, text): a few of each kind.
ILLUSTRATIVE_FINDINGS = [
    ("main", "", "Leaders know the local area's weaknesses but have been slow to tackle them "
                 "together."),
    ("main", "", "Too many parents and carers say that they have to fight to get the help "
                 "their children need."),
    ("A", FindingKind.STRENGTH, "Health visitors and early years settings identify needs "
                                "early."),
    ("A", FindingKind.DEVELOPMENT, "Families wait too long for assessments of their "
                                   "children's needs."),
    ("B", FindingKind.DEVELOPMENT, "EHC plans are too often late, and too few capture "
                                   "children's and young people's views."),
    ("C", FindingKind.STRENGTH, "Young people are supported well as they move into further "
                                "education."),
]
ILLUSTRATIVE_REGIONAL_DIRECTOR = "Alex Morgan"  # invented, as the statements are
ILLUSTRATIVE_RECOMMENDATION = ("Say who leads each action and by when, and how the local area "
                               "will know that it has made a difference for children and "
                               "young people.")


# The statements as files: a short PDF each, of the statement's actions.

def _statement_pdf(*, title: str, actions: list[tuple[str, list[tuple[str, str, str]]]]) -> bytes:
    html = render_to_string("documents/wsoa_demo_statement.html",
                            {"title": title, "actions": actions})
    return weasyprint.HTML(string=html, url_fetcher=weasyprint.URLFetcher(
        allowed_protocols=(), fail_on_errors=True)).write_pdf(pdf_variant=PDF_VARIANT)


def _upload(wsoa: Wsoa, by: User, name: str, lines) -> object:
    weaknesses = services.weaknesses_of(wsoa)
    actions = [(weakness.text, [(line.text, line.who, f"{line.complete_by:%-d %B %Y}")
                                for line in lines if line.weakness_id == weakness.pk])
               for weakness in weaknesses]
    title = f"Written statement of action: {wsoa.local_area.name}"
    content = _statement_pdf(title=title, actions=actions)
    return document_upload(owner=wsoa, by=by, upload=SimpleUploadedFile(
        name, content, content_type="application/pdf"))


def _submit(wsoa: Wsoa, by: User, *, name: str, lines, on: datetime.date):
    statement = _upload(wsoa, by, name, lines)
    return services.wsoa_submit(wsoa=wsoa, by=by, statement=statement, actions=lines,
                                copies_confirmed=True, submitted_on=on)


def _views(users, wsoa: Wsoa, fitness: str, comments: dict[str, str] | None = None) -> None:
    for inspectorate, username in (("ofsted", "qa.reviewer"), ("cqc", "cqc.qa")):
        services.wsoa_record_view(wsoa=wsoa, by=users[username], inspectorate=inspectorate,
                                  fitness=fitness, comments=(comments or {}).get(inspectorate,
                                                                                 ""))


def _as_determined(wsoa: Wsoa) -> Wsoa:
    """As it happened, not as seeded: HMCI's delegate decided on site, before the feedback
    meeting on the last day, so the statement was determined then (the service dates it the
    day it runs, as the demo runs years later)."""
    Wsoa.objects.filter(pk=wsoa.pk).update(determined_on=wsoa.inspection.onsite_end)
    return Wsoa.objects.select_related("inspection", "local_area").get(pk=wsoa.pk)


# Medway

def _medway_lines(wsoa: Wsoa) -> list[services.ActionLine]:
    weaknesses = services.weaknesses_of(wsoa)
    if len(weaknesses) != len(MEDWAY_ACTIONS):
        raise ValueError("Medway's determination does not name the letter's eight areas of "
                         "significant weakness")
    return [services.ActionLine(weakness_id=weakness.pk, text=text, who=who,
                                complete_by=complete_by)
            for weakness, actions in zip(weaknesses, MEDWAY_ACTIONS, strict=True)
            for text, who, complete_by in actions]


def seed_medway_wsoa(users: dict[str, User]) -> None:
    """Medway's statement, from the receipt of the final report to the DfE's advice."""
    wsoa = Wsoa.objects.filter(inspection__reference=MEDWAY).select_related(
        "inspection", "local_area").first()
    if wsoa is None or wsoa.stage != Stage.AWAITING_RECEIPT:
        return
    wsoa = _as_determined(wsoa)
    admin, lano, dfe = users["ofsted.admin"], users["lano.medway"], users["dfe.adviser"]
    wsoa = services.wsoa_record_receipt(wsoa=wsoa, by=admin, received_on=MEDWAY_RECEIVED)
    submission = _submit(wsoa, lano, name="Medway written statement of action May 2018.pdf",
                         lines=_medway_lines(wsoa), on=MEDWAY_SUBMITTED)
    _views(users, wsoa, Fitness.FIT, MEDWAY_VIEWS)
    services.wsoa_decide(wsoa=wsoa, by=users["qa.reviewer"],
                         regional_director=MEDWAY_REGIONAL_DIRECTOR, decided_on=MEDWAY_DECIDED)
    for body, url, local_offer in MEDWAY_PUBLICATIONS:
        services.wsoa_record_publication(wsoa=wsoa, by=lano, body=body, url=url,
                                         local_offer=local_offer,
                                         published_on=MEDWAY_PUBLISHED)
    actions = list(submission.actions.select_related("weakness"))
    for (weakness, place), text in MEDWAY_PROGRESS:
        action = [a for a in actions if a.weakness.position == weakness + 1][place]
        services.wsoa_progress_note(action=action, by=dfe, text=text)
    services.wsoa_record_dfe_advice(wsoa=wsoa, by=dfe, advised_on=MEDWAY_DFE_ADVICE)


# One statement in each other stage

def _led(users, inspection: Inspection):
    """The inspection led by `hmi.lead`, who declares no connection with the area; and a
    walk of it along the main line, to a state or a letter's state, by the demo's people."""
    admin, lead = users["ofsted.admin"], users["hmi.lead"]
    inspections.conflict_declare(inspection=inspection, inspector=lead, by=lead,
                                 has_connection=False)
    inspections.team_member_add(inspection=inspection, by=admin, user=lead, role=TeamRole.LEAD)

    def walk(state: str) -> None:
        inspection_walk_to(inspection=inspection, state=state, admin=admin, lead=lead,
                           qa=users["qa.reviewer"], cqc_qa=users["cqc.qa"])

    return walk


def _inspection(users, plan: Illustrative) -> Inspection | None:
    """The plan's inspection, on site for five days from `onsite_start`, walked to its
    publication with the determination made on site; None if it exists already."""
    if Inspection.objects.filter(reference=plan.reference).exists():
        return None
    calendar = calendar_current()
    admin, lead = users["ofsted.admin"], users["hmi.lead"]
    inspection = inspections.inspection_create(
        by=admin, local_area=LocalArea.objects.get(ons_code=plan.area_code), framework="2016",
        onsite_start=plan.onsite_start,
        onsite_end=calendar.add_working_days(plan.onsite_start, 4), reference=plan.reference)
    walk = _led(users, inspection)
    walk(State.ON_SITE)
    determination_recommend(inspection=inspection, by=lead, wsoa_required=True,
                            principal_authority=plan.principal_authority,
                            weaknesses=plan.weaknesses)
    # The decision makes the statement, and holds the evidence base for it (handbook 73).
    determination_decide(inspection=inspection, by=admin, agreed=True)
    # The letter's findings are written while it is drafted.
    walk(LetterState.DRAFTING)
    letter = OutcomeLetter.objects.select_related("inspection").get(inspection=inspection)
    for section, kind, text in ILLUSTRATIVE_FINDINGS:
        finding_add(letter=letter, by=lead, section=section, kind=kind, text=text)
    walk(State.PUBLISHED)
    return inspection


def _lines(wsoa: Wsoa, *, revised: bool = False) -> list[services.ActionLine]:
    """Illustrative actions, one for each area of significant weakness."""
    complete_by = calendar_current().add_working_days(wsoa.report_received_on, 260)
    verb = "Revise and carry out" if revised else "Carry out"
    return [services.ActionLine(
        weakness_id=weakness.pk, text=f"{verb} a plan to tackle {weakness.text}, with "
                                      f"measures of success reported to the SEND board.",
        who="Director of Children's Services" if n % 2 else "Chief Nurse of the CCG",
        complete_by=complete_by)
        for n, weakness in enumerate(services.weaknesses_of(wsoa), start=1)]


def _not_fit(users, wsoa: Wsoa, on: datetime.date) -> None:
    _views(users, wsoa, Fitness.NOT_FIT)
    first = services.weaknesses_of(wsoa)[0]
    services.wsoa_decide(wsoa=wsoa, by=users["qa.reviewer"],
                         regional_director=ILLUSTRATIVE_REGIONAL_DIRECTOR,
                         recommendations={first.pk: ILLUSTRATIVE_RECOMMENDATION}, decided_on=on)


def _fit(users, wsoa: Wsoa, plan: Illustrative, decided: datetime.date) -> None:
    """Fit for purpose on `decided`, published by the local authority a week on (its Local
    Offer site), followed by the DfE, then re-visited as the plan says."""
    _views(users, wsoa, Fitness.FIT)
    services.wsoa_decide(wsoa=wsoa, by=users["qa.reviewer"],
                         regional_director=ILLUSTRATIVE_REGIONAL_DIRECTOR, decided_on=decided)
    services.wsoa_record_publication(
        wsoa=wsoa, by=users[plan.lano], body=plan.published_by,
        url=ILLUSTRATIVE_PUBLISHED_AT.format(slug=wsoa.local_area.name.lower()),
        local_offer=True, published_on=calendar_current().add_working_days(decided, 5))
    # The DfE advised the Minister on progress before the 12 months from the report's
    # publication were out (framework 19).
    services.wsoa_record_dfe_advice(wsoa=wsoa, by=users["dfe.adviser"], advised_on=(
        calendar_current().add_working_days(wsoa.inspection.published_on, 240)))
    if plan.revisit_on is not None:
        _revisit(users, wsoa, plan)


def _revisit(users, wsoa: Wsoa, plan: Illustrative) -> None:
    """The statement's re-visit, three days on site from `revisit_on` with the inspection's
    lead, whose judgements of progress are recorded and whose letter is being written."""
    admin, lead = users["ofsted.admin"], users["hmi.lead"]
    calendar = calendar_current()
    revisit = inspections.inspection_create(
        by=admin, local_area=wsoa.local_area, framework=Framework.REVISIT_2016,
        onsite_start=plan.revisit_on, onsite_end=calendar.add_working_days(plan.revisit_on, 2),
        reference=plan.reference.replace("-WSOA", "-REVISIT"), revisit_of=wsoa.inspection)
    walk = _led(users, revisit)
    walk(State.ON_SITE)
    weaknesses = services.weaknesses_of(wsoa)
    services.revisit_judge(revisit=revisit, by=lead, judgements={
        weakness.pk: progress
        for weakness, progress in zip(weaknesses, plan.progress, strict=True)})
    walk(LetterState.DRAFTING)


def _take_to_stage(users, wsoa: Wsoa, plan: Illustrative) -> None:
    """From the determination to the plan's stage, at a usual pace: the final report
    received when issued, the statement submitted a little before its 70 working days, each
    review within its 10, a revision within its 20."""
    if plan.stage == Stage.AWAITING_RECEIPT:
        return
    calendar = calendar_current()
    received = services.default_receipt(wsoa)
    wsoa = services.wsoa_record_receipt(wsoa=wsoa, by=users["ofsted.admin"],
                                        received_on=received)
    if plan.stage == Stage.DRAFTING:
        return
    lano = users[plan.lano]
    submitted = calendar.add_working_days(received, 66)
    name = f"{wsoa.local_area.name} written statement of action.pdf"
    _submit(wsoa, lano, name=name, lines=_lines(wsoa), on=submitted)
    if plan.stage == Stage.UNDER_REVIEW:
        # Ofsted's view is in; the CQC's is still to come.
        services.wsoa_record_view(wsoa=wsoa, by=users["qa.reviewer"], inspectorate="ofsted",
                                  fitness=Fitness.FIT)
        return
    decided = calendar.add_working_days(submitted, 9)
    if plan.stage == Stage.FIT:
        _fit(users, wsoa, plan, decided)
        return
    _not_fit(users, wsoa, decided)
    if plan.stage == Stage.RESUBMISSION:
        return
    resubmitted = calendar.add_working_days(decided, 18)
    _submit(wsoa, lano, name=name, lines=_lines(wsoa, revised=True), on=resubmitted)
    decided_again = calendar.add_working_days(resubmitted, 10)
    _not_fit(users, wsoa, decided_again)
    services.wsoa_advise_minister(wsoa=wsoa, by=users["ofsted.admin"],
                                  advised_on=calendar.add_working_days(decided_again, 15),
                                  next_step=NextStep.FURTHER_INSPECTION)


def seed_wsoa_stages(users: dict[str, User]) -> None:
    for plan in ILLUSTRATIVE:
        inspection = _inspection(users, plan)
        if inspection is None:
            continue
        wsoa = _as_determined(Wsoa.objects.get(inspection=inspection))
        _take_to_stage(users, wsoa, plan)


def seed_wsoas(*, users: dict[str, User]) -> None:
    """After the letters are published: Medway's statement, then one in every other stage."""
    seed_medway_wsoa(users)
    seed_wsoa_stages(users)


# Every stage of the cycle has a demo statement.
DEMO_STAGES = {Stage.FIT, *(plan.stage for plan in ILLUSTRATIVE)}
