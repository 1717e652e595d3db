"""Every version of the letter keeps the text it had: frozen when it is submitted for
quality assurance and when it is sent, and the final as a version of its own; what changed
between the draft sent to the area and the final, as a page for those who read the draft."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from reports import findings as finding_services
from reports import services as letters
from reports.accuracy import recipient_name
from reports.content import letter_content
from reports.models import Finding, LetterState, LetterVersion, OutcomeLetter, VersionReason
from reports.rendering import letter_for_rendering
from reports.versions import (
    MAIN_FINDINGS,
    letter_changes,
    letter_text,
    text_diff,
    words_diff,
)

pytestmark = pytest.mark.django_db
KEPT = "Leaders know their area well."
CHANGED = "Co-production with parents is weak."
CHANGED_TO = "Co-production with parents and carers is weak in health services."
DROPPED = "Too many plans are late."
ADDED = "The local offer is hard to find."
STRENGTH = "Early years settings identify needs early."


def letter(inspection) -> OutcomeLetter:
    return OutcomeLetter.objects.select_related("inspection").get(inspection=inspection)


def _block(text: list[dict], heading: str) -> list[str]:
    return next(block["lines"] for block in text if block["heading"] == heading)


def _page(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ",
                                                    response.content.decode())))


@pytest.fixture
def drafted(walk, inspection, lead_inspector):
    """Medway's letter being drafted, with three main findings and a strength."""
    walk(LetterState.DRAFTING)
    for text in (KEPT, CHANGED, DROPPED):
        finding_services.finding_add(letter=letter(inspection), by=lead_inspector,
                                     section="main", text=text)
    finding_services.finding_add(letter=letter(inspection), by=lead_inspector, section="A",
                                 kind="strength", text=STRENGTH)
    return letter(inspection)


def _amend_after_sending(inspection, lead_inspector):
    """The lead's amendments after the area's comments: one finding reworded, one taken out,
    one put in (as rows: the findings' own pages are for drafting)."""
    sent = letter(inspection)
    Finding.objects.filter(letter=sent, text=CHANGED).update(text=CHANGED_TO)
    Finding.objects.filter(letter=sent, text=DROPPED).delete()
    Finding.objects.create(letter=sent, section="main", kind="finding", text=ADDED,
                           position=9, written_by=lead_inspector)


# Freezing ----------------------------------------------------------------------------------

def test_submitting_for_quality_assurance_freezes_the_version(drafted, walk, inspection):
    version = LetterVersion.objects.get(letter=drafted)
    assert (version.text, version.frozen_at) == ([], None)
    walk(LetterState.QUALITY_ASSURANCE)
    version.refresh_from_db()
    assert version.frozen_at is not None
    assert _block(version.text, MAIN_FINDINGS) == [KEPT, CHANGED, DROPPED]
    assert version.text == letter_text(letter_content(letter_for_rendering(pk=drafted.pk)))
    # The letterhead, addresses and date are not part of it.
    assert not any("Piccadilly Gate" in line or "Dear" in line
                   for block in version.text for line in block["lines"])


def test_a_returned_draft_starts_unfrozen_and_is_frozen_when_resubmitted(
        drafted, walk, inspection, quality_assurance, lead_inspector):
    walk(LetterState.QUALITY_ASSURANCE)
    letters.letter_return_draft(letter=letter(inspection), by=quality_assurance,
                                comments="Say more about health")
    second = LetterVersion.objects.get(letter=drafted, number=2)
    assert (second.text, second.frozen_at) == ([], None)
    finding_services.finding_add(letter=letter(inspection), by=lead_inspector,
                                 section="main", text=ADDED)
    letters.letter_submit_for_qa(letter=letter(inspection), by=lead_inspector)
    second.refresh_from_db()
    first = LetterVersion.objects.get(letter=drafted, number=1)
    assert _block(first.text, MAIN_FINDINGS) == [KEPT, CHANGED, DROPPED]
    assert _block(second.text, MAIN_FINDINGS) == [KEPT, CHANGED, DROPPED, ADDED]
    row = AuditEvent.objects.filter(action="letter.submit_for_qa").latest("id")
    assert row.after["letter_version"] == 2


def test_sending_freezes_the_version_and_records_it_as_the_one_sent(drafted, walk, inspection):
    walk(LetterState.QUALITY_ASSURANCE)
    submitted_at = LetterVersion.objects.get(letter=drafted).frozen_at
    walk(LetterState.DRAFT_WITH_LOCAL_AREA)
    sent = letter(inspection)
    version = LetterVersion.objects.get(letter=sent)
    assert sent.sent_version_number == version.number == 1
    assert version.frozen_at >= submitted_at
    assert _block(version.text, MAIN_FINDINGS) == [KEPT, CHANGED, DROPPED]


def test_the_final_is_a_version_of_its_own_frozen_as_issued(drafted, walk, inspection,
                                                           lead_inspector):
    walk(LetterState.DRAFT_WITH_LOCAL_AREA)
    _amend_after_sending(inspection, lead_inspector)
    walk(LetterState.FINAL_ISSUED)
    final = letter(inspection)
    assert list(final.versions.values_list("number", "reason", "started_by")) == [
        (1, "first_draft", lead_inspector.pk), (2, "final", lead_inspector.pk)]
    assert final.sent_version_number == 1
    frozen = final.versions.get(number=2)
    assert frozen.frozen_at is not None
    assert _block(frozen.text, MAIN_FINDINGS) == [KEPT, CHANGED_TO, ADDED]
    assert AuditEvent.objects.get(action="letter.issue_final").after["letter_version"] == 2


# What changed ------------------------------------------------------------------------------

def test_the_changes_since_the_draft_was_sent_before_and_after_the_final(
        drafted, walk, inspection, lead_inspector):
    walk(LetterState.DRAFT_WITH_LOCAL_AREA)
    assert letter_changes(letter_for_rendering(pk=drafted.pk)).blocks == []
    _amend_after_sending(inspection, lead_inspector)

    before_final = letter_changes(letter_for_rendering(pk=drafted.pk))
    assert (before_final.sent.number, before_final.final) == (1, None)
    assert (before_final.changed, before_final.added, before_final.removed) == (1, 1, 1)

    walk(LetterState.FINAL_ISSUED)
    # A change after the final is issued is not the final's.
    Finding.objects.filter(letter=drafted, text=KEPT).update(text="Something else")
    changes = letter_changes(letter_for_rendering(pk=drafted.pk))
    assert (changes.sent.number, changes.final.number) == (1, 2)
    assert [block.heading for block in changes.blocks] == [MAIN_FINDINGS]
    passages = changes.blocks[0].passages
    assert [(p.kind, p.before, p.after) for p in passages] == [
        ("changed", CHANGED, CHANGED_TO), ("removed", DROPPED, ""), ("added", "", ADDED)]
    assert [(s.kind, s.text) for s in passages[0].segments if s.kind != "same"] == [
        ("added", "and carers "), ("added", " in health services")]
    assert "".join(s.text for s in passages[0].segments if s.kind != "added") == CHANGED
    assert (changes.changed, changes.added, changes.removed) == (1, 1, 1)


def test_dating_and_addressing_the_final_is_not_a_change(drafted, walk, inspection):
    walk(LetterState.FINAL_ISSUED)
    final = letter(inspection)
    assert final.final_issued_on != final.draft_sent_on
    changes = letter_changes(letter_for_rendering(pk=final.pk))
    assert changes.final is not None and changes.blocks == []


def test_a_letter_sent_before_versions_kept_their_text_does_not_crash(client, walk, inspection,
                                                                      lead_inspector):
    walk(LetterState.DRAFT_WITH_LOCAL_AREA)
    carried = letter(inspection)
    LetterVersion.objects.filter(letter=carried).update(
        text=[], frozen_at=None, reason=VersionReason.CARRIED_OVER, started_by=None)
    changes = letter_changes(letter_for_rendering(pk=carried.pk))
    assert (changes.sent.number, changes.text_kept, changes.blocks) == (1, False, [])
    client.force_login(lead_inspector)
    page = client.get(reverse("reports:letter-changes", args=[inspection.pk]))
    assert page.status_code == 200
    assert "The text of the draft sent was not kept" in _page(page)
    assert "Recorded before letters had versions" in _page(page)


def test_texts_compare_block_by_block_and_as_flat_lines():
    assert text_diff([], []) == []
    flat = text_diff(["One.", "Two plans.", "Two."], ["One.", "Two plans late.", "Three."])
    assert [(b.heading, [(p.kind, p.before, p.after) for p in b.passages]) for b in flat] == [
        ("", [("changed", "Two plans.", "Two plans late."), ("removed", "Two.", ""),
              ("added", "", "Three.")])]
    dropped = text_diff([{"heading": "Closing", "lines": ["Bye."]}],
                        [{"heading": "Title", "lines": ["Hello"]}])
    assert [(b.heading, [p.kind for p in b.passages]) for b in dropped] == [
        ("Title", ["added"]), ("Closing", ["removed"])]
    assert "".join(s.text for s in words_diff("a b c", "a x c") if s.kind != "removed") == (
        "a x c")


# The page ----------------------------------------------------------------------------------

def test_the_page_shows_the_changes_to_those_who_read_the_draft(
        client, drafted, walk, inspection, lead_inspector, quality_assurance, lano,
        local_area_leader, ofsted_admin):
    url = reverse("reports:letter-changes", args=[inspection.pk])
    client.force_login(lead_inspector)
    not_sent = client.get(url)
    assert not_sent.status_code == 200
    assert "The draft has not been sent to the local area yet" in _page(not_sent)

    walk(LetterState.DRAFT_WITH_LOCAL_AREA)
    recipient_name(letter=letter(inspection), by=ofsted_admin, user=local_area_leader,
                   capacity="dcs")
    assert "Nothing has changed since the draft was sent" in _page(client.get(url))
    _amend_after_sending(inspection, lead_inspector)
    walk(LetterState.FINAL_ISSUED)

    client.force_login(quality_assurance)
    response = client.get(url)
    assert response.status_code == 200
    page, markup = _page(response), response.content.decode()
    assert "1 passage changed, 1 added, 1 removed" in page
    assert "the final report (version 2)" in page
    assert ('<del class="app-change__removed"><span class="govuk-visually-hidden">removed: '
            f'</span>{html.escape(DROPPED)}</del>') in markup
    assert ('<ins class="app-change__added"><span class="govuk-visually-hidden">added: '
            f'</span>{html.escape(ADDED)}</ins>') in markup
    assert "added: and carers" in page and "added: in health services" in page
    assert KEPT not in page  # unchanged passages are not listed
    assert "Final, after the area's comments" in page and "Sent to the local area" in page

    # Of the area, those the draft was sent to read the changes; the rest are refused.
    client.force_login(lano)
    assert client.get(url).status_code == 403
    client.force_login(local_area_leader)
    assert "1 passage changed, 1 added, 1 removed" in _page(client.get(url))

    client.force_login(lead_inspector)
    findings = client.get(reverse("reports:findings", args=[inspection.pk])).content.decode()
    assert f'href="{url}" id="letter-changes-link"' in findings


def test_the_page_reads_a_constant_number_of_queries(client, drafted, walk, inspection,
                                                     lead_inspector):
    url = reverse("reports:letter-changes", args=[inspection.pk])
    client.force_login(lead_inspector)

    def counted() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    walk(LetterState.DRAFT_WITH_LOCAL_AREA)
    few = counted()
    for n in range(10):
        Finding.objects.create(letter=drafted, section="ABC"[n % 3], kind="development",
                               text=f"Development {n}", position=20 + n,
                               written_by=lead_inspector)
    # Compared with the letter as it reads now: the same queries, whatever its findings.
    assert counted() == few
    assert "0 passages changed, 10 added, 0 removed" in _page(client.get(url))

    walk(LetterState.FINAL_ISSUED)
    final_few = counted()
    for n in range(5):
        LetterVersion.objects.create(letter=drafted, number=10 + n, reason="returned",
                                     text=[{"heading": MAIN_FINDINGS, "lines": [str(n)]}])
    assert counted() == final_few


def test_before_the_letter_is_started_the_page_says_so(client, inspection, lead_inspector):
    client.force_login(lead_inspector)
    response = client.get(reverse("reports:letter-changes", args=[inspection.pk]))
    assert response.status_code == 200
    assert "has not started drafting the outcome letter yet" in _page(response)
    assert 'id="versions"' not in response.content.decode()


def test_the_outcome_self_evaluation_and_recommendations_are_compared_too():
    """A 2023 letter's outcome and recommendations, and any letter's self-evaluation
    findings, are part of what a version keeps."""
    import dataclasses

    from reports.content import medway_content
    from reports.versions import OUTCOME, RECOMMENDATIONS, SELF_EVALUATION

    sent = dataclasses.replace(medway_content(), outcome="Outcome 2 as worded",
                               recommendations=["Leaders should publish the plan."])
    final = dataclasses.replace(sent, outcome="Outcome 1 as worded",
                                self_evaluation=["The self-evaluation is accurate."],
                                recommendations=["Leaders should publish the plan.",
                                                 "Leaders should check waiting times."])
    changes = {block.heading: [(p.kind, p.before, p.after) for p in block.passages]
               for block in text_diff(letter_text(sent), letter_text(final))}
    assert changes == {
        OUTCOME: [("changed", "Outcome 2 as worded", "Outcome 1 as worded")],
        SELF_EVALUATION: [("added", "", "The self-evaluation is accurate.")],
        RECOMMENDATIONS: [("added", "", "Leaders should check waiting times.")],
    }
