"""QR login and QR signing with two browsers: a desktop showing the code and a phone,
already logged in, approving it. The desktop follows over a websocket, no reload."""

import subprocess

from django.core.files.uploadedfile import SimpleUploadedFile

from judicial_account.pki import services as pki_services
from judicial_account.pki.ca import SIGN
from tests.factories import PASSWORD, UserFactory

PHONE_KEY_PASSWORD = "phone-key-1"


def log_in(page, base_url: str, user) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base_url}])
    page.goto(base_url + "/accounts/login/")
    page.locator("#id_iin").fill(user.iin)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/accounts/profile/")


def scan(page, tmp_path) -> str:
    """Read the QR code off the screen as a phone camera would (zbar)."""
    shot = tmp_path / "qr.png"
    page.locator("[data-qr-image] svg").screenshot(path=str(shot))
    result = subprocess.run(
        ["zbarimg", "--raw", "-q", str(shot)], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_qr_login_desktop_follows_phone(desktop_page, phone_context, asgi_live_server, tmp_path):
    user = UserFactory(language="en")
    desktop = desktop_page
    desktop.context.add_cookies(
        [{"name": "django_language", "value": "en", "url": asgi_live_server.url}]
    )
    desktop.goto(asgi_live_server.url + "/accounts/login/")
    desktop.get_by_role("button", name="Show QR code").click()
    desktop.locator("[data-qr-image] svg").wait_for()
    url = scan(desktop, tmp_path)
    assert url.startswith(asgi_live_server.url + "/accounts/m/qr/")

    phone = phone_context.new_page()
    log_in(phone, asgi_live_server.url, user)
    phone.goto(url)
    assert "log in to your account on another device" in phone.locator("main").inner_text()
    phone.get_by_role("button", name="Yes, log me in there").click()
    phone.get_by_role("status").filter(has_text="Approved").wait_for()

    desktop.wait_for_url("**/accounts/profile/", timeout=15000)
    assert user.iin in desktop.locator("main").inner_text()


def test_qr_signing_desktop_shows_signature_without_reload(
    desktop_page, phone_context, asgi_live_server, issue, test_ca, seals, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = UserFactory(language="en")
    document = pki_services.signing_request_create(
        owner=user,
        title="Power of attorney",
        upload=SimpleUploadedFile("poa.pdf", b"%PDF-1.7 power of attorney" * 100),
    )
    key_path = tmp_path / "sign.p12"
    key_path.write_bytes(issue(SIGN, "ec", iin=user.iin).p12(PHONE_KEY_PASSWORD, test_ca))

    desktop = desktop_page
    log_in(desktop, asgi_live_server.url, user)
    desktop.goto(f"{asgi_live_server.url}/pki/sign/{document.public_id}/")
    desktop.evaluate("window.__noReload = true")  # gone if the page reloads
    desktop.get_by_role("button", name="Show QR code").click()
    desktop.locator("[data-qr-image] svg").wait_for()
    url = scan(desktop, tmp_path)

    phone = phone_context.new_page()
    log_in(phone, asgi_live_server.url, user)
    phone.goto(url)
    assert "Power of attorney" in phone.locator("main").inner_text()
    assert document.sha256 in phone.locator("main").inner_text()
    phone.set_input_files("#eds-key", str(key_path))
    phone.fill("#eds-password", PHONE_KEY_PASSWORD)
    phone.get_by_role("button", name="Sign", exact=True).click()
    phone.get_by_role("status").filter(has_text="Signed").wait_for()

    desktop.locator("#signature-area .signature-valid").wait_for(timeout=15000)
    assert desktop.evaluate("window.__noReload") is True
    assert user.iin in desktop.locator("#signature-area").inner_text()
