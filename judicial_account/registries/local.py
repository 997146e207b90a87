"""A registry backend that answers from `data/local_registry.json`, for development, the
demo and tests. It behaves like the real services: exact lookups by identifier only, no
listing, and "not found" for anyone it does not know."""

import datetime as dt
import json
from pathlib import Path

from judicial_account.registries.base import LegalEntityRecord, OfficerRecord, PersonRecord

DATA_FILE = Path(__file__).resolve().parent / "data" / "local_registry.json"


class LocalRegistryBackend:
    def __init__(self, data_file: Path = DATA_FILE) -> None:
        data = json.loads(data_file.read_text(encoding="utf-8"))
        self._people = {
            p["iin"]: PersonRecord(
                iin=p["iin"],
                last_name=p["last_name"],
                first_name=p["first_name"],
                middle_name=p.get("middle_name", ""),
                birth_date=dt.date.fromisoformat(p["birth_date"]),
                sex=p["sex"],
                address=p.get("address", ""),
            )
            for p in data["people"]
        }
        self._mobiles: dict[str, str] = data["mobile_numbers"]
        self._entities = {
            e["bin"]: LegalEntityRecord(
                bin=e["bin"],
                name=e["name"],
                registered=dt.date.fromisoformat(e["registered"]),
                address=e.get("address", ""),
                officers=tuple(OfficerRecord(**o) for o in e["officers"]),
            )
            for e in data["legal_entities"]
        }

    def person(self, iin: str) -> PersonRecord | None:
        return self._people.get(iin)

    def legal_entity(self, bin_: str) -> LegalEntityRecord | None:
        return self._entities.get(bin_)

    def mobile_number(self, iin: str) -> str | None:
        return self._mobiles.get(iin)

    def people(self) -> list[PersonRecord]:
        """Every person the fixture knows (demo data picks its users from here)."""
        return list(self._people.values())

    def legal_entities(self) -> list[LegalEntityRecord]:
        return list(self._entities.values())
