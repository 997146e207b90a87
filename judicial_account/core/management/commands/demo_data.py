import base64
import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule


class DemoContext:
    """What the app seeders share: the logins they create, collected for the README's
    table, `make run`'s banner and var/demo/credentials.json."""

    def __init__(self) -> None:
        self.credentials: list[dict] = []
        self.objects: dict[str, object] = {}

    def add_login(self, *, role: str, user, password: str, totp_key_hex: str | None = None):
        entry = {"role": role, "iin": user.iin, "name": user.full_name, "password": password}
        if totp_key_hex:
            entry["totp_secret"] = base64.b32encode(bytes.fromhex(totp_key_hex)).decode()
        self.credentials.append(entry)


class Command(BaseCommand):
    help = (
        "Load demonstration data (courts, staff, litigants, ...). Idempotent: running it "
        "again changes nothing and prints the same logins."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="do not print the logins")
        parser.add_argument(
            "--acts",
            type=int,
            default=3000,
            help="synthetic judicial acts for the register (0: none)",
        )

    def handle(self, *args, quiet=False, acts=3000, **options):
        context = DemoContext()
        with transaction.atomic():
            # Each app seeds its own data in its `demo.py`, in INSTALLED_APPS order, so
            # lower apps (courts, users) exist before the apps that hang on them.
            for config in apps.get_app_configs():
                if module_has_submodule(config.module, "demo"):
                    module = __import__(f"{config.name}.demo", fromlist=["seed"])
                    module.seed(context)
        self._register_corpus(max(acts, 0))
        out = Path(settings.VAR_DIR) / "demo" / "credentials.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(context.credentials, ensure_ascii=False, indent=2))
        out.chmod(0o600)
        if quiet:
            return
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded; logins in {out}"))
        for entry in context.credentials:
            totp = f"  TOTP {entry['totp_secret']}" if "totp_secret" in entry else ""
            self.stdout.write(
                f"  {entry['role']:<15} {entry['iin']}  {entry['password']:<22}"
                f" {entry['name']}{totp}"
            )

    @staticmethod
    def _register_corpus(count: int) -> None:
        """The synthetic civil corpus, so the register has something to search, then the
        search index brought up to date (the acts go through the outbox like any other)."""
        from acts_registry.corpus_synthetic import synthetic_corpus_load
        from acts_registry.indexing import outbox_drain

        synthetic_corpus_load(count=count)
        outbox_drain()
