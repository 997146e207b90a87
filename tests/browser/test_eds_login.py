"""EDS login through the real page: the .p12 is opened and the challenge signed by PKI.js
inside Chromium; the portal verifies the CMS and opens the session."""

import pytest

from judicial_account.pki.ca import AUTH, SIGN
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "key-password-1"


@pytest.fixture
def key_file(issue, test_ca, tmp_path, trust_test_ca):
    def make(user, key_type: str, purpose=AUTH):
        holder = issue(purpose, key_type, iin=user.iin)
        path = tmp_path / f"{user.iin}_{purpose.code}_{key_type}.p12"
        path.write_bytes(holder.p12(PASSWORD, test_ca))
        return path

    return make


def eds_login(page, live_server, path, password=PASSWORD) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/accounts/login/")
    page.set_input_files("#eds-key", str(path))
    page.fill("#eds-password", password)
    page.get_by_role("button", name="Log in with EDS").click()


@pytest.mark.parametrize("key_type", ["rsa", "ec"])
def test_eds_login_in_browser(desktop_page, live_server, key_file, key_type):
    user = UserFactory()
    eds_login(desktop_page, live_server, key_file(user, key_type))
    desktop_page.wait_for_url("**/accounts/profile/")
    assert user.iin in desktop_page.locator("main").inner_text()


def test_wrong_key_password_is_told_in_the_page(desktop_page, live_server, key_file):
    user = UserFactory()
    eds_login(desktop_page, live_server, key_file(user, "ec"), password="not-it")
    error = desktop_page.locator("[data-eds-error]")
    error.wait_for(state="visible")
    assert "Wrong password" in error.inner_text()
    assert desktop_page.url.endswith("/accounts/login/")


def test_signing_key_is_refused_by_the_server(desktop_page, live_server, key_file):
    user = UserFactory()
    eds_login(desktop_page, live_server, key_file(user, "rsa", SIGN))
    error = desktop_page.locator("[data-eds-error]")
    error.wait_for(state="visible")
    assert "authentication key" in error.inner_text()
