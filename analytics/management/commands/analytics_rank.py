"""Rank candidate texts against a query, line by line: IN.jsonl has
{"id", "query", "candidates": [...]}, OUT.jsonl gets {"id", "scores": [...]} in the same order
(higher = more similar). A line that cannot be scored gets {"id", "scores": null, "error"}
and is reported on stderr with its number, so the output stays aligned with the input."""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from acts_registry.management.progress import Progress
from analytics.embeddings import MAX_RANK_CANDIDATES, TextRejected, rank, text_check


def _scores(line: str) -> tuple[object, list[float]]:
    record = json.loads(line)
    if not isinstance(record, dict):
        raise ValueError("a line must be a JSON object")
    candidates = record.get("candidates")
    if not isinstance(candidates, list) or not 1 <= len(candidates) <= MAX_RANK_CANDIDATES:
        raise ValueError(f"candidates must be a list of 1..{MAX_RANK_CANDIDATES} texts")
    if not all(isinstance(text, str) for text in candidates):
        raise ValueError("every candidate must be a text")
    query = text_check(record.get("query") if isinstance(record.get("query"), str) else "")
    return record.get("id"), rank(query, [text_check(text) for text in candidates])


class Command(BaseCommand):
    help = "Score candidate texts by similarity to a query (JSON lines in, JSON lines out)."

    def add_arguments(self, parser):
        parser.add_argument("input", help="IN.jsonl: {id, query, candidates} per line")
        parser.add_argument("output", help="OUT.jsonl: {id, scores} per line")
        parser.add_argument("--progress", action="store_true", help="force the progress bar")

    def handle(self, *args, input, output, **options):
        source = Path(input)
        if not source.is_file():
            raise CommandError(f"No such file: {source}")
        lines = source.read_text(encoding="utf-8").splitlines()
        progress = Progress(len(lines), "rank", enabled=options["progress"] or None)
        started, scored, failed = time.monotonic(), 0, 0
        with Path(output).open("w", encoding="utf-8") as sink:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    record_id, scores = _scores(line)
                    sink.write(json.dumps({"id": record_id, "scores": scores}) + "\n")
                    scored += 1
                except (ValueError, TextRejected) as problem:
                    failed += 1
                    self.stderr.write(f"{source.name}:{number}: {problem}")
                    sink.write(
                        json.dumps({"id": _id_of(line), "scores": None, "error": str(problem)})
                        + "\n"
                    )
                progress(number)
        progress.finish()
        elapsed = time.monotonic() - started
        self.stdout.write(f"{scored} lines scored, {failed} refused, in {elapsed:.1f} s")


def _id_of(line: str):
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record.get("id") if isinstance(record, dict) else None
