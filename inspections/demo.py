"""Demo inspections: one in every state across several areas, the Medway inspection of
4 to 8 December 2017 (the published letter in the seeds), and one under the 2023 framework.

Live inspections are placed around today so their clocks show every tag; finished ones keep
their real or illustrative past dates. Everything is made through the services.
"""

import datetime

from accounts.models import User
from config import clock
from deadlines.selectors import calendar_current
from inspections import services
from inspections.models import Inspection, Outcome, State, TeamRole
from inspections.walk import inspection_walk_to
from local_areas.models import LocalArea
from reports import services as letters
from reports.accuracy import accuracy_comment_add, accuracy_comment_answer, recipient_name
from reports.demo import (
    DEMO_FINDINGS,
    seed_demo_findings,
    seed_medway_determination,
    seed_medway_findings,
)
from reports.models import (
    Finding,
    LetterSignatory,
    LetterState,
    OutcomeLetter,
    RecipientCapacity,
)

D = datetime.date


def _create(users, area_code: str, reference: str, framework: str, start: datetime.date,
            team: list[tuple[str, str]]) -> Inspection | None:
    if Inspection.objects.filter(reference=reference).exists():
        return None
    area = LocalArea.objects.get(ons_code=area_code)
    inspection = services.inspection_create(by=users["ofsted.admin"], local_area=area,
                                            framework=framework, onsite_start=start,
                                            onsite_end=calendar_current().add_working_days(
                                                start, 4), reference=reference)
    for username, role in team:
        services.conflict_declare(inspection=inspection, inspector=users[username],
                                  by=users[username], has_connection=False)
        services.team_member_add(inspection=inspection, by=users["ofsted.admin"],
                                 user=users[username], role=role)
    return inspection


# The team the letter names: Diana Choulerton (HMI, lead inspector), Keith Tysoe (Ofsted
# Inspector), Karen Collins-Becket (CQC children's services inspector).
MEDWAY_TEAM = [("diana.choulerton", TeamRole.LEAD), ("keith.tysoe", TeamRole.OFSTED_INSPECTOR),
               ("karen.collins-becket", TeamRole.CQC)]
LEAD_ONLY = [("hmi.lead", TeamRole.LEAD)]


# The Medway inspection's history. From the sources: on site 4 to 8 December 2017 (letter and
# council report), the letter dated 31 January 2018 and published 8 February 2018 (council
# report). Assumed, as the sources do not give them: the notification call on Monday 27
# November 2017 at 9:30am (five working days before), feedback on the last day on site, the
# draft sent on 10 January and the area's comments on 22 January 2018.
MEDWAY_2017_DATES = {"draft_sent_on": D(2018, 1, 10), "comments_received_on": D(2018, 1, 22),
                     "final_issued_on": D(2018, 1, 31), "published_on": D(2018, 2, 8)}
# CQC's call goes to the chief executive the register names for the CCG on the day (the
# walk reads them): Caroline Selkirk, Chief Executive, NHS Kent and Medway Clinical
# Commissioning Group, as the letter names her (local_areas.demo).
MEDWAY_CALL = {"person_called": "Ian Sutherland",
               "person_called_role": "Director of Children's Services, Medway Council"}
# The letter's signatories besides the team, as it gives them.
MEDWAY_SIGNATORIES = [
    ("ofsted", "Christopher Russell", "Regional Director"),
    ("cqc", "Ursula Gallagher", "Deputy Chief Inspector, Primary Medical Services, Children "
                                "Health and Justice"),
]


def seed_medway(users) -> None:
    """Medway, 4 to 8 December 2017: published 8 February 2018 after the final report of
    31 January 2018 (the dates of the letter and the council report)."""
    inspection = _create(users, "E06000035", "SEND-MEDWAY-2017-12", "2016", D(2017, 12, 4),
                         MEDWAY_TEAM)
    if inspection is None:
        return
    # The determination is made on site; the findings are written, and the evidence linked
    # to them, while the letter is drafted; the letter then goes on to publication.
    _walk_to(users, inspection, State.ON_SITE, call=MEDWAY_CALL,
             lead=users["diana.choulerton"], **MEDWAY_2017_DATES)
    seed_medway_determination(users, inspection)
    _walk_to(users, inspection, LetterState.DRAFTING, call=MEDWAY_CALL,
             lead=users["diana.choulerton"], **MEDWAY_2017_DATES)
    seed_medway_findings(users, OutcomeLetter.objects.select_related("inspection")
                         .get(inspection=inspection))
    _walk_to(users, inspection, LetterState.QUALITY_ASSURANCE, call=MEDWAY_CALL,
             lead=users["diana.choulerton"], **MEDWAY_2017_DATES)
    # The restricted draft goes to Medway's DCS, who names the LANO as their representative.
    letter = OutcomeLetter.objects.select_related("inspection").get(inspection=inspection)
    recipient_name(letter=letter, by=users["ofsted.admin"], user=users["leader.medway"],
                   capacity=RecipientCapacity.DCS)
    recipient_name(letter=letter, by=users["ofsted.admin"], user=users["lano.medway"],
                   capacity=RecipientCapacity.REPRESENTATIVE)
    _walk_to(users, inspection, State.PUBLISHED, call=MEDWAY_CALL,
             lead=users["diana.choulerton"], **MEDWAY_2017_DATES)
    letter = OutcomeLetter.objects.get(inspection=inspection)
    for order, (inspectorate, name, title) in enumerate(MEDWAY_SIGNATORIES):
        LetterSignatory.objects.create(letter=letter, inspectorate=inspectorate, name=name,
                                       title=title, order=order)


def seed_every_state(users, *, today: datetime.date) -> None:
    """One inspection in each state, in several areas and regions. Every step they have
    taken happened by now: nothing the demo records is still to come."""
    calendar = calendar_current()
    monday = _weeks_counted_from(today)
    week = lambda n: calendar.add_working_days(monday, 5 * n)  # noqa: E731
    plans = [
        # (area, reference, framework, first day on site, how far along)
        # A 2023 inspection starts on the first working day of its week 1 (its Monday),
        # when the area is notified: Barnet was notified this week.
        ("E10000016", "SEND-KENT-NEXT", "2023", _week_1(monday, 6), State.PLANNING),
        ("E09000003", "SEND-BARNET-NEXT", "2023", _week_1(monday, 0), State.NOTIFIED),
        ("E08000035", "SEND-LEEDS-NOW", "2023", _week_1(monday, 0), State.ON_SITE),
        ("E06000052", "SEND-CORNWALL-FEEDBACK", "2016", week(-1), State.FEEDBACK_GIVEN),
        ("E08000025", "SEND-BIRMINGHAM-DRAFT", "2016", week(-3), LetterState.DRAFTING),
        ("E08000003", "SEND-MANCHESTER-QA", "2016", week(-4), LetterState.QUALITY_ASSURANCE),
        ("E10000012", "SEND-ESSEX-DRAFT-SENT", "2016", week(-6),
         LetterState.DRAFT_WITH_LOCAL_AREA),
        ("E10000008", "SEND-DEVON-FINAL", "2016", week(-9), LetterState.FINAL_ISSUED),
        ("E10000030", "SEND-SURREY-2019", "2016", D(2019, 6, 10), State.CLOSED),
        ("E10000015", "SEND-HERTS-2023", "2023", D(2024, 1, 15), State.PUBLISHED),
    ]
    for area, reference, framework, start, state in plans:
        inspection = _create(users, area, reference, framework, start, LEAD_ONLY)
        if inspection is not None:
            if reference in DEMO_FINDINGS:
                # The findings of a published letter are written while it is drafted.
                _walk_to(users, inspection, LetterState.DRAFTING)
                seed_demo_findings(OutcomeLetter.objects.select_related("inspection")
                                   .get(inspection=inspection))
            if reference == "SEND-ESSEX-DRAFT-SENT":
                _seed_draft_with_area(users, inspection, today=today)
                continue
            _walk_to(users, inspection, state)
            if reference == "SEND-MANCHESTER-QA":
                _returned_once(users, inspection)
    _seed_deferred_and_withdrawn(users, today=today)


# The Essex draft's findings, and the comments its DCS has sent on it.
ESSEX_FINDINGS = [
    ("main", "finding", "Leaders have an accurate understanding of the local area's strengths "
                        "and weaknesses."),
    ("main", "finding", "Too many education, health and care plans are finalised late."),
    ("A", "strength", "Health visitors identify needs in the early years well."),
    ("B", "development", "Families wait too long for speech and language therapy."),
]
ESSEX_COMMENTS = [
    ("Too many education, health and care plans are finalised late.",
     "The proportion finalised within 20 weeks rose from 41% to 58% in the last year; the "
     "draft does not say so.", None),
    ("Families wait too long for speech and language therapy.",
     "The waiting time quoted in feedback was for one provider only.",
     ("not_accepted", "Inspectors' evidence covers all three providers; the finding stands.")),
]


def _seed_draft_with_area(users, inspection: Inspection, *, today: datetime.date) -> None:
    """Essex: the draft went to its DCS three working days ago, who named the LANO as
    representative; the DCS has commented twice, and the lead has answered one comment."""
    if "leader.essex" not in users:
        _walk_to(users, inspection, LetterState.DRAFT_WITH_LOCAL_AREA)
        return
    sent_on = calendar_current().add_working_days(today, -3)
    _walk_to(users, inspection, LetterState.DRAFTING, draft_sent_on=sent_on)
    letter = OutcomeLetter.objects.select_related("inspection").get(inspection=inspection)
    for position, (section, kind, text) in enumerate(ESSEX_FINDINGS, start=1):
        Finding.objects.create(letter=letter, section=section, kind=kind, text=text,
                               position=position, written_by=users["hmi.lead"])
    _walk_to(users, inspection, LetterState.QUALITY_ASSURANCE, draft_sent_on=sent_on)
    recipient_name(letter=letter, by=users["ofsted.admin"], user=users["leader.essex"],
                   capacity=RecipientCapacity.DCS)
    _walk_to(users, inspection, LetterState.DRAFT_WITH_LOCAL_AREA, draft_sent_on=sent_on)
    letter = OutcomeLetter.objects.select_related("inspection").get(inspection=inspection)
    recipient_name(letter=letter, by=users["leader.essex"], user=users["lano.essex"],
                   capacity=RecipientCapacity.REPRESENTATIVE)
    for passage, comment, answer in ESSEX_COMMENTS:
        made = accuracy_comment_add(letter=letter, by=users["leader.essex"], passage=passage,
                                    comment=comment)
        if answer is not None:
            accuracy_comment_answer(comment=made, by=users["hmi.lead"], response=answer[0],
                                    response_text=answer[1])


def _returned_once(users, inspection: Inspection) -> None:
    """CQC's reviewer returned the first draft; the lead revised it and resubmitted it, so
    version 2 is with quality assurance, approved so far by Ofsted and waiting for CQC."""
    letter = Inspection.objects.get(pk=inspection.pk).letter
    letters.letter_return_draft(
        letter=letter, by=users["cqc.qa"],
        comments="The health section does not say how the CCG knows whether therapy waiting "
                 "times have improved. Add the evidence from the CCG meeting on day 3.")
    letters.letter_submit_for_qa(letter=letter, by=users["hmi.lead"])
    letters.letter_approve_draft(letter=letter, by=users["qa.reviewer"], inspectorate="ofsted")


def _walk_to(users, inspection: Inspection, state: str, *, call: dict | None = None,
             lead: User | None = None, **dates) -> None:
    """Walk a demo inspection to `state` as the demo admin, lead (hmi.lead unless given) and
    QA would; a 2023 inspection is published with outcome 2."""
    inspection_walk_to(inspection=inspection, state=state, admin=users["ofsted.admin"],
                       lead=lead or users["hmi.lead"], qa=users["qa.reviewer"],
                       cqc_qa=users["cqc.qa"],
                       dates=dates, call=call,
                       outcome=Outcome.INCONSISTENT if inspection.is_2023 else None)


def _seed_deferred_and_withdrawn(users, *, today: datetime.date) -> None:
    deferred = _create(users, "E10000020", "SEND-NORFOLK-DEFERRED", "2023", _week_1(today, 3),
                       LEAD_ONLY)
    if deferred is not None:
        request = services.deferral_request(inspection=deferred, by=users["ofsted.admin"],
                                            requested_on=today,
                                            reasons="A major incident in the area")
        # Ofsted and CQC each decide for themselves.
        for body, by in (("ofsted", "ofsted.admin"), ("cqc", "cqc.qa")):
            services.deferral_decide(request=request, by=users[by], inspectorate=body,
                                     decision="accepted")
    withdrawn = _create(users, "E10000029", "SEND-SUFFOLK-WITHDRAWN", "2023",
                        _week_1(today, 4), LEAD_ONLY)
    if withdrawn is not None:
        services.inspection_withdraw(inspection=withdrawn, by=users["ofsted.admin"],
                                     reason="Scheduled in error")


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


# By this time of day, a day's notification call (9:30am), CQC's call after it (10:15am) and
# the start on site (9am) are over.
_MORNING_OVER = datetime.time(11, 0)


def _weeks_counted_from(today: datetime.date) -> datetime.date:
    """The Monday the live demo inspections are placed around: this week's, unless the
    notification call or the start on site that the demo puts on its first working day is
    still to come (early on a Monday, or on a bank holiday Monday), which the services would
    refuse; then last week's."""
    calendar = calendar_current()
    now = clock.now()
    monday = _monday(today)
    while True:
        # Barnet is notified and Leeds notified and on site on the first working day of the
        # week: its Monday, or the Tuesday after a bank holiday Monday.
        first_day = calendar.next_working_day_on_or_after(monday)
        first_morning = datetime.datetime.combine(first_day, _MORNING_OVER,
                                                  tzinfo=clock.ENGLAND)
        if first_morning <= now:
            return monday
        monday -= datetime.timedelta(weeks=1)


def _week_1(day: datetime.date, weeks: int) -> datetime.date:
    """The first working day of the week `weeks` after the week of `day`: where a 2023
    inspection starts (its Monday, or the Tuesday after a bank holiday)."""
    monday = _monday(day) + datetime.timedelta(weeks=weeks)
    return calendar_current().next_working_day_on_or_after(monday)


def seed_inspections(*, users: dict[str, User], today: datetime.date) -> None:
    seed_medway(users)
    seed_every_state(users, today=today)


# Every inspection state, and every letter state, has a demo inspection.
DEMO_STATES = set(State.values)
DEMO_LETTER_STATES = set(LetterState.values)
