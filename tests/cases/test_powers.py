import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import access, powers
from judicial_account.accounts.models import Role
from judicial_account.pki.ca import SIGN
from judicial_account.pki.client import cms_sign
from judicial_account.pki.services import signing_request_content, signing_request_sign
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def lawyer():
    return UserFactory(role=Role.REPRESENTATIVE, licence_number="LIC-7")


def sign(power, issue):
    holder = issue(SIGN, "ec", iin=power.principal.iin)
    request = power.signing_request
    signing_request_sign(
        request=request,
        cms_der=cms_sign(signing_request_content(request), holder.key, holder.cert),
        user=power.principal,
        channel="test",
    )


def in_a_year():
    return timezone.localdate() + dt.timedelta(days=365)


def test_all_cases_power_opens_every_case_of_the_principal_until_revoked(
    register, lawyer, issue, trust_test_ca
):
    principal = UserFactory()
    first, second = register(plaintiff=principal), register(plaintiff=principal)
    power = powers.power_draft(
        principal=principal, representative_iin=lawyer.iin, case=None, valid_until=in_a_year()
    )
    assert not access.visible_cases(lawyer).exists()  # not before it is signed
    with pytest.raises(ValidationError):
        powers.power_activate(power=power)
    sign(power, issue)
    powers.power_activate(power=power)
    assert set(access.visible_cases(lawyer)) == {first, second}
    assert access.Need.FILE in access.needs_of(lawyer, first)
    assert lawyer.notifications.filter(kind="power.granted").count() == 1
    powers.power_revoke(power=power)
    assert not access.visible_cases(lawyer).exists()


def test_case_power_covers_that_case_and_joins_its_file(register, lawyer, issue, trust_test_ca):
    principal = UserFactory()
    mine, other = register(plaintiff=principal), register(plaintiff=principal)
    power = powers.power_draft(
        principal=principal, representative_iin=lawyer.iin, case=mine, valid_until=in_a_year()
    )
    sign(power, issue)
    powers.power_activate(power=power)
    assert list(access.visible_cases(lawyer)) == [mine]
    assert mine.documents.filter(kind="power_of_attorney").count() == 1
    assert other.documents.count() == 0


def test_expiry_ends_access(register, lawyer, issue, trust_test_ca, time_machine):
    time_machine.move_to(timezone.now())
    principal = UserFactory()
    case = register(plaintiff=principal)
    power = powers.power_draft(
        principal=principal,
        representative_iin=lawyer.iin,
        case=None,
        valid_until=timezone.localdate() + dt.timedelta(days=2),
    )
    sign(power, issue)
    powers.power_activate(power=power)
    assert access.visible_cases(lawyer).filter(pk=case.pk).exists()
    time_machine.shift(dt.timedelta(days=3))
    assert not access.visible_cases(lawyer).exists()


@pytest.mark.parametrize(
    ("who", "until_days", "field"),
    [
        ("stranger", 30, "representative_iin"),
        ("self", 30, "representative_iin"),
        ("lawyer", -1, "valid_until"),
        ("lawyer", 365 * 4, "valid_until"),
    ],
)
def test_bad_powers_are_refused(lawyer, who, until_days, field):
    principal = UserFactory()
    iin = {"stranger": UserFactory().iin, "self": principal.iin, "lawyer": lawyer.iin}[who]
    with pytest.raises(ValidationError) as error:
        powers.power_draft(
            principal=principal,
            representative_iin=iin,
            case=None,
            valid_until=timezone.localdate() + dt.timedelta(days=until_days),
        )
    assert field in error.value.message_dict


def test_only_the_principal_may_activate_or_revoke(client, lawyer):
    principal = UserFactory()
    power = powers.power_draft(
        principal=principal, representative_iin=lawyer.iin, case=None, valid_until=in_a_year()
    )
    client.force_login(lawyer)
    assert client.post(reverse("cases:power_revoke", args=[power.pk])).status_code == 404
    assert client.post(reverse("cases:power_activate", args=[power.pk])).status_code == 404
    client.force_login(principal)
    assert client.post(reverse("cases:power_revoke", args=[power.pk])).status_code == 302


def test_powers_page_drafts_and_sends_to_signing(client, lawyer):
    principal = UserFactory()
    client.force_login(principal)
    response = client.post(
        reverse("cases:powers"),
        {"representative_iin": lawyer.iin, "case": "", "valid_until": in_a_year().isoformat()},
    )
    assert response.status_code == 302 and "/pki/sign/" in response["Location"]
    assert "next=/cases/powers/" in response["Location"]
