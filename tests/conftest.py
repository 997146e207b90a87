import uuid

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # argon2 is deliberately slow; tests hash hundreds of passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _isolated_cache(settings, request):
    # Rate limits and throttles count in Redis, which outlives a test run and is shared by
    # the parallel workers: a fresh key prefix per test keeps each test's counters its own.
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"},
    }


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()
