"""Demo courts across three levels and four regions, with their staff and some litigants.
Called by `manage.py demo_data`; safe to run again (everything is looked up by a key)."""

import hashlib

from django.conf import settings

from cases.models import CaseCategory, Court, CourtLevel, CourtStaff, Position, Region
from judicial_account import registries
from judicial_account.accounts.models import EntityOfficer, LegalEntity, Role, User
from judicial_account.accounts.services import user_otp_device_create

REGIONS = [
    ("almaty-city", "г. Алматы", "Алматы қаласы", "Almaty city"),
    ("astana-city", "г. Астана", "Астана қаласы", "Astana city"),
    ("karaganda", "Карагандинская область", "Қарағанды облысы", "Karaganda region"),
    ("turkistan", "Туркестанская область", "Түркістан облысы", "Turkistan region"),
]

CATEGORIES = [
    (
        "loans",
        "Займы и долговые обязательства",
        "Қарыздар мен борыш міндеттемелері",
        "Loans and debts",
    ),
    (
        "consumer",
        "Защита прав потребителей",
        "Тұтынушылардың құқықтарын қорғау",
        "Consumer protection",
    ),
    ("labour", "Трудовые споры", "Еңбек даулары", "Labour disputes"),
    ("family", "Семейные споры", "Отбасылық даулар", "Family disputes"),
    ("alimony", "Взыскание алиментов", "Алимент өндіріп алу", "Alimony"),
    ("property", "Право собственности", "Меншік құқығы", "Property rights"),
    ("housing", "Жилищные споры", "Тұрғын үй даулары", "Housing disputes"),
    ("inheritance", "Наследственные споры", "Мұрагерлік даулар", "Inheritance"),
    ("contracts", "Договорные обязательства", "Шарттық міндеттемелер", "Contracts"),
    ("damages", "Возмещение вреда", "Зиянды өтеу", "Compensation for damage"),
    ("land", "Земельные споры", "Жер даулары", "Land disputes"),
    ("insurance", "Страхование", "Сақтандыру", "Insurance"),
]

# (code, level, region code, parent code, ru, kk, en)
COURTS = [
    (
        "SC",
        CourtLevel.SUPREME,
        None,
        None,
        "Верховный Суд Республики Казахстан",
        "Қазақстан Республикасының Жоғарғы Соты",
        "Supreme Court of the Republic of Kazakhstan",
    ),
    (
        "ALM",
        CourtLevel.REGIONAL,
        "almaty-city",
        "SC",
        "Алматинский городской суд",
        "Алматы қалалық соты",
        "Almaty City Court",
    ),
    (
        "AST",
        CourtLevel.REGIONAL,
        "astana-city",
        "SC",
        "Суд города Астаны",
        "Астана қаласының соты",
        "Astana City Court",
    ),
    (
        "KRG",
        CourtLevel.REGIONAL,
        "karaganda",
        "SC",
        "Карагандинский областной суд",
        "Қарағанды облыстық соты",
        "Karaganda Regional Court",
    ),
    (
        "TRK",
        CourtLevel.REGIONAL,
        "turkistan",
        "SC",
        "Туркестанский областной суд",
        "Түркістан облыстық соты",
        "Turkistan Regional Court",
    ),
    (
        "ALM-BOS",
        CourtLevel.DISTRICT,
        "almaty-city",
        "ALM",
        "Бостандыкский районный суд г. Алматы",
        "Алматы қаласы Бостандық аудандық соты",
        "Bostandyk District Court of Almaty",
    ),
    (
        "ALM-MED",
        CourtLevel.DISTRICT,
        "almaty-city",
        "ALM",
        "Медеуский районный суд г. Алматы",
        "Алматы қаласы Медеу аудандық соты",
        "Medeu District Court of Almaty",
    ),
    (
        "AST-ESL",
        CourtLevel.DISTRICT,
        "astana-city",
        "AST",
        "Есильский районный суд г. Астаны",
        "Астана қаласы Есіл аудандық соты",
        "Yesil District Court of Astana",
    ),
    (
        "AST-ALM",
        CourtLevel.DISTRICT,
        "astana-city",
        "AST",
        "Алматинский районный суд г. Астаны",
        "Астана қаласы Алматы аудандық соты",
        "Almaty District Court of Astana",
    ),
    (
        "KRG-KAZ",
        CourtLevel.DISTRICT,
        "karaganda",
        "KRG",
        "Казыбекбийский районный суд г. Караганды",
        "Қарағанды қаласы Қазыбек би аудандық соты",
        "Kazybek Bi District Court of Karaganda",
    ),
    (
        "TRK-TRK",
        CourtLevel.DISTRICT,
        "turkistan",
        "TRK",
        "Туркестанский городской суд",
        "Түркістан қалалық соты",
        "Turkistan City Court",
    ),
]

# Demo logins: one (role, court code, specialisations) per person; people come, in order,
# from the local population registry so their names and phones match the registries.
STAFF = [
    (Role.JUDGE, "ALM-BOS", ["loans", "contracts", "consumer"]),
    (Role.JUDGE, "ALM-BOS", ["family", "alimony", "inheritance"]),
    (Role.JUDGE, "ALM-BOS", ["labour", "damages", "housing"]),
    (Role.JUDGE, "ALM-MED", ["loans", "property", "land"]),
    (Role.JUDGE, "ALM-MED", ["family", "alimony", "labour"]),
    (Role.JUDGE, "AST-ESL", ["loans", "contracts", "insurance"]),
    (Role.JUDGE, "AST-ESL", ["family", "alimony", "housing"]),
    (Role.JUDGE, "AST-ALM", ["loans", "labour", "damages"]),
    (Role.JUDGE, "KRG-KAZ", ["loans", "family", "labour", "property"]),
    (Role.JUDGE, "TRK-TRK", ["loans", "family", "land", "alimony"]),
    (Role.JUDGE, "ALM", ["loans", "contracts", "family"]),
    (Role.JUDGE, "AST", ["loans", "labour", "property"]),
    (Role.JUDGE, "KRG", ["loans", "family"]),
    (Role.JUDGE, "TRK", ["loans", "land"]),
    (Role.JUDGE, "SC", ["loans", "contracts", "family", "labour"]),
    (Role.CLERK, "ALM-BOS", []),
    (Role.CLERK, "ALM-MED", []),
    (Role.CLERK, "AST-ESL", []),
    (Role.CLERK, "AST-ALM", []),
    (Role.CLERK, "KRG-KAZ", []),
    (Role.CLERK, "TRK-TRK", []),
    (Role.CHAIRMAN, "ALM-BOS", []),
]
OTHERS = [
    Role.ANALYST,
    Role.MEDIATOR,
    Role.ADMIN,
    Role.REPRESENTATIVE,
    Role.REPRESENTATIVE,
    Role.LITIGANT,
    Role.LITIGANT,
    Role.LITIGANT,
    Role.LITIGANT,
]
POSITION_BY_ROLE = {
    Role.JUDGE: Position.JUDGE,
    Role.CLERK: Position.CLERK,
    Role.CHAIRMAN: Position.CHAIRMAN,
}


def demo_password(role: str, iin: str) -> str:
    """Stable per person, so re-running the demo keeps every printed login valid."""
    return f"Demo-{role}-{iin[-4:]}"


def demo_totp_key(iin: str) -> str:
    """A stable 20-byte TOTP key per person, derived from the deployment's secret."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:totp:{iin}".encode()).hexdigest()[:40]


def _user(context, person, role: str, **extra) -> User:
    user = User.objects.filter(iin=person.iin).first()
    password = demo_password(role, person.iin)
    if user is None:
        user = User.objects.create_user(
            person.iin,
            password,
            last_name=person.last_name,
            first_name=person.first_name,
            middle_name=person.middle_name,
            phone=registries.mobile_number_lookup(person.iin) or "",
            role=role,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
            **extra,
        )
    key = None
    if role in settings.OTP_REQUIRED_ROLES:
        key = demo_totp_key(person.iin)
        device = user.totpdevice_set.filter(confirmed=True).first()
        if device is None or device.key != key:
            user_otp_device_create(user=user, key_hex=key)
    context.add_login(role=role, user=user, password=password, totp_key_hex=key)
    return user


def seed(context) -> None:
    regions = {}
    for code, ru, kk, en in REGIONS:
        regions[code], _ = Region.objects.update_or_create(
            code=code, defaults={"name_ru": ru, "name_kk": kk, "name_en": en}
        )
    categories = {}
    for code, ru, kk, en in CATEGORIES:
        categories[code], _ = CaseCategory.objects.update_or_create(
            code=code, defaults={"name_ru": ru, "name_kk": kk, "name_en": en}
        )
    courts = {}
    for code, level, region, parent, ru, kk, en in COURTS:
        courts[code], _ = Court.objects.update_or_create(
            code=code,
            defaults={
                "level": level,
                "region": regions.get(region),
                "parent": courts.get(parent),
                "name_ru": ru,
                "name_kk": kk,
                "name_en": en,
            },
        )
        courts[code].specialisations.set(categories.values())
    context.objects["courts"] = courts

    people = registries.backend().people()
    for person, (role, court_code, specs) in zip(people, STAFF, strict=False):
        user = _user(context, person, role)
        post, _ = CourtStaff.objects.get_or_create(
            court=courts[court_code], user=user, position=POSITION_BY_ROLE[role]
        )
        post.specialisations.set(categories[s] for s in specs)
    rest = people[len(STAFF) :]
    for index, (person, role) in enumerate(zip(rest, OTHERS, strict=False)):
        extra = (
            {"licence_number": f"LIC-{2019 + index}-{person.iin[-5:]}"}
            if (role == Role.REPRESENTATIVE)
            else {}
        )
        _user(context, person, role, **extra)

    # A company that litigates through its director.
    for record in registries.backend().legal_entities()[:2]:
        entity, _ = LegalEntity.objects.update_or_create(
            bin=record.bin,
            defaults={
                "name": record.name,
                "address": record.address,
                "registered_on": record.registered,
            },
        )
        for officer in record.officers:
            person = registries.person_lookup(officer.iin)
            user = _user(context, person, Role.LITIGANT)
            EntityOfficer.objects.update_or_create(
                entity=entity, user=user, defaults={"position": officer.position}
            )
            context.credentials[-1]["role"] = "company_officer"
            context.credentials[-1]["company"] = f"{entity.name} (BIN {entity.bin})"
    _demo_cases(context)


def _demo_cases(context) -> None:
    """A few registered cases so My Cases, the judge's list and Find a Case have content:
    a loan claim against a company, a contract dispute brought by a company, and a closed
    family case. Registered through the real service (numbers, judge draw, audit)."""
    from django.utils import timezone

    from cases.models import Case, PartyRole
    from cases.services import PartyInput, case_register, representation_add

    if Case.objects.filter(subject__startswith="[demo]").exists():
        return
    people = {e["role"]: e for e in reversed(context.credentials)}
    litigants = [e for e in context.credentials if e["role"] == "litigant"]
    entities = list(LegalEntity.objects.order_by("id")[:2])
    courts = context.objects["courts"]
    categories = {c.code: c for c in CaseCategory.objects.all()}

    def person(entry):
        return PartyInput(role="", name=entry["name"], iin=entry["iin"])

    def as_role(party, role):
        return PartyInput(role=role, name=party.name, iin=party.iin, bin=party.bin)

    first = case_register(
        court=courts["ALM-BOS"],
        category=categories["loans"],
        subject="[demo] Взыскание задолженности по договору займа",
        amount=1_500_000,
        filed_at=timezone.now(),
        parties=[
            as_role(person(litigants[0]), PartyRole.PLAINTIFF),
            PartyInput(role=PartyRole.DEFENDANT, name=entities[0].name, bin=entities[0].bin),
        ],
        seed="demo-1",
    )
    lawyer = User.objects.get(iin=people["representative"]["iin"])
    representation_add(
        case=first,
        party=first.parties.get(role=PartyRole.PLAINTIFF),
        representative=lawyer,
        valid_until=None,
    )
    case_register(
        court=courts["AST-ESL"],
        category=categories["contracts"],
        subject="[demo] Взыскание неустойки по договору поставки",
        amount=4_250_000,
        filed_at=timezone.now(),
        parties=[
            PartyInput(role=PartyRole.PLAINTIFF, name=entities[1].name, bin=entities[1].bin),
            as_role(person(litigants[1]), PartyRole.DEFENDANT),
        ],
        seed="demo-2",
    )
    case_register(
        court=courts["ALM-BOS"],
        category=categories["alimony"],
        subject="[demo] Взыскание алиментов на содержание несовершеннолетнего ребёнка",
        filed_at=timezone.now(),
        is_closed_session=True,
        parties=[
            as_role(person(litigants[2]), PartyRole.PLAINTIFF),
            as_role(person(litigants[3]), PartyRole.DEFENDANT),
        ],
        seed="demo-3",
    )
