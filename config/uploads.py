"""Uploaded files judged by what they are, not by their name or first bytes.

A file is accepted only if it opens as the kind its name says: a PDF must parse with pypdf
and have a page; an Office Open XML file (.docx, .xlsx, .pptx) must be a zip package whose
[Content_Types].xml names that kind's main part; an OpenDocument file (.odt, .ods, .odp)
must be a zip whose `mimetype` entry names that kind; an image must decode with Pillow.
Packages that carry active content (Office VBA projects, macro-enabled parts, ActiveX
controls; OpenDocument Basic libraries and scripts) are refused unless the
UPLOADS_ALLOW_MACROS setting allows them. A plain text file (.txt) must be UTF-8 without NUL
bytes; a CSV file (.csv) must be that, and parse as rows of a dialect csv.Sniffer finds
(or Excel's, for one column). Each refusal is a sentence for the GOV.UK error
message on the field. See docs/decisions/0022.
"""

import csv
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException, ElementTree
from django.conf import settings
from django.core.exceptions import ValidationError

OOXML_MAIN = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main"
             "+xml",
}
# The same documents saved with macros (.docm, .xlsm, .pptm) under the name of the plain kind.
OOXML_MACRO_MAIN = {
    ".docx": "application/vnd.ms-word.document.macroEnabled.main+xml",
    ".xlsx": "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    ".pptx": "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
}
ODF_MIMETYPE = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
IMAGE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
TEXT_KINDS = frozenset({".csv", ".txt"})
ALL_KINDS = frozenset({".pdf", *OOXML_MAIN, *ODF_MIMETYPE, *IMAGE_FORMATS, *TEXT_KINDS})

# Parts and content types that hold code a reader's software can run.
OOXML_ACTIVE_PART = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml)$|(^|/)activeX/",
                               re.IGNORECASE)
OOXML_ACTIVE_TYPE = re.compile(r"vbaProject|macroEnabled|ms-office\.activeX", re.IGNORECASE)
ODF_ACTIVE_PART = re.compile(r"^(Basic|Scripts)/", re.IGNORECASE)
# An event listener or a link that calls a macro: <script:event-listener …>, or an address
# starting vnd.sun.star.script: or macro:.
ODF_ACTIVE_TEXT = re.compile(rb"script:event-listener|vnd\.sun\.star\.script:|macro:///")
ODF_CHECKED_PARTS = ("content.xml", "styles.xml", "settings.xml")

CONTENT_TYPES = "[Content_Types].xml"
CT_NAMESPACE = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# Far beyond any real package's index or text parts, and small enough to read in memory:
# a zip that claims more is not opened (its parts could expand without bound).
MAX_PART_BYTES = 50 * 1024 * 1024
MAX_PARTS = 10_000
# Pillow's own guard against decompression bombs, at the size of a large scan.
MAX_IMAGE_PIXELS = 90_000_000
# What csv.Sniffer reads to find a CSV file's delimiter and quoting.
CSV_SAMPLE_CHARS = 64 * 1024
CSV_DELIMITERS = ",;\t|"


def kind_of(name: str) -> str:
    """The kind a file's name says it is: its extension, in lower case."""
    return Path(name).suffix.lower()


def _not_real(kind: str) -> ValidationError:
    if kind == ".txt":
        return ValidationError("The selected file is not a plain text file: save it as text "
                               "in UTF-8 and select it again", code="not_real")
    return ValidationError(f"The selected file is not a real {kind[1:].upper()} file",
                           code="not_real")


def _macros(kind: str) -> ValidationError:
    return ValidationError(f"The selected file contains macros or other active content: "
                           f"save it without them as a {kind[1:].upper()} file and select it "
                           f"again", code="active_content")


def _check_pdf(upload) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if upload.read(5) != b"%PDF-":
        raise _not_real(".pdf")
    upload.seek(0)
    try:
        # Not strict: real PDFs often have small faults readers forgive. A file that only
        # starts like a PDF still fails, as it has no cross-reference table or pages to find.
        reader = PdfReader(upload, strict=False)
        if len(reader.pages) < 1:
            raise _not_real(".pdf")
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError) as error:
        raise _not_real(".pdf") from error


def _zip(upload, kind: str) -> zipfile.ZipFile:
    try:
        package = zipfile.ZipFile(upload)
        parts = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _not_real(kind) from error
    if len(parts) > MAX_PARTS or any(part.file_size > MAX_PART_BYTES for part in parts):
        raise _not_real(kind)
    return package


def _read(package: zipfile.ZipFile, name: str, kind: str) -> bytes:
    try:
        return package.read(name)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:
        raise _not_real(kind) from error


def _check_ooxml(upload, kind: str, allow_macros: bool) -> None:
    package = _zip(upload, kind)
    try:
        # defusedxml: the package is the uploader's, so entity tricks (a "billion laughs")
        # are refused rather than expanded.
        types = ElementTree.fromstring(_read(package, CONTENT_TYPES, kind))
    except (ParseError, DefusedXmlException) as error:
        raise _not_real(kind) from error
    declared = [entry.get("ContentType", "") for entry in types
                if entry.tag in (f"{CT_NAMESPACE}Override", f"{CT_NAMESPACE}Default")]
    if OOXML_MAIN[kind] not in declared and OOXML_MACRO_MAIN[kind] not in declared:
        raise _not_real(kind)
    active = (any(OOXML_ACTIVE_TYPE.search(content_type) for content_type in declared)
              or any(OOXML_ACTIVE_PART.search(name) for name in package.namelist()))
    if active and not allow_macros:
        raise _macros(kind)


def _check_odf(upload, kind: str, allow_macros: bool) -> None:
    package = _zip(upload, kind)
    names = package.namelist()
    if not names or names[0] != "mimetype" or "META-INF/manifest.xml" not in names:
        raise _not_real(kind)
    if _read(package, "mimetype", kind).strip() != ODF_MIMETYPE[kind].encode():
        raise _not_real(kind)
    if allow_macros:
        return
    if any(ODF_ACTIVE_PART.search(name) for name in names) or any(
            ODF_ACTIVE_TEXT.search(_read(package, part, kind))
            for part in ODF_CHECKED_PARTS if part in names):
        raise _macros(kind)


def _check_image(upload, kind: str) -> None:
    from PIL import Image, ImageFile, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    # Pillow's switch for loading truncated images is one for the whole process, and
    # WeasyPrint turns it on when imported (it renders what it can of a broken image in a
    # page). Judging an upload, a truncated file must fail, so it is off while the upload is
    # decoded (the web and Celery workers serve one request or task at a time).
    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with Image.open(upload) as image:
            if image.format != IMAGE_FORMATS[kind]:
                raise _not_real(kind)
            image.load()  # decodes every pixel: a truncated file fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as error:
        raise _not_real(kind) from error
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def _text_lines(upload, kind: str) -> Iterator[str]:
    """The file's lines as text, read one at a time (a line break never falls inside a
    UTF-8 character, so each line decodes on its own); refuses NUL bytes and bytes that are
    not UTF-8."""
    upload.seek(0)
    for number, line in enumerate(upload):
        if b"\0" in line:
            raise _not_real(kind)
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as error:
            raise _not_real(kind) from error
        yield text.removeprefix("\ufeff") if number == 0 else text


def _check_text(upload, kind: str) -> None:
    if kind == ".txt":
        for _line in _text_lines(upload, kind):
            pass
        return
    sample = ""
    for line in _text_lines(upload, kind):
        sample += line
        if len(sample) >= CSV_SAMPLE_CHARS:
            break
    try:
        dialect = csv.Sniffer().sniff(sample[:CSV_SAMPLE_CHARS], delimiters=CSV_DELIMITERS)
    except csv.Error:
        dialect = csv.excel  # one column has no delimiter to find
    try:
        rows = sum(1 for _row in csv.reader(_text_lines(upload, kind), dialect, strict=True))
    except csv.Error as error:  # a stray quote, or a field beyond csv's limit
        raise _not_real(kind) from error
    if not rows:
        raise _not_real(kind)


def upload_check(upload, *, kinds: frozenset[str] | set[str], max_bytes: int,
                 kinds_text: str) -> None:
    """Refuse, with a ValidationError in GOV.UK words, an upload that is not one of `kinds`
    (extensions such as ".pdf") by its content, is bigger than `max_bytes`, or carries active
    content the settings do not allow. `kinds_text` names the kinds for the error message
    ("a PDF or Word document (.docx)"). Leaves the file at its start."""
    kind = kind_of(upload.name)
    if kind not in kinds or kind not in ALL_KINDS:
        raise ValidationError(f"The selected file must be {kinds_text}", code="kind")
    if upload.size > max_bytes:
        raise ValidationError(f"The selected file must be smaller than "
                              f"{max_bytes // (1024 * 1024)}MB", code="size")
    allow_macros = getattr(settings, "UPLOADS_ALLOW_MACROS", False)
    upload.seek(0)
    try:
        if kind == ".pdf":
            _check_pdf(upload)
        elif kind in OOXML_MAIN:
            _check_ooxml(upload, kind, allow_macros)
        elif kind in ODF_MIMETYPE:
            _check_odf(upload, kind, allow_macros)
        elif kind in TEXT_KINDS:
            _check_text(upload, kind)
        else:
            _check_image(upload, kind)
    finally:
        upload.seek(0)
