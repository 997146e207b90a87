import uuid

import pytest

from judicial_account.pki.ca import AUTH, SIGN, CertificateAuthority
from tests.pki_support import Holder, write_holder


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


@pytest.fixture(autouse=True)
def _isolated_search_index(settings, tmp_path_factory):
    # The search index is a directory with one writer: each test gets its own, so no test
    # writes into var/search (a running `make run`'s) or sees another test's documents.
    from acts_registry import search

    path = tmp_path_factory.getbasetemp() / f"search-{uuid.uuid4().hex}"
    settings.SEARCH_INDEX_DIR = path
    yield path
    opened = search._open_backends.pop((settings.SEARCH_BACKEND, path), None)
    if opened is not None:
        opened.close()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture(scope="session")
def test_ca(tmp_path_factory) -> CertificateAuthority:
    ca = CertificateAuthority(
        tmp_path_factory.mktemp("ca"), crl_base_url="http://testserver/pki/crl"
    )
    ca.create()
    return ca


@pytest.fixture(scope="session")
def other_ca(tmp_path_factory) -> CertificateAuthority:
    ca = CertificateAuthority(tmp_path_factory.mktemp("other-ca"))
    ca.create()
    return ca


@pytest.fixture(scope="session")
def issue(test_ca, tmp_path_factory):
    """issue(purpose, key_type, iin=..., **dates) → Holder, from the test CA."""
    directory = tmp_path_factory.mktemp("holders")
    counter = iter(range(10_000))

    def make(purpose=SIGN, key_type="rsa", *, iin="850314300017", ca=None, **kwargs) -> Holder:
        key, cert = (ca or test_ca).issue(
            purpose=purpose, common_name="ТЕСТОВ ТЕСТ", key_type=key_type, iin=iin, **kwargs
        )
        return write_holder(directory, f"h{next(counter)}", key, cert, iin)

    return make


@pytest.fixture(scope="session")
def signer_rsa(issue):
    return issue(SIGN, "rsa")


@pytest.fixture(scope="session")
def signer_ec(issue):
    return issue(SIGN, "ec")


@pytest.fixture(scope="session")
def auth_rsa(issue):
    return issue(AUTH, "rsa")


@pytest.fixture
def trust_test_ca(settings, test_ca):
    """Point the trust store at the test CA."""
    settings.PKI_DIR = test_ca.dir
    settings.PKI_TRUSTED_ROOTS = [str(test_ca.dir / "root.pem")]
    settings.PKI_INTERMEDIATES = [str(test_ca.dir / "issuing.pem")]
    settings.PKI_CRL_FILES = [str(test_ca.dir / "root.crl"), str(test_ca.dir / "issuing.crl")]


@pytest.fixture(scope="session")
def test_seal_dir(test_ca, tmp_path_factory):
    from judicial_account.pki.seals import seals_issue

    directory = tmp_path_factory.mktemp("seals")
    from django.test import override_settings

    with override_settings(PKI_SEAL_DIR=directory):
        seals_issue(test_ca, courts=[("T1", "Казыбекбийский районный суд г. Караганды")])
    return directory


@pytest.fixture
def seals(settings, test_seal_dir, trust_test_ca):
    """The portal's seals and TSA, issued by the test CA (which is trusted)."""
    settings.PKI_SEAL_DIR = test_seal_dir
    settings.PKI_TSA_URL = ""
    return test_seal_dir
