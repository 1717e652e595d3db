"""Celery tasks of the outcome letter: each takes ids, calls one service, and is safe to run
twice (a second run renders the letter again, as it stands then)."""

from celery import shared_task

from reports.rendering import letter_render


@shared_task(name="reports.render_letter")
def render_letter(letter_id: int) -> dict:
    render = letter_render(letter_id=letter_id)
    return {"render_id": render.pk, "pages": render.pages, "sha256": render.sha256}
