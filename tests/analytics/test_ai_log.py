"""The log of AI answers: what is kept, the judge's "consulted" mark, "this is wrong"."""

import pytest

from analytics import ai_log
from analytics.models import AIInteraction

pytestmark = pytest.mark.django_db


def _record(**overrides) -> AIInteraction:
    values = {
        "kind": "similar",
        "user": None,
        "input_text": "взыскание долга по договору займа",
        "model_name": "test-model",
        "model_version": "1",
        "output": {"acts": [1, 2]},
    }
    return ai_log.record(**(values | overrides))


def test_record_keeps_the_hash_of_the_input_never_the_text():
    interaction = _record()
    assert interaction.input_sha256 == ai_log.input_digest("взыскание долга по договору займа")
    assert "займа" not in str(AIInteraction.objects.values().get(pk=interaction.pk))


def test_structured_input_hashes_the_same_whatever_the_key_order():
    assert ai_log.input_digest({"a": 1, "b": 2}) == ai_log.input_digest({"b": 2, "a": 1})


def test_the_case_judge_consulting_marks_the_case_once(first_case, judge_first):
    _record(user=judge_first, case=first_case)
    _record(user=judge_first, case=first_case, kind="forecast")
    assert first_case.events.filter(kind=ai_log.CONSULTED_EVENT).count() == 1


def test_a_party_asking_about_the_case_does_not_mark_it_consulted(first_case, plaintiff):
    _record(user=plaintiff, case=first_case)
    assert not first_case.events.filter(kind=ai_log.CONSULTED_EVENT).exists()


def test_mark_wrong_keeps_the_first_mark_and_the_feedback(judge_first, plaintiff):
    interaction = _record(user=judge_first)
    ai_log.mark_wrong(interaction=interaction, user=judge_first, feedback="  not alike  ")
    again = ai_log.mark_wrong(interaction=interaction, user=plaintiff, feedback="other")
    assert again.marked_wrong_by == judge_first
    assert again.marked_wrong_at is not None
    assert again.feedback == "not alike"
