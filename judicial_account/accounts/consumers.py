from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from judicial_account.accounts.models import QrApproval


class QrConsumer(AsyncJsonWebsocketConsumer):
    """The desktop waits here for its QR code to be approved or signed. Only the session
    that displayed the code may listen to it."""

    async def connect(self):
        token = self.scope["url_route"]["kwargs"]["token"]
        session = self.scope.get("session")
        session_key = getattr(session, "session_key", None)
        if not session_key or not await self._belongs(token, session_key):
            await self.close(code=4403)
            return
        self.group = f"qr.{token}"
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    @database_sync_to_async
    def _belongs(self, token: str, session_key: str) -> bool:
        return QrApproval.objects.filter(token=token[:64], session_key=session_key).exists()

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def relay(self, event):
        await self.send_json({k: v for k, v in event.items() if k != "type"})
