"""Non-standard decisions: an act whose outcome the model finds unlikely, or that stands
apart from its neighbours, is flagged with the neighbours as evidence (never an act of a
case heard in camera); who sees the flags, role by role; the periodic task."""

import datetime as dt

import pytest
from django.urls import reverse

from acts_registry.models import ActStatus
from analytics.models import NonStandardFlag
from analytics.nonstandard import flag_nonstandard
from analytics.tasks import flag_nonstandard_recent_task
from cases.models import Position
from judicial_account.accounts.models import Role
from tests.analytics.corpus_support import LOANS, index_and_embed, other_case, public
from tests.analytics.forecast_support import (  # noqa: F401  (fixtures)
    LOAN_TEXT,
    analytics_dir_fixture,
    outcome_model_fixture,
)
from tests.factories import CourtStaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbours(act_make, district_court, loans):
    """Five granted loan acts of another case, and one of a case heard in camera."""
    case = other_case(district_court, loans)
    start = dt.date(2025, 1, 10)
    made = [
        act_make(case=case, outcome="granted", **public(LOANS[i % 3] + f" №{i}", "loans", start))
        for i in range(5)
    ]
    closed = act_make(
        case=other_case(district_court, loans, closed=True),
        status=ActStatus.ISSUED,
        outcome="granted",
        text=LOANS[0] + " закрыто",
        category_code="loans",
    )
    index_and_embed(*made, closed)
    return {"open": made, "closed": closed}


@pytest.fixture
def unusual_act(act_make, neighbours):
    act = act_make(outcome="denied", text=LOAN_TEXT, category_code="loans")
    index_and_embed(act)
    return act


def test_an_unlikely_outcome_is_flagged_with_its_neighbours_as_evidence(
    outcome_model, neighbours, unusual_act
):
    flag = flag_nonstandard(unusual_act)

    evidence = flag.evidence
    assert set(evidence["reasons"]) == {"low_probability", "outlier_among_neighbours"}
    assert evidence["probability"] < evidence["threshold"]
    ids = {n["act_id"] for n in evidence["neighbours"]}
    assert ids == {a.pk for a in neighbours["open"]}
    assert neighbours["closed"].pk not in ids
    assert all(n["outcome"] == "granted" and n["similarity"] > 0 for n in evidence["neighbours"])
    assert flag.score > 0.5


def test_a_usual_outcome_is_not_flagged(outcome_model, act_make, neighbours):
    act = act_make(outcome="granted", text=LOAN_TEXT, category_code="loans")
    index_and_embed(act)

    assert flag_nonstandard(act) is None
    assert not NonStandardFlag.objects.filter(act=act).exists()


def test_the_threshold_is_a_setting(settings, outcome_model, act_make):
    settings.ANALYTICS_NONSTANDARD_THRESHOLD = 0.0
    act = act_make(outcome="denied", text=LOAN_TEXT, category_code="empty-category")
    index_and_embed(act)

    assert flag_nonstandard(act) is None


def test_the_periodic_task_checks_recently_issued_acts(outcome_model, unusual_act):
    flagged = flag_nonstandard_recent_task()

    assert flagged >= 1
    assert NonStandardFlag.objects.filter(act=unusual_act).count() == 1
    flag_nonstandard_recent_task()
    assert NonStandardFlag.objects.filter(act=unusual_act).count() == 1


def test_without_a_model_the_task_does_nothing(analytics_dir, unusual_act):
    assert flag_nonstandard_recent_task() == 0


def _people(district_court, judge_first):
    chairman = CourtStaffFactory(
        court=district_court, position=Position.CHAIRMAN, user__role=Role.CHAIRMAN
    ).user
    other_chairman = CourtStaffFactory(position=Position.CHAIRMAN, user__role=Role.CHAIRMAN).user
    return {
        "analyst": (UserFactory(role=Role.ANALYST), 200, 1),
        "chairman": (chairman, 200, 1),
        "other_chairman": (other_chairman, 200, 0),
        "judge_first": (judge_first, 200, 1),
        "other_judge": (CourtStaffFactory(court=district_court).user, 200, 0),
        "litigant": (UserFactory(), 403, 0),
    }


@pytest.mark.parametrize(
    "who", ["analyst", "chairman", "other_chairman", "judge_first", "other_judge", "litigant"]
)
def test_who_sees_the_flags(
    client, api_client, outcome_model, unusual_act, district_court, judge_first, who
):
    flag_nonstandard(unusual_act)
    user, page_status, count = _people(district_court, judge_first)[who]
    client.force_login(user)
    api_client.force_authenticate(user)

    page = client.get(reverse("analytics_web:nonstandard"))
    listed = api_client.get("/api/v1/analytics/nonstandard/").json()["results"]

    assert page.status_code == page_status
    assert len(listed) == count


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(reverse("analytics_web:nonstandard")).status_code == 302
