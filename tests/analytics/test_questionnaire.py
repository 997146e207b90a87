import pytest
from django.urls import reverse

from analytics.models import QuestionnaireResponse
from tests.factories import DistrictCourtFactory

pytestmark = pytest.mark.django_db
URL = reverse("analytics:questionnaire")


def test_anonymous_answer_is_stored_without_identity(client):
    court = DistrictCourtFactory()
    response = client.post(
        URL,
        {"court": court.pk, "service": "filing", "rating": "4", "comment": " Slow upload "},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302
    answer = QuestionnaireResponse.objects.get()
    assert (answer.court, answer.service, answer.rating, answer.comment) == (
        court,
        "filing",
        4,
        "Slow upload",
    )
    field_names = {f.name for f in QuestionnaireResponse._meta.fields}
    assert not field_names & {"ip", "user", "actor"}


@pytest.mark.parametrize(
    "data",
    [
        {"service": "filing", "rating": "9"},
        {"service": "filing", "rating": "0"},
        {"service": "nonsense", "rating": "3"},
        {"service": "filing"},
        {"service": "filing", "rating": "3", "comment": "x" * 2001},
        {"service": "filing", "rating": "3", "court": "999999"},
    ],
)
def test_bad_answers_are_refused_with_nothing_saved(client, data):
    client.cookies["django_language"] = "en"
    response = client.post(URL, data, REMOTE_ADDR="198.51.100.8")
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not QuestionnaireResponse.objects.exists()


def test_flooding_is_rate_limited(client):
    for _ in range(5):
        client.post(URL, {"service": "portal", "rating": "5"}, REMOTE_ADDR="198.51.100.99")
    response = client.post(URL, {"service": "portal", "rating": "1"}, REMOTE_ADDR="198.51.100.99")
    assert response.status_code == 429
    assert QuestionnaireResponse.objects.count() == 5
