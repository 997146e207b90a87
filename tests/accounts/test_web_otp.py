import pytest
from django.urls import reverse
from django_otp.oath import TOTP

from judicial_account.accounts.models import Role
from tests.factories import PASSWORD, TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_judge_goes_through_code_page(client):
    device = TOTPDeviceFactory()
    first = client.post(reverse("accounts:login"), {"iin": device.user.iin, "password": PASSWORD})
    assert first["Location"] == reverse("accounts:login_otp")
    # Not logged in yet.
    assert client.get(reverse("accounts:profile")).status_code == 302
    code = f"{TOTP(device.bin_key).token():06d}"
    second = client.post(reverse("accounts:login_otp"), {"token": code})
    assert second["Location"] == reverse("accounts:profile")
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_code_page_without_password_step_sends_back_to_login(client):
    assert client.get(reverse("accounts:login_otp"))["Location"] == reverse("accounts:login")


def test_wrong_code_shows_error(client):
    device = TOTPDeviceFactory()
    client.post(reverse("accounts:login"), {"iin": device.user.iin, "password": PASSWORD})
    client.cookies["django_language"] = "en"
    wrong = "000000" if f"{TOTP(device.bin_key).token():06d}" != "000000" else "111111"
    response = client.post(reverse("accounts:login_otp"), {"token": wrong})
    assert response.status_code == 200
    assert "wrong or has expired" in response.content.decode()


def test_staff_without_device_is_told_to_contact_admin(client):
    clerk = UserFactory(role=Role.CLERK)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("accounts:login"), {"iin": clerk.iin, "password": PASSWORD})
    assert response.status_code == 200
    assert "no authenticator is set up" in response.content.decode()
