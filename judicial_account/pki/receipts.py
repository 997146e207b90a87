"""The receipt for a signed document: a PDF stating what was signed, by whom and when,
rendered by WeasyPrint and sealed PAdES B-LT with the portal's seal (in Celery)."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from judicial_account.pki.models import SigningRequest
from judicial_account.pki.pades import pdf_seal
from judicial_account.pki.seals import PORTAL, seal_identity


def receipt_render(request: SigningRequest) -> bytes:
    import weasyprint  # imported here: heavy, and only workers need it

    with translation.override(request.owner.language):
        html = render_to_string(
            "pki/receipt.html",
            {"document": request, "signature": request.signature, "issued_at": timezone.now()},
        )
    return weasyprint.HTML(string=html).write_pdf()


def signing_receipt_issue(*, request: SigningRequest) -> SigningRequest:
    """Render and seal the receipt; idempotent (a second call keeps the first receipt)."""
    if request.receipt or request.signature is None:
        return request
    sealed = pdf_seal(
        receipt_render(request),
        identity=seal_identity(PORTAL),
        field_name="PortalSeal",
        reason="Judicial Account: signature receipt",
    )
    with transaction.atomic():
        locked = SigningRequest.objects.select_for_update().get(pk=request.pk)
        if locked.receipt:
            return locked
        locked.receipt.save(f"receipt-{locked.public_id}.pdf", ContentFile(sealed), save=False)
        locked.receipt_sha256 = hashlib.sha256(sealed).hexdigest()
        locked.save(update_fields=["receipt", "receipt_sha256"])
    return locked
