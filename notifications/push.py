"""Publishing to a person's open pages over websockets, after the transaction commits."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def push_on_commit(*, user_id: int, event: dict) -> None:
    """Send `event` to every websocket the user has open, once the data it announces is
    committed (a page that reacts must be able to read it). Delivery is best effort: the
    notice itself is already stored, so a failed push only delays when it is seen."""

    def send() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        try:
            async_to_sync(layer.group_send)(user_group(user_id), {"type": "relay", **event})
        except Exception:  # noqa: BLE001 - Redis down must not fail the request
            logger.warning("notifications.push_failed", exc_info=True, extra={"user": user_id})

    transaction.on_commit(send)
