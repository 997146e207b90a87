"""Reads for the apps that bill through payments."""

from django.db.models import Model

from judicial_account.payments.models import Invoice


def invoice_for_target(*, target: Model, purpose: str) -> Invoice | None:
    """The latest invoice issued for `target` and `purpose`, whatever its status."""
    return (
        Invoice.objects.filter(
            target_type=target._meta.label_lower, target_id=str(target.pk), purpose=purpose
        )
        .order_by("-created_at", "-id")
        .first()
    )


def invoice_is_paid(*, target: Model, purpose: str) -> bool:
    return Invoice.objects.filter(
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        purpose=purpose,
        status=Invoice.Status.PAID,
    ).exists()
