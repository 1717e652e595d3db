"""Documents: files the local area gives in answer to a request, files inspectors attach to
evidence, and the self-evaluation a local area shares for its annual engagement meetings,
each kept in versions that are never overwritten (docs/decisions/0030, 0033).

An upload is judged by its content (config.uploads), measured and hashed as it is read,
scanned for viruses (evidence.scanning), and only then stored, under a generated name. The
same filename again on the same request, record or area is the next version of the same
``Document``. A file with a virus is refused and the refusal audited; so is a file the
scanner could not check: nothing unchecked is ever kept, except where no scanner is
configured at all and the settings allow that, in development (kept as "not scanned").
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from audit.services import audit_record
from config import clock
from config.uploads import kind_of, upload_check
from evidence import scanning
from evidence.models import (
    Document,
    DocumentVersion,
    EvidenceRecord,
    InformationRequest,
    RequestStatus,
    ScanStatus,
)
from inspections.models import Inspection
from inspections.services.common import require_open
from local_areas.models import LocalArea
from policy import evidence as policy
from policy import local_areas as area_policy
from policy import wsoa as wsoa_policy

DOCUMENT_KINDS = frozenset({".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp",
                            ".csv", ".txt", ".png", ".jpg", ".jpeg"})
KINDS_TEXT = ("a PDF, a Word, Excel or PowerPoint file (.docx, .xlsx, .pptx), an OpenDocument "
              "file (.odt, .ods, .odp), a CSV or text file, or a PNG or JPEG image")
INFECTED_MESSAGE = ("The selected file contains a virus. It has not been uploaded: do not "
                    "open or share it, and tell whoever looks after your computers")
UNCHECKED_MESSAGE = ("The selected file could not be checked for viruses just now, so it "
                     "has not been uploaded. Try again in a few minutes")
NAME_MESSAGE = "The selected file must have a name"
MAX_FILENAME_CHARS = 255
HASH_CHUNK_BYTES = 1024 * 1024
SIGNATURE_UNSAFE = re.compile(r"[^\w.:/@+-]")
MAX_SIGNATURE_CHARS = 150
# Attempts at numbering a version before giving up: only a racing upload of the same name
# can take a number, and the row lock makes even that wait rather than clash.
VERSION_ATTEMPTS = 3


def safe_filename(name: str) -> str:
    """The name to show for an uploaded file: its last path part only (so no "../" and no
    folders, with either slash), without control or other invisible format characters, at
    most 255 characters keeping the extension. Raises ValidationError if nothing is left."""
    base = unicodedata.normalize("NFC", name or "").replace("\\", "/").split("/")[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] not in {"C", "Z"} or c == " ")
    base = " ".join(base.split())
    if base in {"", ".", ".."}:
        raise ValidationError(NAME_MESSAGE, code="name")
    if len(base) > MAX_FILENAME_CHARS:
        suffix = PurePosixPath(base).suffix[:20]
        base = base[:MAX_FILENAME_CHARS - len(suffix)] + suffix
    return base


def _measure(upload) -> tuple[int, str]:
    """The file's size and SHA-256, read as a stream."""
    digest, size = hashlib.sha256(), 0
    upload.seek(0)
    while chunk := upload.read(HASH_CHUNK_BYTES):
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return size, digest.hexdigest()


Owner = InformationRequest | EvidenceRecord | LocalArea


@dataclass(frozen=True)
class _Owner:
    inspection: Inspection | None
    request: InformationRequest | None = None
    record: EvidenceRecord | None = None
    area: LocalArea | None = None  # the area whose self-evaluation this is
    wsoa: object | None = None  # the written statement of action whose statement this is

    @property
    def audit_ids(self) -> dict:
        if self.request:
            return {"request_id": self.request.pk}
        if self.record:
            return {"record_id": self.record.pk}
        if self.wsoa:
            return {"statement_of": self.wsoa.pk}
        return {"self_evaluation_of": self.area.pk}

    @property
    def audit_object(self):
        """What the audit row is about: the inspection, or the area itself."""
        return self.inspection or self.area

    @property
    def local_area(self) -> LocalArea:
        return self.area or self.inspection.local_area

    @property
    def keys(self) -> dict:
        """The document's owner fields."""
        return {"request": self.request, "record": self.record,
                "self_evaluation_of": self.area, "statement_of": self.wsoa,
                "inspection": self.inspection}


def _owner_checked(owner: Owner, by) -> _Owner:
    """The owner with its inspection as it stands now, once the policy lets `by` add to it:
    a request only while its inspection is open, and likewise a record; an area's
    self-evaluation at any time."""
    if isinstance(owner, LocalArea):
        area_policy.require(by, owner, "share_self_evaluation")
        return _Owner(None, area=owner)
    from wsoa.models import Stage, Wsoa

    if isinstance(owner, Wsoa):
        wsoa = (Wsoa.objects.select_related("inspection__local_area", "local_area")
                .prefetch_related("inspection__team").get(pk=owner.pk))
        wsoa_policy.require(by, wsoa, "submit_statement")
        if wsoa.stage not in (Stage.DRAFTING, Stage.RESUBMISSION):
            raise ValidationError("The statement is uploaded while it is being written or "
                                  "revised")
        return _Owner(wsoa.inspection, wsoa=wsoa)
    if not isinstance(owner, InformationRequest | EvidenceRecord):
        raise TypeError("A document belongs to an information request, an evidence record "
                        "or a local area")
    inspection = (Inspection.objects.select_related("local_area").prefetch_related("team")
                  .get(pk=owner.inspection_id))
    if isinstance(owner, InformationRequest):
        found = _Owner(inspection, request=owner)
    else:
        found = _Owner(inspection, record=owner)
    policy.require(by, found.inspection,
                   "answer_request" if found.request else "attach_document")
    require_open(inspection=found.inspection, doing="upload documents")
    return found


def _require_request_open(request: InformationRequest) -> None:
    status = InformationRequest.objects.select_for_update().values_list(
        "status", flat=True).get(pk=request.pk)
    if status != RequestStatus.OPEN:
        raise ValidationError("You cannot upload files to this request: it is "
                              f"{RequestStatus(status).label.lower()}")


def _scan_status(upload, *, owner: _Owner, by, name_kind: str) -> str:
    """Scan the file: clean, or not scanned where no scanner is configured and the settings
    allow that (DOCUMENTS_UNSCANNED_ALLOWED, in development).
    A virus, or a scanner that cannot answer, refuses the upload (and is audited)."""
    if not scanning.scanner_configured():
        if settings.DOCUMENTS_UNSCANNED_ALLOWED:
            return ScanStatus.NOT_SCANNED
        _refused(owner, by, reason="scanner_not_configured", kind=name_kind)
        raise ValidationError(UNCHECKED_MESSAGE, code="unchecked")
    try:
        verdict = scanning.scan(upload)
    except scanning.ScannerUnavailable as error:
        _refused(owner, by, reason="scanner_unavailable", kind=name_kind)
        raise ValidationError(UNCHECKED_MESSAGE, code="unchecked") from error
    if verdict.infected:
        _refused(owner, by, reason="infected", kind=name_kind, signature=verdict.signature)
        raise ValidationError(INFECTED_MESSAGE, code="infected")
    return ScanStatus.CLEAN


def _refused(owner: _Owner, by, *, reason: str, kind: str, signature: str = "") -> None:
    """An audit row for a refused upload, kept although nothing else is: the reason, the
    kind and the virus's signature name (ClamAV's code for it), never the file or its name."""
    after = {**owner.audit_ids, "reason": reason, "kind": kind.lstrip(".")}
    if signature:
        # ClamAV's names are codes ("Win.Test.EICAR_HDB-1"); anything else in one is dropped.
        after["signature"] = SIGNATURE_UNSAFE.sub("", signature)[:MAX_SIGNATURE_CHARS]
    with transaction.atomic():
        audit_record(actor=by, obj=owner.audit_object,
                     action=("self_evaluation.upload_refused" if owner.area
                             else "document.upload_refused"),
                     local_area=owner.local_area, after=after)


def _document_locked(owner: _Owner, filename: str) -> Document:
    """The owner's document of that name, made if it has none, locked for numbering its
    next version. A racing upload of the same name waits on the unique constraint and then
    finds the row the other made."""
    keys = owner.keys
    document, _ = Document.objects.get_or_create(
        request=keys["request"], record=keys["record"],
        self_evaluation_of=keys["self_evaluation_of"], statement_of=keys["statement_of"],
        filename=filename,
        defaults={"inspection": keys["inspection"], "created_at": clock.now()})
    return Document.objects.select_for_update().get(pk=document.pk)


def _stored(owner: _Owner, upload) -> str:
    """Write the file to the store under a generated name (evidence.models.version_path):
    nothing of the upload's own name reaches the store. Returns the name."""
    field = DocumentVersion._meta.get_field("file")
    placeholder = DocumentVersion(document=Document(
        inspection=owner.inspection, self_evaluation_of=owner.area))
    upload.seek(0)
    return field.storage.save(field.generate_filename(placeholder, "upload"), upload)


def document_upload(*, owner: Owner, by, upload) -> DocumentVersion:
    """Keep an uploaded file as the next version of the owner's document of that name (its
    first, if new). Refuses, with the GOV.UK error for the file field: a file that is not
    one of DOCUMENT_KINDS by its content, one over UPLOAD_MAX_BYTES, one without a name, one
    with a virus, and one that could not be scanned. Only a request still open takes files.
    The audit row holds the document's and version's ids, size, kind and SHA-256, never the
    file's name or content."""
    found = _owner_checked(owner, by)
    name = safe_filename(upload.name)
    upload.name = name  # the kind is judged by the name as it will be kept
    upload_check(upload, kinds=DOCUMENT_KINDS, max_bytes=settings.UPLOAD_MAX_BYTES,
                 kinds_text=KINDS_TEXT)
    size, sha256 = _measure(upload)
    scan_status = _scan_status(upload, owner=found, by=by, name_kind=kind_of(name))
    stored = _stored(found, upload)
    try:
        for attempt in range(VERSION_ATTEMPTS):
            try:
                return _version_add(found, stored, by=by, name=name, size=size,
                                    sha256=sha256, scan_status=scan_status)
            except IntegrityError:
                if attempt == VERSION_ATTEMPTS - 1:
                    raise
    except BaseException:
        # No version names the file: it is removed rather than left behind unlisted.
        DocumentVersion._meta.get_field("file").storage.delete(stored)
        raise
    raise AssertionError("unreachable")  # pragma: no cover


@transaction.atomic
def _version_add(found: _Owner, stored: str, *, by, name: str, size: int, sha256: str,
                 scan_status: str) -> DocumentVersion:
    if found.request:
        _require_request_open(found.request)
    document = _document_locked(found, name)
    number = (document.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    now = clock.now()
    version = DocumentVersion.objects.create(
        document=document, number=number, file=stored, original_filename=name, size=size,
        sha256=sha256, kind=kind_of(name).lstrip("."), scan_status=scan_status,
        scanned_at=now if scan_status == ScanStatus.CLEAN else None, uploaded_by=by,
        uploaded_at=now)
    audit_record(actor=by, obj=found.audit_object,
                 action="self_evaluation.shared" if found.area else "document.uploaded",
                 local_area=found.local_area,
                 after={**found.audit_ids, "document_id": document.pk,
                        "version_id": version.pk, "number": number, "size": size,
                        "kind": version.kind, "sha256": sha256, "scan_status": scan_status})
    return version


def document_downloaded(*, version: DocumentVersion, by) -> None:
    """An audit row for a download: who took which version. Reads the document's inspection
    and area as the caller fetched them."""
    document = version.document
    area = document.self_evaluation_of or document.inspection.local_area
    with transaction.atomic():
        audit_record(actor=by, obj=document.self_evaluation_of or document.inspection,
                     action=("self_evaluation.downloaded" if document.self_evaluation_of_id
                             else "document.downloaded"), local_area=area,
                     after={"document_id": document.pk, "version_id": version.pk,
                            "number": version.number})


@dataclass
class PendingScanned:
    clean: int = 0
    infected: int = 0
    not_scanned: int = 0
    missing: int = 0
    waiting: int = 0  # left pending: no scanner configured, or none answered


def documents_scan_pending() -> PendingScanned:
    """Scan every version still "being scanned" — kept before it could be scanned, as the
    self-evaluations moved from engagement meetings were (evidence 0006) — oldest first.
    Clean: downloadable. A virus: the file is removed from the store, the version kept as
    refused and the finding audited. No scanner configured: marked not scanned where the
    settings allow that (DOCUMENTS_UNSCANNED_ALLOWED), else left waiting; a scanner that
    does not answer leaves the rest waiting too. A file missing from the store stays
    pending, counted, since it cannot be served anyway."""
    found = PendingScanned()
    pending = (DocumentVersion.objects.filter(scan_status=ScanStatus.PENDING)
               .select_related("document__inspection__local_area",
                               "document__self_evaluation_of").order_by("pk"))
    for version in pending.iterator(chunk_size=100):
        if not scanning.scanner_configured():
            if not settings.DOCUMENTS_UNSCANNED_ALLOWED:
                found.waiting += 1
                continue
            _scanned(version, ScanStatus.NOT_SCANNED)
            found.not_scanned += 1
            continue
        try:
            with version.file.open("rb") as stream:
                verdict = scanning.scan(stream)
        except FileNotFoundError:
            found.missing += 1
            continue
        except scanning.ScannerUnavailable:
            found.waiting += 1
            continue
        if verdict.infected:
            _infected(version, verdict.signature)
            found.infected += 1
        else:
            _scanned(version, ScanStatus.CLEAN)
            found.clean += 1
    return found


def _scanned(version: DocumentVersion, status: str) -> None:
    DocumentVersion.objects.filter(pk=version.pk, scan_status=ScanStatus.PENDING).update(
        scan_status=status, scanned_at=clock.now() if status == ScanStatus.CLEAN else None)


def _infected(version: DocumentVersion, signature: str) -> None:
    document = version.document
    with transaction.atomic():
        changed = DocumentVersion.objects.filter(
            pk=version.pk, scan_status=ScanStatus.PENDING).update(
            scan_status=ScanStatus.INFECTED, scanned_at=clock.now())
        if not changed:
            return
        audit_record(actor=None, obj=document.self_evaluation_of or document.inspection,
                     action="document.found_infected",
                     local_area=document.self_evaluation_of or document.inspection.local_area,
                     after={"document_id": document.pk, "version_id": version.pk,
                            "signature": SIGNATURE_UNSAFE.sub("", signature)
                            [:MAX_SIGNATURE_CHARS]})
        name = version.file.name
        transaction.on_commit(lambda: version.file.storage.delete(name))
