import base64
import time

import pytest
from django_otp.oath import TOTP

from judicial_account.accounts.models import Role
from judicial_account.audit.models import AuditEntry
from judicial_account.pki.ca import AUTH, SIGN
from judicial_account.pki.client import KeyFileError, cms_sign, load_p12
from tests.factories import TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db
CHALLENGE = "/api/v1/auth/eds/challenge/"
LOGIN = "/api/v1/auth/eds/login/"


def sign_challenge(api_client, holder, *, attached=False) -> dict:
    nonce = api_client.post(CHALLENGE).json()["nonce"]
    cms_der = cms_sign(nonce.encode(), holder.key, holder.cert, attached=attached)
    return {"nonce": nonce, "cms": base64.b64encode(cms_der).decode()}


@pytest.fixture
def person(issue):
    user = UserFactory()
    return user, issue(AUTH, "ec", iin=user.iin)


@pytest.mark.parametrize("attached", [False, True])
def test_eds_login_gives_token_for_certificate_owner(api_client, person, attached):
    user, holder = person
    response = api_client.post(
        LOGIN, sign_challenge(api_client, holder, attached=attached), format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["user"]["iin"] == user.iin
    assert AuditEntry.objects.filter(action="auth.login", actor=user).exists()


def test_rsa_auth_key_works_too(api_client, issue):
    user = UserFactory()
    holder = issue(AUTH, "rsa", iin=user.iin)
    assert (
        api_client.post(LOGIN, sign_challenge(api_client, holder), format="json").status_code == 200
    )


def test_nonce_cannot_be_replayed(api_client, person):
    _, holder = person
    body = sign_challenge(api_client, holder)
    assert api_client.post(LOGIN, body, format="json").status_code == 200
    replay = api_client.post(LOGIN, body, format="json")
    assert replay.status_code == 401
    assert replay.json()["code"] == "challenge_invalid"


def test_expired_nonce_refused(api_client, person, settings):
    settings.EDS_CHALLENGE_SECONDS = 1
    _, holder = person
    body = sign_challenge(api_client, holder)
    time.sleep(1.5)
    response = api_client.post(LOGIN, body, format="json")
    assert response.json()["code"] == "challenge_invalid"


def test_made_up_nonce_refused(api_client, person):
    _, holder = person
    cms_der = cms_sign(b"my-own-nonce", holder.key, holder.cert)
    response = api_client.post(
        LOGIN, {"nonce": "my-own-nonce", "cms": base64.b64encode(cms_der).decode()}, format="json"
    )
    assert response.json()["code"] == "challenge_invalid"


def test_signature_over_another_nonce_is_altered(api_client, person):
    _, holder = person
    nonce = api_client.post(CHALLENGE).json()["nonce"]
    cms_der = cms_sign(b"something else", holder.key, holder.cert)
    response = api_client.post(
        LOGIN, {"nonce": nonce, "cms": base64.b64encode(cms_der).decode()}, format="json"
    )
    assert response.status_code == 401
    assert response.json()["code"] == "document_altered"


@pytest.mark.parametrize("cms", ["not base64 at all!", base64.b64encode(b"garbage").decode(), ""])
def test_garbage_cms_refused(api_client, cms):
    nonce = api_client.post(CHALLENGE).json()["nonce"]
    response = api_client.post(LOGIN, {"nonce": nonce, "cms": cms}, format="json")
    assert response.status_code in (400, 401)
    assert response.status_code != 500


def test_signing_key_refused_for_login(api_client, issue):
    user = UserFactory()
    holder = issue(SIGN, "rsa", iin=user.iin)
    response = api_client.post(LOGIN, sign_challenge(api_client, holder), format="json")
    assert response.json()["code"] == "wrong_key_usage"


def test_untrusted_certificate_refused(api_client, issue, other_ca):
    user = UserFactory()
    holder = issue(AUTH, "rsa", iin=user.iin, ca=other_ca)
    response = api_client.post(LOGIN, sign_challenge(api_client, holder), format="json")
    assert response.json()["code"] == "untrusted"
    assert AuditEntry.objects.filter(action="auth.eds_failed").exists()


def test_revoked_certificate_refused(api_client, issue, test_ca):
    user = UserFactory()
    holder = issue(AUTH, "ec", iin=user.iin)
    test_ca.revoke(holder.cert)
    response = api_client.post(LOGIN, sign_challenge(api_client, holder), format="json")
    assert response.json()["code"] == "revoked"


def test_certificate_of_someone_without_account(api_client, issue):
    holder = issue(AUTH, "ec", iin="850314300017")
    response = api_client.post(LOGIN, sign_challenge(api_client, holder), format="json")
    assert response.json()["code"] == "no_account"


def test_staff_still_need_their_code(api_client, issue):
    device = TOTPDeviceFactory(user=UserFactory(role=Role.JUDGE))
    holder = issue(AUTH, "rsa", iin=device.user.iin)
    missing = api_client.post(LOGIN, sign_challenge(api_client, holder), format="json")
    assert missing.json()["code"] == "otp_required"
    code = f"{TOTP(device.bin_key).token():06d}"
    ok = api_client.post(LOGIN, {**sign_challenge(api_client, holder), "otp": code}, format="json")
    assert ok.status_code == 200


def test_refusal_message_in_users_language(api_client, issue):
    user = UserFactory()
    holder = issue(SIGN, "rsa", iin=user.iin)
    response = api_client.post(
        LOGIN, sign_challenge(api_client, holder), format="json", HTTP_ACCEPT_LANGUAGE="kk"
    )
    assert "кілт" in response.json()["detail"]


def test_wrong_p12_password(person, test_ca):
    _, holder = person
    data = holder.p12("right-password", test_ca)
    assert load_p12(data, "right-password")[1] == holder.cert
    with pytest.raises(KeyFileError):
        load_p12(data, "wrong-password")
    with pytest.raises(KeyFileError):
        load_p12(b"not a p12 file", "whatever")


@pytest.mark.django_db(transaction=True)
def test_python_client_logs_in_over_http(live_server, issue, test_ca, tmp_path, capsys):
    from judicial_account.pki.client import main

    user = UserFactory()
    path = tmp_path / "auth.p12"
    path.write_bytes(issue(AUTH, "rsa", iin=user.iin).p12("pw-1", test_ca))
    assert main(["login", "--p12", str(path), "--password", "pw-1", "--url", live_server.url]) == 0
    assert user.iin in capsys.readouterr().out
    assert main(["login", "--p12", str(path), "--password", "wrong", "--url", live_server.url]) == 2
