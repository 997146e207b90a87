"""What higher apps contribute to the case page, registered in their AppConfig.ready, so
that cases never imports them (see DESIGN.md, "Which app may use which")."""

from collections.abc import Callable

_FILING_KINDS: list[Callable[[], list[tuple[str, str]]]] = []


def register_filing_kinds(provider: Callable[[], list[tuple[str, str]]]) -> None:
    if provider not in _FILING_KINDS:
        _FILING_KINDS.append(provider)


def filing_kinds() -> list[tuple[str, str]]:
    """(value, label) of the documents a participant may file into a case."""
    return [kind for provider in _FILING_KINDS for kind in provider()]
