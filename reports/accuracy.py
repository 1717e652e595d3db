"""The restricted draft with the local area (handbook 66 and 67): who of the area it is sent
to, each reading of it, and their factual-accuracy comments with the lead inspector's answers.

The draft goes to the DCS and the chief executive(s) of the CCG(s) or ICB(s), named on the
letter by an Ofsted admin or the lead inspector, and to the representatives those name. From
the day it is sent, they alone of the area read it (each reading audited) and comment on it,
passage by passage, within their 10 working days: the factual-accuracy clock, which an admin
may extend (deadlines.services.deadline_extend, audited). The lead inspector answers every
comment, accepted with the change made or not accepted with the reason, and the recipients
are told of each answer. The final report is not issued, nor the report published, while a
comment is unanswered.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from audit.services import audit_record, text_fields
from config import clock
from config.govuk_forms import long_date
from deadlines.models import DeadlineStatus, Notification
from deadlines.selectors import deadline_for_case
from policy import letters as policy
from policy import people
from reports.models import (
    PRINCIPAL_CAPACITIES,
    AccuracyComment,
    CommentResponse,
    DraftRecipient,
    LetterState,
    OutcomeLetter,
    RecipientCapacity,
)
from reports.selectors import current_version

# Until when recipients may be named or removed: not once the final has been issued.
RECIPIENTS_OPEN = frozenset({LetterState.DRAFTING, LetterState.QUALITY_ASSURANCE,
                             LetterState.DRAFT_WITH_LOCAL_AREA})


def letter_with_recipients(letter: OutcomeLetter) -> OutcomeLetter:
    """The letter, fresh and locked, with its recipients for the policy."""
    return (OutcomeLetter.objects.select_for_update(of=("self",))
            .select_related("inspection__local_area")
            .prefetch_related("recipients").get(pk=letter.pk))


def _require(by, letter: OutcomeLetter, action: str) -> None:
    if action not in policy.permitted(user=by, inspection=letter.inspection, letter=letter):
        raise PermissionDenied(policy.refusal(action))


def _audit(letter: OutcomeLetter, by, action: str, after: dict) -> None:
    audit_record(actor=by, action=f"letter.{action}", obj=letter,
                 local_area=letter.inspection.local_area, after=after)


# Recipients -----------------------------------------------------------------------------------

def recipients_refusal(letter: OutcomeLetter) -> str:
    """Why recipients cannot be named or removed now; blank if they can."""
    if letter.state not in RECIPIENTS_OPEN:
        return ("The final report has been issued: who the draft went to can no longer "
                "change")
    return ""


def recipient_candidates(letter: OutcomeLetter):
    """Who of the inspected area could be named: its active LANOs and leaders not named yet,
    by name."""
    named = [r.user_id for r in letter.recipients.all()]
    return (User.objects.filter(is_active=True, local_area=letter.inspection.local_area,
                                groups__name__in=people.LOCAL_AREA_ROLES)
            .exclude(pk__in=named).distinct().order_by("first_name", "last_name", "username"))


def principal_named(letter: OutcomeLetter) -> bool:
    return any(r.capacity in PRINCIPAL_CAPACITIES for r in letter.recipients.all())


@transaction.atomic
def recipient_name(*, letter: OutcomeLetter, by, user: User, capacity: str) -> DraftRecipient:
    """Name someone of the area to receive the draft. An admin or the lead names anyone of
    the area in any capacity; a principal recipient names only representatives."""
    letter = letter_with_recipients(letter)
    can = policy.permitted(user=by, inspection=letter.inspection, letter=letter)
    if "name_recipients" not in can:
        if "name_representatives" not in can:
            raise PermissionDenied(policy.refusal("name_recipients"))
        if capacity != RecipientCapacity.REPRESENTATIVE:
            raise ValidationError({"capacity": "You can name representatives only"})
    if refusal := recipients_refusal(letter):
        raise ValidationError(refusal)
    if capacity not in RecipientCapacity.values:
        raise ValidationError({"capacity": "Select in what capacity they receive the draft"})
    if not recipient_candidates(letter).filter(pk=user.pk).exists():
        raise ValidationError({"user": "Select someone of the local area who has not been "
                                       "named already"})
    recipient = DraftRecipient.objects.create(letter=letter, user=user, capacity=capacity,
                                              named_by=by, named_at=clock.now())
    _audit(letter, by, "recipient_named", {"user_id": user.pk, "capacity": capacity})
    return recipient


@transaction.atomic
def recipient_remove(*, recipient: DraftRecipient, by) -> None:
    letter = letter_with_recipients(recipient.letter)
    _require(by, letter, "remove_recipients")
    if refusal := recipients_refusal(letter):
        raise ValidationError(refusal)
    if (letter.state == LetterState.DRAFT_WITH_LOCAL_AREA
            and recipient.capacity in PRINCIPAL_CAPACITIES
            and sum(r.capacity in PRINCIPAL_CAPACITIES for r in letter.recipients.all()) == 1):
        raise ValidationError("The draft is with the local area: name another DCS or health "
                              "chief executive before removing the last one")
    DraftRecipient.objects.filter(pk=recipient.pk).delete()
    _audit(letter, by, "recipient_removed", {"user_id": recipient.user_id,
                                              "capacity": recipient.capacity})


def send_warning(letter: OutcomeLetter) -> str:
    """What the send page warns of when no DCS or health chief executive is named: nobody
    of the area could read the draft in the service. Blank when one is."""
    if principal_named(letter):
        return ""
    return ("Nobody is named to receive the draft as the director of children's services or "
            "a health chief executive, so nobody of the local area can read it or comment on "
            "it in the service. Name them on the recipients page first, or later while the "
            "draft is with the area.")


# Reading the draft ----------------------------------------------------------------------------

def draft_read(*, letter: OutcomeLetter, by, what: str) -> None:
    """Each reading of the restricted draft is audited: who, which version, as a page or a
    PDF (`what`: "page" or "pdf")."""
    with transaction.atomic():
        _audit(letter, by, "draft_read", {"letter_version": current_version(letter).number,
                                          "as": what})


# Comments -------------------------------------------------------------------------------------

def comments_refusal(letter: OutcomeLetter, clock_row=None) -> str:
    """Why the area cannot comment now; blank if it can. `clock_row`: the letter's
    factual-accuracy clock, if it has been read already."""
    if letter.state != LetterState.DRAFT_WITH_LOCAL_AREA:
        return "Comments are taken only while the draft is with the local area"
    if letter.comments_received_on is not None:
        return (f"The local area's comments were recorded as complete on "
                f"{long_date(letter.comments_received_on)}")
    row = clock_row or deadline_for_case(inspection=letter.inspection,
                                         rule_code="factual_accuracy")
    if row is not None and row.status != DeadlineStatus.CANCELLED and \
            clock.today() > row.due_date:
        return (f"The time to comment ended on {long_date(row.due_date)}. Ask Ofsted to "
                f"extend it if you need more time")
    return ""


@transaction.atomic
def accuracy_comment_add(*, letter: OutcomeLetter, by, passage: str,
                         comment: str) -> AccuracyComment:
    letter = letter_with_recipients(letter)
    _require(by, letter, "comment_on_draft")
    errors = {}
    if not passage.strip():
        errors["passage"] = "Enter the passage of the draft your comment is about"
    if not comment.strip():
        errors["comment"] = "Enter your comment"
    if errors:
        raise ValidationError(errors)
    if refusal := comments_refusal(letter):
        raise ValidationError(refusal)
    made = AccuracyComment.objects.create(
        letter=letter, version_number=letter.versions.order_by("-number").first().number,
        passage=passage.strip(), comment=comment.strip(), by=by, submitted_at=clock.now())
    _audit(letter, by, "comment_added", {"comment_id": made.pk,
                                         "letter_version": made.version_number})
    return made


def answer_refusal(letter: OutcomeLetter) -> str:
    if letter.state != LetterState.DRAFT_WITH_LOCAL_AREA:
        return "Comments are answered only while the draft is with the local area"
    return ""


@transaction.atomic
def accuracy_comment_answer(*, comment: AccuracyComment, by, response: str,
                            response_text: str, version: int | None = None
                            ) -> AccuracyComment:
    """The lead inspector answers a comment: accepted, saying the change made, or not
    accepted, saying why. The recipients are told, in the service and by email, once it is
    committed; the notification holds none of the words."""
    letter = letter_with_recipients(comment.letter)
    _require(by, letter, "answer_comments")
    errors = {}
    if response not in CommentResponse.values:
        errors["response"] = "Select whether you accept the comment"
    if not response_text.strip():
        errors["response_text"] = ("Say what you changed" if response == CommentResponse.ACCEPTED
                                   else "Give the reason")
    if errors:
        raise ValidationError(errors)
    if refusal := answer_refusal(letter):
        raise ValidationError(refusal)
    fresh = AccuracyComment.objects.select_for_update().get(pk=comment.pk, letter=letter)
    if version is not None and fresh.version != version:
        raise ValidationError("Someone else answered this comment while you were writing: "
                              "read their answer, then change it if you need to")
    again = bool(fresh.response)
    fresh.response, fresh.response_text = response, response_text.strip()
    fresh.answered_by, fresh.answered_at = by, clock.now()
    fresh.version += 1
    fresh.save(update_fields=["response", "response_text", "answered_by", "answered_at",
                              "version"])
    _audit(letter, by, "comment_answered", {"comment_id": fresh.pk, "response": response,
                                            "again": again,
                                            "fields": text_fields(response=response_text)})
    _tell_recipients(letter, fresh, by)
    return fresh


def _tell_recipients(letter: OutcomeLetter, comment: AccuracyComment, by) -> None:
    from deadlines.tasks import deliver_notification_email

    inspection = letter.inspection
    link = (f"{settings.SERVICE_URL}"
            f"{reverse('reports:comments', args=[inspection.pk])}#comment-{comment.pk}")
    told = Notification.objects.bulk_create([
        Notification(user_id=recipient.user_id, inspection=inspection, created_at=clock.now(),
                     by_email=True,
                     subject=f"The lead inspector answered a comment on the draft report: "
                             f"{inspection.local_area.name}",
                     body=f"The lead inspector has answered a comment on the draft report "
                          f"of the inspection of {inspection.local_area.name} (reference "
                          f"{inspection.reference}). The draft and the answers are "
                          f"restricted: read them in the service.\n\n{link}")
        for recipient in letter.recipients.all() if recipient.user_id != by.pk])
    for notification in told:
        deliver_notification_email.delay_on_commit(notification.pk)


def unanswered(letter: OutcomeLetter) -> int:
    """How many of the area's comments have no answer yet. Reads them through `.all()`: one
    query, or none where they are prefetched."""
    return sum(1 for comment in letter.accuracy_comments.all() if not comment.response)


def unanswered_refusal(letter: OutcomeLetter, doing: str) -> str:
    """'You cannot issue the final report while 2 of the local area's comments have no
    answer'; blank when every comment is answered."""
    count = unanswered(letter)
    if not count:
        return ""
    return (f"You cannot {doing} while {count} of the local area's comments "
            f"{'has' if count == 1 else 'have'} no answer. The lead inspector answers each "
            f"first")
