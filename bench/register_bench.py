"""The register of judicial acts at scale: PostgreSQL insert, tantivy indexing through the
project's rebuild, and query latency of PostgreSQL ts_rank, raw tantivy and the register API
(gunicorn) side by side on the same acts (issue 6).

Steps, all on a database of the bench's own in the embedded PostgreSQL (dropped at the end
unless --keep) and an index in a temporary folder (deleted at the end unless --keep):

1. N synthetic acts made by search_bench.synthetic_acts (paragraphs of the 802 real acts of
   ru-court-acts-judgement shuffled with a fixed seed) plus the 802 real acts, written as
   public `Act` rows (in force, published, text_public = text) with COPY. --paragraphs cuts
   each synthetic act to its first N paragraphs, for a million acts that fit on the disk.
2. The index rebuilt by acts_registry.indexing.search_reindex(), as `manage.py
   search_reindex` does (two documents per act: the judges' and the public one).
3. A tsvector column (to_tsvector('russian', text_public)) filled in two sessions, a GIN
   index on it and a btree on case_number; then the query classes of search_bench
   (plus a court filter) as ts_rank top 20 and count(*).
4. The same queries on tantivy alone and as the whole backend.search() (search_bench.measure).
5. The same queries through GET /api/v1/acts/ on gunicorn (2 sync workers, loopback,
   a free port), one request at a time, timed by the client.

    .venv/bin/python bench/register_bench.py [--docs 100000] [--paragraphs 0] [--keep]
    .venv/bin/python bench/register_bench.py --docs 1000000 --paragraphs 12 --pg-queries 30
    .venv/bin/python bench/register_bench.py --docs 2000 --queries 20 --skip-api   # quick
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

import benchlib
import search_bench

# Keys of the bench's own children only; not secrets.
SECRET_KEY = "register-bench-only-secret-key-5b7e0c2a9d4f1e3c6a8b0d2f4e6a8c0e"  # noqa: S105
PAYMENTS_SECRET = "register-bench-only-payments-callback-secret"  # noqa: S105
DATABASE = "bench_register"


def sandbox(database: str = DATABASE) -> benchlib.Sandbox:
    """The bench's own database (a second name lets a second run go at the same time) and
    Redis DBs 28-31."""
    return benchlib.Sandbox(
        name="register-bench",
        database=database,
        first_redis_db=28,
        secret_key=SECRET_KEY,
        payments_secret=PAYMENTS_SECRET,
        own_names=frozenset({"SEARCH_INDEX_DIR", "SEARCH_BACKEND", "PUBLIC_THROTTLE_RATE"}),
    )


COPY_BATCH = 5_000
# Bytes of disk per character of text, all told: text and text_public (UTF-8, Cyrillic,
# compressed by TOAST), the tsvector and its GIN index, the index with both audiences.
DISK_BYTES_PER_CHAR = 6
DISK_MUST_REMAIN = 25 * 2**30
DISK_ABORT_BELOW = 12 * 2**30
PUBLIC_WHERE = "published_at IS NOT NULL AND status IN ('in_force', 'changed')"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000, help="synthetic acts")
    parser.add_argument(
        "--paragraphs",
        type=int,
        default=0,
        help="cut each synthetic act to this many paragraphs (0: as many as its model act)",
    )
    parser.add_argument("--queries", type=int, default=200, help="per class, engine and API")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of engine and API")
    parser.add_argument("--pg-queries", type=int, default=100, help="per class, ts_rank")
    parser.add_argument("--pg-timeout", type=float, default=30, help="statement_timeout, s")
    parser.add_argument("--index-batch", type=int, default=5_000, help="acts per commit")
    parser.add_argument("--skip-api", action="store_true", help="no gunicorn, no API figures")
    parser.add_argument(
        "--postgres-only",
        action="store_true",
        help="only the PostgreSQL side, on the acts already in --database (a run still going "
        "or one left by --keep); the database is neither re-created nor dropped",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database and the index")
    parser.add_argument(
        "--database", default=DATABASE, help="name of the bench's own database (re-created)"
    )
    parser.add_argument("--stem", default="", help="report name (default register-<N>)")
    parser.add_argument("--results", type=Path, default=benchlib.BASE_DIR / "bench" / "results")
    args = parser.parse_args(argv)
    benchlib.check_bounds(
        parser,
        args,
        {
            "docs": (100, 2_000_000),
            "queries": (5, 2_000),
            "rounds": (1, 10),
            "pg_queries": (5, 1_000),
            "pg_timeout": (1, 300),
        },
    )
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.load_before = os.getloadavg()
    benchlib.handle_signals()
    if args.postgres_only:
        return postgres_only(args)
    work = Path(tempfile.mkdtemp(prefix="register-bench-"))
    run = benchlib.BenchRun(sandbox(args.database), work, keep=args.keep)
    return run.run(lambda: measure(args, run))


# --- the database and Django in this process ------------------------------------------


def free_disk(path: Path) -> int:
    return shutil.disk_usage(path).free


def check_disk(args: argparse.Namespace, chars_per_act: float, where: Path) -> None:
    need = args.docs * chars_per_act * DISK_BYTES_PER_CHAR
    free = free_disk(where)
    print(f"disk: {free / 2**30:.0f} GiB free, about {need / 2**30:.0f} GiB needed", flush=True)
    if free - need < DISK_MUST_REMAIN:
        raise RuntimeError(
            f"less than {DISK_MUST_REMAIN / 2**30:.0f} GiB would remain free on the disk; "
            "use fewer --docs or --paragraphs"
        )


def settings_for(run: benchlib.BenchRun, port: int, index_dir: Path) -> dict:
    settings = run.sandbox.settings(
        socket_dir=run.socket_dir, redis_url=run.redis_url, port=port, work=run.work
    )
    settings["SEARCH_BACKEND"] = "tantivy"
    settings["SEARCH_INDEX_DIR"] = str(index_dir)
    # One client asks thousands of times a minute; the public rate limit would answer 429.
    settings["PUBLIC_THROTTLE_RATE"] = "1000000/min"
    return settings


def django_on(settings: dict) -> None:
    """Point this process's Django at the bench database and index, then set it up."""
    for name in list(os.environ):
        if name.startswith(("DATABASE_", "REDIS_")):
            del os.environ[name]
    os.environ.update(settings)
    import django

    django.setup()


# --- 1. acts into PostgreSQL -----------------------------------------------------------


def act_columns() -> list:
    from acts_registry.models import Act

    return [f for f in Act._meta.concrete_fields if not f.primary_key]


def row_values(fields: list, values: dict) -> tuple:
    """Every column in order: the given value, else NULL or the field's default."""
    return tuple(
        values[f.name] if f.name in values else (None if f.null else f.get_default())
        for f in fields
    )


def real_rows(acts: list[dict], now: datetime) -> list[dict]:
    from acts_registry.corpus import record_fields
    from acts_registry.models import ActSource, ActStatus

    rows = []
    for act in acts:
        fields = record_fields(act)
        fields["external_id"] = f"ru-court-acts-judgement/{fields['external_id']}"
        rows.append(public(fields, ActSource.IMPORT, ActStatus.IN_FORCE, now))
    return rows


def public(fields: dict, source: str, status: str, now: datetime) -> dict:
    return fields | {
        "source": source,
        "status": status,
        "text_public": fields["text"],
        "depersonalised_at": now,
        "in_force_on": fields["issued_on"],
        "published_at": now,
        "created_at": now,
        "updated_at": now,
    }


def synthetic_rows(args: argparse.Namespace, acts: list[dict], now: datetime):
    """Rows of the synthetic acts, and every hundredth case number (for the queries)."""
    from acts_registry.corpus import record_fields
    from acts_registry.models import ActSource, ActStatus

    # The real acts' doc_type and outcome, as the importer maps them.
    kinds = {act["doc_type"]: record_fields(act)["kind"] for act in acts}
    outcomes = {act["outcome"]: record_fields(act)["outcome"] for act in acts}
    titles = {act["doc_type"]: record_fields(act)["title"] for act in acts}
    for number, doc in enumerate(search_bench.synthetic_acts(args.docs, acts)):
        text = doc.text
        if args.paragraphs:
            text = "\n".join(text.split("\n")[: args.paragraphs])
        fields = {
            "text": text,
            "kind": kinds[doc.kind],
            "title": f"{titles[doc.kind]} по делу № {doc.case_number}",
            "outcome": outcomes[doc.outcome],
            "case_number": doc.case_number,
            "court_code": doc.court,
            "court_name": f"Суд № {doc.court.split('-')[1]}",
            "region_code": doc.region,
            "region_name": f"Область № {doc.region.split('-')[1]}",
            "category_code": doc.category,
            "category_name": f"Категория № {doc.category.split('-')[1]}",
            "instance": doc.instance,
            "judge_names": ", ".join(doc.judges),
            "issued_on": doc.issued,
        }
        yield number, public(fields, ActSource.SYNTHETIC, ActStatus.IN_FORCE, now)


def insert_acts(args: argparse.Namespace, database: benchlib.Database, acts: list[dict]) -> dict:
    """COPY the real acts, then the synthetic ones in batches; only the COPYs are timed."""
    from acts_registry.models import Act

    fields = act_columns()
    columns = ", ".join(f'"{f.column}"' for f in fields)
    statement = f"COPY {Act._meta.db_table} ({columns}) FROM STDIN"  # names from the model
    now = datetime.now(UTC)
    seconds, chars, count = 0.0, 0, 0
    case_numbers: list[str] = []

    def copy(conn, rows: list[dict]) -> float:
        started = time.perf_counter()
        with conn.transaction(), conn.cursor() as cursor, cursor.copy(statement) as copying:
            for row in rows:
                copying.write_row(row_values(fields, row))
        return time.perf_counter() - started

    with database.connect(database.name) as conn:
        rows = real_rows(acts, now)
        seconds += copy(conn, rows)
        real_chars = sum(len(r["text"]) for r in rows)
        batch: list[dict] = []
        for number, row in synthetic_rows(args, acts, now):
            batch.append(row)
            chars += len(row["text"])
            if number % 100 == 99:
                case_numbers.append(row["case_number"])
            if len(batch) == COPY_BATCH or number == args.docs - 1:
                seconds += copy(conn, batch)
                count += len(batch)
                batch = []
                if count % 50_000 == 0 or count == args.docs:
                    print(f"  inserted {count:,} ({seconds:.0f} s of COPY)", flush=True)
                    if free_disk(Path(tempfile.gettempdir())) < DISK_ABORT_BELOW:
                        raise RuntimeError("the disk is nearly full; stopping")
        conn.execute(f"VACUUM ANALYZE {Act._meta.db_table}")
    return {
        "seconds": seconds,
        "synthetic": count,
        "real": len(rows),
        "chars": chars,
        "real_chars": real_chars,
        "case_numbers": case_numbers,
    }


# --- 2. the tantivy index through the project's rebuild --------------------------------


def build_index(args: argparse.Namespace, total: int) -> dict:
    from acts_registry.indexing import search_reindex

    last = [0.0]

    def progress(done: int, _total: int) -> None:
        if time.perf_counter() - last[0] > 60 or done == _total:
            last[0] = time.perf_counter()
            print(f"  indexed {done:,} of {_total:,}", flush=True)

    started = time.perf_counter()
    done = search_reindex(batch_size=args.index_batch, progress=progress)
    seconds = time.perf_counter() - started
    if done != total:
        raise RuntimeError(f"search_reindex read {done} acts, expected {total}")
    return {"seconds": seconds, "acts": done}


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# --- 3. PostgreSQL full-text search ----------------------------------------------------


def build_tsvector(database: benchlib.Database) -> dict:
    """A stored tsvector column filled by two sessions (one per core), then its GIN index
    and a btree on case_number; each step timed."""
    from acts_registry.models import Act

    table = Act._meta.db_table
    timings = {}
    with database.connect(database.name) as conn:
        conn.execute(f"ALTER TABLE {table} ADD COLUMN tsv tsvector")
        low, high = conn.execute(f"SELECT min(id), max(id) FROM {table}").fetchone()  # noqa: S608
    middle = (low + high) // 2

    def fill(first: int, last: int) -> None:
        with database.connect(database.name) as conn:
            conn.execute(
                f"UPDATE {table} SET tsv = to_tsvector('russian', text_public) "  # noqa: S608
                "WHERE id BETWEEN %s AND %s",
                (first, last),
            )

    started = time.perf_counter()
    halves = [
        threading.Thread(target=fill, args=(low, middle)),
        threading.Thread(target=fill, args=(middle + 1, high)),
    ]
    for half in halves:
        half.start()
    for half in halves:
        half.join()
    timings["tsvector_fill"] = time.perf_counter() - started
    with database.connect(database.name) as conn:
        conn.execute("SET maintenance_work_mem = '1GB'")
        started = time.perf_counter()
        conn.execute(f"CREATE INDEX bench_act_tsv ON {table} USING gin (tsv)")
        timings["gin_build"] = time.perf_counter() - started
        started = time.perf_counter()
        conn.execute(f"CREATE INDEX bench_act_case_number ON {table} (case_number)")
        timings["case_number_btree"] = time.perf_counter() - started
        started = time.perf_counter()
        conn.execute(f"VACUUM ANALYZE {table}")
        timings["vacuum_analyze"] = time.perf_counter() - started
        sizes = conn.execute(
            "SELECT pg_total_relation_size(%s), pg_relation_size('bench_act_tsv'), "
            "pg_database_size(current_database())",
            (table,),
        ).fetchone()
    timings["table_bytes"], timings["gin_bytes"], timings["database_bytes"] = sizes
    return timings


def pg_statements(text: str, filters) -> tuple[str, str, list]:
    """(ranked top 20, count) for one query as the register would ask PostgreSQL."""
    from acts_registry.models import Act
    from acts_registry.search import parse_query_text

    table = Act._meta.db_table
    where = [PUBLIC_WHERE]
    params: list = []
    parsed = parse_query_text(text)
    if parsed.case_numbers and not (parsed.words or parsed.phrases):
        where.append("case_number = %s")
        params.append(text)
        rank = "1.0"
    else:
        where.append("tsv @@ websearch_to_tsquery('russian', %s)")
        params.append(text)
        rank = "ts_rank(tsv, websearch_to_tsquery('russian', %s))"
    for column, values in (("region_code", filters.region), ("court_code", filters.court)):
        if values:
            where.append(f"{column} = ANY(%s)")
            params.append(list(values))
    if filters.issued_from:
        where.append("issued_on BETWEEN %s AND %s")
        params += [filters.issued_from, filters.issued_to]
    condition = " AND ".join(where)
    rank_params = [text] if rank != "1.0" else []
    ranked = (
        f"SELECT id, {rank} AS rank FROM {table} WHERE {condition} "  # noqa: S608 - fixed text
        "ORDER BY rank DESC, id LIMIT 20"
    )
    counted = f"SELECT count(*) FROM {table} WHERE {condition}"  # noqa: S608 - fixed text
    return ranked, counted, [rank_params + params, params]


def measure_postgres(database: benchlib.Database, sets: dict, args: argparse.Namespace) -> dict:
    import psycopg

    results = {}
    with database.connect(database.name) as conn:
        conn.execute(f"SET statement_timeout = {int(args.pg_timeout * 1000)}")
        for name, queries in sets.items():
            ranked_times, count_times, both, totals, timeouts = [], [], [], [], 0
            for text, filters in queries[: args.pg_queries]:
                ranked, counted, (ranked_params, count_params) = pg_statements(text, filters)
                try:
                    started = time.perf_counter()
                    conn.execute(ranked, ranked_params).fetchall()
                    middle = time.perf_counter()
                    total = conn.execute(counted, count_params).fetchone()[0]
                    ended = time.perf_counter()
                except psycopg.errors.QueryCanceled:
                    timeouts += 1
                    continue
                ranked_times.append(middle - started)
                count_times.append(ended - middle)
                both.append(ended - started)
                totals.append(total)
            results[name] = {
                "ranked": ms_percentiles(ranked_times),
                "count": ms_percentiles(count_times),
                "both": ms_percentiles(both),
                "median_total": statistics.median(totals) if totals else 0,
                "timeouts": timeouts,
                "queries": min(len(queries), args.pg_queries),
            }
            print(f"  postgres {name}: {json.dumps(results[name])}", flush=True)
    return results


def ms_percentiles(seconds: list[float]) -> list[float]:
    if not seconds:
        return [float("nan"), float("nan")]
    return [benchlib.quantile(seconds, 0.5) * 1000, benchlib.quantile(seconds, 0.95) * 1000]


# --- 4. queries: the same classes as search_bench, plus a court filter -----------------


def query_sets(acts: list[dict], case_numbers: list[str], per_class: int) -> dict:
    import random

    from acts_registry.search import Filters

    sets = search_bench.query_sets(acts, case_numbers, per_class)
    rng = random.Random(search_bench.SEED + 2)  # noqa: S311 - reproducible test data
    words = [text for text, _ in sets["single word"]]
    rng.shuffle(words)
    sets["court filter"] = [
        (word, Filters(court=(f"court-{rng.randrange(search_bench.COURTS)}",))) for word in words
    ]
    return sets


def measure_engine(index_dir: Path, sets: dict, rounds: int) -> list[dict]:
    from acts_registry.search.tantivy_backend import TantivyBackend

    reader = TantivyBackend(index_dir)
    found = []
    for number in range(1, rounds + 1):
        print(f"  engine round {number}", flush=True)
        found.append(search_bench.measure(reader, sets))
    return found


# --- 5. the register API on gunicorn ---------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((benchlib.HOST, 0))
        return sock.getsockname()[1]


def api_path(text: str, filters) -> str:
    params: list[tuple[str, str]] = [("q", text)]
    params += [("region", value) for value in filters.region]
    params += [("court", value) for value in filters.court]
    if filters.issued_from:
        params += [
            ("issued_from", filters.issued_from.isoformat()),
            ("issued_to", filters.issued_to.isoformat()),
        ]
    return "/api/v1/acts/?" + urllib.parse.urlencode(params)


def api_get(port: int, path: str) -> tuple[float, int]:
    """Seconds for one request on a new connection (gunicorn's sync worker closes each),
    and the count the API answered."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection(benchlib.HOST, port, timeout=120)
    try:
        conn.request("GET", path, headers={"Accept": "application/json"})
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    seconds = time.perf_counter() - started
    if response.status != 200:
        raise RuntimeError(f"GET {path} answered {response.status}: {body[:300]!r}")
    return seconds, json.loads(body)["count"]


def start_api(run: benchlib.BenchRun, settings: dict, port: int) -> benchlib.Child:
    command = [
        str(benchlib.BIN_DIR / "gunicorn"),
        "judicial_account.wsgi:application",
        "--bind",
        f"{benchlib.HOST}:{port}",
        "--workers",
        "2",
        "--worker-class",
        "sync",
        "--timeout",
        "120",
        "--graceful-timeout",
        "5",
        "--no-control-socket",
    ]
    env = run.sandbox.child_env(settings)
    server = benchlib.spawn("gunicorn", command, env, run.work / "gunicorn.log")
    benchlib.wait_healthy(port, server, timeout=90)
    return server


def measure_api(
    run: benchlib.BenchRun, settings: dict, sets: dict, rounds: int
) -> tuple[list[dict], dict]:
    port = free_port()
    settings = settings | {"SITE_URL": f"http://{benchlib.HOST}:{port}"}
    server = start_api(run, settings, port)
    try:
        # Each worker opens the index, its database connection and Django's caches.
        warm = [q for queries in sets.values() for q in queries[:10]]
        for text, filters in warm:
            api_get(port, api_path(text, filters))
        # The fixed cost of a request (connection, WSGI, middleware) without any search.
        baseline = ms_percentiles([healthz_seconds(port) for _ in range(200)])
        found = []
        for number in range(1, rounds + 1):
            print(f"  API round {number}", flush=True)
            per_class = {}
            for name, queries in sets.items():
                times, totals = [], []
                for text, filters in queries:
                    seconds, total = api_get(port, api_path(text, filters))
                    times.append(seconds)
                    totals.append(total)
                per_class[name] = {
                    "api": ms_percentiles(times),
                    "median_total": statistics.median(totals),
                }
            found.append(per_class)
        memory = benchlib.tree_rss_mib(server.proc.pid)
    finally:
        benchlib.stop_child(server, 15)
    return found, {"rss_mib": memory, "healthz": baseline}


def healthz_seconds(port: int) -> float:
    started = time.perf_counter()
    conn = http.client.HTTPConnection(benchlib.HOST, port, timeout=30)
    try:
        conn.request("GET", "/healthz")
        conn.getresponse().read()
    finally:
        conn.close()
    return time.perf_counter() - started


# --- the run ---------------------------------------------------------------------------


def measure(args: argparse.Namespace, run: benchlib.BenchRun) -> int:
    database = run.open()
    index_dir = Path(tempfile.mkdtemp(prefix="register-bench-index-"))
    try:
        return measure_all(args, run, database, index_dir)
    finally:
        # This process's own Django session would hold up DROP DATABASE for minutes.
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if args.keep:
            print(f"kept the index in {index_dir}")
        else:
            shutil.rmtree(index_dir, ignore_errors=True)


def measure_all(
    args: argparse.Namespace, run: benchlib.BenchRun, database: benchlib.Database, index_dir: Path
) -> int:
    settings = settings_for(run, 0, index_dir)
    print("migrating the bench database", flush=True)
    benchlib.run_child(
        "migrate",
        [sys.executable, "manage.py", "migrate", "--noinput"],
        run.sandbox.child_env(settings),
        run.work / "migrate.log",
        timeout=600,
    )
    django_on(settings)
    print(f"reading {search_bench.CORPUS_DIR.name}", flush=True)
    acts = search_bench.real_acts()
    per_act = 20_600 if not args.paragraphs else 362 * args.paragraphs
    check_disk(args, per_act, Path(tempfile.gettempdir()))

    stem = args.stem or f"register-{label(args.docs)}"
    partial = args.results / f"{stem}.partial.json"
    results: dict = {
        "args": {k: v for k, v in vars(args).items() if k != "results"} | {"results": ""},
    }

    def done(name: str, value) -> None:
        """Keep each step's figures on disk as soon as it ends: a run cut short (a shared
        machine, a time limit) still leaves what it measured."""
        results[name] = value
        partial.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str))
        print(f"{name} done", flush=True)

    print(f"inserting {args.docs:,} synthetic and {len(acts)} real acts", flush=True)
    inserted = insert_acts(args, database, acts)
    done("inserted", {k: v for k, v in inserted.items() if k != "case_numbers"})
    total_acts = inserted["synthetic"] + inserted["real"]
    print(f"indexing {total_acts:,} acts with search_reindex", flush=True)
    indexed = build_index(args, total_acts)
    indexed["bytes"] = folder_bytes(index_dir)
    done("indexed", indexed)
    sets = query_sets(acts, inserted["case_numbers"], args.queries)
    done("examples", {name: describe(queries[0]) for name, queries in sets.items()})
    # tantivy and the API first, PostgreSQL (the slow side) last.
    print("tantivy queries", flush=True)
    done("engine", measure_engine(index_dir, sets, args.rounds))
    api, server = ([], {})
    if not args.skip_api:
        print("API queries through gunicorn", flush=True)
        api, server = measure_api(run, settings, sets, args.rounds)
    done("api", api)
    done("server", server)
    print("building the tsvector column and the GIN index", flush=True)
    done("postgres_build", build_tsvector(database))
    print("PostgreSQL ts_rank queries", flush=True)
    done("postgres", measure_postgres(database, sets, args))

    results["machine"] = benchlib.machine_info(
        ["django", "tantivy", "psycopg", "gunicorn"], {"postgresql": database.version()}
    )
    results["load_after"] = os.getloadavg()
    benchlib.write_report(args.results, stem, render(results), results)
    partial.unlink(missing_ok=True)
    return 0


def postgres_only(args: argparse.Namespace) -> int:
    """The PostgreSQL steps on acts another run inserted, with the same queries that run
    asks (same --queries: the classes are drawn in order). For a million acts, where the
    tsvector and the ranked queries take longer than the rest together."""
    from judicial_account import embedded

    if args.database == embedded.DATABASE_NAME:
        raise SystemExit("the bench database must not be the development database")
    database = benchlib.Database(str(embedded._postgres_socket_dir()), args.database)
    django_on(
        {"DJANGO_SETTINGS_MODULE": "judicial_account.settings"}
        | {"DATABASE_URL": f"postgres://postgres@/{args.database}?host={database.socket_dir}"}
    )
    from acts_registry.models import ActSource

    acts = search_bench.real_acts()
    synthetic = database.query(
        "SELECT case_number FROM acts_registry_act WHERE source = %s ORDER BY id",
        (ActSource.SYNTHETIC.value,),
    )
    # Every hundredth, as insert_acts keeps them.
    case_numbers = [row[0] for row in synthetic[99::100]]
    sets = query_sets(acts, case_numbers, args.queries)
    results: dict = {"args": {k: str(v) for k, v in vars(args).items()}, "acts": len(synthetic)}
    out = args.results / f"{args.stem or f'register-{label(len(synthetic))}'}-postgres.json"
    print("building the tsvector column and the GIN index", flush=True)
    results["postgres_build"] = build_tsvector(database)
    out.write_text(json.dumps(results, indent=1))
    print(json.dumps(results["postgres_build"]), flush=True)
    print("PostgreSQL ts_rank queries", flush=True)
    results["postgres"] = measure_postgres(database, sets, args)
    results["examples"] = {name: describe(queries[0]) for name, queries in sets.items()}
    results["load_after"] = os.getloadavg()
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    database.close()
    print(f"wrote {out}")
    return 0


def label(docs: int) -> str:
    return f"{docs // 1_000_000}m" if docs % 1_000_000 == 0 else f"{docs // 1000}k"


def describe(query: tuple) -> str:
    text, filters = query
    extra = []
    if filters.region:
        extra.append(f"region {filters.region[0]}, {filters.issued_from} to {filters.issued_to}")
    if filters.court:
        extra.append(f"court {filters.court[0]}")
    return text + (f" + {'; '.join(extra)}" if extra else "")


# --- the report ------------------------------------------------------------------------


def render(r: dict) -> str:
    args, machine, ins, idx, pgb = (
        r["args"],
        r["machine"],
        r["inserted"],
        r["indexed"],
        r["postgres_build"],
    )
    total_acts = ins["synthetic"] + ins["real"]
    per_act = ins["chars"] / max(ins["synthetic"], 1)
    size = (
        "as many paragraphs as its model act"
        if not args["paragraphs"]
        else (f"its first {args['paragraphs']} paragraphs")
    )
    command = benchlib.command_line(__file__)
    lines = [
        f"# Register of judicial acts at {ins['synthetic']:,} synthetic + {ins['real']} real acts",
        "",
        f"{datetime.now(UTC).isoformat(timespec='seconds')}, commit {machine['commit']} "
        f"({machine['uncommitted_files']} files differing from it).",
        "",
        f"Command: `{command}`",
        "",
        f"Machine: {machine['nproc']} cores ({machine['cpu']}), {machine['memory_gib']} GiB RAM, "
        f"Linux {machine['kernel']}; Python {machine['python']}, PostgreSQL "
        f"{machine['postgresql']} (embedded, default settings), tantivy {machine['tantivy']}, "
        f"Django {machine['django']}, gunicorn {machine['gunicorn']}. Load average (1/5/15 "
        f"min) before: {fmt_load(args['load_before'])}; after: {fmt_load(r['load_after'])}. "
        "The machine is shared with other developers' test runs: compare medians and ratios.",
        "",
        "Acts: search_bench's generator (paragraphs of the 802 real acts of "
        "ru-court-acts-judgement shuffled across synthetic acts, fixed seed; kind, outcome "
        f"and paragraph count from a real act), each synthetic act keeping {size}: "
        f"{ins['chars'] / 1e6:,.0f} million characters, {per_act:,.0f} per act on average; "
        f"plus the {ins['real']} real acts ({ins['real_chars'] / 1e6:.1f} million characters, "
        "not depersonalised here: text_public = text). All in force and published; "
        f"{search_bench.COURTS} courts, {search_bench.REGIONS} regions, "
        f"{search_bench.CATEGORIES} categories, {search_bench.JUDGES:,} judges, 2015-2026.",
        "",
        "## Building",
        "",
        "| step | time (s) | acts per second | size on disk |",
        "| --- | ---: | ---: | ---: |",
        f"| PostgreSQL: COPY of the rows (text and text_public) | {ins['seconds']:,.0f} | "
        f"{total_acts / ins['seconds']:,.0f} | table with its TOAST: "
        f"{pgb['table_bytes'] / 2**30:,.1f} GiB (with the tsvector) |",
        f"| tantivy: `search_reindex` (batches of {args['index_batch']:,}, two documents per "
        f"act: judges' and public) | {idx['seconds']:,.0f} | "
        f"{total_acts / idx['seconds']:,.0f} | {idx['bytes'] / 2**30:,.1f} GiB |",
        f"| PostgreSQL: fill tsvector column, two sessions | {pgb['tsvector_fill']:,.0f} | "
        f"{total_acts / pgb['tsvector_fill']:,.0f} | |",
        f"| PostgreSQL: GIN index on it | {pgb['gin_build']:,.0f} | "
        f"{total_acts / pgb['gin_build']:,.0f} | {pgb['gin_bytes'] / 2**30:,.2f} GiB |",
        f"| PostgreSQL: btree on case_number, VACUUM ANALYZE | "
        f"{pgb['case_number_btree']:,.0f}, {pgb['vacuum_analyze']:,.0f} | | database "
        f"{pgb['database_bytes'] / 2**30:,.1f} GiB |",
        "",
        "## Queries",
        "",
        f"Classes and queries from search_bench (words drawn by occurrence in the real "
        f"paragraphs, fixed seed) plus a single word with a court filter; "
        f"{args['queries']} per class for tantivy and the API ({args['rounds']} rounds, "
        f"medians of the rounds' percentiles), the first {args['pg_queries']} of them for "
        f"PostgreSQL (one round, statement_timeout {args['pg_timeout']:g} s). One query at a "
        "time.",
        "",
        "- **PostgreSQL**: `SELECT id, ts_rank(tsv, websearch_to_tsquery('russian', q)) AS "
        "rank ... WHERE <public> AND tsv @@ websearch_to_tsquery('russian', q) [AND "
        "region_code/court_code/issued_on filters] ORDER BY rank DESC, id LIMIT 20`, then "
        "`SELECT count(*)` with the same WHERE; timed together from the client (one "
        "connection over the unix socket). Case numbers: `case_number = q` on a btree.",
        "- **tantivy engine**: top 20 and the total count for the query the backend builds "
        "(search_bench's engine figure). **backend page**: all of `backend.search()` "
        "(20 hits, snippets, facet counts), in one process.",
        "- **API**: `GET /api/v1/acts/?q=...[&region=&issued_from=&issued_to=|&court=]` on "
        "gunicorn, 2 sync workers, loopback, a new connection per request, timed by the "
        "client until the whole JSON is read.",
        "",
        "| class | example | PostgreSQL p50 / p95 (ms) | tantivy engine p50 / p95 (ms) "
        "| backend page p50 / p95 (ms) | API p50 / p95 (ms) | hits (median) "
        "| PostgreSQL timeouts |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, example in r["examples"].items():
        pg = r["postgres"][name]
        engine = [median_of(r["engine"], name, "engine", i) for i in (0, 1)]
        page = [median_of(r["engine"], name, "page", i) for i in (0, 1)]
        api = [median_of(r["api"], name, "api", i) for i in (0, 1)] if r["api"] else None
        lines.append(
            f"| {name} | `{example}` | {pg['both'][0]:,.1f} / {pg['both'][1]:,.1f} | "
            f"{engine[0]:.2f} / {engine[1]:.2f} | {page[0]:.1f} / {page[1]:.1f} | "
            + (f"{api[0]:.1f} / {api[1]:.1f}" if api else "skipped")
            + f" | {r['engine'][-1][name]['median_total']:,.0f} | "
            f"{pg['timeouts']} of {pg['queries']} |"
        )
    lines += [
        "",
        "PostgreSQL split, p50 ranked top 20 + p50 count (ms): "
        + "; ".join(
            f"{name} {pg['ranked'][0]:,.1f} + {pg['count'][0]:,.1f}"
            for name, pg in r["postgres"].items()
        )
        + ".",
        "",
        "Ratios of medians, PostgreSQL / tantivy engine: "
        + "; ".join(
            f"{name} {pg['both'][0] / median_of(r['engine'], name, 'engine', 0):,.0f}x"
            for name, pg in r["postgres"].items()
        )
        + ".",
    ]
    if r["api"]:
        lines += [
            "",
            "API p50 each round (ms): "
            + "; ".join(
                f"{name} " + " / ".join(f"{rnd[name]['api'][0]:.1f}" for rnd in r["api"])
                for name in r["examples"]
            )
            + f". `GET /healthz` on the same server (the fixed cost of a request: "
            f"connection, WSGI, middleware, one database query and a Redis ping, no "
            f"search), p50 / p95: "
            f"{r['server']['healthz'][0]:.1f} / {r['server']['healthz'][1]:.1f} ms. "
            f"Resident memory of gunicorn and its 2 workers at the end: "
            f"{r['server']['rss_mib']:,.0f} MiB.",
        ]
    lines.append("")
    return "\n".join(lines)


def median_of(rounds: list[dict], name: str, kind: str, which: int) -> float:
    return statistics.median(rnd[name][kind][which] for rnd in rounds)


def fmt_load(load) -> str:
    return " / ".join(f"{value:.2f}" for value in load)


if __name__ == "__main__":
    sys.exit(main())
