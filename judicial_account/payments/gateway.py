"""The payment gateway's side of the protocol. The e-government gateway shows its own
payment page and then posts a callback to the portal: a JSON body

    {"invoice": "<public_id>", "status": "paid" | "declined", "reference": "<its id>",
     "amount": "1234.00", "paid_at": "<ISO 8601>" | null}

signed with HMAC-SHA256 under the shared secret, hex, in the `X-Gateway-Signature` header.
The sandbox (PAYMENTS_BACKEND="sandbox") is the portal's own page that does the same."""

import datetime as dt
import hashlib
import hmac
import json
import secrets

from django.conf import settings
from django.urls import reverse

SIGNATURE_HEADER = "X-Gateway-Signature"


def callback_signature(body: bytes) -> str:
    """The hex HMAC-SHA256 of a callback body under PAYMENTS_CALLBACK_SECRET."""
    key = settings.PAYMENTS_CALLBACK_SECRET.encode()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def callback_signature_valid(body: bytes, signature: str) -> bool:
    expected = callback_signature(body).encode()
    return hmac.compare_digest(expected, signature.strip().lower().encode("utf-8", "replace"))


def checkout_url(invoice) -> str:
    """The address of the gateway's page where the payer pays `invoice`."""
    path = reverse("payments:sandbox_checkout", kwargs={"public_id": invoice.public_id})
    return settings.SITE_URL.rstrip("/") + path


def sandbox_callback_build(invoice, *, status: str, at: dt.datetime) -> tuple[bytes, str]:
    """The body and signature the gateway would send for `invoice` ending in `status`."""
    body = json.dumps(
        {
            "invoice": str(invoice.public_id),
            "status": status,
            "reference": f"SANDBOX-{secrets.token_hex(8).upper()}",
            "amount": f"{invoice.amount:.2f}",
            "paid_at": at.isoformat() if status == "paid" else None,
        }
    ).encode()
    return body, callback_signature(body)
