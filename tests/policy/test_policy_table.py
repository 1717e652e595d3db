"""The policy table in the decision record is the policy the code applies."""

import re
from pathlib import Path

from policy import audit, deadlines, evidence, inspections, local_areas
from policy.table import markdown

RECORD = Path(__file__).resolve().parents[2] / "docs/decisions/0010-one-access-policy.md"


def test_the_decision_record_shows_the_policy_the_code_applies():
    text = RECORD.read_text()
    found = re.search(r"<!-- policy-table:start -->\n(.*)<!-- policy-table:end -->", text,
                      re.S)
    assert found, "the decision record has lost its policy-table markers"
    assert found.group(1).strip() == markdown().strip(), (
        "regenerate the table with `manage.py access_policy_table`")


def test_the_table_covers_every_rule():
    table = markdown()
    for module in (inspections, local_areas, deadlines, audit, evidence):
        rules = {**getattr(module, "RULES", {}), **getattr(module, "GENERAL_RULES", {})}
        assert rules
        for action in rules:
            assert f"(`{action}`)" in table, action
