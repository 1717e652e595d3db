"""National-scale inspections: ten years of them in every area, in every state and under all
four frameworks, with their teams, notification calls, deferrals, lines of enquiry,
meetings, concerns, and the 2023 framework's engagement meetings.

Each area has a run of past inspections about a year apart (a 2016 inspection may be
followed by its re-visit; under 2023, outcome 3 by a monitoring inspection), and live ones
placed around today so that every state has its share, each with dates that fit it. One
large inspection, led by the demo lead inspector, holds far more records than any other.
Rows are written as the services would leave them, in bulk; nothing here calls a service.
"""

import dataclasses
import datetime

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from guardian.models import UserObjectPermission

from config.national.base import Run, at, bulk_insert, day_between
from inspections.models import Concern as ConcernRow
from inspections.models import (
    ConcernKind,
    ConflictDeclaration,
    DeferralRequest,
    EngagementMeeting,
    Framework,
    HealthLeaderCall,
    Inspection,
    LineOfEnquiry,
    Meeting,
    MeetingKind,
    NotificationCall,
    QuestionnaireStatus,
    State,
    TeamMember,
    TeamRole,
)
from local_areas.models import LocalArea
from local_areas.national import AreaPeople
from policy.grants import TEAM_GRANTS
from reports.models import LetterState

FIRST_2023_DAY = datetime.date(2023, 1, 1)
LARGE_REFERENCE = "SEND-NATIONAL-LARGE"
DAY = datetime.timedelta(days=1)
# Live inspections at full scale, by state (and, in reporting, by the letter's state).
LIVE = {State.PLANNING: 100, State.DEFERRED: 20, State.NOTIFIED: 25, State.ON_SITE: 25,
        State.FEEDBACK_GIVEN: 30, State.PUBLISHED: 30, State.WITHDRAWN: 10}
LIVE_REPORTING = {LetterState.DRAFTING: 20, LetterState.QUALITY_ASSURANCE: 20,
                  LetterState.DRAFT_WITH_LOCAL_AREA: 20, LetterState.FINAL_ISSUED: 20}
FRAMEWORK_NAMES = dict(Framework.choices)

ENQUIRIES = {
    "A": ["How quickly are needs identified in the early years?",
          "Are needs identified accurately when children move between settings?",
          "How well do health visitors and schools share what they know?"],
    "B": ["Are EHC plans completed within 20 weeks, and are they of good quality?",
          "How well do families co-produce plans and the local offer?",
          "Is SEN support in mainstream schools planned and reviewed well?",
          "Do waiting times for therapies and CAMHS meet children's needs?"],
    "C": ["How well are young people prepared for adulthood?",
          "What do leaders know about outcomes for children educated out of area?",
          "How do leaders use their self-evaluation to improve outcomes?"],
}
HYPOTHESES = ["Data suggest this is a weakness that leaders know about.",
              "The self-evaluation says this is a strength; test it.",
              "Parents' survey responses point to inconsistency between partners."]
MEETING_NOTES = {
    MeetingKind.KEEP_IN_TOUCH: "Arrangements for the next day agreed; documents requested.",
    MeetingKind.TEAM_DAILY: "Emerging findings discussed and recorded on evidence forms.",
    MeetingKind.FINAL_TEAM: "Final evaluative judgements agreed on the three questions.",
    MeetingKind.FINAL_FEEDBACK: "Strengths and areas for development fed back to leaders.",
}
ATTENDEES = {
    MeetingKind.KEEP_IN_TOUCH: "Lead HMI, LANO",
    MeetingKind.TEAM_DAILY: "Inspection team",
    MeetingKind.FINAL_TEAM: "Inspection team",
    MeetingKind.FINAL_FEEDBACK: "Inspection team; DCS; CCG or ICB chief executive; LANO",
}
RAISED_BY = ["A parent", "A special school headteacher", "A SENCo", "A health visitor",
             "The parent carer forum"]
DEFERRAL_REASONS = ["A major incident in the area", "The DCS is newly in post",
                    "A cyber attack has taken the council's systems down"]
WITHDRAWN_REASONS = ["Scheduled in error", "Replaced by a joint targeted area inspection",
                     "Rescheduled as a new inspection"]


@dataclasses.dataclass(eq=False)
class Planned:
    """One inspection as planned, before and after its row is written (`pk`)."""

    lineage: int
    area: AreaPeople
    framework: str
    state: str
    start: datetime.date
    end: datetime.date
    created: datetime.date
    notified_on: datetime.date | None = None
    feedback_on: datetime.date | None = None
    draft_sent_on: datetime.date | None = None
    comments_received_on: datetime.date | None = None
    final_issued_on: datetime.date | None = None
    published_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    letter_state: str | None = None
    outcome: int | None = None
    revisit_of: "Planned | None" = None
    withdrawn_on: datetime.date | None = None
    deferral: str = ""  # "deferred", "rescheduled" or "refused"
    deferral_on: datetime.date | None = None
    lead: int | None = None
    team: list = dataclasses.field(default_factory=list)  # (user pk, role)
    large: bool = False
    reference: str = ""
    pk: int | None = None
    lano: int | None = None

    @property
    def is_2023(self) -> bool:
        return self.framework in (Framework.AREA_SEND_2023, Framework.MONITORING_2023)

    @property
    def label(self) -> str:
        """As str(Inspection) reads."""
        return f"{self.area.name} {FRAMEWORK_NAMES[self.framework]} inspection, " \
               f"{self.start:%B %Y}"

    def reached(self, state: str) -> bool:
        """Whether the inspection has been through `state` (withdrawn ones reached planning)."""
        order = [State.PLANNING, State.NOTIFIED, State.ON_SITE, State.FEEDBACK_GIVEN,
                 State.REPORTING, State.PUBLISHED, State.CLOSED]
        if self.state in (State.WITHDRAWN, State.DEFERRED):
            return state == State.PLANNING
        return order.index(state) <= order.index(self.state)

    @property
    def last_day(self) -> datetime.date:
        """The last day anything happened to it."""
        return max(day for day in (self.created, self.notified_on, self.feedback_on,
                                   self.draft_sent_on, self.comments_received_on,
                                   self.final_issued_on, self.published_on, self.closed_on,
                                   self.withdrawn_on, self.deferral_on) if day)


class _Planner:
    def __init__(self, run: Run):
        self.run = run
        self.rng = run.rng("inspections.plan")
        self.areas: dict[int, AreaPeople] = run.shared["areas"]
        self.predecessors: dict[int, list[int]] = {}
        through = LocalArea.predecessors.through
        for area, predecessor in through.objects.values_list("from_localarea_id",
                                                              "to_localarea_id"):
            self.predecessors.setdefault(area, []).append(predecessor)

    def area_on(self, lineage: AreaPeople, day: datetime.date) -> AreaPeople:
        """The area as it was on the day: a reorganised area's predecessor before it began."""
        if lineage.valid_from is None or day >= lineage.valid_from:
            return lineage
        for pk in sorted(self.predecessors.get(lineage.pk, []),
                         key=lambda pk: self.areas[pk].ons_code):
            area = self.areas[pk]
            if (area.valid_from is None or area.valid_from <= day) and \
                    (area.valid_to is None or day <= area.valid_to):
                return area
        return lineage

    def main_line_dates(self, p: Planned) -> None:
        """The usual pace after the last day on site (inspections.walk), with some spread."""
        rng, add = self.rng, self.run.add_wd
        p.notified_on = p.start if p.is_2023 else add(p.start, -5)
        p.feedback_on = p.end
        p.draft_sent_on = add(p.end, 15 + rng.randint(-3, 6))
        p.comments_received_on = add(p.draft_sent_on, rng.randint(5, 10)) \
            if rng.random() < 0.9 else None
        p.final_issued_on = add(p.draft_sent_on, 11 + rng.randint(0, 4))
        p.published_on = add(p.final_issued_on, rng.randint(2, 7))
        p.closed_on = add(p.final_issued_on, rng.randint(20, 60))

    def keep_up_to(self, p: Planned, state: str, letter_state: str | None = None) -> None:
        """Forget the dates of the steps after `state`."""
        p.state, p.letter_state = state, letter_state
        if not p.reached(State.CLOSED):
            p.closed_on = None
        if not p.reached(State.PUBLISHED):
            p.published_on = None
        letter_line = [LetterState.DRAFTING, LetterState.QUALITY_ASSURANCE,
                       LetterState.DRAFT_WITH_LOCAL_AREA, LetterState.FINAL_ISSUED]
        if state == State.REPORTING:
            reached = letter_line.index(letter_state)
            if reached < 3:
                p.final_issued_on = None
            if reached < 2:
                p.draft_sent_on = p.comments_received_on = None
            elif p.comments_received_on and p.comments_received_on > self.run.today:
                p.comments_received_on = None
        elif not p.reached(State.REPORTING):
            p.draft_sent_on = p.comments_received_on = p.final_issued_on = None
        if not p.reached(State.FEEDBACK_GIVEN):
            p.feedback_on = None
        if not p.reached(State.NOTIFIED):
            p.notified_on = None
        # What has happened happened by today: a quick pace is pulled back to today, which
        # keeps the steps in order.
        for name in ("draft_sent_on", "comments_received_on", "final_issued_on",
                     "published_on", "closed_on"):
            if getattr(p, name) is not None:
                setattr(p, name, min(getattr(p, name), self.run.today))

    def new(self, lineage_index: int, lineage: AreaPeople, start: datetime.date,
            framework: str) -> Planned:
        end = self.run.add_wd(start, 4)
        created = start - DAY * self.rng.randint(40, 120)
        return Planned(lineage=lineage_index, area=self.area_on(lineage, start),
                       framework=framework, state=State.PLANNING, start=start, end=end,
                       created=min(created, self.run.today - DAY))

    def history(self, index: int, lineage: AreaPeople) -> list[Planned]:
        run, rng = self.run, self.rng
        slots: list[Planned] = []
        day = run.window_start + DAY * rng.randint(0, 300)
        while (start := run.week_start(day)) <= run.today - DAY * 150:
            day = start + DAY * rng.randint(300, 560)
            if lineage.valid_from and start < lineage.valid_from and \
                    self.area_on(lineage, start) is lineage:
                continue  # no area before it began, and none it came from
            done = [slot for slot in slots if slot.state != State.WITHDRAWN]
            prev = done[-1] if done else None
            framework = Framework.AREA_SEND_2023 if start >= FIRST_2023_DAY \
                else Framework.LOCAL_AREA_SEND_2016
            p = self.new(index, lineage, start, framework)
            same_area = prev is not None and prev.area is p.area
            if framework == Framework.LOCAL_AREA_SEND_2016 and same_area and \
                    prev.framework == Framework.LOCAL_AREA_SEND_2016 and rng.random() < 0.45:
                p.framework, p.revisit_of = Framework.REVISIT_2016, prev
            elif framework == Framework.AREA_SEND_2023 and same_area and prev.outcome == 3:
                p.framework = Framework.MONITORING_2023
            if rng.random() < 0.035:
                p.withdrawn_on = p.start - DAY * rng.randint(10, 40)
                p.created = min(p.created, p.withdrawn_on - DAY * 30)
                p.state, p.revisit_of = State.WITHDRAWN, None
                if p.framework == Framework.REVISIT_2016:
                    p.framework = Framework.LOCAL_AREA_SEND_2016
            else:
                self.main_line_dates(p)
                closed = p.closed_on <= run.today and rng.random() > 0.1
                self.keep_up_to(p, State.CLOSED if closed else State.PUBLISHED)
                if p.framework == Framework.AREA_SEND_2023:
                    p.outcome = rng.choices([1, 2, 3], weights=[30, 45, 25])[0]
                chance = rng.random()
                if chance < 0.05:
                    p.deferral, p.deferral_on = "rescheduled", p.start - DAY * 35
                elif chance < 0.07:
                    p.deferral, p.deferral_on = "refused", p.start - DAY * 8
            slots.append(p)
        return slots

    def live(self, state: str, lineage_index: int, lineage: AreaPeople,
             history: list[Planned], letter_state: str | None = None) -> Planned:
        run, rng, add = self.run, self.rng, self.run.add_wd
        today = run.today
        done = [slot for slot in history if slot.state in (State.PUBLISHED, State.CLOSED)]
        prev = done[-1] if done else None
        if prev is not None and any(slot.revisit_of is prev for slot in history):
            prev = None
        if state == State.NOTIFIED:
            notified = add(today, -rng.randint(0, 4))
            start = add(notified, 5)
        elif state == State.ON_SITE:
            start = add(today, -rng.randint(0, 3))
        elif state == State.FEEDBACK_GIVEN:
            start = add(add(today, -rng.randint(0, 8)), -4)
        elif state == State.REPORTING:
            ranges = {LetterState.DRAFTING: (2, 14), LetterState.QUALITY_ASSURANCE: (6, 14),
                      LetterState.DRAFT_WITH_LOCAL_AREA: (16, 24),
                      LetterState.FINAL_ISSUED: (27, 30)}
            start = add(add(today, -rng.randint(*ranges[letter_state])), -4)
        elif state == State.PUBLISHED:
            # Late enough that publication has happened, whatever the pace.
            start = add(add(today, -rng.randint(44, 60)), -4)
        else:  # planning, deferred, withdrawn
            start = run.week_start(today + DAY * rng.randint(21, 150))
        if state == State.NOTIFIED or (state in (State.FEEDBACK_GIVEN, State.REPORTING)
                                       and rng.random() < 0.5):
            framework = Framework.LOCAL_AREA_SEND_2016
        else:
            framework = Framework.AREA_SEND_2023
        p = self.new(lineage_index, lineage, start, framework)
        if framework == Framework.AREA_SEND_2023 and prev is not None and \
                prev.area is p.area and prev.outcome == 3 and state != State.REPORTING:
            p.framework = Framework.MONITORING_2023
        if framework == Framework.LOCAL_AREA_SEND_2016 and prev is not None and \
                prev.area is p.area and prev.framework == Framework.LOCAL_AREA_SEND_2016:
            p.framework, p.revisit_of = Framework.REVISIT_2016, prev
        self.main_line_dates(p)
        if state == State.DEFERRED:
            p.deferral, p.deferral_on = "deferred", today - DAY * rng.randint(1, 20)
            self.keep_up_to(p, State.DEFERRED)
        elif state == State.WITHDRAWN:
            p.withdrawn_on = today - DAY * rng.randint(1, 30)
            p.created = min(p.created, p.withdrawn_on - DAY * 30)
            p.state = State.WITHDRAWN
            p.framework, p.revisit_of = Framework.AREA_SEND_2023, None
            for name in ("notified_on", "feedback_on", "draft_sent_on", "comments_received_on",
                         "final_issued_on", "published_on", "closed_on"):
                setattr(p, name, None)
        else:
            self.keep_up_to(p, state, letter_state)
        if p.framework == Framework.AREA_SEND_2023 and (state == State.PUBLISHED or (
                state == State.REPORTING and rng.random() < 0.5)):
            p.outcome = rng.choices([1, 2, 3], weights=[30, 45, 25])[0]
        if state == State.PLANNING and rng.random() < 0.05:
            p.deferral, p.deferral_on = "refused", min(today, p.start - DAY * 8)
        p.created = min(p.created, (p.deferral_on or today) - DAY)
        return p


def _guarantee_every_framework(lineages: list[list[Planned]]) -> None:
    """At small scales a re-visit or a monitoring inspection may not have come up: make the
    first inspection that can be one, one."""
    everything = [p for slots in lineages for p in slots]
    finished = (State.PUBLISHED, State.CLOSED)
    if not any(p.framework == Framework.REVISIT_2016 for p in everything):
        for slots in lineages:
            pairs = [(a, b) for a, b in zip(slots, slots[1:], strict=False)
                     if a.framework == Framework.LOCAL_AREA_SEND_2016 and a.state in finished
                     and b.state not in (State.WITHDRAWN,) and a.area is b.area
                     and not b.is_2023 and b.start > a.published_on]
            if pairs:
                pairs[0][1].framework, pairs[0][1].revisit_of = Framework.REVISIT_2016, pairs[0][0]
                break
    if not any(p.framework == Framework.MONITORING_2023 for p in everything):
        for slots in lineages:
            pairs = [(a, b) for a, b in zip(slots, slots[1:], strict=False)
                     if a.framework == Framework.AREA_SEND_2023 and a.state in finished
                     and b.is_2023 and b.state != State.WITHDRAWN and a.area is b.area
                     and b.start > a.published_on]
            if pairs:
                a, b = pairs[0]
                a.outcome, b.framework, b.outcome = 3, Framework.MONITORING_2023, None
                break


def plan_inspections(run: Run) -> list[Planned]:
    planner = _Planner(run)
    rng = run.rng("inspections.lineages")
    current = sorted((area for area in planner.areas.values() if area.valid_to is None),
                     key=lambda area: area.ons_code)
    chosen = sorted(rng.sample(current, min(len(current), run.scaled(len(current), 2))),
                    key=lambda area: area.ons_code)
    lineages = [planner.history(index, area) for index, area in enumerate(chosen)]
    live_states = [(state, None) for state, n in LIVE.items() for _ in range(run.scaled(n))]
    live_states += [(State.REPORTING, letter_state) for letter_state, n in LIVE_REPORTING.items()
                    for _ in range(run.scaled(n))]
    order = list(range(len(chosen)))
    rng.shuffle(order)
    for k, (state, letter_state) in enumerate(live_states):
        index = order[k % len(order)]
        lineages[index].append(planner.live(state, index, chosen[index], lineages[index],
                                            letter_state))
    large = planner.live(State.REPORTING, order[0], chosen[order[0]], lineages[order[0]],
                         LetterState.QUALITY_ASSURANCE)
    large.framework, large.revisit_of, large.outcome, large.large = \
        Framework.LOCAL_AREA_SEND_2016, None, None, True
    large.start = run.add_wd(run.today, -14)
    large.end = run.add_wd(large.start, 4)
    planner.main_line_dates(large)
    large.draft_sent_on = None
    planner.keep_up_to(large, State.REPORTING, LetterState.QUALITY_ASSURANCE)
    large.created = large.start - DAY * 90
    lineages[order[0]].append(large)
    for slots in lineages:
        slots.sort(key=lambda p: (p.start, p.large))
    _guarantee_every_framework(lineages)
    planned = sorted((p for slots in lineages for p in slots),
                     key=lambda p: (p.start, p.area.ons_code, p.lineage, p.large))
    for n, p in enumerate(planned, start=1):
        p.reference = LARGE_REFERENCE if p.large else \
            f"SEND-{p.area.ons_code}-{p.start:%Y-%m}-N{n:04d}"
    return planned


def _teams(run: Run, planned: list[Planned]) -> None:
    """A lead HMI for each, and usually an Ofsted Inspector and a CQC inspector; the demo
    lead, Ofsted Inspector and CQC inspector are on a share of them."""
    rng = run.rng("inspections.teams")
    people, demo = run.shared["people"], run.shared["demo_users"]
    demo_pks = set(demo.values())
    pools = {kind: [pk for pk, _n, _u in people[kind] if pk not in demo_pks] or
             [pk for pk, _n, _u in people[kind]] for kind in ("hmi", "oi", "cqc")}
    for p in planned:
        p.lead = rng.choice(pools["hmi"])
        p.team = [(p.lead, TeamRole.LEAD)]
        if rng.random() < 0.7:
            p.team.append((rng.choice(pools["oi"]), TeamRole.OFSTED_INSPECTOR))
        if rng.random() < 0.2:
            p.team.append((rng.choice(pools["hmi"]), TeamRole.HMI))
        if rng.random() < 0.9:
            p.team.append((rng.choice(pools["cqc"]), TeamRole.CQC))
        if rng.random() < 0.3:
            p.team.append((rng.choice(pools["cqc"]), TeamRole.CQC))
    ordinary = [p for p in planned if not p.large]
    for username, role, how_many in (("hmi.lead", TeamRole.LEAD, 40),
                                     ("ofsted.inspector", TeamRole.OFSTED_INSPECTOR, 30),
                                     ("cqc.inspector", TeamRole.CQC, 30)):
        if username not in demo:
            continue
        for p in rng.sample(ordinary, min(len(ordinary), run.scaled(how_many, 2))):
            if role == TeamRole.LEAD:
                p.lead = demo[username]
                p.team[0] = (p.lead, TeamRole.LEAD)
            else:
                p.team = [member for member in p.team if member[1] != role]
                p.team.append((demo[username], role))
    for p in planned:
        if p.large:
            p.lead = demo.get("hmi.lead", p.lead)
            extra = [(pk, TeamRole.HMI) for pk in rng.sample(pools["hmi"],
                                                             min(3, len(pools["hmi"])))]
            extra += [(pk, TeamRole.CQC) for pk in rng.sample(pools["cqc"],
                                                              min(2, len(pools["cqc"])))]
            p.team = [(p.lead, TeamRole.LEAD),
                      (demo.get("ofsted.inspector", pools["oi"][0]), TeamRole.OFSTED_INSPECTOR),
                      (demo.get("cqc.inspector", pools["cqc"][0]), TeamRole.CQC), *extra]
        seen, team = set(), []
        for pk, role in p.team:
            if pk not in seen:
                seen.add(pk)
                team.append((pk, role))
        p.team = team


def _version(p: Planned) -> int:
    steps = sum(1 for day in (p.notified_on, p.start if p.reached(State.ON_SITE) else None,
                              p.feedback_on, p.draft_sent_on, p.published_on, p.closed_on,
                              p.withdrawn_on, p.deferral_on) if day)
    return 1 + steps + (1 if p.lano else 0)


def seed_inspections(run: Run) -> None:
    planned = plan_inspections(run)
    _teams(run, planned)
    today = run.today
    for p in planned:
        if p.notified_on:
            held = p.area.holder(p.area.lano, p.start)
            p.lano = held[0] if held else None

    def rows(revisits: bool):
        rng = run.rng(f"inspections.rows.{revisits}")
        for p in planned:
            if (p.revisit_of is not None) != revisits:
                continue
            questionnaire = QuestionnaireStatus.NOT_SENT
            if p.state == State.CLOSED:
                questionnaire = QuestionnaireStatus.RETURNED if rng.random() < 0.8 \
                    else QuestionnaireStatus.SENT
            elif p.state == State.PUBLISHED and rng.random() < 0.6:
                questionnaire = QuestionnaireStatus.SENT
            yield Inspection(
                reference=p.reference, local_area_id=p.area.pk, framework=p.framework,
                state=p.state, onsite_start=p.start, onsite_end=p.end, lano_id=p.lano,
                notified_on=p.notified_on, feedback_on=p.feedback_on,
                published_on=p.published_on, closed_on=p.closed_on, outcome=p.outcome,
                questionnaire_status=questionnaire,
                withdrawn_reason=rng.choice(WITHDRAWN_REASONS) if p.withdrawn_on else "",
                revisit_of_id=p.revisit_of.pk if p.revisit_of else None, version=_version(p),
                created_at=at(p.created, 10))

    by_reference = {p.reference: p for p in planned}
    for revisits in (False, True):
        for inspection in bulk_insert(run, Inspection, rows(revisits), desc="inspections",
                                      keep=lambda i: i):
            by_reference[inspection.reference].pk = inspection.pk
    run.shared["inspections"] = planned
    records: list[tuple] = []  # (object_type, pk, planned, action, moment, actor pk)
    run.shared["records"] = records
    admins = [pk for pk, _n, _u in run.shared["people"]["admin"]]
    cqc_qa = [pk for pk, _n, _u in run.shared["people"]["cqcqa"]]
    rng = run.rng("inspections.records")

    # Teams, their declarations of interests and their grants.
    members = [(p, pk, role) for p in planned for pk, role in p.team]
    added = bulk_insert(run, TeamMember, (
        TeamMember(inspection_id=p.pk, user_id=pk, role=role, added_at=at(p.created, 11))
        for p, pk, role in members), total=len(members), desc="team members",
        keep=lambda m: m.pk)
    for pk, (p, _user, _role) in zip(added, members, strict=True):
        records.append(("inspections.teammember", pk, p, "inspection.team_add",
                        at(p.created, 11), admins[p.lineage % len(admins)]))
    declared = bulk_insert(run, ConflictDeclaration, (
        ConflictDeclaration(inspection_id=p.pk, user_id=pk, has_connection=False,
                            declared_at=at(p.created, 10, 30))
        for p, pk, _role in members), total=len(members), desc="declarations",
        keep=lambda d: d.pk)
    for pk, (p, user, _role) in zip(declared, members, strict=True):
        records.append(("inspections.conflictdeclaration", pk, p,
                        "inspection.conflict_declared", at(p.created, 10, 30), user))
    app_label, codename = TEAM_GRANTS[0].split(".")
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    inspection_type = ContentType.objects.get_for_model(Inspection)
    bulk_insert(run, UserObjectPermission, (
        UserObjectPermission(user_id=pk, permission=permission, content_type=inspection_type,
                             object_pk=str(p.pk)) for p, pk, _role in members),
        total=len(members), desc="team grants")

    # Notification calls, CQC's calls to the health chief executives, the call with the LANO.
    called = [p for p in planned if p.notified_on]
    calls = bulk_insert(run, NotificationCall, (
        NotificationCall(
            inspection_id=p.pk, called_at=at(p.notified_on, 9, 30),
            person_called=(p.area.holder(p.area.dcs, p.notified_on) or (0, "Director of "
                                                                        "children's services"))[1],
            person_called_role=f"Director of Children's Services, {p.area.name} Council",
            confirmation_email_on=p.notified_on,
            lano_called_at=at(p.notified_on, 10, 30) if p.lano else None,
            recorded_by_id=admins[p.lineage % len(admins)]) for p in called),
        total=len(called), desc="notification calls", keep=lambda c: c.pk)
    bulk_insert(run, HealthLeaderCall, (
        HealthLeaderCall(notification_call_id=call, person_called=name, health_partner_id=partner,
                         called_at=at(p.notified_on, 10, 15))
        for call, p in zip(calls, called, strict=True)
        for partner, name in p.area.health_on(p.notified_on)), desc="health calls")
    Through = NotificationCall.lano_call_team.through
    bulk_insert(run, Through, (
        Through(notificationcall_id=call, user_id=pk)
        for call, p in zip(calls, called, strict=True) if p.lano
        for pk, role in p.team if role in (TeamRole.LEAD, TeamRole.CQC)),
        desc="calls with the LANO")

    # Deferral requests: accepted and waiting for new dates, accepted with new dates, refused.
    deferred = [p for p in planned if p.deferral]

    def deferral(p: Planned) -> DeferralRequest:
        accepted = "accepted" if p.deferral != "refused" else "refused"
        rescheduled = p.deferral == "rescheduled"
        return DeferralRequest(
            inspection_id=p.pk, requested_on=p.deferral_on,
            reasons=rng.choice(DEFERRAL_REASONS), ofsted_decision=accepted,
            ofsted_decided_by_id=admins[0], cqc_decision="accepted",
            cqc_decided_by_id=cqc_qa[0], recorded_by_id=admins[p.lineage % len(admins)],
            new_onsite_start=p.start if rescheduled else None,
            new_onsite_end=p.end if rescheduled else None)

    made = bulk_insert(run, DeferralRequest, (deferral(p) for p in deferred),
                       desc="deferral requests", keep=lambda d: d.pk)
    for pk, p in zip(made, deferred, strict=True):
        records.append(("inspections.deferralrequest", pk, p, "inspection.deferral_requested",
                        at(p.deferral_on, 12), admins[0]))

    # Lines of enquiry, meetings and concerns.
    def enquiries():
        for p in planned:
            count = 60 if p.large else (rng.randint(0, 3) if p.state in (
                State.PLANNING, State.DEFERRED, State.WITHDRAWN) else rng.randint(3, 6))
            count = run.scaled(count, 6) if p.large else count
            for n in range(count):
                question = "ABC"[n % 3]
                added_on = min(p.created + DAY * rng.randint(1, 30), today)
                yield p, LineOfEnquiry(inspection_id=p.pk, question=question,
                                       enquiry=rng.choice(ENQUIRIES[question]),
                                       hypothesis=rng.choice(HYPOTHESES), added_by_id=p.lead,
                                       added_at=at(added_on, 14))

    pairs = list(enquiries())
    made = bulk_insert(run, LineOfEnquiry, (row for _p, row in pairs), total=len(pairs),
                       desc="lines of enquiry", keep=lambda row: row.pk)
    for pk, (p, row) in zip(made, pairs, strict=True):
        records.append(("inspections.lineofenquiry", pk, p, "inspection.line_of_enquiry_added",
                        row.added_at, p.lead))

    def meetings():
        for p in planned:
            if not p.reached(State.ON_SITE):
                continue
            days, day = [], p.start
            while day <= min(p.end, today):
                days.append(day)
                day = run.add_wd(day, 1)
            kinds = []
            for day in days:
                kinds.append((MeetingKind.TEAM_DAILY, day))
                if rng.random() < 0.8:
                    kinds.append((MeetingKind.KEEP_IN_TOUCH, day))
            if p.reached(State.FEEDBACK_GIVEN):
                kinds += [(MeetingKind.FINAL_TEAM, p.end), (MeetingKind.FINAL_FEEDBACK, p.end)]
            if p.large:
                first = p.start - DAY * 20
                kinds += [(rng.choice([MeetingKind.KEEP_IN_TOUCH, MeetingKind.TEAM_DAILY]),
                           day_between(rng, first, min(today, p.end + DAY * 10)))
                          for _ in range(run.scaled(300, 40) - len(kinds))]
            for kind, day in kinds:
                yield p, Meeting(inspection_id=p.pk, kind=kind, held_on=day,
                                 attendees=ATTENDEES[kind], notes=MEETING_NOTES[kind],
                                 recorded_by_id=p.lead)

    pairs = list(meetings())
    made = bulk_insert(run, Meeting, (row for _p, row in pairs), total=len(pairs),
                       desc="meetings", keep=lambda row: row.pk)
    for pk, (p, row) in zip(made, pairs, strict=True):
        records.append(("inspections.meeting", pk, p, "inspection.meeting_recorded",
                        at(row.held_on, 17), p.lead))

    def concerns():
        for p in planned:
            if not p.reached(State.ON_SITE):
                continue
            count = run.scaled(40, 5) if p.large else \
                (rng.randint(1, 2) if rng.random() < 0.12 else 0)
            for _ in range(count):
                raised = day_between(rng, p.start, min(p.end, today))
                resolved = p.reached(State.FEEDBACK_GIVEN) and not p.large or \
                    p.state in (State.PUBLISHED, State.CLOSED)
                yield p, ConcernRow(
                    inspection_id=p.pk,
                    kind=ConcernKind.COMPLAINT if rng.random() < 0.2 else ConcernKind.CONCERN,
                    safeguarding=rng.random() < 0.15, raised_on=raised,
                    raised_by=rng.choice(RAISED_BY),
                    details="Raised with the lead inspector during the inspection.",
                    resolution="Discussed with leaders and resolved." if resolved else "",
                    resolved_on=min(today, raised + DAY * 2) if resolved else None,
                    recorded_by_id=p.lead)

    pairs = list(concerns())
    made = bulk_insert(run, ConcernRow, (row for _p, row in pairs), total=len(pairs),
                       desc="concerns", keep=lambda row: row.pk)
    for pk, (p, row) in zip(made, pairs, strict=True):
        records.append(("inspections.concern", pk, p, "inspection.concern_recorded",
                        at(row.raised_on, 15), p.lead))

    # The 2023 framework's annual engagement meetings, in the areas inspected.
    def engagement():
        areas = sorted({p.area.pk: p.area for p in planned if p.area.valid_to is None}.values(),
                       key=lambda area: area.ons_code)
        hmis = [pk for pk, _n, _u in run.shared["people"]["hmi"]]
        for area in areas:
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            for year in range(FIRST_2023_DAY.year, today.year + 1):
                held = run.calendar.next_working_day_on_or_after(datetime.date(year, month, day))
                if held <= today:
                    yield EngagementMeeting(local_area_id=area.pk, held_on=held,
                                            notes="Self-evaluation discussed against the "
                                                  "three questions.",
                                            recorded_by_id=rng.choice(hmis))

    made = bulk_insert(run, EngagementMeeting, engagement(), desc="engagement meetings",
                       keep=lambda row: (row.pk, row.local_area_id, row.held_on,
                                         row.recorded_by_id))
    run.shared["engagement_meetings"] = made
