"""The letter's findings: the lead inspector writes them while the letter is being drafted and
links each to the evidence behind it; findings with no evidence are flagged, on the findings
page and before the draft goes to quality assurance."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from evidence.models import EvidenceRecord
from evidence.services.records import evidence_record_create
from inspections.models import Inspection, TeamRole
from reports import findings as services
from reports.models import Finding, FindingEvidence, LetterState, OutcomeLetter

pytestmark = pytest.mark.django_db
LEADERS = "Leaders do not share one vision and strategy for SEN and/or disabilities."


def _evidence(inspection, by, *, final=True, text="Leaders described three strategies",
              questions=("C",)):
    return evidence_record_create(inspection=Inspection.objects.get(pk=inspection.pk), by=by,
                                  final=final, activity="leaders", questions=list(questions),
                                  text=text)


@pytest.fixture
def drafting(walk, inspection, lead_inspector):
    """Medway's inspection with its letter being drafted, and final evidence on it."""
    walk(LetterState.DRAFTING)
    return OutcomeLetter.objects.select_related("inspection").get(inspection=inspection)


def _text(response) -> str:
    return response.content.decode()


# The services ------------------------------------------------------------------------------

def test_the_lead_adds_findings_in_order_within_each_section(drafting, lead_inspector):
    first = services.finding_add(letter=drafting, by=lead_inspector, section="main",
                                 text=LEADERS)
    strength = services.finding_add(letter=drafting, by=lead_inspector, section="A",
                                    kind="strength", text="Early years identification works")
    second = services.finding_add(letter=drafting, by=lead_inspector, section="main",
                                  text="  Co-production is weak.  ")
    assert [(f.section, f.kind, f.position) for f in (first, strength, second)] == [
        ("main", "finding", 1), ("A", "strength", 1), ("main", "finding", 2)]
    assert second.text == "Co-production is weak."
    added = AuditEvent.objects.filter(action="finding.added").order_by("id")
    assert [row.after["section"] for row in added] == ["main", "A", "main"]
    # Its words stay in the letter's own record, never in the audit trail.
    assert not [row for row in added if "vision" in str(row.after)]
    assert {row.inspection_id for row in added} == {drafting.inspection_id}


@pytest.mark.parametrize(("section", "kind", "field", "message"), [
    ("A", "", "kind", "Select whether it is a strength or an area for development"),
    ("B", "finding", "kind", "Select whether it is a strength or an area for development"),
    ("D", "", "section", "Select where the finding goes in the letter"),
])
def test_a_finding_out_of_place_is_refused(drafting, lead_inspector, section, kind, field,
                                           message):
    with pytest.raises(ValidationError) as refused:
        services.finding_add(letter=drafting, by=lead_inspector, section=section, kind=kind,
                             text="Something")
    assert refused.value.message_dict[field] == [message]
    assert not Finding.objects.exists()


def test_a_main_finding_is_a_finding_whatever_kind_is_asked(drafting, lead_inspector):
    finding = services.finding_add(letter=drafting, by=lead_inspector, section="main",
                                   kind="strength", text=LEADERS)
    assert finding.kind == "finding"


def test_a_recommendation_is_refused_on_a_2016_letter(drafting, lead_inspector):
    with pytest.raises(ValidationError) as refused:
        services.finding_add(letter=drafting, by=lead_inspector, section="recommendations",
                             text="Leaders should plan jointly")
    assert refused.value.message_dict["section"] == [
        "Recommendations are made only in a letter under the 2023 framework: put the "
        "finding in another section"]
    assert not Finding.objects.exists()
    main = services.finding_add(letter=drafting, by=lead_inspector, section="main",
                                text=LEADERS)
    with pytest.raises(ValidationError, match="only in a letter under the 2023 framework"):
        services.finding_update(finding=main, by=lead_inspector, section="recommendations",
                                text=LEADERS, version=main.version)
    assert Finding.objects.get().section == "main"


@pytest.fixture
def drafting_2023(make_inspection, assign, walk_to, lead_inspector, barnet) -> OutcomeLetter:
    """Barnet's 2023 inspection with its letter being drafted."""
    made = make_inspection(local_area=barnet, framework="2023", start=datetime.date(2024, 1, 15),
                           end=datetime.date(2024, 1, 19))
    assign(made, lead_inspector, TeamRole.LEAD)
    walk_to(made, LetterState.DRAFTING)
    return OutcomeLetter.objects.select_related("inspection").get(inspection=made)


def test_a_2023_letter_ends_its_findings_with_recommendations(drafting_2023, lead_inspector):
    finding = services.finding_add(letter=drafting_2023, by=lead_inspector,
                                   section="recommendations", kind="strength",
                                   text="Leaders should plan jointly")
    assert (finding.section, finding.kind) == ("recommendations", "finding")
    assert services.sections_for(drafting_2023.inspection)[-1] == "recommendations"
    assert "recommendations" not in services.sections_for(
        Inspection(framework="2016"))


def test_the_findings_pages_offer_recommendations_only_on_a_2023_letter(
        client, drafting, drafting_2023, lead_inspector):
    client.force_login(lead_inspector)
    on_2016 = drafting.inspection_id
    listing = _text(client.get(reverse("reports:findings", args=[on_2016])))
    assert 'id="section-self_evaluation"' in listing
    assert 'id="section-recommendations"' not in listing
    add = reverse("reports:finding-add", args=[on_2016])
    assert 'value="recommendations"' not in _text(client.get(add))
    refused = _text(client.post(add, {"section": "recommendations", "text": "Plan jointly"}))
    assert "Select where the finding goes in the letter" in refused
    assert not Finding.objects.exists()

    on_2023 = drafting_2023.inspection_id
    listing = _text(client.get(reverse("reports:findings", args=[on_2023])))
    assert listing.index('id="section-C"') < listing.index('id="section-recommendations"')
    add = reverse("reports:finding-add", args=[on_2023])
    assert 'value="recommendations"' in _text(client.get(add))
    done = client.post(add, {"section": "recommendations", "text": "Plan jointly"})
    assert done.status_code == 302
    assert Finding.objects.get().section == "recommendations"
    edit = _text(client.get(reverse("reports:finding-edit",
                                    args=[on_2023, Finding.objects.get().pk])))
    assert 'value="recommendations"' in edit


def test_only_the_lead_writes_findings(drafting, team_inspector, ofsted_admin):
    for user in (team_inspector, ofsted_admin):
        with pytest.raises(PermissionDenied):
            services.finding_add(letter=drafting, by=user, section="main", text=LEADERS)


def test_findings_change_only_while_the_letter_is_drafted(walk, inspection, drafting,
                                                          lead_inspector):
    finding = services.finding_add(letter=drafting, by=lead_inspector, section="main",
                                   text=LEADERS)
    walk(LetterState.QUALITY_ASSURANCE)
    letter = OutcomeLetter.objects.get(pk=drafting.pk)
    finding.letter = letter
    with pytest.raises(ValidationError, match="only while it is being drafted"):
        services.finding_add(letter=letter, by=lead_inspector, section="main", text="More")
    with pytest.raises(ValidationError, match="only while it is being drafted"):
        services.finding_remove(finding=finding, by=lead_inspector)
    assert Finding.objects.count() == 1


def test_a_change_against_an_older_version_is_refused(drafting, lead_inspector):
    finding = services.finding_add(letter=drafting, by=lead_inspector, section="main",
                                   text=LEADERS)
    services.finding_update(finding=finding, by=lead_inspector, section="main",
                            text="Changed once", version=1)
    with pytest.raises(ValidationError, match="changed by someone else"):
        services.finding_update(finding=finding, by=lead_inspector, section="main",
                                text="Saved over", version=1)
    finding.refresh_from_db()
    assert (finding.text, finding.version) == ("Changed once", 2)


def test_moved_to_another_section_a_finding_goes_last_there(drafting, lead_inspector):
    services.finding_add(letter=drafting, by=lead_inspector, section="B", kind="strength",
                         text="One")
    moved = services.finding_add(letter=drafting, by=lead_inspector, section="main",
                                 text="Two")
    moved = services.finding_update(finding=moved, by=lead_inspector, section="B",
                                    kind="development", text="Two", version=1)
    assert (moved.section, moved.kind, moved.position) == ("B", "development", 2)
    changed = AuditEvent.objects.get(action="finding.changed")
    assert (changed.before, changed.after["section"], changed.after["fields"]) == (
        {"section": "main", "kind": "finding"}, "B", [])


def test_final_evidence_of_the_inspection_is_linked_once(drafting, lead_inspector,
                                                         team_inspector, make_inspection,
                                                         assign):
    finding = services.finding_add(letter=drafting, by=lead_inspector, section="main",
                                   text=LEADERS)
    one, two = (_evidence(drafting.inspection, team_inspector, text=f"Note {n}")
                for n in (1, 2))
    assert services.finding_evidence_link(finding=finding, by=lead_inspector,
                                          record_ids=[one.pk]) == 1
    assert services.finding_evidence_link(finding=finding, by=lead_inspector,
                                          record_ids=[one.pk, two.pk]) == 1
    assert set(finding.evidence.values_list("pk", flat=True)) == {one.pk, two.pk}
    linked = AuditEvent.objects.filter(action="finding.evidence_linked").order_by("id")
    assert [row.after["records"] for row in linked] == [1, 1]

    draft = _evidence(drafting.inspection, team_inspector, final=False, text="Half done")
    with pytest.raises(ValidationError, match="Only final evidence"):
        services.finding_evidence_link(finding=finding, by=lead_inspector,
                                       record_ids=[draft.pk])
    other = make_inspection(reference="SEND-OTHER", start=datetime.date(2018, 3, 5),
                            end=datetime.date(2018, 3, 9))
    assign(other, team_inspector, TeamRole.HMI)
    elsewhere = _evidence(other, team_inspector, text="Another area")
    with pytest.raises(ValidationError, match="recorded on this inspection"):
        services.finding_evidence_link(finding=finding, by=lead_inspector,
                                       record_ids=[elsewhere.pk])
    assert FindingEvidence.objects.count() == 2

    services.finding_evidence_unlink(finding=finding, by=lead_inspector, record_id=one.pk)
    assert list(finding.evidence.values_list("pk", flat=True)) == [two.pk]


# The pages ---------------------------------------------------------------------------------

def test_the_findings_page_flags_findings_with_no_evidence(client, drafting, lead_inspector,
                                                           team_inspector):
    supported = services.finding_add(letter=drafting, by=lead_inspector, section="main",
                                     text=LEADERS)
    services.finding_add(letter=drafting, by=lead_inspector, section="C",
                         kind="development", text="Outcomes are not tracked")
    services.finding_evidence_link(finding=supported, by=lead_inspector, record_ids=[
        _evidence(drafting.inspection, team_inspector).pk])
    client.force_login(lead_inspector)
    page = _text(client.get(reverse("reports:findings", args=[drafting.inspection_id])))
    assert "1 finding has no supporting evidence" in page
    assert page.count("No supporting evidence</strong>") == 1
    assert "Evidence (1 record)" in page
    assert page.index("Main findings") < page.index("Improving outcomes")

    qa_page = _text(client.get(reverse("inspections:submit-for-qa",
                                       args=[drafting.inspection_id])))
    assert "1 of the letter&#x27;s findings has no supporting evidence" in qa_page


def test_the_lead_adds_a_finding_and_bad_input_keeps_the_text(client, drafting,
                                                             lead_inspector):
    client.force_login(lead_inspector)
    add = reverse("reports:finding-add", args=[drafting.inspection_id])
    refused = client.post(add, {"section": "A", "text": "Early years work well"})
    assert refused.status_code == 200
    page = _text(refused)
    assert "Select whether it is a strength or an area for development" in page
    assert "Early years work well" in page
    assert not Finding.objects.exists()
    empty = _text(client.post(add, {}))
    assert "Select where the finding goes in the letter" in empty
    assert "Enter the finding" in empty

    done = client.post(add, {"section": "A", "kind": "strength",
                             "text": "Early years work well"})
    finding = Finding.objects.get()
    assert done.status_code == 302
    assert done.url.endswith(f"#finding-{finding.pk}")


def test_a_stale_change_shows_the_saved_version_beside_the_writers(client, drafting,
                                                                  lead_inspector):
    finding = services.finding_add(letter=drafting, by=lead_inspector, section="main",
                                   text=LEADERS)
    services.finding_update(finding=finding, by=lead_inspector, section="main",
                            text="Saved by the other tab", version=1)
    client.force_login(lead_inspector)
    response = client.post(reverse("reports:finding-edit",
                                   args=[drafting.inspection_id, finding.pk]),
                           {"section": "main", "text": "My late change", "version": 1})
    page = _text(response)
    assert "changed by someone else" in page
    assert "Saved by the other tab" in page and "My late change" in page
    finding.refresh_from_db()
    assert finding.text == "Saved by the other tab"


def test_removing_asks_first_and_keeps_the_evidence(client, drafting, lead_inspector,
                                                    team_inspector):
    finding = services.finding_add(letter=drafting, by=lead_inspector, section="main",
                                   text=LEADERS)
    record = _evidence(drafting.inspection, team_inspector)
    services.finding_evidence_link(finding=finding, by=lead_inspector, record_ids=[record.pk])
    client.force_login(lead_inspector)
    url = reverse("reports:finding-remove", args=[drafting.inspection_id, finding.pk])
    page = _text(client.get(url))
    assert "Are you sure you want to remove this finding?" in page
    assert "Its links to 1 evidence record go with it" in page
    assert Finding.objects.exists()
    assert client.post(url).status_code == 302
    assert not Finding.objects.exists()
    assert EvidenceRecord.objects.filter(pk=record.pk).exists()


def test_the_evidence_page_offers_final_evidence_of_the_findings_question(
        client, drafting, lead_inspector, team_inspector):
    finding = services.finding_add(letter=drafting, by=lead_inspector, section="B",
                                   kind="development", text="Plans lack health advice")
    on_b = _evidence(drafting.inspection, team_inspector, text="Plans reviewed",
                     questions=("B",))
    _evidence(drafting.inspection, team_inspector, text="Outcomes data", questions=("C",))
    _evidence(drafting.inspection, team_inspector, final=False, text="Unfinished note",
              questions=("B",))
    client.force_login(lead_inspector)
    url = reverse("reports:finding-evidence", args=[drafting.inspection_id, finding.pk])
    page = _text(client.get(url))
    assert "Plans reviewed" in page
    assert "Outcomes data" not in page and "Unfinished note" not in page
    assert "Outcomes data" in _text(client.get(url, {"question": ""}))

    assert "Select the evidence that supports the finding" in _text(client.post(url, {}))
    assert client.post(url, {"records": [on_b.pk]}).status_code == 302
    page = _text(client.get(url))
    assert 'id="linked"' in page and "Plans reviewed" in page
    assert "0 final records not yet linked" in page
    unlink = reverse("reports:finding-evidence-unlink",
                     args=[drafting.inspection_id, finding.pk, on_b.pk])
    assert client.get(unlink).status_code == 405
    assert client.post(unlink).status_code == 302
    assert not FindingEvidence.objects.exists()


def test_the_local_area_is_not_told_the_findings_exist(client, drafting, lead_inspector, lano,
                                                       quality_assurance):
    finding = services.finding_add(letter=drafting, by=lead_inspector, section="main",
                                   text=LEADERS)
    client.force_login(lano)
    for url in (reverse("reports:findings", args=[drafting.inspection_id]),
                reverse("reports:finding-evidence", args=[drafting.inspection_id, finding.pk])):
        assert client.get(url).status_code == 404
    client.force_login(quality_assurance)
    page = client.get(reverse("reports:findings", args=[drafting.inspection_id]))
    assert page.status_code == 200 and LEADERS in _text(page)
    assert "Change<span" not in _text(page)
    assert client.get(reverse("reports:finding-add",
                              args=[drafting.inspection_id])).status_code == 403


def test_the_pages_read_a_constant_number_of_queries(client, drafting, lead_inspector,
                                                     team_inspector):
    findings_url = reverse("reports:findings", args=[drafting.inspection_id])
    first = services.finding_add(letter=drafting, by=lead_inspector, section="main",
                                 text=LEADERS)
    evidence_url = reverse("reports:finding-evidence", args=[drafting.inspection_id, first.pk])
    client.force_login(lead_inspector)

    def counted(url) -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = counted(findings_url), counted(evidence_url)
    for n in range(12):
        finding = services.finding_add(letter=drafting, by=lead_inspector, section="ABC"[n % 3],
                                       kind="strength", text=f"Strength {n}")
        record = _evidence(drafting.inspection, team_inspector, text=f"Note {n}")
        services.finding_evidence_link(finding=finding, by=lead_inspector,
                                       record_ids=[record.pk])
        services.finding_evidence_link(finding=first, by=lead_inspector,
                                       record_ids=[record.pk])
    assert (counted(findings_url), counted(evidence_url)) == few


def test_a_finding_moves_up_and_down_among_those_printed_with_it(client, walk, inspection,
                                                                 lead_inspector):
    """Strengths move among strengths; a move past the end is refused and says so."""
    from reports.findings import finding_add, finding_move

    walk(LetterState.DRAFTING)
    letter = OutcomeLetter.objects.select_related("inspection").get(inspection=inspection)
    first, development, second, third = (
        finding_add(letter=letter, by=lead_inspector, section="A", kind=kind, text=text)
        for kind, text in [("strength", "First"), ("development", "Late plans"),
                           ("strength", "Second"), ("strength", "Third")])

    def strengths() -> list[str]:
        return list(Finding.objects.filter(letter=letter, section="A", kind="strength")
                    .order_by("position", "id").values_list("text", flat=True))

    finding_move(finding=third, by=lead_inspector, direction="up")
    assert strengths() == ["First", "Third", "Second"]
    finding_move(finding=first, by=lead_inspector, direction="down")
    assert strengths() == ["Third", "First", "Second"]
    with pytest.raises(ValidationError, match="first in its part of the letter already"):
        finding_move(finding=third, by=lead_inspector, direction="up")
    assert Finding.objects.get(pk=development.pk).kind == "development"
    # On the page: the buttons, and a refused move told as a warning, the order unchanged.
    client.force_login(lead_inspector)
    url = reverse("reports:finding-move", args=[inspection.pk, second.pk])
    assert client.get(url).status_code == 405
    answer = client.post(url, {"direction": "down"}, follow=True)
    assert "last in its part of the letter already" in answer.content.decode()
    assert strengths() == ["Third", "First", "Second"]
    client.post(reverse("reports:finding-move", args=[inspection.pk, second.pk]),
                {"direction": "up"})
    assert strengths() == ["Third", "Second", "First"]
    page = client.get(reverse("reports:findings", args=[inspection.pk])).content.decode()
    assert page.count("Move up<span") == 2 and page.count("Move down<span") == 2
