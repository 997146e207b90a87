"""Forecast outcomes line by line: IN.jsonl has {"id", "text"}, OUT.jsonl gets
{"id", "probabilities": {outcome: p, ...}, "prediction": outcome} with the named model (the
current version of --model, default "outcome"). The text is read as the text before the
operative part; a whole act is cut there first. A line that cannot be forecast gets
{"id", "probabilities": null, "prediction": null, "error"}, reported on stderr with its
number, so the output stays aligned with the input."""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from analytics.artifacts import DEFAULT_OUTCOME_MODEL, BadModelName, UnknownModel, model_current
from analytics.training import text_before_operative

BATCH = 64


def _record(line: str) -> tuple[object, str]:
    record = json.loads(line)
    if not isinstance(record, dict):
        raise ValueError("a line must be a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("'text' must be a non-empty string")
    return record.get("id"), text_before_operative(text) or text


class Command(BaseCommand):
    help = "Forecast the outcome of each text (JSON lines in, JSON lines out)."

    def add_arguments(self, parser):
        parser.add_argument("input", help="IN.jsonl: {id, text} per line")
        parser.add_argument("output", help="OUT.jsonl: {id, probabilities, prediction} per line")
        parser.add_argument("--model", default=DEFAULT_OUTCOME_MODEL, help="model name")

    def handle(self, *args, input, output, model, **options):
        try:
            artifact, outcome_model = model_current(model)
        except (UnknownModel, BadModelName):
            raise CommandError(
                f"No trained model named {model!r}: train one with analytics_train."
            ) from None
        source = Path(input)
        if not source.is_file():
            raise CommandError(f"No such file: {source}")
        started, done, failed = time.monotonic(), 0, 0
        pending: list[tuple[object, str]] = []
        with (
            source.open(encoding="utf-8") as lines,
            Path(output).open("w", encoding="utf-8") as sink,
        ):

            def flush():
                if not pending:
                    return
                probabilities = outcome_model.predict_proba([text for _, text in pending])
                for (record_id, _), row in zip(pending, probabilities, strict=True):
                    by_class = {
                        c: round(float(p), 6)
                        for c, p in zip(outcome_model.classes, row, strict=True)
                    }
                    best = max(by_class, key=by_class.get)
                    sink.write(
                        json.dumps(
                            {"id": record_id, "probabilities": by_class, "prediction": best},
                            ensure_ascii=False,
                        )
                        + "\n"
                    )
                pending.clear()

            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    pending.append(_record(line))
                    done += 1
                except ValueError as problem:
                    flush()
                    failed += 1
                    self.stderr.write(f"{source.name}:{number}: {problem}")
                    sink.write(
                        json.dumps(
                            {
                                "id": _id_of(line),
                                "probabilities": None,
                                "prediction": None,
                                "error": str(problem),
                            }
                        )
                        + "\n"
                    )
                if len(pending) >= BATCH:
                    flush()
            flush()
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{done} lines forecast with {artifact.name} v{artifact.version}, {failed} refused, "
            f"in {elapsed:.1f} s"
        )


def _id_of(line: str):
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record.get("id") if isinstance(record, dict) else None
