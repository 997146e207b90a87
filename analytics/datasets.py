"""Labelled corpora for the outcome model, in one line format: `{"id", "text", "outcome"}`.

The real Russian acts (ru-court-acts-judgement) carry the answer in their operative part, so
only the text before it is kept: the annotated text is cut at its `\\resb` tag and the markup
is stripped (the markup itself would leak the label). Acts without the tag, or with no
derived label ("unlabelled"), are left out: there is nothing honest to learn from them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

RU_DATASET = "ru-court-acts-judgement"
RU_SUBSETS = ("admin_rallies", "criminal_drugs")
OPERATIVE_TAG = "\\resb"
_MARKUP = re.compile(r"\\[a-z]+(\{[^}]*\})?")
UNLABELLED = "unlabelled"


def strip_markup(annotated: str) -> str:
    return _MARKUP.sub("", annotated)


def ru_act_to_example(record: dict) -> dict | None:
    """One record of the Russian dataset as a training line, or None when it cannot be one."""
    annotated = record.get("text_annotated") or ""
    cut = annotated.find(OPERATIVE_TAG)
    outcome = record.get("outcome") or UNLABELLED
    if cut < 0 or outcome == UNLABELLED:
        return None
    text = strip_markup(annotated[:cut]).strip()
    if not text:
        return None
    return {"id": record["id"], "text": text, "outcome": outcome}


def ru_subset_examples(dataset_dir: Path, subset: str) -> list[dict]:
    path = Path(dataset_dir) / f"{subset}.jsonl"
    examples = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                example = ru_act_to_example(json.loads(line))
                if example is not None:
                    examples.append(example)
    return examples


def write_jsonl(path: Path, rows: Iterable[dict]) -> int:
    count = 0
    with Path(path).open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


class BadLine(ValueError):
    def __init__(self, number: int, reason: str):
        super().__init__(f"line {number}: {reason}")
        self.number = number
        self.reason = reason


def read_jsonl(path: Path, *, required: tuple[str, ...]) -> Iterator[dict]:
    """Lines of a JSONL file as dicts with the required string fields; a bad line raises
    BadLine with its number, so the caller can say exactly what to fix."""
    with Path(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise BadLine(number, f"not JSON ({error.msg})") from None
            if not isinstance(row, dict):
                raise BadLine(number, "not a JSON object")
            for name in required:
                if name not in row:
                    raise BadLine(number, f"no {name!r}")
            if "text" in required and not isinstance(row["text"], str):
                raise BadLine(number, "'text' is not a string")
            yield row
