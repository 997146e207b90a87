from tests.hearings.test_scheduling import case, frozen  # noqa: F401 - shared fixtures
