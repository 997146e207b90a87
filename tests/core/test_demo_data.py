import json

import pytest
from django.core.management import call_command

from cases.models import Court, CourtLevel, CourtStaff
from judicial_account.accounts.models import EntityOfficer, Role, User
from judicial_account.accounts.services import login_check_password

pytestmark = pytest.mark.django_db


def test_demo_data_is_complete_and_idempotent(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("demo_data", "--quiet")
    counts = (User.objects.count(), Court.objects.count(), CourtStaff.objects.count())
    first = json.loads((tmp_path / "demo" / "credentials.json").read_text())
    call_command("demo_data", "--quiet")
    second = json.loads((tmp_path / "demo" / "credentials.json").read_text())
    assert counts == (User.objects.count(), Court.objects.count(), CourtStaff.objects.count())
    assert first == second

    levels = set(Court.objects.values_list("level", flat=True))
    assert levels == {CourtLevel.DISTRICT, CourtLevel.REGIONAL, CourtLevel.SUPREME}
    assert Court.objects.filter(level=CourtLevel.DISTRICT).values("region").distinct().count() >= 3
    for court in Court.objects.filter(level=CourtLevel.DISTRICT):
        assert court.parent.level == CourtLevel.REGIONAL
        assert court.parent.parent.level == CourtLevel.SUPREME
    roles = {entry["role"] for entry in first}
    assert {
        "litigant",
        "representative",
        "clerk",
        "judge",
        "chairman",
        "analyst",
        "mediator",
        "admin",
        "company_officer",
    } <= roles
    assert EntityOfficer.objects.exists()
    assert CourtStaff.objects.filter(position="judge", specialisations__isnull=False).exists()

    for entry in first:
        assert set(entry) >= {"role", "iin", "name", "password"}
        user = login_check_password(iin=entry["iin"], password=entry["password"], ip=None)
        assert ("totp_secret" in entry) == user.requires_otp
    assert User.objects.get(role=Role.ADMIN).is_superuser
