"""What this app contributes to the lower apps' pages (see cases.panels), in one place."""


def register() -> None:
    pass
