"""Reads for the public register: the search over the PUBLIC audience, display names for the
codes the index returns, and the rows of a result page. Pages and the API both use these.

The index may lag the database by a drain: a hit whose act the public may no longer see
(overturned a moment ago, say) is dropped from the page rather than shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.utils.safestring import SafeString

from acts_registry import access
from acts_registry.models import Act, ActKind, Outcome
from acts_registry.search import (
    FACET_FIELDS,
    MAX_PAGE_SIZE,
    MAX_RESULT_WINDOW,
    Audience,
    Filters,
    Hit,
    SearchQuery,
    SearchResult,
    Sort,
    backend,
)
from cases.models import CaseCategory, Court, Instance, Region

# A page number beyond this can never hold results (MAX_RESULT_WINDOW at one per page).
MAX_PAGE = MAX_RESULT_WINDOW


@dataclass(frozen=True)
class FacetChoice:
    value: str
    name: str
    count: int


@dataclass(frozen=True)
class Row:
    """One result as the register shows it."""

    id: int
    hit: Hit
    case_number: str
    court_name: str
    region_name: str
    category_name: str
    judge_names: str
    kind_name: str
    outcome_name: str
    issued_on: date | None
    title: str

    @property
    def snippet(self) -> SafeString:
        return self.hit.snippet


def register_search(
    *,
    q: str = "",
    filters: Filters | None = None,
    sort: Sort = Sort.RELEVANCE,
    page: int = 1,
    page_size: int = 20,
    audience: Audience = Audience.PUBLIC,
) -> SearchResult:
    """Search one audience: PUBLIC for the register, JUDICIARY for the judges' case-law
    search (the caller has checked access.may_search_case_law)."""
    query = SearchQuery(
        audience=audience,
        q=q,
        filters=filters or Filters(),
        sort=sort,
        page=min(max(page, 1), MAX_PAGE),
        page_size=min(max(page_size, 1), MAX_PAGE_SIZE),
    )
    return backend().search(query)


def result_rows(result: SearchResult, allowed=None) -> list[Row]:
    """The hits with their acts' display names, in the engine's order, in one query. Only
    acts in `allowed` (default: the public's) are kept, whatever the index says."""
    ids = [int(hit.id) for hit in result.hits if hit.id.isdigit()]
    fields = ("pk", "court_name", "region_name", "category_name", "judge_names", "title")
    allowed = access.public_acts() if allowed is None else allowed
    acts = {values["pk"]: values for values in allowed.filter(pk__in=ids).values(*fields)}
    kinds, outcomes = dict(ActKind.choices), dict(Outcome.choices)
    rows = []
    for hit in result.hits:
        act = acts.get(int(hit.id)) if hit.id.isdigit() else None
        if act is None:
            continue
        rows.append(
            Row(
                id=act["pk"],
                hit=hit,
                case_number=hit.case_number,
                court_name=act["court_name"],
                region_name=act["region_name"],
                category_name=act["category_name"],
                judge_names=act["judge_names"],
                kind_name=str(kinds.get(hit.kind, hit.kind)),
                outcome_name=str(outcomes.get(hit.outcome, hit.outcome)),
                issued_on=hit.issued,
                title=act["title"],
            )
        )
    return rows


def facet_choices(result: SearchResult) -> dict[str, list[FacetChoice]]:
    """Facet counts with display names instead of codes (one query per named field)."""
    out: dict[str, list[FacetChoice]] = {}
    for name in FACET_FIELDS:
        counts = result.facets.get(name, [])
        names = display_names(name, [c.value for c in counts])
        out[name] = [FacetChoice(c.value, names.get(c.value, c.value), c.count) for c in counts]
    return out


def display_names(field: str, codes: list[str]) -> dict[str, str]:
    """Display names of a filter field's codes in the active language. Courts and
    categories of imported corpora are not in the catalogue; their names come from the
    acts' own snapshot."""
    if not codes:
        return {}
    if field == "instance":
        return {k: str(v) for k, v in Instance.choices}
    if field == "kind":
        return {k: str(v) for k, v in ActKind.choices}
    if field == "outcome":
        return {k: str(v) for k, v in Outcome.choices}
    catalogue = {"court": Court, "region": Region, "category": CaseCategory}.get(field)
    if catalogue is None:
        return {}
    names = {item.code: item.name for item in catalogue.objects.filter(code__in=codes)}
    missing = [code for code in codes if code not in names]
    if missing and field in ("court", "category"):
        names |= _snapshot_names(field, missing)
    return names


SNAPSHOT_NAME_SECONDS = 3600


def _snapshot_names(field: str, codes: list[str]) -> dict[str, str]:
    """Names of codes outside the catalogue, from one act carrying each code: an index
    lookup per code (a DISTINCT over all matching acts took seconds at a million acts, on
    every request), and cached, since a code's name does not change. The code came from the
    public index's facets, so its name is no secret."""
    keys = {f"acts:name:{field}:{code}": code for code in codes}
    cached = cache.get_many(list(keys))
    names = {keys[key]: name for key, name in cached.items()}
    found = {}
    for key, code in keys.items():
        if code in names:
            continue
        # No ORDER BY: any act of the code will do, and the index finds one at once.
        rows = (
            Act.objects.filter(**{f"{field}_code": code})
            .exclude(**{f"{field}_name": ""})
            .order_by()
            .values_list(f"{field}_name", flat=True)[:1]
        )
        names[code] = found[key] = next(iter(rows), code)
    if found:
        cache.set_many(found, SNAPSHOT_NAME_SECONDS)
    return names


def filter_options(field: str) -> list[tuple[str, str]]:
    """Every value a select may offer for `field`, with its display name."""
    if field == "instance":
        return [(k, str(v)) for k, v in Instance.choices]
    if field == "kind":
        return [(k, str(v)) for k, v in ActKind.choices]
    if field == "outcome":
        return [(k, str(v)) for k, v in Outcome.choices]
    return []
