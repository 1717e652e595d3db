"""The outcome letter's steps as data, in the shape of the inspection's own table
(inspections.transitions, docs/decisions/0012): from which letter states, to which, the dated
field on the letter each records, and the statutory clocks each starts or meets.

Who may take a step is the policy's rule of the same name (policy.letters.RULES). The clocks
are the inspection's (a letter has exactly one inspection, and its clocks are stored on it):
the final report clock, which feedback started, is met here; the factual-accuracy clock
starts and is met here.
"""

from inspections.transitions import ClockStart, Step
from reports.models import LetterState

LETTER_LIFECYCLE: dict[str, Step] = {step.name: step for step in [
    Step("submit_for_qa", frozenset({LetterState.DRAFTING}), LetterState.QUALITY_ASSURANCE),
    # Each inspectorate's quality assurance approves the version for itself; the letter
    # stays with quality assurance until the draft is sent.
    Step("approve_draft", frozenset({LetterState.QUALITY_ASSURANCE}), None),
    Step("return_draft", frozenset({LetterState.QUALITY_ASSURANCE}), LetterState.DRAFTING),
    Step("send_draft", frozenset({LetterState.QUALITY_ASSURANCE}),
         LetterState.DRAFT_WITH_LOCAL_AREA, records="draft_sent_on",
         starts=(ClockStart("factual_accuracy", "draft_sent_on", "the date the draft is sent"),)),
    Step("comments_received", frozenset({LetterState.DRAFT_WITH_LOCAL_AREA}), None,
         records="comments_received_on", meets=("factual_accuracy",)),
    Step("issue_final", frozenset({LetterState.DRAFT_WITH_LOCAL_AREA}),
         LetterState.FINAL_ISSUED, records="final_issued_on", meets=("final_report",)),
]}
