"""The judge's planner on a phone and a situation-center chart in Chromium: the pages draw,
fit 360 px, and the chart's bars carry the same numbers as its table."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.analytics.situation_support import HearingFactory, world_make

pytestmark = pytest.mark.django_db(transaction=True)


def _page_for(browser, live_server, user, *, width: int):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="ru-RU")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_planner_on_a_phone(browser, live_server):
    world = world_make()
    noon = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(12)))
    HearingFactory(case=world.cases["c2"], starts_at=noon, format="online")
    context, page = _page_for(browser, live_server, world.judge1, width=360)
    try:
        page.goto(f"{live_server.url}/analytics/planner/")
        number = world.cases["c2"].number
        today = page.locator('[data-section="today"]')
        assert today.get_by_role("link", name=number).is_visible()
        cell = page.locator(f'td[data-day="{timezone.localdate():%Y-%m-%d}"]')
        assert cell.get_attribute("aria-current") == "date"
        assert cell.get_by_role("link").count() == 1
        assert page.locator("[data-case-law]").count() == 1
        assert page.locator('[data-section="case-law"] a[href="/register/?category=loans"]').count()
        assert _fits(page)
        assert today.get_by_role("link", name=number).get_attribute("href") == (
            f"/cases/{world.cases['c2'].pk}/"
        )
    finally:
        context.close()


def test_situation_chart_draws_the_months_and_agrees_with_its_table(browser, live_server):
    world = world_make()
    context, page = _page_for(browser, live_server, world.chairman, width=1280)
    try:
        page.goto(f"{live_server.url}/analytics/situation/")
        page.select_option("#sc-chart", "cases_closed")
        page.locator("form.sc-form button[type=submit]").click()
        page.wait_for_url("**chart=cases_closed**")
        chart = page.locator('[data-chart="monthly"]')
        svg = chart.locator('svg[role="img"]')
        assert svg.is_visible()
        bars = svg.locator("rect.bar")
        assert bars.count() == 12
        heights = [float(bars.nth(i).get_attribute("height")) for i in range(12)]
        assert sum(1 for h in heights if h > 0) in (1, 2)  # two closures, in one or two months
        chart.locator("summary").click()
        cells = chart.locator("table tbody td")
        values = [cells.nth(i).inner_text() for i in range(cells.count())]
        assert sum(int(v) for v in values) == 2
        assert page.locator('tr[data-code="cases_incoming"] td.num').inner_text() == "3"
        page.set_viewport_size({"width": 360, "height": 800})
        assert _fits(page)
        with page.expect_download() as download:
            page.locator('a[data-export="csv"]').click()
        assert download.value.suggested_filename.endswith(".csv")
    finally:
        context.close()
