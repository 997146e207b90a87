"""The public register of judicial acts: search, an act's page and its public PDF.

Anyone may use these pages; what they show comes only from access.public_acts() and from
the PUBLIC audience of the search index, and an act's page shows only `text_public`.
Every GET parameter is optional and forgiving: a bad date is reported beside its field
and ignored, a junk page number means the first page, one past the results an empty page.
"""

from __future__ import annotations

import logging
import math
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from acts_registry import access
from acts_registry.register_search import (
    MAX_PAGE,
    facet_choices,
    register_search,
    result_rows,
)
from acts_registry.search import MAX_QUERY_CHARS, MAX_RESULT_WINDOW, Audience, Filters, Sort

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
TERM_FILTERS = ("court", "region", "instance", "category", "judge", "kind", "outcome")
MAX_VALUES_PER_FILTER = 20
MAX_VALUE_CHARS = 300
SORT_CHOICES = [
    (Sort.RELEVANCE.value, gettext_lazy("Relevance")),
    (Sort.NEWEST.value, gettext_lazy("Newest first")),
    (Sort.OLDEST.value, gettext_lazy("Oldest first")),
]


class RegisterSearchForm(forms.Form):
    q = forms.CharField(required=False, label=gettext_lazy("Words, a phrase or a case number"))
    issued_from = forms.DateField(required=False, label=gettext_lazy("Issued from"))
    issued_to = forms.DateField(required=False, label=gettext_lazy("Issued to"))
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES, label=gettext_lazy("Sort"))


def _term_values(params, name: str) -> tuple[str, ...]:
    values = [v.strip()[:MAX_VALUE_CHARS] for v in params.getlist(name)]
    return tuple(dict.fromkeys(v for v in values if v))[:MAX_VALUES_PER_FILTER]


def _page_number(raw: str | None) -> int:
    """A page from the URL: anything not a positive number is the first page."""
    try:
        page = int((raw or "1").strip())
    except ValueError:
        return 1
    return min(max(page, 1), MAX_PAGE)


def _page_links(page: int, last: int) -> list[int | None]:
    """Page numbers to link: the first, the last and two either side of the current one;
    None marks a gap."""
    wanted = sorted({1, last, *range(max(page - 2, 1), min(page + 2, last) + 1)})
    links: list[int | None] = []
    for number in wanted:
        if links and number - (links[-1] or 0) > 1:
            links.append(None)
        links.append(number)
    return links


def _query_string(params: dict[str, list[str]], **changes) -> str:
    merged = {**params, **{k: [str(v)] for k, v in changes.items()}}
    return urlencode([(k, v) for k, values in merged.items() for v in values if v])


@require_GET
def register_search_page(request):
    return _search_page(request, audience=Audience.PUBLIC, allowed=access.public_acts())


@login_required
@require_GET
def case_law_search_page(request):
    """The judges' case-law search: the same page over every issued act in full text
    (access.judiciary_acts), for judges, chairmen and analysts only."""
    if not access.may_search_case_law(request.user):
        raise Http404
    return _search_page(request, audience=Audience.JUDICIARY, allowed=access.judiciary_acts())


@login_required
@require_GET
def case_law_act_page(request, pk: int):
    act = access.case_law_act_get(request.user, pk)
    return render(request, "acts_registry/register_act.html", {"act": act, "case_law": True})


def _search_page(request, *, audience: Audience, allowed):
    form = RegisterSearchForm(request.GET)
    form.is_valid()  # errors are shown beside their fields; the valid rest still applies
    data = {name: form.cleaned_data.get(name) for name in form.fields}
    terms = {name: _term_values(request.GET, name) for name in TERM_FILTERS}
    filters = Filters(issued_from=data["issued_from"], issued_to=data["issued_to"], **terms)
    sort = Sort(data["sort"]) if data["sort"] else Sort.RELEVANCE
    q = (data["q"] or "")[:MAX_QUERY_CHARS]
    page = _page_number(request.GET.get("page"))
    result = register_search(
        q=q, filters=filters, sort=sort, page=page, page_size=PAGE_SIZE, audience=audience
    )
    last_page = max(math.ceil(min(result.total, MAX_RESULT_WINDOW) / PAGE_SIZE), 1)

    # The URL's parameters minus the page, for links that change only the page or a filter.
    params = {
        "q": [q],
        **{name: list(values) for name, values in terms.items()},
        "issued_from": [request.GET.get("issued_from", "")[:20]],
        "issued_to": [request.GET.get("issued_to", "")[:20]],
        "sort": [sort.value if data["sort"] else ""],
    }
    facets = facet_choices(result)
    context = {
        "form": form,
        "q": q,
        "terms": terms,
        "sort": sort.value,
        "sort_choices": SORT_CHOICES,
        "result": result,
        "rows": result_rows(result, allowed),
        "case_law": audience == Audience.JUDICIARY,
        "facets": facets,
        "facet_fields": [
            (name, _facet_label(name), facets.get(name, []), terms.get(name, ()))
            for name in ("court", "region", "instance", "category", "kind", "outcome")
        ],
        "page": page,
        "first_number": (page - 1) * PAGE_SIZE + 1,
        "last_page": last_page,
        "past_the_end": result.total > 0 and page > last_page,
        "page_links": _page_links(min(page, last_page), last_page),
        "base_query": _query_string(params),
        "has_filters": any(terms.values()) or bool(data["issued_from"] or data["issued_to"]),
    }
    return render(request, "acts_registry/register_search.html", context)


def _facet_label(name: str) -> str:
    return {
        "court": _("Court"),
        "region": _("Region"),
        "instance": _("Instance"),
        "category": _("Category"),
        "kind": _("Kind of act"),
        "outcome": _("Outcome"),
    }[name]


@require_GET
def register_act_page(request, pk: int):
    act = access.public_act_get(pk)
    return render(request, "acts_registry/register_act.html", {"act": act})


@require_GET
def register_act_pdf(request, pk: int):
    """The register's copy of the act (depersonalised text, sealed). Made on the first
    download when the act has none yet (imported acts, for one)."""
    return public_pdf_response(access.public_act_get(pk))


def public_pdf_response(act) -> HttpResponse:
    """The public copy of a public act (the register's and the verification page's download),
    made now if missing. The caller has checked that the act is public."""
    from acts_registry.pdf import ActPdfError, public_pdf_ensure

    if not act.pdf_public:
        try:
            act = public_pdf_ensure(act)
        except ActPdfError:
            raise Http404 from None
        except Exception:
            # A missing seal or an engine failure must not become a 500 for the public.
            logger.exception("register.public_pdf_failed", extra={"act_id": act.pk})
            return HttpResponse(
                _("The PDF of this act cannot be made right now. Please try again later."),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
    return FileResponse(
        act.pdf_public.open("rb"),
        content_type="application/pdf",
        filename=f"act-{act.verification_code or act.pk}.pdf",
    )
