"""A real deadlock between two transactions: the victim runs again instead of failing."""

import threading

import pytest
from django.db import connections

from hearings.models import Courtroom
from judicial_account.core.db import atomic_retrying_deadlocks
from tests.factories import DistrictCourtFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_deadlock_victim_is_run_again_and_both_finish():
    court = DistrictCourtFactory()
    first = Courtroom.objects.create(court=court, number="1")
    second = Courtroom.objects.create(court=court, number="2")
    barrier = threading.Barrier(2, timeout=10)
    attempts = {"a": 0, "b": 0}
    outcome: dict[str, str] = {}

    def crosswise(name: str, one: Courtroom, other: Courtroom) -> None:
        def work() -> None:
            attempts[name] += 1
            Courtroom.objects.filter(pk=one.pk).update(number=f"{name}{attempts[name]}")
            if attempts[name] == 1:
                barrier.wait()  # both hold their first row: each now waits for the other
            Courtroom.objects.filter(pk=other.pk).update(number=f"{name}-done")

        try:
            atomic_retrying_deadlocks(work)
            outcome[name] = "ok"
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcome[name] = repr(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=crosswise, args=("a", first, second)),
        threading.Thread(target=crosswise, args=("b", second, first)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcome == {"a": "ok", "b": "ok"}
    assert sorted(attempts.values()) == [1, 2]  # PostgreSQL failed one; it ran again
