"""Sealed PDFs and detached CMS checked by outside referees: poppler's pdfsig, pyHanko's
validator (including long-term validation from the embedded data) and openssl."""

import subprocess
from io import BytesIO

import pytest
import weasyprint
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko_certvalidator import ValidationContext

from judicial_account.pki.pades import pdf_seal, portal_detached_cms
from judicial_account.pki.seals import SealIdentity, court_seal_name, seal_identity
from tests.pki_support import openssl_verify

HTML = "<h1>Решение</h1><p>Именем Республики Казахстан.</p>" * 20


def asn1(cert):
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


@pytest.fixture
def sealed_pdf(seals, issue, test_ca):
    """An act sealed by the court and then signed by the judge, as two revisions."""
    pdf = weasyprint.HTML(string=HTML).write_pdf()
    court = seal_identity(court_seal_name("T1"))
    once = pdf_seal(pdf, identity=court, field_name="CourtSeal", reason="Court seal")
    judge = issue(iin="850314300017")
    judge_identity = SealIdentity("judge", judge.key, judge.cert, (test_ca.certificate("issuing"),))
    return pdf_seal(once, identity=judge_identity, field_name="JudgeSignature", reason="Judge")


def pdfsig(path) -> str:
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


def test_pdfsig_finds_both_signatures_valid(sealed_pdf, tmp_path):
    path = tmp_path / "act.pdf"
    path.write_bytes(sealed_pdf)
    report = pdfsig(path)
    assert report.count("Signature is Valid.") == 2, report
    assert "ETSI.CAdES.detached" in report


def test_tampered_pdf_fails_pdfsig(sealed_pdf, tmp_path):
    index = sealed_pdf.index(b"/Type /Page") + 2
    tampered = bytearray(sealed_pdf)
    tampered[index] ^= 0x20
    path = tmp_path / "tampered.pdf"
    path.write_bytes(bytes(tampered))
    assert "Signature is Valid." not in pdfsig(path)


def test_pyhanko_validates_trust_timestamp_and_long_term(sealed_pdf, test_ca):
    root = asn1(test_ca.certificate("root"))
    reader = PdfFileReader(BytesIO(sealed_pdf))
    assert len(reader.embedded_signatures) == 2
    for signature in reader.embedded_signatures:
        context = ValidationContext(trust_roots=[root], allow_fetching=False)
        status = validate_pdf_signature(
            signature,
            context,
            key_usage_settings=KeyUsageConstraints(key_usage={"non_repudiation"}),
        )
        assert status.intact and status.valid and status.trusted, status.pretty_print_details()
        assert status.timestamp_validity is not None and status.timestamp_validity.valid
    # B-LT: the chain and CRLs are inside the PDF (its DSS); validating with nothing but
    # that and the root, revocation checking strict, still succeeds.
    dss = DocumentSecurityStore.read_dss(reader)
    assert dss.crls and dss.certs
    for signature in reader.embedded_signatures:
        context = dss.as_validation_context(
            {"trust_roots": [root], "allow_fetching": False, "revocation_mode": "hard-fail"}
        )
        status = validate_pdf_signature(signature, context)
        assert status.bottom_line, status.pretty_print_details()


def test_portal_detached_cms_verifies_with_openssl(seals, test_ca, tmp_path):
    content = "Протокол судебного заседания".encode() * 100
    result = openssl_verify(
        portal_detached_cms(content), content, test_ca.dir / "root.pem", tmp_path
    )
    assert result.returncode == 0, result.stderr


def test_tsa_endpoint_answers_openssl_ts(client, seals, test_ca, tmp_path):
    (tmp_path / "data").write_bytes(b"what was stamped")
    query = subprocess.run(
        ["openssl", "ts", "-query", "-data", str(tmp_path / "data"), "-sha256", "-cert"],
        capture_output=True,
        check=True,
    ).stdout
    response = client.generic("POST", "/pki/tsa", query, content_type="application/timestamp-query")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/timestamp-reply"
    (tmp_path / "reply.tsr").write_bytes(response.content)
    (tmp_path / "chain.pem").write_bytes((seals / "tsa.pem").read_bytes())
    verify = subprocess.run(
        [
            "openssl",
            "ts",
            "-verify",
            "-data",
            str(tmp_path / "data"),
            "-in",
            str(tmp_path / "reply.tsr"),
            "-CAfile",
            str(test_ca.dir / "root.pem"),
            "-untrusted",
            str(tmp_path / "chain.pem"),
        ],
        capture_output=True,
        text=True,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "Verification: OK" in verify.stdout


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"garbage", "application/timestamp-query", 400),
        (b"", "application/timestamp-query", 400),
        (b"x" * 5000, "application/timestamp-query", 400),
        (b"{}", "application/json", 415),
    ],
)
def test_tsa_refuses_bad_queries(client, seals, body, content_type, status):
    response = client.generic("POST", "/pki/tsa", body, content_type=content_type)
    assert response.status_code == status
