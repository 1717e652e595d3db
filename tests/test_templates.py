"""What every template keeps to: each table scrolls in its own box, so that on a narrow
screen a wide table never widens the page."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
SCROLL_BOX = re.compile(
    r'<div class="app-table-scroll" role="region" aria-label="[^"]+" tabindex="0">\s*'
    r'<table\b')


def test_every_table_is_in_a_scroll_box_with_a_name():
    tables = {path: path.read_text().count("<table") for path in TEMPLATES}
    assert sum(tables.values()) >= 15
    for path, count in tables.items():
        boxed = len(SCROLL_BOX.findall(path.read_text()))
        assert boxed == count, f"{path.relative_to(ROOT)}: {count - boxed} table(s) not boxed"
