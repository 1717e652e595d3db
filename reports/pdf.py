"""The outcome letter as a PDF: the same letter the inspectorates send, laid out as Ofsted's
letters are (letterhead at the top right, the addressee, the findings under their headings,
the signature block in two columns, a page number on every page), and on a draft marked
"DRAFT – RESTRICTED AND CONFIDENTIAL" on every page.

The letter is rendered from `templates/documents/letter.html`, a Django template with
autoescaping on, so the letter's text is always escaped; its stylesheet,
`templates/documents/letter.css`, is included in the page, and the fetcher allows no
protocol, so rendering reads nothing from the network or the static files.

The letter is published and sent to families and to the local area's leaders, some of whom
read it with a screen reader, so it is written as PDF/UA-1 (ISO 14289-1): a tagged PDF whose
structure tree carries the letter's headings, paragraphs, lists and the signature table in
reading order, with the document's language (from `<html lang>`) and its title (from
`<title>`, shown by viewers in place of the file name). The page numbers and the draft marking
sit in the page margins, which WeasyPrint keeps out of the structure tree as furniture of the
page.
"""

from itertools import zip_longest

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string

from reports.content import LetterContent, Signatory

TEMPLATE = "documents/letter.html"
PDF_VARIANT = "pdf/ua-1"


def _signature_columns(content: LetterContent) -> list[dict]:
    """The signature block's columns, in the order of `signature_headings` (Ofsted, then the
    Care Quality Commission), each with its heading and its signatories in order."""
    return [{"heading": heading,
             "signatories": [s for s in content.signatories if s.inspectorate == key]}
            for key, heading in content.signature_headings.items()]


def _signature_rows(columns: list[dict]) -> list[tuple[Signatory | None, ...]]:
    """The signature block row by row, a cell per column; a shorter column's cells are empty."""
    return list(zip_longest(*(column["signatories"] for column in columns)))


def render_letter_html(content: LetterContent, *, draft: bool) -> str:
    columns = _signature_columns(content)
    return render_to_string(TEMPLATE, {
        "content": content,
        "draft": draft,
        "signature_columns": columns,
        "signature_rows": _signature_rows(columns),
    })


def render_letter_pdf(content: LetterContent, *, draft: bool) -> bytes:
    """The letter as a tagged PDF/UA-1 document; `draft` marks every page as a draft."""
    html = weasyprint.HTML(
        string=render_letter_html(content, draft=draft),
        base_url=str(settings.BASE_DIR / "templates" / "documents"),
        url_fetcher=weasyprint.URLFetcher(allowed_protocols=(), fail_on_errors=True),
    )
    return html.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=content.reference.encode())
