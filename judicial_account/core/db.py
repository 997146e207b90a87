"""Database helpers shared by the apps."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError, transaction
from psycopg import errors as pg_errors

T = TypeVar("T")


class ConcurrentConflict(Exception):
    """Concurrent transactions kept deadlocking over the same rows: for the caller this is
    the same as losing a race for them."""


def is_deadlock(error: BaseException) -> bool:
    return isinstance(getattr(error, "__cause__", None), pg_errors.DeadlockDetected)


def atomic_retrying_deadlocks(work: Callable[[], T], *, attempts: int = 3) -> T:
    """Run `work` in a transaction (a savepoint when nested), again when PostgreSQL chose it
    as the victim of a deadlock. Concurrent inserts checked against each other's exclusion
    constraints (two bookings of one slot) wait on each other's uncommitted rows, and
    PostgreSQL breaks the cycle by failing one of them: that one must not become a server
    error. On the next attempt it sees the winner's committed row (a plain constraint
    violation) or, if the winner rolled back, succeeds. Raises ConcurrentConflict when every
    attempt deadlocked."""
    for attempt in range(1, attempts + 1):
        try:
            with transaction.atomic():
                return work()
        except OperationalError as error:
            if not is_deadlock(error):
                raise
            if attempt == attempts:
                raise ConcurrentConflict from error
            time.sleep(random.uniform(0.005, 0.02) * attempt)  # noqa: S311 - jitter only
    raise AssertionError("unreachable")
