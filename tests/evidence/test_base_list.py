"""The evidence list of an inspection: what each row says, its filters and search, its
pages, who may read it, and its cost whatever the size of the evidence base."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evidence.models import (
    Activity,
    EvidenceAspect,
    EvidenceGroup,
    EvidenceRecord,
    EvidenceStatus,
    Weighing,
)
from evidence.selectors import EvidenceFilters, evidence_list
from inspections.models import TeamRole
from tests.factories import UserFactory

ON_SITE = datetime.date(2017, 12, 5)


def at(hour: int, minute: int = 0, *, day: datetime.date = ON_SITE) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def evidence(of, author, *, save: bool = True, **fields) -> EvidenceRecord:
    """An evidence record as the evidence form would leave it: final, from a meeting with
    parents and carers on question B, unless told otherwise."""
    values = {"status": EvidenceStatus.FINAL, "activity": Activity.PARENTS,
              "happened_at": at(10), "place": "Riverside Family Centre",
              "participants": "Six parents of children with EHC plans", "informs_b": True,
              "weighing": Weighing.DEVELOPMENT,
              "text": "Parents waited too long for assessments.\nSeveral went to tribunal.",
              **fields}
    record = EvidenceRecord(inspection=of, author=author, updated_by=author,
                            **values)
    if save:
        record.save()
    return record


def many(of, author, n: int, **fields) -> list[EvidenceRecord]:
    """n records in one insert, each a minute earlier than the one before."""
    return EvidenceRecord.objects.bulk_create([
        evidence(of, author, save=False,
                 **{"happened_at": at(9) - datetime.timedelta(minutes=i),
                    "text": f"Observation {i}", **fields})
        for i in range(n)])


def list_url(of, **query) -> str:
    url = reverse("evidence:list", args=[of.pk])
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else url


def rows(response) -> list[str]:
    html = response.content.decode()
    body = html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0] \
        if "<tbody" in html else ""
    return re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", body, flags=re.S)


# What the list shows ---------------------------------------------------------------------------

def test_a_row_says_when_what_where_which_questions_how_weighed_and_who(
        client, on_site, lead_inspector):
    record = evidence(on_site, lead_inspector, informs_a=True, safeguarding=True)
    client.force_login(lead_inspector)
    response = client.get(list_url(on_site))
    assert response.status_code == 200
    [row] = rows(response)
    assert "5 Dec 2017" in row and "10:00am" in row
    assert "Meeting with parents and carers" in row
    assert "Riverside Family Centre" in row
    assert re.findall(r'govuk-tag--blue">(\w)<', row) == ["A", "B"]
    assert "Area for development" in row
    assert str(lead_inspector) in row
    assert "Safeguarding" in row
    # The first line of the text, not the rest.
    assert "Parents waited too long for assessments." in row
    assert "tribunal" not in row
    assert reverse("evidence:record", args=[on_site.pk, record.pk]) in row


def test_the_list_is_latest_first_with_undated_drafts_last_and_only_this_inspections(
        client, on_site, lead_inspector, make_inspection, assign):
    evidence(on_site, lead_inspector, happened_at=at(9), text="Earlier")
    evidence(on_site, lead_inspector, happened_at=None, status=EvidenceStatus.DRAFT,
             text="Undated")
    evidence(on_site, lead_inspector, happened_at=at(15), text="Later")
    other = make_inspection(start=datetime.date(2018, 3, 5), end=datetime.date(2018, 3, 9))
    assign(other, lead_inspector, TeamRole.LEAD)
    evidence(other, lead_inspector, text="Another inspection's")
    client.force_login(lead_inspector)
    listed = rows(client.get(list_url(on_site)))
    assert [next(word for word in ("Later", "Earlier", "Undated") if word in row)
            for row in listed] == ["Later", "Earlier", "Undated"]
    assert "Draft" in listed[2]


def test_an_inspection_without_evidence_says_so(client, on_site, lead_inspector):
    client.force_login(lead_inspector)
    response = client.get(list_url(on_site))
    assert "No evidence has been recorded for this inspection yet." in response.content.decode()


def test_the_team_is_offered_add_evidence_and_quality_assurance_is_not(
        client, on_site, team_inspector, quality_assurance):
    add = reverse("evidence:add", args=[on_site.pk])
    client.force_login(team_inspector)
    assert add in client.get(list_url(on_site)).content.decode()
    client.force_login(quality_assurance)
    response = client.get(list_url(on_site))
    assert response.status_code == 200
    assert add not in response.content.decode()


def test_the_list_links_to_each_team_members_summary(client, on_site, lead_inspector,
                                                     team_inspector, ofsted_admin):
    client.force_login(ofsted_admin)
    html = client.get(list_url(on_site)).content.decode()
    for member in (lead_inspector, team_inspector):
        assert reverse("evidence:summary", args=[on_site.pk, member.pk]) in html


# Who may read it -------------------------------------------------------------------------------

def test_the_local_area_sees_the_inspection_but_is_refused_its_evidence(
        client, on_site, lano, local_area_leader):
    for user in (lano, local_area_leader):
        client.force_login(user)
        assert client.get(reverse("inspections:overview", args=[on_site.pk])).status_code == 200
        assert client.get(list_url(on_site)).status_code == 403


def test_another_areas_lano_is_told_there_is_no_such_inspection(client, on_site, other_lano):
    client.force_login(other_lano)
    assert client.get(list_url(on_site)).status_code == 404


def test_the_overview_links_the_evidence_base_for_the_inspectorates_only(
        client, on_site, team_inspector, quality_assurance, lano):
    overview = reverse("inspections:overview", args=[on_site.pk])
    for user, shown in ((team_inspector, True), (quality_assurance, True), (lano, False)):
        client.force_login(user)
        html = client.get(overview).content.decode()
        assert (list_url(on_site) in html) is shown, user
        assert (reverse("evidence:matrix", args=[on_site.pk]) in html) is shown, user


# Filters and search ----------------------------------------------------------------------------

@pytest.fixture
def varied(on_site, lead_inspector, team_inspector):
    """One record matching each filter below, and a plain one matching none of them."""
    plain = evidence(on_site, lead_inspector, text="Plain")
    made = {
        "question": evidence(on_site, lead_inspector, informs_b=False, informs_c=True,
                             text="On outcomes"),
        "activity": evidence(on_site, lead_inspector, activity=Activity.CASE_FILE,
                             text="A case file"),
        "author": evidence(on_site, team_inspector, text="By the team inspector"),
        "weighing": evidence(on_site, lead_inspector, weighing=Weighing.STRENGTH,
                             text="A strength"),
        "status": evidence(on_site, lead_inspector, status=EvidenceStatus.DRAFT,
                           text="A draft"),
        "flagged": evidence(on_site, lead_inspector, safeguarding=True, text="Flagged"),
        "aspect": evidence(on_site, lead_inspector, text="About co-production"),
        "group": evidence(on_site, lead_inspector, text="About care leavers"),
    }
    EvidenceAspect.objects.create(record=made["aspect"], aspect="co_production")
    EvidenceGroup.objects.create(record=made["group"], group="care_leavers")
    return plain, made


FILTER_VALUES = {"question": "C", "activity": "case_file", "weighing": "strength",
                 "status": "draft", "flagged": "on", "aspect": "co_production",
                 "group": "care_leavers"}


@pytest.mark.parametrize("name", [*FILTER_VALUES, "author"])
def test_each_filter_narrows_the_list_to_what_it_names(client, varied, lead_inspector,
                                                       team_inspector, on_site, name):
    _, made = varied
    value = team_inspector.pk if name == "author" else FILTER_VALUES[name]
    client.force_login(lead_inspector)
    response = client.get(list_url(on_site, **{name: value}))
    listed = rows(response)
    assert len(listed) == 1, name
    assert made[name].text in listed[0]
    assert "1 record matches your search and filters" in response.content.decode()


@pytest.mark.parametrize("words,found", [
    ("tribunal", "Text"),  # a word in the text, after its first line
    ("Greenfield", "Place"),
    ("SENCo", "Participants"),
])
def test_search_finds_words_in_the_text_the_place_and_who_took_part(
        client, on_site, lead_inspector, words, found):
    evidence(on_site, lead_inspector, text="Text\nThe family went to tribunal twice.",
             place="", participants="")
    evidence(on_site, lead_inspector, text="Place", place="Greenfield Academy",
             participants="")
    evidence(on_site, lead_inspector, text="Participants", place="",
             participants="The school's SENCo and two teachers")
    evidence(on_site, lead_inspector, text="Nothing of those", place="", participants="")
    client.force_login(lead_inspector)
    listed = rows(client.get(list_url(on_site, q=words)))
    assert len(listed) == 1
    assert found in listed[0]


@pytest.mark.parametrize("words", ["the", "!!! ???", '"unclosed quote', "-", "a & b | !c",
                                   "50%_off", "\\"])
def test_a_search_of_only_common_words_or_punctuation_answers_without_error(
        client, on_site, lead_inspector, words):
    evidence(on_site, lead_inspector)
    client.force_login(lead_inspector)
    response = client.get(reverse("evidence:list", args=[on_site.pk]), {"q": words})
    assert response.status_code == 200
    assert response.context["form"].is_valid()


def test_a_search_with_a_null_character_is_an_error_on_the_form(client, on_site,
                                                                lead_inspector):
    client.force_login(lead_inspector)
    response = client.get(reverse("evidence:list", args=[on_site.pk]), {"q": "a\x00b"})
    assert response.status_code == 200
    assert response.context["form"].errors["q"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own search")
def test_search_on_postgresql_matches_other_forms_of_a_word(on_site, lead_inspector):
    evidence(on_site, lead_inspector, text="Assessments were delayed")
    found = evidence_list(inspection=on_site, filters=EvidenceFilters(q="assessment delays"))
    assert found.count() == 1


def _plan(found) -> str:
    sql, params = found.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE evidence_evidencerecord")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(line for (line,) in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own index")
def test_search_on_postgresql_matches_the_kept_words_which_a_gin_index_holds(
        on_site, lead_inspector):
    """The search matches the words each record keeps (migration 0004), which the GIN index
    holds for the planner to choose when it pays (across a large evidence base)."""
    many(on_site, lead_inspector, 50)
    plan = _plan(evidence_list(inspection=on_site, filters=EvidenceFilters(q="tribunal")))
    assert "search @@" in plan, plan
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s",
                       ["evidence_search_idx"])
        [(definition,)] = cursor.fetchall()
    assert definition.endswith("USING gin (search)")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own search")
def test_a_word_in_every_record_is_matched_from_the_kept_words_not_worked_out_again(
        on_site, lead_inspector):
    """Where the index does not pay (a word in all 5,000 records), the records are matched
    by the words they keep: no record's text is read into words again."""
    many(on_site, lead_inspector, 5000)
    found = evidence_list(inspection=on_site, filters=EvidenceFilters(q="observation"))
    assert found.count() == 5000
    assert "to_tsvector" not in _plan(found)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own search")
def test_a_changed_record_is_found_by_its_new_words_and_not_its_old(on_site, lead_inspector):
    record = evidence(on_site, lead_inspector, text="Waiting times for therapy")
    EvidenceRecord.objects.filter(pk=record.pk).update(text="Transport to special schools")
    search = lambda words: evidence_list(  # noqa: E731
        inspection=on_site, filters=EvidenceFilters(q=words)).count()
    assert (search("transport"), search("therapy")) == (1, 0)


@pytest.mark.parametrize("query,field,message", [
    ({"author": "999999"}, "author", "Select an inspector from the list"),
    ({"author": "someone"}, "author", "Select an inspector from the list"),
    ({"activity": "gossip"}, "activity", "Select an activity from the list"),
    ({"question": "D"}, "question", "Select a question from the list"),
    ({"weighing": "great"}, "weighing", "Select strength, area for development or neither "
                                        "from the list"),
    ({"status": "deleted"}, "status", "Select a status from the list"),
    ({"aspect": "x"}, "aspect", "Select an aspect from the list"),
    ({"group": "x"}, "group", "Select a group from the list"),
    ({"q": "x" * 201}, "q", "Search must be 200 characters or fewer"),
])
def test_an_impossible_filter_is_an_error_on_the_form_and_lists_nothing(
        client, on_site, lead_inspector, query, field, message):
    evidence(on_site, lead_inspector)
    client.force_login(lead_inspector)
    response = client.get(list_url(on_site, **query))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html.replace("&#x27;", "'")
    assert response.context["form"].errors[field]
    assert rows(response) == []
    assert "<title>Error: " in html


def test_a_search_refused_stays_in_the_box(client, on_site, lead_inspector):
    client.force_login(lead_inspector)
    html = client.get(list_url(on_site, q="y" * 201)).content.decode()
    assert f'value="{"y" * 201}"' in html


# Pages -----------------------------------------------------------------------------------------

def test_fifty_records_to_a_numbered_page(client, on_site, lead_inspector):
    many(on_site, lead_inspector, 120)
    client.force_login(lead_inspector)
    first = client.get(list_url(on_site))
    assert len(rows(first)) == 50
    assert "120 records" in first.content.decode()
    assert 'aria-label="Page 3"' in first.content.decode()
    third = client.get(list_url(on_site, page=3))
    listed = rows(third)
    assert len(listed) == 20
    assert "Observation 119" in listed[-1]


def test_a_page_past_the_end_says_so_and_links_back_keeping_the_filters(
        client, on_site, lead_inspector):
    many(on_site, lead_inspector, 3)
    client.force_login(lead_inspector)
    response = client.get(list_url(on_site, status="final", page=9))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is no page 9: the list has 1 page." in html
    assert 'href="?status=final">Go to the first page' in html


def test_a_filtered_list_with_nothing_to_show_says_how_to_find_more(
        client, on_site, lead_inspector):
    evidence(on_site, lead_inspector)
    client.force_login(lead_inspector)
    html = client.get(list_url(on_site, activity="staff")).content.decode()
    assert "No evidence matches your search and filters." in html
    assert "0 records match your search and filters" in html


# Cost ------------------------------------------------------------------------------------------

def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", [
    {},
    {"q": "observation", "question": "B", "activity": "parents", "status": "final",
     "weighing": "development", "aspect": "leadership", "group": "care_leavers",
     "flagged": "on"},
])
def test_the_list_costs_the_same_queries_for_ten_records_as_for_five_thousand(
        client, on_site, lead_inspector, team_inspector, query):
    def add(author, n):
        made = many(on_site, author, n, safeguarding=True)
        EvidenceAspect.objects.bulk_create([EvidenceAspect(record=record, aspect="leadership")
                                            for record in made])
        EvidenceGroup.objects.bulk_create([EvidenceGroup(record=record, group="care_leavers")
                                           for record in made])

    client.force_login(lead_inspector)
    client.get(list_url(on_site))  # the first request after signing in writes the session
    add(lead_inspector, 10)
    small = client.get(list_url(on_site, **query))
    assert len(rows(small)) == 10
    small_queries = _queries(client, list_url(on_site, **query))
    add(team_inspector, 4990)
    assert len(rows(client.get(list_url(on_site, **query)))) == 50
    assert _queries(client, list_url(on_site, **query)) == small_queries


def test_a_former_team_members_evidence_can_still_be_filtered_by_them(
        client, on_site, lead_inspector):
    former = UserFactory(username="fay.former")
    evidence(on_site, former, text="Written before leaving")
    client.force_login(lead_inspector)
    listed = rows(client.get(list_url(on_site, author=former.pk)))
    assert len(listed) == 1
    assert "Written before leaving" in listed[0]
