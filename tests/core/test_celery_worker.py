"""A task crosses the real Redis broker to a real Celery worker and its result comes back
through the real result backend."""

import pytest
from celery.contrib.testing.worker import start_worker

from judicial_account.audit.actions import AuditAction
from judicial_account.audit.models import AuditEntry
from judicial_account.audit.services import audit_record
from judicial_account.audit.tasks import audit_chain_verify_task
from judicial_account.celery import app

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_audit_chain_task_round_trip_through_worker():
    for n in range(3):
        audit_record(None, AuditAction.LOGIN_FAILED, actor_iin="000000000000", details={"n": n})
    app.control.purge()  # messages left by earlier tests must not reach this worker
    with start_worker(
        app, pool="solo", perform_ping_check=False, queues=["default"], shutdown_timeout=30
    ):
        result = audit_chain_verify_task.delay().get(timeout=60)
    assert result["ok"] is True
    assert result["checked"] == 3
    # The worker wrote its verdict into the chain, in the same database.
    assert AuditEntry.objects.filter(action="audit.chain_verified").count() == 1
