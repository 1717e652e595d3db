"""Every action the service writes to the audit trail has words, and the trail reads as
sentences: who did what to which record, with codes and dates in words."""

import ast
import datetime
from pathlib import Path

from django.urls import reverse

from audit.wording import ACTIONS, change_lines, event_sentence
from inspections.transitions import LIFECYCLE
from local_areas import services as area_services
from local_areas.models import ContactRole, LocalArea
from reports.transitions import LETTER_LIFECYCLE

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "audit", "deadlines", "evidence", "inspections", "local_areas",
        "reports", "wsoa", "config", "policy"]
WRITERS = {"audit_record", "audit_event"}
# Functions that write an audit row for an action passed to them: (file, function) → the
# prefix they put before it and the position of the action among their arguments.
WRAPPERS = {
    ("inspections/services/planning.py", "_audit"): ("inspection.", 2),
    ("inspections/services/common.py", "audit_transition"): ("inspection.", 2),
    ("inspections/services/lifecycle.py", "audit_transition"): ("inspection.", 2),
    ("inspections/services/planning.py", "audit_transition"): ("inspection.", 2),
    ("reports/services.py", "_audit"): ("letter.", 2),
    ("reports/accuracy.py", "_audit"): ("letter.", 2),
    ("evidence/services/records.py", "_audit"): ("evidence.", 2),
    ("reports/findings.py", "_audit"): ("", 2),
    ("reports/parts.py", "_audit"): ("", 2),
    ("deadlines/services.py", "_audit"): ("", 1),
    ("deadlines/services.py", "_save_due_date"): ("", 2),
    ("wsoa/services.py", "_audit"): ("", 2),
}
# The writers themselves, handing their arguments on.
PASSED_THROUGH = {("audit/services.py", "audit_record")}
# An action taken from a lifecycle table: each of the table's steps is checked below.
FROM_TABLES = {"audited_as"}


def _name(node) -> str:
    return node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")


def _sources():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text())


def _is_passed_on(node, enclosing: str, path: str) -> bool:
    """The action is the parameter of a known wrapper, or a lifecycle table's step."""
    names = {_name(n) for n in ast.walk(node)}
    return (path, enclosing) in WRAPPERS or bool(names & FROM_TABLES)


def _written_actions() -> tuple[set[str], list[str]]:
    """Every action code the code writes, and the calls whose action cannot be read."""
    found, unreadable = set(), []
    for path, tree in _sources():
        for function in [n for n in ast.walk(tree)
                         if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]:
            for call in [n for n in ast.walk(function) if isinstance(n, ast.Call)]:
                called = _name(call.func)
                if called in WRITERS:
                    action = next((k.value for k in call.keywords if k.arg == "action"), None)
                    prefix = ""
                elif (path, called) in WRAPPERS:
                    prefix, index = WRAPPERS[(path, called)]
                    action = call.args[index] if len(call.args) > index else next(
                        (k.value for k in call.keywords if k.arg == "action"), None)
                else:
                    continue
                if isinstance(action, ast.Constant) and isinstance(action.value, str):
                    found.add(prefix + action.value)
                elif isinstance(action, ast.IfExp) and all(
                        isinstance(side, ast.Constant) and isinstance(side.value, str)
                        for side in (action.body, action.orelse)):
                    # One of two literals: `"a" if owner.area else "b"`.
                    found |= {prefix + action.body.value, prefix + action.orelse.value}
                elif action is None:
                    if (path, function.name) not in PASSED_THROUGH:
                        unreadable.append(f"{path}:{call.lineno}")
                elif not _is_passed_on(action, function.name, path):
                    unreadable.append(f"{path}:{call.lineno}")
    # The records' corrections name their action as `audited_as`, after "inspection.".
    for _path, tree in _sources():
        for call in [n for n in ast.walk(tree) if isinstance(n, ast.Call)]:
            for keyword in call.keywords:
                if keyword.arg == "audited_as" and isinstance(keyword.value, ast.Constant):
                    found.add(f"inspection.{keyword.value.value}")
    found |= {f"inspection.{step.audited_as}" for step in LIFECYCLE.values()}
    found |= {f"letter.{step.audited_as}" for step in LETTER_LIFECYCLE.values()}
    return found, unreadable


def test_every_action_written_to_the_audit_trail_has_words():
    found, unreadable = _written_actions()
    assert not unreadable, (f"Audit actions this test cannot read (give them as a literal, or "
                            f"add the wrapper to WRAPPERS): {unreadable}")
    assert {"inspection.give_feedback", "letter.issue_final", "deadline.extend",
            "inspection.deferral_requested", "inspection.defer",
            "inspection.concern_removed"} <= found
    missing = sorted(found - ACTIONS.keys())
    assert not missing, f"Audit actions without words in audit.wording.ACTIONS: {missing}"


def test_the_words_are_a_sentence_about_the_record():
    assert event_sentence(actor="Priya Shah", action="inspection.give_feedback",
                          object_name="Medway 2016 inspection") == \
        "Priya Shah gave final feedback on the Medway 2016 inspection"


def test_changes_read_in_words_not_codes():
    assert change_lines({"state": "on_site"}, {"state": "feedback_given",
                                               "feedback_on": "2017-12-08", "version": 4}) == [
        "State: On site → Feedback given", "Feedback on: 8 December 2017", "Version: 4"]


def test_areas_that_share_a_name_are_told_apart_by_their_dates(client, ofsted_admin):
    county, unitary = (LocalArea.objects.get(name="Dorset", valid_to__isnull=False),
                       LocalArea.objects.get(name="Dorset", valid_to__isnull=True))
    for area, start in ((county, datetime.date(2018, 1, 8)),
                        (unitary, datetime.date(2020, 1, 6))):
        area_services.contact_add(local_area=area, by=ofsted_admin, role=ContactRole.LANO,
                                  name="Alex Lano", start_date=start)
    client.force_login(ofsted_admin)
    html = client.get(reverse("audit:list")).content.decode()
    assert "Dorset (until 31 March 2019)" in html and "Dorset (from 1 April 2019)" in html
