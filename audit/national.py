"""National-scale audit trail: about a million events over the ten years.

First the events the other generators' rows imply (each account created, each inspection's
steps, team places, records, clocks started and stopped, letters), at the moments those rows
give; then the everyday ones (signing in and out, security codes, lists exported, records
corrected) to make up the number, spread over the ten years and over everyone. Every action
is one audit.wording knows; before/after hold codes, dates and numbers only, never text of
the case record (audit.services, migration 0004). Insert only: the table is append-only.
"""

import bisect
import datetime

from accounts.models import User
from audit.models import AuditEvent
from audit.wording import ACTIONS
from config.national.base import Run, at, bulk_insert
from deadlines.models import DeadlineStatus
from inspections.models import State
from reports.models import LetterState

INSPECTION, DEADLINE, LETTER, USER = ("inspections.inspection", "deadlines.deadline",
                                      "reports.outcomeletter", "accounts.user")
# The everyday events, by weight.
EVERYDAY = [
    ("auth.sign_in", 30), ("auth.two_factor_verified", 22), ("auth.sign_out", 18),
    ("auth.sign_in_failed", 3), ("access.refused", 2), ("inspection.update", 4),
    ("deadline.recompute", 3), ("deadlines.exported", 1.5),
    ("inspection.line_of_enquiry_changed", 1), ("inspection.meeting_changed", 1),
    ("engagement_meeting.self_evaluation_downloaded", 0.5), ("auth.session_ended", 0.5),
    ("deadline.extend", 0.5), ("inspection.questionnaire", 0.5), ("auth.two_factor_added", 0.3),
    ("auth.lockout", 0.2), ("contact.add", 0.2), ("auth.unlock", 0.1),
    ("auth.recovery_code_used", 0.1), ("user.set_role", 0.1),
]
if unknown := {action for action, _weight in EVERYDAY} - set(ACTIONS):
    raise ImportError(f"audit.wording has no words for {unknown}")


def _iso(day):
    return day.isoformat() if day else None


class _Trail:
    def __init__(self, run: Run):
        self.run = run
        self.rng = run.rng("audit")
        people = run.shared["people"]
        self.usernames = {pk: username for rows in people.values() for pk, _n, username in rows}
        self.names = {pk: name for rows in people.values() for pk, name, _u in rows}
        joined = run.shared["user_joined"]
        # By the day they joined (the demo personas: since the ten years began), so that an
        # everyday event picks its moment first and then someone who was there.
        self.users = sorted(((user.pk, user.username, user.get_full_name() or user.username,
                              user.local_area_id, bool(user.inspectorate),
                              joined.get(user.pk, at(run.window_start)))
                             for user in User.objects.order_by("pk")),
                            key=lambda user: (user[5], user[0]))
        self.staff = [user for user in self.users if user[4]]
        for pk, username, _name, _area, _staff, _joined in self.users:
            self.usernames.setdefault(pk, username)

    def event(self, *, at_, actor, action, object_type="", object_id="", repr_="",
              area=None, inspection=None, before=None, after=None, ip=None,
              label="") -> dict:
        """An audit row, as the columns bulk_insert writes (every column but the id)."""
        return {"at": min(at_, self.run.now), "actor_id": actor,
                "actor_label": self.usernames.get(actor, "") if actor else label,
                "action": action, "object_type": object_type, "object_id": str(object_id),
                "object_repr": repr_[:200], "local_area_id": area, "inspection_id": inspection,
                "before": before or {}, "after": after or {}, "ip_address": ip}

    def of_inspection(self, p, moment, actor, action, before=None, after=None):
        return self.event(at_=moment, actor=actor, action=action, object_type=INSPECTION,
                          object_id=p.pk, repr_=p.label, area=p.area.pk, inspection=p.pk,
                          before=before, after=after)

    def of_letter(self, p, moment, actor, action, before=None, after=None):
        return self.event(at_=moment, actor=actor, action=action, object_type=LETTER,
                          object_id=self.run.shared["letters"][p.pk],
                          repr_=f"Outcome letter for {p.label}", area=p.area.pk,
                          inspection=p.pk, before=before, after=after)

    def derived(self):
        """The events the rows already written imply."""
        run, rng = self.run, self.rng
        admins = [pk for pk, _n, _u in run.shared["people"]["admin"]]
        ofsted_qa = [pk for pk, _n, _u in run.shared["people"]["shmi"]]
        cqc_qa = [pk for pk, _n, _u in run.shared["people"]["cqcqa"]]
        joined = run.shared["user_joined"]
        for pk, username, name, area, _staff, _joined in self.users:
            if pk in joined:
                yield self.event(at_=joined[pk], actor=None, action="user.create",
                                 object_type=USER, object_id=pk, repr_=name, area=area,
                                 after={"username": username})
                if area:
                    yield self.event(at_=joined[pk], actor=None, action="grant.assigned",
                                     object_type="local_areas.localarea", object_id=area,
                                     repr_="", area=area,
                                     after={"user": username,
                                            "permission": "local_areas.view_localarea"})
        for p in run.shared["inspections"]:
            admin = admins[p.lineage % len(admins)]
            yield self.of_inspection(p, at(p.created, 10), admin, "inspection.create",
                                     after={"state": State.PLANNING, "framework": p.framework,
                                            "onsite_start": _iso(p.start),
                                            "onsite_end": _iso(p.end)})
            for user, _role in p.team:
                yield self.of_inspection(p, at(p.created, 11, 1), admin, "grant.assigned",
                                         after={"user": self.usernames.get(user, ""),
                                                "permission": "inspections.view_inspection"})
            if p.deferral:
                decided = at(p.deferral_on, 16)
                yield self.of_inspection(p, decided, admins[0], "inspection.deferral_decision",
                                         after={"decision": "accepted" if p.deferral !=
                                                "refused" else "refused"})
                if p.deferral == "deferred":
                    yield self.of_inspection(p, decided, admins[0], "inspection.defer",
                                             before={"state": State.PLANNING},
                                             after={"state": State.DEFERRED})
                elif p.deferral == "rescheduled":
                    yield self.of_inspection(p, decided, admins[0], "inspection.reschedule",
                                             after={"onsite_start": _iso(p.start),
                                                    "onsite_end": _iso(p.end)})
            if p.withdrawn_on:
                yield self.of_inspection(p, at(p.withdrawn_on, 14), admin, "inspection.withdraw",
                                         before={"state": State.PLANNING},
                                         after={"state": State.WITHDRAWN,
                                                "fields": ["withdrawn_reason"]})
            if p.notified_on:
                yield self.of_inspection(p, at(p.notified_on, 9, 35), admin, "inspection.notify",
                                         before={"state": State.PLANNING},
                                         after={"state": State.NOTIFIED,
                                                "notified_on": _iso(p.notified_on),
                                                "lano": p.lano, "warnings": 0})
            if p.reached(State.ON_SITE):
                yield self.of_inspection(p, at(p.start, 9, 5), p.lead,
                                         "inspection.start_onsite",
                                         before={"state": State.NOTIFIED},
                                         after={"state": State.ON_SITE})
            if p.feedback_on:
                yield self.of_inspection(p, at(p.feedback_on, 16), p.lead,
                                         "inspection.give_feedback",
                                         before={"state": State.ON_SITE},
                                         after={"state": State.FEEDBACK_GIVEN,
                                                "feedback_on": _iso(p.feedback_on)})
            if p.reached(State.REPORTING):
                drafting = at(run.add_wd(p.feedback_on, 1), 9)
                yield self.of_inspection(p, drafting, p.lead, "inspection.start_drafting",
                                         before={"state": State.FEEDBACK_GIVEN},
                                         after={"state": State.REPORTING})
                yield self.of_letter(p, drafting, p.lead, "letter.create",
                                     after={"state": LetterState.DRAFTING, "letter_version": 1})
                if p.letter_state != LetterState.DRAFTING:
                    qa_day = run.add_wd(p.feedback_on, 3)
                    yield self.of_letter(p, at(qa_day, 17), p.lead, "letter.submit_for_qa",
                                         before={"state": LetterState.DRAFTING},
                                         after={"state": LetterState.QUALITY_ASSURANCE})
                    yield self.of_letter(p, at(run.add_wd(qa_day, 2), 11),
                                         rng.choice(ofsted_qa), "letter.approve_draft",
                                         after={"inspectorate": "ofsted", "letter_version": 1})
                if p.draft_sent_on:
                    yield self.of_letter(p, at(p.draft_sent_on, 10), rng.choice(cqc_qa),
                                         "letter.approve_draft",
                                         after={"inspectorate": "cqc", "letter_version": 1})
                    yield self.of_letter(p, at(p.draft_sent_on, 12), ofsted_qa[0],
                                         "letter.send_draft",
                                         before={"state": LetterState.QUALITY_ASSURANCE},
                                         after={"state": LetterState.DRAFT_WITH_LOCAL_AREA,
                                                "draft_sent_on": _iso(p.draft_sent_on)})
                if p.comments_received_on:
                    yield self.of_letter(p, at(p.comments_received_on, 15), p.lead,
                                         "letter.comments_received",
                                         after={"comments_received_on":
                                                _iso(p.comments_received_on)})
                if p.final_issued_on:
                    yield self.of_letter(p, at(p.final_issued_on, 11), p.lead,
                                         "letter.issue_final",
                                         before={"state": LetterState.DRAFT_WITH_LOCAL_AREA},
                                         after={"state": LetterState.FINAL_ISSUED,
                                                "final_issued_on": _iso(p.final_issued_on)})
            if p.outcome and p.published_on:
                yield self.of_inspection(p, at(p.published_on, 8, 30), p.lead,
                                         "inspection.outcome", before={"outcome": None},
                                         after={"outcome": p.outcome})
            if p.published_on:
                yield self.of_inspection(p, at(p.published_on, 9), admin, "inspection.publish",
                                         before={"state": State.REPORTING},
                                         after={"state": State.PUBLISHED,
                                                "published_on": _iso(p.published_on)})
            if p.closed_on:
                yield self.of_inspection(p, at(p.closed_on, 12), admin, "inspection.close",
                                         before={"state": State.PUBLISHED},
                                         after={"state": State.CLOSED,
                                                "closed_on": _iso(p.closed_on)})
        for object_type, pk, p, action, moment, actor in run.shared["records"]:
            yield self.event(at_=moment, actor=actor, action=action, object_type=object_type,
                             object_id=pk, repr_=p.label, area=p.area.pk, inspection=p.pk)
        for pk, area, held_on, actor in run.shared["engagement_meetings"]:
            yield self.event(at_=at(held_on, 16), actor=actor, action="engagement_meeting.record",
                             object_type="inspections.engagementmeeting", object_id=pk,
                             repr_="Engagement meeting", area=area,
                             after={"held_on": _iso(held_on)})
        yield from self.clocks()

    def clocks(self):
        admins = [pk for pk, _n, _u in self.run.shared["people"]["admin"]]
        for clock in self.run.shared["deadlines"]:
            p = clock["p"]
            label = f"{clock['code']} for {p.label}"

            def event(moment, actor, action, before=None, after=None, clock=clock, p=p,
                      label=label):
                return self.event(at_=moment, actor=actor, action=action, object_type=DEADLINE,
                                  object_id=clock["pk"], repr_=label, area=p.area.pk,
                                  inspection=p.pk, before=before, after=after)

            actor = admins[p.lineage % len(admins)]
            yield event(at(clock["start"], 9, 1), actor, "deadline.start",
                        after={"rule": clock["code"], "start_date": _iso(clock["start"]),
                               "due_date": _iso(clock["due"])})
            status = clock["status"]
            if status == DeadlineStatus.MET:
                yield event(clock["met_at"] or at(clock["met_on"], 12), actor, "deadline.meet",
                            before={"status": DeadlineStatus.OPEN},
                            after={"status": status, "met_on": _iso(clock["met_on"]),
                                   "late": clock["met_on"] > clock["due"]})
            elif status == DeadlineStatus.CANCELLED:
                moment = at(min(self.run.today, max(clock["start"], clock["due"])), 13)
                yield event(moment, actor, "deadline.cancel",
                            before={"status": DeadlineStatus.OPEN},
                            after={"status": status, "fields": ["stop_reason"]})
            elif status == DeadlineStatus.MISSED:
                yield event(at(self.run.add_wd(clock["due"], 1), 6), None, "deadline.missed",
                            before={"status": DeadlineStatus.OPEN}, after={"status": status})
            elif status == DeadlineStatus.PAUSED:
                yield event(at(clock["paused_on"], 10), admins[0], "deadline.pause",
                            before={"status": DeadlineStatus.OPEN},
                            after={"status": status, "fields": ["pause_reason"]})

    def everyday(self, how_many: int):
        run, rng = self.run, self.rng
        actions = [action for action, _w in EVERYDAY]
        weights = [weight for _a, weight in EVERYDAY]
        inspections = run.shared["inspections"]
        first = at(run.window_start)
        span = int((run.now - first).total_seconds())
        clocks = run.shared["deadlines"]
        now = run.now
        for _ in range(how_many):
            action = rng.choices(actions, weights)[0]
            if action in ("inspection.update", "inspection.line_of_enquiry_changed",
                          "inspection.meeting_changed", "inspection.questionnaire"):
                p = rng.choice(inspections)
                moment = min(now, at(p.created, 9) + datetime.timedelta(
                    seconds=rng.randint(0, max(1, (p.last_day - p.created).days) * 86400)))
                yield self.of_inspection(p, moment, p.lead, action,
                                         after={"fields": ["notes"]}
                                         if action != "inspection.questionnaire"
                                         else {"status": "sent"})
                continue
            if action in ("deadline.recompute", "deadline.extend"):
                clock = rng.choice(clocks)
                p = clock["p"]
                yield self.event(at_=at(clock["start"], 14, rng.randint(0, 59)),
                                 actor=None if action == "deadline.recompute" else p.lead,
                                 action=action, object_type=DEADLINE, object_id=clock["pk"],
                                 repr_=f"{clock['code']} for {p.label}", area=p.area.pk,
                                 inspection=p.pk, before={"due_date": _iso(clock["due"])},
                                 after={"due_date": _iso(clock["due"])})
                continue
            pool = self.staff if action in ("auth.two_factor_verified", "deadlines.exported",
                                            "auth.two_factor_added", "auth.unlock",
                                            "auth.recovery_code_used", "user.set_role") \
                else self.users
            moment = first + datetime.timedelta(seconds=rng.randint(0, span))
            there = max(1, bisect.bisect_right(pool, moment, key=lambda user: user[5]))
            pk, username, name, area, _staff, _joined = pool[rng.randrange(there)]
            ip = f"192.0.2.{rng.randint(1, 254)}"
            if action in ("auth.sign_in_failed", "auth.lockout"):
                yield self.event(at_=moment, actor=None, action=action, ip=ip, label=username)
                continue
            yield self.event(at_=moment, actor=pk, action=action, object_type=USER,
                             object_id=pk, repr_=name, area=area, ip=ip)


def seed_audit(run: Run) -> None:
    trail = _Trail(run)
    target = run.scaled(1_000_000)
    derived = run.counts.get(AuditEvent._meta.label, 0)
    bulk_insert(run, AuditEvent, trail.derived(), desc="audit events (from the rows)")
    made = run.counts[AuditEvent._meta.label] - derived
    bulk_insert(run, AuditEvent, trail.everyday(max(0, target - made)), total=target - made,
                desc="audit events (everyday)")
