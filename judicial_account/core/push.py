"""Sending events to websocket groups once the transaction commits. Delivery is best
effort: what an event announces is already stored, so a failed push only delays when a
page notices it."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def group_send_on_commit(group: str, event: dict) -> None:
    def send() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        try:
            async_to_sync(layer.group_send)(group, {"type": "relay", **event})
        except Exception:  # noqa: BLE001 - Redis down must not fail the request
            logger.warning("push.failed", exc_info=True, extra={"group": group})

    transaction.on_commit(send)
