"""National-scale written statements of action: HMCI's determinations on the 2016
inspections that needed one, and each statement's cycle as far as its dates have taken it,
in every stage of wsoa.models.Stage.

Which inspections: the published or closed 2016 inspections of the national data whose
evidence base evidence.national holds for a written statement of action (handbook 73): every
one that was re-visited (a re-visit judges progress on the statement, handbook 117) and about
three in ten of the rest, more than half in all. A few of the most recent of those not
re-visited are still on their way (awaiting the receipt of the final report, being written,
under review, being revised); a few, re-visited later where any were, were found not fit
twice and referred to the Minister; the rest are fit, at the first submission or the
second.

Each has the determination (the team's recommendation on the evening before the last day on
site, the delegate's agreement the next morning) with three to eight areas of significant
weakness; its submissions, each a version of the statement's document (rows only, as
evidence.national makes them: no file is written), with actions for every area of
significant weakness; the joint reviews with both inspectorates' views and, for 'not fit',
recommendations; where the area published it; DfE advisers' progress notes; the re-visit's
judgements; its clocks, counted on the working-day calendar (deadlines.services.
deadline_preview), met, running or missed as today finds them; and the audit trail the
services would have left.

Dates follow the inspection's: the final report's receipt a day or two after it was issued,
then the handbook's pace with some spread. As every 2016 inspection finished before 2023, a
statement still on its way is years behind: its running clock is missed, unless the area
submitted or the inspectorates decided lately (every other one of those under review or
being revised), when the clock that step started may still be open.

Runs after the evidence (evidence.national), whose holds choose the inspections, and the
letters (reports.national), whose final reports the receipts follow; and before the audit
trail (audit.national), whose numbers it leaves as they were.
"""

import dataclasses
import datetime
import hashlib
import uuid

from django.db.models import Case, IntegerField, Value, When

from accounts import roles
from accounts.models import User
from audit.models import AuditEvent
from config.national.base import Run, at, bulk_insert, day_between
from deadlines.models import Deadline, DeadlineStatus, StatutoryRule
from deadlines.services import deadline_preview
from evidence.models import Document, DocumentVersion, HoldReason, RetentionHold, ScanStatus
from inspections.models import Framework, State
from inspections.scheduling import NOT_REVISITED_IF_INSPECTED_AFTER
from policy import people
from reports.models import (
    Determination,
    DeterminationDecision,
    PrincipalAuthority,
    SignificantWeakness,
)
from wsoa.models import (
    Action,
    Fitness,
    InspectorateView,
    NextStep,
    Progress,
    ProgressNote,
    Publication,
    Recommendation,
    Review,
    RevisitJudgement,
    Stage,
    Submission,
    Wsoa,
)

# Statements still on their way at full scale, by stage; and those referred to the Minister.
IN_PROGRESS = {Stage.AWAITING_RECEIPT: 4, Stage.DRAFTING: 8, Stage.UNDER_REVIEW: 8,
               Stage.RESUBMISSION: 5}
MINISTER = 8
# Of the statements found fit, the share found fit only at the second submission.
FIT_SECOND_TIME = 0.25
# Of those under review or being revised, every other one had its last step lately.
AUTHORITIES = [(PrincipalAuthority.JOINT, 60), (PrincipalAuthority.LOCAL_AUTHORITY, 30),
               (PrincipalAuthority.HEALTH, 10)]
NEXT_STEPS = [(NextStep.TARGETED_SUPPORT, 40), (NextStep.CONTINUED_MONITORING, 30),
              (NextStep.FURTHER_INSPECTION, 20), (NextStep.STATUTORY_DIRECTION, 10)]
STATEMENT = "written-statement-of-action.pdf"
DAY = datetime.timedelta(days=1)
MINUTE = datetime.timedelta(minutes=1)

WEAKNESSES = [
    "the lack of strategic leadership and vision across the partnership",
    "weak joint commissioning arrangements between education, health and care",
    "the lack of effective co-production with parents and carers at all levels",
    "the poor quality of education, health and care plans",
    "the timeliness of education, health and care needs assessments",
    "inconsistent and poor-quality arrangements for transition to adulthood",
    "the lack of a clear strategy for the local offer and its poor quality",
    "weaknesses in the assessment of social, emotional and mental health needs",
    "long waiting times for neurodevelopmental assessments",
    "the high rate of exclusions of children and young people with SEND",
    "the weak use of information to evaluate the impact of the area's work",
    "the lack of contribution of health professionals to plans",
    "inconsistent identification of needs at SEN support",
    "the poor outcomes achieved by children and young people with SEND",
]
ACTIONS = [
    "Agree a joint SEND strategy with measurable outcomes, signed off by the partnership board",
    "Appoint a designated clinical officer and set out the role's responsibilities",
    "Commission an independent audit of the quality of a sample of plans each term",
    "Set up a co-production charter with the parent carer forum",
    "Publish a revised local offer, tested with families before launch",
    "Bring in a single tracking system for needs assessments across the partnership",
    "Train SENCos in all schools in identifying needs at SEN support",
    "Agree a joint commissioning plan for therapies with the CCG or ICB",
    "Report progress against the statement to the partnership board each quarter",
    "Reduce the waiting list for neurodevelopmental assessments to 18 weeks",
    "Introduce a transition protocol between children's and adults' services",
    "Review every plan of a young person aged 14 or over against preparation for adulthood",
]
WHO = [
    "Director of Children's Services", "Chief Executive, CCG", "Director of Commissioning, ICB",
    "Head of SEND", "Designated Clinical Officer", "Principal Educational Psychologist",
    "Assistant Director, Education and Inclusion", "Chair of the SEND Partnership Board",
    "Director of Adult Social Care", "Chief Nurse, ICB",
]
RECOMMENDATIONS = [
    "Say how leaders will know whether each action has made a difference to children and "
    "young people.",
    "Give dates by which each action will be completed, and who is accountable for it.",
    "Show how parents and carers were involved in writing the statement.",
    "Set out how health partners will contribute to the actions for this area.",
    "Make the measures of success specific and measurable.",
]
VIEWS = ["The actions are specific, measurable and timed.",
         "The statement sets out clearly who is accountable for each action.",
         "The measures of success are not specific enough.",
         "The contribution of health partners is unclear."]
PROGRESS = [
    "Met the area's leads: the action is on track and the board has seen the first report.",
    "The action is behind its timetable; the area has agreed a recovery plan.",
    "Evidence seen of the action completed; its impact is still to be shown.",
    "Families report improvements; the area's data for the last quarter supports this.",
    "The area has changed the lead for this action after a restructure.",
]
DIRECTORS = ["Christopher Russell", "Ursula Gallagher", "Nicola Okoro", "Martin Hale",
             "Jonathan Garratt"]
PENDING_VIEWS = [["cqc", "ofsted"], ["ofsted"], [], ["cqc"]]
OPEN, MET, MISSED = DeadlineStatus.OPEN, DeadlineStatus.MET, DeadlineStatus.MISSED


@dataclasses.dataclass
class _Step:
    """One submission, and the joint review of it."""

    number: int
    submitted_on: datetime.date
    decided_on: datetime.date | None = None
    decision: str = ""
    views: list = dataclasses.field(default_factory=list)  # inspectorates with a view
    pk: int | None = None
    version: int | None = None
    review: int | None = None


@dataclasses.dataclass(eq=False)
class _Statement:
    p: object  # inspections.national.Planned
    stage: str
    authority: str
    weaknesses: list[str]
    received_on: datetime.date | None = None
    steps: list[_Step] = dataclasses.field(default_factory=list)
    minister_advised_on: datetime.date | None = None
    next_step: str = ""
    draft_uploaded: bool = False
    author: int | None = None  # who acts for the principal authority
    admin: int | None = None  # the Ofsted admin who records for the inspectorates
    pk: int | None = None
    determination: int | None = None
    weakness_pks: list[int] = dataclasses.field(default_factory=list)
    document: int | None = None

    @property
    def revisit(self):
        return next(iter(self.p.revisits), None)


def _choose(run: Run, rng) -> list[tuple[object, str]]:
    """The inspections that had a statement, and the stage each has reached."""
    planned = run.shared["inspections"]
    held = set(RetentionHold.objects.filter(reason=HoldReason.WSOA, released_at__isnull=True)
               .values_list("inspection_id", flat=True))
    revisits: dict[int, list] = {}
    for q in planned:
        if q.revisit_of is not None:
            revisits.setdefault(q.revisit_of.pk, []).append(q)
    done = [p for p in planned if p.framework == Framework.LOCAL_AREA_SEND_2016
            and p.state in (State.PUBLISHED, State.CLOSED) and p.pk in held]
    for p in done:
        p.revisits = revisits.get(p.pk, [])
    # The most recent of those not re-visited are on their way, in turn by stage.
    others = sorted((p for p in done if not p.revisits), key=lambda p: (p.start, p.reference),
                    reverse=True)
    wanted = [stage for stage, n in IN_PROGRESS.items() for _ in range(run.scaled(n))]
    recent = others[:len(wanted)]
    stages = wanted[:len(recent)]
    rng.shuffle(stages)
    chosen = list(zip(recent, stages, strict=True))
    # The rest are fit, but for a few referred to the Minister (re-visited later, if any).
    on_their_way = {id(p) for p in recent}
    rest = [p for p in done if id(p) not in on_their_way]
    pool = [p for p in rest if p.revisits] or rest
    referred = {id(p) for p in rng.sample(pool, min(len(pool), run.scaled(MINISTER)))}
    chosen += [(p, Stage.MINISTER if id(p) in referred else Stage.FIT) for p in rest]
    return sorted(chosen, key=lambda pair: (pair[0].start, pair[0].reference))


def _plan(run: Run, rng, p, stage: str, lately: bool) -> _Statement:
    """The statement's steps, at the handbook's pace after the final report's issue; a
    statement under review or being revised whose last step came `lately` has it in the
    last few weeks."""
    today, add = run.today, run.add_wd
    s = _Statement(p=p, stage=stage,
                   authority=rng.choices(*zip(*AUTHORITIES, strict=True))[0],
                   weaknesses=rng.sample(WEAKNESSES, rng.randint(3, 8)))
    if stage == Stage.AWAITING_RECEIPT:
        return s
    s.received_on = min(add(p.final_issued_on, rng.choice((0, 0, 0, 1, 2))), today)
    if stage == Stage.DRAFTING:
        s.draft_uploaded = rng.random() < 0.5
        return s
    # Submitted within the 70 working days, or a little after them; decided within the
    # review's 10, or a few days after; a revised statement within its 20.
    first = _Step(1, add(s.received_on, rng.randint(40, 76)))
    s.steps.append(first)
    if stage == Stage.UNDER_REVIEW and rng.random() < 0.6:
        _review_pending(run, rng, s, first, lately)
        return s
    first.decided_on = add(first.submitted_on, rng.randint(5, 13))
    second_time = stage in (Stage.MINISTER, Stage.UNDER_REVIEW) or (
        stage == Stage.FIT and rng.random() < FIT_SECOND_TIME)
    first.decision = Fitness.NOT_FIT if stage != Stage.FIT or second_time else Fitness.FIT
    first.views = ["cqc", "ofsted"]
    if stage == Stage.RESUBMISSION:
        if lately:
            first.decided_on = add(today, -rng.randint(0, 30))
        return s
    if first.decision == Fitness.FIT:
        return s
    second = _Step(2, add(first.decided_on, rng.randint(12, 24)))
    s.steps.append(second)
    if stage == Stage.UNDER_REVIEW:
        _review_pending(run, rng, s, second, lately)
        return s
    second.decided_on = add(second.submitted_on, rng.randint(5, 13))
    second.decision = Fitness.FIT if stage == Stage.FIT else Fitness.NOT_FIT
    second.views = ["cqc", "ofsted"]
    if stage == Stage.MINISTER:
        s.minister_advised_on = second.decided_on + DAY * rng.randint(10, 40)
        s.next_step = rng.choices(*zip(*NEXT_STEPS, strict=True))[0]
    return s


def _review_pending(run: Run, rng, s: _Statement, step: _Step, lately: bool) -> None:
    """A statement under review: submitted at its pace or lately (the inspectorates' views
    so far are given in seed_wsoas)."""
    if lately:
        step.submitted_on = run.add_wd(run.today, -rng.randint(0, 12))
        earlier = s.steps[0] if step.number == 2 else None
        if earlier is not None and earlier.decided_on >= step.submitted_on:
            step.submitted_on = run.add_wd(earlier.decided_on, 1)


def _check(run: Run, s: _Statement) -> None:
    days = [s.p.published_on, s.received_on, s.minister_advised_on,
            *(d for step in s.steps for d in (step.submitted_on, step.decided_on))]
    if any(day and day > run.today for day in days):
        raise ValueError(f"A step of the statement on {s.p.reference} falls after today")


class _Clocks:
    """The statement's clocks: each a Deadline row, with what the audit trail needs."""

    def __init__(self, run: Run, rng):
        self.run, self.rng = run, rng
        codes = ["wsoa_submission", "wsoa_review", "wsoa_resubmission", "dfe_progress_review",
                 "revisit"]
        self.rules = {rule.code: rule for rule in StatutoryRule.objects.filter(code__in=codes)}

    def due(self, code: str, start: datetime.date) -> datetime.date:
        return deadline_preview(rule=self.rules[code], start_date=start,
                                calendar=self.run.calendar).due_date

    def clock(self, s: _Statement, code: str, start: datetime.date, *, made: datetime.date,
              met_on: datetime.date | None = None) -> dict:
        rule, due = self.rules[code], self.due(code, start)
        status = MET if met_on else (OPEN if due >= self.run.today else MISSED)
        return {"s": s, "code": code,
                "row": Deadline(rule_id=rule.pk, inspection_id=s.p.pk, wsoa_id=s.pk,
                                local_area_id=s.p.area.pk, start_event=rule.starts_on,
                                start_date=start, due_date=due, status=status, met_on=met_on,
                                created_at=min(at(made, 9, self.rng.randint(1, 59)),
                                               self.run.now - MINUTE * 30))}

    def of(self, s: _Statement) -> list[dict]:
        rng, today, p = self.rng, self.run.today, s.p
        clocks = []
        # The DfE's advice on progress, 12 months from publication (the statement was
        # determined before it): given on time or a little late, mostly.
        due = self.due("dfe_progress_review", p.published_on)
        advised = None
        if due < today and rng.random() < 0.85:
            advised = min(today, max(p.published_on, due - DAY * rng.randint(-20, 60)))
        clocks.append(self.clock(s, "dfe_progress_review", p.published_on,
                                 made=p.published_on, met_on=advised))
        if s.received_on is None:
            return clocks
        steps = {step.number: step for step in s.steps}
        clocks.append(self.clock(s, "wsoa_submission", s.received_on, made=s.received_on,
                                 met_on=steps[1].submitted_on if 1 in steps else None))
        for step in s.steps:
            clocks.append(self.clock(s, "wsoa_review", step.submitted_on,
                                     made=step.submitted_on, met_on=step.decided_on))
        first = steps.get(1)
        if first is not None and first.decision == Fitness.NOT_FIT:
            clocks.append(self.clock(s, "wsoa_resubmission", first.decided_on,
                                     made=first.decided_on,
                                     met_on=steps[2].submitted_on if 2 in steps else None))
        if not p.revisits and p.start <= NOT_REVISITED_IF_INSPECTED_AFTER:
            # Started with the receipt, from the last day on site; no re-visit came.
            clocks.append(self.clock(s, "revisit", p.end, made=s.received_on))
        return clocks


def _authors(run: Run, statements: list[_Statement]) -> dict[int, str]:
    """Who acts for each area's principal authority: its LANO, or else a leader, of the
    national accounts or the demo's. An area with no account in the data (a predecessor of
    a reorganised area, or any area at a small scale) is acted for by an Ofsted admin, who
    records what the area sent. Returns every username by pk, for the audit trail."""
    areas = {s.p.area.pk for s in statements}
    found: dict[int, tuple] = {}
    for pk, area, username, role in (User.objects.filter(
            local_area_id__in=areas, is_active=True,
            groups__name__in=sorted(people.LOCAL_AREA_ROLES))
            .order_by("pk").values_list("pk", "local_area_id", "username", "groups__name")):
        rank = 0 if role == roles.LOCAL_AREA_OFFICER else 1
        if area not in found or rank < found[area][0]:
            found[area] = (rank, pk, username)
    admins = [pk for pk, _n, _u in run.shared["people"]["admin"]]
    for s in statements:
        s.author = found[s.p.area.pk][1] if s.p.area.pk in found \
            else admins[s.p.lineage % len(admins)]
    usernames = {pk: username for rows in run.shared["people"].values()
                 for pk, _n, username in rows}
    usernames.update({pk: username for _rank, pk, username in found.values()})
    return usernames


def seed_wsoas(run: Run) -> None:
    rng = run.rng("wsoa")
    words = run.rng("wsoa.words")
    people = run.shared["people"]
    admins = [pk for pk, _n, _u in people["admin"]]
    ofsted = [pk for pk, _n, _u in people["shmi"]] or admins
    cqc = [pk for pk, _n, _u in people["cqcqa"]]
    dfe = [pk for pk, _n, _u in people["dfe"]]
    statements, seen = [], {}
    for p, stage in _choose(run, rng):
        seen[stage] = seen.get(stage, 0) + 1
        statements.append(_plan(run, rng, p, stage, lately=seen[stage] % 2 == 1))
    for s in statements:
        _check(run, s)
    # The views recorded so far on those under review: both (the decision to come), one,
    # or none yet, in turn.
    pending = [step for s in statements for step in s.steps if not step.decided_on]
    for k, step in enumerate(pending):
        step.views = PENDING_VIEWS[k % len(PENDING_VIEWS)]
    if not statements:
        return
    usernames = _authors(run, statements)
    events: list[dict] = []

    def event(s: _Statement, moment, actor, action, *, obj=None, before=None, after=None):
        object_type, object_id, label = obj or ("wsoa.wsoa", s.pk, _label(s))
        events.append({"at": min(moment, run.now), "actor_id": actor,
                       "actor_label": usernames.get(actor, "") if actor else "",
                       "action": action, "object_type": object_type,
                       "object_id": str(object_id), "object_repr": label[:200],
                       "local_area_id": s.p.area.pk, "inspection_id": s.p.pk,
                       "before": before or {}, "after": after or {}, "ip_address": None})

    # The determinations and their areas of significant weakness.
    def decided_at(s):
        return at(s.p.end, 8, 30)

    for s in statements:
        s.admin = admins[s.p.lineage % len(admins)]
    made = bulk_insert(run, Determination, (
        Determination(inspection_id=s.p.pk, recommended_wsoa=True,
                         recommended_authority=s.authority, recommended_by_id=s.p.lead,
                         recommended_at=at(run.add_wd(s.p.end, -1), 17, 30),
                         decision=DeterminationDecision.AGREED, wsoa_required=True,
                         principal_authority=s.authority, decided_by_id=s.admin,
                         decided_at=decided_at(s), version=2)
        for s in statements), desc="determinations", keep=lambda row: row.pk)
    for s, pk in zip(statements, made, strict=True):
        s.determination = pk
    weaknesses = [(s, n, text) for s in statements
                  for n, text in enumerate(s.weaknesses, start=1)]
    made = bulk_insert(run, SignificantWeakness, (
        SignificantWeakness(determination_id=s.determination, text=text[0].upper() + text[1:],
                            position=n) for s, n, text in weaknesses),
        desc="areas of significant weakness", keep=lambda row: row.pk)
    for (s, _n, _text), pk in zip(weaknesses, made, strict=True):
        s.weakness_pks.append(pk)

    # The statements.
    def version(s):
        return 1 + (1 if s.received_on else 0) + sum(1 + bool(step.decided_on)
                                                      for step in s.steps) \
            + (1 if s.minister_advised_on else 0)

    made = bulk_insert(run, Wsoa, (
        Wsoa(inspection_id=s.p.pk, local_area_id=s.p.area.pk, principal_authority=s.authority,
             stage=s.stage, determined_on=s.p.end, report_received_on=s.received_on,
             minister_advised_on=s.minister_advised_on, next_step=s.next_step,
             version=version(s), created_at=decided_at(s))
        for s in statements), desc="written statements of action", keep=lambda row: row.pk)
    for s, pk in zip(statements, made, strict=True):
        s.pk = pk

    # The statement's document: a version for each submission, and a draft being written.
    written = [s for s in statements if s.steps or s.draft_uploaded]
    made = bulk_insert(run, Document, (
        Document(inspection_id=s.p.pk, statement_of_id=s.pk, filename=STATEMENT,
                 created_at=_uploaded(run, s, 1))
        for s in written), desc="statement documents", keep=lambda row: row.pk)
    for s, pk in zip(written, made, strict=True):
        s.document = pk
    uploads = [(s, n) for s in written for n in range(1, max(1, len(s.steps)) + 1)]
    made = bulk_insert(run, DocumentVersion, (
        DocumentVersion(document_id=s.document, number=n,
                        file=f"documents/{s.p.pk}/{uuid.UUID(int=rng.getrandbits(128)).hex}",
                        original_filename=STATEMENT, size=int(rng.lognormvariate(12.5, 0.6)),
                        sha256=hashlib.sha256(f"wsoa:{s.pk}:{n}".encode()).hexdigest(),
                        kind="pdf", scan_status=ScanStatus.CLEAN,
                        scanned_at=min(_uploaded(run, s, n) + MINUTE, run.now),
                        uploaded_by_id=s.author, uploaded_at=_uploaded(run, s, n))
        for s, n in uploads), desc="statement versions", keep=lambda row: row.pk)
    for (s, n), pk in zip(uploads, made, strict=True):
        if s.steps:
            s.steps[n - 1].version = pk

    # Submissions, their actions, their reviews and the inspectorates' views.
    steps = [(s, step) for s in statements for step in s.steps]
    made = bulk_insert(run, Submission, (
        Submission(wsoa_id=s.pk, number=step.number, statement_id=step.version,
                   submitted_on=step.submitted_on, submitted_by_id=s.author,
                   submitted_at=_submitted(run, step), copies_confirmed=True)
        for s, step in steps), desc="statement submissions", keep=lambda row: row.pk)
    for (_s, step), pk in zip(steps, made, strict=True):
        step.pk = pk

    def actions():
        for s, step in steps:
            for weakness in s.weakness_pks:
                for position in range(1, words.randint(1, 3) + 1):
                    yield Action(submission_id=step.pk, weakness_id=weakness,
                                 text=words.choice(ACTIONS), who=words.choice(WHO),
                                 complete_by=step.submitted_on + DAY * words.randint(60, 540),
                                 position=position)

    made_actions = bulk_insert(run, Action, actions(), desc="statement actions",
                               keep=lambda row: (row.pk, row.submission_id))
    made = bulk_insert(run, Review, (
        Review(submission_id=step.pk, decision=step.decision, decided_on=step.decided_on,
               decided_by_id=s.admin if step.decided_on else None,
               regional_director=words.choice(DIRECTORS) if step.decided_on else "")
        for s, step in steps), desc="statement reviews", keep=lambda row: row.pk)
    for (_s, step), pk in zip(steps, made, strict=True):
        step.review = pk
    views = [(s, step, inspectorate) for s, step in steps for inspectorate in step.views]

    def viewed_at(step, inspectorate):
        last = step.decided_on or run.today
        return min(at(day_between(rng, step.submitted_on, last),
                      11 if inspectorate == "ofsted" else 14, rng.randint(0, 59)),
                   at(last, 8, 0 if inspectorate == "ofsted" else 1) if step.decided_on
                   else run.now)

    # A view on a statement still under review may yet differ from the other's.
    view_rows = [(s, step, inspectorate, viewed_at(step, inspectorate),
                  words.choice(ofsted if inspectorate == "ofsted" else cqc),
                  step.decision or words.choice([Fitness.FIT, Fitness.NOT_FIT]))
                 for s, step, inspectorate in views]
    bulk_insert(run, InspectorateView, (
        InspectorateView(review_id=step.review, inspectorate=inspectorate, fitness=fitness,
                         comments=words.choice(VIEWS), by_id=by, at=moment)
        for _s, step, inspectorate, moment, by, fitness in view_rows),
        desc="inspectorates' views")
    recommended = [(s, step, weakness) for s, step in steps if step.decision == Fitness.NOT_FIT
                   for weakness in words.sample(s.weakness_pks,
                                                words.randint(1, len(s.weakness_pks)))]
    bulk_insert(run, Recommendation, (
        Recommendation(review_id=step.review, weakness_id=weakness,
                       text=words.choice(RECOMMENDATIONS))
        for _s, step, weakness in recommended), desc="recommendations")

    # Where it was published: the council's site, and usually the Local Offer too.
    published = [(s, local_offer) for s in statements if s.steps
                 for local_offer in ([False, True] if words.random() < 0.7 else [False])]

    def publication(s, local_offer):
        on = min(run.today, s.steps[0].submitted_on + DAY * words.randint(3, 20))
        slug = s.p.area.name.lower().replace(" ", "-").replace(",", "")
        site = f"https://www.{slug}.gov.uk"
        return Publication(wsoa_id=s.pk, body=f"{s.p.area.name} Council",
                           url=f"{site}/local-offer/send-improvement" if local_offer
                           else f"{site}/send/written-statement-of-action",
                           local_offer=local_offer, published_on=on,
                           recorded_by_id=s.author, recorded_at=min(at(on, 16), run.now))

    publications = bulk_insert(run, Publication, (publication(*row) for row in published),
                               desc="statement publications",
                               keep=lambda row: (row.pk, row.published_on, row.recorded_at))

    # The DfE advisers' notes on the actions of statements found fit or referred.
    action_of = {}
    for pk, submission in made_actions:
        action_of.setdefault(submission, []).append(pk)
    noted = []
    for s in statements:
        if s.stage not in (Stage.FIT, Stage.MINISTER) or not dfe:
            continue
        last = s.steps[-1]
        until = min(run.today, last.decided_on + DAY * 720)
        if until <= last.decided_on:
            continue
        for action in action_of[last.pk]:
            if words.random() < 0.35:
                for _ in range(words.randint(1, 3)):
                    moment = min(at(day_between(words, last.decided_on + DAY, until),
                                    words.randint(9, 16), words.choice((0, 15, 30, 45))),
                                 run.now - MINUTE)
                    noted.append((s, action, moment, words.choice(dfe)))
    notes = bulk_insert(run, ProgressNote, (
        ProgressNote(action_id=action, text=words.choice(PROGRESS), by_id=by, at=moment)
        for _s, action, moment, by in noted), desc="progress notes", keep=lambda row: row.pk)

    # The re-visits' judgements on each area of significant weakness.
    judged = [(s, s.revisit, weakness) for s in statements
              if s.revisit is not None and s.revisit.reached(State.PUBLISHED)
              for weakness in s.weakness_pks]
    bulk_insert(run, RevisitJudgement, (
        RevisitJudgement(revisit_id=revisit.pk, weakness_id=weakness,
                         progress=Progress.SUFFICIENT if words.random() < 0.65
                         else Progress.NOT_SUFFICIENT, by_id=revisit.lead,
                         at=at(revisit.end, 15))
        for _s, revisit, weakness in judged), desc="re-visit judgements")

    # The clocks; the re-visit clock deadlines.national started is the statement's.
    clocks = _Clocks(run, rng)
    made_clocks = [clock for s in statements for clock in clocks.of(s)]
    kept = bulk_insert(run, Deadline, (clock["row"] for clock in made_clocks),
                       total=len(made_clocks), desc="statement clocks", keep=lambda row: row.pk)
    for clock, pk in zip(made_clocks, kept, strict=True):
        clock["pk"] = pk
    by_inspection = {s.p.pk: s for s in statements}
    revisit_clocks = [(by_inspection[c["p"].pk], c) for c in run.shared.get("deadlines", ())
                      if c["code"] == "revisit" and not c["superseded"]
                      and c["p"].pk in by_inspection]
    if revisit_clocks:
        Deadline.objects.filter(pk__in=[c["pk"] for _s, c in revisit_clocks]).update(
            wsoa_id=Case(*(When(pk=c["pk"], then=Value(s.pk)) for s, c in revisit_clocks),
                         output_field=IntegerField()))

    # What the services' audit trail says of it all.
    for s in statements:
        _events(run, s, event)
    for (s, local_offer), (pk, on, moment) in zip(published, publications, strict=True):
        event(s, moment, s.author, "wsoa.publication_recorded",
              after={"publication_id": pk, "local_offer": local_offer,
                     "published_on": on.isoformat()})
    for (s, action, moment, by), pk in zip(noted, notes, strict=True):
        event(s, moment, by, "wsoa.progress_noted",
              after={"action_id": action, "note_id": pk, "fields": ["text"]})
    for s, step, inspectorate, moment, by, fitness in view_rows:
        event(s, moment, by, "wsoa.view_recorded",
              after={"submission_id": step.pk, "inspectorate": inspectorate,
                     "fitness": fitness, "changed": False, "fields": ["comments"]})
    for clock in made_clocks:
        _clock_events(run, clock, event)
    bulk_insert(run, AuditEvent, iter(sorted(events, key=lambda e: e["at"])),
                total=len(events), desc="audit events (written statements)")
    run.shared["wsoas"] = statements


def _label(s: _Statement) -> str:
    return f"Written statement of action for {s.p.area.name}"


def _uploaded(run: Run, s: _Statement, number: int) -> datetime.datetime:
    """When the statement's version `number` was uploaded: the morning it was submitted, or,
    for a draft, a few days after the final report was received."""
    if s.steps:
        return min(at(s.steps[number - 1].submitted_on, 10), run.now - MINUTE * 20)
    return min(at(min(run.today, s.received_on + DAY * 7), 15), run.now - MINUTE * 20)


def _submitted(run: Run, step: _Step) -> datetime.datetime:
    return min(at(step.submitted_on, 11), run.now - MINUTE * 10)


def _events(run: Run, s: _Statement, event) -> None:
    """The services' events, in the order of the cycle."""
    p = s.p
    inspection = ("inspections.inspection", p.pk, p.label)
    recommended = at(run.add_wd(p.end, -1), 17, 30)
    event(s, recommended, p.lead, "inspection.determination_recommended", obj=inspection,
          after={"wsoa_required": True, "principal_authority": s.authority,
                 "weaknesses": len(s.weaknesses), "corrected": False})
    decided = at(p.end, 8, 30)
    event(s, decided, s.admin, "inspection.determination_decided", obj=inspection,
          after={"decision": DeterminationDecision.AGREED, "wsoa_required": True,
                 "principal_authority": s.authority, "fields": []})
    event(s, decided, s.admin, "wsoa.created",
          after={"principal_authority": s.authority, "weaknesses": len(s.weaknesses)})
    if s.received_on is None:
        return
    event(s, at(s.received_on, 10), s.author, "wsoa.report_received",
          before={"report_received_on": None, "stage": Stage.AWAITING_RECEIPT},
          after={"report_received_on": s.received_on.isoformat(), "stage": Stage.DRAFTING,
                 "default": s.received_on == p.final_issued_on})
    before = Stage.DRAFTING
    for step in s.steps:
        event(s, _submitted(run, step), s.author, "wsoa.submitted", before={"stage": before},
              after={"stage": Stage.UNDER_REVIEW, "number": step.number,
                     "submission_id": step.pk, "version_id": step.version,
                     "submitted_on": step.submitted_on.isoformat()})
        if not step.decided_on:
            break
        if step.decision == Fitness.FIT:
            after = Stage.FIT
        else:
            after = Stage.RESUBMISSION if step.number == 1 else Stage.MINISTER
        event(s, min(at(step.decided_on, 12), run.now - MINUTE * 5), s.admin, "wsoa.decided",
              before={"stage": Stage.UNDER_REVIEW},
              after={"stage": after, "decision": step.decision, "number": step.number,
                     "decided_on": step.decided_on.isoformat()})
        before = after
    if s.minister_advised_on:
        event(s, min(at(s.minister_advised_on, 15), run.now - MINUTE), s.admin,
              "wsoa.minister_advised", before={"minister_advised_on": None, "next_step": None},
              after={"minister_advised_on": s.minister_advised_on.isoformat(),
                     "next_step": s.next_step})


def _clock_events(run: Run, clock: dict, event) -> None:
    """deadline.start, and deadline.meet or deadline.missed, as deadlines.services and the
    sweep write them."""
    s, row = clock["s"], clock["row"]
    obj = ("deadlines.deadline", clock["pk"], f"{clock['code']} for {_label(s)}")
    actor = s.author if clock["code"] in ("wsoa_submission", "revisit") else s.admin
    event(s, row.created_at, actor, "deadline.start", obj=obj,
          after={"rule": clock["code"], "start_date": row.start_date.isoformat(),
                 "due_date": row.due_date.isoformat()})
    if row.status == MET:
        event(s, min(at(row.met_on, 12), run.now - MINUTE), actor, "deadline.meet", obj=obj,
              before={"status": OPEN},
              after={"status": MET, "met_on": row.met_on.isoformat(),
                     "late": row.met_on > row.due_date})
    elif row.status == MISSED:
        event(s, at(run.add_wd(row.due_date, 1), 6), None, "deadline.missed", obj=obj,
              before={"status": OPEN}, after={"status": MISSED})
