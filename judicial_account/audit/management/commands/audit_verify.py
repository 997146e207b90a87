from django.core.management.base import BaseCommand, CommandError

from judicial_account.audit.services import audit_chain_verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain and name the first broken row."

    def handle(self, *args, **options):
        report = audit_chain_verify()
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at entry #{report.first_broken_id}: {report.reason} "
                f"({report.checked} entries before it are intact)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} entries."))
