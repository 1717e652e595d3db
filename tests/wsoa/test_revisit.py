"""A 2016 re-visit judges progress on each area of significant weakness of the statement
its area wrote (handbook 117), and its letter reports the judgements; the re-visit clock
starts when the final report's receipt is recorded and is met when the re-visit starts on
site."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from deadlines.models import Deadline
from inspections.models import Framework, State, TeamRole
from reports.content import letter_content
from reports.models import LetterState, OutcomeLetter
from reports.rendering import letter_for_rendering
from wsoa import services
from wsoa.models import Progress

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def revisit(published, lano, make_inspection, assign, lead_inspector, walk_to):  # noqa: F811
    """Medway's statement: the report received on 31 January 2018; a re-visit on site from
    3 to 7 June 2019, led by the lead of the inspection it follows."""
    services.wsoa_record_receipt(wsoa=published, by=lano, received_on=D(2018, 1, 31))
    made = make_inspection(framework=Framework.REVISIT_2016, revisit_of=published.inspection,
                           start=D(2019, 6, 3), end=D(2019, 6, 5))
    assign(made, lead_inspector, TeamRole.LEAD)
    return walk_to(made, State.ON_SITE)


def _all(revisit, progress=Progress.SUFFICIENT):
    wsoa = revisit.revisit_of.wsoa
    return {w.pk: progress for w in services.weaknesses_of(wsoa)}


def test_the_revisit_clock_runs_from_receipt_and_is_met_on_site(revisit):
    deadline = Deadline.objects.get(inspection=revisit.revisit_of, rule__code="revisit")
    assert deadline.wsoa == revisit.revisit_of.wsoa
    assert (deadline.start_date, deadline.due_date, deadline.status, deadline.met_on) == (
        D(2017, 12, 8), D(2019, 6, 10), "met", D(2019, 6, 3))


def test_the_lead_judges_every_weakness(revisit, lead_inspector, team_inspector, lano):
    judgements = _all(revisit)
    first = next(iter(judgements))
    judgements[first] = Progress.NOT_SUFFICIENT
    with pytest.raises(PermissionDenied):
        services.revisit_judge(revisit=revisit, by=team_inspector, judgements=judgements)
    with pytest.raises(ValidationError) as refused:
        services.revisit_judge(revisit=revisit, by=lead_inspector,
                               judgements={first: Progress.SUFFICIENT})
    assert refused.value.message_dict["judgements"][0] == (
        "Area of significant weakness 2: select sufficient or not sufficient progress")
    assert services.revisit_judge(revisit=revisit, by=lead_inspector,
                                  judgements=judgements) == 8
    event = AuditEvent.objects.get(action="wsoa.progress_judged")
    assert (event.after["sufficient"], event.after["not_sufficient"]) == (7, 1)


def test_the_revisit_letter_reports_the_judgements(revisit, lead_inspector, walk_to):
    judgements = _all(revisit)
    services.revisit_judge(revisit=revisit, by=lead_inspector, judgements=judgements)
    walk_to(revisit, LetterState.DRAFTING)
    letter = OutcomeLetter.objects.get(inspection=revisit)
    content = letter_content(letter_for_rendering(pk=letter.pk))
    assert [progress for _, progress in content.revisit_progress] == [
        "Sufficient progress"] * 8
    assert content.revisit_progress[0][0] == services.weaknesses_of(
        revisit.revisit_of.wsoa)[0].text


def test_the_page_is_the_inspectorates(client, revisit, lead_inspector, lano, ofsted_admin):
    url = reverse("wsoa:revisit-progress", args=[revisit.revisit_of.wsoa.pk])
    client.force_login(lano)
    assert client.get(url).status_code == 403
    client.force_login(ofsted_admin)
    page = client.get(url).content.decode()
    assert "Not judged yet" in page and "Record the judgements" not in page
    client.force_login(lead_inspector)
    response = client.post(url, {})
    assert response.status_code == 200
    assert ("Select whether the area made sufficient progress on area of significant "
            "weakness 1") in response.content.decode()
    data = {f"weakness_{pk}": value for pk, value in _all(revisit).items()}
    response = client.post(url, data, follow=True)
    assert "The judgements of progress are recorded" in response.content.decode()
    overview = client.get(reverse("inspections:overview", args=[revisit.pk])).content.decode()
    assert url in overview
