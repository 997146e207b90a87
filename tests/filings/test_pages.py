import pytest
from django.urls import reverse

from filings import services
from tests.factories import UserFactory
from tests.filings.conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_page(client):
    author = UserFactory(language="en")
    client.force_login(author)
    client.cookies["django_language"] = "en"
    filing = services.filing_draft_create(author=author)
    return filing, client


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        (
            "party_add",
            {"role": "defendant", "identifier": "123456789012", "kind": "iin"},
            "check digit",
        ),
        ("party_add", {"role": "defendant", "identifier": "12", "kind": "iin"}, "at least 12"),
        ("claim", {"subject": "Долг", "amount": "-5", "text": "x"}, "greater than or equal"),
        ("claim", {"subject": "", "amount": "", "text": ""}, "required"),
    ],
)
def test_bad_steps_are_explained_and_the_draft_unchanged(draft_page, step, data, message):
    filing, client = draft_page
    response = client.post(reverse(f"filings:{step}", args=[filing.public_id]), data, follow=True)
    assert message in response.content.decode()
    filing.refresh_from_db()
    assert (filing.subject, filing.amount, filing.parties.count()) == ("", None, 0)


def test_renamed_program_attachment_is_refused_on_the_page(draft_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    filing, client = draft_page
    response = client.post(
        reverse("filings:attachment_add", args=[filing.public_id]),
        {"file": upload(b"MZ\x90\x00program", "claim.pdf")},
        follow=True,
    )
    assert "claim.pdf: Only PDF, JPEG, PNG and DOCX" in response.content.decode()
    assert not filing.attachments.exists()


def test_someone_elses_draft_is_not_found(draft_page):
    filing, client = draft_page
    client.force_login(UserFactory())
    assert client.get(reverse("filings:detail", args=[filing.public_id])).status_code == 404
    assert (
        client.post(
            reverse("filings:claim", args=[filing.public_id]), {"subject": "x", "text": "y"}
        ).status_code
        == 404
    )


def test_claim_page_offers_category_suggestions_from_the_api(draft_page, court, loans):
    filing, client = draft_page
    page = client.get(reverse("filings:detail", args=[filing.public_id])).content.decode()
    assert "data-category-suggest" in page
    assert 'data-url="/api/v1/analytics/category/"' in page
    # The script maps the suggested codes to the select's options.
    assert f'data-code="{loans.code}" data-code-pk="{loans.pk}"' in page
    assert "js/category_suggest.js" in page
