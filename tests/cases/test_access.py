"""Every role against an open and a closed case, through pages, API and access.py."""

import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from cases import access
from cases.models import PartyRole
from cases.services import representation_add, representation_revoke
from judicial_account.accounts.models import Role
from tests.factories import (
    CourtStaffFactory,
    DistrictCourtFactory,
    EntityOfficerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "plaintiff",
    "defendant_officer",
    "lawyer",
    "lawyer_expired",
    "lawyer_revoked",
    "judge_of_court",
    "clerk_of_court",
    "judge_elsewhere",
    "stranger",
    "analyst",
    "admin",
]
ALLOWED = {"plaintiff", "defendant_officer", "lawyer", "judge_of_court", "clerk_of_court"}


@pytest.fixture
def world(register, court):
    plaintiff = UserFactory()
    officer = EntityOfficerFactory()
    open_case = register(plaintiff=plaintiff, defendant=officer.entity)
    closed_case = register(plaintiff=plaintiff, defendant=officer.entity, is_closed_session=True)
    users = {
        "plaintiff": plaintiff,
        "defendant_officer": officer.user,
        "judge_of_court": open_case.judge,
        "clerk_of_court": CourtStaffFactory(
            court=court, position="clerk", user=UserFactory(role=Role.CLERK)
        ).user,
        "judge_elsewhere": CourtStaffFactory(court=DistrictCourtFactory()).user,
        "stranger": UserFactory(),
        "analyst": UserFactory(role=Role.ANALYST),
        "admin": UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True),
    }
    for name, valid_until, revoke in (
        ("lawyer", None, False),
        ("lawyer_expired", dt.date(2020, 1, 1), False),
        ("lawyer_revoked", None, True),
    ):
        lawyer = UserFactory(role=Role.REPRESENTATIVE, licence_number="L-1")
        users[name] = lawyer
        for case in (open_case, closed_case):
            representation = representation_add(
                case=case,
                party=case.parties.get(role=PartyRole.PLAINTIFF),
                representative=lawyer,
                valid_until=valid_until,
            )
            if revoke:
                representation_revoke(representation=representation)
    return users, open_case, closed_case


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("closed", [False, True])
def test_case_visibility_by_role(world, role, closed):
    users, open_case, closed_case = world
    case = closed_case if closed else open_case
    user = users[role]
    visible = access.visible_cases(user).filter(pk=case.pk).exists()
    assert visible == (role in ALLOWED)


@pytest.mark.parametrize("role", ROLES)
def test_case_page_and_api_answer_404_not_403(world, role, client, api_client):
    users, _, closed_case = world
    client.force_login(users[role])
    api_client.force_authenticate(users[role])
    page = client.get(reverse("cases:detail", args=[closed_case.pk]))
    api = api_client.get(f"/api/v1/cases/{closed_case.pk}/")
    expected = 200 if role in ALLOWED else 404
    assert (page.status_code, api.status_code) == (expected, expected)


@pytest.mark.parametrize("role", ROLES)
def test_my_cases_lists_exactly_the_visible_ones(world, role, api_client):
    users, open_case, closed_case = world
    api_client.force_authenticate(users[role])
    numbers = {row["number"] for row in api_client.get("/api/v1/cases/").json()["results"]}
    expected = {open_case.number, closed_case.number} if role in ALLOWED else set()
    assert numbers == expected


@pytest.mark.parametrize(
    ("role", "needs"),
    [
        ("plaintiff", {access.Need.READ, access.Need.FILE}),
        ("lawyer", {access.Need.READ, access.Need.FILE}),
        ("judge_of_court", {access.Need.READ, access.Need.MANAGE}),
        ("clerk_of_court", {access.Need.READ, access.Need.MANAGE}),
        ("stranger", set()),
    ],
)
def test_what_each_role_may_do(world, role, needs):
    users, open_case, _ = world
    assert access.needs_of(users[role], open_case) == needs


def test_party_cannot_manage(world):
    users, open_case, _ = world
    with pytest.raises(Http404):
        access.case_get_for(users["plaintiff"], open_case.pk, need=access.Need.MANAGE)


def test_anonymous_sees_nothing(world, client, api_client):
    _, open_case, _ = world
    assert client.get(reverse("cases:detail", args=[open_case.pk])).status_code == 302
    assert api_client.get(f"/api/v1/cases/{open_case.pk}/").status_code in (401, 403)


def test_power_of_attorney_ends_access_at_once(world, time_machine):
    users, open_case, _ = world
    lawyer = UserFactory(role=Role.REPRESENTATIVE, licence_number="L-2")
    time_machine.move_to(timezone.now())
    representation_add(
        case=open_case,
        party=open_case.parties.get(role=PartyRole.PLAINTIFF),
        representative=lawyer,
        valid_until=timezone.localdate(),
    )
    assert access.visible_cases(lawyer).filter(pk=open_case.pk).exists()
    time_machine.shift(dt.timedelta(days=1))
    assert not access.visible_cases(lawyer).filter(pk=open_case.pk).exists()


def test_inactive_account_sees_nothing(world):
    users, open_case, _ = world
    users["plaintiff"].is_active = False
    assert not access.visible_cases(users["plaintiff"]).exists()
