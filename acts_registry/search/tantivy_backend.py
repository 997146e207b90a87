"""The default search backend: tantivy, a Lucene-class engine embedded in the process.

One directory per schema version (`<index dir>/acts-v1`), so a changed schema builds a new
index beside the old one instead of failing to open it. Any number of processes may search;
only one may write at a time (tantivy holds a lock file while an IndexWriter is open), which
is why writes go through a single queue.

tantivy panics or aborts the process on some inputs (a zero limit, a one-word phrase query,
an offset too large to allocate), so every query here is built so as never to reach them.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import tantivy
from django.utils.safestring import SafeString, mark_safe

from acts_registry.search import (
    FACET_FIELDS,
    MAX_RESULT_WINDOW,
    Audience,
    FacetCount,
    Filters,
    Hit,
    ParsedText,
    SearchDocument,
    SearchQuery,
    SearchResult,
    Sort,
    case_number_key,
    parse_query_text,
    public_audience_violations,
)

SCHEMA_VERSION = 1
ANALYZER = "ru_en_stem"
# An exact case-number match outranks any BM25 score (those stay well under 100).
CASE_NUMBER_SCORE = 1_000.0
TITLE_BOOST = 2.0
SNIPPET_CHARS = 240
SNIPPET_WINDOW = 4 * SNIPPET_CHARS  # the generator picks its fragment within this
FACET_SIZE = 100
WRITER_HEAP_BYTES = 128_000_000

_SPACES = re.compile(r"\s+")
_KEYWORD_FIELDS = ("court", "region", "instance", "category", "judges", "kind", "outcome")


def build_analyzer() -> tantivy.TextAnalyzer:
    """Words split on anything not a letter or digit, lower-cased, then stemmed by the
    Russian and the English Snowball stemmers in turn. Each stemmer only changes words in
    its own alphabet, so one field serves both languages (and keeps Kazakh words whole)."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(100))  # bytes: about 50 Cyrillic letters
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("russian"))
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", tokenizer_name="raw")  # "<audience>:<id>", unique
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("audience", tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name=ANALYZER)
    builder.add_text_field("text", stored=True, tokenizer_name=ANALYZER)
    builder.add_text_field("case_number", stored=True, tokenizer_name="raw")
    builder.add_text_field("case_key", tokenizer_name="raw")
    for name in _KEYWORD_FIELDS:
        builder.add_text_field(name, stored=True, fast=True, tokenizer_name="raw")
    builder.add_date_field("issued", stored=True, indexed=True, fast=True)
    return builder.build()


class TantivyBackend:
    def __init__(self, index_dir: Path | str, *, writer_heap_bytes: int = WRITER_HEAP_BYTES):
        self.path = Path(index_dir) / f"acts-v{SCHEMA_VERSION}"
        self.path.mkdir(parents=True, exist_ok=True)
        self.schema = build_schema()
        self.analyzer = build_analyzer()
        self._index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
        self._index.register_tokenizer(ANALYZER, self.analyzer)
        self._writer_heap_bytes = writer_heap_bytes
        self._writer: tantivy.IndexWriter | None = None
        self._write_lock = threading.Lock()

    # --- writing ---------------------------------------------------------------------

    def index(self, docs: Iterable[SearchDocument]) -> None:
        """Stage the documents. If staging fails, everything staged since the last commit is
        dropped, so the caller retries its whole batch."""
        docs = list(docs)
        refused = public_audience_violations(docs)
        if refused:
            raise ValueError(f"Not published and depersonalised, kept out of public: {refused}")
        prepared = [(_key(doc.audience, doc.id), self._document(doc)) for doc in docs]
        with self._write_lock:
            writer = self._open_writer()
            try:
                for key, document in prepared:
                    writer.delete_documents_by_term("key", key)
                    writer.add_document(document)
            except BaseException:
                writer.rollback()
                raise

    def delete(self, ids: Iterable[str], *, audience: Audience | None = None) -> None:
        with self._write_lock:
            writer = self._open_writer()
            for doc_id in ids:
                if audience is None:
                    writer.delete_documents_by_term("id", str(doc_id))
                else:
                    writer.delete_documents_by_term("key", _key(audience, doc_id))

    def commit(self) -> None:
        with self._write_lock:
            if self._writer is None:
                return
            self._writer.commit()
        self._index.reload()

    def reload(self) -> None:
        self._index.reload()

    def close(self) -> None:
        with self._write_lock:
            if self._writer is None:
                return
            self._writer.rollback()
            self._writer.wait_merging_threads()
            self._writer = None

    def _open_writer(self) -> tantivy.IndexWriter:
        if self._writer is None:
            self._writer = self._index.writer(heap_size=self._writer_heap_bytes)
        return self._writer

    @staticmethod
    def _document(doc: SearchDocument) -> tantivy.Document:
        document = tantivy.Document()
        document.add_text("key", _key(doc.audience, doc.id))
        document.add_text("id", str(doc.id))
        document.add_text("audience", str(doc.audience))
        document.add_text("title", doc.title)
        document.add_text("text", doc.text)
        if doc.case_number:
            document.add_text("case_number", doc.case_number)
            document.add_text("case_key", case_number_key(doc.case_number))
        for name in ("court", "region", "instance", "category", "kind", "outcome"):
            value = getattr(doc, name)
            if value:
                document.add_text(name, value)
        for judge in doc.judges:
            document.add_text("judges", judge)
        if doc.issued is not None:
            document.add_date("issued", _midnight(doc.issued))
        return document

    # --- searching -------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        page, limit, offset = max(query.page, 1), query.limit, query.offset
        parsed = parse_query_text(query.q)
        text_query = self._text_query(parsed)
        if text_query is None and query.q.strip():
            # Typed something, but nothing searchable in it (only punctuation, say).
            return SearchResult(hits=[], total=0, page=page, page_size=limit, facets={})
        full_query = self._restrict(text_query, query.audience, query.filters)
        searcher = self._index.searcher()

        by_date = query.sort != Sort.RELEVANCE or text_query is None
        order = tantivy.Order.Asc if query.sort == Sort.OLDEST else tantivy.Order.Desc
        # Collect at least one hit: tantivy panics on a zero limit.
        window = limit if offset < MAX_RESULT_WINDOW else 1
        found = searcher.search(
            full_query,
            limit=window,
            count=True,
            offset=offset if offset < MAX_RESULT_WINDOW else 0,
            order_by_field="issued" if by_date else None,
            order=order,
        )
        total = found.count or 0
        hits: list[Hit] = []
        if offset < MAX_RESULT_WINDOW:
            snippets = self._snippet_maker(searcher, parsed, text_query)
            for score, address in found.hits:
                stored = searcher.doc(address).to_dict()
                hits.append(_hit(stored, None if by_date else score, snippets(stored)))
        facets = self._facets(searcher, full_query) if query.facets and total else {}
        return SearchResult(hits=hits, total=total, page=page, page_size=limit, facets=facets)

    def _text_query(self, parsed: ParsedText) -> tantivy.Query | None:
        """All words, phrases and case numbers must match; None when there is nothing."""
        clauses = []
        for word in (*parsed.words, *parsed.phrases):
            clause = self._words_clause(word)
            if clause is not None:
                clauses.append(clause)
        for case_number in parsed.case_numbers:
            exact = tantivy.Query.const_score_query(
                tantivy.Query.term_query(self.schema, "case_key", case_number), CASE_NUMBER_SCORE
            )
            mentioned = self._words_clause(case_number)
            clauses.append(exact if mentioned is None else exact.or_should_match(mentioned))
        if not clauses:
            return None
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, clause) for clause in clauses])

    def _words_clause(self, words: str) -> tantivy.Query | None:
        """Text or title containing these words: one term, or a phrase if it analyses into
        several (a quoted phrase, or a hyphenated word like Ростов-на-Дону)."""
        tokens = self.analyzer.analyze(words)
        if not tokens:
            return None
        per_field = []
        for name in ("text", "title"):
            if len(tokens) == 1:
                per_field.append(tantivy.Query.term_query(self.schema, name, tokens[0]))
            else:
                per_field.append(tantivy.Query.phrase_query(self.schema, name, tokens))
        text, title = per_field
        return text.or_should_match(tantivy.Query.boost_query(title, TITLE_BOOST))

    def _restrict(
        self, text_query: tantivy.Query | None, audience: Audience, filters: Filters
    ) -> tantivy.Query:
        must = [tantivy.Query.term_query(self.schema, "audience", str(audience))]
        for name, values in filters.terms().items():
            must.append(tantivy.Query.term_set_query(self.schema, name, list(values)))
        if filters.issued_from is not None or filters.issued_to is not None:
            must.append(
                tantivy.Query.range_query(
                    self.schema,
                    "issued",
                    tantivy.FieldType.Date,
                    lower_bound=_midnight(filters.issued_from or date.min),
                    upper_bound=_midnight(filters.issued_to or date.max),
                )
            )
        # Filters decide membership only; the score comes from the text alone.
        clauses = [(tantivy.Occur.Must, tantivy.Query.const_score_query(q, 0.0)) for q in must]
        if text_query is not None:
            clauses.append((tantivy.Occur.Must, text_query))
        return tantivy.Query.boolean_query(clauses)

    def _snippet_maker(
        self, searcher: tantivy.Searcher, parsed: ParsedText, text_query: tantivy.Query | None
    ) -> Callable[[dict[str, list]], SafeString]:
        generator = None
        stems: list[str] = []
        if text_query is not None:
            generator = tantivy.SnippetGenerator.create(searcher, text_query, self.schema, "text")
            generator.set_max_num_chars(SNIPPET_CHARS)
            for words in (*parsed.words, *parsed.phrases):
                stems.extend(self.analyzer.analyze(words))
            # One- and two-letter stems turn up inside any word; look for longer ones.
            stems = [*parsed.case_numbers, *(stem for stem in stems if len(stem) > 2)]

        def snippet(stored: dict[str, list]) -> SafeString:
            text = stored.get("text", [""])[0]
            if generator is not None:
                window = tantivy.Document()
                window.add_text("text", _around_first(text, stems))
                found = generator.snippet_from_doc(window)
                if found.highlighted():
                    return _marked_html(found.fragment(), found.highlighted())
            return _opening_html(text)

        return snippet

    def _facets(
        self, searcher: tantivy.Searcher, query: tantivy.Query
    ) -> dict[str, list[FacetCount]]:
        request = {name: {"terms": {"field": name, "size": FACET_SIZE}} for name in FACET_FIELDS}
        answer = searcher.aggregate(query, request)
        return {
            name: [
                FacetCount(value=bucket["key"], count=bucket["doc_count"])
                for bucket in answer.get(name, {}).get("buckets", [])
            ]
            for name in FACET_FIELDS
        }


def _key(audience: Audience, doc_id: str) -> str:
    return f"{audience}:{doc_id}"


def _midnight(day: date) -> datetime:
    """The day's start in UTC, within the years tantivy can store (about 1678 to 2262)."""
    instant = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return min(max(instant, tantivy.MIN_DATETIME), tantivy.MAX_DATETIME)


def _hit(stored: dict[str, list], score: float | None, snippet: SafeString) -> Hit:
    def first(name: str) -> str:
        return stored.get(name, [""])[0]

    issued = stored.get("issued")
    return Hit(
        id=first("id"),
        score=score,
        snippet=snippet,
        title=first("title"),
        case_number=first("case_number"),
        court=first("court"),
        region=first("region"),
        instance=first("instance"),
        category=first("category"),
        judges=tuple(stored.get("judges", ())),
        kind=first("kind"),
        outcome=first("outcome"),
        issued=issued[0].date() if issued else None,
    )


def _around_first(text: str, stems: Sequence[str]) -> str:
    """The part of the text where a query stem first occurs.

    The snippet generator analyses all the text it is given, which for a long act costs far
    more than the search itself, so it gets only this window. A stem is found by plain
    substring search, written as typed, Capitalised or in CAPITALS: Snowball stems are nearly
    always prefixes of the words they come from. When none is found, the window is the
    opening of the text.
    """
    if len(text) <= SNIPPET_WINDOW:
        return text
    found = [
        at
        for stem in stems
        for form in {stem, stem.capitalize(), stem.upper()}
        if (at := text.find(form)) >= 0
    ]
    start = max(min(found, default=0) - SNIPPET_CHARS, 0)
    if start:
        start = text.find(" ", start) + 1  # begin on a word; -1 + 1 is the text's start
    return text[start : start + SNIPPET_WINDOW]


def _marked_html(fragment: str, highlighted: Sequence) -> SafeString:
    """Escape the fragment and wrap each highlighted range in <mark>. tantivy gives the
    ranges as byte offsets into the UTF-8 fragment."""
    raw = fragment.encode()

    def escaped(start: int, end: int | None) -> str:
        return _SPACES.sub(" ", html.escape(raw[start:end].decode(errors="replace")))

    parts: list[str] = []
    position = 0
    for span in sorted(highlighted, key=lambda r: r.start):
        if span.start < position:
            continue
        parts.append(escaped(position, span.start))
        parts.append(f"<mark>{escaped(span.start, span.end)}</mark>")
        position = span.end
    parts.append(escaped(position, None))
    return mark_safe("".join(parts).strip())  # noqa: S308 - every piece of text is escaped


def _opening_html(text: str) -> SafeString:
    """The start of the text, cut at a word boundary, for hits with nothing to highlight."""
    opening = " ".join(text[: SNIPPET_CHARS + 1].split())
    if len(text) > SNIPPET_CHARS:
        opening = opening[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return mark_safe(html.escape(opening))  # noqa: S308 - escaped just now
