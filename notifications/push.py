"""Publishing to a person's open pages over websockets, after the transaction commits."""

from judicial_account.core.push import group_send_on_commit


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def push_on_commit(*, user_id: int, event: dict) -> None:
    """Send `event` to every websocket the user has open, once the data it announces is
    committed (a page that reacts must be able to read it)."""
    group_send_on_commit(user_group(user_id), event)
