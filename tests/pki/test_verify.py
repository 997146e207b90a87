"""CMS verification against real signatures made by OpenSSL and by the portal's client."""

import datetime as dt

import pytest

from judicial_account.pki.ca import AUTH, SIGN
from judicial_account.pki.client import cms_sign
from judicial_account.pki.verify import Purpose, cms_verify
from tests.pki_support import openssl_sign, openssl_verify

DOCUMENT = "Исковое заявление о взыскании долга\n".encode() * 50


@pytest.fixture
def document(tmp_path):
    path = tmp_path / "claim.txt"
    path.write_bytes(DOCUMENT)
    return path


@pytest.mark.parametrize("holder_name", ["signer_rsa", "signer_ec"])
def test_openssl_detached_signature_verifies(request, holder_name, document):
    holder = request.getfixturevalue(holder_name)
    result = cms_verify(openssl_sign(holder, document), content=DOCUMENT)
    assert result.valid, result.reason
    assert result.iin == holder.iin
    assert result.content_sha256 and len(result.chain) == 3


@pytest.mark.parametrize("holder_name", ["signer_rsa", "signer_ec"])
def test_openssl_attached_signature_verifies_without_content(request, holder_name, document):
    holder = request.getfixturevalue(holder_name)
    result = cms_verify(openssl_sign(holder, document, attached=True))
    assert result.valid, result.reason
    assert result.content == DOCUMENT


def test_attached_content_must_match_the_document_given(signer_rsa, document):
    result = cms_verify(openssl_sign(signer_rsa, document, attached=True), content=b"other")
    assert result.reason == "document_altered"


@pytest.mark.parametrize("holder_name", ["signer_rsa", "signer_ec"])
def test_altered_document_is_detected(request, holder_name, document):
    holder = request.getfixturevalue(holder_name)
    cms_der = openssl_sign(holder, document)
    tampered = bytearray(DOCUMENT)
    tampered[10] ^= 1
    assert cms_verify(cms_der, content=bytes(tampered)).reason == "document_altered"


def test_certificate_from_another_ca_is_untrusted(issue, other_ca, document):
    stranger = issue(SIGN, "rsa", ca=other_ca)
    assert cms_verify(openssl_sign(stranger, document), content=DOCUMENT).reason == "untrusted"


def test_expired_certificate(issue, document):
    old = issue(
        SIGN,
        "ec",
        not_before=dt.datetime(2019, 1, 1, tzinfo=dt.UTC),
        not_after=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )
    assert cms_verify(openssl_sign(old, document), content=DOCUMENT).reason == "expired"


def test_not_yet_valid_certificate(issue, document):
    now = dt.datetime.now(dt.UTC)
    early = issue(
        SIGN, "rsa", not_before=now + dt.timedelta(days=10), not_after=now + dt.timedelta(days=400)
    )
    assert cms_verify(openssl_sign(early, document), content=DOCUMENT).reason == "not_yet_valid"


def test_revoked_certificate(issue, test_ca, document):
    holder = issue(SIGN, "rsa")
    cms_der = openssl_sign(holder, document)
    received = dt.datetime.now(dt.UTC)
    test_ca.revoke(holder.cert, when=received - dt.timedelta(minutes=1))
    assert cms_verify(cms_der, content=DOCUMENT).reason == "revoked"


def test_revocation_after_receipt_keeps_signature_valid_but_says_so(issue, test_ca, document):
    holder = issue(SIGN, "ec")
    cms_der = openssl_sign(holder, document)
    received = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    test_ca.revoke(holder.cert)
    result = cms_verify(cms_der, content=DOCUMENT, at=received)
    assert result.valid
    assert result.revoked_since is not None


def test_missing_crl_fails_closed(settings, signer_rsa, document):
    settings.PKI_CRL_FILES = []
    assert (
        cms_verify(openssl_sign(signer_rsa, document), content=DOCUMENT).reason
        == "revocation_unknown"
    )


def test_authentication_key_cannot_sign_documents(auth_rsa, document):
    result = cms_verify(openssl_sign(auth_rsa, document), content=DOCUMENT)
    assert result.reason == "wrong_key_usage"


def test_signing_key_cannot_log_in(signer_rsa):
    cms_der = cms_sign(b"nonce", signer_rsa.key, signer_rsa.cert)
    assert cms_verify(cms_der, content=b"nonce", purpose=Purpose.LOGIN).reason == "wrong_key_usage"


def test_someone_elses_certificate(signer_rsa, document):
    result = cms_verify(
        openssl_sign(signer_rsa, document), content=DOCUMENT, expected_iin="900101300011"
    )
    assert result.reason == "signer_mismatch"


def test_certificate_without_iin(issue, document):
    anonymous = issue(SIGN, "rsa", iin="")
    assert cms_verify(openssl_sign(anonymous, document), content=DOCUMENT).reason == "no_identity"


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"garbage",
        b"\x30\x03\x02\x01\x01",
        bytes(range(256)),
        b"-----BEGIN PKCS7-----\nAAAA\n-----END PKCS7-----\n",
    ],
)
def test_garbage_is_malformed_not_an_exception(garbage):
    assert cms_verify(garbage, content=b"x").reason == "malformed"


def test_truncated_signature_is_malformed(signer_rsa, document):
    cms_der = openssl_sign(signer_rsa, document)
    assert cms_verify(cms_der[: len(cms_der) // 2], content=DOCUMENT).reason == "malformed"


def test_reasons_are_localised(signer_rsa, document):
    from django.utils import translation

    result = cms_verify(openssl_sign(signer_rsa, document), content=b"changed")
    with translation.override("kk"):
        kazakh = result.message
    with translation.override("en"):
        english = result.message
    assert kazakh and english and kazakh != english


@pytest.mark.parametrize("holder_name", ["signer_rsa", "signer_ec"])
def test_portal_client_signature_verifies_with_openssl(request, holder_name, test_ca, tmp_path):
    holder = request.getfixturevalue(holder_name)
    signature = cms_sign(DOCUMENT, holder.key, holder.cert, [test_ca.certificate("issuing")])
    result = openssl_verify(signature, DOCUMENT, test_ca.dir / "root.pem", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Verification successful" in result.stderr


def test_portal_client_signature_with_another_ca_fails_openssl(issue, other_ca, test_ca, tmp_path):
    stranger = issue(AUTH, "rsa", ca=other_ca)
    signature = cms_sign(DOCUMENT, stranger.key, stranger.cert)
    assert openssl_verify(signature, DOCUMENT, test_ca.dir / "root.pem", tmp_path).returncode != 0
