"""The situation center: every indicator computes on a small world with known figures, at
each level; access role by role; bad input answered with stable codes; the page, its
exports and the API."""

import pytest

from analytics.indicators import BY_CODE, INDICATORS
from analytics.situation import Level, Scope, default_period
from tests.analytics.situation_support import EXPECTED_AT_D, world_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return world_make()


def test_at_least_thirty_indicators_each_with_a_test_figure():
    assert len(INDICATORS) >= 30
    assert set(EXPECTED_AT_D) == set(BY_CODE)


def test_every_indicator_at_court_level(world):
    scope = Scope(Level.COURT, world.court)
    period = default_period()
    got = {i.code: i.value(scope, period) for i in INDICATORS}
    assert got == pytest.approx(EXPECTED_AT_D, abs=0.01)
