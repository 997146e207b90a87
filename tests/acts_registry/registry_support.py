"""Helpers shared by the register's tests: acts in the states the register cares about,
and searches straight against the configured backend (a fresh index per test, see
tests/conftest.py)."""

from django.utils import timezone

from acts_registry.models import ActStatus
from acts_registry.search import Audience, Filters, SearchQuery, backend

SECRET_NAME = "Тайноватов"


def public_fields(**fields) -> dict:
    """What makes an act public: in force, depersonalised, published."""
    now = timezone.now()
    return {
        "status": ActStatus.IN_FORCE,
        "in_force_on": timezone.localdate(),
        "published_at": now,
        "depersonalised_at": now,
        "text": f"Истец {SECRET_NAME} просит взыскать долг по договору займа.",
        "text_public": "Истец [ФИО-1] просит взыскать долг по договору займа.",
    } | fields


def found_ids(audience: Audience, q: str = "", **filters) -> list[str]:
    result = backend().search(
        SearchQuery(audience=audience, q=q, filters=Filters(**filters), page_size=100)
    )
    return [hit.id for hit in result.hits]
