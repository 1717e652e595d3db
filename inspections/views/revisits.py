"""What an inspection's page says of 2016 re-visits: what a re-visit follows, the re-visits
of an inspection, and when the re-visit is due (docs/decisions/0021)."""

import datetime
from dataclasses import dataclass

from config.govuk_forms import long_date
from deadlines.arithmetic import weekday_date
from deadlines.views.common import deadline_tag
from inspections import page_selectors
from inspections.models import Framework, Inspection
from inspections.scheduling import REVISITABLE_STATES, onsite_dates_text
from policy import inspections as policy
from policy import wsoa as wsoa_policy
from wsoa.models import Wsoa


@dataclass(frozen=True)
class RevisitStanding:
    """What an inspection's page says of re-visits: for a re-visit, what it follows; for a
    2016 inspection, its re-visits; for both, when the re-visit is due and what it counts
    from (the re-visit clock of the inspection re-visited)."""

    follows: Inspection | None = None  # the inspection a re-visit follows
    follows_visible: bool = False  # the user may open that inspection's page
    revisits: tuple = ()  # the re-visits of this inspection the user may see
    due: str = ""  # when the re-visit is due, and what it counts from, in words
    tag: object = None  # how the re-visit clock stands today (deadlines' tag)
    can_schedule: bool = False  # the user may schedule a re-visit of this inspection
    # A re-visit of an inspection whose area wrote a statement, for a user who may open its
    # judgements of progress on each area of significant weakness (wsoa.revisit_views).
    progress_of: object = None


def _due(deadline, of: str) -> str:
    """'By Monday 10 June 2019: 18 months after the last day of on-site work of …, which
    was 8 December 2017 (source: …)'."""
    rule = deadline.rule
    return (f"By {weekday_date(deadline.due_date)}: {rule.period.describe()} the "
            f"{deadline.start_event} of {of}, which was {long_date(deadline.start_date)} "
            f"(source: {rule.source})")


def revisit_standing(inspection: Inspection, *, user, clocks: list,
                     today: datetime.date, calendar) -> RevisitStanding:
    """Read with at most three queries more than the overview's own, whatever the number of
    re-visits: for a re-visit, the clock of what it follows, whether the user may open
    it and whether its area wrote a statement; for a 2016 inspection, its re-visits (its
    own clocks, `clocks`, are already read)."""
    if inspection.revisit_of_id is not None:
        follows = inspection.revisit_of
        follows.onsite_dates = onsite_dates_text(follows)
        deadline = page_selectors.revisit_clock_of(inspection=follows)
        of = f"the inspection it re-visits, {follows.reference}"
        found = {"follows": follows,
                 "follows_visible": policy.visible_to(user=user).filter(pk=follows.pk).exists(),
                 "progress_of": Wsoa.objects.filter(inspection=follows).first()
                 if wsoa_policy.can_on_revisit(user, inspection, "view_progress") else None}
    elif inspection.framework == Framework.LOCAL_AREA_SEND_2016:
        deadline = next((clock for clock in reversed(clocks) if clock.rule.code == "revisit"),
                        None)
        of = "this inspection"
        revisits = tuple(policy.visible_to(user=user).filter(revisit_of=inspection)
                         .order_by("onsite_start", "pk"))
        for revisit in revisits:
            revisit.onsite_dates = onsite_dates_text(revisit)
        found = {"revisits": revisits,
                 "can_schedule": inspection.state in REVISITABLE_STATES
                 and policy.can_generally(user, "schedule")}
    else:
        return RevisitStanding()
    if deadline is None:
        return RevisitStanding(**found)
    return RevisitStanding(**found, due=_due(deadline, of),
                           tag=deadline_tag(deadline, today=today, calendar=calendar))
