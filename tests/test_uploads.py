"""Uploads are judged by parsing them (config/uploads.py), not by their name or first bytes."""

import pytest
from django.core.exceptions import ValidationError

from config.uploads import ALL_KINDS, upload_check
from tests import files

TWENTY_MB = 20 * 1024 * 1024


def _refusal(name: str, content: bytes, kinds=ALL_KINDS) -> str:
    try:
        upload_check(files.upload(name, content), kinds=kinds, max_bytes=TWENTY_MB,
                     kinds_text="a PDF or an office document")
    except ValidationError as error:
        return error.messages[0]
    return ""


@pytest.mark.parametrize(("name", "content"), [
    ("sef.pdf", files.pdf_bytes()),
    ("sef.docx", files.docx_bytes()),
    ("sef.odt", files.odt_bytes()),
    ("scan.png", files.png_bytes()),
])
def test_real_files_of_each_kind_are_accepted(name, content):
    assert _refusal(name, content) == ""


def test_a_pdf_header_followed_by_html_is_refused():
    content = b"%PDF-1.7\n<html><body><script>alert(1)</script></body></html>\n%%EOF\n"
    assert _refusal("sef.pdf", content) == "The selected file is not a real PDF file"


def test_a_pdf_that_only_ends_like_one_is_refused():
    assert _refusal("sef.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n") == \
        "The selected file is not a real PDF file"


def test_a_zip_renamed_docx_is_refused():
    assert _refusal("sef.docx", files.zip_bytes()) == "The selected file is not a real DOCX file"


def test_a_docx_whose_xml_declares_entities_is_refused_unexpanded():
    assert _refusal("sef.docx", files.docx_with_entities_bytes()) == \
        "The selected file is not a real DOCX file"


def test_an_odt_without_its_mimetype_is_refused():
    assert _refusal("sef.odt", files.docx_bytes()) == "The selected file is not a real ODT file"


def test_a_file_that_is_not_a_zip_renamed_docx_is_refused():
    assert _refusal("sef.docx", b"PK\x03\x04 and then nothing") == \
        "The selected file is not a real DOCX file"


@pytest.mark.parametrize(("name", "content"), [
    ("sef.docx", files.docx_bytes(macro=True)),
    ("sef.odt", files.odt_bytes(macro=True)),
])
def test_documents_with_macros_are_refused(name, content):
    assert _refusal(name, content).startswith("The selected file contains macros")


@pytest.mark.parametrize(("name", "content"), [
    ("sef.docx", files.docx_bytes(macro=True)),
    ("sef.odt", files.odt_bytes(macro=True)),
])
def test_documents_with_macros_are_accepted_when_the_setting_allows_them(settings, name,
                                                                         content):
    settings.UPLOADS_ALLOW_MACROS = True
    assert _refusal(name, content) == ""


def test_a_truncated_image_is_refused():
    whole = files.png_bytes()
    assert _refusal("scan.png", whole[: len(whole) // 2]) == \
        "The selected file is not a real PNG file"


def test_a_truncated_image_is_refused_once_weasyprint_has_loaded():
    """WeasyPrint, imported to render letters, lets Pillow load truncated images in the whole
    process; an upload is judged strictly all the same, and WeasyPrint keeps its leniency."""
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    whole = files.png_bytes()
    assert _refusal("scan.png", whole[: len(whole) // 2]) == \
        "The selected file is not a real PNG file"
    assert ImageFile.LOAD_TRUNCATED_IMAGES


def test_an_image_of_another_format_than_its_name_is_refused():
    assert _refusal("scan.jpg", files.png_bytes()) == "The selected file is not a real JPG file"


def test_kinds_not_asked_for_are_refused_by_name():
    assert _refusal("setup.exe", b"MZ\x90\x00") == \
        "The selected file must be a PDF or an office document"
    assert _refusal("scan.png", files.png_bytes(), kinds={".pdf"}) == \
        "The selected file must be a PDF or an office document"


def test_a_file_over_the_limit_is_refused_before_it_is_parsed():
    assert _refusal("sef.pdf", b"%PDF-" + b"0" * TWENTY_MB) == \
        "The selected file must be smaller than 20MB"


def test_the_file_is_left_at_its_start():
    upload = files.upload("sef.pdf", files.pdf_bytes())
    upload_check(upload, kinds={".pdf"}, max_bytes=TWENTY_MB, kinds_text="a PDF")
    assert upload.read(5) == b"%PDF-"


@pytest.mark.parametrize(("name", "content"), [
    ("numbers.csv", b"area,plans issued\nMedway,412\nBarnet,390\n"),
    ("semicolons.csv", "\ufeffarea;plans\r\nMedway;412\r\n".encode()),
    ("one-column.csv", b"ons_code\nE06000035\n"),
    ("notes.txt", "Caf\u00e9 visit notes\nSecond line\n".encode()),
])
def test_utf8_csv_and_text_files_are_accepted(name, content):
    assert _refusal(name, content) == ""


def test_a_csv_that_is_not_utf8_is_refused():
    assert _refusal("plans.csv", "area\nCaf\u00e9\n".encode("latin-1")) == \
        "The selected file is not a real CSV file"


def test_a_csv_with_an_unclosed_quote_is_refused():
    assert _refusal("plans.csv", b'area,plans\nMedway,"412\n') == \
        "The selected file is not a real CSV file"


def test_a_binary_file_renamed_csv_is_refused():
    assert _refusal("plans.csv", files.png_bytes()) == "The selected file is not a real CSV file"


def test_a_text_file_with_nul_bytes_is_refused():
    assert _refusal("notes.txt", b"notes\x00\x00 from a word processor") == \
        "The selected file is not a plain text file: save it as text in UTF-8 and select it " \
        "again"


def test_an_empty_csv_is_refused():
    assert _refusal("plans.csv", b"") == "The selected file is not a real CSV file"
