"""The search backend on real Russian court acts (ru-court-acts-judgement, 802 acts).

The corpus is read from the shared datasets folder beside the repository; without it these
tests skip, unless REQUIRE_DATASETS=1 makes that a failure.
"""

import json
import os
import re
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from acts_registry import search
from acts_registry.search import (
    MAX_PAGE_SIZE,
    MAX_RESULT_WINDOW,
    Audience,
    Filters,
    SearchDocument,
    SearchQuery,
    Sort,
)
from acts_registry.search.tantivy_backend import TantivyBackend

CORPUS_DIR = Path(__file__).resolve().parents[2].parent / "shared/datasets/ru-court-acts-judgement"
MARKUP = re.compile(r"\\[a-z]+(\{[^}]*\})?")
GEORGIEVSK = "Георгиевский городской суд Ставропольского края в составе:"


@cache
def corpus() -> tuple[dict, ...]:
    rows = []
    for name in ("admin_rallies.jsonl", "criminal_drugs.jsonl"):
        with open(CORPUS_DIR / name, encoding="utf-8") as lines:
            rows.extend(json.loads(line) for line in lines)
    for row in rows:
        row["text"] = MARKUP.sub("", row["text_annotated"])  # the markup leaks the labels
    return tuple(rows)


def as_document(row: dict) -> SearchDocument:
    return SearchDocument(
        id=row["id"],
        text=row["text"],
        audience=Audience.PUBLIC,
        published=True,
        depersonalised=True,
        case_number=row["case_number"] or "",
        court=row["court_raw"] or "",
        category=row["subset"],
        kind=row["doc_type"],
        outcome=row["outcome"],
        issued=date.fromisoformat(row["decision_date"]) if row["decision_date"] else None,
    )


def public(q: str = "", **kwargs) -> SearchQuery:
    return SearchQuery(audience=Audience.PUBLIC, q=q, **kwargs)


def all_ids(backend, q: str, **kwargs) -> list[str]:
    ids: list[str] = []
    for page in range(1, MAX_RESULT_WINDOW // MAX_PAGE_SIZE + 1):
        found = backend.search(public(q, page=page, page_size=MAX_PAGE_SIZE, **kwargs))
        ids.extend(hit.id for hit in found.hits)
        if not found.has_next:
            return ids
    return ids


def text_of(act_id: str) -> str:
    return next(row["text"] for row in corpus() if row["id"] == act_id)


@pytest.fixture(scope="module")
def acts(tmp_path_factory):
    if not CORPUS_DIR.is_dir():
        if os.environ.get("REQUIRE_DATASETS") == "1":
            pytest.fail(f"REQUIRE_DATASETS=1 but the corpus is missing: {CORPUS_DIR.name}")
        pytest.skip("the ru-court-acts-judgement corpus is not beside the repository")
    backend = TantivyBackend(tmp_path_factory.mktemp("acts"))
    backend.index(as_document(row) for row in corpus())
    backend.commit()
    yield backend
    backend.close()


@pytest.fixture
def empty(tmp_path):
    backend = TantivyBackend(tmp_path)
    yield backend
    backend.close()


def act(doc_id: str, text: str, **kwargs) -> SearchDocument:
    fields = {"audience": Audience.PUBLIC, "published": True, "depersonalised": True}
    return SearchDocument(id=doc_id, text=text, **(fields | kwargs))


# --- relevance on the real corpus -------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "act_id"),
    [
        ("5-204/2017", "mitingi/20"),
        ("№ 5-204/2017", "mitingi/20"),
        ("5–204/2017", "mitingi/20"),  # an en dash, as word processors type it
        ("1-77/2015", "papaver/7"),
        ("5-677/17", "mitingi/21"),
        ("5-204/2017 организатором", "mitingi/20"),
    ],
)
def test_case_number_finds_its_act_first(acts, q, act_id):
    found = acts.search(public(q))

    assert found.hits[0].id == act_id
    assert found.hits[0].score > 100


def test_case_number_outranks_acts_that_only_share_its_digits(acts):
    found = acts.search(public("1-77/2015"))

    assert found.hits[0].case_number == "1-77/2015"
    assert all(hit.score < found.hits[0].score for hit in found.hits[1:])


@pytest.mark.parametrize("q", ["митинг", "митингах", "МИТИНГОМ"])
def test_a_form_of_a_word_finds_its_other_forms(acts, q):
    # mitingi/20 says "митинга" and "митинге" but never "митинг" itself.
    assert not re.search(r"(?<!\w)митинг(?!\w)", text_of("mitingi/20"), re.IGNORECASE)

    assert "mitingi/20" in all_ids(acts, q)


def test_heroin_in_the_nominative_finds_acts_that_only_decline_it(acts):
    assert not re.search(r"(?<!\w)героин(?!\w)", text_of("papaver/843"), re.IGNORECASE)

    assert "papaver/843" in all_ids(acts, "героин")


def test_phrase_matches_only_adjacent_words(acts):
    # papaver/4 has both words, never one right after the other.
    assert not re.search(r"незаконн\w*\W+сбыт", text_of("papaver/4"), re.IGNORECASE)
    phrase_ids = all_ids(acts, '"незаконный сбыт"')

    assert "papaver/4" in all_ids(acts, "незаконный сбыт")
    assert "papaver/4" not in phrase_ids
    assert phrase_ids
    assert all(
        re.search(r"(?<!\w)незаконн\w*\W+сбыт", text_of(act_id), re.IGNORECASE)
        for act_id in phrase_ids
    )


def test_snippets_mark_the_matched_forms(acts):
    found = acts.search(public("митинг"))

    assert all("<mark>" in hit.snippet for hit in found.hits)
    assert re.search(r"<mark>митинг\w*</mark>", found.hits[0].snippet, re.IGNORECASE)


# --- filters, facets, order, pages ------------------------------------------------------


def test_court_filter_keeps_that_court_and_its_facet_counts_it(acts):
    everything = acts.search(public())
    filtered = acts.search(public(filters=Filters(court=(GEORGIEVSK,))))

    court_counts = {facet.value: facet.count for facet in everything.facets["court"]}
    assert filtered.total == court_counts[GEORGIEVSK] == 12
    assert {hit.court for hit in filtered.hits} == {GEORGIEVSK}


def test_kind_facets_count_the_whole_corpus(acts):
    found = acts.search(public())

    expected = Counter(row["doc_type"] for row in corpus())
    assert {facet.value: facet.count for facet in found.facets["kind"]} == expected
    assert found.total == len(corpus())


def test_kind_filter_with_words_narrows_and_facets_follow(acts):
    found = acts.search(public("героин", filters=Filters(kind=("PRIGOVOR",))))

    assert found.total > 0
    assert [(facet.value, facet.count) for facet in found.facets["kind"]] == [
        ("PRIGOVOR", found.total)
    ]


def test_date_range_is_inclusive(acts):
    filters = Filters(issued_from=date(2017, 11, 22), issued_to=date(2017, 11, 29))
    ids = all_ids(acts, "", filters=filters)

    expected = {
        row["id"]
        for row in corpus()
        if row["decision_date"] and "2017-11-22" <= row["decision_date"] <= "2017-11-29"
    }
    assert set(ids) == expected
    assert {"mitingi/20", "mitingi/23"} <= expected


def test_sort_by_date_both_ways(acts):
    newest = acts.search(public("суд", sort=Sort.NEWEST, page_size=50))
    oldest = acts.search(public("суд", sort=Sort.OLDEST, page_size=50))

    newest_dates = [hit.issued for hit in newest.hits]
    oldest_dates = [hit.issued for hit in oldest.hits]
    assert newest_dates == sorted(newest_dates, reverse=True)
    assert oldest_dates == sorted(oldest_dates)
    assert newest_dates[0] == date(2018, 6, 13)
    assert oldest_dates[0].year == 2006
    assert newest.hits[0].score is None


def test_empty_query_lists_newest_first(acts):
    found = acts.search(public())

    dates = [hit.issued for hit in found.hits]
    assert dates == sorted(dates, reverse=True)


def test_pages_are_disjoint_and_stable(acts):
    def first_three_pages() -> list[str]:
        pages = [acts.search(public("суд", page=n, page_size=10)) for n in (1, 2, 3)]
        return [hit.id for page in pages for hit in page.hits]

    one_go = acts.search(public("суд", page_size=30))

    assert first_three_pages() == [hit.id for hit in one_go.hits]
    assert len(set(first_three_pages())) == 30
    assert first_three_pages() == first_three_pages()


@pytest.mark.parametrize("page", [10**6, 10**30, MAX_RESULT_WINDOW // 10 + 1])
def test_enormous_page_is_an_empty_page(acts, page):
    found = acts.search(public("суд", page=page, page_size=10))

    assert found.hits == []
    assert found.total > 700
    assert not found.has_next


def test_page_numbers_and_sizes_out_of_range_are_clamped(acts):
    zeroth = acts.search(public("суд", page=0, page_size=0))
    huge = acts.search(public("суд", page=-3, page_size=10**9))

    assert len(zeroth.hits) == 1
    assert len(huge.hits) == MAX_PAGE_SIZE
    assert huge.page == 1


def test_judge_instance_and_region_filters(empty):
    empty.index(
        [
            act("panel", "митинг", judges=("j1", "j2", "j3"), instance="appeal", region="kz-75"),
            act("alone", "митинг", judges=("j4",), instance="first", region="kz-75"),
            act("elsewhere", "митинг", judges=("j2",), instance="appeal", region="kz-11"),
        ]
    )
    empty.commit()

    def ids(**filters) -> set[str]:
        return {hit.id for hit in empty.search(public("митинг", filters=Filters(**filters))).hits}

    assert ids(judge=("j2",)) == {"panel", "elsewhere"}
    assert ids(instance=("appeal",), region=("kz-75",)) == {"panel"}
    assert ids(region=("kz-75", "kz-11")) == {"panel", "alone", "elsewhere"}
    assert ids(judge=("nobody",)) == set()
    hits = empty.search(public("митинг", filters=Filters(judge=("j2",)))).hits
    assert {hit.id: hit.judges for hit in hits}["panel"] == ("j1", "j2", "j3")


@pytest.mark.parametrize(
    ("issued_from", "issued_to", "expected"),
    [
        (date(1, 1, 1), date(9999, 12, 31), 1),
        (date(2026, 1, 1), None, 1),
        (None, date(2025, 12, 31), 0),
        (date(2026, 5, 2), date(2026, 5, 1), 0),
    ],
)
def test_extreme_or_reversed_date_ranges(empty, issued_from, issued_to, expected):
    empty.index([act("1", "митинг", issued=date(2026, 5, 1))])
    empty.commit()
    filters = Filters(issued_from=issued_from, issued_to=issued_to)

    assert empty.search(public("митинг", filters=filters)).total == expected


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "q",
    [
        '"unbalanced',
        'митинг "unbalanced',
        "AND OR",
        "(((",
        "title:",
        "text:митинг",
        "-",
        "-митинг",
        "митинг AND (суд",
        "*",
        "?~^",
        "\\",
        "x" * 10_000,
        "митинг " * 2_000,
        "😀",
        "митинг 😀",
        "ә ғ қ ң ө ұ ү һ і",
        "сот шешімі қаулысы",
        "\x00",
        "1-1-1-1-1-1-1-1-1/2026",
        '""',
    ],
)
def test_malformed_or_odd_queries_never_raise(acts, q):
    found = acts.search(public(q))

    assert found.total >= 0
    assert len(found.hits) <= found.total


def test_operators_and_brackets_are_read_as_plain_words(acts):
    plain = acts.search(public("митинг суд"))
    noisy = acts.search(public('митинг AND (суд: "'))

    assert noisy.total == plain.total > 0


def test_only_punctuation_finds_nothing(acts):
    assert acts.search(public("(((")).total == 0


# --- writing ----------------------------------------------------------------------------


def test_nothing_is_visible_until_commit(empty):
    empty.index([act("1", "Участник митинга задержан")])

    assert empty.search(public("митинг")).total == 0
    empty.commit()
    assert empty.search(public("митинг")).total == 1


def test_reindexing_an_id_replaces_it(empty):
    empty.index([act("1", "Первая редакция: митинг")])
    empty.commit()
    empty.index([act("1", "Вторая редакция: шествие")])
    empty.commit()

    assert empty.search(public("митинг")).total == 0
    assert [hit.id for hit in empty.search(public("шествие")).hits] == ["1"]
    assert empty.search(public()).total == 1


def test_same_id_twice_in_one_batch_keeps_the_last(empty):
    empty.index([act("1", "митинг"), act("1", "шествие")])
    empty.commit()

    assert empty.search(public()).total == 1
    assert empty.search(public("шествие")).total == 1


def test_delete_removes_a_document(empty):
    empty.index([act("1", "митинг у суда"), act("2", "митинг у администрации")])
    empty.commit()
    empty.delete(["1"])
    empty.commit()

    assert [hit.id for hit in empty.search(public("митинг")).hits] == ["2"]


def test_delete_from_one_audience_keeps_the_other(empty):
    empty.index([act("1", "митинг"), act("1", "митинг", audience=Audience.JUDICIARY)])
    empty.commit()
    empty.delete(["1"], audience=Audience.PUBLIC)
    empty.commit()

    judges = SearchQuery(audience=Audience.JUDICIARY, q="митинг")
    assert empty.search(public("митинг")).total == 0
    assert empty.search(judges).total == 1


def test_another_process_sees_the_commit_after_reload(tmp_path):
    writer = TantivyBackend(tmp_path)
    reader = TantivyBackend(tmp_path)
    writer.index([act("1", "митинг")])
    writer.commit()
    reader.reload()

    assert reader.search(public("митинг")).total == 1
    writer.close()


# --- access -----------------------------------------------------------------------------


def test_public_search_never_sees_judiciary_documents(empty):
    empty.index([act("1", "митинг", audience=Audience.JUDICIARY)])
    empty.commit()

    assert empty.search(public("митинг")).total == 0
    assert empty.search(public()).total == 0


@pytest.mark.parametrize(
    ("published", "depersonalised"), [(False, True), (True, False), (False, False)]
)
def test_public_refuses_acts_not_published_and_depersonalised(empty, published, depersonalised):
    batch = [
        act("ok", "митинг"),
        act("bad", "митинг", published=published, depersonalised=depersonalised),
    ]

    with pytest.raises(ValueError, match="bad"):
        empty.index(batch)
    empty.commit()
    assert empty.search(public("митинг")).total == 0


# --- highlighting and languages ---------------------------------------------------------


def test_snippet_is_escaped_html_with_marks(empty):
    empty.index([act("1", "<script>alert('x')</script> Участник митинга & пикета задержан")])
    empty.commit()

    snippet = empty.search(public("митинг")).hits[0].snippet
    assert "<mark>митинга</mark>" in snippet
    assert "&lt;script&gt;" in snippet
    assert "<script>" not in snippet
    assert "&amp;" in snippet


def test_snippet_of_a_long_text_marks_a_match_deep_inside(empty):
    text = "Вводная часть. " * 2_000 + "Участник митинга задержан. " + "Концовка. " * 500
    empty.index([act("1", text)])
    empty.commit()

    assert "<mark>митинга</mark>" in empty.search(public("митинг")).hits[0].snippet


def test_english_text_is_found_by_a_stemmed_english_query(empty):
    empty.index([act("en", "The courts dismissed both appeals filed by the applicants.")])
    empty.commit()

    found = empty.search(public("appeal court"))
    assert [hit.id for hit in found.hits] == ["en"]
    assert "<mark>appeals</mark>" in found.hits[0].snippet


def test_kazakh_words_are_found_as_written(empty):
    empty.index([act("kk", "Сот шешімі заңды күшіне енді")])
    empty.commit()

    assert empty.search(public("шешімі")).total == 1


# --- configuration ----------------------------------------------------------------------


def test_backend_comes_from_settings_and_is_opened_once(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path

    opened = search.backend()
    assert isinstance(opened, TantivyBackend)
    assert opened is search.backend()
    assert opened.path.parent == tmp_path


def test_unknown_backend_is_a_configuration_error(settings):
    settings.SEARCH_BACKEND = "solr"

    with pytest.raises(ImproperlyConfigured):
        search.backend()
