"""An empty secret in the environment (a copied .env.example) is treated as unset, so the
production guards still refuse to start."""

from tests.core.test_settings import run_manage

PRODUCTION = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "court.example.kz",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "PAYMENTS_CALLBACK_SECRET": "a-long-random-gateway-secret-0123456789",
}


def test_empty_secret_key_is_refused():
    result = run_manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_empty_payment_secret_is_refused():
    result = run_manage("check", **{**PRODUCTION, "PAYMENTS_CALLBACK_SECRET": ""})
    assert result.returncode != 0 and "PAYMENTS_CALLBACK_SECRET" in result.stderr


def test_jitsi_without_its_secret_is_refused():
    result = run_manage("check", **{**PRODUCTION, "VIDEO_BACKEND": "jitsi", "VIDEO_JWT_SECRET": ""})
    assert result.returncode != 0 and "VIDEO_JWT_SECRET" in result.stderr
