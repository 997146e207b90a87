from django.core.management.base import BaseCommand, CommandError

from acts_registry.indexing import REINDEX_BATCH_SIZE, search_reindex
from acts_registry.management.progress import Progress


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database (the source of truth), in batches. "
        "Waits while the search worker is writing; searches keep working meanwhile."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=REINDEX_BATCH_SIZE)
        parser.add_argument("--progress", action="store_true", help="force the progress bar")

    def handle(self, *args, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        progress = Progress(0, "reindex", enabled=options["progress"] or None)
        done = search_reindex(batch_size=batch_size, progress=progress)
        progress.finish()
        self.stdout.write(f"{done} acts indexed")
