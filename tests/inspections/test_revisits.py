"""2016 re-visits: each follows a published 2016 inspection of the same area, which areas
receive one is handbook paras 118 and 119, and the re-visit is due 18 months from the
inspection it follows (para 118: "a period of 18 months since their inspection")."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import roles
from audit.models import AuditEvent
from config import clock
from deadlines.models import Deadline, DeadlineStatus
from deadlines.selectors import calendar_current
from deadlines.views.common import deadline_tag
from inspections import services
from inspections.models import Framework, Inspection, State, TeamRole
from inspections.scheduling import Unacknowledged
from tests.factories import UserFactory
from tests.inspections.test_pages import _details, _queries, text

D = datetime.date
pytestmark = pytest.mark.django_db

PARA_118 = ("‘Local areas inspected after June 2021 that are required to produce a WSOA will "
            "not receive a re-visit from Ofsted and the CQC under the current inspection "
            "framework’ (handbook para 118)")
# A re-visit's dates when they do not matter: Monday 5 to Wednesday 7 September 2022.
LATER = {"start": D(2022, 9, 5), "end": D(2022, 9, 7)}
# A re-visit of Medway's 2017 inspection on site before it was due: 3 to 5 June 2019.
JUNE_2019 = D(2019, 6, 3), D(2019, 6, 5)


@pytest.fixture
def published(make_inspection, assign, lead_inspector, walk_to):
    """published(start, end, area=None): a 2016 inspection of Medway (or `area`) on site on
    those dates, walked to publication."""

    def make(start: datetime.date, end: datetime.date, area=None, **kwargs):
        inspection = make_inspection(local_area=area, start=start, end=end, **kwargs)
        assign(inspection, lead_inspector, TeamRole.LEAD)
        return walk_to(inspection, State.PUBLISHED)

    return make


@pytest.fixture
def medway_2017(walk):
    """Medway's inspection of 4 to 8 December 2017, published on 8 February 2018."""
    return walk(State.PUBLISHED)


@pytest.fixture
def revisit(make_inspection):
    """revisit(original, start=..., end=..., acknowledged=...): a 2016 re-visit of it."""

    def make(original, *, start=JUNE_2019[0], end=JUNE_2019[1], **kwargs):
        return make_inspection(framework=Framework.REVISIT_2016, revisit_of=original,
                               start=start, end=end, **kwargs)

    return make


def revisit_clock(inspection) -> Deadline:
    return Deadline.objects.get(inspection=inspection, rule__code="revisit")


def _acknowledged(response) -> str:
    match = re.search(r'name="acknowledged" value="([^"]*)"', response.content.decode())
    return match.group(1) if match else ""


def _revisit_form(original, start=JUNE_2019[0], end=JUNE_2019[1], **changes) -> dict:
    return _details(**{"local_area": original.local_area_id, "framework": "2016_revisit",
                       "revisit_of": original.pk, "onsite_start_0": start.day,
                       "onsite_start_1": start.month, "onsite_start_2": start.year,
                       "onsite_end_0": end.day, "onsite_end_1": end.month,
                       "onsite_end_2": end.year, **changes})


# Scheduling a re-visit ------------------------------------------------------------------------

def test_a_revisit_names_the_inspection_it_follows_and_starts_that_inspections_clock(
        medway_2017, revisit):
    made = revisit(medway_2017)
    assert made.revisit_of == medway_2017
    assert list(medway_2017.revisits.all()) == [made]
    deadline = revisit_clock(medway_2017)  # on the inspection followed, not the re-visit
    assert deadline.start_event == "last day of on-site work"
    assert deadline.start_date == D(2017, 12, 8)
    # 18 months on is Saturday 8 June 2019: due the next working day.
    assert deadline.due_date == D(2019, 6, 10)
    assert not Deadline.objects.filter(inspection=made, rule__code="revisit").exists()
    audit = AuditEvent.objects.filter(action="inspection.create").latest("id")
    assert audit.after["revisit_of"] == medway_2017.reference


def test_a_revisit_must_name_the_inspection_it_follows(ofsted_admin, medway):
    with pytest.raises(ValidationError) as raised:
        services.inspection_create(by=ofsted_admin, local_area=medway,
                                   framework=Framework.REVISIT_2016,
                                   onsite_start=D(2019, 6, 3), onsite_end=D(2019, 6, 5))
    assert raised.value.message_dict == {
        "revisit_of": ["Select the 2016 inspection this re-visit follows"]}


def test_only_a_revisit_names_an_inspection_it_follows(medway_2017, make_inspection):
    with pytest.raises(ValidationError) as raised:
        make_inspection(revisit_of=medway_2017, **LATER)
    assert "Only a 2016 re-visit re-visits an inspection" in \
        raised.value.message_dict["revisit_of"][0]


def test_a_revisit_follows_only_a_published_2016_inspection(make_inspection, revisit):
    planned = make_inspection()
    with pytest.raises(ValidationError) as raised:
        revisit(planned)
    assert raised.value.message_dict["revisit_of"] == [
        f"A re-visit follows a 2016 inspection whose report is published: "
        f"{planned.reference} is not one"]


def test_a_revisit_is_of_the_area_the_inspection_it_follows_was_of(medway_2017,
                                                                   make_inspection, barnet):
    with pytest.raises(ValidationError) as raised:
        make_inspection(local_area=barnet, framework=Framework.REVISIT_2016,
                        revisit_of=medway_2017, **LATER)
    assert "A re-visit is of the same local area" in raised.value.message_dict["revisit_of"][0]


def test_a_revisit_starts_on_site_after_the_report_it_follows_was_published(
        medway_2017, revisit):
    with pytest.raises(ValidationError) as raised:
        revisit(medway_2017, start=D(2018, 2, 5), end=D(2018, 2, 7))
    assert raised.value.message_dict["onsite_start"] == [
        "A re-visit starts on site after the report of the inspection it follows was "
        "published, on 8 February 2018"]


# Handbook paras 118 and 119, on the day boundaries ---------------------------------------------

def test_an_area_inspected_up_to_29_february_2020_receives_a_revisit_without_warning(
        published, revisit):
    # Para 119: "Local areas inspected before March 2020 ... will likely receive a re-visit".
    original = published(D(2020, 2, 24), D(2020, 2, 29))
    made = revisit(original, **LATER)
    assert made.revisit_of == original
    # 18 months from Saturday 29 February 2020 is Sunday 29 August 2021; Monday 30 August
    # is the summer bank holiday, so the re-visit is due on Tuesday 31 August 2021.
    assert revisit_clock(original).due_date == D(2021, 8, 31)


@pytest.mark.parametrize("start,end,dates", [
    (D(2020, 2, 24), D(2020, 3, 1), "24 February to 1 March 2020"),  # last day 1 March
    (D(2021, 6, 28), D(2021, 6, 30), "28 to 30 June 2021"),  # last day 30 June
])
def test_an_area_inspected_between_march_2020_and_june_2021_is_warned_of(
        published, revisit, start, end, dates):
    original = published(start, end)
    with pytest.raises(Unacknowledged) as raised:
        revisit(original, **LATER)
    assert raised.value.messages == [
        f"{original.reference} was on site {dates}, between March 2020 and June 2021. The "
        f"handbook says areas inspected before March 2020 will likely receive a re-visit "
        f"(para 119) and areas inspected after June 2021 will not (para 118); it says "
        f"nothing of areas inspected in between."]
    assert not original.revisits.exists()
    assert not Deadline.objects.filter(rule__code="revisit").exists()
    made = revisit(original, acknowledged=["revisit_not_covered"], **LATER)
    assert made.revisit_of == original
    audit = AuditEvent.objects.filter(action="inspection.create").latest("id")
    assert audit.after["warnings_acknowledged"] == ["revisit_not_covered"]


def test_an_area_inspected_from_1_july_2021_receives_no_revisit(published, revisit):
    original = published(D(2021, 7, 1), D(2021, 7, 2))
    with pytest.raises(ValidationError) as raised:
        revisit(original, start=D(2023, 1, 9), end=D(2023, 1, 11),
                acknowledged=["revisit_not_covered", "onsite_length"])
    assert raised.value.message_dict["revisit_of"] == [
        f"{original.reference} was on site 1 to 2 July 2021, after June 2021: {PARA_118}"]
    assert not Inspection.objects.filter(framework=Framework.REVISIT_2016).exists()


# The re-visit clock -----------------------------------------------------------------------------

def _on_site(inspection, assign, walk_to, lead_inspector):
    assign(inspection, lead_inspector, TeamRole.LEAD)
    return walk_to(inspection, State.ON_SITE)


def test_the_revisit_clock_is_met_when_the_revisit_starts_on_site(
        medway_2017, revisit, assign, walk_to, lead_inspector):
    _on_site(revisit(medway_2017), assign, walk_to, lead_inspector)
    deadline = revisit_clock(medway_2017)
    assert deadline.status == DeadlineStatus.MET and deadline.met_on == D(2019, 6, 3)
    tag = deadline_tag(deadline, today=clock.today(), calendar=calendar_current())
    assert tag.label == "Met"


def test_a_revisit_on_site_after_its_due_date_meets_the_clock_late(
        medway_2017, revisit, assign, walk_to, lead_inspector):
    # Due Monday 10 June 2019; on site Monday 17 June, five working days later.
    _on_site(revisit(medway_2017, start=D(2019, 6, 17), end=D(2019, 6, 19)), assign,
             walk_to, lead_inspector)
    deadline = revisit_clock(medway_2017)
    tag = deadline_tag(deadline, today=clock.today(), calendar=calendar_current())
    assert tag.label == "Met late (5 working days)"


def test_a_withdrawn_revisit_leaves_the_clock_running_for_the_next_one(
        medway_2017, revisit, ofsted_admin):
    first = revisit(medway_2017)
    services.inspection_withdraw(inspection=first, by=ofsted_admin, reason="Re-planned")
    assert revisit_clock(medway_2017).status == DeadlineStatus.OPEN
    second = revisit(medway_2017, start=D(2019, 7, 1), end=D(2019, 7, 3))
    assert second.revisit_of == medway_2017
    assert revisit_clock(medway_2017).due_date == D(2019, 6, 10)  # still the one clock


def test_a_revisit_stays_a_revisit_and_what_it_follows_stays_2016(medway_2017, revisit,
                                                                  ofsted_admin):
    made = revisit(medway_2017)
    with pytest.raises(ValidationError) as raised:
        services.inspection_update(inspection=made, by=ofsted_admin,
                                   expected_version=made.version, framework="2016")
    assert "A 2016 re-visit is scheduled as one" in raised.value.message_dict["framework"][0]
    medway_2017.refresh_from_db()
    with pytest.raises(ValidationError) as raised:
        services.inspection_update(inspection=medway_2017, by=ofsted_admin,
                                   expected_version=medway_2017.version, framework="2023")
    assert raised.value.message_dict["framework"] == [
        "This inspection has a re-visit, so it stays a 2016 inspection"]


def test_a_revisits_dates_cannot_move_before_the_publication_it_follows(
        medway_2017, revisit, ofsted_admin):
    made = revisit(medway_2017)
    with pytest.raises(ValidationError) as raised:
        services.inspection_update(inspection=made, by=ofsted_admin,
                                   expected_version=made.version,
                                   onsite_start=D(2018, 2, 5), onsite_end=D(2018, 2, 7))
    assert "published, on 8 February 2018" in raised.value.message_dict["onsite_start"][0]


# The pages ------------------------------------------------------------------------------------

def test_the_schedule_form_offers_published_2016_inspections_by_area(
        client, ofsted_admin, medway_2017, make_inspection):
    planned = make_inspection(start=D(2018, 3, 5), end=D(2018, 3, 9), reference="PLANNED")
    client.force_login(ofsted_admin)
    page = client.get(reverse("inspections:create")).content.decode()
    group = re.search(r'<optgroup label="Medway \(E06000035\)">(.*?)</optgroup>', page, re.S)
    assert group is not None
    assert (f'<option value="{medway_2017.pk}">{medway_2017.reference}, on site 4 to 8 '
            f'December 2017</option>') in group.group(1)
    assert planned.reference not in page
    assert '<option value="" selected>Not a re-visit</option>' in page


def test_the_inspections_page_links_to_schedule_its_revisit_with_the_form_filled_in(
        client, ofsted_admin, medway_2017):
    client.force_login(ofsted_admin)
    overview = client.get(reverse("inspections:overview", args=[medway_2017.pk]))
    link = f"{reverse('inspections:create')}?revisit_of={medway_2017.pk}"
    assert f'href="{link}"' in overview.content.decode()
    assert "Schedule a re-visit of this inspection" in text(overview)
    form = client.get(link).context["form"]
    assert form.initial == {"revisit_of": medway_2017.pk,
                            "local_area": medway_2017.local_area_id,
                            "framework": Framework.REVISIT_2016}


def test_an_admin_schedules_a_revisit_and_both_pages_say_when_it_is_due(
        frozen_today, client, ofsted_admin, medway_2017):
    client.force_login(ofsted_admin)
    response = client.post(reverse("inspections:create"),
                           _revisit_form(medway_2017, reference="MEDWAY-REVISIT"))
    assert response.status_code == 302
    made = Inspection.objects.get(reference="MEDWAY-REVISIT")
    due = ("By Monday 10 June 2019: 18 months after the last day of on-site work of {of}, "
           "which was 8 December 2017 (source: Ofsted/CQC handbook (2016, updated 2021), "
           "paras 118 and 119).")
    page = text(client.get(reverse("inspections:overview", args=[made.pk])))
    # (The reference is a link: the page's text has a space where its tag ends.)
    assert (f"Re-visit of {medway_2017.reference} , the 2016 local area SEND inspection of "
            f"Medway, on site 4 to 8 December 2017") in page
    assert "Re-visit due " + due.format(
        of=f"the inspection it re-visits, {medway_2017.reference}") in page
    assert "Overdue" in page  # today is June 2024 and nothing has met it yet
    original = client.get(reverse("inspections:overview", args=[medway_2017.pk]))
    page = text(original)
    assert "Re-visit due " + due.format(of="this inspection") in page
    assert "Re-visits MEDWAY-REVISIT , on site 3 to 5 June 2019 (planning)" in page
    # The clock is one of the inspection's clocks, with the rest.
    assert "Re-visit to assess progress on each significant weakness" in page


def test_a_revisit_without_the_inspection_it_follows_is_refused_on_its_field(
        client, ofsted_admin, medway_2017):
    client.force_login(ofsted_admin)
    response = client.post(reverse("inspections:create"),
                           _revisit_form(medway_2017, revisit_of="", reference="KEPT"))
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_revisit_of"' in html
    assert "Select the 2016 inspection this re-visit follows" in text(response)
    assert 'value="KEPT"' in html
    assert not Inspection.objects.filter(reference="KEPT").exists()


def test_a_revisit_of_an_inspection_after_june_2021_is_refused_quoting_para_118(
        client, ofsted_admin, published):
    original = published(D(2021, 7, 1), D(2021, 7, 2))
    client.force_login(ofsted_admin)
    response = client.post(reverse("inspections:create"),
                           _revisit_form(original, D(2023, 1, 9), D(2023, 1, 11)))
    html = response.content.decode()
    assert "govuk-error-summary" in html and 'href="#id_revisit_of"' in html
    assert PARA_118 in text(response)
    assert f'<option value="{original.pk}" selected>' in html  # the choice is kept
    assert not Inspection.objects.filter(framework=Framework.REVISIT_2016).exists()


def test_a_revisit_between_march_2020_and_june_2021_is_warned_of_then_scheduled(
        client, ofsted_admin, published):
    original = published(D(2021, 6, 28), D(2021, 6, 30))
    client.force_login(ofsted_admin)
    data = _revisit_form(original, D(2023, 1, 9), D(2023, 1, 11))
    response = client.post(reverse("inspections:create"), data)
    page = text(response)
    assert response.status_code == 200
    assert "between March 2020 and June 2021" in page
    assert "it says nothing of areas inspected in between" in page
    assert "Select ‘Schedule inspection’ again to go ahead anyway" in page
    assert not original.revisits.exists()
    response = client.post(reverse("inspections:create"),
                           {**data, "acknowledged": _acknowledged(response)})
    assert response.status_code == 302
    assert original.revisits.count() == 1


def test_an_inspector_on_the_revisit_only_sees_what_it_follows_without_a_link(
        client, medway_2017, revisit, assign):
    made = revisit(medway_2017)
    new_to_medway = UserFactory(username="nia.newhmi", role=roles.INSPECTOR)
    assign(made, new_to_medway)
    client.force_login(new_to_medway)
    html = client.get(reverse("inspections:overview", args=[made.pk])).content.decode()
    assert medway_2017.reference in html
    assert reverse("inspections:overview", args=[medway_2017.pk]) not in html
    assert "Re-visit due" in html


def test_the_start_on_site_page_says_the_revisit_clock_is_met(
        client, medway_2017, revisit, assign, walk_to, lead_inspector):
    made = revisit(medway_2017)
    assign(made, lead_inspector, TeamRole.LEAD)
    made = walk_to(made, State.NOTIFIED)
    client.force_login(lead_inspector)
    page = text(client.get(reverse("inspections:start-onsite", args=[made.pk])))
    assert (f"The clock for the re-visit to assess progress on each significant weakness, "
            f"which runs on {medway_2017.reference} (the inspection this re-visits), is met "
            f"today: it is due on Monday 10 June 2019.") in page


def test_the_page_of_an_inspection_with_revisits_reads_a_constant_number_of_queries(
        client, ofsted_admin, medway_2017, revisit):
    client.force_login(ofsted_admin)
    url = reverse("inspections:overview", args=[medway_2017.pk])
    first = revisit(medway_2017)
    few = _queries(client, url)
    for day in (1, 8):
        services.inspection_withdraw(inspection=Inspection.objects.get(pk=first.pk),
                                     by=ofsted_admin, reason="Re-planned")
        first = revisit(medway_2017, start=D(2019, 7, day), end=D(2019, 7, day + 2))
    assert medway_2017.revisits.count() == 3
    assert _queries(client, url) == few
