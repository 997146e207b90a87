import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol


class RegistryUnavailable(Exception):
    """The registry did not answer; the caller must not treat this as "not found"."""


@dataclass(frozen=True)
class PersonRecord:
    iin: str
    last_name: str
    first_name: str
    middle_name: str
    birth_date: dt.date
    sex: str
    address: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)


@dataclass(frozen=True)
class OfficerRecord:
    iin: str
    position: str


@dataclass(frozen=True)
class LegalEntityRecord:
    bin: str
    name: str
    registered: dt.date
    address: str = ""
    officers: tuple[OfficerRecord, ...] = field(default_factory=tuple)


class RegistryBackend(Protocol):
    def person(self, iin: str) -> PersonRecord | None: ...

    def legal_entity(self, bin_: str) -> LegalEntityRecord | None: ...

    def mobile_number(self, iin: str) -> str | None: ...
