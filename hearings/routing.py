from django.urls import path

from hearings.consumers import HearingProgressConsumer

websocket_urlpatterns = [
    path("ws/hearings/<int:hearing_id>/", HearingProgressConsumer.as_asgi()),
]
