import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from judicial_account.audit.actions import AuditAction, register
from judicial_account.audit.models import AuditEntry
from judicial_account.audit.services import audit_chain_verify, audit_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def fill(n: int = 5) -> list[AuditEntry]:
    user = UserFactory()
    return [
        audit_record(user, AuditAction.LOGIN, ip="192.0.2.1", details={"n": i}) for i in range(n)
    ]


def tamper(sql: str, params: list) -> None:
    """What someone with superuser rights on the database could do."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")


def test_entries_chain_to_each_other():
    entries = fill(3)
    assert entries[0].prev_hash == "0" * 64
    assert entries[1].prev_hash == entries[0].hash
    assert entries[2].prev_hash == entries[1].hash
    assert audit_chain_verify().ok
    assert audit_chain_verify().checked == 3


def test_database_refuses_update_and_delete():
    entry = fill(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="auth.logout")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_edited_row_is_found():
    entries = fill(5)
    tamper("UPDATE audit_auditentry SET ip = '203.0.113.9' WHERE id = %s", [entries[2].pk])
    report = audit_chain_verify()
    assert not report.ok
    assert report.first_broken_id == entries[2].pk
    assert report.checked == 2


def test_deleted_row_is_found():
    entries = fill(5)
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    report = audit_chain_verify()
    assert not report.ok
    assert report.first_broken_id == entries[2].pk


def test_deleted_last_row_is_found():
    entries = fill(4)
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [entries[-1].pk])
    report = audit_chain_verify()
    assert not report.ok
    assert "end" in report.reason


def test_recomputed_hash_without_relinking_is_found():
    entries = fill(4)
    tamper("UPDATE audit_auditentry SET details = '{\"n\": 99}' WHERE id = %s", [entries[1].pk])
    assert audit_chain_verify().first_broken_id == entries[1].pk


def test_command_names_the_broken_row():
    entries = fill(3)
    call_command("audit_verify")
    tamper("UPDATE audit_auditentry SET action = 'auth.logout' WHERE id = %s", [entries[0].pk])
    with pytest.raises(CommandError, match=f"#{entries[0].pk}"):
        call_command("audit_verify")


def test_failed_transaction_leaves_no_entry_and_chain_stays_valid():
    fill(2)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(None, AuditAction.LOGIN_FAILED, actor_iin="000000000000")
        raise RuntimeError
    fill(1)
    assert audit_chain_verify().ok
    assert AuditEntry.objects.count() == 3


def test_action_codes_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="twice"):
        register("auth.login", "again")
