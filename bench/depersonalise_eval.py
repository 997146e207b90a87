"""How well depersonalisation works on real acts, and how fast.

Builds the labelled sample (`acts_registry.depersonalise_sample`: the real acts of the
ru-court-acts-judgement dataset with synthetic personal data put back where the courts had
removed it, plus added sentences) and runs `depersonalise` over it. Reports recall per kind of
personal data, precision per kind of replacement, how much of what must stay stayed, whether
any IIN or known party's name survived, and the speed (acts per second, median of rounds) on
the labelled sample and on the acts as published by the courts.

Every fourth act is the development subset, the acts looked at while the rules were written;
the other three quarters were not looked at, and are reported apart.

    .venv/bin/python bench/depersonalise_eval.py [--rounds 3] [--examples 0]

Writes bench/results/depersonalise.md; keeps whatever follows its "## Reviewed by hand"
heading. `--examples N` prints N missed and N wrongly replaced spans with their context to the
terminal, to review by hand; they are never written to the results (the false positives are
mostly real people's data the courts left in the acts).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REVIEWED = "## Reviewed by hand"


def measure(sample, score_cls, score_act, depersonalise):
    everything, development, rest = score_cls(), score_cls(), score_cls()
    for number, act in enumerate(sample):
        result = depersonalise(act.text, known_people=act.known_people, keep=act.keep)
        score_act(act, result.replacements, result.text, everything)
        score_act(act, result.replacements, result.text, rest if number % 4 else development)
    return everything, development, rest


def speed(items, rounds, run, characters: int) -> tuple[float, float]:
    """Median acts per second and characters per second over `rounds` passes."""
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        for item in items:
            run(item)
        timings.append(time.perf_counter() - started)
    median = statistics.median(timings)
    return len(items) / median, characters / median


def kind_table(score, kinds) -> list[str]:
    lines = [
        "| kind | gold spans | recall | replacements | precision |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind in kinds:
        predicted = score.predicted[kind]
        precision = f"{score.precision(kind):.4f}" if predicted else "—"
        gold = score.gold[kind]
        recall = f"{score.recall(kind):.4f}" if gold else "—"
        lines.append(f"| {kind} | {gold:,} | {recall} | {predicted:,} | {precision} |")
    lines.append(
        f"| **all** | {sum(score.gold.values()):,} | **{score.recall():.4f}** | "
        f"{sum(score.predicted.values()):,} | **{score.precision():.4f}** |"
    )
    return lines


def report(args, sample, scores, speeds, kinds) -> str:
    everything, development, rest = scores
    (sample_acts, sample_chars), (raw_acts, raw_chars) = speeds
    machine = f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}"
    lines = [
        "# Depersonalisation of judicial acts: measured on real acts",
        "",
        f"Machine: {machine}, Python {platform.python_version()}. Single process.",
        "",
        "Command: `.venv/bin/python bench/depersonalise_eval.py"
        + (f" --rounds {args.rounds}`" if args.rounds != 3 else "`"),
        "",
        f"Sample: all {len(sample)} acts of ru-court-acts-judgement (Russian first-instance",
        "acts, already depersonalised by the courts), with synthetic Russian and Kazakh personal",
        "data put back at the courts' placeholders and in added sentences",
        "(`acts_registry/depersonalise_sample.py`, fixed seed). Recall: a gold span counts as",
        "found when every letter and digit of it is inside a replacement. Precision: a",
        "replacement counts as right when it overlaps a gold span.",
        "",
        "## All acts",
        "",
        *kind_table(everything, kinds),
        "",
        "Person recall is split into the parties passed in as `known_people` and the other",
        "people, who are found by the shape of their names only. Precision for people is one",
        'row ("person"): a replacement does not know which of the two it hit.',
        "",
        "## Development subset and the rest",
        "",
        "| subset | acts | recall | precision | known parties' recall | must-stay kept |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, score, acts in (
        ("every 4th act (looked at while writing the rules)", development, (len(sample) + 3) // 4),
        ("the other acts (not looked at)", rest, len(sample) - (len(sample) + 3) // 4),
    ):
        lines.append(
            f"| {name} | {acts} | {score.recall():.4f} | {score.precision():.4f} | "
            f"{score.recall('person (known party)'):.4f} | {score.kept():.4f} |"
        )
    lines += [
        "",
        "## What must never survive, and what must stay",
        "",
        f"- IINs or forms of a known party's name left in the published text: "
        f"**{len(everything.survivors)}** (every Russian case form, Kazakh case forms,",
        "  first name and patronymic of each known party are looked for in the output).",
        "",
        "| must stay | spans | kept |",
        "|---|---:|---:|",
    ]
    for kind in sorted(everything.must_stay):
        lines.append(f"| {kind} | {everything.must_stay[kind]:,} | {everything.kept(kind):.4f} |")
    lines += [
        "",
        "## Speed",
        "",
        f"Median of {args.rounds} passes, one process:",
        "",
        "| input | acts | acts/s | characters/s |",
        "|---|---:|---:|---:|",
        f"| labelled sample, with its known parties and kept judge | {len(sample)} | "
        f"{sample_acts:,.1f} | {sample_chars:,.0f} |",
        f"| the acts as the courts published them, nothing known | {len(sample)} | "
        f"{raw_acts:,.1f} | {raw_chars:,.0f} |",
        "",
        "The acts are long (median about 11,000 characters, the longest 380,000).",
        "",
    ]
    return "\n".join(lines)


def print_examples(scores, count: int) -> None:
    everything = scores[0]
    picker = random.Random(0)  # noqa: S311 - which examples to show, not a secret
    for title, items in (
        ("missed", everything.misses),
        ("replaced without a label", everything.false_positives),
        ("removed although it must stay", everything.removed_by_mistake),
    ):
        print(f"== {title}: {len(items)}")
        for act_id, kind, context in picker.sample(items, min(count, len(items))):
            print(f"{act_id} {kind}: {context}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--examples", type=int, default=0)
    parser.add_argument(
        "--dataset",
        type=Path,
        default=(ROOT / ".." / "shared" / "datasets").resolve() / "ru-court-acts-judgement",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from acts_registry.depersonalise import depersonalise
    from acts_registry.depersonalise_sample import (
        KNOWN_PERSON,
        OTHER_PERSON,
        Score,
        build_sample,
        load_acts,
        score_act,
    )

    if not args.dataset.is_dir():
        print(f"The dataset is missing: {args.dataset.name}", file=sys.stderr)
        return 1
    sample = build_sample(args.dataset)
    scores = measure(sample, Score, score_act, depersonalise)
    raw = [text for _, text in load_acts(args.dataset)]
    speeds = (
        speed(
            sample,
            args.rounds,
            lambda act: depersonalise(act.text, known_people=act.known_people, keep=act.keep),
            sum(len(act.text) for act in sample),
        ),
        speed(raw, args.rounds, depersonalise, sum(map(len, raw))),
    )
    kinds = [
        KNOWN_PERSON,
        OTHER_PERSON,
        "person",
        "iin",
        "phone",
        "address",
        "birth_date",
        "account",
        "card",
    ]
    target = ROOT / "bench" / "results" / "depersonalise.md"
    kept = ""
    if target.exists() and REVIEWED in target.read_text(encoding="utf-8"):
        kept = target.read_text(encoding="utf-8").split(REVIEWED, 1)[1]
    text = report(args, sample, scores, speeds, kinds)
    if kept:
        text += f"\n{REVIEWED}{kept}"
    target.write_text(text, encoding="utf-8")
    print(text)
    if args.examples:
        print_examples(scores, args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
