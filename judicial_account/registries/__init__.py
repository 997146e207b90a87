"""Adapters to state registries: population (IIN), legal entities (BIN) and mobile numbers.

Callers use the functions below; which backend answers is chosen by REGISTRIES_BACKEND.
The local backend answers from a data file shipped with the code, the way the real
registries answer: a found record, or "not found".
"""

from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from judicial_account.registries.base import (
    LegalEntityRecord,
    PersonRecord,
    RegistryBackend,
    RegistryUnavailable,
)

__all__ = [
    "LegalEntityRecord",
    "PersonRecord",
    "RegistryUnavailable",
    "backend",
    "person_lookup",
    "legal_entity_lookup",
    "mobile_number_lookup",
]


@cache
def _backend_for(name: str) -> RegistryBackend:
    if name == "local":
        from judicial_account.registries.local import LocalRegistryBackend

        return LocalRegistryBackend()
    raise ImproperlyConfigured(f"Unknown REGISTRIES_BACKEND {name!r}")


def backend() -> RegistryBackend:
    return _backend_for(settings.REGISTRIES_BACKEND)


def person_lookup(iin: str) -> PersonRecord | None:
    return backend().person(iin)


def legal_entity_lookup(bin_: str) -> LegalEntityRecord | None:
    return backend().legal_entity(bin_)


def mobile_number_lookup(iin: str) -> str | None:
    return backend().mobile_number(iin)
