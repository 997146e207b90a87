import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ru", "Судебный кабинет"), ("kk", "Сот кабинеті"), ("en", "Judicial Account")],
)
def test_home_in_three_languages(client, language, expected):
    client.cookies["django_language"] = language
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert expected in html
    assert 'href="#content"' in html  # skip link
    assert "<main" in html and "<nav" in html and "<footer" in html


def test_home_lists_public_services_and_login(client):
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    for service in (
        "Register of judicial acts",
        "Verify a judicial act",
        "Find a case",
        "Personal appointment",
        "Evaluation questionnaire",
    ):
        assert service in html
    assert reverse("accounts:login") in html


def test_no_asset_from_another_origin(client):
    html = client.get("/").content.decode()
    assert "//cdn" not in html
    assert 'src="http' not in html and 'href="http' not in html


def test_language_switch_sets_cookie_and_redirects_back(client):
    response = client.post("/language/", {"language": "kk", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert response.cookies["django_language"].value == "kk"


def test_language_switch_refuses_foreign_redirect_and_unknown_language(client):
    response = client.post("/language/", {"language": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert "django_language" not in response.cookies


def test_language_switch_remembered_on_the_account(client):
    user = UserFactory(language="ru")
    client.force_login(user)
    client.post("/language/", {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"


def test_unknown_page_is_a_localised_404(client):
    client.cookies["django_language"] = "ru"
    response = client.get("/no-such-page/")
    assert response.status_code == 404


def test_web_login_for_litigant_reaches_profile(client):
    user = UserFactory()
    response = client.post(reverse("accounts:login"), {"iin": user.iin, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    page = client.get(reverse("accounts:profile"))
    assert user.iin in page.content.decode()


def test_web_login_wrong_password_shows_error_in_users_language(client):
    user = UserFactory()
    client.cookies["django_language"] = "en"
    response = client.post(reverse("accounts:login"), {"iin": user.iin, "password": "bad"})
    assert response.status_code == 200
    assert "Wrong IIN or password." in response.content.decode()


def test_web_login_with_invalid_iin_shows_field_error(client):
    client.cookies["django_language"] = "en"
    response = client.post(reverse("accounts:login"), {"iin": "12345", "password": "x"})
    assert response.status_code == 200
    assert "12 digits" in response.content.decode()


def test_login_next_must_be_local(client):
    user = UserFactory()
    response = client.post(
        reverse("accounts:login") + "?next=https://evil.example/",
        {"iin": user.iin, "password": PASSWORD},
    )
    assert response["Location"] == reverse("accounts:profile")


def test_profile_requires_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_logout_is_post_only(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 302
