"""The judges' case-law search: every issued act in full text for judges, chairmen and
analysts; acts of closed hearings never; nobody else at all."""

import pytest
from django.urls import reverse

from acts_registry.models import ActStatus
from tests.acts_registry.registry_support import SECRET_NAME, public_fields
from tests.acts_registry.test_register import hidden_acts, indexed  # noqa: F401 - fixture
from tests.factories import CourtStaffFactory, DistrictCourtFactory, UserFactory

pytestmark = pytest.mark.django_db

SEARCH = "/register/case-law/"


def test_a_judge_of_any_court_finds_issued_acts_in_full_text(client, act_make, hidden_acts):  # noqa: F811
    (issued,) = indexed(act_make(status=ActStatus.ISSUED))  # not in force, not published
    unpublished, not_in_force, closed = hidden_acts
    judge_elsewhere = CourtStaffFactory(court=DistrictCourtFactory()).user
    client.force_login(judge_elsewhere)
    page = client.get(SEARCH, {"q": "тайна"})
    assert page.status_code == 200
    links = page.content.decode()
    for act in (unpublished, not_in_force):
        assert reverse("register:case_law_act", args=[act.pk]) in links
    assert reverse("register:case_law_act", args=[closed.pk]) not in links
    page = client.get(reverse("register:case_law_act", args=[issued.pk]))
    assert page.status_code == 200 and issued.text in page.content.decode()
    assert client.get(reverse("register:case_law_act", args=[closed.pk])).status_code == 404


def test_the_public_and_parties_have_no_case_law_search(client, act_make, plaintiff):
    act = act_make(**public_fields())
    for person in (None, plaintiff, UserFactory()):
        if person:
            client.force_login(person)
        else:
            client.logout()
        response = client.get(SEARCH, {"q": SECRET_NAME})
        assert response.status_code in (302, 404)
        assert SECRET_NAME not in response.content.decode()
        detail = client.get(reverse("register:case_law_act", args=[act.pk]))
        assert detail.status_code in (302, 404)


def test_an_analyst_searches_the_case_law(client, act_make):
    (act,) = indexed(act_make(status=ActStatus.ISSUED))
    analyst = UserFactory(role="analyst")
    client.force_login(analyst)
    page = client.get(SEARCH, {"q": "займа"})
    assert reverse("register:case_law_act", args=[act.pk]) in page.content.decode()
