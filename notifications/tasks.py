from judicial_account.core.tasks import portal_task
from notifications.gateways import ChannelError

MAX_ATTEMPTS = 5


def _not_served(exc, args, kwargs) -> None:
    from notifications.services import delivery_failed

    delivery_failed(delivery_id=args[0] if args else kwargs["delivery_id"], error=str(exc))


@portal_task(
    name="notifications.delivery_send",
    retry_for=(ChannelError,),
    max_retries=MAX_ATTEMPTS - 1,
    on_give_up=_not_served,
)
def delivery_send_task(delivery_id: int) -> None:
    from notifications.services import delivery_send

    delivery_send(delivery_id=delivery_id)


@portal_task(name="notifications.digests_send")
def digests_send_task() -> int:
    from notifications.services import digests_send

    return digests_send()
