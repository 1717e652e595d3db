"""The Ofsted Regional Director's letter notifying the fitness decision (framework 18).

Once Ofsted and the CQC have recorded their joint decision on a submitted statement, the
Regional Director writes to the principal authority: fit for purpose; or not fit for purpose,
with the recommendations for each area of significant weakness and the date the revised
statement is due (20 working days, from the resubmission clock); or, the second time, not
fit for purpose and referred to the Minister (the 2017 key messages slides).

The letter's words are plain values (`DecisionLetterContent`) read from the review, its
submission, the statement and its inspection, in a fixed number of queries
(`review_for_letter`). It is rendered from `templates/documents/wsoa_decision_letter.html` with the
outcome letter's machinery (reports.pdf): autoescaped, laid out with the outcome letter's
stylesheet, fetching nothing, and written as tagged PDF/UA-1. `decision_letter_render`, run
by the Celery task wsoa.tasks.render_decision_letter after the decision commits, keeps the
PDF on the review with its SHA-256 and page count; run again, it renders the letter again as
the decision stands then.
"""

import datetime
import hashlib
import io
from dataclasses import dataclass

import weasyprint
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.dateformat import format as date_format
from pypdf import PdfReader

from audit.services import audit_record
from deadlines.models import Deadline, DeadlineStatus
from local_areas.models import AreaContact, ContactRole
from reports.content import LETTERHEAD, NO_NAME_SALUTATION, SIGN_OFF
from reports.pdf import PDF_VARIANT
from wsoa.models import Fitness, Recommendation, Review

TEMPLATE = "documents/wsoa_decision_letter.html"
RESUBMISSION_RULE = "wsoa_resubmission"
# Who the letter is copied to: the Secretary of State's department and NHS England, who
# follow the statement's progress (framework 19), and the CQC, who reviewed it with Ofsted.
CC = ["Department for Education", "NHS England", "Care Quality Commission"]
# Who, of the area's people, the letter is addressed to, by the principal authority HMCI
# named (reports.models.PrincipalAuthority).
ADDRESSED_ROLES = {"local_authority": [ContactRole.DCS],
                   "health": [ContactRole.HEALTH_CHIEF_EXECUTIVE],
                   "joint": [ContactRole.DCS, ContactRole.HEALTH_CHIEF_EXECUTIVE]}
SUBMITTED_BY = {
    "local_authority": "the local authority",
    "health": "the area's clinical commissioning group (CCG)",
    "joint": "the local authority and the area's clinical commissioning group (CCG) jointly",
}
# What may follow advice to the Minister (the 2017 key messages slides).
MINISTER_OPTIONS = ("additional targeted support, continued monitoring of progress, a "
                    "statutory direction or further inspection")


@dataclass(frozen=True)
class WeaknessRecommendation:
    number: int  # the area of significant weakness's place in the inspection letter
    weakness: str
    text: str


@dataclass(frozen=True)
class DecisionLetterContent:
    reference: str  # the inspection's reference, for the file name and the PDF's metadata
    title: str
    letter_date: datetime.date
    letterhead: list[str]
    addressee: list[str]
    also_addressed: list[str]
    salutation: str
    opening: list[str]
    decision: str  # Fitness
    decision_words: str  # "fit for purpose"
    decision_paragraphs: list[str]
    recommendations: list[WeaknessRecommendation]
    closing: list[str]
    sign_off: str
    regional_director: str
    regional_director_title: str
    cc: list[str]
    resubmission_due: datetime.date | None = None
    minister: bool = False
    language: str = "en-GB"


def _day(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def review_for_letter(**lookup) -> Review:
    """The review with everything the letter reads, in a fixed number of queries."""
    return (Review.objects.select_related(
        "submission__wsoa__inspection__local_area", "submission__wsoa__local_area")
        .prefetch_related(
            Prefetch("recommendations",
                     queryset=Recommendation.objects.select_related("weakness")),
            Prefetch("submission__wsoa__local_area__contacts",
                     queryset=AreaContact.objects.select_related("health_partner")))
        .get(**lookup))


def _resubmission_due(review: Review) -> datetime.date | None:
    """The revised statement's due date, from the resubmission clock the decision started
    (its latest, unless cancelled by a reopened decision)."""
    return (Deadline.objects.filter(wsoa_id=review.submission.wsoa_id,
                                    rule__code=RESUBMISSION_RULE)
            .exclude(status=DeadlineStatus.CANCELLED)
            .order_by("-created_at", "-id").values_list("due_date", flat=True).first())


def _addressees(wsoa, on: datetime.date) -> tuple[list[str], list[str], str, list[str]]:
    """Who the letter goes to on the day: the principal authority's leaders (the DCS, the
    CCG's or ICB's chief executive, or both), the first as addressee and the others also
    addressed; the salutation; and the LANO, copied in."""
    current = [c for c in wsoa.local_area.contacts.all()
               if c.start_date <= on and (c.end_date is None or c.end_date >= on)]
    leaders = [c for role in ADDRESSED_ROLES[wsoa.principal_authority]
               for c in current if c.role == role]
    area = wsoa.local_area.name

    def lines(contact) -> list[str]:
        body = contact.health_partner.name if contact.health_partner_id else f"{area} Council"
        return [contact.name, contact.job_title or contact.get_role_display(), body]

    def one_line(contact) -> str:
        return ", ".join(lines(contact))

    lano = [f"{c.name}, local area nominated officer" for c in current
            if c.role == ContactRole.LANO]
    if not leaders:
        return ["Director of Children's Services", f"{area} Council"], [], \
            NO_NAME_SALUTATION, lano
    return (lines(leaders[0]), [one_line(c) for c in leaders[1:]],
            f"Dear {' and '.join(c.name for c in leaders)}", lano)


def _decision_paragraphs(*, decision: str, minister: bool, due: datetime.date | None,
                         area: str) -> tuple[list[str], list[str]]:
    """What the decision means for the area, and the letter's closing paragraphs."""
    if decision == Fitness.FIT:
        return [
            "Ofsted and the CQC have reviewed the statement jointly. It sets out how the "
            "local area will tackle each of the areas of significant weakness identified in "
            "the inspection, who will take each action and the period within which it will "
            "be taken.",
        ], [
            "The local area must publish the statement on its websites, including the local "
            "offer website, if it has not already done so.",
            "The Department for Education, working with NHS England, will continue to "
            f"challenge and support {area} as it carries out the actions in the statement, "
            "and will advise the Minister on the progress made, usually around 12 months "
            "after the publication of the inspection report.",
        ]
    if minister:
        return [
            "Ofsted and the CQC have reviewed the revised statement jointly. As the statement "
            "has now been judged not fit for purpose twice, it is referred to the Minister, "
            "with advice on the next steps. The recommendations below set out where it still "
            "falls short.",
        ], [
            f"The next steps will be decided case by case. They may include {MINISTER_OPTIONS}.",
            "The Department for Education, working with NHS England, will be in touch with "
            "the local area about the next steps.",
        ]
    due_words = f" by {_day(due)}" if due is not None else ""
    return [
        "Ofsted and the CQC have reviewed the statement jointly. The recommendations below "
        "set out how it needs to improve.",
    ], [
        "The local area must revise the statement in the light of these recommendations and "
        f"resubmit it to Ofsted{due_words}, within 20 working days of this letter, and then "
        "republish it on its websites, including the local offer website.",
        "If the revised statement is again judged not fit for purpose, it will be referred "
        "to the Minister.",
    ]


def decision_letter_content(review: Review) -> DecisionLetterContent:
    """The letter as the decision stands: read through `.all()`, so fetch the review with
    `review_for_letter` to read each part in one query."""
    submission = review.submission
    wsoa = submission.wsoa
    inspection = wsoa.inspection
    area = wsoa.local_area.name
    minister = (review.decision == Fitness.NOT_FIT and submission.number > 1)
    due = (_resubmission_due(review)
           if review.decision == Fitness.NOT_FIT and not minister else None)
    addressee, also, salutation, lano = _addressees(wsoa, review.decided_on)
    statement = "revised written statement of action" if submission.number > 1 else \
        "written statement of action"
    opening = [
        f"Thank you for the {statement} for {area}, submitted on "
        f"{_day(submission.submitted_on)} by {SUBMITTED_BY[wsoa.principal_authority]}. "
        f"The statement responds to the joint inspection of the local area by Ofsted and the "
        f"Care Quality Commission (CQC) between {_day(inspection.onsite_start)} and "
        f"{_day(inspection.onsite_end)}, after which Her Majesty's Chief Inspector determined "
        f"that a written statement of action was required.",
        f"This letter tells you of the outcome of Ofsted's and the CQC's review of submission "
        f"{submission.number} of the statement.",
    ]
    decision_paragraphs, closing = _decision_paragraphs(
        decision=review.decision, minister=minister, due=due, area=area)
    recommendations = []
    for recommendation in sorted(review.recommendations.all(),
                                 key=lambda r: (r.weakness.position, r.pk)):
        weakness = recommendation.weakness
        recommendations.append(WeaknessRecommendation(
            number=weakness.position, weakness=weakness.text.rstrip("."),
            text=recommendation.text))
    return DecisionLetterContent(
        reference=inspection.reference, letter_date=review.decided_on,
        title=f"Written statement of action: {area}",
        letterhead=list(LETTERHEAD), addressee=addressee, also_addressed=also,
        salutation=salutation, opening=opening, decision=review.decision,
        decision_words=Fitness(review.decision).label.lower(),
        decision_paragraphs=decision_paragraphs, recommendations=recommendations,
        closing=closing, sign_off=SIGN_OFF, regional_director=review.regional_director,
        regional_director_title="Regional Director, Ofsted", cc=[*CC, *lano],
        resubmission_due=due, minister=minister)


def render_decision_letter_html(content: DecisionLetterContent) -> str:
    return render_to_string(TEMPLATE, {"content": content, "draft": False})


def render_decision_letter_pdf(content: DecisionLetterContent) -> bytes:
    """The letter as a tagged PDF/UA-1 document, as reports.pdf renders the outcome letter."""
    html = weasyprint.HTML(
        string=render_decision_letter_html(content),
        base_url=str(settings.BASE_DIR / "templates" / "wsoa"),
        url_fetcher=weasyprint.URLFetcher(allowed_protocols=(), fail_on_errors=True),
    )
    return html.write_pdf(pdf_variant=PDF_VARIANT,
                          pdf_identifier=f"{content.reference}-wsoa".encode())


def _file_name(review: Review) -> str:
    submission = review.submission
    return (f"{submission.wsoa.inspection.reference}-wsoa-{submission.number}-"
            f"{review.decision.replace('_', '-')}.pdf")


def decision_letter_render(*, review_id: int) -> Review:
    """Render the letter as the decision stands and keep it on the review, with its SHA-256
    and page count, replacing any earlier render; audited as a system step. A review whose
    decision was reopened meanwhile has no letter to render: it is returned as it is."""
    review = review_for_letter(pk=review_id)
    if not review.decision:
        return review
    content = decision_letter_content(review)
    pdf = render_decision_letter_pdf(content)
    sha256, pages = hashlib.sha256(pdf).hexdigest(), len(PdfReader(io.BytesIO(pdf)).pages)
    storage = Review._meta.get_field("letter_pdf").storage
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=review_id)
        if (locked.decision, locked.decided_on) != (review.decision, review.decided_on):
            # Reopened, or decided again, while this render ran: its own render follows.
            return locked
        earlier = locked.letter_pdf.name
        locked.letter_pdf.save(_file_name(review), ContentFile(pdf), save=False)
        locked.letter_sha256, locked.letter_pages = sha256, pages
        locked.save(update_fields=["letter_pdf", "letter_sha256", "letter_pages"])
        wsoa = review.submission.wsoa
        audit_record(actor=None, action="wsoa.decision_letter_rendered", obj=wsoa,
                     local_area=wsoa.local_area, inspection_id=wsoa.inspection_id,
                     after={"review_id": locked.pk, "submission_id": locked.submission_id,
                            "number": review.submission.number, "decision": locked.decision,
                            "pages": pages, "sha256": sha256})
        if earlier and earlier != locked.letter_pdf.name:
            transaction.on_commit(lambda: storage.delete(earlier))
    return locked


def decision_letter_downloaded(*, review: Review, by) -> None:
    """An audit row for a download of the letter: who took which render."""
    wsoa = review.submission.wsoa
    with transaction.atomic():
        audit_record(actor=by, action="wsoa.decision_letter_downloaded", obj=wsoa,
                     local_area=wsoa.local_area, inspection_id=wsoa.inspection_id,
                     after={"review_id": review.pk, "number": review.submission.number,
                            "decision": review.decision, "sha256": review.letter_sha256})
