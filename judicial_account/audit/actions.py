"""Every audited action, with a stable code. Codes are stored in the log forever: never
rename or reuse one; add a new code instead. Registering a code twice fails at import."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Action:
    code: str
    label: Promise

    def __str__(self) -> str:
        return self.code


_REGISTRY: dict[str, Action] = {}


def register(code: str, label: Promise) -> Action:
    if code in _REGISTRY:
        raise ValueError(f"Audit action code {code!r} is registered twice")
    action = Action(code, label)
    _REGISTRY[code] = action
    return action


def get(code: str) -> Action | None:
    return _REGISTRY.get(code)


def all_actions() -> list[Action]:
    return list(_REGISTRY.values())


class AuditAction:
    """Namespace of the registered actions, grouped by what they concern."""

    LOGIN = register("auth.login", _("Logged in"))
    LOGIN_FAILED = register("auth.login_failed", _("Failed login attempt"))
    LOGIN_LOCKED = register("auth.locked", _("Account locked after failed attempts"))
    LOGOUT = register("auth.logout", _("Logged out"))
    OTP_FAILED = register("auth.otp_failed", _("Wrong one-time code"))
    TOKEN_ISSUED = register("auth.token_issued", _("API token issued"))
    USER_REGISTERED = register("account.registered", _("Account registered"))
    USER_LANGUAGE_CHANGED = register("account.language_changed", _("Language changed"))
    OTP_DEVICE_CREATED = register("account.otp_device_created", _("Authenticator added"))
    PERSONAL_DATA_VIEWED = register("data.personal_viewed", _("Personal data viewed"))
    EDS_LOGIN_FAILED = register("auth.eds_failed", _("Refused EDS login"))
    SIGNATURE_VERIFIED = register("signature.verified", _("Signature received and verified"))
    SIGNATURE_REVERIFIED = register("signature.reverified", _("Signature verified again"))
    SIGNING_REQUESTED = register("signature.requested", _("Document put up for signing"))
    QR_LOGIN_APPROVED = register("auth.qr_approved", _("Login on another device approved by QR"))
    CASE_REGISTERED = register("case.registered", _("Case registered"))
    CASE_JUDGE_ASSIGNED = register("case.judge_assigned", _("Judge assigned automatically"))
    CASE_REPRESENTATIVE_ADDED = register("case.representative_added", _("Representative admitted"))
    CASE_REPRESENTATIVE_REVOKED = register(
        "case.representative_revoked", _("Representative's power ended")
    )
    CASE_VIEWED = register("case.viewed", _("Case file viewed"))
    FILING_DRAFTED = register("filing.drafted", _("Filing drafted"))
    FILING_SUBMITTED = register("filing.submitted", _("Filing submitted"))
    FILING_REGISTERED = register("filing.registered", _("Claim accepted, case registered"))
    FILING_RETURNED = register("filing.returned", _("Filing returned"))
    FILING_FILED = register("filing.filed", _("Document filed into a case"))
    DEADLINE_MISSED = register("case.deadline_missed", _("Procedural term missed"))
    CASE_DOCUMENT_ADDED = register("case.document_added", _("Document added to the case file"))
    POWER_ACTIVATED = register("case.power_activated", _("Power of attorney put in force"))
    POWER_REVOKED = register("case.power_revoked", _("Power of attorney revoked"))
    LETTER_SENT = register("letter.sent", _("Letter sent to a court"))
    LETTER_ANSWERED = register("letter.answered", _("Letter answered by the court"))
    HEARING_SCHEDULED = register("hearing.scheduled", _("Hearing scheduled"))
    HEARING_POSTPONED = register("hearing.postponed", _("Hearing postponed"))
    HEARING_EVENT = register("hearing.event", _("Hearing progress recorded"))
    VIDEO_TOKEN_ISSUED = register("hearing.video_token", _("Video room token issued"))
    BROADCAST_CONSENT = register("hearing.broadcast_consent", _("Consent to broadcast given"))
    RECORDING_UPLOADED = register("hearing.recording_uploaded", _("Hearing recording uploaded"))
    RECORDING_WARNING_ACCEPTED = register(
        "hearing.recording_warning", _("Personal-data warning accepted for a recording")
    )
    RECORDING_DOWNLOADED = register("hearing.recording_downloaded", _("Recording copied"))
    MEDIATION_PROPOSED = register("mediation.proposed", _("Reconciliation proposed"))
    SETTLEMENT_APPROVED = register("mediation.approved", _("Settlement approved by the court"))
    ACT_DRAFTED = register("act.drafted", _("Judicial act drafted"))
    ACT_ISSUED = register("act.issued", _("Judicial act signed and issued"))
    ACT_IN_FORCE = register("act.in_force", _("Judicial act entered into legal force"))
    ACT_PUBLISHED = register("act.published", _("Judicial act published in the register"))
    ACT_APPEALED = register("act.appealed", _("Judicial act appealed"))
    ACT_REVIEWED = register("act.reviewed", _("Judicial act reviewed by a higher court"))
    WRIT_REQUESTED = register("writ.requested", _("Writ of execution requested"))
    WRIT_DECIDED = register("writ.decided", _("Writ of execution issued or refused"))
    AUDIT_CHAIN_VERIFIED = register("audit.chain_verified", _("Audit chain verified"))
    AUDIT_CHAIN_BROKEN = register("audit.chain_broken", _("Audit chain found broken"))
    PAYMENT_INVOICED = register("payment.invoiced", _("Invoice issued"))
    PAYMENT_PAID = register("payment.paid", _("Payment received"))
    PAYMENT_DECLINED = register("payment.declined", _("Payment declined by the gateway"))
    PAYMENT_CALLBACK_REJECTED = register(
        "payment.callback_rejected", _("Payment gateway callback refused")
    )
