"""While filing a claim, the litigant describes it and the portal suggests a category from
similar published acts (real embeddings); a click chooses it in the form."""

import pytest
from django.utils import timezone

from acts_registry.indexing import search_reindex
from acts_registry.models import Act, ActKind, ActSource, ActStatus, Outcome
from analytics.embeddings import acts_embed
from filings import services
from tests.analytics.corpus_support import FAMILY, LABOUR, LOANS
from tests.factories import CaseCategoryFactory, DistrictCourtFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def corpus(court) -> None:
    now = timezone.now()
    for code, texts in (("loans", LOANS), ("labour", LABOUR), ("family", FAMILY)):
        for text in texts:
            Act.objects.create(
                source=ActSource.SYNTHETIC,
                kind=ActKind.DECISION,
                outcome=Outcome.GRANTED,
                status=ActStatus.IN_FORCE,
                title="Решение",
                text=text,
                text_public=text,
                court_code=court.code,
                court_name=court.name_ru,
                category_code=code,
                category_name=code,
                instance="first",
                issued_on=timezone.localdate(),
                in_force_on=timezone.localdate(),
                published_at=now,
                depersonalised_at=now,
            )


def test_litigant_gets_and_chooses_a_suggested_category(desktop_page, live_server):
    court = DistrictCourtFactory()
    for code, name in (("loans", "Loans"), ("labour", "Labour"), ("family", "Family")):
        CaseCategoryFactory(code=code, name_ru=name, name_en=name)
    corpus(court)
    search_reindex()
    acts_embed()
    author = UserFactory(language="en")
    filing = services.filing_draft_create(author=author)

    page = desktop_page
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_iin").fill(author.iin)
    page.locator("#id_password").fill("Correct-Horse-42")
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/accounts/profile/")
    page.goto(f"{live_server.url}/filings/{filing.public_id}/")

    page.locator("#category-hint").fill(
        "Меня уволили с работы без оснований, прошу восстановить на работе и взыскать зарплату."
    )
    page.get_by_role("button", name="Suggest a category").click()
    first = page.locator("[data-suggestions] button").first
    first.wait_for()
    assert first.inner_text().startswith("Labour")
    first.click()
    chosen = page.locator("#id_category option:checked").inner_text()
    assert chosen == "Labour"
