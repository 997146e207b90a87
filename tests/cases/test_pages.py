import pytest
from django.urls import reverse

from cases.selectors import mask_person_name
from judicial_account.audit.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_case_page_shows_parties_judge_and_history_and_is_audited(register, client):
    plaintiff = UserFactory(language="en")
    case = register(plaintiff=plaintiff)
    client.force_login(plaintiff)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert case.number in html and plaintiff.full_name in html
    assert case.judge.full_name in html
    assert f"Case registered as {case.number}" in html
    assert AuditEntry.objects.filter(action="case.viewed", target_id=str(case.pk)).exists()


def test_my_cases_search_and_filters(register, client):
    plaintiff = UserFactory()
    first = register(plaintiff=plaintiff, subject="Долг по расписке")
    second = register(plaintiff=plaintiff, subject="Неустойка")
    client.force_login(plaintiff)
    html = client.get(reverse("cases:list"), {"q": "расписке"}).content.decode()
    assert first.number in html and second.number not in html
    html = client.get(reverse("cases:list"), {"status": "decided"}).content.decode()
    assert first.number not in html


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("Сулейменова Камила Канатовна", "С*********а К. К."),
        ("Ким Ли", "К*м Л."),
        ("Ли", "Л*и"),
        ("", ""),
    ],
)
def test_names_are_masked(name, masked):
    assert mask_person_name(name) == masked


def test_find_a_case_masks_people_and_hides_closed_cases(register, client, api_client):
    plaintiff = UserFactory(last_name="Сулейменова", first_name="Камила", middle_name="Канатовна")
    open_case = register(plaintiff=plaintiff)
    closed_case = register(plaintiff=plaintiff, is_closed_session=True)
    html = client.get(reverse("find_case"), {"number": open_case.number}).content.decode()
    assert open_case.number in html
    assert "Сулейменова" not in html and "С*********а К. К." in html
    rows = api_client.get("/api/v1/public/cases/", {"number": closed_case.number}).json()
    assert rows == []
    rows = api_client.get("/api/v1/public/cases/", {"number": open_case.number}).json()
    assert [r["number"] for r in rows] == [open_case.number]
    assert all("Сулейменова" not in p["name"] for p in rows[0]["parties"])


@pytest.mark.parametrize("number", ["", "2-", "  ", "x" * 500])
def test_find_a_case_refuses_listing_everything(register, api_client, number):
    register()
    assert api_client.get("/api/v1/public/cases/", {"number": number}).json() == []


def test_api_filter_errors_are_400(api_client):
    api_client.force_authenticate(UserFactory())
    assert api_client.get("/api/v1/cases/", {"mine": "maybe"}).status_code == 400
