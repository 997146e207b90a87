"""The filing API end to end, through a real Celery worker: draft → attachment → sign →
submit → pay (sandbox gateway) → the intake robot registers the case."""

import base64
import time

import pytest
from celery.contrib.testing.worker import start_worker

from judicial_account import registries
from judicial_account.celery import app
from judicial_account.pki.ca import SIGN
from judicial_account.pki.client import cms_sign
from tests.factories import EntityOfficerFactory, LegalEntityFactory, UserFactory
from tests.filings.conftest import pdf_bytes, registry_people


def claim_body(author_iin: str, entity_bin: str, court, **extra) -> dict:
    return {
        "court": court.code,
        "category": "loans",
        "subject": "Взыскание долга",
        "amount": "250000.00",
        "text": "Прошу взыскать долг.",
        "parties": [
            {"role": "plaintiff", "iin": author_iin},
            {"role": "defendant", "bin": entity_bin},
        ],
        **extra,
    }


@pytest.fixture
def author():
    person = registry_people(2)[1]
    return UserFactory(iin=person.iin, last_name=person.last_name, first_name=person.first_name)


@pytest.mark.django_db
def test_draft_is_idempotent_and_validated(api_client, author, court, loans):
    entity = registries.backend().legal_entities()[0]
    api_client.force_authenticate(author)
    body = claim_body(author.iin, entity.bin, court)
    first = api_client.post("/api/v1/filings/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = api_client.post("/api/v1/filings/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    bad = api_client.post(
        "/api/v1/filings/", claim_body(author.iin, "123", court, amount="-1"), format="json"
    )
    assert bad.status_code == 400


@pytest.mark.django_db
def test_wrong_file_type_renamed_to_pdf_is_refused(api_client, author, court, loans):
    api_client.force_authenticate(author)
    entity = registries.backend().legal_entities()[0]
    filing = api_client.post(
        "/api/v1/filings/", claim_body(author.iin, entity.bin, court), format="json"
    ).json()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api_client.post(
        f"/api/v1/filings/{filing['id']}/attachments/",
        {"file": SimpleUploadedFile("claim.pdf", b"MZ\x90 program")},
        format="multipart",
    )
    assert response.status_code == 400 and response.json()["code"] == "type"


@pytest.mark.django_db
def test_others_cannot_touch_my_filing(api_client, author, court, loans):
    api_client.force_authenticate(author)
    entity = registries.backend().legal_entities()[0]
    filing = api_client.post(
        "/api/v1/filings/", claim_body(author.iin, entity.bin, court), format="json"
    ).json()
    api_client.force_authenticate(UserFactory())
    for path in ("", "manifest/"):
        assert api_client.get(f"/api/v1/filings/{filing['id']}/{path}").status_code == 404
    assert api_client.post(f"/api/v1/filings/{filing['id']}/submit/").status_code == 404


@pytest.mark.django_db
def test_fee_quote_api(api_client, loans):
    response = api_client.get("/api/v1/fees/quote/", {"category": "loans", "amount": "100000"})
    assert response.json()["amount"] == "1000.00"
    assert (
        api_client.get("/api/v1/fees/quote/", {"category": "loans", "amount": "-5"}).status_code
        == 400
    )
    assert api_client.get("/api/v1/fees/quote/", {"category": "nope"}).status_code == 400


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_whole_journey_through_the_worker(
    api_client, author, court, loans, issue, trust_test_ca, seals
):
    entity_record = registries.backend().legal_entities()[0]
    officer = EntityOfficerFactory(
        entity=LegalEntityFactory(bin=entity_record.bin, name=entity_record.name)
    )
    api_client.force_authenticate(author)
    filing = api_client.post(
        "/api/v1/filings/", claim_body(author.iin, entity_record.bin, court), format="json"
    ).json()
    from django.core.files.uploadedfile import SimpleUploadedFile

    api_client.post(
        f"/api/v1/filings/{filing['id']}/attachments/",
        {"file": SimpleUploadedFile("loan.pdf", pdf_bytes())},
        format="multipart",
    )
    manifest = api_client.get(f"/api/v1/filings/{filing['id']}/manifest/").content
    holder = issue(SIGN, "rsa", iin=author.iin)
    unsigned = api_client.post(f"/api/v1/filings/{filing['id']}/submit/")
    assert unsigned.json()["code"] == "unsigned"
    wrong = api_client.post(
        f"/api/v1/filings/{filing['id']}/sign/",
        {"cms": base64.b64encode(cms_sign(manifest + b" ", holder.key, holder.cert)).decode()},
        format="json",
    )
    assert wrong.json()["code"] == "document_altered"
    signed = api_client.post(
        f"/api/v1/filings/{filing['id']}/sign/",
        {"cms": base64.b64encode(cms_sign(manifest, holder.key, holder.cert)).decode()},
        format="json",
    )
    assert signed.json()["signed"] is True
    submitted = api_client.post(f"/api/v1/filings/{filing['id']}/submit/").json()
    assert submitted["status"] == "awaiting_payment" and submitted["fee_amount"] == "2500.00"

    from judicial_account.payments.models import Invoice
    from judicial_account.payments.services import sandbox_callback_send

    app.control.purge()
    with start_worker(
        app, pool="solo", perform_ping_check=False, queues=["default"], shutdown_timeout=30
    ):
        sandbox_callback_send(invoice=Invoice.objects.get(), status="paid")
        deadline = time.monotonic() + 60
        state = {}
        while time.monotonic() < deadline:
            state = api_client.get(f"/api/v1/filings/{filing['id']}/").json()
            if state["status"] == "registered":
                break
            time.sleep(0.2)
    assert state["status"] == "registered", state
    number = state["case"]
    case_id = api_client.get("/api/v1/cases/").json()["results"][0]["id"]
    documents = api_client.get(f"/api/v1/cases/{case_id}/documents/").json()
    kinds = [d["kind"] for d in documents]
    assert kinds[:2] == ["claim", "attachment"]
    # The defendant's notice may already be delivered by SMS, its proof filed after them.
    assert set(kinds[2:]) <= {"delivery_proof"}
    assert documents[0]["signature_valid"] is True
    assert [c["number"] for c in api_client.get("/api/v1/cases/").json()["results"]] == [number]
    api_client.force_authenticate(officer.user)  # the defendant sees it in My Cases too
    assert [c["number"] for c in api_client.get("/api/v1/cases/").json()["results"]] == [number]
    assert officer.user.notifications.filter(kind="case.claim_received").count() == 1
    assert author.notifications.filter(kind="case.registered").count() == 1
