"""Every version of the outcome letter keeps the text it had, and what changed between the
draft sent to the local area and the final.

A version's text is frozen (``LetterVersion.text``) when it is submitted for quality
assurance, again when it is sent to the area (which version was sent is recorded on the
letter), and the final report is frozen as a version of its own when it is issued. The text
is the letter's content (reports.content) as comparable blocks: the letterhead, addresses,
salutation, date and signatures are left out, so that dating the final or re-addressing it
does not show as a change to what the letter says.

``letter_changes`` compares the version sent with the final, or, until the final is issued,
with the letter as it reads now: block by block, a paragraph or bullet a line, with difflib;
within a changed line, word by word.
"""

import difflib
import re
from dataclasses import dataclass, field

from config import clock
from reports.content import LetterContent, letter_content
from reports.models import LetterVersion, OutcomeLetter, VersionReason

TITLE = "Title"
OPENING = "Opening"
MAIN_FINDINGS = "Main findings"
CLOSING = "Written statement of action"
WEAKNESSES = "Areas of significant weakness"
OUTCOME = "Inspection outcome"
SELF_EVALUATION = "The local area's self-evaluation"
RECOMMENDATIONS = "What the local area partnership needs to do to improve"
PROGRESS = "Progress on each area of significant weakness"


def letter_text(content: LetterContent) -> list[dict]:
    """The letter's words as blocks, in the letter's order: ``{"heading", "lines"}`` each,
    every block present even when it has no lines (so that versions line up by heading)."""
    blocks = [{"heading": TITLE, "lines": [content.title]},
              {"heading": OPENING, "lines": list(content.opening)},
              {"heading": OUTCOME, "lines": [content.outcome] if content.outcome else []},
              {"heading": MAIN_FINDINGS, "lines": list(content.main_findings)}]
    for section in content.sections:
        blocks.append({"heading": f"{section.heading}: strengths",
                       "lines": list(section.strengths)})
        blocks.append({"heading": f"{section.heading}: areas for development",
                       "lines": list(section.areas_for_development)})
    blocks.append({"heading": SELF_EVALUATION, "lines": list(content.self_evaluation)})
    blocks.append({"heading": RECOMMENDATIONS, "lines": list(content.recommendations)})
    blocks.append({"heading": PROGRESS, "lines": [f"{weakness}: {progress.lower()}" for
                                                  weakness, progress in
                                                  content.revisit_progress]})
    blocks.append({"heading": CLOSING, "lines": list(content.closing)})
    blocks.append({"heading": WEAKNESSES, "lines": list(content.significant_weaknesses)})
    return blocks


def _text_now(letter: OutcomeLetter) -> list[dict]:
    from reports.rendering import letter_for_rendering

    return letter_text(letter_content(letter_for_rendering(pk=letter.pk)))


def version_freeze(letter: OutcomeLetter, version: LetterVersion) -> LetterVersion:
    """Keep the text the letter has now on `version`, and when it was kept."""
    version.text = _text_now(letter)
    version.frozen_at = clock.now()
    version.save(update_fields=["text", "frozen_at"])
    return version


def _current(letter: OutcomeLetter) -> LetterVersion:
    return LetterVersion.objects.filter(letter=letter).order_by("-number").first()


def freeze_current(letter: OutcomeLetter) -> dict:
    """The step's `then`: freeze the current version; what the audit row adds."""
    version = version_freeze(letter, _current(letter))
    return {"letter_version": version.number}


def freeze_sent(letter: OutcomeLetter) -> dict:
    """Sending the draft: freeze the current version, as sent, and record it as the one
    sent."""
    version = version_freeze(letter, _current(letter))
    letter.sent_version_number = version.number
    letter.save(update_fields=["sent_version_number"])
    return {"letter_version": version.number}


def freeze_final(letter: OutcomeLetter, by) -> dict:
    """Issuing the final: the final is a new version, frozen as issued."""
    number = _current(letter).number + 1
    version = LetterVersion.objects.create(letter=letter, number=number,
                                           reason=VersionReason.FINAL, started_by=by,
                                           started_at=clock.now())
    version_freeze(letter, version)
    return {"letter_version": number}


# Comparing ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Segment:
    kind: str  # "same", "removed" or "added"
    text: str


@dataclass(frozen=True)
class Passage:
    kind: str  # "changed", "added" or "removed"
    before: str
    after: str
    segments: list[Segment] = field(default_factory=list)  # a changed passage, word by word


@dataclass(frozen=True)
class BlockChange:
    heading: str
    passages: list[Passage]


@dataclass(frozen=True)
class LetterChanges:
    versions: list[LetterVersion]
    sent: LetterVersion | None  # None: the draft has not been sent
    final: LetterVersion | None  # None: compared with the letter as it reads now
    blocks: list[BlockChange]
    text_kept: bool = True  # False: the version sent was never frozen (carried over)

    def _count(self, kind: str) -> int:
        return sum(1 for block in self.blocks for p in block.passages if p.kind == kind)

    @property
    def changed(self) -> int:
        return self._count("changed")

    @property
    def added(self) -> int:
        return self._count("added")

    @property
    def removed(self) -> int:
        return self._count("removed")


# Words (with their hyphens and apostrophes), the spaces between them, and punctuation.
WORDS = re.compile(r"\s+|\w+(?:[-'’]\w+)*|[^\w\s]")


def words_diff(before: str, after: str) -> list[Segment]:
    """One line against another, word by word: joined up, each side reads as it was."""
    old, new = WORDS.findall(before), WORDS.findall(after)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new,
                                                      autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(old[i1:i2])))
            continue
        if op in ("replace", "delete"):
            segments.append(Segment("removed", "".join(old[i1:i2])))
        if op in ("replace", "insert"):
            segments.append(Segment("added", "".join(new[j1:j2])))
    return segments


# How alike two lines must be (difflib's ratio) to count as one line changed rather than one
# removed and another added.
ALIKE = 0.5


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _replaced(old: list[str], new: list[str]) -> list[Passage]:
    """A run of lines replaced by another: each old line, in order, is paired with the most
    alike new line after the last one paired, if alike enough (a change); the old lines
    left unpaired were removed, the new ones added."""
    passages: list[Passage] = []
    j = 0
    for line in old:
        scores = [(_similarity(line, candidate), k) for k, candidate in
                  enumerate(new[j:], start=j)]
        best = max(scores, default=(0.0, -1), key=lambda score: (score[0], -score[1]))
        if best[0] < ALIKE:
            passages.append(Passage("removed", line, ""))
            continue
        k = best[1]
        passages += [Passage("added", "", added) for added in new[j:k]]
        passages.append(Passage("changed", line, new[k], words_diff(line, new[k])))
        j = k + 1
    passages += [Passage("added", "", added) for added in new[j:]]
    return passages


def lines_diff(before: list[str], after: list[str]) -> list[Passage]:
    """One block's lines against another's, as passages changed, removed and added."""
    passages: list[Passage] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after,
                                                      autojunk=False).get_opcodes():
        if op != "equal":
            passages += _replaced(before[i1:i2], after[j1:j2])
    return passages


def _blocks(text) -> dict[str, list[str]]:
    """A version's text by heading; a flat list of lines (or nothing) as one block."""
    if not text:
        return {}
    if all(isinstance(item, str) for item in text):
        return {"": list(text)}
    return {block.get("heading", ""): [str(line) for line in block.get("lines", [])]
            for block in text if isinstance(block, dict)}


def text_diff(before, after) -> list[BlockChange]:
    """Two texts, block by block in the later one's order, then the blocks it dropped."""
    old, new = _blocks(before), _blocks(after)
    headings = list(new) + [heading for heading in old if heading not in new]
    changes = []
    for heading in headings:
        passages = lines_diff(old.get(heading, []), new.get(heading, []))
        if passages:
            changes.append(BlockChange(heading, passages))
    return changes


def letter_changes(letter: OutcomeLetter) -> LetterChanges:
    """What changed between the version sent to the area and the final (or the letter as
    it reads now, before the final is issued). Reads the letter's versions through
    `.all()`; before the final, the letter's content as `letter_content` does: fetch it with
    `letter_for_rendering` to read each in one query."""
    versions = sorted(letter.versions.all(), key=lambda version: version.number)
    sent = next((v for v in versions if v.number == letter.sent_version_number), None)
    if sent is None:
        return LetterChanges(versions, None, None, [])
    final = next((v for v in reversed(versions) if v.reason == VersionReason.FINAL
                  and v.number > sent.number), None)
    if not sent.text:
        return LetterChanges(versions, sent, final, [], text_kept=False)
    after = final.text if final is not None else letter_text(letter_content(letter))
    return LetterChanges(versions, sent, final, text_diff(sent.text, after))
