"""Full-text search over judicial acts: the one interface every search backend implements.

PostgreSQL stays the source of truth. A backend holds a derived index that one writer (the
search queue, concurrency 1) feeds in batches: `index()` and `delete()` stage changes, and
`commit()` makes a whole batch visible at once. Every web process reads the same index through
`backend()`.

Access is part of the query. Each document carries an `Audience`. A query sees only documents
of its own audience, and a backend refuses to put a document into the public audience unless
the act is published and depersonalised.

The query syntax is deliberately small (see `parse_query_text`): plain words (all must match,
any inflection), "quoted phrases" and case numbers such as 2-1234/2026. Everything else a user
may type (operators, field prefixes, brackets, stray quotes) is read as plain words, so no input
can make a search fail.
"""

from __future__ import annotations

import enum
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured
from django.utils.safestring import SafeString

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
# Pages are served only within the first MAX_RESULT_WINDOW results (as OpenSearch's
# index.max_result_window): deeper pages come back empty instead of making the engine
# collect and sort millions of hits. A user that far down should narrow the query.
MAX_RESULT_WINDOW = 10_000
MAX_QUERY_CHARS = 1_000
MAX_QUERY_TERMS = 32

FACET_FIELDS = ("court", "region", "instance", "category", "kind", "outcome")


class Audience(enum.StrEnum):
    """Who a document is indexed for, and so who may find it."""

    PUBLIC = "public"  # the register: published, depersonalised acts, anyone may search
    JUDICIARY = "judiciary"  # judges' case-law search: signed acts, not necessarily public


class Sort(enum.StrEnum):
    RELEVANCE = "relevance"  # BM25; with no words typed, the newest first
    NEWEST = "newest"
    OLDEST = "oldest"


@dataclass(frozen=True)
class SearchDocument:
    """One act as the index sees it. Codes (court, region, ...) are stable identifiers, not
    display names, so the filters and facets survive a court being renamed."""

    id: str
    text: str
    audience: Audience
    published: bool = False
    depersonalised: bool = False
    title: str = ""
    case_number: str = ""
    court: str = ""
    region: str = ""
    instance: str = ""
    category: str = ""
    judges: tuple[str, ...] = ()
    kind: str = ""
    outcome: str = ""
    issued: date | None = None


@dataclass(frozen=True)
class Filters:
    """Each field lists accepted values (any of them matches); empty means no restriction.
    The issued range is inclusive at both ends."""

    court: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    instance: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    judge: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    outcome: tuple[str, ...] = ()
    issued_from: date | None = None
    issued_to: date | None = None

    def terms(self) -> dict[str, tuple[str, ...]]:
        """The term filters that are set, by the name of the indexed field."""
        by_field = {
            "court": self.court,
            "region": self.region,
            "instance": self.instance,
            "category": self.category,
            "judges": self.judge,
            "kind": self.kind,
            "outcome": self.outcome,
        }
        return {name: values for name, values in by_field.items() if values}


@dataclass(frozen=True)
class SearchQuery:
    """What the user asked for. Out-of-range paging is clamped, never rejected: page < 1 is
    the first page and page_size is kept within 1..MAX_PAGE_SIZE."""

    audience: Audience
    q: str = ""
    filters: Filters = field(default_factory=Filters)
    sort: Sort = Sort.RELEVANCE
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    facets: bool = True

    @property
    def limit(self) -> int:
        return min(max(self.page_size, 1), MAX_PAGE_SIZE)

    @property
    def offset(self) -> int:
        return (max(self.page, 1) - 1) * self.limit


@dataclass(frozen=True)
class Hit:
    id: str
    score: float | None  # None when sorted by date
    snippet: SafeString  # escaped text with the matches in <mark>
    title: str
    case_number: str
    court: str
    region: str
    instance: str
    category: str
    judges: tuple[str, ...]
    kind: str
    outcome: str
    issued: date | None


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    total: int
    page: int
    page_size: int
    facets: Mapping[str, list[FacetCount]]

    @property
    def has_next(self) -> bool:
        shown_up_to = self.page * self.page_size
        return shown_up_to < min(self.total, MAX_RESULT_WINDOW)


class Backend(Protocol):
    def index(self, docs: Iterable[SearchDocument]) -> None:
        """Stage documents; one with the same id and audience as an indexed one replaces it."""

    def delete(self, ids: Iterable[str], *, audience: Audience | None = None) -> None:
        """Stage removal of these ids from one audience, or from all when audience is None."""

    def commit(self) -> None:
        """Make everything staged durable and visible to searches, all at once."""

    def reload(self) -> None:
        """Make this process see the latest commit now rather than after a short delay."""

    def search(self, query: SearchQuery) -> SearchResult: ...

    def close(self) -> None:
        """Drop uncommitted changes and release the writer's lock and memory."""


# --- query syntax, shared by every backend ---------------------------------------------

_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"'})
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—−", "-"))
_PHRASE = re.compile(r'"([^"]*)"')
# 2-1234/2026, 5-204/2017, 5-1576/17-7, 2а-15/2024, 7594-26-00-2/1234: digit groups joined
# by - or /, each group optionally followed by one letter.
_CASE_NUMBER = re.compile(r"\d+[a-zа-яё]?(?:[-/]\d+[a-zа-яё]?)+")
_OPERATORS = frozenset({"AND", "OR", "NOT", "&&", "||"})


@dataclass(frozen=True)
class ParsedText:
    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    case_numbers: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phrases or self.case_numbers)


def case_number_key(case_number: str) -> str:
    """The form case numbers are compared in: lower case, plain hyphens, no spaces or №."""
    return "".join(case_number.translate(_DASHES).lower().replace("№", "").split())


def parse_query_text(q: str) -> ParsedText:
    """Split what the user typed into words, "phrases" and case numbers.

    An unmatched quote is ignored. Boolean operators are dropped: every word must match
    anyway. Words are returned as typed; each backend analyses them with its own stemmer.
    Only the first MAX_QUERY_CHARS characters and MAX_QUERY_TERMS terms count.
    """
    text = q[:MAX_QUERY_CHARS].translate(_QUOTES).translate(_DASHES)
    phrases = [p.strip() for p in _PHRASE.findall(text) if p.strip()]
    rest = _PHRASE.sub(" ", text).replace('"', " ")
    words: list[str] = []
    case_numbers: list[str] = []
    for chunk in rest.split():
        if chunk in _OPERATORS:
            continue
        bare = chunk.strip("№.,;:()[]{}<>!?'")
        if _CASE_NUMBER.fullmatch(bare.lower()):
            case_numbers.append(case_number_key(bare))
        else:
            words.append(chunk)
    return ParsedText(
        words=tuple(words[:MAX_QUERY_TERMS]),
        phrases=tuple(phrases[:MAX_QUERY_TERMS]),
        case_numbers=tuple(case_numbers[:MAX_QUERY_TERMS]),
    )


# --- the configured backend -------------------------------------------------------------

_BACKEND_CLASSES = {
    "tantivy": "acts_registry.search.tantivy_backend.TantivyBackend",
}
_open_backends: dict[tuple[str, Path], Backend] = {}
_open_lock = threading.Lock()


def backend() -> Backend:
    """The backend named by settings.SEARCH_BACKEND over settings.SEARCH_INDEX_DIR, opened
    once per process."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    name = getattr(settings, "SEARCH_BACKEND", "tantivy")
    default_dir = Path(settings.BASE_DIR) / "var" / "search"
    path = Path(getattr(settings, "SEARCH_INDEX_DIR", default_dir))
    if name not in _BACKEND_CLASSES:
        known = ", ".join(sorted(_BACKEND_CLASSES))
        raise ImproperlyConfigured(f"SEARCH_BACKEND={name!r} is not one of: {known}.")
    with _open_lock:
        opened = _open_backends.get((name, path))
        if opened is None:
            opened = import_string(_BACKEND_CLASSES[name])(path)
            _open_backends[(name, path)] = opened
        return opened


def public_audience_violations(docs: Sequence[SearchDocument]) -> list[str]:
    """Ids of public documents that are not both published and depersonalised."""
    return [
        doc.id
        for doc in docs
        if doc.audience == Audience.PUBLIC and not (doc.published and doc.depersonalised)
    ]
