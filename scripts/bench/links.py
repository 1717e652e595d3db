"""The deepest page a list's pagination links to, read from the page's HTML.

Works for both kinds of list (docs/decisions/0026): numbered pages (`?page=N`, GOV.UK's
pagination list, whose last item is the last page) and keyset pages (only Previous and Next,
`?after=…`). Of the links in a `govuk-pagination` block, the highest-numbered page beyond the
current one wins; failing that, the Next link.
"""

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit


class _PaginationLinks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 inside a govuk-pagination element
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        classes = attributes.get("class", "").split()
        if self.depth:
            self.depth += tag not in _VOID
            if tag == "a" and attributes.get("href"):
                self.links.append(attributes)
        elif "govuk-pagination" in classes:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


def _page_number(href: str) -> int | None:
    values = parse_qs(urlsplit(href).query).get("page", [])
    return int(values[0]) if values and values[0].isdigit() else None


def deepest_link(html: str) -> str | None:
    """The href of the deepest page linked from the pagination, or None on the last page."""
    parser = _PaginationLinks()
    parser.feed(html)
    current = next((_page_number(link["href"]) for link in parser.links
                    if link.get("aria-current") == "page"), None) or 1
    numbered = [(number, link["href"]) for link in parser.links
                if (number := _page_number(link["href"])) is not None and number > current]
    if numbered:
        return max(numbered)[1]
    return next((link["href"] for link in parser.links if "next" in link.get("rel", "").split()),
                None)


def resolve(base_path: str, href: str) -> str:
    """A link as the page gives it ("?page=3") made into a path on the site."""
    if href.startswith("?"):
        return urlsplit(base_path).path + href
    return href
