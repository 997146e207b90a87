import logging

from judicial_account.core.tasks import portal_task

logger = logging.getLogger(__name__)


@portal_task(name="audit.chain_verify", ignore_result=False)
def audit_chain_verify_task() -> dict:
    """Nightly check of the whole chain; the result is itself recorded in the chain."""
    from judicial_account.audit.actions import AuditAction
    from judicial_account.audit.services import audit_chain_verify, audit_record

    report = audit_chain_verify()
    action = AuditAction.AUDIT_CHAIN_VERIFIED if report.ok else AuditAction.AUDIT_CHAIN_BROKEN
    details = {"checked": report.checked, "first_broken_id": report.first_broken_id}
    audit_record(None, action, details={**details, "reason": report.reason})
    if not report.ok:
        logger.error("audit.chain_broken", extra=details)
    return {"ok": report.ok, **details, "reason": report.reason}
