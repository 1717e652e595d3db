"""National-scale statutory clocks, their reminders, and the notifications people were sent.

Each inspection has the clocks its framework and its progress imply (the notification clock
from scheduling, Annex A's from the call, the report clocks from feedback, the re-visit
clock, and after a 2023 outcome the long-range ones), each met, missed, cancelled or still
running as its dates say. Behind them are earlier clocks of the same rules that were
superseded (cancelled when the dates they counted from moved, or met before a correction),
which make up the ~100,000 a decade of national work leaves. At most one clock of a rule is
open or paused on an inspection (one_running_clock_per_rule_and_case): superseded clocks
are never running. Due dates are counted on the working-day calendar.
"""

import datetime
from functools import cache

from config.national.base import Run, at, bulk_insert, day_between
from deadlines.arithmetic import WORKING_DAYS
from deadlines.calendar import add_calendar_months
from deadlines.models import Deadline, DeadlineStatus, Notification, Reminder, StatutoryRule
from deadlines.rules_data import ANNEX_A_RULES
from deadlines.sweep import reminder_words
from inspections.models import Framework, State

OPEN, MET, MISSED, PAUSED, CANCELLED = (DeadlineStatus.OPEN, DeadlineStatus.MET,
                                        DeadlineStatus.MISSED, DeadlineStatus.PAUSED,
                                        DeadlineStatus.CANCELLED)
RULES_2016 = ("notification", "final_report", "publication", "factual_accuracy", "revisit")
RULES_2023 = ("notification_2023", *ANNEX_A_RULES, "next_full_inspection_1",
              "next_full_inspection_2", "next_full_inspection_3", "monitoring_inspection")
OFFSETS = (10, 5, 1, 0, -1)
DAY = datetime.timedelta(days=1)


class _Clocks:
    def __init__(self, run: Run):
        self.run = run
        self.rules = {rule.code: rule for rule in StatutoryRule.objects.all()}
        self.rng = run.rng("deadlines")

    @cache  # noqa: B019 - one instance a run
    def due(self, code: str, start: datetime.date) -> datetime.date:
        rule = self.rules[code]
        if rule.period_unit == WORKING_DAYS:
            return self.run.add_wd(start, rule.period_amount)
        return self.run.calendar.next_working_day_on_or_after(
            add_calendar_months(start, rule.period_amount))

    def clock(self, p, code: str, start: datetime.date, *, met_on=None, cancelled="",
              met_at=None, superseded=False) -> dict:
        due = self.due(code, start)
        status = MET if met_on else CANCELLED if cancelled else \
            (OPEN if due >= self.run.today else MISSED)
        return {"p": p, "code": code, "start": start, "due": due, "status": status,
                "met_on": met_on, "met_at": met_at, "stop_reason": cancelled,
                "superseded": superseded}

    def natural(self, p, after: list) -> list[dict]:
        """The clocks the inspection's steps started, as they stand today."""
        clocks, today = [], self.run.today
        stopped = {State.WITHDRAWN: "inspection withdrawn", State.DEFERRED: "inspection deferred"}
        if p.is_2023:
            clocks.append(self.clock(p, "notification_2023", p.start, met_on=p.notified_on,
                                     met_at=at(p.notified_on, 9, 30) if p.notified_on else None,
                                     cancelled=stopped.get(p.state, "")))
            if p.framework == Framework.AREA_SEND_2023 and p.notified_on:
                for code in ANNEX_A_RULES:
                    due, rule = self.due(code, p.notified_on), self.rules[code]
                    if due < today or (due == today and self.rng.random() < 0.5):
                        late = self.rng.random() < 0.08
                        moment = at(due if not late or due == today else
                                    self.run.add_wd(due, 1), rule.due_time.hour - 1,
                                    self.rng.randint(0, 59))
                        if late and due == today:
                            moment = at(due, rule.due_time.hour, 30)
                        if moment.date() > today or moment > self.run.now:
                            moment = min(at(due, rule.due_time.hour - 1, 0), self.run.now)
                        clocks.append(self.clock(p, code, p.notified_on, met_on=moment.date(),
                                                 met_at=moment))
                    else:
                        clocks.append(self.clock(p, code, p.notified_on))
            if p.framework == Framework.AREA_SEND_2023 and p.outcome and p.published_on:
                codes = [(f"next_full_inspection_{p.outcome}",
                          p.end if p.outcome == 3 else p.published_on, Framework.AREA_SEND_2023)]
                if p.outcome == 3:
                    codes.append(("monitoring_inspection", p.published_on,
                                  Framework.MONITORING_2023))
                for code, start, meets in codes:
                    following = next((q for q in after if q.framework == meets), None)
                    clocks.append(self.clock(p, code, start,
                                             met_on=following.start if following else None))
            return clocks
        clocks.append(self.clock(p, "notification", p.start, met_on=p.notified_on,
                                 met_at=at(p.notified_on, 9, 30) if p.notified_on else None,
                                 cancelled=stopped.get(p.state, "")))
        if p.feedback_on:
            clocks.append(self.clock(p, "final_report", p.end, met_on=p.final_issued_on))
            clocks.append(self.clock(p, "publication", p.end, met_on=p.published_on))
        if p.draft_sent_on:
            clocks.append(self.clock(p, "factual_accuracy", p.draft_sent_on,
                                     met_on=p.comments_received_on))
        for revisit in p.revisits:
            started = revisit.start if revisit.reached(State.ON_SITE) else None
            clocks.append(self.clock(p, "revisit", p.end, met_on=started))
        return clocks

    def superseded(self, p, how_many: int) -> list[dict]:
        """Earlier clocks of the inspection's rules, stopped long ago."""
        rng, today = self.rng, self.run.today
        codes = RULES_2023 if p.is_2023 else RULES_2016
        last = min(today, max(p.last_day, p.created + DAY))
        clocks = []
        for _ in range(how_many):
            code = rng.choice(codes)
            start = day_between(rng, p.created, last)
            due = self.due(code, start)
            chance = rng.random()
            if due >= today or chance < 0.55:
                clocks.append(self.clock(p, code, start, superseded=True,
                                         cancelled="Restarted when the date it counted from "
                                                   "was corrected"))
            elif chance < 0.96:
                met_on = max(start, self.run.add_wd(due, -rng.randint(0, 5)))
                clocks.append(self.clock(p, code, start, met_on=met_on, superseded=True))
            else:
                clocks.append(self.clock(p, code, start, superseded=True))
        return clocks


def seed_deadlines(run: Run) -> None:
    clocks = _Clocks(run)
    rng, today = run.rng("deadlines.rows"), run.today
    planned = run.shared["inspections"]
    admins = [pk for pk, _n, _u in run.shared["people"]["admin"]]
    for p in planned:
        p.revisits = [q for q in planned if q.revisit_of is p]
    by_lineage: dict[int, list] = {}
    for p in planned:
        by_lineage.setdefault(p.lineage, []).append(p)
    natural = []
    for p in planned:
        after = [q for q in by_lineage[p.lineage] if q.start > p.start and q.start <= today
                 and q.reached(State.ON_SITE)]
        natural += clocks.natural(p, after)
    target = run.scaled(100_000, len(natural) + len(planned))
    large = next(p for p in planned if p.large)
    # A few more replaced clocks than most: a clock is replaced only when a date is corrected,
    # so even the largest case has dozens, not thousands (its overview lists every one).
    large_share = run.scaled(100, 2)
    rest = max(0, target - len(natural) - large_share)

    def rows():
        yield from natural
        yield from clocks.superseded(large, large_share)
        each, extra = divmod(rest, len(planned))
        for index, p in enumerate(planned):
            yield from clocks.superseded(p, each + (1 if index < extra else 0))

    def deadline(clock: dict) -> dict:
        p, rule = clock["p"], clocks.rules[clock["code"]]
        row = {"rule_id": rule.pk, "inspection_id": p.pk, "local_area_id": p.area.pk,
               "start_event": rule.starts_on, "start_date": clock["start"],
               "due_date": clock["due"], "status": clock["status"], "met_on": clock["met_on"],
               "met_at": clock["met_at"], "extension_working_days": 0, "extension_reason": "",
               "extension_approved_by_id": None, "paused_on": None, "paused_working_days": 0,
               "pause_reason": "", "pause_approved_by_id": None,
               "stop_reason": clock["stop_reason"],
               # A replaced clock was made before the one that replaced it: on the day the
               # inspection was made, at the latest, before any of its current clocks.
               "created_at": at(min(clock["start"], p.created), 8, rng.randint(0, 59))
               if clock["superseded"] else at(clock["start"], 9, rng.randint(0, 59))}
        if not clock["superseded"] and clock["status"] in (OPEN, MET) and rng.random() < 0.03:
            row["extension_working_days"] = rng.choice([5, 10])
            row["extension_reason"] = "Extension agreed by both inspectorates"
            row["extension_approved_by_id"] = admins[0]
            row["due_date"] = run.add_wd(row["due_date"], row["extension_working_days"])
            if clock["status"] == OPEN and row["due_date"] < today:
                row["status"] = MISSED
        if row["status"] == OPEN and rng.random() < 0.1:
            row["status"] = PAUSED
            row["paused_on"] = max(row["start_date"], today - DAY * rng.randint(1, 15))
            row["pause_reason"] = "Paused while the area's systems are restored"
            row["pause_approved_by_id"] = admins[0]
        clock["status"], clock["due"] = row["status"], row["due_date"]
        clock["paused_on"] = row["paused_on"]
        return row

    everything = list(rows())
    kept = bulk_insert(run, Deadline, (deadline(clock) for clock in everything),
                       total=len(everything), desc="deadlines", keep=lambda row: row["id"])
    for pk, clock in zip(kept, everything, strict=True):
        clock["pk"] = pk
    run.shared["deadlines"] = everything
    _seed_reminders(run, clocks, [c for c in everything if not c["superseded"]])


def _seed_reminders(run: Run, clocks: _Clocks, natural: list[dict]) -> None:
    rng, today = run.rng("deadlines.reminders"), run.today
    reminders = []
    for clock in natural:
        running = clock["status"] in (OPEN, MISSED, PAUSED)
        if not running and not (clock["status"] == MET and rng.random() < 0.6):
            continue
        for offset in OFFSETS:
            send_on = run.add_wd(clock["due"], -offset)
            last = clock["met_on"] if clock["status"] == MET else \
                clock.get("paused_on") or today
            if clock["start"] <= send_on <= min(last, today):
                reminders.append((clock, offset, send_on))
    made = bulk_insert(run, Reminder, (
        Reminder(deadline_id=clock["pk"], offset=offset, send_on=send_on,
                 created_at=at(send_on, 7), emailed_at=at(send_on, 7, 2))
        for clock, offset, send_on in reminders), total=len(reminders), desc="reminders",
        keep=lambda row: row.pk)

    people, demo = run.shared["people"], run.shared["demo_users"]
    admin = demo.get("ofsted.admin")
    admins = [pk for pk, _n, _u in people["admin"] if pk != admin]
    admin_share = min(1.0, run.scaled(6000, 100) / max(1, len(made)))

    def text(clock: dict, send_on: datetime.date) -> tuple[str, str]:
        rule, p = clocks.rules[clock["code"]], clock["p"]
        return reminder_words(rule=rule, case=p.label, area_name=p.area.name,
                              start_date=clock["start"], start_event=rule.starts_on,
                              due_date=clock["due"], due_time=rule.due_time, today=send_on,
                              calendar=run.calendar)

    def read_at(created: datetime.datetime):
        old = created.date() < today - DAY * 14
        if rng.random() < (0.85 if old else 0.3):
            return min(created + datetime.timedelta(hours=rng.randint(1, 72)), run.now)
        return None

    def notifications():
        for pk, (clock, _offset, send_on) in zip(made, reminders, strict=True):
            subject, body = text(clock, send_on)
            created = at(send_on, 7, 1)
            told = {clock["p"].lead}
            if admin and rng.random() < admin_share:
                told.add(admin)
            if admins and rng.random() < 0.2:
                told.add(rng.choice(admins))
            for user in sorted(told):
                yield Notification(user_id=user, reminder_id=pk, deadline_id=clock["pk"],
                                   inspection_id=clock["p"].pk, subject=subject, body=body,
                                   created_at=created, read_at=read_at(created))
        for p in run.shared["inspections"]:
            if p.deferral and p.deferral_on:
                created = at(p.deferral_on, 12, 5)
                for user in sorted({p.lead, admin} - {None}):
                    yield Notification(user_id=user, inspection_id=p.pk,
                                       subject=f"Deferral request: {p.label}"[:200],
                                       body=f"The local area has asked to defer the {p.label}.",
                                       created_at=created, read_at=read_at(created))

    bulk_insert(run, Notification, notifications(), desc="notifications")
    run.shared["reminder_count"] = len(made)
