"""The act as a PDF: rendered by WeasyPrint with the court's header, a QR code and a Code 128
barcode carrying the verification code, and sealed PAdES with the court's seal.

Two copies per act: the issued one (full text, for the participants) and the register's
copy (depersonalised text, for everyone). Both carry the same verification code, in print
and in the document information (`/VerificationCode`), so an uploaded copy whose bytes
differ can still be matched to its act.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from acts_registry.barcode import code128_svg
from acts_registry.models import Act, ActStatus
from judicial_account.pki.pades import pdf_seal
from judicial_account.pki.seals import (
    PORTAL,
    SealIdentity,
    SealNotConfigured,
    court_seal_name,
    seal_identity,
)

logger = logging.getLogger(__name__)

ISSUED = "issued"
PUBLIC = "public"
SEAL_FIELD = "CourtSeal"


class ActPdfError(Exception):
    pass


def _base_url(base_url: str | None) -> str:
    # SITE_URL is the portal's public address (QR login, payment returns use it too).
    return (base_url or getattr(settings, "SITE_URL", "") or "http://127.0.0.1:8000").rstrip("/")


def verification_url(code: str, *, base_url: str | None = None) -> str:
    """The absolute address the QR code points to."""
    return _base_url(base_url) + reverse("verify:act", args=[code])


def verify_home_url(*, base_url: str | None = None) -> str:
    return _base_url(base_url) + reverse("verify:home")


def qr_svg(text: str) -> str:
    """A QR code as an inline SVG: one path of horizontal runs in module units. Inline
    SVG costs WeasyPrint next to nothing, where a PNG data URI doubled the render time."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            runs.append(f"M{start},{y}h{x - start}v1h-{x - start}z")
    size = len(matrix)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    )


def act_pdf_html(act: Act, *, public: bool, base_url: str | None = None) -> str:
    if not act.verification_code:
        raise ActPdfError(f"act {act.pk} has no verification code")
    if act.is_draft:
        raise ActPdfError(f"act {act.pk} is a draft")
    code = act.verification_code
    url = verification_url(code, base_url=base_url)
    # The act reads the same whoever triggers the render: in the court's language, not in
    # the language of the request that happened to ask for it first.
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "acts_registry/pdf/act.html",
            {
                "act": act,
                # The public copy is built from the depersonalised text only.
                "text": act.text_public if public else act.text,
                "public": public,
                "copy": PUBLIC if public else ISSUED,
                "code": code,
                "language": settings.LANGUAGE_CODE,
                "verify_url": url,
                "verify_home": verify_home_url(base_url=base_url),
                "qr_svg": qr_svg(url),
                "barcode_svg": code128_svg(code),
            },
        )


def act_pdf_render(act: Act, *, public: bool, base_url: str | None = None) -> bytes:
    """The unsealed PDF of `act`: the depersonalised text when `public`, else the full one."""
    import weasyprint  # imported here: heavy, and only workers need it

    if public and not act.text_public:
        raise ActPdfError(f"act {act.pk} has no depersonalised text")
    html = act_pdf_html(act, public=public, base_url=base_url)
    # custom_metadata writes the <meta name="VerificationCode"> into the document info.
    return weasyprint.HTML(string=html).write_pdf(custom_metadata=True)


def court_seal(act: Act) -> SealIdentity:
    """The seal of the act's court. Imported acts may come from a court this portal holds
    no key for: the portal's own seal vouches for the copy then."""
    if act.court_code:
        try:
            return seal_identity(court_seal_name(act.court_code))
        except SealNotConfigured:
            logger.warning("act_pdf.court_seal_missing", extra={"court": act.court_code})
    return seal_identity(PORTAL)


def act_pdf_seal(pdf: bytes, act: Act) -> bytes:
    return pdf_seal(
        pdf,
        identity=court_seal(act),
        field_name=SEAL_FIELD,
        reason=f"Judicial act {act.verification_code}",
    )


def _needs_code(act: Act) -> bool:
    return not act.verification_code


def _code_assign(act_id: int) -> Act:
    """Imported acts may arrive without a verification code; a PDF cannot be made without
    one, so the first PDF gives it one."""
    from acts_registry.verification import verification_code_new

    with transaction.atomic():
        act = Act.objects.select_for_update().get(pk=act_id)
        if act.verification_code:
            return act
        act.verification_code = verification_code_new()
        act.save(update_fields=["verification_code", "updated_at"])
        return act


def act_pdf_issue(act_id: int) -> Act:
    """Render and seal the issued PDF (full text) and store it with its SHA-256; a second
    call keeps the first PDF."""
    act = Act.objects.get(pk=act_id)
    if act.pdf_sha256 or act.status == ActStatus.DRAFT:
        return act
    if _needs_code(act):
        act = _code_assign(act_id)
    sealed = act_pdf_seal(act_pdf_render(act, public=False), act)
    with transaction.atomic():
        locked = Act.objects.select_for_update().get(pk=act_id)
        if locked.pdf_sha256:
            return locked
        locked.pdf.save(f"act-{locked.verification_code}.pdf", ContentFile(sealed), save=False)
        locked.pdf_sha256 = hashlib.sha256(sealed).hexdigest()
        locked.pdf_generated_at = timezone.now()
        locked.save(update_fields=["pdf", "pdf_sha256", "pdf_generated_at", "updated_at"])
    return locked


def act_public_pdf_issue(act_id: int) -> Act:
    """Render and seal the register's copy (depersonalised text); nothing happens before
    the act has a depersonalised text, or once the copy exists."""
    act = Act.objects.get(pk=act_id)
    if act.pdf_public_sha256 or not act.text_public or act.status == ActStatus.DRAFT:
        return act
    if _needs_code(act):
        act = _code_assign(act_id)
    sealed = act_pdf_seal(act_pdf_render(act, public=True), act)
    with transaction.atomic():
        locked = Act.objects.select_for_update().get(pk=act_id)
        if locked.pdf_public_sha256:
            return locked
        name = f"act-{locked.verification_code}-public.pdf"
        locked.pdf_public.save(name, ContentFile(sealed), save=False)
        locked.pdf_public_sha256 = hashlib.sha256(sealed).hexdigest()
        locked.save(update_fields=["pdf_public", "pdf_public_sha256", "updated_at"])
    return locked


def public_pdf_ensure(act: Act) -> Act:
    """The act with its public PDF, made now if missing (imported acts get theirs on the
    first download rather than all at import)."""
    if act.pdf_public_sha256:
        return act
    return act_public_pdf_issue(act.pk)
