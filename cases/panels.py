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


_PANELS: list[Callable] = []
_NEXT_HEARING: list[Callable] = []


def register_panel(render: Callable) -> None:
    """`render(request, case) -> str` (HTML) shown on the case page, in registration order."""
    if render not in _PANELS:
        _PANELS.append(render)


def panels_html(request, case) -> list[str]:
    return [render(request, case) for render in _PANELS]


def register_next_hearing(provider: Callable) -> None:
    """`provider(case) -> datetime | None`: when the case is next heard."""
    if provider not in _NEXT_HEARING:
        _NEXT_HEARING.append(provider)


def next_hearing(case):
    times = [t for provider in _NEXT_HEARING if (t := provider(case)) is not None]
    return min(times) if times else None
