"""Demo inspections: one in every state across several areas, the Medway inspection of
4 to 8 December 2017 (the published letter in the seeds), and one under the 2023 framework.

Live inspections are placed around today so their clocks show every tag; finished ones keep
their real or illustrative past dates. Everything is made through the services.
"""

import datetime

from django.utils import timezone

from accounts.models import User
from deadlines.selectors import calendar_current
from inspections import services
from inspections.models import Inspection, State, TeamRole
from local_areas.models import AreaContact, ContactRole, LocalArea
from local_areas.selectors import contact_holding_role_on

D = datetime.date


def _at(day: datetime.date, hour: int = 9, minute: int = 30) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class _Walk:
    """Carries one demo inspection along the main line."""

    def __init__(self, users: dict[str, User], inspection: Inspection):
        self.admin, self.lead = users["ofsted.admin"], users["hmi.lead"]
        self.qa = users["qa.reviewer"]
        self.inspection = inspection

    def _fresh(self) -> Inspection:
        return Inspection.objects.get(pk=self.inspection.pk)

    def notify(self, lano=None, person_called="Director of children's services"):
        day = calendar_current().add_working_days(self.inspection.onsite_start, -5)
        lano = lano or contact_holding_role_on(local_area=self.inspection.local_area,
                                               role=ContactRole.LANO,
                                               on=self.inspection.onsite_start)
        services.inspection_notify(inspection=self._fresh(), by=self.admin, called_at=_at(day),
                                   person_called=person_called,
                                   person_called_role="DCS", lano=lano,
                                   cqc_called_at=_at(day, 10, 15),
                                   cqc_person_called="CCG chief executive",
                                   confirmation_email_on=day)

    def onsite(self):
        services.inspection_start_onsite(inspection=self._fresh(), by=self.lead,
                                         when=_at(self.inspection.onsite_start, 9, 0))

    def feedback(self):
        services.inspection_give_feedback(inspection=self._fresh(), by=self.lead,
                                          on=self.inspection.onsite_end)

    def drafting(self):
        services.inspection_start_drafting(inspection=self._fresh(), by=self.lead)

    def qa_step(self):
        services.inspection_submit_for_qa(inspection=self._fresh(), by=self.lead)

    def send_draft(self, on):
        services.inspection_send_draft(inspection=self._fresh(), by=self.qa, on=on)

    def final(self, comments_on, on):
        services.inspection_record_comments_received(inspection=self._fresh(), by=self.lead,
                                                     on=comments_on)
        services.inspection_issue_final(inspection=self._fresh(), by=self.lead, on=on)

    def publish(self, on, outcome=None):
        if outcome is not None:
            services.inspection_record_outcome(inspection=self._fresh(), by=self.lead,
                                               outcome=outcome)
        services.inspection_publish(inspection=self._fresh(), by=self.admin, on=on)


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


MEDWAY_TEAM = [("hmi.lead", TeamRole.LEAD), ("ofsted.inspector", TeamRole.OFSTED_INSPECTOR),
               ("cqc.inspector", TeamRole.CQC)]
LEAD_ONLY = [("hmi.lead", TeamRole.LEAD)]


def seed_medway(users) -> None:
    """Medway, 4 to 8 December 2017: published 8 February 2018 after the final report of
    31 January 2018 (the dates of the letter and the council report)."""
    inspection = _create(users, "E06000035", "SEND-MEDWAY-2017-12", "2016", D(2017, 12, 4),
                         MEDWAY_TEAM)
    if inspection is None:
        return
    walk = _Walk(users, inspection)
    lano = AreaContact.objects.filter(local_area=inspection.local_area, role=ContactRole.LANO,
                                      name="Wendy Vincent").first()
    walk.notify(lano=lano, person_called="Ian Sutherland")
    walk.onsite()
    walk.feedback()
    walk.drafting()
    walk.qa_step()
    walk.send_draft(D(2018, 1, 10))
    walk.final(D(2018, 1, 22), D(2018, 1, 31))
    walk.publish(D(2018, 2, 8))


def seed_every_state(users, *, today: datetime.date) -> None:
    """One inspection in each state, in several areas and regions."""
    calendar = calendar_current()
    week = lambda n: calendar.add_working_days(_monday(today), 5 * n)  # noqa: E731
    plans = [
        # (area, reference, framework, first day on site, how far along)
        ("E10000016", "SEND-KENT-NEXT", "2023", week(6), []),
        ("E09000003", "SEND-BARNET-NEXT", "2023", week(1), ["notify"]),
        ("E08000035", "SEND-LEEDS-NOW", "2023", week(0), ["notify", "onsite"]),
        ("E06000052", "SEND-CORNWALL-FEEDBACK", "2016", week(-1),
         ["notify", "onsite", "feedback"]),
        ("E08000025", "SEND-BIRMINGHAM-DRAFT", "2016", week(-3),
         ["notify", "onsite", "feedback", "drafting"]),
        ("E08000003", "SEND-MANCHESTER-QA", "2016", week(-4),
         ["notify", "onsite", "feedback", "drafting", "qa"]),
        ("E10000012", "SEND-ESSEX-DRAFT-SENT", "2016", week(-6),
         ["notify", "onsite", "feedback", "drafting", "qa", "send"]),
        ("E10000008", "SEND-DEVON-FINAL", "2016", week(-9),
         ["notify", "onsite", "feedback", "drafting", "qa", "send", "final"]),
        ("E10000030", "SEND-SURREY-2019", "2016", D(2019, 6, 10),
         ["notify", "onsite", "feedback", "drafting", "qa", "send", "final", "publish",
          "close"]),
        ("E10000015", "SEND-HERTS-2023", "2023", D(2024, 1, 15),
         ["notify", "onsite", "feedback", "drafting", "qa", "send", "final", "publish"]),
    ]
    for area, reference, framework, start, steps in plans:
        inspection = _create(users, area, reference, framework, start, LEAD_ONLY)
        if inspection is not None:
            _walk(_Walk(users, inspection), steps)
    _seed_deferred_and_withdrawn(users, today=today)


def _walk(walk: _Walk, steps: list[str]) -> None:
    calendar = calendar_current()
    end = walk.inspection.onsite_end
    draft_on = calendar.add_working_days(end, 15)
    comments_on = calendar.add_working_days(draft_on, 8)
    final_on = calendar.add_working_days(draft_on, 11)
    actions = {
        "notify": walk.notify, "onsite": walk.onsite, "feedback": walk.feedback,
        "drafting": walk.drafting, "qa": walk.qa_step,
        "send": lambda: walk.send_draft(draft_on),
        "final": lambda: walk.final(comments_on, final_on),
        "publish": lambda: walk.publish(calendar.add_working_days(final_on, 5),
                                        outcome=2 if walk.inspection.is_2023 else None),
        "close": lambda: services.inspection_close(
            inspection=walk._fresh(), by=walk.admin,
            on=calendar.add_working_days(final_on, 30)),
    }
    for step in steps:
        actions[step]()


def _seed_deferred_and_withdrawn(users, *, today: datetime.date) -> None:
    calendar = calendar_current()
    start = calendar.add_working_days(_monday(today), 15)
    deferred = _create(users, "E10000020", "SEND-NORFOLK-DEFERRED", "2023", start, LEAD_ONLY)
    if deferred is not None:
        request = services.deferral_request(inspection=deferred, by=users["ofsted.admin"],
                                            requested_on=today,
                                            reasons="A major incident in the area")
        # Ofsted and CQC each decide for themselves.
        for body, by in (("ofsted", "ofsted.admin"), ("cqc", "cqc.qa")):
            services.deferral_decide(request=request, by=users[by], inspectorate=body,
                                     decision="accepted")
    withdrawn = _create(users, "E10000029", "SEND-SUFFOLK-WITHDRAWN", "2023",
                        calendar.add_working_days(_monday(today), 20), LEAD_ONLY)
    if withdrawn is not None:
        services.inspection_withdraw(inspection=withdrawn, by=users["ofsted.admin"],
                                     reason="Scheduled in error")


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def seed_inspections(*, users: dict[str, User], today: datetime.date) -> None:
    seed_medway(users)
    seed_every_state(users, today=today)


DEMO_STATES = {State.PLANNING, State.NOTIFIED, State.ON_SITE, State.FEEDBACK_GIVEN,
               State.DRAFTING, State.QUALITY_ASSURANCE, State.DRAFT_WITH_LOCAL_AREA,
               State.FINAL_ISSUED, State.PUBLISHED, State.CLOSED, State.DEFERRED,
               State.WITHDRAWN}
