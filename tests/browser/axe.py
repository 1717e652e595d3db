"""Accessibility scans with axe-core, limited to WCAG 2.0, 2.1 and 2.2 levels A and AA."""

from pathlib import Path

import pytest

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_RUN_AXE = """
tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
    .then(results => results.violations)
"""


def _inject_axe(page) -> None:
    """axe-core is loaded in the page exactly once, or the test fails saying how to get it.

    It is evaluated through the browser's debugging protocol, which the page's
    Content-Security-Policy does not govern: a <script> tag (add_script_tag) would be refused,
    as the policy refuses every inline script without the page's nonce. The app's policy is
    not weakened for the scan.
    """
    if page.evaluate("typeof window.axe !== 'undefined'"):
        return
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing; run `npm ci` to install axe-core", pytrace=False)
    page.evaluate(AXE_SCRIPT.read_text() + "\n;undefined")


def axe_violations(page) -> list[dict]:
    """The WCAG A/AA violations axe-core finds in the page as it is now (empty if none)."""
    _inject_axe(page)
    return page.evaluate(_RUN_AXE, WCAG_TAGS)


def describe_violations(violations: list[dict]) -> str:
    """One paragraph per violation: rule id, impact, help text, then each node's selector."""
    paragraphs = []
    for violation in violations:
        lines = [f"{violation['id']} ({violation['impact']}): {violation['help']}",
                 f"  {violation['helpUrl']}"]
        lines += [f"  - {' '.join(map(str, node['target']))}" for node in violation["nodes"]]
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def assert_no_axe_violations(page) -> None:
    """Passes only if axe-core finds no WCAG A/AA violation; else lists each one."""
    violations = axe_violations(page)
    if violations:
        pytest.fail(
            f"{len(violations)} accessibility violation(s) on {page.url}:\n\n"
            + describe_violations(violations),
            pytrace=False,
        )
