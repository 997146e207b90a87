import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from judicial_account.pki.ca import AUTH, SIGN
from judicial_account.pki.client import cms_sign
from judicial_account.pki.models import SignatureRecord, SigningRequest
from judicial_account.pki.services import (
    SigningRefused,
    signing_request_create,
    signing_request_sign,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
CONTENT = b"%PDF-1.7\n" + b"power of attorney " * 1000


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(content: bytes = CONTENT, name: str = "poa.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_upload_is_hashed_and_kept(tmp_path):
    owner = UserFactory()
    request = signing_request_create(owner=owner, title="Доверенность", upload=upload())
    assert request.size == len(CONTENT)
    assert len(request.sha256) == 64
    assert request.file.read() == CONTENT


@pytest.mark.parametrize(("content", "limit"), [(b"", 100), (b"x" * 101, 100)])
def test_empty_or_oversized_upload_refused(settings, content, limit):
    settings.SIGNING_MAX_BYTES = limit
    with pytest.raises(ValidationError):
        signing_request_create(owner=UserFactory(), title="t", upload=upload(content))
    assert not SigningRequest.objects.exists()


@pytest.mark.parametrize("key_type", ["rsa", "ec"])
def test_owner_signature_is_accepted(issue, key_type):
    owner = UserFactory()
    holder = issue(SIGN, key_type, iin=owner.iin)
    request = signing_request_create(owner=owner, title="t", upload=upload())
    record = signing_request_sign(
        request=request,
        cms_der=cms_sign(CONTENT, holder.key, holder.cert),
        user=owner,
        channel="test",
    )
    request.refresh_from_db()
    assert request.status == "signed" and request.signature == record and record.valid


def test_signature_of_other_bytes_refused_and_not_signed(issue):
    owner = UserFactory()
    holder = issue(SIGN, "ec", iin=owner.iin)
    request = signing_request_create(owner=owner, title="t", upload=upload())
    with pytest.raises(SigningRefused) as refusal:
        signing_request_sign(
            request=request,
            cms_der=cms_sign(b"other", holder.key, holder.cert),
            user=owner,
            channel="test",
        )
    assert refusal.value.reason == "document_altered"
    request.refresh_from_db()
    assert request.status == "pending" and request.signature is None
    assert SignatureRecord.objects.get().valid is False  # the attempt is kept as evidence


def test_someone_elses_key_refused(issue):
    owner = UserFactory()
    other = issue(SIGN, "rsa", iin=UserFactory().iin)
    request = signing_request_create(owner=owner, title="t", upload=upload())
    with pytest.raises(SigningRefused) as refusal:
        signing_request_sign(
            request=request,
            cms_der=cms_sign(CONTENT, other.key, other.cert),
            user=owner,
            channel="test",
        )
    assert refusal.value.reason == "signer_mismatch"


def test_auth_key_refused_for_documents(issue):
    owner = UserFactory()
    holder = issue(AUTH, "rsa", iin=owner.iin)
    request = signing_request_create(owner=owner, title="t", upload=upload())
    with pytest.raises(SigningRefused) as refusal:
        signing_request_sign(
            request=request,
            cms_der=cms_sign(CONTENT, holder.key, holder.cert),
            user=owner,
            channel="test",
        )
    assert refusal.value.reason == "wrong_key_usage"


def test_signing_twice_refused(issue):
    owner = UserFactory()
    holder = issue(SIGN, "ec", iin=owner.iin)
    request = signing_request_create(owner=owner, title="t", upload=upload())
    cms_der = cms_sign(CONTENT, holder.key, holder.cert)
    signing_request_sign(request=request, cms_der=cms_der, user=owner, channel="test")
    with pytest.raises(SigningRefused) as refusal:
        signing_request_sign(request=request, cms_der=cms_der, user=owner, channel="test")
    assert refusal.value.reason == "already_signed"


def test_pages_are_the_owners_alone(client, issue):
    owner, stranger = UserFactory(), UserFactory()
    request = signing_request_create(owner=owner, title="Тайна", upload=upload())
    client.force_login(stranger)
    for name in ("signing_detail", "signing_file", "signing_signature"):
        assert client.get(reverse(f"pki:{name}", args=[request.public_id])).status_code == 404
    assert (
        client.post(
            reverse("pki:signing_sign", args=[request.public_id]), {"cms": "AAAA"}
        ).status_code
        == 404
    )
    assert "Тайна" not in client.get(reverse("pki:signing_list")).content.decode()
    client.logout()
    response = client.get(reverse("pki:signing_detail", args=[request.public_id]))
    assert response.status_code == 302


def test_signing_through_the_page_and_download(client, issue):
    owner = UserFactory()
    holder = issue(SIGN, "rsa", iin=owner.iin)
    client.force_login(owner)
    response = client.post(reverse("pki:signing_list"), {"title": "Доверенность", "file": upload()})
    request = SigningRequest.objects.get(owner=owner)
    assert response["Location"] == reverse("pki:signing_detail", args=[request.public_id])
    import base64

    cms_der = cms_sign(CONTENT, holder.key, holder.cert)
    signed = client.post(
        reverse("pki:signing_sign", args=[request.public_id]),
        {"cms": base64.b64encode(cms_der).decode()},
    )
    assert signed.status_code == 302
    p7s = client.get(reverse("pki:signing_signature", args=[request.public_id]))
    assert p7s.content == cms_der
    page = client.get(reverse("pki:signing_detail", args=[request.public_id])).content.decode()
    assert owner.iin in page


def test_garbage_signature_through_page_is_explained(client):
    owner = UserFactory()
    client.force_login(owner)
    request = signing_request_create(owner=owner, title="t", upload=upload())
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("pki:signing_sign", args=[request.public_id]), {"cms": "%%%not-base64"}
    )
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
