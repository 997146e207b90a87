"""HTTP and websockets on one ASGI application. Production serves pages through WSGI
(gunicorn, faster for plain requests) and only /ws/ through this; `make run` serves both
from here so a developer needs one process and one port."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "judicial_account.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402 - needs Django set up first
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from hearings.routing import websocket_urlpatterns as hearing_sockets  # noqa: E402
from judicial_account.accounts.routing import websocket_urlpatterns as account_sockets  # noqa: E402
from notifications.routing import websocket_urlpatterns as notification_sockets  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(
                URLRouter([*account_sockets, *notification_sockets, *hearing_sockets])
            )
        ),
    }
)
