from judicial_account.core.tasks import portal_task


@portal_task(name="pki.signing_receipt_issue", retry_for=(OSError,))
def signing_receipt_issue_task(request_id: int) -> None:
    from judicial_account.pki.models import SigningRequest
    from judicial_account.pki.receipts import signing_receipt_issue

    request = SigningRequest.objects.select_related("signature", "owner").get(pk=request_id)
    signing_receipt_issue(request=request)
