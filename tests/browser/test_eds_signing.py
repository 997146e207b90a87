"""Signing a document through the real page: PKI.js in Chromium signs the exact bytes
the portal stored; the portal verifies and shows who signed."""

import pytest

from judicial_account.pki.ca import SIGN
from judicial_account.pki.models import SigningRequest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "sign-pass-7"


@pytest.mark.parametrize("key_type", ["rsa", "ec"])
def test_sign_uploaded_document_in_browser(
    desktop_page, live_server, issue, test_ca, trust_test_ca, tmp_path, settings, key_type
):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = UserFactory(language="en")  # login switches the page to the user's language
    holder = issue(SIGN, key_type, iin=user.iin)
    key_path = tmp_path / "sign.p12"
    key_path.write_bytes(holder.p12(PASSWORD, test_ca))
    document = tmp_path / "claim.pdf"
    document.write_bytes(b"%PDF-1.7\n" + "Иск о взыскании".encode() * 500)

    page = desktop_page
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_iin").fill(user.iin)
    page.locator("#id_password").fill("Correct-Horse-42")
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/accounts/profile/")

    page.get_by_role("link", name="Sign a document").click()
    page.get_by_label("Title:").fill("Claim")
    page.set_input_files("#id_file", str(document))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url("**/pki/sign/*/")
    page.set_input_files("#eds-key", str(key_path))
    page.fill("#eds-password", PASSWORD)
    page.get_by_role("button", name="Sign", exact=True).click()
    page.locator(".signature-valid").wait_for()
    assert user.iin in page.locator(".signature-status").inner_text()
    assert SigningRequest.objects.get(owner=user).status == "signed"
