"""The one decorator every Celery task of the portal goes through."""

import logging
from collections.abc import Callable

from celery import Task, shared_task

logger = logging.getLogger(__name__)


def portal_task(
    *,
    name: str,
    max_retries: int = 5,
    retry_for: tuple[type[BaseException], ...] = (),
    ignore_result: bool = True,
    on_give_up: Callable | None = None,
) -> Callable:
    """Register a task with an explicit, stable name (renaming a function must not orphan
    the messages already queued), JSON arguments, late acknowledgement (a worker that dies
    mid-task leaves the message for another) and exponential retry on the listed errors.
    `on_give_up(exc, args, kwargs)` is called once the task has failed for good (retries
    exhausted or an error it does not retry), to record the outcome through a service.
    Queues are chosen by CELERY_TASK_ROUTES, not here."""

    class PortalTask(Task):
        def on_failure(self, exc, task_id, args, kwargs, einfo):
            logger.error("task.failed", extra={"task": name, "task_id": task_id})
            if on_give_up is not None:
                on_give_up(exc, args, kwargs)

    def decorate(func: Callable) -> Callable:
        return shared_task(
            name=name,
            base=PortalTask,
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
