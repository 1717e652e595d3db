"""The inspection's main line as data: one entry per step, read by the services that take
the steps and by the pages that say what a step will do (docs/decisions/0012).

Who may take a step is the policy's rule of the same name (policy.inspections.RULES); this
table says the rest: from which states, to which state, which date it records, and which
statutory clocks it starts, meets or cancels. A clock starts only if its rule is of the
inspection's framework (StatutoryRule.framework): the table may name the 2016 and the 2023
rule for the same moment, and the one that applies starts.
"""

from collections.abc import Callable
from dataclasses import dataclass

from deadlines.rules_data import ANNEX_A_RULES
from inspections.models import Framework, Inspection, Outcome, State


@dataclass(frozen=True)
class ClockStart:
    """A clock of the rule `rule_code` starts, counting from the inspection's date field
    `counts_from`. When that field is the one the step records, the clock counts from the
    date given for the step."""

    rule_code: str
    counts_from: str
    event: str  # the date counted from, in words: "the last day on site"


@dataclass(frozen=True)
class Step:
    name: str  # the policy action of the same name says who may take the step
    from_states: frozenset[str]
    to_state: str | None  # None: the step records a date and leaves the state as it is
    records: str = ""  # the dated field the step sets to the date given
    starts: tuple[ClockStart, ...] = ()
    # Clocks that start or not depending on the inspection as the step leaves it.
    starts_also: Callable[[Inspection], tuple[ClockStart, ...]] | None = None
    meets: tuple[str, ...] = ()  # rule codes of clocks met on the date given
    # Rule codes of clocks met on the inspection a re-visit follows (its `revisit_of`).
    meets_revisited: tuple[str, ...] = ()
    cancels_running: str = ""  # if set, every running clock is cancelled, for this reason
    audit: str = ""  # the audit action after "inspection."; the step's name if blank

    @property
    def audited_as(self) -> str:
        """The audit row's action, after "inspection."."""
        return self.audit or self.name

    def clocks_started(self, inspection: Inspection) -> tuple[ClockStart, ...]:
        """The clocks the step starts on this inspection, in the order they start."""
        return self.starts + (self.starts_also(inspection) if self.starts_also else ())


def clocks_after_publication(inspection: Inspection) -> tuple[ClockStart, ...]:
    """The 2023 framework's long-range clocks, which follow the outcome: the next full
    inspection for every outcome, and a monitoring inspection after outcome 3. Nothing for
    the 2016 framework, nor before an outcome is recorded.

    After outcome 3 the next full inspection is "3 years after the initial inspection"
    (Barnet paper, para 1.14), so it counts from the inspection's last day on site; the
    others count from publication."""
    if inspection.framework != Framework.AREA_SEND_2023 or inspection.outcome is None:
        return ()
    if inspection.outcome == Outcome.SYSTEMIC_FAILINGS:
        return (ClockStart("next_full_inspection_3", "onsite_end", "the last day on site"),
                ClockStart("monitoring_inspection", "published_on", "publication"))
    return (ClockStart(f"next_full_inspection_{inspection.outcome}", "published_on",
                       "publication"),)


def annex_a_clocks(inspection: Inspection) -> tuple[ClockStart, ...]:
    """The information a 2023 full inspection asks for at notification (Barnet paper, Annex
    A), each due by a time of day, counted from the notification call. Not for a monitoring
    inspection, for which inspectors "may request some or all" of it (Annex A, para 192)."""
    if inspection.framework != Framework.AREA_SEND_2023:
        return ()
    return tuple(ClockStart(code, "notified_on", "the notification call")
                 for code in ANNEX_A_RULES)


# Scheduling is not a step of the main line (it makes the inspection), but it starts the
# notification clock of the inspection's framework (each rule names its framework, and only
# the one that applies starts): under 2016, 5 working days before the first day on site;
# under 2023, on the inspection's first day, the Monday of week 1 (docs/decisions/0020).
ON_SCHEDULING = (ClockStart("notification", "onsite_start", "on-site work starts"),
                 ClockStart("notification_2023", "onsite_start",
                            "the inspection's first day, the Monday of week 1"))
NOTIFICATION_RULES = tuple(start.rule_code for start in ON_SCHEDULING)
# Scheduling a 2016 re-visit starts the re-visit clock of the inspection it follows, counting
# from that inspection's last day on site (handbook para 118), unless it is already running.
ON_SCHEDULING_A_REVISIT = (ClockStart("revisit", "onsite_end", "the last day on site of the "
                                                             "inspection re-visited"),)

_LAST_DAY_ON_SITE = "the last day on site"
# Every state an inspection can be withdrawn from.
BEFORE_PUBLICATION = frozenset({
    State.PLANNING, State.NOTIFIED, State.ON_SITE, State.FEEDBACK_GIVEN, State.REPORTING,
    State.DEFERRED})

LIFECYCLE: dict[str, Step] = {step.name: step for step in [
    Step("notify", frozenset({State.PLANNING}), State.NOTIFIED, records="notified_on",
         meets=NOTIFICATION_RULES, starts_also=annex_a_clocks),
    # A re-visit is carried out once its on-site work starts: the re-visit clock of the
    # inspection it follows is met that day.
    Step("start_onsite", frozenset({State.NOTIFIED}), State.ON_SITE,
         meets_revisited=("revisit",)),
    Step("give_feedback", frozenset({State.ON_SITE}), State.FEEDBACK_GIVEN,
         records="feedback_on",
         starts=(ClockStart("final_report", "onsite_end", _LAST_DAY_ON_SITE),
                 ClockStart("publication", "onsite_end", _LAST_DAY_ON_SITE))),
    # Starting the draft makes the outcome letter, whose own steps (reports.transitions)
    # take it to final issue while the inspection is "reporting".
    Step("start_drafting", frozenset({State.FEEDBACK_GIVEN}), State.REPORTING),
    Step("publish", frozenset({State.REPORTING}), State.PUBLISHED, records="published_on",
         meets=("publication",), starts_also=clocks_after_publication),
    Step("close", frozenset({State.PUBLISHED}), State.CLOSED, records="closed_on"),
    Step("withdraw", BEFORE_PUBLICATION, State.WITHDRAWN,
         cancels_running="inspection withdrawn"),
]}
