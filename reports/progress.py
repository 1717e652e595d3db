"""Where an inspection stands along its whole main line: the inspection's own states, with
its letter's states in place of "reporting". The overview's task list, the area's "what
next" and the walk to a state read it."""

from inspections.models import Inspection, State
from reports.models import LETTER_LINE, LetterState

PROGRESS: list[str] = [State.PLANNING, State.NOTIFIED, State.ON_SITE, State.FEEDBACK_GIVEN,
                       *LETTER_LINE, State.PUBLISHED, State.CLOSED]
LETTER_STATES = frozenset(LETTER_LINE)


def standing(inspection: Inspection) -> str:
    """The inspection's state, or while it is reporting, its letter's (from the letter read
    with it)."""
    if inspection.state == State.REPORTING:
        letter = getattr(inspection, "letter", None)
        return letter.state if letter is not None else LetterState.DRAFTING
    return inspection.state
