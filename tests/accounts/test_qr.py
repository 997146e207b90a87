import datetime as dt

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from judicial_account.accounts import qr
from judicial_account.accounts.models import QrApproval
from judicial_account.asgi import application
from judicial_account.pki import services as pki_services
from judicial_account.pki.ca import SIGN
from judicial_account.pki.client import cms_sign
from tests.factories import UserFactory

CONTENT = b"%PDF-1.7 poa " * 100


def desktop_request(session_key: str | None = None):
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.10", HTTP_USER_AGENT="Desktop")
    request.session = SessionStore(session_key=session_key)
    return request


@pytest.mark.django_db
def test_login_code_approved_on_phone_opens_desktop_session_once():
    request = desktop_request()
    approval = qr.qr_approval_create(request, kind=QrApproval.Kind.LOGIN)
    phone_user = UserFactory()
    qr.qr_login_approve(token=approval.token, user=phone_user, ip="192.0.2.20")
    assert (
        qr.qr_login_complete(token=approval.token, session_key=request.session.session_key)
        == phone_user
    )
    with pytest.raises(qr.QrError):
        qr.qr_login_complete(token=approval.token, session_key=request.session.session_key)


@pytest.mark.django_db
def test_code_cannot_be_claimed_from_another_session():
    approval = qr.qr_approval_create(desktop_request(), kind=QrApproval.Kind.LOGIN)
    qr.qr_login_approve(token=approval.token, user=UserFactory(), ip=None)
    other = desktop_request()
    other.session.save()
    with pytest.raises(qr.QrError):
        qr.qr_login_complete(token=approval.token, session_key=other.session.session_key)


@pytest.mark.django_db
def test_expired_code_cannot_be_approved(time_machine):
    approval = qr.qr_approval_create(desktop_request(), kind=QrApproval.Kind.LOGIN)
    time_machine.move_to(approval.expires_at + dt.timedelta(seconds=1))
    with pytest.raises(qr.QrError) as error:
        qr.qr_login_approve(token=approval.token, user=UserFactory(), ip=None)
    assert error.value.code == "invalid"


@pytest.mark.django_db
def test_code_approved_once_and_new_code_voids_old():
    request = desktop_request()
    first = qr.qr_approval_create(request, kind=QrApproval.Kind.LOGIN)
    second = qr.qr_approval_create(request, kind=QrApproval.Kind.LOGIN)
    with pytest.raises(qr.QrError):
        qr.qr_login_approve(token=first.token, user=UserFactory(), ip=None)
    qr.qr_login_approve(token=second.token, user=UserFactory(), ip=None)
    with pytest.raises(qr.QrError):
        qr.qr_login_approve(token=second.token, user=UserFactory(), ip=None)


@pytest.mark.django_db
def test_made_up_token_is_invalid():
    with pytest.raises(qr.QrError):
        qr.qr_login_approve(token="x" * 500, user=UserFactory(), ip=None)


@pytest.fixture
def document(settings, tmp_path, seals):
    settings.MEDIA_ROOT = tmp_path / "media"
    owner = UserFactory()
    return pki_services.signing_request_create(
        owner=owner, title="Доверенность", upload=SimpleUploadedFile("poa.pdf", CONTENT)
    )


@pytest.mark.django_db
def test_sign_code_signed_by_owner_on_phone(document, issue):
    approval = qr.qr_approval_create(
        desktop_request(), kind=QrApproval.Kind.SIGN, signing_request=document
    )
    holder = issue(SIGN, "ec", iin=document.owner.iin)
    record = qr.qr_sign(
        token=approval.token,
        user=document.owner,
        cms_der=cms_sign(CONTENT, holder.key, holder.cert),
    )
    assert record.valid
    approval.refresh_from_db()
    assert approval.status == QrApproval.Status.USED


@pytest.mark.django_db
def test_sign_code_refuses_another_person(document, issue, client):
    approval = qr.qr_approval_create(
        desktop_request(), kind=QrApproval.Kind.SIGN, signing_request=document
    )
    stranger = UserFactory()
    holder = issue(SIGN, "ec", iin=stranger.iin)
    with pytest.raises(qr.QrError) as error:
        qr.qr_sign(
            token=approval.token, user=stranger, cms_der=cms_sign(CONTENT, holder.key, holder.cert)
        )
    assert error.value.code == "not_yours"
    client.force_login(stranger)
    page = client.get(reverse("accounts:qr_phone", args=[approval.token]))
    assert page.status_code == 410 and "Доверенность" not in page.content.decode()
    assert (
        client.get(reverse("accounts:qr_phone_document", args=[approval.token])).status_code == 404
    )


@pytest.mark.django_db
def test_sign_code_cannot_approve_a_login(document):
    approval = qr.qr_approval_create(
        desktop_request(), kind=QrApproval.Kind.SIGN, signing_request=document
    )
    with pytest.raises(qr.QrError):
        qr.qr_login_approve(token=approval.token, user=document.owner, ip=None)


@pytest.mark.django_db
def test_phone_pages_need_login(client):
    approval = qr.qr_approval_create(desktop_request(), kind=QrApproval.Kind.LOGIN)
    response = client.get(reverse("accounts:qr_phone", args=[approval.token]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert (
        client.post(reverse("accounts:qr_phone_approve", args=[approval.token])).status_code == 302
    )


@pytest.mark.django_db
def test_new_code_endpoint_returns_svg(client):
    response = client.post(reverse("accounts:qr_login_new"))
    body = response.json()
    assert body["svg"].startswith("<?xml") or "<svg" in body["svg"]
    assert body["url"].endswith(f"/accounts/m/qr/{body['token']}/")


@pytest.mark.django_db(transaction=True)
async def test_only_the_displaying_session_may_listen(client):
    response = await database_sync_to_async(client.post)(reverse("accounts:qr_login_new"))
    token = response.json()["token"]
    session_key = client.cookies["sessionid"].value
    headers = [(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1:8000")]
    own = WebsocketCommunicator(
        application,
        f"/ws/qr/{token}/",
        headers=[*headers, (b"cookie", f"sessionid={session_key}".encode())],
    )
    connected, _ = await own.connect()
    assert connected
    user = await database_sync_to_async(UserFactory)()
    await database_sync_to_async(qr.qr_login_approve)(token=token, user=user, ip=None)
    assert (await own.receive_json_from(timeout=5)) == {"event": "approved"}
    await own.disconnect()
    stranger = WebsocketCommunicator(application, f"/ws/qr/{token}/", headers=headers)
    connected, code = await stranger.connect()
    assert not connected and code == 4403


@pytest.mark.django_db
def test_mobile_api_approves_login(api_client):
    request = desktop_request()
    approval = qr.qr_approval_create(request, kind=QrApproval.Kind.LOGIN)
    phone_user = UserFactory()
    api_client.force_authenticate(phone_user)
    detail = api_client.get(f"/api/v1/qr/{approval.token}/").json()
    assert detail["kind"] == "login" and detail["user_agent"] == "Desktop"
    assert api_client.post(f"/api/v1/qr/{approval.token}/approve/").status_code == 204
    assert api_client.post(f"/api/v1/qr/{approval.token}/approve/").status_code == 410


@pytest.mark.django_db
def test_mobile_api_signs_document(api_client, document, issue):
    import base64

    approval = qr.qr_approval_create(
        desktop_request(), kind=QrApproval.Kind.SIGN, signing_request=document
    )
    holder = issue(SIGN, "rsa", iin=document.owner.iin)
    api_client.force_authenticate(document.owner)
    detail = api_client.get(f"/api/v1/qr/{approval.token}/").json()
    assert detail["document_sha256"] == document.sha256
    bad = api_client.post(
        f"/api/v1/qr/{approval.token}/sign/",
        {"cms": base64.b64encode(cms_sign(b"other", holder.key, holder.cert)).decode()},
    )
    assert bad.status_code == 400 and bad.json()["code"] == "document_altered"
    good = api_client.post(
        f"/api/v1/qr/{approval.token}/sign/",
        {"cms": base64.b64encode(cms_sign(CONTENT, holder.key, holder.cert)).decode()},
    )
    assert good.status_code == 204


@pytest.mark.django_db
def test_mobile_api_hides_others_documents(api_client, document):
    approval = qr.qr_approval_create(
        desktop_request(), kind=QrApproval.Kind.SIGN, signing_request=document
    )
    api_client.force_authenticate(UserFactory())
    response = api_client.get(f"/api/v1/qr/{approval.token}/")
    assert response.status_code == 410 and "Доверенность" not in response.content.decode()
    api_client.force_authenticate(None)
    assert api_client.get(f"/api/v1/qr/{approval.token}/").status_code in (401, 403)


@pytest.mark.django_db
def test_old_codes_are_purged(time_machine):
    from django.utils import timezone

    from judicial_account.accounts.tasks import qr_approvals_purge_task

    time_machine.move_to(timezone.now())
    qr.qr_approval_create(desktop_request(), kind=QrApproval.Kind.LOGIN)
    assert qr_approvals_purge_task() == 0
    time_machine.shift(dt.timedelta(days=2))
    assert qr_approvals_purge_task() == 1
