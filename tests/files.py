"""Small real files of each kind the service takes, and look-alikes, made in memory."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
ODT = "application/vnd.oasis.opendocument.text"


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf(name: str = "self-evaluation.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def _zip(parts: dict[str, bytes | str], *, stored_first: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            method = zipfile.ZIP_STORED if name == stored_first else zipfile.ZIP_DEFLATED
            package.writestr(name, content, compress_type=method)
    return out.getvalue()


def docx_bytes(*, macro: bool = False) -> bytes:
    main = WORD_MACRO_MAIN if macro else WORD_MAIN
    overrides = f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
    if macro:
        overrides += ('<Override PartName="/word/vbaProject.bin" '
                      'ContentType="application/vnd.ms-office.vbaProject"/>')
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            '</Relationships>'),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Our '
            'self-evaluation</w:t></w:r></w:p></w:body></w:document>'),
    }
    if macro:
        parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 VBA project"
    return _zip(parts)


def docx_with_entities_bytes() -> bytes:
    """A docx whose content types declare an entity. Office never writes a DTD; entities are
    how "billion laughs" and external-entity attacks start, so any is refused, even one as
    harmless as this."""
    package = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    parts = {name: package.read(name) for name in package.namelist()}
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE Types [<!ENTITY ext "xml">]>').replace(
        'Extension="xml"', 'Extension="&ext;"')
    return _zip(parts)


def odt_bytes(*, macro: bool = False) -> bytes:
    parts = {
        "mimetype": ODT,
        "META-INF/manifest.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
            f'manifest:full-path="/" manifest:media-type="{ODT}"/></manifest:manifest>'),
        "content.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office='
            '"urn:oasis:names:tc:opendocument:xmlns:office:1.0"><office:body><office:text/>'
            '</office:body></office:document-content>'),
    }
    if macro:
        parts["Basic/Standard/Module1.xml"] = "<script:module>Shell(\"calc\")</script:module>"
    return _zip(parts, stored_first="mimetype")


def zip_bytes() -> bytes:
    return _zip({"notes.txt": "Not a Word document"})


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 64), (29, 112, 184)).save(out, format="PNG")
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
