"""Reads of an outcome letter that the services and the pages share, so that a page offers a
step on the same rule the service applies. Each reads the letter's versions and reviews
through `.all()`, so a letter read with them prefetched costs no further query."""

from accounts.models import Inspectorate
from reports.models import (
    Finding,
    LetterReview,
    LetterVersion,
    OutcomeLetter,
    ReviewDecision,
    VersionReason,
)

INSPECTORATE_NAMES = dict(Inspectorate.choices)


def current_version(letter: OutcomeLetter) -> LetterVersion:
    """The letter's latest version: the one quality assurance is deciding on."""
    return max(letter.versions.all(), key=lambda version: version.number)


def current_approvals(letter: OutcomeLetter) -> list[LetterReview]:
    """The approvals of the latest version, in the order they were given. A return starts a
    new version, so approvals of an earlier one do not count."""
    return [review for review in current_version(letter).reviews.all()
            if review.decision == ReviewDecision.APPROVED]


def approvals_missing(letter: OutcomeLetter) -> list[str]:
    """The inspectorates, by name (Ofsted, CQC), that have still to approve the latest
    version. The draft may go to the local area only when this is empty."""
    approved = {review.inspectorate for review in current_approvals(letter)}
    return [name for code, name in INSPECTORATE_NAMES.items() if code not in approved]


def approvals_missing_refusal(letter: OutcomeLetter) -> str:
    """Why the draft cannot be sent yet, in words; blank once both have approved."""
    missing = approvals_missing(letter)
    if not missing:
        return ""
    number = current_version(letter).number
    still = " and ".join(missing)
    verb = "have" if len(missing) > 1 else "has"
    return (f"The draft can be sent to the local area only once Ofsted and CQC have both "
            f"approved version {number}: {still} {verb} not approved it yet.")


def reviewer_refusal(user, inspectorate: str) -> str:
    """Why the user may not record this inspectorate's quality assurance decision: only its
    own staff may. Blank if they may."""
    from policy import letters as policy

    name = INSPECTORATE_NAMES.get(inspectorate)
    if name is None:
        return ("You are not recorded as working for Ofsted or CQC, so you cannot record "
                "either's quality assurance decision")
    if not policy.may_review_for(user, inspectorate):
        return f"Only {name} staff can record {name}'s quality assurance decision"
    return ""


def approved_already(letter: OutcomeLetter, inspectorate: str) -> str:
    """'Ofsted has already approved version 2 of the draft', if it has; blank if not."""
    if any(review.inspectorate == inspectorate for review in current_approvals(letter)):
        return (f"{INSPECTORATE_NAMES[inspectorate]} has already approved version "
                f"{current_version(letter).number} of the draft")
    return ""


def unsupported_findings(letter: OutcomeLetter) -> int:
    """How many of the letter's findings no evidence supports (one query)."""
    return Finding.objects.filter(letter=letter, links__isnull=True).count()


def quality_assurance_refusal(letter: OutcomeLetter) -> str:
    """Why the report cannot be published for want of quality assurance: the last version
    quality assurance decided on lacks an approval of Ofsted's or of CQC's. Blank if it has
    both, or if the letter has no such version (carried over from before letters had
    versions, so decided outside the service)."""
    reviewed = [version for version in letter.versions.all()
                if version.reason in (VersionReason.FIRST_DRAFT, VersionReason.RETURNED)]
    if not reviewed:
        return ""
    last = max(reviewed, key=lambda version: version.number)
    approved = {review.inspectorate for review in last.reviews.all()
                if review.decision == ReviewDecision.APPROVED}
    missing = [name for code, name in INSPECTORATE_NAMES.items() if code not in approved]
    if not missing:
        return ""
    return (f"You cannot publish the report: quality assurance has not passed version "
            f"{last.number} ({' and '.join(missing)} did not approve it)")
