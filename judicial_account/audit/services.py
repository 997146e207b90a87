"""Writing and checking the audit log. `audit_record` runs inside the caller's
transaction, so the entry commits or rolls back with the change it describes."""

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from judicial_account.audit.actions import Action
from judicial_account.audit.models import AuditChainHead, AuditEntry

GENESIS_HASH = "0" * 64


def _entry_digest(prev_hash: str, entry: AuditEntry) -> str:
    payload = json.dumps(
        {
            "prev": prev_hash,
            "at": entry.at.isoformat(),
            "actor": entry.actor_id,
            "actor_iin": entry.actor_iin,
            "action": entry.action,
            "target_type": entry.target_type,
            "target_id": entry.target_id,
            "ip": entry.ip,
            "details": entry.details,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def audit_record(
    actor,
    action: Action,
    *,
    target: Model | None = None,
    ip: str | None = None,
    details: dict | None = None,
    actor_iin: str = "",
) -> AuditEntry:
    """Append an entry. `actor` may be None (anonymous); `actor_iin` then names who was
    claimed (e.g. the IIN typed into a failed login)."""
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": GENESIS_HASH}
        )
        entry = AuditEntry(
            at=timezone.now(),
            actor=actor if actor is not None and actor.pk else None,
            actor_iin=getattr(actor, "iin", "") or actor_iin,
            action=action.code,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            ip=ip,
            # Round-trip through JSON so the hash is computed over what the database keeps.
            details=json.loads(json.dumps(details or {}, default=str)),
            prev_hash=head.last_hash,
        )
        entry.hash = _entry_digest(head.last_hash, entry)
        entry.save()
        head.last_entry_id = entry.pk
        head.last_hash = entry.hash
        head.save(update_fields=["last_entry_id", "last_hash"])
    return entry


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    reason: str = ""


def audit_chain_verify() -> ChainReport:
    """Walk the whole chain; report the first row whose link or content does not hold."""
    prev_hash = GENESIS_HASH
    checked = 0
    last_id = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != prev_hash:
            return ChainReport(False, checked, entry.pk, "link to the previous row is broken")
        if _entry_digest(prev_hash, entry) != entry.hash:
            return ChainReport(False, checked, entry.pk, "row content was changed")
        prev_hash = entry.hash
        last_id = entry.pk
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_entry_id != last_id or head.last_hash != prev_hash):
        return ChainReport(False, checked, last_id or None, "rows are missing at the end")
    return ChainReport(True, checked)
