"""Fixtures of the analytics tests: the acts tests' courts, judges, parties, first-instance
case and `act_make` (see tests/acts_registry/conftest.py) are reused as they are."""

from tests.acts_registry.conftest import (  # noqa: F401  (fixtures)
    act_make,
    defendant,
    district_court,
    first_case,
    judge_appeal,
    judge_cassation,
    judge_first,
    loans,
    plaintiff,
    regional_court,
    supreme_court,
)
