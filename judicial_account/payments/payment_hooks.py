"""How the apps that bill through payments hear about their invoices, without payments
importing them: each registers a callable per purpose (in its `AppConfig.ready`), e.g.

    payment_hooks.register("state_fee", filing_fee_paid)                  # event "paid"
    payment_hooks.register("state_fee", filing_fee_remind, event="reminder")

and it is called with the invoice after the transaction that changed it commits. Events:

- "paid": the gateway confirmed the payment (called once per invoice);
- "declined": the gateway reported a declined payment (the invoice can still be paid);
- "expired": the invoice was not paid in time;
- "reminder": half the invoice's validity has passed unpaid (once per invoice). payments
  sends no notifications itself (the core must not import `notifications`): the owner of
  the purpose decides whether and how to remind the payer, typically through
  `notifications.services.notify`.

A hook runs in the request or task that made the change, so it should be quick (enqueue a
Celery task for anything slow). A hook that raises is logged and does not stop the others.
"""

from collections.abc import Callable

from django.db import transaction

PAID = "paid"
DECLINED = "declined"
EXPIRED = "expired"
REMINDER = "reminder"
EVENTS = frozenset({PAID, DECLINED, EXPIRED, REMINDER})

Hook = Callable[..., object]

_HOOKS: dict[tuple[str, str], list[Hook]] = {}


def register(purpose: str, hook: Hook, *, event: str = PAID) -> Hook:
    """Call `hook(invoice)` on `event` for invoices of `purpose`. Registering the same
    callable twice has no effect."""
    if event not in EVENTS:
        raise ValueError(f"Unknown payment event {event!r}")
    hooks = _HOOKS.setdefault((purpose, event), [])
    if hook not in hooks:
        hooks.append(hook)
    return hook


def registered(purpose: str, event: str = PAID) -> list[Hook]:
    return list(_HOOKS.get((purpose, event), ()))


def run_on_commit(invoice, event: str) -> None:
    """Schedule the hooks of `event` for `invoice` to run once the current transaction
    commits (and never if it rolls back)."""
    for hook in registered(invoice.purpose, event):
        transaction.on_commit(lambda hook=hook: hook(invoice), robust=True)
