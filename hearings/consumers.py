from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.http import Http404

from hearings import access
from hearings.progress import hearing_group


class HearingProgressConsumer(AsyncJsonWebsocketConsumer):
    """Live progress of a hearing: for its participants and staff, and for anyone when
    the case is heard in open court."""

    async def connect(self):
        hearing_id = self.scope["url_route"]["kwargs"]["hearing_id"]
        if not await self._may_follow(self.scope.get("user"), hearing_id):
            await self.close(code=4404)
            return
        self.group = hearing_group(hearing_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    @database_sync_to_async
    def _may_follow(self, user, hearing_id: int) -> bool:
        try:
            access.hearing_public_get(hearing_id)
            return True
        except Http404:
            pass
        try:
            access.hearing_get_for(user, hearing_id)
            return True
        except Http404:
            return False

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def relay(self, event):
        await self.send_json({k: v for k, v in event.items() if k != "type"})
