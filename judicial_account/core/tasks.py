"""The one decorator every Celery task of the portal goes through."""

import logging
from collections.abc import Callable

from celery import shared_task

logger = logging.getLogger(__name__)


def portal_task(
    *,
    name: str,
    max_retries: int = 5,
    retry_for: tuple[type[BaseException], ...] = (),
    ignore_result: bool = True,
) -> Callable:
    """Register a task with an explicit, stable name (renaming a function must not orphan
    the messages already queued), JSON arguments, late acknowledgement (a worker that dies
    mid-task leaves the message for another) and exponential retry on the listed errors.
    Queues are chosen by CELERY_TASK_ROUTES, not here."""

    def decorate(func: Callable) -> Callable:
        return shared_task(
            name=name,
            acks_late=True,
            ignore_result=ignore_result,
            autoretry_for=retry_for,
            retry_backoff=True,
            retry_backoff_max=600,
            retry_jitter=True,
            max_retries=max_retries,
            serializer="json",
        )(func)

    return decorate
