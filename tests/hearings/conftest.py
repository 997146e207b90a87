import datetime as dt

import pytest

from hearings.scheduling import hearing_schedule
from tests.hearings.test_scheduling import MONDAY, at, case, frozen  # noqa: F401 - shared fixtures


@pytest.fixture
def hearing(case, frozen, settings, tmp_path):  # noqa: F811 - the fixture imported above
    """A hearing on Monday morning, with recordings stored under the test's own folder."""
    settings.MEDIA_ROOT = tmp_path
    return hearing_schedule(
        case=case,
        starts_at=at(MONDAY, 9),
        duration=dt.timedelta(hours=1),
        hearing_format="in_person",
    )
