"""Video rooms for online hearings through a provider adapter. The default is Jitsi Meet
with JWT authentication (the room only admits a valid token); the local backend issues and
checks the same tokens without a video server, for development and tests. Tokens are given
only to the participants, the judge and the court's staff, and are valid from half an hour
before the hearing until two hours after its planned end."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets

from django.conf import settings

EARLY = dt.timedelta(minutes=30)
LATE = dt.timedelta(hours=2)


class TokenInvalid(Exception):
    pass


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def room_name(hearing) -> str:
    """An unguessable room name, made once per hearing."""
    return f"ja-{hearing.case_id}-{hearing.pk}-{secrets.token_hex(6)}"


def token_issue(*, hearing, user, moderator: bool) -> str:
    """A JWT (HS256) as Jitsi's token authentication expects it."""
    header = {"alg": "HS256", "typ": "JWT"}
    claims = {
        "aud": "jitsi",
        "iss": settings.VIDEO_APP_ID,
        "sub": settings.VIDEO_DOMAIN,
        "room": hearing.video_room,
        "nbf": int((hearing.starts_at - EARLY).timestamp()),
        "exp": int((hearing.ends_at + LATE).timestamp()),
        "context": {"user": {"id": str(user.pk), "name": user.short_name, "moderator": moderator}},
    }
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    signature = hmac.new(
        settings.VIDEO_JWT_SECRET.encode(), signing_input.encode(), hashlib.sha256
    ).digest()
    return f"{signing_input}.{_b64(signature)}"


def token_check(token: str, *, room: str, now: dt.datetime) -> dict:
    """What the video server does with a token: signature, room and time window."""
    try:
        header_b64, claims_b64, signature_b64 = token.split(".")
        expected = hmac.new(
            settings.VIDEO_JWT_SECRET.encode(),
            f"{header_b64}.{claims_b64}".encode(),
            hashlib.sha256,
        ).digest()
        if not hmac.compare_digest(expected, _unb64(signature_b64)):
            raise TokenInvalid("signature")
        claims = json.loads(_unb64(claims_b64))
    except (ValueError, json.JSONDecodeError) as error:
        raise TokenInvalid("malformed") from error
    if claims.get("room") != room:
        raise TokenInvalid("room")
    if not claims["nbf"] <= now.timestamp() <= claims["exp"]:
        raise TokenInvalid("time")
    return claims


def join_url(hearing, token: str) -> str:
    if settings.VIDEO_BACKEND == "local":
        return f"/hearings/{hearing.pk}/video/local?jwt={token}"
    return f"https://{settings.VIDEO_DOMAIN}/{hearing.video_room}?jwt={token}"
