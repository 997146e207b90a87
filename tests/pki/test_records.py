import pytest

from judicial_account.audit.models import AuditEntry
from judicial_account.pki.client import cms_sign
from judicial_account.pki.services import signature_record, signature_reverify
from judicial_account.pki.verify import cms_verify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
DOCUMENT = b"%PDF-1.7 a claim"


def test_record_keeps_evidence_and_reverification_sees_revocation(issue, test_ca):
    user = UserFactory()
    holder = issue(iin=user.iin)
    cms_der = cms_sign(DOCUMENT, holder.key, holder.cert)
    verification = cms_verify(cms_der, content=DOCUMENT, expected_iin=user.iin)
    record = signature_record(
        target=user, verification=verification, cms_der=cms_der, purpose="document", user=user
    )
    assert record.valid and record.signer_iin == user.iin
    assert bytes(record.cms) == cms_der
    assert record.content_sha256 == verification.content_sha256
    assert AuditEntry.objects.filter(action="signature.verified").count() == 1

    # Revoked with effect from before the signature arrived: the verdict flips.
    test_ca.revoke(holder.cert, when=record.received_at.replace(year=2000))
    signature_reverify(record=record, content=DOCUMENT)
    record.refresh_from_db()
    assert not record.valid and record.reason == "revoked"
    assert record.history[0]["valid"] is True


def test_refused_signature_is_recorded_as_refused(issue):
    user = UserFactory()
    holder = issue(iin=user.iin)
    cms_der = cms_sign(DOCUMENT, holder.key, holder.cert)
    verification = cms_verify(cms_der, content=b"other", expected_iin=user.iin)
    record = signature_record(
        target=user, verification=verification, cms_der=cms_der, purpose="document", user=user
    )
    assert not record.valid and record.reason == "document_altered"


def test_crl_and_ca_certificates_are_published(client, test_ca):
    crl = client.get("/pki/crl/issuing.crl")
    assert crl.status_code == 200
    assert crl["Content-Type"] == "application/pkix-crl"
    assert b"".join(crl.streaming_content) == (test_ca.dir / "issuing.crl").read_bytes()
    assert client.get("/pki/ca/root.pem").status_code == 200
    assert client.get("/pki/crl/root.key").status_code == 404
    assert client.get("/pki/ca/root.key").status_code == 404


def test_demo_crl_task_republishes_only_where_the_ca_key_is(settings, test_ca, tmp_path):
    from judicial_account.pki.tasks import demo_crls_publish_task

    before = (test_ca.dir / "issuing.crl").stat().st_mtime_ns
    assert demo_crls_publish_task() is True
    assert (test_ca.dir / "issuing.crl").stat().st_mtime_ns > before
    settings.PKI_DIR = tmp_path / "no-ca"
    assert demo_crls_publish_task() is False
