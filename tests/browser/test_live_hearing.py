"""A clerk schedules a hearing and the litigant's open page shows it at once: the notice
is pushed over the websocket, no reload."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from cases.models import PartyRole
from cases.services import PartyInput, case_register
from hearings.models import Courtroom
from hearings.scheduling import hearing_slots
from judicial_account.accounts.models import Role
from tests.factories import (
    CaseCategoryFactory,
    CourtStaffFactory,
    DistrictCourtFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def session_cookie(user, url: str) -> dict:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}


def test_scheduled_hearing_appears_live_on_the_litigants_page(browser, asgi_live_server):
    court = DistrictCourtFactory()
    category = CaseCategoryFactory(code="loans")
    CourtStaffFactory(court=court).specialisations.set([category])
    Courtroom.objects.create(court=court, number="101")
    clerk = CourtStaffFactory(
        court=court, position="clerk", user=UserFactory(role=Role.CLERK, language="en")
    ).user
    litigant, defendant = UserFactory(language="en"), UserFactory()
    case = case_register(
        court=court,
        category=category,
        subject="Долг",
        filed_at=timezone.now(),
        parties=[
            PartyInput(role=PartyRole.PLAINTIFF, name="A", iin=litigant.iin),
            PartyInput(role=PartyRole.DEFENDANT, name="B", iin=defendant.iin),
        ],
    )
    url = asgi_live_server.url
    language = {"name": "django_language", "value": "en", "url": url}

    litigant_context = browser.new_context(viewport={"width": 390, "height": 800})
    litigant_context.add_cookies([session_cookie(litigant, url), language])
    litigant_page = litigant_context.new_page()
    litigant_page.goto(f"{url}/cases/{case.pk}/")
    litigant_page.evaluate("window.__noReload = true")
    litigant_page.wait_for_timeout(500)  # the websocket connects

    clerk_context = browser.new_context()
    clerk_context.add_cookies([session_cookie(clerk, url), language])
    clerk_page = clerk_context.new_page()
    clerk_page.goto(f"{url}/hearings/case/{case.pk}/schedule/?duration=60&format=in_person")
    slot = hearing_slots(
        case=case, duration=dt.timedelta(hours=1), hearing_format="in_person", limit=1
    )[0]
    clerk_page.locator("ul.notifications button").first.click()
    clerk_page.wait_for_url(f"**/cases/{case.pk}/")

    notice = litigant_page.locator("[data-live-notice]")
    notice.wait_for(state="visible", timeout=10000)
    assert case.number in notice.inner_text()
    assert litigant_page.locator("[data-unread-badge]").inner_text() == "1"
    assert litigant_page.evaluate("window.__noReload") is True
    assert slot.starts_at > timezone.now()
    litigant_context.close()
    clerk_context.close()
