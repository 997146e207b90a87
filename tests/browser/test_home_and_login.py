import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def switch_language(page, code: str) -> None:
    page.select_option("#language-select", code)
    page.locator(".language-switch button").click()
    page.wait_for_selector(f"html[lang={code}]")


def demo_litigant(settings, tmp_path) -> dict:
    settings.VAR_DIR = tmp_path
    call_command("demo_data", "--quiet")
    entries = json.loads((tmp_path / "demo" / "credentials.json").read_text())
    return next(e for e in entries if e["role"] == "litigant")


def test_phone_home_switch_language_and_log_in(phone_page, live_server, settings, tmp_path):
    litigant = demo_litigant(settings, tmp_path)
    page = phone_page
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert "Судебный кабинет" in page.locator("h1").inner_text()
    assert no_horizontal_scroll(page)
    # The first Tab lands on the skip link, which jumps to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator("main#content").count() == 1

    switch_language(page, "kk")
    assert "Сот кабинеті" in page.locator("h1").inner_text()
    assert no_horizontal_scroll(page)

    switch_language(page, "en")
    assert "Judicial Account" in page.locator("h1").inner_text()

    # The choice is remembered on the next visit.
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("link", name="Log in").first.click()
    page.get_by_label("IIN:", exact=True).fill(litigant["iin"])
    page.get_by_label("Password:", exact=True).fill(litigant["password"])
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url("**/accounts/profile/")
    assert litigant["iin"] in page.locator("main").inner_text()
    assert litigant["name"] in page.locator("main").inner_text()
    assert no_horizontal_scroll(page)


def test_phone_login_error_is_announced(phone_page, live_server):
    page = phone_page
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_iin").fill("123456789012")
    page.locator("#id_password").fill("whatever")
    page.locator("#id_password").press("Enter")
    page.get_by_role("alert").wait_for()
    assert page.locator("#id_iin").get_attribute("aria-invalid") == "true"


def test_desktop_home_shows_services_in_columns(desktop_page, live_server, tmp_path):
    page = desktop_page
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/")
    cards = page.locator(".card")
    assert cards.count() == 5
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert first["y"] == second["y"]  # side by side on a wide screen
    assert no_horizontal_scroll(page)
    page.screenshot(path=str(tmp_path / "home-desktop.png"), full_page=True)
    assert (tmp_path / "home-desktop.png").stat().st_size > 10_000
