"""Train an outcome model and write its evaluation report.

    manage.py analytics_train                              # the register's acts, model "outcome"
    manage.py analytics_train --input FILE.jsonl --name N  # any corpus of {"id","text","outcome"}
    manage.py analytics_train --ru-dataset DIR --subset admin_rallies [--name N]
                                                           # the real Russian acts, converted

The new version becomes current only if its held-out macro-F1 is no worse than the current
one's. The report (JSON) goes next to the artifact, or to --report."""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from analytics.artifacts import DEFAULT_OUTCOME_MODEL, BadModelName, analytics_dir, check_name
from analytics.datasets import RU_SUBSETS, BadLine, read_jsonl, ru_subset_examples
from analytics.models import ModelArtifact
from analytics.training import SEED, database_examples, hnsw_recall_at_10, train_outcome_model


class Command(BaseCommand):
    help = "Train and evaluate an outcome model; store it as a new versioned artifact."

    def add_arguments(self, parser):
        parser.add_argument("--input", help="JSONL of {id, text, outcome} (else the register)")
        parser.add_argument("--ru-dataset", help="folder of the ru-court-acts-judgement dataset")
        parser.add_argument("--subset", choices=RU_SUBSETS, help="subset of --ru-dataset")
        parser.add_argument("--name", help=f"model name (default {DEFAULT_OUTCOME_MODEL!r})")
        parser.add_argument("--seed", type=int, default=SEED)
        parser.add_argument("--report", help="where to write the JSON report")
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="do nothing when the model already has a current version (make demo uses it)",
        )

    def handle(self, *args, **options):
        name = options["name"] or (
            f"ru-{options['subset'].replace('_', '-')}"
            if options["ru_dataset"]
            else DEFAULT_OUTCOME_MODEL
        )
        if (
            options["if_missing"]
            and ModelArtifact.objects.filter(name=name, is_current=True).exists()
        ):
            self.stdout.write(f"{name}: a current model exists; nothing to do.")
            return
        examples, source = self._examples(options)
        try:
            check_name(name)
        except BadModelName:
            raise CommandError(
                "A model name is lower-case letters, digits, '.', '_' or '-' (at most 100)."
            ) from None
        if len(examples) < 10:
            raise CommandError(f"Too few labelled examples to train on: {len(examples)}.")
        started = time.monotonic()
        try:
            artifact, promoted, report = train_outcome_model(
                examples, name=name, trained_on=source, seed=options["seed"]
            )
        except ValueError as problem:
            raise CommandError(str(problem)) from None
        report["hnsw_recall_at_10"] = hnsw_recall_at_10()
        report["artifact"] = {"name": name, "version": artifact.version, "sha256": artifact.sha256}
        report["seconds"] = round(time.monotonic() - started, 1)
        artifact.metrics = report
        artifact.save(update_fields=["metrics"])
        target = Path(
            options["report"] or analytics_dir() / "reports" / f"{name}-v{artifact.version}.json"
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        self._summary(report, name, artifact.version, promoted, target)

    def _examples(self, options) -> tuple[list[dict], str]:
        if options["input"] and options["ru_dataset"]:
            raise CommandError("Give either --input or --ru-dataset, not both.")
        if options["ru_dataset"]:
            if not options["subset"]:
                raise CommandError("--ru-dataset needs --subset.")
            folder = Path(options["ru_dataset"])
            if not (folder / f"{options['subset']}.jsonl").is_file():
                raise CommandError(f"No {options['subset']}.jsonl in {folder}")
            return ru_subset_examples(
                folder, options["subset"]
            ), f"ru-court-acts-judgement/{options['subset']}"
        if options["input"]:
            if not options["name"]:
                raise CommandError("--input needs --name.")
            path = Path(options["input"])
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            try:
                rows = list(read_jsonl(path, required=("id", "text", "outcome")))
            except BadLine as problem:
                raise CommandError(f"{path.name}: {problem}") from None
            return [
                {"id": r["id"], "text": r["text"], "outcome": str(r["outcome"])}
                for r in rows
                if r["text"].strip() and str(r["outcome"]).strip()
            ], path.name
        return database_examples(), "register (published first-instance acts)"

    def _summary(self, report, name, version, promoted, target) -> None:
        model, baselines = report["model"], report["baselines"]
        lines = [
            f"{name} v{version}: {report['split']['train']} train / {report['split']['test']} test",
            f"  model     accuracy {model['accuracy']:.3f}  macro-F1 {model['macro_f1']:.3f}  "
            f"ECE {model['ece']:.3f}",
            f"  majority  accuracy {baselines['majority']['accuracy']:.3f}  "
            f"macro-F1 {baselines['majority']['macro_f1']:.3f}",
        ]
        if "tfidf_lr" in baselines:
            lr = baselines["tfidf_lr"]
            lines.append(
                f"  tfidf+LR  accuracy {lr['accuracy']:.3f}  macro-F1 {lr['macro_f1']:.3f}  "
                f"ECE {lr['ece']:.3f}"
            )
        recall = report["hnsw_recall_at_10"]
        lines.append(
            f"  HNSW recall@10 vs exact: {recall['recall']:.3f} over {recall['queries']} queries"
            if recall.get("recall") is not None
            else f"  HNSW recall@10: {recall['note']}"
        )
        lines.append(
            "  became the current model"
            if promoted
            else "  kept the current model (it scores better)"
        )
        lines.append(f"  report: {target}")
        self.stdout.write("\n".join(lines))
