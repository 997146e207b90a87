"""Outside corpora of judicial acts: importing JSON Lines files, and the synthetic civil corpus
the demo data generates (see corpus_synthetic.py).

Imported acts have no case in this portal. They are depersonalised by our own rules (the
courts' own depersonalisation is partial), published in force at once, and reach the search
index through the outbox like every other act.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from acts_registry.depersonalise import depersonalise
from acts_registry.indexing import outbox_enqueue_many
from acts_registry.models import Act, ActKind, ActSource, ActStatus, Outcome
from cases.models import Instance

IMPORT_BATCH_SIZE = 200
# Inline markup of the ru-court-acts-judgement dataset (\resb, \fn{300}, ...): it leaks the
# labels and is not part of the act.
_MARKUP = re.compile(r"\\[a-z]+(\{[^}]*\})?")
_DATASET_KINDS = {
    "POSTANOVLENIE": ActKind.RESOLUTION,
    "PRIGOVOR": ActKind.DECISION,
    "RESHENIE": ActKind.DECISION,
    "OTHER": ActKind.RULING,
}
_DATASET_TITLES = {
    "POSTANOVLENIE": "Постановление",
    "PRIGOVOR": "Приговор",
    "RESHENIE": "Решение",
    "OTHER": "Судебный акт",
}
_DATASET_CATEGORIES = {
    "admin_rallies": "Административные правонарушения: публичные мероприятия",
    "criminal_drugs": "Уголовные дела: незаконный оборот наркотиков",
}
_DATASET_OUTCOMES = {
    "terminated": Outcome.DISCONTINUED,
    "released_from_punishment_or_terminated": Outcome.DISCONTINUED,
    "returned_to_police": Outcome.LEFT_WITHOUT_CONSIDERATION,
}
_FIELDS_UPDATED = (
    "kind",
    "outcome",
    "status",
    "title",
    "text",
    "text_public",
    "depersonalised_at",
    "case_number",
    "court_code",
    "court_name",
    "region_code",
    "region_name",
    "category_code",
    "category_name",
    "instance",
    "judge_names",
    "issued_on",
    "in_force_on",
    "published_at",
)

GENERIC_FORMAT_HELP = (
    "One JSON object per line. Two formats are read: the ru-court-acts-judgement dataset "
    "(id, doc_type, case_number, decision_date, court_raw, subset, outcome, text_annotated), "
    "and a generic one: id (required), text (required), kind (decision|ruling|court_order|"
    "resolution, default decision), case_number, court (a code), court_name, region, "
    "region_name, category, category_name, instance (first|appeal|cassation), outcome (one "
    "of the portal's outcome codes), issued_on (YYYY-MM-DD), title, judges (names, comma-"
    "separated)."
)


class BadRecord(ValueError):
    """A line that cannot become an act; the message says why."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0  # already there, left alone (skip_existing)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line number, why)

    @property
    def skipped(self) -> int:
        return len(self.problems)


def plain_text(annotated: str) -> str:
    return _MARKUP.sub("", annotated)


def _code_for(prefix: str, name: str) -> str:
    """A stable code for a name that is not in our catalogue (foreign courts)."""
    return f"{prefix}-{hashlib.sha1(name.encode()).hexdigest()[:10]}"  # noqa: S324 - a label


def _date(value, line_field: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise BadRecord(f"{line_field} is not a date (YYYY-MM-DD): {str(value)[:40]!r}") from None


def _choice(value, choices, name: str, default: str = "") -> str:
    value = (value or default) or ""
    if value and value not in choices.values:
        raise BadRecord(f"{name} {str(value)[:40]!r} is not one of {', '.join(choices.values)}")
    return value


def record_fields(row: dict) -> dict:
    """The act's fields from one parsed line, in either format. Raises BadRecord."""
    if not isinstance(row, dict):
        raise BadRecord("not a JSON object")
    external_id = str(row.get("id") or "").strip()
    if not external_id:
        raise BadRecord("no id")
    if "text_annotated" in row:
        return _dataset_fields(row, external_id)
    return _generic_fields(row, external_id)


def _dataset_fields(row: dict, external_id: str) -> dict:
    text = plain_text(row.get("text_annotated") or "").strip()
    if not text:
        raise BadRecord("empty text")
    court = " ".join(str(row.get("court_raw") or "").split())[:300]
    subset = str(row.get("subset") or "")
    doc_type = str(row.get("doc_type") or "OTHER")
    return {
        "external_id": external_id,
        "text": text,
        "kind": _DATASET_KINDS.get(doc_type, ActKind.RULING),
        "title": _DATASET_TITLES.get(doc_type, "Судебный акт"),
        "outcome": _DATASET_OUTCOMES.get(str(row.get("outcome") or ""), ""),
        "case_number": str(row.get("case_number") or "")[:60],
        "court_code": _code_for("ext", court) if court else "",
        "court_name": court,
        "region_code": "",
        "region_name": "",
        "category_code": subset[:64],
        "category_name": _DATASET_CATEGORIES.get(subset, subset)[:200],
        "instance": Instance.FIRST,
        "judge_names": "",
        "issued_on": _date(row.get("decision_date"), "decision_date"),
    }


def _generic_fields(row: dict, external_id: str) -> dict:
    text = str(row.get("text") or "").strip()
    if not text:
        raise BadRecord("no text")
    kind = _choice(row.get("kind"), ActKind, "kind", default=ActKind.DECISION)
    court_name = str(row.get("court_name") or row.get("court") or "")[:300]
    category_name = str(row.get("category_name") or row.get("category") or "")[:200]
    return {
        "external_id": external_id,
        "text": text,
        "kind": kind,
        "title": str(row.get("title") or ActKind(kind).label)[:300],
        "outcome": _choice(row.get("outcome"), Outcome, "outcome"),
        "case_number": str(row.get("case_number") or "")[:60],
        "court_code": str(row.get("court") or "")[:64],
        "court_name": court_name,
        "region_code": str(row.get("region") or "")[:64],
        "region_name": str(row.get("region_name") or row.get("region") or "")[:200],
        "category_code": str(row.get("category") or "")[:64],
        "category_name": category_name,
        "instance": _choice(row.get("instance"), Instance, "instance"),
        "judge_names": str(row.get("judges") or "")[:300],
        "issued_on": _date(row.get("issued_on"), "issued_on"),
    }


def _published(fields: dict, now) -> dict:
    """Depersonalised by our rules and published in force."""
    return fields | {
        "text_public": depersonalise(fields["text"]).text,
        "depersonalised_at": now,
        "status": ActStatus.IN_FORCE,
        "in_force_on": fields["issued_on"],
        "published_at": now,
    }


def _read_lines(path: Path) -> Iterator[tuple[int, dict | None, str]]:
    """(line number, parsed object or None, problem) for every non-blank line."""
    with open(path, encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line), ""
            except json.JSONDecodeError as error:
                yield number, None, f"not valid JSON ({error.msg})"


def count_lines(path: Path) -> int:
    with open(path, "rb") as lines:
        return sum(1 for line in lines if line.strip())


def acts_import(
    path: Path | str,
    *,
    source_name: str = "",
    batch_size: int = IMPORT_BATCH_SIZE,
    limit: int | None = None,
    skip_existing: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import a JSON Lines file of acts (see GENERIC_FORMAT_HELP). Idempotent: an act is
    known by source "import" and "<source_name>/<id>", so a second run updates it. Bad lines
    are reported with their numbers and skipped. `limit` stops after that many records;
    `skip_existing` leaves acts imported before as they are (no second depersonalisation,
    for `make run`); `progress(lines_done)` is called after each batch."""
    path = Path(path)
    prefix = source_name or path.parent.name or path.stem
    report = ImportReport()
    batch: dict[str, dict] = {}
    lines_done = 0
    records = 0
    for number, row, problem in _read_lines(path):
        lines_done += 1
        if limit is not None and records >= limit:
            break
        if row is None:
            report.problems.append((number, problem))
            continue
        try:
            fields = record_fields(row)
        except BadRecord as error:
            report.problems.append((number, str(error)))
            continue
        records += 1
        fields["external_id"] = f"{prefix}/{fields['external_id']}"[:200]
        batch[fields["external_id"]] = fields  # a repeated id: the later line wins
        if len(batch) >= max(batch_size, 1):
            _import_batch(list(batch.values()), report, skip_existing=skip_existing)
            batch.clear()
            if progress is not None:
                progress(lines_done)
    if batch:
        _import_batch(list(batch.values()), report, skip_existing=skip_existing)
    if progress is not None:
        progress(lines_done)
    return report


@transaction.atomic
def _import_batch(rows: list[dict], report: ImportReport, *, skip_existing: bool) -> None:
    now = timezone.now()
    existing = {
        act.external_id: act
        for act in Act.objects.filter(
            source=ActSource.IMPORT, external_id__in=[r["external_id"] for r in rows]
        )
    }
    if skip_existing:
        report.unchanged += sum(1 for r in rows if r["external_id"] in existing)
        rows = [r for r in rows if r["external_id"] not in existing]
    to_update, to_create = [], []
    for fields in rows:
        fields = _published(fields, now)
        act = existing.get(fields["external_id"])
        if act is None:
            to_create.append(Act(source=ActSource.IMPORT, **fields))
            continue
        first_published = act.published_at
        for name in _FIELDS_UPDATED:
            setattr(act, name, fields[name])
        act.published_at = first_published or now  # a re-import does not republish
        act.updated_at = now
        to_update.append(act)
    Act.objects.bulk_update(to_update, [*_FIELDS_UPDATED, "updated_at"])
    created = Act.objects.bulk_create(to_create)
    outbox_enqueue_many([act.pk for act in (*to_update, *created)])
    report.created += len(created)
    report.updated += len(to_update)
