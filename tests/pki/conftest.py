import pytest


@pytest.fixture(autouse=True)
def _trust_test_ca(trust_test_ca):
    """Every test here trusts the test CA."""
