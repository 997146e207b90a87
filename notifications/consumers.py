from channels.generic.websocket import AsyncJsonWebsocketConsumer

from notifications.push import user_group


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """Relays a person's own events to their open pages. Only the logged-in user's group
    is joined, so nobody can listen to another person's notices."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def relay(self, event):
        await self.send_json({k: v for k, v in event.items() if k != "type"})
