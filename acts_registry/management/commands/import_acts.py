from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from acts_registry.corpus import GENERIC_FORMAT_HELP, IMPORT_BATCH_SIZE, acts_import, count_lines
from acts_registry.indexing import outbox_drain
from acts_registry.management.progress import Progress


class Command(BaseCommand):
    help = (
        "Import judicial acts from a JSON Lines file into the register: depersonalised, "
        "published in force, indexed. Idempotent: a second run updates the acts it made. "
        "Bad lines are reported with their numbers and skipped. " + GENERIC_FORMAT_HELP
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .jsonl file")
        parser.add_argument(
            "--source-name",
            default="",
            help="namespace of the file's ids (default: the name of the file's folder)",
        )
        parser.add_argument("--batch-size", type=int, default=IMPORT_BATCH_SIZE)
        parser.add_argument("--limit", type=int, default=None, help="import only N records")
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="leave the acts in the search outbox for the search worker",
        )
        parser.add_argument(
            "--skip-existing",
            action="store_true",
            help="leave acts imported before untouched (faster repeated demo loads)",
        )
        parser.add_argument("--progress", action="store_true", help="force the progress bar")

    def handle(self, *args, file, source_name, batch_size, limit, no_index, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        progress = Progress(
            count_lines(path), f"import {path.name}", enabled=options["progress"] or None
        )
        report = acts_import(
            path,
            source_name=source_name,
            batch_size=batch_size,
            limit=limit,
            skip_existing=options["skip_existing"],
            progress=progress,
        )
        progress.finish()
        for line, problem in report.problems:
            self.stderr.write(f"{path.name}:{line}: skipped: {problem}")
        indexed = 0 if no_index else outbox_drain()
        self.stdout.write(
            f"{report.created} created, {report.updated} updated, {report.unchanged} left as "
            f"they were, {report.skipped} skipped"
            f"; {indexed} outbox rows indexed"
        )
