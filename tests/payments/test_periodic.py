import datetime as dt

import pytest

from judicial_account.celery import app
from judicial_account.payments.models import Invoice
from judicial_account.payments.services import invoices_expire, invoices_remind
from judicial_account.payments.tasks import invoices_expire_task, invoices_remind_task
from tests.payments.conftest import deliver

pytestmark = pytest.mark.django_db


def test_unpaid_invoice_expires_after_its_days(invoice, hook_calls, time_machine):
    time_machine.move_to(invoice.expires_at + dt.timedelta(minutes=1))
    assert invoices_expire() == 1
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.EXPIRED
    assert invoices_expire() == 0


def test_expired_hook_runs_after_commit(
    invoice, hook_calls, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(invoice.expires_at + dt.timedelta(minutes=1))
    with django_capture_on_commit_callbacks() as callbacks:
        invoices_expire()
    assert hook_calls == []
    for callback in callbacks:
        callback()
    assert hook_calls == [("expired", str(invoice.public_id))]


def test_invoice_in_time_stays_open(invoice, time_machine):
    time_machine.move_to(invoice.expires_at - dt.timedelta(minutes=1))
    assert invoices_expire() == 0
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PENDING


def test_declined_invoice_expires_too(invoice, time_machine):
    deliver(invoice, status="declined")
    time_machine.move_to(invoice.expires_at + dt.timedelta(minutes=1))
    assert invoices_expire() == 1


def test_paid_invoice_never_expires(invoice, time_machine):
    deliver(invoice)
    time_machine.move_to(invoice.expires_at + dt.timedelta(days=30))
    assert invoices_expire() == 0
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID


def test_reminder_goes_once_half_way(
    invoice, hook_calls, time_machine, django_capture_on_commit_callbacks
):
    halfway = invoice.created_at + (invoice.expires_at - invoice.created_at) / 2
    time_machine.move_to(halfway - dt.timedelta(minutes=1), tick=False)
    assert invoices_remind() == 0
    time_machine.move_to(halfway + dt.timedelta(minutes=1), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert invoices_remind() == 1
        assert invoices_remind() == 0
    invoice.refresh_from_db()
    assert invoice.reminder_sent_at == halfway + dt.timedelta(minutes=1)
    assert hook_calls == [("reminder", str(invoice.public_id))]


def test_paid_invoice_is_not_reminded(invoice, hook_calls, time_machine):
    deliver(invoice)
    time_machine.move_to(invoice.expires_at - dt.timedelta(hours=1))
    assert invoices_remind() == 0


def test_expired_invoice_is_not_reminded(invoice, time_machine):
    time_machine.move_to(invoice.expires_at + dt.timedelta(hours=1))
    assert invoices_remind() == 0


def test_tasks_call_the_services(invoice, time_machine):
    time_machine.move_to(invoice.expires_at - dt.timedelta(hours=1))
    assert invoices_remind_task() == 1
    time_machine.move_to(invoice.expires_at + dt.timedelta(hours=1))
    assert invoices_expire_task() == 1


def test_beat_runs_both_tasks():
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {invoices_expire_task.name, invoices_remind_task.name} <= scheduled
    assert invoices_expire_task.name == "payments.invoices_expire"
    assert invoices_remind_task.name == "payments.invoices_remind"
