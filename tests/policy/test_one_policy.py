"""No module but the policy's names a set of roles or relationships, and no template asks
what a person is rather than what they may do."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "audit", "config", "deadlines", "evidence", "inspections", "local_areas",
        "reports", "wsoa"]
RELATIONSHIPS = {"admin", "qa", "lead", "team", "local", "lano", "leader", "inspector", "dfe"}
ROLE_CONSTANTS = {"OFSTED_ADMIN", "INSPECTOR", "QUALITY_ASSURANCE", "LOCAL_AREA_OFFICER",
                  "LOCAL_AREA_LEADER", "DFE_ADVISER"}
RELATIONSHIP_NAMES = {"ADMIN", "QA", "LEAD", "TEAM", "LOCAL", "LANO", "LEADER"}


def _sources():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def _names_a_role(node) -> bool:
    if isinstance(node, ast.Attribute) and node.attr in ROLE_CONSTANTS:
        return True
    if isinstance(node, ast.Name) and node.id in RELATIONSHIP_NAMES:
        return True
    return isinstance(node, ast.Constant) and node.value in RELATIONSHIPS


def literal_role_sets(source: str) -> list[int]:
    """The lines of set, list or tuple literals naming two or more roles or relationships."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Set | ast.List | ast.Tuple)
                and sum(_names_a_role(element) for element in node.elts) >= 2):
            lines.append(node.lineno)
    return lines


def test_no_module_outside_the_policy_names_a_set_of_roles():
    found = {str(path.relative_to(ROOT)): lines for path in _sources()
             if (lines := literal_role_sets(path.read_text()))}
    # The roles' own declaration lists them all, once.
    found.pop("accounts/roles.py", None)
    assert found == {}


def test_the_check_finds_a_set_of_roles():
    assert literal_role_sets("allowed = {ADMIN, LEAD}\nx = (roles.INSPECTOR, roles.DFE_ADVISER)"
                             ) == [1, 2]
    assert literal_role_sets('who = ["admin", "qa"]\nplain = ["a", "b"]') == [1]


def test_no_template_asks_what_a_person_is():
    names = "|".join(RELATIONSHIPS)
    pattern = re.compile(rf"""["']({names})["'] in (kinds|can)\b|\bkinds\b|perms\.""")
    found = [f"{path.relative_to(ROOT)}:{number}"
             for path in (ROOT / "templates").rglob("*.html")
             for number, line in enumerate(path.read_text().splitlines(), 1)
             if pattern.search(line)]
    assert found == []
