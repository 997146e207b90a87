import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP

from judicial_account.accounts.models import Role
from tests.factories import PASSWORD, TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/api/v1/auth/login/"


def code_for(device) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def test_login_returns_token_usable_for_api(api_client):
    user = UserFactory()
    response = api_client.post(LOGIN, {"iin": user.iin, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert response.json()["user"]["iin"] == user.iin
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/me/").json()["iin"] == user.iin


def test_wrong_password_is_401_with_code(api_client):
    user = UserFactory()
    response = api_client.post(LOGIN, {"iin": user.iin, "password": "x"}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


def test_invalid_iin_is_400_listing_the_field(api_client):
    response = api_client.post(LOGIN, {"iin": "12", "password": "x"}, format="json")
    assert response.status_code == 400
    assert "iin" in response.json()["errors"]


def test_staff_needs_otp_then_gets_token(api_client):
    device = TOTPDeviceFactory(user=UserFactory(role=Role.CLERK))
    body = {"iin": device.user.iin, "password": PASSWORD}
    missing = api_client.post(LOGIN, body, format="json")
    assert missing.status_code == 401
    assert missing.json()["code"] == "otp_required"
    ok = api_client.post(LOGIN, {**body, "otp": code_for(device)}, format="json")
    assert ok.status_code == 200
    assert ok.json()["token"]


def test_wrong_otp_is_refused(api_client):
    device = TOTPDeviceFactory()
    wrong = "123456" if code_for(device) != "123456" else "654321"
    response = api_client.post(
        LOGIN, {"iin": device.user.iin, "password": PASSWORD, "otp": wrong}, format="json"
    )
    assert response.status_code == 401
    assert response.json()["code"] == "otp_invalid"


def test_locked_account_is_423(api_client, settings):
    settings.LOGIN_MAX_FAILURES = 2
    user = UserFactory()
    for _ in range(2):
        api_client.post(LOGIN, {"iin": user.iin, "password": "bad"}, format="json")
    response = api_client.post(LOGIN, {"iin": user.iin, "password": PASSWORD}, format="json")
    assert response.status_code == 423
    assert response.json()["code"] == "locked"


def test_malformed_json_is_400_not_500(api_client):
    response = api_client.generic("POST", LOGIN, '{"iin": "8503', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_non_object_json_is_400(api_client):
    response = api_client.generic("POST", LOGIN, "[1, 2]", content_type="application/json")
    assert response.status_code == 400


def test_oversized_body_is_413(api_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    big = '{"iin": "' + "1" * 5000 + '", "password": "x"}'
    response = api_client.generic("POST", LOGIN, big, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_errors_are_localised(api_client):
    user = UserFactory()
    response = api_client.post(
        LOGIN, {"iin": user.iin, "password": "bad"}, format="json", HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert response.json()["detail"] != "Wrong IIN or password."


def test_me_requires_authentication(api_client):
    assert api_client.get("/api/v1/me/").status_code in (401, 403)


def test_schema_and_docs_are_served(client):
    schema = client.get(reverse("api-schema"))
    assert schema.status_code == 200
    assert b"/api/v1/auth/login/" in schema.content
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 200
    # Every script and stylesheet comes from our own origin. (A plain `"cdn" not in` check
    # was flaky: the page's random CSRF token sometimes contains those three letters.)
    sources = re.findall(rb'(?:src|href)=["\']([^"\']+)', docs.content)
    assert sources
    assert not [url for url in sources if url.startswith((b"http:", b"https:", b"//"))]
