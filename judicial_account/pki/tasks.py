from judicial_account.core.tasks import portal_task


@portal_task(name="pki.signing_receipt_issue", retry_for=(OSError,))
def signing_receipt_issue_task(request_id: int) -> None:
    from judicial_account.pki.models import SigningRequest
    from judicial_account.pki.receipts import signing_receipt_issue

    request = SigningRequest.objects.select_related("signature", "owner").get(pk=request_id)
    signing_receipt_issue(request=request)


@portal_task(name="pki.demo_crls_publish")
def demo_crls_publish_task() -> bool:
    """Re-issue the demo CA's CRLs (they are valid for a week) so that a demo left
    running keeps verifying signatures. Does nothing where the CA's keys are absent, as in
    production, where the national CA's CRLs are fetched by the deployment's own job."""
    from django.conf import settings

    from judicial_account.pki.ca import CertificateAuthority

    ca = CertificateAuthority(settings.PKI_DIR)
    if not (ca.exists and (ca.dir / "issuing.key").exists()):
        return False
    ca.publish_crls()
    return True
