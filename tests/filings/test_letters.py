import pytest
from django.urls import reverse

from filings import letters
from filings.models import LetterStatus
from judicial_account.accounts.models import Role
from tests.factories import CourtStaffFactory, DistrictCourtFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_letter_reaches_the_court_and_the_reply_reaches_the_author(client):
    court = DistrictCourtFactory()
    clerk = CourtStaffFactory(court=court, position="clerk", user=UserFactory(role=Role.CLERK)).user
    author = UserFactory()
    letter = letters.letter_send(
        author=author, court=court, subject="Справка", body="Прошу выдать справку."
    )
    assert clerk.notifications.filter(kind="letter.received").count() == 1
    client.force_login(clerk)
    page = client.get(reverse("filings:letter", args=[letter.public_id]))
    assert "Прошу выдать справку." in page.content.decode()
    client.post(
        reverse("filings:letter_reply", args=[letter.public_id]), {"reply": "Справка готова."}
    )
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ANSWERED and letter.replied_by == clerk
    assert author.notifications.filter(kind="letter.answered").count() == 1


def test_letters_are_private_to_the_author_and_the_court(client):
    court, other_court = DistrictCourtFactory(), DistrictCourtFactory()
    letter = letters.letter_send(author=UserFactory(), court=court, subject="Вопрос", body="Текст")
    outsider_staff = CourtStaffFactory(court=other_court).user
    for user in (UserFactory(), outsider_staff):
        client.force_login(user)
        assert client.get(reverse("filings:letter", args=[letter.public_id])).status_code == 404
        assert (
            client.post(
                reverse("filings:letter_reply", args=[letter.public_id]), {"reply": "x"}
            ).status_code
            == 404
        )
    client.force_login(letter.author)  # the author cannot answer their own letter
    assert (
        client.post(
            reverse("filings:letter_reply", args=[letter.public_id]), {"reply": "x"}
        ).status_code
        == 404
    )


def test_empty_letter_is_refused(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("filings:letters"), {"court": DistrictCourtFactory().pk, "subject": "", "body": ""}
    )
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
