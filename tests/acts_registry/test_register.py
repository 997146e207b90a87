"""The public register: its search page, an act's page and PDF, and the API, role by role."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from acts_registry.indexing import outbox_drain, outbox_enqueue
from acts_registry.models import ActKind, ActStatus, Outcome
from tests.acts_registry.registry_support import SECRET_NAME, public_fields

pytestmark = pytest.mark.django_db

SEARCH = "/register/"
API = "/api/v1/acts/"


def indexed(*acts):
    for act in acts:
        outbox_enqueue(act.pk)
    outbox_drain()
    return acts


@pytest.fixture
def public_act(act_make):
    (act,) = indexed(act_make(**public_fields(issued_on=date(2025, 3, 14))))
    return act


@pytest.fixture
def hidden_acts(act_make, district_court, loans, judge_first, plaintiff, defendant):
    """An unpublished act, an act not yet in force and an act of a closed case, all of them
    mentioning the word "тайна"."""
    from django.utils import timezone

    from cases.models import PartyRole
    from cases.services import PartyInput, case_register

    closed = case_register(
        court=district_court,
        category=loans,
        subject="Спор о тайне усыновления",
        amount=None,
        filed_at=timezone.now(),
        parties=[
            PartyInput(role=PartyRole.PLAINTIFF, name=plaintiff.full_name, iin=plaintiff.iin),
            PartyInput(role=PartyRole.DEFENDANT, name=defendant.full_name, iin=defendant.iin),
        ],
    )
    closed.is_closed_session = True
    closed.save()
    text = {"text": "Сведения составляют тайна.", "text_public": "Сведения составляют тайна."}
    return indexed(
        act_make(**public_fields(published_at=None, **text)),
        act_make(**public_fields(status=ActStatus.ISSUED, **text)),
        act_make(case=closed, **public_fields(**text)),
    )


# --- the search page ---------------------------------------------------------------------


def test_anyone_finds_a_published_act_with_a_highlighted_snippet(client, public_act):
    response = client.get(SEARCH, {"q": "займу"})

    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("register:act", args=[public_act.pk]) in page
    assert "<mark>займа</mark>" in page
    assert public_act.court_name in page
    assert SECRET_NAME not in page
    assert response.context["result"].total == 1


def test_facets_show_names_with_counts_not_codes(client, public_act):
    response = client.get(SEARCH)

    courts = response.context["facets"]["court"]
    assert [(c.value, c.name, c.count) for c in courts] == [
        (public_act.court_code, public_act.case.court.name, 1)
    ]
    assert f"{public_act.case.court.name} (1)" in response.content.decode()


def test_filters_narrow_the_results(client, act_make):
    first, other = indexed(
        act_make(**public_fields(issued_on=date(2021, 5, 1))),
        act_make(
            **public_fields(
                court_code="OTHER",
                kind=ActKind.RULING,
                outcome=Outcome.DENIED,
                issued_on=date(2024, 5, 1),
            )
        ),
    )

    def ids(**params):
        return [row.id for row in client.get(SEARCH, params).context["rows"]]

    assert ids(court=first.court_code) == [first.pk]
    assert ids(kind=ActKind.RULING) == [other.pk]
    assert ids(outcome=Outcome.GRANTED) == [first.pk]
    assert ids(issued_from="2022-01-01") == [other.pk]
    assert ids(issued_to="2022-01-01") == [first.pk]
    assert sorted(ids(judge=first.judge_names)) == [first.pk, other.pk]
    assert ids(sort="oldest") == [first.pk, other.pk]
    assert ids(sort="newest") == [other.pk, first.pk]


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-3"},
        {"page": "9" * 5000},
        {"q": '"unbalanced AND (title:'},
        {"q": "x" * 5000},
        {"issued_from": "2024-13-45", "issued_to": "not a date"},
        {"sort": "sideways", "court": ""},
    ],
)
def test_junk_parameters_never_fail(client, public_act, params):
    response = client.get(SEARCH, params)

    assert response.status_code == 200


def test_a_bad_date_is_reported_and_ignored(client, public_act):
    response = client.get(SEARCH, {"issued_from": "2024-13-45"})

    assert response.context["form"].errors["issued_from"]
    assert [row.id for row in response.context["rows"]] == [public_act.pk]
    assert 'aria-invalid="true"' in response.content.decode()


def test_pages_have_links_and_a_page_past_the_end_says_so(client, act_make):
    indexed(*[act_make(**public_fields()) for _ in range(25)])

    first = client.get(SEARCH, {"q": "займа"})
    second = client.get(SEARCH, {"q": "займа", "page": 2})
    beyond = client.get(SEARCH, {"q": "займа", "page": 400})

    assert len(first.context["rows"]) == 20
    assert "q=%D0%B7%D0%B0%D0%B9%D0%BC%D0%B0&amp;page=2" in first.content.decode()
    assert len(second.context["rows"]) == 5
    assert 'rel="prev"' in second.content.decode()
    assert beyond.status_code == 200
    assert beyond.context["rows"] == []
    assert beyond.context["past_the_end"] is True


@pytest.mark.parametrize("role", ["anonymous", "plaintiff", "judge_first"])
def test_hidden_acts_are_never_shown_publicly(client, request, hidden_acts, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))

    search = client.get(SEARCH, {"q": "тайна"})
    api = client.get(API, {"q": "тайна"})

    assert search.context["result"].total == 0
    assert api.json()["count"] == 0
    for act in hidden_acts:
        assert client.get(reverse("register:act", args=[act.pk])).status_code == 404
        assert client.get(reverse("register:act_pdf", args=[act.pk])).status_code == 404
        assert client.get(f"{API}{act.pk}/").status_code == 404


def test_an_overturned_act_disappears_from_the_register(client, public_act):
    public_act.status = ActStatus.OVERTURNED
    public_act.save()
    # Even before the drain catches up, the page drops it.
    assert client.get(SEARCH, {"q": "займа"}).context["rows"] == []

    indexed(public_act)
    assert client.get(SEARCH, {"q": "займа"}).context["result"].total == 0


def test_the_home_page_links_to_the_register(client):
    assert f'href="{SEARCH}"' in client.get("/").content.decode()


# --- the act's page and PDF --------------------------------------------------------------


def test_the_act_page_shows_the_depersonalised_text_only(client, public_act):
    response = client.get(reverse("register:act", args=[public_act.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "[ФИО-1]" in page
    assert SECRET_NAME not in page
    assert public_act.case_number in page
    assert f"/verify/{public_act.verification_code}/" in page
    assert reverse("register:act_pdf", args=[public_act.pk]) in page


def test_the_public_pdf_is_served(client, public_act, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    public_act.pdf_public.save("public.pdf", ContentFile(b"%PDF-1.7 public copy"))

    response = client.get(reverse("register:act_pdf", args=[public_act.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 public copy"


def test_a_missing_public_pdf_is_made_on_first_download(
    client, act_make, seals, settings, tmp_path
):
    pytest.importorskip("acts_registry.pdf", reason="the PDF module is not there yet")
    settings.MEDIA_ROOT = tmp_path
    act = act_make(**public_fields(court_code="T1"))

    response = client.get(reverse("register:act_pdf", args=[act.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    act.refresh_from_db()
    assert act.pdf_public_sha256


# --- the API -----------------------------------------------------------------------------


def test_api_lists_acts_with_snippets_and_facets(api_client, public_act):
    response = api_client.get(API, {"q": "займа", "page_size": 5})

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 1
    assert (body["page"], body["page_size"], body["next"], body["previous"]) == (1, 5, None, None)
    (hit,) = body["results"]
    assert hit["id"] == public_act.pk
    assert hit["court"] == public_act.court_code
    assert hit["court_name"] == public_act.court_name
    assert hit["issued_on"] == "2025-03-14"
    assert "<mark>займа</mark>" in hit["snippet"]
    assert hit["score"] > 0
    assert hit["url"].endswith(f"{API}{public_act.pk}/")
    assert body["facets"]["court"] == [
        {"value": public_act.court_code, "name": public_act.case.court.name, "count": 1}
    ]


def test_api_pages_link_to_each_other(api_client, act_make):
    indexed(*[act_make(**public_fields()) for _ in range(3)])

    first = api_client.get(API, {"page_size": 2, "sort": "newest"}).json()
    second = api_client.get(first["next"]).json()

    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert second["previous"].endswith("page=1") or "page=1" in second["previous"]


@pytest.mark.parametrize(
    "params",
    [
        {"page_size": 0},
        {"page_size": 10**9},
        {"page": 0},
        {"page": "abc"},
        {"sort": "sideways"},
        {"issued_from": "2024-13-45"},
        {"issued_from": "2025-01-02", "issued_to": "2025-01-01"},
    ],
)
def test_api_refuses_bad_parameters(api_client, params):
    response = api_client.get(API, params)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["detail"]


def test_api_page_past_the_results_is_empty(api_client, public_act):
    response = api_client.get(API, {"page": 5000})

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_api_detail_has_public_fields_and_no_full_text(api_client, public_act):
    response = api_client.get(f"{API}{public_act.pk}/")

    body = response.json()
    assert response.status_code == 200
    assert body["text_public"] == public_act.text_public
    assert "text" not in body
    assert SECRET_NAME not in response.content.decode()
    assert body["verification_code"] == public_act.verification_code
    assert body["pdf_url"].endswith(reverse("register:act_pdf", args=[public_act.pk]))
    assert body["case_number"] == public_act.case_number


def test_api_detail_of_a_missing_act_is_404(api_client):
    response = api_client.get(f"{API}999999999/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
