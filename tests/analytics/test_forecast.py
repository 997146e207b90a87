"""Outcome forecast: the answer's shape (calibrated probabilities, drivers, similar acts,
disclaimer), the awarded share, the log and "analytics consulted", access role by role,
bad input, the pages and "mark as wrong"."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from analytics.forecast import DISCLAIMER, awarded_share
from analytics.models import AIInteraction
from tests.analytics.corpus_support import corpus_make, index_and_embed, other_case
from tests.analytics.forecast_support import (  # noqa: F401  (fixtures)
    LOAN_TEXT,
    analytics_dir_fixture,
    outcome_model_fixture,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/analytics/forecast/"


@pytest.fixture
def corpus(act_make, district_court, loans):
    made = corpus_make(act_make, other_case(district_court, loans))
    index_and_embed(*[act for acts in made.values() for act in acts])
    return made


def test_a_text_gets_probabilities_reasons_similar_acts_and_a_disclaimer(
    api_client, outcome_model, corpus
):
    user = UserFactory()
    api_client.force_authenticate(user)

    response = api_client.post(URL, {"text": LOAN_TEXT}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert set(body["probabilities"]) == {"granted", "denied", "partially_granted"}
    assert abs(sum(body["probabilities"].values()) - 1) < 1e-3
    assert body["most_frequent"] == "granted"
    assert body["drivers"] and all(d["weight"] > 0 for d in body["drivers"])
    assert body["similar"] and body["disclaimer"] == str(DISCLAIMER)
    assert body["model"] == {"name": "outcome", "version": outcome_model.version}
    logged = AIInteraction.objects.get(pk=body["interaction_id"])
    assert logged.kind == "forecast" and logged.user == user
    assert logged.output["probabilities"] == body["probabilities"]


def test_anonymous_visitors_get_no_forecast(api_client, outcome_model):
    response = api_client.post(URL, {"text": LOAN_TEXT}, format="json")

    assert response.status_code in (401, 403)


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"text": ""}, "empty_text"),
        ({"text": "   "}, "empty_text"),
        ({"text": "долг " * 30_000}, "text_too_long"),
        ({"text": "ქართული ტექსტი სასამართლო"}, "unsupported_script"),
        ({"text": "12345 !!!"}, "no_words"),
        ({}, "text_or_case"),
        ({"text": LOAN_TEXT, "case_id": 1}, "text_or_case"),
        ({"text": LOAN_TEXT, "model": "no-such-model"}, "unknown_model"),
        ({"text": LOAN_TEXT, "model": "../../etc"}, "unknown_model"),
    ],
)
def test_bad_input_is_a_clear_400(api_client, outcome_model, payload, code):
    api_client.force_authenticate(UserFactory())

    response = api_client.post(URL, payload, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == code


def test_without_a_trained_model_the_answer_says_so(api_client, analytics_dir):
    api_client.force_authenticate(UserFactory())

    response = api_client.post(URL, {"text": LOAN_TEXT}, format="json")

    assert (response.status_code, response.json()["code"]) == (400, "unknown_model")


@pytest.mark.parametrize(
    ("who", "status"),
    [("plaintiff", 200), ("defendant", 200), ("judge_first", 200), ("stranger", 404)],
)
def test_a_case_forecast_is_for_those_who_may_read_the_case(
    request, api_client, outcome_model, corpus, first_case, who, status
):
    user = UserFactory() if who == "stranger" else request.getfixturevalue(who)
    api_client.force_authenticate(user)

    response = api_client.post(URL, {"case_id": first_case.pk}, format="json")

    assert response.status_code == status


def test_the_case_judge_viewing_a_forecast_marks_analytics_consulted(
    api_client, outcome_model, corpus, first_case, judge_first, plaintiff
):
    api_client.force_authenticate(plaintiff)
    api_client.post(URL, {"case_id": first_case.pk}, format="json")
    assert not first_case.events.filter(kind="analytics.consulted").exists()

    api_client.force_authenticate(judge_first)
    api_client.post(URL, {"case_id": first_case.pk}, format="json")

    assert first_case.events.filter(kind="analytics.consulted", actor=judge_first).exists()


def test_the_awarded_share_comes_from_granted_acts_with_both_amounts(act_make, first_case):
    acts = [
        act_make(outcome="granted", awarded_amount=500_000),
        act_make(outcome="partially_granted", awarded_amount=250_000),
        act_make(outcome="partially_granted", awarded_amount=400_000),
        act_make(outcome="denied", awarded_amount=None),
        act_make(outcome="granted", awarded_amount=None),
    ]

    share = awarded_share([act.pk for act in acts])

    assert (share.median, share.acts) == (0.8, 3)
    assert share.low <= share.median <= share.high
    assert awarded_share([acts[0].pk, acts[3].pk]) is None


def test_the_page_needs_a_login_and_shows_the_forecast_with_the_disclaimer(
    client, outcome_model, corpus
):
    page = reverse("analytics_web:forecast")
    anonymous = client.get(page)
    client.force_login(UserFactory())

    with override("ru"):
        answered = client.post(page, {"text": LOAN_TEXT})

    assert anonymous.status_code == 302
    assert answered.status_code == 200
    with override("ru"):
        assert str(DISCLAIMER) in answered.content.decode()


def test_the_page_answers_bad_text_with_the_field_in_error(client, outcome_model):
    client.force_login(UserFactory())

    response = client.post(reverse("analytics_web:forecast"), {"text": ""})

    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


def test_the_case_page_links_to_the_forecast_and_the_judge_marks_it_wrong(
    client, outcome_model, corpus, first_case, judge_first
):
    client.force_login(judge_first)
    case_page = client.get(reverse("cases:detail", args=[first_case.pk]))
    forecast_page = client.get(reverse("analytics_web:forecast_case", args=[first_case.pk]))
    interaction = AIInteraction.objects.filter(kind="forecast", case=first_case).get()

    marked = client.post(
        reverse("analytics_web:forecast_answer_wrong", args=[interaction.pk]),
        {"feedback": "суд учтет иные доказательства"},
    )

    forecast_url = reverse("analytics_web:forecast_case", args=[first_case.pk])
    assert forecast_url in case_page.content.decode()
    assert forecast_page.status_code == 200
    assert marked.status_code == 302
    interaction.refresh_from_db()
    assert interaction.marked_wrong_by == judge_first
    assert interaction.feedback == "суд учтет иные доказательства"


def test_a_stranger_cannot_open_a_case_forecast_page(client, outcome_model, first_case):
    client.force_login(UserFactory())

    response = client.get(reverse("analytics_web:forecast_case", args=[first_case.pk]))

    assert response.status_code == 404
