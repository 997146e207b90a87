import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from cases.models import PartyRole
from cases.services import PartyInput, case_register
from hearings.models import Courtroom, Hearing, HearingFormat, Unavailability
from hearings.scheduling import SchedulingError, hearing_postpone, hearing_schedule, hearing_slots
from tests.factories import (
    CaseCategoryFactory,
    CourtStaffFactory,
    DistrictCourtFactory,
    UserFactory,
)

ALMATY = ZoneInfo("Asia/Almaty")
HOUR = dt.timedelta(hours=1)
# Monday 2 March 2026 is a working day; Sunday 8 March is International Women's Day, so
# Monday 9 March is its transferred day off; 21-23 March is Nauryz.
MONDAY = dt.date(2026, 3, 2)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ALMATY)


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(at(dt.date(2026, 2, 27), 10))  # the Friday before


@pytest.fixture
def case(db):
    court = DistrictCourtFactory()
    category = CaseCategoryFactory(code="loans")
    CourtStaffFactory(court=court).specialisations.set([category])
    for number in ("101", "102"):
        Courtroom.objects.create(court=court, number=number)
    plaintiff, defendant = UserFactory(), UserFactory()
    return case_register(
        court=court,
        category=category,
        subject="Долг",
        filed_at=timezone.now(),
        parties=[
            PartyInput(role=PartyRole.PLAINTIFF, name="A", iin=plaintiff.iin),
            PartyInput(role=PartyRole.DEFENDANT, name="B", iin=defendant.iin),
        ],
    )


def test_first_slots_are_the_next_working_morning(case, frozen):
    slots = hearing_slots(
        case=case, duration=HOUR, hearing_format=HearingFormat.IN_PERSON, start_day=MONDAY, limit=3
    )
    assert [s.starts_at for s in slots] == [at(MONDAY, 9), at(MONDAY, 9, 30), at(MONDAY, 10)]
    assert all(s.room is not None for s in slots)


def test_slots_skip_lunch_weekends_and_holidays(case, frozen):
    friday = dt.date(2026, 3, 6)
    slots = hearing_slots(
        case=case,
        duration=HOUR,
        hearing_format=HearingFormat.ONLINE,
        start_day=friday,
        days=5,
        limit=100,
    )
    days = {s.starts_at.astimezone(ALMATY).date() for s in slots}
    assert dt.date(2026, 3, 7) not in days and dt.date(2026, 3, 8) not in days
    assert dt.date(2026, 3, 9) not in days  # the holiday moved from Sunday
    assert all(
        not (at(s.starts_at.date(), 13) < s.ends_at <= at(s.starts_at.date(), 14, 30))
        for s in slots
    )
    assert all(s.room is None for s in slots)  # online hearings need no courtroom


def test_busy_judge_and_absent_participant_are_avoided(case, frozen):
    hearing_schedule(
        case=case, starts_at=at(MONDAY, 9), duration=HOUR, hearing_format=HearingFormat.ONLINE
    )
    defendant = case.parties.get(role=PartyRole.DEFENDANT).user
    Unavailability.objects.create(
        user=defendant, starts_at=at(MONDAY, 10), ends_at=at(MONDAY, 12), reason="Командировка"
    )
    slots = hearing_slots(
        case=case, duration=HOUR, hearing_format=HearingFormat.ONLINE, start_day=MONDAY, limit=2
    )
    assert [s.starts_at for s in slots] == [at(MONDAY, 12), at(MONDAY, 14, 30)]


@pytest.mark.parametrize(
    ("starts_at", "message"),
    [
        (at(dt.date(2026, 2, 26), 10), "past"),
        (at(dt.date(2026, 3, 7), 10), "does not sit"),  # Saturday
        (at(dt.date(2026, 3, 23), 10), "does not sit"),  # Nauryz
        (at(MONDAY, 8), "does not sit"),
        (at(MONDAY, 12, 30), "does not sit"),  # runs into lunch
        (at(MONDAY, 18), "does not sit"),
    ],
)
def test_bad_times_are_refused(case, frozen, starts_at, message):
    from django.utils import translation

    with translation.override("en"), pytest.raises(SchedulingError) as error:
        hearing_schedule(
            case=case, starts_at=starts_at, duration=HOUR, hearing_format=HearingFormat.ONLINE
        )
    assert message in str(error.value.detail)
    assert not Hearing.objects.exists()


def test_database_refuses_double_booking_of_judge(case, frozen):
    hearing_schedule(
        case=case, starts_at=at(MONDAY, 9), duration=HOUR, hearing_format=HearingFormat.ONLINE
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Hearing.objects.create(
            case=case,
            judge=case.judge,
            format=HearingFormat.ONLINE,
            starts_at=at(MONDAY, 9, 30),
            ends_at=at(MONDAY, 10, 30),
        )


def test_postponed_hearing_frees_the_slot(case, frozen):
    hearing = hearing_schedule(
        case=case, starts_at=at(MONDAY, 9), duration=HOUR, hearing_format=HearingFormat.IN_PERSON
    )
    hearing_postpone(hearing=hearing, ground="technical_failure", reason="Нет связи с ответчиком")
    again = hearing_schedule(
        case=case,
        starts_at=at(MONDAY, 9),
        duration=HOUR,
        hearing_format=HearingFormat.IN_PERSON,
        room=hearing.room,
    )
    assert again.room == hearing.room
    with pytest.raises(SchedulingError):
        hearing_postpone(hearing=hearing, ground="nonsense", reason="")


def test_participants_are_notified(case, frozen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        hearing_schedule(
            case=case, starts_at=at(MONDAY, 11), duration=HOUR, hearing_format=HearingFormat.ONLINE
        )
    for party in case.parties.all():
        assert party.user.notifications.filter(kind="hearing.scheduled").count() == 1
    assert case.judge.notifications.filter(kind="hearing.scheduled").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_one_slot_only_one_wins(case, time_machine):
    time_machine.move_to(at(dt.date(2026, 2, 27), 10), tick=True)
    results: list[str] = []
    barrier = threading.Barrier(6)

    def book() -> None:
        try:
            barrier.wait()
            hearing_schedule(
                case=case,
                starts_at=at(MONDAY, 15),
                duration=HOUR,
                hearing_format=HearingFormat.ONLINE,
            )
            results.append("booked")
        except SchedulingError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["booked"] + ["refused"] * 5
    assert Hearing.objects.count() == 1
