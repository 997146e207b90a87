"""Checking what people attach: the type is read from the content (magic bytes), never
from the file name; PDFs must open and must not be encrypted, images must decode, Word
files must be real DOCX packages; sizes are limited per file and per filing; a virus
scanner (ClamAV's clamd) checks each file when one is configured."""

from __future__ import annotations

import hashlib
import socket
import struct
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

PDF, PNG, JPEG, DOCX = (
    "application/pdf",
    "image/png",
    "image/jpeg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
ACCEPTED = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG", DOCX: "DOCX"}


class AttachmentRefused(Exception):
    MESSAGES = {
        "empty": _("The file is empty."),
        "too_large": _("The file is larger than %(mb)s MB."),
        "total_too_large": _("All files of one filing together may not exceed %(mb)s MB."),
        "type": _(
            "Only PDF, JPEG, PNG and DOCX files are accepted; this file is none of them "
            "(its content was checked, whatever its name says)."
        ),
        "pdf_encrypted": _(
            "The PDF is password-protected. Save it without a password and attach it again."
        ),
        "corrupt": _("The file is damaged and cannot be opened."),
        "infected": _("The virus check found a threat in this file."),
        "scan_failed": _("The virus check is not available right now. Try again later."),
        "duplicate": _("This file is already attached."),
    }

    def __init__(self, code: str, **params) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(self.MESSAGES[self.code]) % self.params


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str


def sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return DOCX  # confirmed by opening the package below
    return None


def _mb(value: int) -> int:
    return value // (1024 * 1024)


def attachment_check(upload, *, already_attached_bytes: int = 0) -> CheckedFile:
    """Check an uploaded file (a Django UploadedFile) without loading it whole into memory
    where the format allows; raises AttachmentRefused with a reason code."""
    limit = settings.FILING_MAX_FILE_BYTES
    if upload.size == 0:
        raise AttachmentRefused("empty")
    if upload.size > limit:
        raise AttachmentRefused("too_large", mb=_mb(limit))
    if already_attached_bytes + upload.size > settings.FILING_MAX_TOTAL_BYTES:
        raise AttachmentRefused("total_too_large", mb=_mb(settings.FILING_MAX_TOTAL_BYTES))
    upload.seek(0)
    content_type = sniff(upload.read(16))
    if content_type is None:
        raise AttachmentRefused("type")
    upload.seek(0)
    {PDF: _check_pdf, PNG: _check_image, JPEG: _check_image, DOCX: _check_docx}[content_type](
        upload
    )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    _scan(upload)
    upload.seek(0)
    return CheckedFile(content_type=content_type, size=upload.size, sha256=digest.hexdigest())


def _check_pdf(upload) -> None:
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(upload, strict=False)
        if reader.encrypted:
            raise AttachmentRefused("pdf_encrypted")
        pages = reader.root["/Pages"]
        if int(pages["/Count"]) < 1:
            raise AttachmentRefused("corrupt")
    except AttachmentRefused:
        raise
    except (
        PdfError,
        KeyError,
        ValueError,
        TypeError,
        AttributeError,
        IndexError,
        OSError,
    ) as error:
        raise AttachmentRefused("corrupt") from error


def _check_image(upload) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise AttachmentRefused("corrupt") from error


def _check_docx(upload) -> None:
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise AttachmentRefused("type")
            if package.testzip() is not None:
                raise AttachmentRefused("corrupt")
    except zipfile.BadZipFile as error:
        raise AttachmentRefused("corrupt") from error


def _scan(upload) -> None:
    """ClamAV's clamd INSTREAM protocol when FILING_CLAMD_SOCKET is set; nothing else."""
    path = settings.FILING_CLAMD_SOCKET
    if not path:
        return
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as clamd:
            clamd.settimeout(30)
            clamd.connect(path)
            clamd.sendall(b"zINSTREAM\0")
            for chunk in upload.chunks(chunk_size=64 * 1024):
                clamd.sendall(struct.pack("!L", len(chunk)) + chunk)
            clamd.sendall(struct.pack("!L", 0))
            reply = clamd.recv(4096)
    except OSError as error:
        raise AttachmentRefused("scan_failed") from error
    if b"FOUND" in reply:
        raise AttachmentRefused("infected")
    if not reply.rstrip(b"\0").endswith(b"OK"):
        raise AttachmentRefused("scan_failed")
