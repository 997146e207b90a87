"""The situation center: every indicator computes on a small world with known figures, at
each level; access role by role; bad input answered with stable codes; the page, its
exports and the API."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from analytics.indicators import BY_CODE, INDICATORS, category_mix, scope_children
from analytics.situation import Level, Period, Scope, default_period
from tests.analytics.situation_support import EXPECTED_AT_D, world_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return world_make()


def test_at_least_thirty_indicators_each_with_a_test_figure():
    assert len(INDICATORS) >= 30
    assert set(EXPECTED_AT_D) == set(BY_CODE)


def test_every_indicator_at_court_level(world):
    scope = Scope(Level.COURT, world.court)
    period = default_period()
    got = {i.code: i.value(scope, period) for i in INDICATORS}
    assert got == pytest.approx(EXPECTED_AT_D, abs=0.01)


def test_national_level_adds_the_other_court_and_the_anonymous_answers(world):
    scope, period = Scope(Level.NATIONAL), default_period()
    assert BY_CODE["cases_incoming"].value(scope, period) == 4
    assert BY_CODE["workload_per_judge"].value(scope, period) == pytest.approx(1.33, abs=0.01)
    assert BY_CODE["questionnaire_count"].value(scope, period) == 3
    assert BY_CODE["satisfaction_avg"].value(scope, period) == 3
    assert BY_CODE["notices_delivered_share"].value(scope, period) == pytest.approx(66.67)
    assert BY_CODE["acts_issued"].value(scope, period) == 3  # the review act too


def test_region_level_counts_its_courts_only(world):
    scope, period = Scope(Level.REGION, world.region), default_period()
    assert BY_CODE["cases_incoming"].value(scope, period) == 3
    assert BY_CODE["fee_revenue"].value(scope, period) == 5000


def test_judge_level_counts_the_judges_cases_and_has_no_questionnaire(world):
    scope, period = Scope(Level.JUDGE, world.judge1), default_period()
    assert BY_CODE["cases_incoming"].value(scope, period) == 2
    assert BY_CODE["workload_per_judge"].value(scope, period) == 2
    assert BY_CODE["acts_issued"].value(scope, period) == 1
    assert BY_CODE["appeal_reversal_rate"].value(scope, period) == 100
    assert BY_CODE["satisfaction_avg"].value(scope, period) is None


def test_a_period_before_everything_gives_zeros_and_no_ratios(world):
    scope = Scope(Level.COURT, world.court)
    period = Period(dt.date(2001, 1, 1), dt.date(2001, 12, 31))
    assert BY_CODE["cases_incoming"].value(scope, period) == 0
    assert BY_CODE["clearance_rate"].value(scope, period) is None
    assert BY_CODE["fee_revenue"].value(scope, period) is None


def test_monthly_series_sums_to_the_total(world):
    scope, period = Scope(Level.COURT, world.court), default_period()
    for code in ("cases_incoming", "cases_closed", "hearings_held", "fee_revenue"):
        series = BY_CODE[code].series(scope, period)
        assert list(series) == period.months()
        assert sum(v or 0 for v in series.values()) == BY_CODE[code].value(scope, period)


def test_ratio_series_divides_month_by_month(world):
    scope, period = Scope(Level.COURT, world.court), default_period()
    series = BY_CODE["deadline_compliance"].series(scope, period)
    assert sorted(v for v in series.values() if v is not None) == [0, 100]


def test_stock_indicators_have_no_series(world):
    assert BY_CODE["cases_pending"].series(Scope(Level.NATIONAL), default_period()) is None
    assert not BY_CODE["cases_pending"].has_series


def test_category_mix_and_children(world):
    scope, period = Scope(Level.COURT, world.court), default_period()
    assert [(code, n) for code, _name, n in category_mix(scope, period)] == [
        ("loans", 2),
        ("labour", 1),
    ]
    judges = {child.unit.pk for child in scope_children(scope)}
    assert judges == {world.judge1.pk, world.judge2.pk}


def test_figures_take_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    scope, period = Scope(Level.COURT, world.court), default_period()
    with django_assert_max_num_queries(2 * len(INDICATORS)):
        for indicator in INDICATORS:
            indicator.value(scope, period)


# --- access ------------------------------------------------------------------------------


def _scope_of(world, level):
    return {
        "national": ("national", ""),
        "region": ("region", world.region.code),
        "court": ("court", world.court.code),
        "other_court": ("court", world.other_court.code),
        "judge1": ("judge", str(world.judge1.pk)),
        "judge3": ("judge", str(world.judge3.pk)),
    }[level]


ACCESS = [
    # (who, which unit, allowed)
    ("analyst", "national", True),
    ("analyst", "region", True),
    ("analyst", "other_court", True),
    ("analyst", "judge3", True),
    ("admin", "national", True),
    ("admin", "judge1", True),
    ("chairman", "court", True),
    ("chairman", "judge1", True),
    ("chairman", "other_court", False),
    ("chairman", "judge3", False),
    ("chairman", "national", False),
    ("chairman", "region", False),
    ("judge1", "judge1", True),
    ("judge1", "judge3", False),
    ("judge1", "court", False),
    ("judge1", "other_court", False),
    ("judge1", "national", False),
    ("litigant", "judge1", False),
    ("litigant", "national", False),
    ("clerk", "court", False),
]


@pytest.mark.parametrize(("who", "unit", "allowed"), ACCESS)
def test_access_by_role(world, api_client, who, unit, allowed):
    api_client.force_login(getattr(world, who))
    level, key = _scope_of(world, unit)
    response = api_client.get(
        "/api/v1/analytics/indicators/values/",
        {"level": level, "unit": key, "codes": "cases_incoming"},
    )
    assert response.status_code == (200 if allowed else 403)


@pytest.mark.parametrize(("who", "unit", "allowed"), ACCESS)
def test_page_access_by_role(world, client, who, unit, allowed):
    client.force_login(getattr(world, who))
    level, key = _scope_of(world, unit)
    response = client.get("/analytics/situation/", {"scope": f"{level}:{key}"})
    assert response.status_code == (200 if allowed else 403)


def test_anonymous_is_refused(world, client, api_client):
    assert api_client.get("/api/v1/analytics/indicators/").status_code == 403
    assert api_client.get("/api/v1/analytics/indicators/values/").status_code == 403
    response = client.get("/analytics/situation/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login")


def test_each_role_starts_at_its_own_unit(world, client):
    expected = {
        "analyst": "national:",
        "chairman": f"court:{world.court.code}",
        "judge1": f"judge:{world.judge1.pk}",
    }
    for who, scope_value in expected.items():
        client.force_login(getattr(world, who))
        assert client.get("/analytics/situation/").context["scope_value"] == scope_value


# --- bad input ---------------------------------------------------------------------------

BAD = [
    ({"codes": "cases_incoming,nonsense"}, 400, "unknown_indicator"),
    ({"level": "galaxy", "unit": "x"}, 400, "unknown_level"),
    ({"level": "court"}, 400, "unit_required"),
    ({"level": "court", "unit": "NOPE"}, 400, "unknown_unit"),
    ({"level": "judge", "unit": "99999999"}, 400, "unknown_unit"),
    ({"from": "2024-13-01"}, 400, "invalid_date"),
    ({"from": "yesterday"}, 400, "invalid_date"),
    ({"from": "2024-05-01", "to": "2024-01-01"}, 400, "reversed_range"),
    ({"from": "2010-01-01", "to": "2024-01-01"}, 400, "range_too_long"),
    ({"from": "0001-01-01", "to": "9999-12-31"}, 400, "range_too_long"),
    ({"codes": ",".join(["cases_incoming"] * 101)}, 400, "too_many_codes"),
]


@pytest.mark.parametrize(("params", "status", "code"), BAD)
def test_bad_input_is_answered_with_a_stable_code(world, api_client, params, status, code):
    api_client.force_login(world.analyst)
    response = api_client.get("/api/v1/analytics/indicators/values/", params)
    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["detail"]


def test_bad_input_on_the_page_is_shown_in_the_users_language(world, client):
    client.force_login(world.analyst)
    response = client.get("/analytics/situation/", {"from": "2024-05-01", "to": "2024-01-01"})
    assert response.status_code == 400
    with translation.override("ru"):
        assert str(_("The start of the period is after its end.")) in response.text


def test_a_judge_naming_a_missing_judge_is_refused_not_told(world, api_client):
    api_client.force_login(world.judge1)
    response = api_client.get(
        "/api/v1/analytics/indicators/values/", {"level": "judge", "unit": "99999999"}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "unit_not_allowed"


def test_exactly_ten_years_is_allowed(world, api_client):
    api_client.force_login(world.analyst)
    response = api_client.get(
        "/api/v1/analytics/indicators/values/",
        {"from": "2014-01-01", "to": "2024-01-01", "codes": "cases_incoming"},
    )
    assert response.status_code == 200


# --- API and page ------------------------------------------------------------------------


def test_catalogue_lists_every_indicator_in_three_languages(world, api_client):
    api_client.force_login(world.judge1)
    body = api_client.get("/api/v1/analytics/indicators/").json()
    assert [row["code"] for row in body] == [i.code for i in INDICATORS]
    assert all(set(row["names"]) == {"ru", "kk", "en"} for row in body)
    assert all(row["definition"] and row["unit"] for row in body)


def test_values_api_answers_figures_and_series(world, api_client):
    api_client.force_login(world.chairman)
    response = api_client.get(
        "/api/v1/analytics/indicators/values/",
        {
            "level": "court",
            "unit": world.court.code,
            "codes": "cases_incoming,clearance_rate,cases_pending",
            "series": "1",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["level"] == "court" and body["unit"] == world.court.code
    values = {row["code"]: row["value"] for row in body["results"]}
    assert values == {"cases_incoming": 3, "clearance_rate": 66.67, "cases_pending": 1}
    series = body["results"][0]["series"]
    assert len(series) == 12 and sum(p["value"] for p in series) == 3
    assert body["results"][2]["series"] is None


def test_values_api_without_codes_answers_every_indicator(world, api_client):
    api_client.force_login(world.analyst)
    body = api_client.get("/api/v1/analytics/indicators/values/").json()
    assert len(body["results"]) == len(INDICATORS)
    assert body["level"] == "national"


def test_page_shows_table_charts_and_their_tables(world, client):
    client.force_login(world.chairman)
    response = client.get(
        "/analytics/situation/",
        {
            "scope": f"court:{world.court.code}",
            "codes": ["cases_incoming", "fee_revenue"],
            "chart": "cases_incoming",
        },
    )
    assert response.status_code == 200
    page = response.text
    assert 'data-code="cases_incoming"' in page and 'data-code="fee_revenue"' in page
    assert 'data-code="clearance_rate"' not in page
    assert page.count('role="img"') == 3  # by month, by judge, by category
    assert page.count('<details class="chart-table">') == 3


def test_csv_export_is_what_the_page_shows(world, client):
    client.force_login(world.chairman)
    response = client.get(
        "/analytics/situation/",
        {
            "scope": f"court:{world.court.code}",
            "codes": ["cases_incoming", "fee_revenue"],
            "export": "csv",
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    table = {row[0]: row[2] for row in rows if row and row[0] in BY_CODE}
    assert table == {"cases_incoming": "3.0", "fee_revenue": "5000.0"}
    assert ["Займы", "2"] in rows or ["Займы", "2.0"] in rows


def test_xlsx_export_is_what_the_page_shows(world, client):
    client.force_login(world.judge1)
    response = client.get(
        "/analytics/situation/", {"codes": ["cases_incoming", "acts_issued"], "export": "xlsx"}
    )
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 5
    rows = list(book.worksheets[1].iter_rows(values_only=True))
    assert [(r[0], r[2]) for r in rows[2:]] == [("cases_incoming", 2), ("acts_issued", 1)]
