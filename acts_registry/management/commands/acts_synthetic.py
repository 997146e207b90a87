from django.core.management.base import BaseCommand, CommandError

from acts_registry.corpus_synthetic import DEFAULT_COUNT, DEFAULT_SEED, synthetic_corpus_load
from acts_registry.indexing import outbox_drain


class Command(BaseCommand):
    help = (
        "Generate the synthetic civil corpus (published acts across the courts, judges and "
        "categories in the database) and index it. Idempotent for a given seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--no-index", action="store_true")

    def handle(self, *args, count, seed, no_index, **options):
        if count < 0:
            raise CommandError("--count must not be negative")
        created = synthetic_corpus_load(count=count, seed=seed)
        indexed = 0 if no_index else outbox_drain()
        self.stdout.write(f"{created} synthetic acts created; {indexed} outbox rows indexed")
