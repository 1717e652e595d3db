"""The Regional Director's letter on a submission's fitness decision, as a download."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from policy import wsoa as policy
from wsoa import letter as decision_letter
from wsoa.models import Review


@require_GET
def decision_letter_download(request, pk: int, review_pk: int):
    """The stored PDF of the letter, for whoever may see the statement: "not found" to
    anyone else, and while the letter is not rendered yet."""
    review = get_object_or_404(
        Review.objects.select_related("submission__wsoa__local_area",
                                      "submission__wsoa__inspection")
        .filter(submission__wsoa__in=policy.visible_to(user=request.user),
                submission__wsoa_id=pk).exclude(decision="").exclude(letter_pdf=""),
        pk=review_pk)
    try:
        stream = review.letter_pdf.open("rb")
    except FileNotFoundError:
        raise Http404("The letter's file is missing") from None
    decision_letter.decision_letter_downloaded(review=review, by=request.user)
    submission = review.submission
    response = FileResponse(stream, content_type="application/pdf", as_attachment=True,
                            filename=f"{submission.wsoa.inspection.reference}-statement-"
                                     f"{submission.number}-decision-letter.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
