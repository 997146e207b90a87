"""Similar cases: hybrid search over what the asker may read, the API's answers, its bad
input, its log, and the access rules of the AI endpoints."""

import datetime as dt

import pytest
from django.utils.translation import override

from acts_registry.models import ActStatus
from analytics.embeddings import current_vectors
from analytics.models import AIInteraction
from analytics.similar import SimilarFilters, similar_acts
from tests.analytics.corpus_support import LOANS, corpus_make, index_and_embed, other_case
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/analytics/similar/"
LOAN_CLAIM = "Прошу взыскать с ответчика долг по договору займа, деньги он так и не вернул."


@pytest.fixture
def corpus(act_make, district_court, loans):
    made = corpus_make(act_make, other_case(district_court, loans))
    index_and_embed(*[act for acts in made.values() for act in acts])
    return made


@pytest.fixture
def hidden_acts(act_make, district_court, loans, corpus):
    """A loan act that is issued but not public, and one of a case heard in camera."""
    issued = act_make(
        status=ActStatus.ISSUED, text=LOANS[0] + " Не опубликовано.", category_code="loans"
    )
    closed_case = other_case(district_court, loans, closed=True)
    closed = act_make(
        case=closed_case,
        status=ActStatus.ISSUED,
        text=LOANS[1] + " Закрытое заседание.",
        category_code="loans",
    )
    index_and_embed(issued, closed)
    return {"issued": issued, "closed": closed}


def test_a_loan_claim_finds_loan_acts_first_with_passage_outcome_and_link(corpus):
    matches = similar_acts(user=None, text=LOAN_CLAIM, k=3)

    assert {m.act_id for m in matches} == {act.pk for act in corpus["loans"]}
    first = matches[0]
    assert first.passage and first.outcome == "granted" and first.outcome_label
    assert first.url == f"/register/{first.act_id}/"
    assert first.issued_on is not None and first.similarity > 0.5
    assert all(m.why == ["meaning", "words"] for m in matches[:1])


def test_the_public_never_gets_unpublished_or_closed_acts(corpus, hidden_acts):
    found = {m.act_id for m in similar_acts(user=None, text=LOAN_CLAIM, k=50)}

    assert hidden_acts["issued"].pk not in found
    assert hidden_acts["closed"].pk not in found


def test_a_party_of_the_case_gets_only_public_acts_too(corpus, hidden_acts, plaintiff):
    found = {m.act_id for m in similar_acts(user=plaintiff, text=LOAN_CLAIM, k=50)}

    assert hidden_acts["issued"].pk not in found


def test_a_judge_searches_issued_acts_but_never_closed_ones(corpus, hidden_acts, judge_first):
    found = {m.act_id for m in similar_acts(user=judge_first, text=LOAN_CLAIM, k=50)}

    assert hidden_acts["issued"].pk in found
    assert hidden_acts["closed"].pk not in found
    assert not current_vectors().filter(act=hidden_acts["closed"]).exists()


def test_filters_by_category_and_dates(corpus):
    by_category = similar_acts(user=None, text=LOAN_CLAIM, filters=SimilarFilters("family"))
    first_loan_only = similar_acts(
        user=None,
        text=LOAN_CLAIM,
        filters=SimilarFilters(date_from=dt.date(2025, 1, 10), date_to=dt.date(2025, 1, 10)),
    )

    assert {m.act_id for m in by_category} == {act.pk for act in corpus["family"]}
    assert [m.act_id for m in first_loan_only] == [corpus["loans"][0].pk]


def test_api_answers_and_logs_the_answer_with_the_model(api_client, corpus):
    response = api_client.post(URL, {"text": LOAN_CLAIM, "k": 2}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert len(body["results"]) == 2 and body["disclaimer"]
    logged = AIInteraction.objects.get(pk=body["interaction_id"])
    assert logged.kind == "similar" and logged.user is None
    assert logged.model_version == body["model"]["version"]
    assert [row[0] for row in logged.output["acts"]] == [r["act_id"] for r in body["results"]]


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"text": ""}, "empty_text"),
        ({"text": "   \n "}, "empty_text"),
        ({"text": "займ " * 25_001}, "text_too_long"),
        ({"text": "12345 -- 678 / 2024"}, "no_words"),
        ({"text": "სარჩელი ვალის დაბრუნების შესახებ"}, "unsupported_script"),
        ({"text": LOAN_CLAIM, "k": 0}, "k_out_of_range"),
        ({"text": LOAN_CLAIM, "k": 51}, "k_out_of_range"),
        ({"k": 5}, "text_or_case"),
        ({"text": LOAN_CLAIM, "case_id": 1}, "text_or_case"),
        (
            {"text": LOAN_CLAIM, "date_from": "2025-02-01", "date_to": "2025-01-01"},
            "bad_date_range",
        ),
        ({"text": LOAN_CLAIM, "date_from": "yesterday"}, "invalid"),
    ],
)
def test_bad_input_is_a_clear_400(api_client, payload, code):
    with override("kk"):
        response = api_client.post(URL, payload, format="json", HTTP_ACCEPT_LANGUAGE="kk")

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["detail"]
    assert not AIInteraction.objects.exists()


def test_similar_for_a_case_needs_access_to_the_case(api_client, corpus, first_case, plaintiff):
    stranger = UserFactory()
    api_client.force_authenticate(stranger)
    refused = api_client.post(URL, {"case_id": first_case.pk}, format="json")
    api_client.force_authenticate(plaintiff)
    allowed = api_client.post(URL, {"case_id": first_case.pk}, format="json")

    assert refused.status_code == 404
    assert allowed.status_code == 200
    found = {r["act_id"] for r in allowed.json()["results"]}
    assert found and found.isdisjoint(a.pk for a in first_case.acts.all())


def test_the_case_judge_asking_marks_analytics_consulted(
    api_client, corpus, first_case, judge_first
):
    api_client.force_authenticate(judge_first)

    response = api_client.post(URL, {"case_id": first_case.pk, "k": 3}, format="json")

    assert response.status_code == 200
    assert first_case.events.filter(kind="analytics.consulted", actor=judge_first).exists()


def test_the_asker_marks_an_answer_wrong_and_nobody_else_may(api_client, corpus, judge_first):
    api_client.force_authenticate(judge_first)
    answer = api_client.post(URL, {"text": LOAN_CLAIM}, format="json").json()
    wrong_url = f"/api/v1/analytics/answers/{answer['interaction_id']}/wrong/"
    api_client.force_authenticate(UserFactory())
    refused = api_client.post(wrong_url, {"feedback": "x"}, format="json")
    api_client.force_authenticate(judge_first)
    marked = api_client.post(wrong_url, {"feedback": "не похоже"}, format="json")

    assert refused.status_code == 404
    assert marked.status_code == 200
    logged = AIInteraction.objects.get(pk=answer["interaction_id"])
    assert logged.marked_wrong_by == judge_first and logged.feedback == "не похоже"


def test_anonymous_callers_are_rate_limited(api_client, corpus):
    statuses = [api_client.post(URL, {"text": ""}, format="json").status_code for _ in range(21)]

    assert statuses[:20] == [400] * 20
    assert statuses[20] == 429


# --- pages --------------------------------------------------------------------------------


def test_the_page_shows_similar_acts_for_a_typed_claim(client, corpus):
    response = client.post("/analytics/similar/", {"text": LOAN_CLAIM, "k": 3})

    assert response.status_code == 200
    assert [m.act_id for m in response.context["matches"]][0] in {a.pk for a in corpus["loans"]}
    assert f'href="/register/{response.context["matches"][0].act_id}/"' in response.text
    assert AIInteraction.objects.filter(kind="similar").count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"text": "", "k": 3}, "text"),
        ({"text": "!!!", "k": 3}, "text"),
        ({"text": "a", "k": 99}, "k"),
    ],
)
def test_the_page_answers_bad_input_with_the_field_in_error(client, data, field):
    response = client.post("/analytics/similar/", data)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'aria-invalid="true"' in response.text


def test_the_case_page_links_to_similar_cases_that_only_its_readers_open(
    client, corpus, first_case, plaintiff
):
    client.force_login(UserFactory())
    refused = client.get(f"/analytics/similar/case/{first_case.pk}/")
    client.force_login(plaintiff)
    case_page = client.get(f"/cases/{first_case.pk}/")
    similar = client.get(f"/analytics/similar/case/{first_case.pk}/")

    assert refused.status_code == 404
    assert f'href="/analytics/similar/case/{first_case.pk}/"' in case_page.text
    assert similar.status_code == 200 and similar.context["matches"]


def test_a_judge_marks_the_page_answer_wrong(client, corpus, first_case, judge_first):
    client.force_login(judge_first)
    client.get(f"/analytics/similar/case/{first_case.pk}/")
    answer = AIInteraction.objects.get()

    response = client.post(
        f"/analytics/similar/answers/{answer.pk}/wrong/", {"feedback": "не те дела"}
    )

    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.marked_wrong_by == judge_first
