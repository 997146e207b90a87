import pytest
from django.core.management import call_command

from acts_registry.models import Act, ActStatus
from cases.models import Case

pytestmark = pytest.mark.django_db


def test_demo_acts_are_issued_through_the_real_signing_flow(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.PKI_DIR = pki = tmp_path / "pki"
    settings.PKI_TRUSTED_ROOTS = [str(pki / "root.pem")]
    settings.PKI_INTERMEDIATES = [str(pki / "issuing.pem")]
    settings.PKI_CRL_FILES = [str(pki / "root.crl"), str(pki / "issuing.crl")]
    settings.PKI_SEAL_DIR = tmp_path / "seals"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEMO_SYNTHETIC_ACTS = 0
    call_command("demo_data", "--quiet")
    call_command("pki_demo")
    call_command("acts_demo")
    act = Act.objects.get(case__subject__startswith="[demo] Взыскание неустойки")
    assert act.status == ActStatus.ISSUED and act.signature.valid
    assert act.case.status == "decided"
    call_command("acts_demo")  # idempotent
    assert Act.objects.filter(case=act.case).count() == 1
    assert Case.objects.filter(subject__startswith="[demo]").count() >= 3
