"""Celery tasks of the written statement of action: each takes ids, calls one service, and
is safe to run twice (a second run renders the letter again, as the decision stands)."""

from celery import shared_task
from django.db import transaction


@shared_task(name="wsoa.render_decision_letter")
def render_decision_letter(review_id: int) -> dict:
    from wsoa.letter import decision_letter_render

    review = decision_letter_render(review_id=review_id)
    return {"review_id": review.pk, "pages": review.letter_pages,
            "sha256": review.letter_sha256}


def decision_letter_render_later(review) -> None:
    """Render the Regional Director's letter once the decision commits."""
    review_id = review.pk
    transaction.on_commit(lambda: render_decision_letter.delay(review_id))
