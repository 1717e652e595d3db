"""The rules that count from the inspection itself, and the migration that says so of rules
loaded before, leaving an admin's own edit alone."""

import importlib

import pytest
from django.apps import apps as django_apps

from deadlines.models import StatutoryRule

pytestmark = pytest.mark.django_db
migration = importlib.import_module(
    "deadlines.migrations.0009_clocks_counting_from_the_inspection")


def test_outcome_3_and_revisit_count_from_the_last_day_on_site():
    assert dict(StatutoryRule.objects.filter(code__in=["next_full_inspection_3", "revisit"])
                .values_list("code", "starts_on")) == {
        "next_full_inspection_3": "last day of on-site work",
        "revisit": "last day of on-site work"}
    assert StatutoryRule.objects.get(code="revisit").source.endswith("paras 118 and 119")


def test_the_migration_moves_rules_as_loaded_and_back_but_not_an_edited_one():
    StatutoryRule.objects.filter(code="next_full_inspection_3").update(
        starts_on="outcome 3 report published")
    StatutoryRule.objects.filter(code="revisit").update(starts_on="an admin's own wording")
    migration.forwards(django_apps, None)
    assert dict(StatutoryRule.objects.filter(code__in=["next_full_inspection_3", "revisit"])
                .values_list("code", "starts_on")) == {
        "next_full_inspection_3": "last day of on-site work",
        "revisit": "an admin's own wording"}
    migration.backwards(django_apps, None)
    assert StatutoryRule.objects.get(code="next_full_inspection_3").starts_on == (
        "outcome 3 report published")
