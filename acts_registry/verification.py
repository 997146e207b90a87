"""Is this the act the court issued? Found by its verification code (typed, or read from the
QR code), or checked from an uploaded PDF: byte-identical to the issued or the public copy,
and whether the court's seal in it is intact, valid, trusted and covers the whole file.

Every outcome has a stable `reason` code and a message in the user's language; bad input
(empty, not a PDF, damaged, too large) is one of those outcomes, never an exception.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass, field
from io import BytesIO

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from acts_registry.models import Act, ActStatus

logger = logging.getLogger(__name__)

CODE_MAX_LENGTH = 24
# What a normalised code may look like; anything else (a NUL byte, a slash, Cyrillic look-
# alikes) cannot be one and never reaches the database.
CODE_SHAPE = re.compile(rf"[A-Z0-9]{{1,{CODE_MAX_LENGTH}}}")
# The same alphabet as the codes given at issue (services): no 0/O, 1/I/L to mistake when
# a code is retyped from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12  # about 59 bits: guessing a valid code is hopeless

# Uploads are parsed and their signatures validated (tens of milliseconds each): a person
# checks a few files, a script must not keep a worker busy.
UPLOAD_LIMIT_PER_HOUR = 60

ISSUED, PUBLIC = "issued", "public"

REASONS = {
    # Answers about a readable PDF
    "identical": _(
        "The file is byte-identical to the act the court issued, and the court's seal in it "
        "is valid."
    ),
    "identical_seal_invalid": _(
        "The file is byte-identical to the act the court issued, but its seal can no longer "
        "be confirmed as valid (the certificate may have been revoked)."
    ),
    "changed_after_seal": _(
        "The file is not byte-identical to the issued act: it was changed after it was "
        "sealed (content was added to the sealed document)."
    ),
    "signature_broken": _(
        "The file is not byte-identical to the issued act and its seal is broken: the "
        "content was changed after sealing."
    ),
    "signature_untrusted": _(
        "The file is not byte-identical to the issued act, and its seal was not made with a "
        "certificate the portal trusts."
    ),
    "unsigned": _(
        "The file refers to a judicial act but carries no seal of the court: it is not the "
        "issued document (it may have been re-saved, printed to PDF or cut short)."
    ),
    "different_copy": _(
        "The file carries a valid seal and the act's code, but it is not byte-identical to "
        "the copy the court stored. Ask the court for the issued copy."
    ),
    "unknown_act": _("No judicial act matches this file: it is not a document issued here."),
    # Bad input
    "empty": _("The file is empty."),
    "not_pdf": _("The file is not a PDF document."),
    "damaged": _("The PDF file is damaged and cannot be read."),
    "too_large": _("The file is too large to check."),
    "no_file": _("Choose a PDF file to check."),
}
BAD_INPUT = frozenset({"empty", "not_pdf", "damaged", "too_large", "no_file"})


def upload_max_bytes() -> int:
    return getattr(settings, "ACT_VERIFY_MAX_BYTES", 20 * 1024 * 1024)


def verification_code_new() -> str:
    """A fresh code no act has yet."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Act.objects.filter(verification_code=code).exists():
            return code


def code_normalise(code: str) -> str:
    """What people type or scan: spaces and dashes between groups, any letter case."""
    return re.sub(r"[\s\-]+", "", code or "").upper()


def act_by_code(code: str) -> Act | None:
    """The issued act with this verification code; drafts are never found."""
    code = code_normalise(code)
    if not CODE_SHAPE.fullmatch(code):
        return None
    return Act.objects.exclude(status=ActStatus.DRAFT).filter(verification_code=code).first()


def upload_rate_check(*, client_key: str) -> bool:
    """True while this client may upload another file for checking this hour."""
    key = f"acts-verify-upload:{client_key}"
    cache.add(key, 0, timeout=3600)
    return cache.incr(key) <= UPLOAD_LIMIT_PER_HOUR


@dataclass
class SealReport:
    field_name: str
    signer: str
    intact: bool
    valid: bool
    trusted: bool
    # False when the file holds more than the signed revision and pyHanko's allowed
    # long-term validation updates.
    covers_file: bool
    signed_at: object = None

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and self.covers_file


@dataclass
class PdfCheck:
    reason: str
    act: Act | None = None
    identical: bool = False
    which: str = ""
    signature_valid: bool = False
    sha256: str = ""
    seals: list[SealReport] = field(default_factory=list)

    @property
    def message(self) -> str:
        return str(REASONS[self.reason])

    @property
    def is_bad_input(self) -> bool:
        return self.reason in BAD_INPUT


def pdf_check(data: bytes) -> PdfCheck:
    """Check an uploaded PDF against the acts issued here (see the module docstring)."""
    if not data:
        return PdfCheck(reason="empty")
    if len(data) > upload_max_bytes():
        return PdfCheck(reason="too_large")
    # The PDF header may follow a little junk, as readers allow (ISO 32000: first 1024 bytes).
    if b"%PDF-" not in data[:1024]:
        return PdfCheck(reason="not_pdf")
    digest = hashlib.sha256(data).hexdigest()
    reader = _reader(data)
    if reader is None:
        return PdfCheck(reason="damaged", sha256=digest)
    seals = _seals(reader, data)
    signature_valid = bool(seals) and all(s.ok for s in seals)
    act, which = _act_for(reader, digest)
    check = PdfCheck(
        reason="",
        act=act,
        identical=bool(which),
        which=which,
        signature_valid=signature_valid,
        sha256=digest,
        seals=seals,
    )
    check.reason = _reason(check)
    return check


def _reason(check: PdfCheck) -> str:
    if check.act is None:
        return "unknown_act"
    if check.identical:
        return "identical" if check.signature_valid else "identical_seal_invalid"
    if not check.seals:
        return "unsigned"
    if not all(s.intact and s.valid for s in check.seals):
        return "signature_broken"
    if not all(s.covers_file for s in check.seals):
        return "changed_after_seal"
    if not all(s.trusted for s in check.seals):
        return "signature_untrusted"
    return "different_copy"


def _reader(data: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        reader.root  # noqa: B018 - forces the catalogue to be read, where damage shows
    except Exception:  # noqa: BLE001 - a hostile or broken file can fail the parser anywhere
        logger.info("act_verify.pdf_unreadable", exc_info=True)
        return None
    return reader


def _metadata_code(reader) -> str:
    """The verification code from the document information (/VerificationCode, which
    WeasyPrint writes lower-cased), else from /Keywords."""
    try:
        info = reader.trailer["/Info"]
        entries = {str(key).lower(): str(value) for key, value in info.items()}
    except Exception:  # noqa: BLE001 - a missing or malformed /Info just means no code
        return ""
    code = entries.get("/verificationcode") or entries.get("/keywords", "").split(" ")[0]
    return code_normalise(code)[:CODE_MAX_LENGTH]


def _act_for(reader, digest: str) -> tuple[Act | None, str]:
    """The act this file belongs to, and which stored copy it is identical to ("" if
    none). The code from the metadata finds the act by its unique index; the hash alone
    is the fallback for a copy whose metadata was lost but whose bytes are ours."""
    code = _metadata_code(reader)
    act = act_by_code(code) if code else None
    if act is None:
        stored = Q(pdf_sha256=digest) | Q(pdf_public_sha256=digest)
        act = Act.objects.exclude(status=ActStatus.DRAFT).filter(stored).first()
    if act is None:
        return None, ""
    if act.pdf_sha256 == digest:
        return act, ISSUED
    if act.pdf_public_sha256 == digest:
        return act, PUBLIC
    return act, ""


def _trailing_garbage(data: bytes) -> bool:
    """Bytes after the last end-of-file marker: no PDF reader shows them, so a signature
    check passes, but the file is not what was sealed."""
    end = data.rfind(b"%%EOF")
    return end == -1 or bool(data[end + 5 :].strip())


def _seals(reader, data: bytes) -> list[SealReport]:
    from judicial_account.pki.pades import validation_context

    try:
        signatures = list(reader.embedded_signatures)
    except Exception:  # noqa: BLE001 - malformed signature fields
        logger.info("act_verify.signatures_unreadable", exc_info=True)
        return []
    appended = _trailing_garbage(data)
    context = validation_context()
    return [_seal_report(signature, context, appended) for signature in signatures]


def _seal_report(signature, context, appended: bool) -> SealReport:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel

    name = signature.field_name or ""
    try:
        status = validate_pdf_signature(signature, context)
    except Exception:  # noqa: BLE001 - a forged or malformed CMS fails in many ways
        logger.info("act_verify.signature_unreadable", exc_info=True)
        return SealReport(name, "", False, False, False, False)
    # The sealed revision may be followed only by long-term validation data (the DSS
    # that PAdES B-LT adds after signing); anything else changed the document.
    covers = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level is not None
        and status.modification_level <= ModificationLevel.LTA_UPDATES
    )
    return SealReport(
        field_name=name,
        signer=status.signing_cert.subject.human_friendly if status.signing_cert else "",
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        covers_file=covers and not appended,
        signed_at=_signed_at(status),
    )


def _signed_at(status):
    timestamp = getattr(status, "timestamp_validity", None)
    if timestamp is not None and getattr(timestamp, "timestamp", None):
        return timestamp.timestamp
    return getattr(status, "signer_reported_dt", None)


def upload_check(upload) -> PdfCheck:
    """The check of an uploaded file (the page's and the API's): a missing or oversized file
    is answered without reading it."""
    if upload is None:
        return PdfCheck(reason="no_file")
    if upload.size > upload_max_bytes():
        return PdfCheck(reason="too_large")
    return pdf_check(upload.read())
