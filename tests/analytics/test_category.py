"""Category suggestion from a claim text: the neighbours' vote, public acts only, the API."""

import pytest

from acts_registry.models import ActStatus
from analytics.category import suggest_category
from analytics.models import AIInteraction
from tests.analytics.corpus_support import corpus_make, index_and_embed, other_case

pytestmark = pytest.mark.django_db

URL = "/api/v1/analytics/category/"
LABOUR_CLAIM = "Меня незаконно уволили с работы, прошу восстановить и оплатить вынужденный прогул."


@pytest.fixture
def corpus(act_make, district_court, loans):
    made = corpus_make(act_make, other_case(district_court, loans))
    index_and_embed(*[act for acts in made.values() for act in acts])
    return made


def test_the_likeliest_category_comes_first_with_probabilities(corpus):
    suggestions = suggest_category(LABOUR_CLAIM)

    assert suggestions[0].code == "labour"
    assert suggestions[0].probability > 0.5
    assert sum(s.probability for s in suggestions) <= 1.0001
    assert [s.probability for s in suggestions] == sorted(
        (s.probability for s in suggestions), reverse=True
    )


def test_unpublished_acts_do_not_vote(act_make, corpus):
    hidden = act_make(status=ActStatus.ISSUED, text=LABOUR_CLAIM, category_code="secret")
    index_and_embed(hidden)

    assert "secret" not in {s.code for s in suggest_category(LABOUR_CLAIM)}


def test_api_suggests_and_logs_for_anyone(api_client, corpus):
    response = api_client.post(URL, {"text": LABOUR_CLAIM}, format="json")

    assert response.status_code == 200
    assert response.json()["suggestions"][0]["code"] == "labour"
    assert AIInteraction.objects.get(pk=response.json()["interaction_id"]).kind == "category"


@pytest.mark.parametrize(("text", "code"), [("", "empty_text"), ("№ 5", "no_words")])
def test_api_refuses_texts_without_words(api_client, text, code):
    response = api_client.post(URL, {"text": text}, format="json")

    assert response.status_code == 400 and response.json()["code"] == code
