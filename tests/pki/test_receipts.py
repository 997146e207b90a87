import subprocess

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from judicial_account.celery import app
from judicial_account.pki import services
from judicial_account.pki.ca import SIGN
from judicial_account.pki.client import cms_sign
from judicial_account.pki.models import SigningRequest
from judicial_account.pki.receipts import signing_receipt_issue
from tests.factories import UserFactory

CONTENT = b"%PDF-1.7 claim " * 200


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, seals):
    settings.MEDIA_ROOT = tmp_path / "media"


def signed_request(issue, *, language="ru"):
    owner = UserFactory(language=language)
    holder = issue(SIGN, "ec", iin=owner.iin)
    request = services.signing_request_create(
        owner=owner, title="Доверенность", upload=SimpleUploadedFile("poa.pdf", CONTENT)
    )
    services.signing_request_sign(
        request=request,
        cms_der=cms_sign(CONTENT, holder.key, holder.cert),
        user=owner,
        channel="test",
    )
    return SigningRequest.objects.select_related("signature", "owner").get(pk=request.pk)


@pytest.mark.django_db
def test_signing_enqueues_receipt_after_commit(
    issue, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    from judicial_account.pki import tasks

    monkeypatch.setattr(tasks.signing_receipt_issue_task, "delay", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        request = signed_request(issue)
    assert queued == [request.pk]


@pytest.mark.django_db
def test_receipt_is_a_sealed_pdf_in_the_owners_language(issue, tmp_path, monkeypatch):
    from judicial_account.pki import tasks

    monkeypatch.setattr(tasks.signing_receipt_issue_task, "delay", lambda pk: None)
    request = signing_receipt_issue(request=signed_request(issue, language="kk"))
    pdf = request.receipt.read()
    assert pdf.startswith(b"%PDF") and len(request.receipt_sha256) == 64
    path = tmp_path / "receipt.pdf"
    path.write_bytes(pdf)
    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid." in report
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert request.owner.iin in text and request.sha256 in text.replace("\n", "")
    assert "ЖСН" in text  # Kazakh: the owner's language
    # Issuing again keeps the first receipt.
    assert signing_receipt_issue(request=request).receipt_sha256 == request.receipt_sha256


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_receipt_made_by_the_worker_is_downloadable(issue, client):
    app.control.purge()  # messages left by earlier tests must not reach this worker
    with start_worker(
        app, pool="solo", perform_ping_check=False, queues=["default"], shutdown_timeout=30
    ):
        request = signed_request(issue)
        import time

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            request.refresh_from_db()
            if request.receipt:
                break
            time.sleep(0.2)
    assert request.receipt
    client.force_login(request.owner)
    response = client.get(reverse("pki:signing_receipt", args=[request.public_id]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(reverse("pki:signing_receipt", args=[request.public_id])).status_code == 404
