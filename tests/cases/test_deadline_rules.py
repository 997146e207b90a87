import dataclasses
from datetime import date

import pytest
from django.utils import translation

from cases.calendar import add_working_days, is_working_day
from cases.deadline_rules import RULES, DeadlineRule, _registry, deadline_due, rule_get

STARTS = [date(2025, 3, 19), date(2025, 12, 29), date(2026, 1, 31), date(2026, 4, 30)]


def rule(**overrides) -> DeadlineRule:
    fields = {
        "code": "test_rule",
        "name": RULES["appeal"].name,
        "days": 5,
        "kind": "working",
        "starts_from": "claim_filed",
        "legal_basis": "CPC RK art. 1",
        "notify_before_days": 1,
    }
    return DeadlineRule(**(fields | overrides))


@pytest.mark.parametrize(
    "code",
    [
        "claim_acceptance",
        "case_preparation",
        "civil_case_hearing",
        "simplified_proceedings",
        "claim_response",
        "appeal",
        "cassation",
        "decision_full_text",
        "conciliation",
    ],
)
def test_registry_has_rule(code):
    assert rule_get(code).code == code


@pytest.mark.parametrize("code", sorted(RULES))
@pytest.mark.parametrize("start", STARTS)
def test_every_rule_is_due_on_a_working_day_after_its_start(code, start):
    due = deadline_due(code, start)
    assert due > start
    assert is_working_day(due)


@pytest.mark.parametrize("code", sorted(RULES))
@pytest.mark.parametrize("start", STARTS)
def test_reminders_start_after_the_term_does(code, start):
    due = deadline_due(code, start)
    assert add_working_days(due, -RULES[code].notify_before_days) > start


@pytest.mark.parametrize(
    ("code", "start", "expected"),
    [
        ("claim_acceptance", date(2025, 3, 19), date(2025, 3, 31)),  # across Nauryz
        ("claim_acceptance", date(2025, 12, 29), date(2026, 1, 8)),  # New Year, Christmas
        ("claim_acceptance_conciliation", date(2025, 3, 19), date(2025, 4, 7)),
        ("case_preparation", date(2026, 4, 30), date(2026, 6, 3)),  # May holidays, Kurban Ait
        ("civil_case_hearing", date(2025, 3, 19), date(2025, 5, 19)),
        ("civil_case_hearing", date(2025, 12, 29), date(2026, 3, 2)),  # 28 Feb is a Saturday
        ("civil_case_hearing_expedited", date(2026, 1, 31), date(2026, 3, 2)),
        ("simplified_proceedings", date(2026, 4, 30), date(2026, 6, 1)),  # 30 May: Saturday
        ("claim_response", date(2025, 12, 29), date(2026, 1, 15)),
        ("conciliation", date(2026, 5, 20), date(2026, 6, 11)),  # Kurban Ait
        ("decision_full_text", date(2026, 4, 30), date(2026, 5, 12)),
        ("appeal", date(2025, 1, 31), date(2025, 2, 28)),  # last day of a shorter month
        ("appeal", date(2025, 2, 21), date(2025, 3, 26)),  # 21 March: Nauryz
        ("appeal", date(2026, 1, 31), date(2026, 3, 2)),
        ("cassation", date(2025, 3, 19), date(2025, 9, 19)),
        ("cassation", date(2025, 9, 23), date(2026, 3, 26)),  # 23 March 2026: Nauryz
    ],
)
def test_deadline_due(code, start, expected):
    assert deadline_due(code, start) == expected


def test_registry_keys_are_rule_codes():
    assert {key: value.code for key, value in RULES.items()} == {key: key for key in RULES}


def test_unknown_rule_raises_key_error_naming_it():
    with pytest.raises(KeyError, match="Unknown deadline rule 'no_such_rule'"):
        rule_get("no_such_rule")


def test_deadline_due_for_unknown_rule_raises_key_error():
    with pytest.raises(KeyError, match="no_such_rule"):
        deadline_due("no_such_rule", date(2025, 3, 19))


def test_rule_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        RULES["appeal"].days = 60


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"kind": "business"}, id="unknown-kind"),
        pytest.param({"days": 0}, id="no-length"),
        pytest.param({"days": 5, "months": 1, "kind": "calendar"}, id="days-and-months"),
        pytest.param({"days": 0, "months": 1}, id="working-months"),
        pytest.param({"starts_from": "lunch"}, id="unknown-event"),
        pytest.param({"notify_before_days": -1}, id="negative-notice"),
    ],
)
def test_malformed_rule_is_refused(overrides):
    with pytest.raises(ValueError, match="test_rule"):
        rule(**overrides)


def test_duplicate_code_is_refused():
    with pytest.raises(ValueError, match="defined twice"):
        _registry(rule(), rule())


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "File an appeal"),
        ("ru", "Подать апелляционную жалобу"),
        ("kk", "Апелляциялық шағым беру"),
    ],
    ids=["en", "ru", "kk"],
)
def test_rule_name_is_translated(language, expected):
    with translation.override(language):
        assert str(RULES["appeal"].name) == expected
