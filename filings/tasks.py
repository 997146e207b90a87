from django.db import OperationalError

from judicial_account.core.tasks import portal_task


@portal_task(name="filings.intake", retry_for=(OperationalError,))
def filing_intake_task(filing_id: int) -> None:
    from filings.intake import filing_intake

    filing_intake(filing_id=filing_id)
