"""The claim wizard in Chromium: court, parties from the registry, the claim, an
attachment, the EDS signature made in the page, submission and the state fee paid on
the sandbox gateway."""

import pytest

from filings.models import Filing, FilingStatus
from judicial_account import registries
from judicial_account.pki.ca import SIGN
from tests.factories import (
    CaseCategoryFactory,
    CourtStaffFactory,
    DistrictCourtFactory,
    UserFactory,
)
from tests.filings.conftest import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)
KEY_PASSWORD = "wizard-key-1"


def test_claim_wizard_sign_and_pay(
    desktop_page, live_server, issue, test_ca, trust_test_ca, settings, tmp_path
):
    from filings.fee_table import fee_table_load

    fee_table_load()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = live_server.url
    court = DistrictCourtFactory(name_en="Bostandyk District Court")
    loans = CaseCategoryFactory(code="loans", name_ru="Займы", name_en="Loans")
    CourtStaffFactory(court=court).specialisations.set([loans])
    person = next(
        p for p in registries.backend().people() if registries.mobile_number_lookup(p.iin)
    )
    author = UserFactory(iin=person.iin, last_name=person.last_name, language="en")
    entity = registries.backend().legal_entities()[0]
    key_path = tmp_path / "sign.p12"
    key_path.write_bytes(issue(SIGN, "ec", iin=author.iin).p12(KEY_PASSWORD, test_ca))
    evidence = tmp_path / "loan-agreement.pdf"
    evidence.write_bytes(pdf_bytes("Договор займа № 7"))

    page = desktop_page
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_iin").fill(author.iin)
    page.locator("#id_password").fill("Correct-Horse-42")
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/accounts/profile/")

    page.get_by_role("link", name="File a claim").click()
    page.get_by_role("button", name="Start a new claim").click()
    page.select_option("#id_court", label=court.name_en)
    page.select_option("#id_category", label="Loans")
    page.locator("#court button[type=submit]").click()

    page.locator("#id_identifier").fill(author.iin)
    page.get_by_role("button", name="Add the party").click()
    page.select_option("#id_role", "defendant")
    page.locator("#id_identifier").fill(entity.bin)
    page.locator("#id_kind_1").check()
    page.get_by_role("button", name="Add the party").click()
    assert entity.name in page.locator("#parties").inner_text()
    assert person.last_name in page.locator("#parties").inner_text()

    page.locator("#id_subject").fill("Recovery of a loan")
    page.locator("#id_amount").fill("400000")
    page.locator("#id_text").fill("The defendant did not repay the loan.")
    page.locator("#claim button[type=submit]").click()
    page.set_input_files("#id_file", str(evidence))
    page.get_by_role("button", name="Attach").click()
    assert "loan-agreement.pdf" in page.locator("#attachments").inner_text()
    assert "4000.00" in page.locator("#submit").inner_text()  # 1% state fee

    page.get_by_role("button", name="Sign with EDS").click()
    page.set_input_files("#eds-key", str(key_path))
    page.fill("#eds-password", KEY_PASSWORD)
    page.get_by_role("button", name="Sign", exact=True).click()
    page.wait_for_url("**/filings/*/")
    assert "Signed with your EDS" in page.locator("#submit").inner_text()

    page.get_by_role("button", name="Submit and pay the fee").click()
    page.wait_for_url("**/payments/sandbox/*/")
    page.get_by_role("button", name="Pay").click()
    page.wait_for_url("**/filings/*/")
    filing = Filing.objects.get(author=author)
    assert filing.fee_paid
    assert filing.status in (FilingStatus.SUBMITTED, FilingStatus.REGISTERED)
