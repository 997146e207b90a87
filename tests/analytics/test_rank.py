"""Generic ranking (API and analytics_rank) and the trace through instances."""

import json

import pytest
from django.core.management import call_command

from acts_registry.models import ActStatus, Outcome
from cases.models import Instance
from tests.acts_registry.registry_support import public_fields
from tests.analytics.corpus_support import other_case

pytestmark = pytest.mark.django_db

QUERY = "Взыскание долга по договору займа"
CLOSE = "Истец просит взыскать с ответчика сумму займа и проценты."
FAR = "Супруги просят расторгнуть брак и определить место жительства ребенка."


def test_rank_scores_the_closer_text_higher_in_the_candidates_order(api_client, plaintiff):
    api_client.force_authenticate(plaintiff)

    response = api_client.post(
        "/api/v1/analytics/rank/", {"query": QUERY, "candidates": [FAR, CLOSE]}, format="json"
    )

    assert response.status_code == 200
    far, close = response.json()["scores"]
    assert close > far


def test_rank_needs_an_account_and_sane_candidates(api_client, plaintiff):
    anonymous = api_client.post(
        "/api/v1/analytics/rank/", {"query": QUERY, "candidates": [CLOSE]}, format="json"
    )
    api_client.force_authenticate(plaintiff)
    none = api_client.post(
        "/api/v1/analytics/rank/", {"query": QUERY, "candidates": []}, format="json"
    )
    empty = api_client.post(
        "/api/v1/analytics/rank/", {"query": QUERY, "candidates": [""]}, format="json"
    )

    assert anonymous.status_code in (401, 403)
    assert none.json()["code"] == "too_many_candidates"
    assert empty.json()["code"] == "empty_text"


def test_the_command_writes_one_line_per_input_line_even_for_bad_ones(tmp_path):
    source, sink = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(
        json.dumps({"id": "a", "query": QUERY, "candidates": [FAR, CLOSE]}, ensure_ascii=False)
        + "\n"
        + json.dumps({"id": "b", "query": "", "candidates": [CLOSE]})
        + "\nnot json\n"
    )

    call_command("analytics_rank", str(source), str(sink))

    lines = [json.loads(line) for line in sink.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["a", "b", None]
    assert lines[0]["scores"][1] > lines[0]["scores"][0]
    assert lines[1]["scores"] is None and lines[2]["scores"] is None


@pytest.fixture
def appealed(act_make, first_case, regional_court, loans, judge_appeal):
    first = act_make(**public_fields(outcome=Outcome.GRANTED))
    appeal_case = other_case(regional_court, loans)
    appeal_case.parent = first_case
    appeal_case.instance = Instance.APPEAL
    appeal_case.save()
    upheld = act_make(
        case=appeal_case, outcome=Outcome.UPHELD, status=ActStatus.ISSUED, reviewed_act=first
    )
    return first, upheld


def test_trace_shows_each_instance_with_its_outcome_to_a_party(api_client, appealed, plaintiff):
    first, upheld = appealed
    api_client.force_authenticate(plaintiff)

    response = api_client.get(f"/api/v1/analytics/trace/{first.pk}/")

    assert response.status_code == 200
    steps = response.json()["steps"]
    assert [s["instance"] for s in steps][0] == "first"
    assert steps[0]["acts"][0]["outcome"] == "granted" and steps[0]["is_current"]


def test_the_public_sees_only_public_acts_on_the_path(api_client, appealed):
    first, upheld = appealed

    public = api_client.get(f"/api/v1/analytics/trace/{first.pk}/")
    hidden = api_client.get(f"/api/v1/analytics/trace/{upheld.pk}/")

    assert public.status_code == 200
    shown = [a["act_id"] for s in public.json()["steps"] for a in s["acts"]]
    assert shown == [first.pk]
    assert hidden.status_code == 404
