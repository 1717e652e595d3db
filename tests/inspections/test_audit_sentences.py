"""An inspection's steps on the audit page, as sentences."""

from django.urls import reverse

from inspections.models import State


def test_the_audit_page_reads_as_sentences(client, ofsted_admin, lead_inspector, inspection,
                                           walk):
    walk(State.FEEDBACK_GIVEN)
    client.force_login(ofsted_admin)
    response = client.get(reverse("audit:list"), {"action": "inspection.give_feedback"})
    html = response.content.decode()
    (event, changes), = response.context["rows"]
    assert event.sentence == (f"{lead_inspector.get_full_name()} gave final feedback on the "
                              f"{inspection}")
    assert event.sentence in html
    assert "inspection.give_feedback</td>" not in html
    assert "State: On site → Feedback given" in changes
    assert "Gave final feedback on the …" in html  # the action filter, in words
