"""What every template keeps to: each table scrolls in its own box, so that on a narrow
screen a wide table never widens the page."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The pages the service serves; not templates/documents/, which are documents WeasyPrint
# renders to PDF (the letter): no browser shows them, so neither the scroll boxes nor the
# Content-Security-Policy apply, and their stylesheet is in the document.
TEMPLATES = sorted(path for path in (ROOT / "templates").rglob("*.html")
                   if "documents" not in path.relative_to(ROOT / "templates").parts)
SCROLL_BOX = re.compile(
    r'<div class="app-table-scroll" role="region" aria-label="[^"]+" tabindex="0">\s*'
    r'<table\b')


def test_every_table_is_in_a_scroll_box_with_a_name():
    tables = {path: path.read_text().count("<table") for path in TEMPLATES}
    assert sum(tables.values()) >= 15
    for path, count in tables.items():
        boxed = len(SCROLL_BOX.findall(path.read_text()))
        assert boxed == count, f"{path.relative_to(ROOT)}: {count - boxed} table(s) not boxed"


# The Content-Security-Policy (decision 0024) allows no inline style and no inline script but
# one carrying the request's nonce: templates keep to it, so that no page breaks under it.
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


def test_no_template_has_inline_styles_or_event_handlers():
    for path in TEMPLATES:
        text = path.read_text()
        name = path.relative_to(ROOT)
        assert not STYLE_ATTRIBUTE.search(text), f"{name}: a style attribute; use a class"
        assert "<style" not in text.lower(), f"{name}: a <style> element; use application.scss"
        assert not EVENT_HANDLER.search(text), f"{name}: an inline event handler; use static/js"


def test_every_inline_script_carries_the_csp_nonce():
    inline = 0
    for path in TEMPLATES:
        for attributes in SCRIPT_TAG.findall(path.read_text()):
            if "src=" not in attributes:
                inline += 1
                assert 'nonce="{{ request.csp_nonce }}"' in attributes, path.relative_to(ROOT)
    assert inline >= 1  # base.html's, which marks the page as having JavaScript
