"""The authenticity check: by code (the page the QR code points to, and the API) and by an
uploaded PDF, untouched or tampered with in the ways people actually tamper."""

import subprocess
from io import BytesIO
from urllib.parse import urlparse

import pytest
import weasyprint
from django.utils import timezone
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from acts_registry import verification
from acts_registry.models import ActStatus
from acts_registry.pdf import act_pdf_issue, act_pdf_render, act_public_pdf_issue
from acts_registry.verification import act_by_code, pdf_check

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/api/v1/acts/verify/"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://sud.example.kz"


@pytest.fixture
def sealed_act(act_make, seals, media):
    """An act in force of court "T1" with its issued and public PDFs made."""
    act = act_make(
        status=ActStatus.IN_FORCE,
        court_code="T1",
        text_public="Истец [ФИО 1] к [ФИО 2]. Суд решил: иск удовлетворить.",
    )
    act_pdf_issue(act.pk)
    return act_public_pdf_issue(act.pk)


@pytest.fixture
def issued_bytes(sealed_act) -> bytes:
    return sealed_act.pdf.read()


def post_file(api_client, data: bytes, name: str = "act.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    return api_client.post(UPLOAD_URL, {"file": upload}, format="multipart")


def flip_byte_in_page_content(pdf: bytes) -> bytes:
    """Change one byte inside the first content stream (the text people read), not in
    the trailer or after the end."""
    start = pdf.index(b"stream\n") + len(b"stream\n")
    tampered = bytearray(pdf)
    tampered[start + 20] ^= 0x01
    return bytes(tampered)


# --- by uploaded PDF -------------------------------------------------------------------


def test_untampered_issued_pdf_is_identical_and_valid(sealed_act, issued_bytes):
    check = pdf_check(issued_bytes)
    assert check.act == sealed_act
    assert (check.identical, check.which, check.signature_valid) == (True, "issued", True)
    assert check.reason == "identical"
    assert [s.ok for s in check.seals] == [True]


def test_untampered_public_copy_is_identical_to_the_public_copy(sealed_act):
    check = pdf_check(sealed_act.pdf_public.read())
    assert (check.identical, check.which, check.signature_valid) == (True, "public", True)


def test_api_confirms_an_untampered_pdf(api_client, sealed_act, issued_bytes):
    response = post_file(api_client, issued_bytes)
    assert response.status_code == 200
    body = response.json()
    assert body["identical"] is True
    assert body["which"] == "issued"
    assert body["signature_valid"] is True
    assert body["reason"] == "identical"
    assert body["act"]["verification_code"] == sealed_act.verification_code
    assert body["act"]["case_number"] == sealed_act.case_number
    assert body["act"]["status"] == "in_force"
    assert body["seals"][0]["intact"] is True


def test_one_byte_changed_in_the_content_is_detected(api_client, sealed_act, issued_bytes):
    response = post_file(api_client, flip_byte_in_page_content(issued_bytes))
    assert response.status_code == 200
    body = response.json()
    assert body["identical"] is False
    assert body["signature_valid"] is False
    assert body["reason"] == "signature_broken"
    assert body["act"]["verification_code"] == sealed_act.verification_code
    assert body["seals"][0]["intact"] is False
    assert body["detail"] == str(verification.REASONS["signature_broken"])


def test_bytes_appended_after_the_seal_are_detected(sealed_act, issued_bytes):
    check = pdf_check(issued_bytes + b"\n% added later\n")
    assert check.act == sealed_act
    assert (check.identical, check.signature_valid) == (False, False)
    assert check.reason == "changed_after_seal"
    assert check.seals[0].intact and not check.seals[0].covers_file


def test_a_revision_added_after_the_seal_is_detected(sealed_act, issued_bytes):
    writer = IncrementalPdfFileWriter(BytesIO(issued_bytes))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Rotate"] = generic.NumberObject(90)
    writer.update_container(page)
    out = BytesIO()
    writer.write(out)
    check = pdf_check(out.getvalue())
    assert check.reason == "changed_after_seal"
    assert check.signature_valid is False


def test_an_unsealed_rendering_of_the_act_is_not_the_issued_act(sealed_act):
    check = pdf_check(act_pdf_render(sealed_act, public=False))
    assert check.act == sealed_act
    assert (check.identical, check.signature_valid, check.reason) == (False, False, "unsigned")


def test_a_pdf_of_no_act_is_unknown(api_client, sealed_act):
    response = post_file(api_client, weasyprint.HTML(string="<p>Справка</p>").write_pdf())
    assert response.status_code == 200
    assert response.json()["act"] is None
    assert response.json()["reason"] == "unknown_act"


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda pdf: b"", "empty"),
        (lambda pdf: b"PK\x03\x04 a zip, not a pdf" * 10, "not_pdf"),
        (lambda pdf: pdf[:2000], "damaged"),
        (lambda pdf: b"%PDF-1.7\n" + b"\x00garbage" * 100, "damaged"),
    ],
)
def test_bad_uploads_get_a_clear_code(api_client, issued_bytes, make, code):
    response = post_file(api_client, make(issued_bytes))
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["detail"] == str(verification.REASONS[code])


def test_missing_file_field(api_client, db):
    response = api_client.post(UPLOAD_URL, {"other": "x"}, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "no_file"


def test_oversized_upload_is_refused(api_client, settings, issued_bytes):
    settings.ACT_VERIFY_MAX_BYTES = 1000
    response = post_file(api_client, issued_bytes)
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_uploads_are_rate_limited(api_client, monkeypatch, db):
    monkeypatch.setattr(verification, "UPLOAD_LIMIT_PER_HOUR", 1)
    assert post_file(api_client, b"not a pdf").status_code == 400
    response = post_file(api_client, b"not a pdf")
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"


# --- by code ---------------------------------------------------------------------------


def test_code_is_found_however_it_is_typed(sealed_act):
    code = sealed_act.verification_code
    typed = f" {code[:4].lower()}-{code[4:8]} {code[8:]} "
    assert act_by_code(typed) == sealed_act


@pytest.mark.parametrize("code", ["", "   ", "\x00", "ABC/DEF", "А1Б2", "A" * 25])
def test_codes_that_cannot_be_codes_find_nothing(api_client, db, code):
    assert act_by_code(code) is None


def test_nul_byte_in_the_url_is_a_404(client, api_client, db):
    assert client.get("/verify/AB%00CD/").status_code == 404
    assert api_client.get("/api/v1/acts/verify/AB%00CD/").status_code == 404


def test_draft_acts_are_never_found(act_make, client, api_client):
    draft = act_make(status=ActStatus.DRAFT, verification_code="DRAFT2345678")
    assert act_by_code(draft.verification_code) is None
    assert client.get(f"/verify/{draft.verification_code}/").status_code == 404
    assert api_client.get(f"/api/v1/acts/verify/{draft.verification_code}/").status_code == 404


def test_unknown_code_is_a_friendly_404(client, api_client, db):
    page = client.get("/verify/NOSUCHCODE99/")
    assert page.status_code == 404
    assert "acts_registry/verify_unknown.html" in [t.name for t in page.templates]
    response = api_client.get("/api/v1/acts/verify/NOSUCHCODE99/")
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_code"


def test_api_gives_the_public_facts(api_client, sealed_act):
    response = api_client.get(f"/api/v1/acts/verify/{sealed_act.verification_code}/")
    assert response.status_code == 200
    body = response.json()
    assert body["court"] == sealed_act.court_name
    assert body["issued_on"] == sealed_act.issued_on.isoformat()
    assert body["kind"] == "decision"
    assert body["pdf_sha256"] == sealed_act.pdf_sha256
    assert body["public_pdf_url"] is None  # not published


@pytest.mark.parametrize(
    "status", [ActStatus.ISSUED, ActStatus.IN_FORCE, ActStatus.APPEALED, ActStatus.OVERTURNED]
)
def test_verify_page_shows_the_status_and_the_hash(client, act_make, status):
    act = act_make(status=status, pdf_sha256="ab" * 32)
    page = client.get(f"/verify/{act.verification_code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-act-status="{status}"' in html
    assert str(act.get_status_display()) in html
    assert act.case_number in html
    assert "ab" * 32 in html


def test_code_form_goes_to_the_stable_address(client, sealed_act):
    code = sealed_act.verification_code
    response = client.get("/verify/", {"code": f"{code[:6].lower()} {code[6:]}"})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{code}/"
    assert client.get("/verify/", {"code": "??"}).status_code == 400
    assert client.get("/verify/").status_code == 200


def test_public_pdf_is_offered_only_once_published(client, sealed_act, plaintiff):
    url = f"/verify/{sealed_act.verification_code}/public.pdf"
    assert url not in client.get(f"/verify/{sealed_act.verification_code}/").content.decode()
    assert client.get(url).status_code == 404
    sealed_act.published_at = timezone.now()
    sealed_act.save(update_fields=["published_at"])
    assert url in client.get(f"/verify/{sealed_act.verification_code}/").content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    served = b"".join(response.streaming_content)
    assert pdf_check(served).which == "public"
    assert plaintiff.last_name.encode() not in served


def test_upload_page_shows_the_result(client, issued_bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    tampered = SimpleUploadedFile("act.pdf", flip_byte_in_page_content(issued_bytes))
    page = client.post("/verify/check/", {"file": tampered})
    assert page.status_code == 200
    assert 'data-reason="signature_broken"' in page.content.decode()
    bad = client.post("/verify/check/", {"file": SimpleUploadedFile("a.pdf", b"hello")})
    assert bad.status_code == 400
    assert str(verification.REASONS["not_pdf"]) in bad.content.decode()


def test_following_the_qr_code_of_the_pdf_opens_the_act(client, sealed_act, issued_bytes, tmp_path):
    (tmp_path / "act.pdf").write_bytes(issued_bytes)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", str(tmp_path / "act.pdf"), str(tmp_path / "p")],
        check=True,
    )
    pages = sorted(str(p) for p in tmp_path.glob("p*.png"))
    decoded = subprocess.run(
        ["zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", *pages],
        capture_output=True,
        text=True,
    ).stdout.split()
    page = client.get(urlparse(decoded[0]).path)
    assert page.status_code == 200
    assert sealed_act.case_number in page.content.decode()


def test_schema_documents_the_verify_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/acts/verify/" in schema
    assert "/api/v1/acts/verify/{code}/" in schema
