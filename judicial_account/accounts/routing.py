from django.urls import path

from judicial_account.accounts.consumers import QrConsumer

websocket_urlpatterns = [path("ws/qr/<str:token>/", QrConsumer.as_asgi())]
