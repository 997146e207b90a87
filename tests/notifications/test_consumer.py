import asyncio

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from judicial_account.asgi import application
from notifications.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def communicator_for(session_key: str | None) -> WebsocketCommunicator:
    headers = [(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1:8000")]
    if session_key:
        headers.append((b"cookie", f"sessionid={session_key}".encode()))
    return WebsocketCommunicator(application, "/ws/notifications/", headers=headers)


async def test_anonymous_socket_is_closed():
    communicator = communicator_for(None)
    connected, code = await communicator.connect()
    assert not connected
    assert code == 4401


async def test_logged_in_user_receives_own_notice_only(client):
    user = await database_sync_to_async(UserFactory)()
    other = await database_sync_to_async(UserFactory)()
    await database_sync_to_async(client.force_login)(user)
    communicator = communicator_for(client.cookies["sessionid"].value)
    connected, _ = await communicator.connect()
    assert connected
    await database_sync_to_async(notify)(
        recipient=other, kind="t", title="Not yours", idempotency_key="o"
    )
    await database_sync_to_async(notify)(
        recipient=user, kind="t", title="Yours", idempotency_key="u"
    )
    event = await communicator.receive_json_from(timeout=5)
    assert event["title"] == "Yours"
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()


async def test_a_crowd_leaving_at_once_does_not_exhaust_the_channel_layer():
    """Hundreds of sockets closing together (a proxy restart, a network blip) each remove
    themselves from their group at the same moment. With the connection pool's default
    limit most of those removals failed and left dead channels behind (found by
    bench/notify_bench.py)."""
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    names = [await layer.new_channel() for _ in range(400)]
    await asyncio.gather(*(layer.group_add("crowd", name) for name in names))
    await asyncio.gather(*(layer.group_discard("crowd", name) for name in names))
