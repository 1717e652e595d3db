"""The GOV.UK error summary (config.govuk_errors), novalidate on every form, and dates out
of range as form errors."""

import re

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

from config.govuk_errors import error_summary_items
from config.govuk_forms import GovukDateField


class _TwoDatesForm(forms.Form):
    starts = GovukDateField(label="First day on site")
    ends = GovukDateField(label="Last day on site")
    where = forms.ChoiceField(label="Where", choices=[("a", "A"), ("b", "B")],
                              widget=forms.RadioSelect)
    note = forms.CharField(label="Note")


def _date(name, day, month, year) -> dict:
    return {f"{name}_0": day, f"{name}_1": month, f"{name}_2": year}


def _form(**data) -> _TwoDatesForm:
    form = _TwoDatesForm(data)
    form.is_valid()
    return form


def test_a_date_error_links_to_the_first_box_of_the_date():
    form = _form(**_date("starts", "32", "12", "2017"), **_date("ends", "8", "12", "2017"),
                 where="a", note="x")
    assert [(item.href, item.text) for item in error_summary_items(form)] == [
        ("#id_starts_0", "Enter a real date")]


def test_radios_link_to_their_first_option_and_other_fields_to_themselves():
    form = _form(**_date("starts", "4", "12", "2017"), **_date("ends", "8", "12", "2017"))
    assert [item.href for item in error_summary_items(form)] == ["#id_where_1", "#id_note"]


def test_the_same_message_on_two_fields_names_each_field():
    form = _form(**_date("starts", "32", "12", "2017"), **_date("ends", "31", "2", "2018"),
                 where="a", note="x")
    assert [item.text for item in error_summary_items(form)] == [
        "First day on site: Enter a real date", "Last day on site: Enter a real date"]


def test_a_message_shown_once_is_not_prefixed():
    form = _form(**_date("starts", "32", "12", "2017"), **_date("ends", "8", "12", "2017"),
                 where="a", note="x")
    assert [item.text for item in error_summary_items(form)] == ["Enter a real date"]


@pytest.mark.parametrize("year", ["9999", "1899", "0001"])
def test_a_year_out_of_range_is_a_form_error(year):
    form = _form(**_date("starts", "31", "12", year), **_date("ends", "8", "12", "2017"),
                 where="a", note="x")
    assert form.errors["starts"] == ["Enter a year from 1900 to 2099"]


def test_crispy_forms_are_rendered_with_novalidate():
    from crispy_forms_gds.helper import FormHelper

    form = _TwoDatesForm()
    form.helper = FormHelper()
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(
        Context({"form": form}))
    assert re.search(r"<form [^>]*\bnovalidate\b", html)


FORM_PAGES = ["inspections:list", "inspections:schedule", "inspections:create", "audit:list",
              "deadlines:list", "local_areas:list", "deadlines:non-working-day-add"]


@pytest.mark.parametrize("name", FORM_PAGES)
def test_every_form_on_the_page_has_novalidate(client, ofsted_admin, name):
    client.force_login(ofsted_admin)
    html = client.get(reverse(name)).content.decode()
    tags = re.findall(r"<form\b[^>]*>", html)
    assert tags, name
    assert all("novalidate" in tag for tag in tags), tags


@pytest.mark.parametrize(("name", "query", "field"), [
    ("inspections:schedule", {"from": "9999-12-31"}, "from"),
    ("inspections:schedule", {"from": "0001-01-01"}, "from"),
    ("inspections:list", _date("starts_to", "31", "12", "9999"), "starts_to"),
    ("audit:list", _date("date_to", "31", "12", "9999"), "date_to"),
    ("audit:list", _date("date_from", "1", "1", "0001"), "date_from"),
])
def test_a_date_parameter_out_of_range_is_a_form_error(client, ofsted_admin, name, query,
                                                       field):
    client.force_login(ofsted_admin)
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="#id_{field}_0">Enter a year from 1900 to 2099</a>' in html
    assert "<title>Error: " in html


def test_a_schedule_date_that_is_not_a_date_is_a_form_error(client, ofsted_admin):
    client.force_login(ofsted_admin)
    response = client.get(reverse("inspections:schedule"), {"from": "next-week-please"})
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in response.content.decode()


def test_each_box_of_a_date_asks_for_the_number_keypad():
    html = str(_TwoDatesForm()["starts"])
    boxes = re.findall(r'<input[^>]*name="starts_\d"[^>]*>', html)
    assert len(boxes) == 3
    assert all('inputmode="numeric"' in box for box in boxes)
