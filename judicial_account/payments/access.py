"""Who may see an invoice: the one place for it."""

from django.http import Http404

from judicial_account.payments.models import Invoice


def invoices_visible(user):
    """An invoice is its payer's alone (court staff learn that a fee is paid through the
    thing it pays for, not here)."""
    if not user.is_authenticated:
        return Invoice.objects.none()
    return Invoice.objects.filter(payer=user)


def invoice_get_for(user, public_id) -> Invoice:
    """The invoice if `user` may see it; otherwise 404, the same as a missing one."""
    invoice = invoices_visible(user).select_related("payer").filter(public_id=public_id).first()
    if invoice is None:
        raise Http404
    return invoice
