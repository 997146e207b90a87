"""The judge's planner: today's hearings, deadlines overdue and due soon, cases by stage,
the month calendar and the case law of each open case's category; who may open whose."""

import datetime as dt

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from analytics.planner import case_law_summaries, planner_for
from tests.analytics.situation_support import DeadlineFactory, HearingFactory, world_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = world_make()
    c2 = world.cases["c2"]
    DeadlineFactory(case=c2, due_on=timezone.localdate() + dt.timedelta(days=3))
    noon = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(12)))
    HearingFactory(case=c2, starts_at=noon, format="online")
    return world


def test_planner_gathers_the_judges_day(world):
    planner = planner_for(judge=world.judge1)
    assert [h.case for h in planner.hearings_today] == [world.cases["c2"]]
    assert [d.case for d in planner.deadlines.overdue] == [world.cases["c2"]]
    assert len(planner.deadlines.due_soon) == 1
    counts = {stage.status: stage.count for stage in planner.stages}
    assert counts == {
        "registered": 0,
        "in_progress": 1,
        "suspended": 0,
        "decided": 1,
        "closed": 0,
    }
    assert planner.open_cases == [world.cases["c2"]]


def test_calendar_places_hearings_on_their_day(world):
    today = timezone.localdate()
    planner = planner_for(judge=world.judge1, month=today)
    days = {day.date: day for week in planner.calendar for day in week}
    assert [h.case for h in days[today].hearings] == [world.cases["c2"]]
    assert days[today].is_today
    assert all(len(week) == 7 for week in planner.calendar)


def test_case_law_summary_counts_published_acts_of_the_category(world):
    summaries = case_law_summaries(categories={"loans": "Займы"}, today=timezone.localdate())
    loans = summaries["loans"]
    assert loans.total == 1  # the unpublished act does not count
    assert [(n, share) for _label, n, share in loans.outcomes] == [(1, 100.0)]
    assert loans.median_awarded == 800
    assert loans.register_url == "/register/?category=loans"


def test_case_law_of_a_category_without_acts_is_empty(world):
    summaries = case_law_summaries(categories={"rare": "Редкие"}, today=timezone.localdate())
    assert summaries["rare"].total == 0 and summaries["rare"].median_awarded is None


def test_page_shows_every_section(world, client, django_assert_max_num_queries):
    client.force_login(world.judge1)
    with django_assert_max_num_queries(25):
        response = client.get("/analytics/planner/")
    assert response.status_code == 200
    page = response.text
    for section in ("today", "deadlines", "stages", "case-law", "calendar"):
        assert f'data-section="{section}"' in page
    assert world.cases["c2"].number in page
    assert "/register/?category=loans" in page
    assert page.count("data-overdue") == 1 and page.count("data-due-soon") == 1


@pytest.mark.parametrize(
    ("who", "whose", "status"),
    [
        ("judge1", None, 200),
        ("judge1", "judge1", 200),
        ("judge1", "judge2", 403),
        ("judge3", "judge1", 403),
        ("chairman", None, 200),
        ("chairman", "judge2", 200),
        ("chairman", "judge3", 403),
        ("analyst", None, 403),
        ("litigant", None, 403),
        ("clerk", None, 403),
    ],
)
def test_who_may_open_whose_planner(world, client, who, whose, status):
    client.force_login(getattr(world, who))
    params = {"judge": getattr(world, whose).pk} if whose else {}
    assert client.get("/analytics/planner/", params).status_code == status


def test_chairman_sees_a_judge_of_the_court(world, client):
    client.force_login(world.chairman)
    response = client.get("/analytics/planner/", {"judge": world.judge1.pk})
    assert response.context["judge"] == world.judge1
    assert world.cases["c2"].number in response.text


def test_anonymous_is_sent_to_log_in(client):
    response = client.get("/analytics/planner/")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


@pytest.mark.parametrize("month", ["2025-13", "junk", "0001-01", "2025-1"])
def test_a_bad_month_is_explained(world, client, month):
    client.force_login(world.judge1)
    response = client.get("/analytics/planner/", {"month": month})
    assert response.status_code == 400
    with translation.override("ru"):
        assert str(_("The month must be written as YYYY-MM, for example 2025-03.")) in response.text


def test_another_month_turns_the_calendar(world, client):
    client.force_login(world.judge1)
    response = client.get("/analytics/planner/", {"month": "2024-02"})
    assert response.status_code == 200
    assert response.context["planner"].month == dt.date(2024, 2, 1)
    assert 'data-day="2024-02-29"' in response.text


@pytest.mark.parametrize(
    ("who", "planner", "situation"),
    [
        ("judge1", True, True),
        ("chairman", True, True),
        ("analyst", False, True),
        ("litigant", False, False),
    ],
)
def test_navigation_links_by_role(world, client, who, planner, situation):
    client.force_login(getattr(world, who))
    page = client.get("/").text
    assert ('href="/analytics/planner/"' in page) == planner
    assert ('href="/analytics/situation/"' in page) == situation
