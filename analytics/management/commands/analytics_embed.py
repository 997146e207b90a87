"""Embed the acts lacking a vector of the current model (the same job the beat runs)."""

from django.core.management.base import BaseCommand, CommandError

from acts_registry.management.progress import Progress
from analytics.embeddings import MODEL_NAME, MODEL_VERSION, acts_embed, acts_to_embed


class Command(BaseCommand):
    help = "Embed judicial acts for similar-case search (resumable; skips what is done)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="embed at most N acts")
        parser.add_argument("--progress", action="store_true", help="force the progress bar")

    def handle(self, *args, limit, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1")
        todo = acts_to_embed().count()
        progress = Progress(
            min(todo, limit or todo),
            f"embed ({MODEL_NAME} {MODEL_VERSION})",
            enabled=options["progress"] or None,
        )
        done = acts_embed(limit=limit, progress=progress)
        progress.finish()
        self.stdout.write(f"{done} acts embedded, {todo - done} left")
