"""Speed of the register search (tantivy backend): indexing throughput and query latency.

Builds synthetic acts from the paragraphs of the real ones (ru-court-acts-judgement in the
shared datasets beside the repository): each synthetic act takes its paragraph count, kind and
outcome from a real act and its paragraphs at random from all acts, with a fixed seed, and
gets a synthetic case number, court, region, instance, category, judge and date. Indexes them
in batches the way the search queue does, then runs a few hundred queries of each class
(single word, several words, phrase, filtered, case number) for several rounds.

Two latencies per class: "engine" is tantivy alone (top 20 and the total count), comparable
to the figures in issue 6; "page" is the whole backend.search() a view calls (20 hits with
stored fields, highlighted snippets and facet counts).

    .venv/bin/python bench/search_bench.py [--docs 100000] [--rounds 3] [--queries 200]
    .venv/bin/python bench/search_bench.py --million      # 1,000,000 acts

The index goes to a temporary directory that is deleted at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS_DIR = REPO.parent / "shared" / "datasets" / "ru-court-acts-judgement"
MARKUP = re.compile(r"\\[a-z]+(\{[^}]*\})?")
WORD = re.compile(r"[а-яё]{6,}", re.IGNORECASE)
PHRASE_WORD = re.compile(r"[а-яё]{4,}", re.IGNORECASE)
SEED = 20261130
BATCH = 1_000
COMMIT_EVERY = 10_000
COURTS, REGIONS, CATEGORIES, JUDGES = 380, 20, 40, 2_000
FIRST_DAY, DAYS = date(2015, 1, 1), 12 * 365


def real_acts() -> list[dict]:
    acts = []
    for name in ("admin_rallies.jsonl", "criminal_drugs.jsonl"):
        with open(CORPUS_DIR / name, encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                paragraphs = [p.strip() for p in MARKUP.sub("", row["text_annotated"]).split("\n")]
                row["paragraphs"] = [p for p in paragraphs if p]
                acts.append(row)
    return acts


def synthetic_acts(count: int, acts: list[dict]) -> Iterator:
    from acts_registry.search import Audience, SearchDocument

    rng = random.Random(SEED)  # noqa: S311 - reproducible test data, not a secret
    pool = [p for act in acts for p in act["paragraphs"]]
    for number in range(count):
        model = rng.choice(acts)
        court = rng.randrange(COURTS)
        issued = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        yield SearchDocument(
            id=str(number),
            text="\n".join(rng.choices(pool, k=len(model["paragraphs"]))),
            audience=Audience.PUBLIC,
            published=True,
            depersonalised=True,
            title=f"{model['doc_type']} по делу № {case_number(number, issued)}",
            case_number=case_number(number, issued),
            court=f"court-{court}",
            region=f"region-{court % REGIONS}",
            instance=rng.choices(["first", "appeal", "cassation"], weights=[85, 12, 3])[0],
            category=f"category-{rng.randrange(CATEGORIES)}",
            judges=(f"judge-{rng.randrange(JUDGES)}",),
            kind=model["doc_type"],
            outcome=model["outcome"],
            issued=issued,
        )


def case_number(number: int, issued: date) -> str:
    return f"2-{number + 1}/{issued.year}"


def build(backend, count: int, acts: list[dict]) -> dict:
    """Index `count` acts in batches of BATCH, committing every COMMIT_EVERY, as the search
    queue would; only the backend's calls are timed, not making the texts. Keeps every
    hundredth case number for the case-number queries."""
    indexing = committing = 0.0
    chars = 0
    batch = []
    case_numbers = []
    for done, doc in enumerate(synthetic_acts(count, acts), start=1):
        batch.append(doc)
        chars += len(doc.text)
        if done % 100 == 0:
            case_numbers.append(doc.case_number)
        if len(batch) < BATCH and done < count:
            continue
        started = time.perf_counter()
        backend.index(batch)
        indexing += time.perf_counter() - started
        batch = []
        if done % COMMIT_EVERY == 0 or done == count:
            started = time.perf_counter()
            backend.commit()
            committing += time.perf_counter() - started
            print(f"  indexed {done:,}", flush=True)
    return {
        "seconds": indexing + committing,
        "commit_seconds": committing,
        "chars": chars,
        "case_numbers": case_numbers,
    }


def query_sets(acts: list[dict], case_numbers: list[str], per_class: int) -> dict[str, list]:
    """(text, filters) pairs per class, drawn from the real paragraphs with a fixed seed."""
    from acts_registry.search import Filters

    rng = random.Random(SEED + 1)  # noqa: S311 - reproducible test data, not a secret
    paragraphs = [p for act in acts for p in act["paragraphs"] if len(WORD.findall(p)) >= 4]

    def word() -> str:
        # A random occurrence, so common words come up as often as users would type them.
        return rng.choice(WORD.findall(rng.choice(paragraphs))).lower()

    def several() -> str:
        return " ".join(rng.sample(WORD.findall(rng.choice(paragraphs)), rng.choice([2, 3])))

    def phrase() -> str:
        while True:
            words = re.findall(r"\w+", rng.choice(paragraphs))
            pairs = [
                f'"{first} {second}"'
                for first, second in zip(words, words[1:], strict=False)
                if PHRASE_WORD.fullmatch(first) and PHRASE_WORD.fullmatch(second)
            ]
            if pairs:
                return rng.choice(pairs)

    def region_and_two_years() -> Filters:
        first = FIRST_DAY + timedelta(days=rng.randrange(DAYS - 730))
        return Filters(
            region=(f"region-{rng.randrange(REGIONS)}",),
            issued_from=first,
            issued_to=first + timedelta(days=730),
        )

    none = Filters()
    return {
        "single word": [(word(), none) for _ in range(per_class)],
        "several words": [(several(), none) for _ in range(per_class)],
        "phrase": [(phrase(), none) for _ in range(per_class)],
        "filtered": [(word(), region_and_two_years()) for _ in range(per_class)],
        "case number": [(rng.choice(case_numbers), none) for _ in range(per_class)],
    }


def measure(backend, sets: dict[str, list]) -> dict[str, dict]:
    """Per class: engine and page latencies (ms), hits found, and how often a case number
    query put its act first."""
    from acts_registry.search import Audience, SearchQuery, parse_query_text

    results = {}
    for name, queries in sets.items():
        engine, facets, page, totals, first = [], [], [], [], 0
        for text, filters in queries:
            query = SearchQuery(audience=Audience.PUBLIC, q=text, filters=filters)
            # The engine alone, as the backend builds the query: top 20 and the count.
            started = time.perf_counter()
            tantivy_query = backend._restrict(
                backend._text_query(parse_query_text(text)), Audience.PUBLIC, filters
            )
            searcher = backend._index.searcher()
            searcher.search(tantivy_query, limit=20, count=True)
            engine.append(time.perf_counter() - started)
            started = time.perf_counter()
            backend._facets(searcher, tantivy_query)
            facets.append(time.perf_counter() - started)
            started = time.perf_counter()
            found = backend.search(query)
            page.append(time.perf_counter() - started)
            totals.append(found.total)
            first += bool(found.hits) and found.hits[0].case_number == text
        results[name] = {
            "engine": percentiles(engine),
            "facets": percentiles(facets),
            "page": percentiles(page),
            "median_total": statistics.median(totals),
            "empty": sum(1 for total in totals if total == 0),
            "case_first": first,
        }
    return results


def percentiles(seconds: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000


def machine() -> str:
    cpu = ""
    if Path("/proc/cpuinfo").exists():
        names = re.findall(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = f" ({names[0].strip()})" if names else ""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores{cpu}, {memory:.1f} GiB RAM, {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}, tantivy "
        f"{metadata.version('tantivy')}"
    )


def commit_id() -> str:
    command = ["git", "rev-parse", "--short", "HEAD"]
    try:
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True)  # noqa: S603, S607 - fixed argv
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return done.stdout.strip()


def render(args, count: int, built: dict, size: int, sets: dict, rounds: list[dict]) -> str:
    def median_of(name: str, kind: str, which: int) -> float:
        return statistics.median(r[name][kind][which] for r in rounds)

    def each(name: str, kind: str, which: int) -> str:
        return " / ".join(f"{r[name][kind][which]:.2f}" for r in rounds)

    mb = built["chars"] / 1e6
    lines = [
        f"# Register search: tantivy, {count:,} synthetic acts",
        "",
        f"{datetime.now(UTC).isoformat(timespec='seconds')}, commit {commit_id()}.",
        "",
        f"Command: `.venv/bin/python bench/search_bench.py --docs {count} "
        f"--rounds {args.rounds} --queries {args.queries}`",
        "",
        f"Machine: {machine()}. Load average (1 min) before / after the run: "
        f"{args.load_before:.2f} / {os.getloadavg()[0]:.2f}; the machine is shared.",
        "",
        "Acts: paragraphs of the 802 real acts of ru-court-acts-judgement shuffled across "
        "synthetic acts (fixed seed); each takes its paragraph count, kind and outcome from a "
        f"real act. {mb:,.0f} million characters of text ({mb * 1e6 / count:,.0f} per act). "
        f"{COURTS} courts, {REGIONS} regions, {CATEGORIES} categories, {JUDGES:,} judges, "
        "dates 2015-2026.",
        "",
        "## Indexing",
        "",
        f"Batches of {BATCH:,} through `backend.index()`, `commit()` every {COMMIT_EVERY:,}; "
        "one writer, tantivy's default threads for the cores, 128 MB writer heap. "
        "Making the texts is not timed.",
        "",
        "| measure | value |",
        "| --- | ---: |",
        f"| acts per second | {count / built['seconds']:,.0f} |",
        f"| million characters per second | {mb / built['seconds']:.2f} |",
        f"| total (s), of it in commits | {built['seconds']:.0f}, {built['commit_seconds']:.0f} |",
        f"| index on disk (MB) | {size / 1e6:,.0f} |",
        f"| peak resident memory of the process, with mapped index files (MB) | "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} |",
        "",
        "## Queries",
        "",
        f"{args.queries} queries per class, rounds: {args.rounds}; medians over the rounds. "
        "Engine: tantivy's top 20 and total count for the query the backend builds. "
        "Facets alone: the counts for 6 fields over all the matches. "
        "Page: all of `backend.search()` (20 hits with their stored fields, highlighted "
        "snippets, facet counts). Audience filter always on. One process, "
        "one query at a time, after the index was reopened by a fresh reader.",
        "",
        "| class | example | engine p50 / p95 (ms) | facets alone p50 / p95 (ms) "
        "| page p50 / p95 (ms) | hits (median) | no hits |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, queries in sets.items():
        text, filters = queries[0]
        example = text + (" + region + 2 years" if filters.region else "")
        lines.append(
            f"| {name} | `{example}` | {median_of(name, 'engine', 0):.2f} / "
            f"{median_of(name, 'engine', 1):.2f} | {median_of(name, 'facets', 0):.2f} / "
            f"{median_of(name, 'facets', 1):.2f} | {median_of(name, 'page', 0):.1f} / "
            f"{median_of(name, 'page', 1):.1f} | {rounds[-1][name]['median_total']:,.0f} | "
            f"{rounds[-1][name]['empty']} |"
        )
    lines += [
        "",
        "Each round, engine p50: "
        + "; ".join(f"{name} {each(name, 'engine', 0)}" for name in sets)
        + ".",
        "",
        "Each round, page p50: "
        + "; ".join(f"{name} {each(name, 'page', 0)}" for name in sets)
        + ".",
        "",
        f"Case-number queries whose act came first: {rounds[-1]['case number']['case_first']} "
        f"of {args.queries}.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--million", action="store_true", help="index 1,000,000 acts")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--queries", type=int, default=200, help="queries per class")
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "search.md"))
    args = parser.parse_args()
    count = 1_000_000 if args.million else args.docs
    args.load_before = os.getloadavg()[0]
    sys.path.insert(0, str(REPO))
    from acts_registry.search.tantivy_backend import TantivyBackend

    print(f"reading {CORPUS_DIR.name}", flush=True)
    acts = real_acts()
    workdir = Path(tempfile.mkdtemp(prefix="search-bench-"))
    try:
        writer = TantivyBackend(workdir)
        print(f"indexing {count:,} synthetic acts", flush=True)
        built = build(writer, count, acts)
        writer.close()
        size = sum(f.stat().st_size for f in writer.path.rglob("*") if f.is_file())
        reader = TantivyBackend(workdir)
        sets = query_sets(acts, built["case_numbers"], args.queries)
        rounds = []
        for number in range(1, args.rounds + 1):
            print(f"round {number}", flush=True)
            rounds.append(measure(reader, sets))
        report = render(args, count, built, size, sets, rounds)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    Path(args.out).write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
