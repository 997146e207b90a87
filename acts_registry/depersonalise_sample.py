"""A labelled sample for measuring depersonalisation, built from real court acts.

The acts (a corpus of Russian first-instance acts, see the dataset's README) were already
depersonalised by the courts: "ФИО6", "<адрес>", "ДД.ММ.ГГГГ", "<данные изъяты>", but only in
part, so some real surnames with initials, phone numbers and addresses are still there. The
sample puts synthetic personal data back:

- every person placeholder and every real name the courts left (surname with initials, full
  name, initials alone) becomes a synthetic Russian or Kazakh person, mentioned in the case
  the context asks for where a preposition or verb tells it, otherwise in a random case and
  form (full name, surname with initials either side, bare surname, name and patronymic);
- the judge's name becomes a synthetic judge, passed as `keep` and labelled as must-stay;
- "<адрес>" becomes a street address (a place of birth becomes a city, which may stay);
- a date placeholder becomes a date of birth next to "года рождения", otherwise an ordinary
  date that must stay;
- real phone numbers and street addresses still in the text become synthetic ones;
- a few sentences are added to each act, in Russian and in Kazakh, with IINs, phones, IBANs,
  card numbers, dates of birth, names in Kazakh case forms, and things that must stay: a
  company with its BIN, a court, a law, a hearing date, the judge.

Each inserted value is recorded with its exact span as a gold label. The generators use their
own declension tables, separate from the matching in `depersonalise`, so the sample does not
merely repeat the detector's idea of a name. Every choice comes from a generator seeded with
the act's id: the sample is the same on every run and for any subset of acts.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from acts_registry.depersonalise import Kind, KnownPerson, kz_id_check_digit, luhn_is_valid

SEED = 20240611
DATASET = "ru-court-acts-judgement"
FILES = ("admin_rallies.jsonl", "criminal_drugs.jsonl")
TEXT_FIELD = "text_annotated"
_MARKUP = re.compile(r"\\[a-z]+(\{[^}]*\})?")

CASES = ("nom", "gen", "dat", "acc", "ins", "prep")


@dataclass(frozen=True)
class Span:
    kind: str
    start: int
    end: int
    person: int | None = None
    known: bool = False


@dataclass
class LabelledAct:
    act_id: str
    text: str
    known_people: list[KnownPerson]
    keep: list[str]
    gold: list[Span]
    must_stay: list[Span]


def load_acts(directory: Path) -> Iterator[tuple[str, str]]:
    """(id, plain text) of every act, in the dataset's order."""
    for name in FILES:
        with (directory / name).open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                yield record["id"], _MARKUP.sub("", record[TEXT_FIELD])


# --- people and their forms ---------------------------------------------------------------

_RU_SURNAMES = (
    "Иванов Смирнов Кузнецов Попов Соколов Лебедев Козлов Новиков Морозов Петров Волков "
    "Соловьёв Васильев Зайцев Павлов Семёнов Голубев Виноградов Богданов Воробьёв Фёдоров "
    "Михайлов Беляев Тарасов Белов Комаров Орлов Киселёв Макаров Андреев Ильин Никитин "
    "Сорокин Фомин Калинин Ершов Гусев Титов Кудрявцев Баранов Куликов Алексеев Степанов"
).split()
_KZ_SURNAMES = (
    "Ахметов Нұрланов Сейтқазиев Жұмабаев Қасымов Әбенов Есенов Омаров Сүлейменов Байжанов "
    "Мусин Ибраев Кенжебаев Исаев Беков Жақсылықов Төлеуов Сәрсенбаев Ахметов Нурланов "
    "Жумабаев Касымов Абенов Сулейменов Жаксылыков Тулегенов Искаков Смагулов Оспанов "
    "Бекмуханов Сагинтаев Утепов Рахимов Дуйсенов Ермеков"
).split()
_SK_SURNAMES = "Ковальский Высоцкий Маковецкий Жуковский Вишневский Заречанский".split()
_INDECLINABLE_SURNAMES = "Бондаренко Ткаченко Шевченко Кравченко Черных Седых Долгих Ли".split()
_CONSONANT_SURNAMES = "Ким Пак Шевчук Ковальчук Гольдман Мельник Тян".split()
_KZ_NEW_SURNAMES = "Серікұлы Нұрланұлы Асанқызы Ерланқызы Бекұлы".split()

_RU_MALE = (
    "Иван Сергей Андрей Алексей Дмитрий Николай Михаил Павел Виктор Олег Игорь Юрий "
    "Евгений Александр Владимир Роман Артём Максим"
).split()
_RU_FEMALE = (
    "Анна Мария Елена Ольга Наталья Ирина Татьяна Светлана Юлия Екатерина Надежда "
    "Людмила Галина Оксана Дарья"
).split()
_KZ_MALE = "Нұрлан Ерлан Серік Асхат Дәурен Бауыржан Ержан Қайрат Марат Талғат Арман Ғалым".split()
_KZ_MALE += "Нурлан Серик Кайрат Талгат Даурен Жандос".split()
_KZ_FEMALE = "Айгерім Гүлнар Жанар Әлия Динара Сәуле Асель Мадина Айнұр Гүльмира Ботагөз".split()
_KZ_FEMALE += "Айгерим Гульнар Алия Сауле Айнур".split()
# father's name -> (son's patronymic, daughter's patronymic)
_RU_PATRONYMICS = {
    "Иван": ("Иванович", "Ивановна"),
    "Сергей": ("Сергеевич", "Сергеевна"),
    "Андрей": ("Андреевич", "Андреевна"),
    "Пётр": ("Петрович", "Петровна"),
    "Николай": ("Николаевич", "Николаевна"),
    "Михаил": ("Михайлович", "Михайловна"),
    "Виктор": ("Викторович", "Викторовна"),
    "Юрий": ("Юрьевич", "Юрьевна"),
    "Александр": ("Александрович", "Александровна"),
    "Владимир": ("Владимирович", "Владимировна"),
    "Дмитрий": ("Дмитриевич", "Дмитриевна"),
    "Илья": ("Ильич", "Ильинична"),
}
_KZ_FATHERS = "Серік Нұрлан Қайрат Асан Ерлан Бек Марат Болат Жақсылық Талғат".split()
_KZ_RU_STYLE = {
    "Серік": ("Серикович", "Сериковна"),
    "Марат": ("Маратович", "Маратовна"),
    "Болат": ("Болатович", "Болатовна"),
    "Ерлан": ("Ерланович", "Ерлановна"),
}
_PLAIN = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІёЁ", "агкноуухиАГКНОУУХИеЕ")


def _plain(word: str) -> str:
    """The spelling without Kazakh letters: Жұмабаев and Жумабаев are one surname."""
    return word.translate(_PLAIN)


@dataclass(frozen=True)
class Person:
    surname: str  # the masculine dictionary form; feminine forms are derived
    first_name: str
    patronymic: str
    female: bool
    kazakh: bool

    @property
    def surname_nominative(self) -> str:
        return surname_form(self.surname, self.female, "nom")

    def known(self) -> KnownPerson:
        return KnownPerson(self.surname_nominative, self.first_name, self.patronymic)

    def initials(self) -> str:
        second = f"{self.patronymic[0]}." if self.patronymic else ""
        return f"{self.first_name[0]}.{second}"


def _surname_class(surname: str) -> str:
    if surname.endswith(("ский", "цкий")):
        return "sk"
    if re.search(r"(?:ов|ев|ёв|ин|ын)$", surname):
        return "ov"
    if re.search(r"(?:[оеиую]|[ыи]х|ұлы|улы|қызы|кызы)$", surname):
        return "indeclinable"
    return "consonant"


_OV_FORMS = {
    False: {"nom": "", "gen": "а", "dat": "у", "acc": "а", "ins": "ым", "prep": "е"},
    True: {"nom": "а", "gen": "ой", "dat": "ой", "acc": "у", "ins": "ой", "prep": "ой"},
}
_SK_FORMS = {
    False: {"nom": "ий", "gen": "ого", "dat": "ому", "acc": "ого", "ins": "им", "prep": "ом"},
    True: {"nom": "ая", "gen": "ой", "dat": "ой", "acc": "ую", "ins": "ой", "prep": "ой"},
}
_HARD_NOUN = {"nom": "", "gen": "а", "dat": "у", "acc": "а", "ins": "ом", "prep": "е"}


def surname_form(surname: str, female: bool, case: str) -> str:
    kind = _surname_class(surname)
    if kind == "ov":
        return surname + _OV_FORMS[female][case]
    if kind == "sk":
        return surname[:-2] + _SK_FORMS[female][case]
    if kind == "indeclinable" or female:
        return surname
    return surname + _HARD_NOUN[case]


def _after_sibilant(stem: str) -> bool:
    return stem[-1] in "гкхжшчщ"


def first_name_form(name: str, female: bool, case: str) -> str:
    if not female:
        if name.endswith("ий"):
            ending = {
                "nom": "ий",
                "gen": "ия",
                "dat": "ию",
                "acc": "ия",
                "ins": "ием",
                "prep": "ии",
            }
            return name[:-2] + ending[case]
        if name.endswith(("й", "ь")):
            ending = {"nom": name[-1], "gen": "я", "dat": "ю", "acc": "я", "ins": "ем", "prep": "е"}
            return name[:-1] + ending[case]
        ins = "ем" if name[-1] in "жшчщц" else "ом"
        ending = {**_HARD_NOUN, "ins": ins}
        return name + ending[case]
    if name.endswith("ия"):
        ending = {"nom": "ия", "gen": "ии", "dat": "ии", "acc": "ию", "ins": "ией", "prep": "ии"}
        return name[:-2] + ending[case]
    if name.endswith("ья"):
        ending = {"nom": "ья", "gen": "ьи", "dat": "ье", "acc": "ью", "ins": "ьей", "prep": "ье"}
        return name[:-2] + ending[case]
    if name.endswith("ь"):
        ending = {"nom": "ь", "gen": "и", "dat": "и", "acc": "ь", "ins": "ью", "prep": "и"}
        return name[:-1] + ending[case]
    if name.endswith("а"):
        stem = name[:-1]
        gen = "и" if _after_sibilant(stem) else "ы"
        ins = "ей" if stem[-1] in "жшчщц" else "ой"
        ending = {"nom": "а", "gen": gen, "dat": "е", "acc": "у", "ins": ins, "prep": "е"}
        return stem + ending[case]
    return name  # a woman's name ending in a consonant (Айгерім, Жанар) does not decline


def patronymic_form(patronymic: str, female: bool, case: str) -> str:
    if not patronymic or re.search(r"(?:ұлы|улы|қызы|кызы)$", patronymic):
        return patronymic
    if patronymic.endswith("ич"):
        ending = {"nom": "", "gen": "а", "dat": "у", "acc": "а", "ins": "ем", "prep": "е"}
        return patronymic + ending[case]
    ending = {"nom": "а", "gen": "ы", "dat": "е", "acc": "у", "ins": "ой", "prep": "е"}
    return patronymic[:-1] + ending[case]


_BACK_VOWELS, _FRONT_VOWELS = "аоұыяу", "әеіөүиэю"
_NASALS, _VOICED = "мнң", "лрйузжбвгд"


def kazakh_case(word: str, case: str) -> str:
    """A name in a Kazakh case, with vowel harmony and the consonant rules."""
    if case == "nom":
        return word
    vowels = [c for c in word.lower() if c in _BACK_VOWELS + _FRONT_VOWELS]
    front = bool(vowels) and vowels[-1] in _FRONT_VOWELS
    last = word[-1].lower()
    if last in _BACK_VOWELS + _FRONT_VOWELS:
        sound = "vowel"
    elif last in _NASALS:
        sound = "nasal"
    elif last in _VOICED and last not in "бвгд":
        sound = "voiced"
    else:
        sound = "voiceless"  # Russian -в is treated as voiceless: Ахметовтың, Ахметовқа
    table = {
        "gen": {"vowel": "ның", "nasal": "ның", "voiced": "дың", "voiceless": "тың"},
        "dat": {"vowel": "ға", "nasal": "ға", "voiced": "ға", "voiceless": "қа"},
        "acc": {"vowel": "ны", "nasal": "ды", "voiced": "ды", "voiceless": "ты"},
        "loc": {"vowel": "да", "nasal": "да", "voiced": "да", "voiceless": "та"},
        "abl": {"vowel": "дан", "nasal": "нан", "voiced": "дан", "voiceless": "тан"},
        "ins": {"vowel": "мен", "nasal": "бен", "voiced": "мен", "voiceless": "пен"},
    }
    suffix = table[case][sound]
    if front:
        suffix = suffix.translate(str.maketrans("ыаұқғ", "іеүкг"))
    return word + suffix


def random_person(
    rng: random.Random, *, kazakh: bool | None = None, female: bool | None = None
) -> Person:
    kazakh = rng.random() < 0.5 if kazakh is None else kazakh
    female = rng.random() < 0.45 if female is None else female
    if kazakh:
        roll = rng.random()
        surname = rng.choice(_KZ_NEW_SURNAMES if roll < 0.08 else _KZ_SURNAMES)
        first = rng.choice(_KZ_FEMALE if female else _KZ_MALE)
        father = rng.choice(_KZ_FATHERS)
        if rng.random() < 0.3 and father in _KZ_RU_STYLE:
            patronymic = _KZ_RU_STYLE[father][female]
        elif rng.random() < 0.12:
            patronymic = ""
        else:
            patronymic = father + ("қызы" if female else "ұлы")
        if rng.random() < 0.35:  # typed without Kazakh letters, as often happens
            surname, first, patronymic = (w.translate(_PLAIN) for w in (surname, first, patronymic))
        return Person(surname, first, patronymic, female, kazakh=True)
    roll = rng.random()
    if roll < 0.7:
        surname = rng.choice(_RU_SURNAMES)
    elif roll < 0.8:
        surname = rng.choice(_SK_SURNAMES)
    elif roll < 0.9:
        surname = rng.choice(_INDECLINABLE_SURNAMES)
    else:
        surname = rng.choice(_CONSONANT_SURNAMES)
    first = rng.choice(_RU_FEMALE if female else _RU_MALE)
    patronymic = rng.choice(list(_RU_PATRONYMICS.values()))[female]
    return Person(surname, first, patronymic, female, kazakh=False)


FORMS = ("full", "surname_initials", "initials_surname", "surname", "name_patronymic")


def person_mention(person: Person, case: str, form: str, rng: random.Random) -> str:
    surname = surname_form(person.surname, person.female, case)
    first = first_name_form(person.first_name, person.female, case)
    patronymic = patronymic_form(person.patronymic, person.female, case)
    if form == "full":
        text = " ".join(w for w in (surname, first, patronymic) if w)
        return text.upper() if rng.random() < 0.04 else text
    if form == "surname_initials":
        initials = person.initials()
        if rng.random() < 0.2:
            initials = initials.replace(".", ". ").strip()
        if rng.random() < 0.1:
            initials = initials[:2]
        return f"{surname} {initials}"
    if form == "initials_surname":
        return f"{person.initials()} {surname}"
    if form == "name_patronymic" and person.patronymic:
        return f"{first} {patronymic}"
    return surname


def kazakh_mention(person: Person, case: str, rng: random.Random) -> str:
    surname = surname_form(person.surname, person.female, "nom")
    if rng.random() < 0.5 or not person.patronymic:
        return kazakh_case(surname, case)
    return f"{person.first_name} {kazakh_case(person.patronymic, case)}"


# --- other personal data ------------------------------------------------------------------


def random_birth_date(rng: random.Random) -> date:
    return date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))


def random_iin(rng: random.Random, born: date | None = None, *, female: bool = False) -> str:
    born = born or random_birth_date(rng)
    century = (3 if born.year < 2000 else 5) + int(female)
    while True:
        first_eleven = f"{born:%y%m%d}{century}{rng.randrange(10000):04d}"
        check = kz_id_check_digit(first_eleven)
        if check is not None:
            return first_eleven + str(check)


def random_bin(rng: random.Random) -> str:
    while True:
        registered = date(1995, 1, 1) + timedelta(days=rng.randrange(0, 365 * 28))
        first_eleven = f"{registered:%y%m}{rng.choice('456')}{rng.randrange(10)}"
        first_eleven += f"{rng.randrange(100000):05d}"
        check = kz_id_check_digit(first_eleven)
        if check is not None:
            return first_eleven + str(check)


def random_phone(rng: random.Random) -> str:
    code = rng.choice(("701", "702", "705", "707", "747", "771", "775", "777", "778", "727"))
    n = f"{rng.randrange(10**7):07d}"
    return rng.choice(
        (
            f"+7 {code} {n[:3]} {n[3:5]} {n[5:]}",
            f"8 ({code}) {n[:3]}-{n[3:5]}-{n[5:]}",
            f"8{code}{n}",
            f"+7{code}{n}",
            f"8-{code}-{n[:3]}-{n[3:5]}-{n[5:]}",
            f"+7 ({code}) {n[:3]}-{n[3:5]}-{n[5:]}",
        )
    )


def random_iban(rng: random.Random) -> str:
    bank = rng.choice(("722", "601", "826", "998", "551", "949", "914"))
    account = bank + "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(13))
    numeric = "".join(str(int(c, 36)) for c in account + "KZ00")
    check = 98 - int(numeric) % 97
    iban = f"KZ{check:02d}{account}"
    if rng.random() < 0.3:
        iban = " ".join(iban[i : i + 4] for i in range(0, 20, 4))
    return iban


def random_card(rng: random.Random) -> str:
    while True:
        digits = rng.choice(("440043", "400303", "517792", "539545", "220220")) + "".join(
            str(rng.randrange(10)) for _ in range(10)
        )
        if luhn_is_valid(digits):
            break
    separator = rng.choice((" ", " ", "-", ""))
    return separator.join(digits[i : i + 4] for i in range(0, 16, 4))


_MONTHS = (
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
)
_KZ_MONTHS = (
    "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан".split()
)


def date_text(day: date, rng: random.Random, *, words: bool = True) -> str:
    if words and rng.random() < 0.3:
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{day:%d.%m.%Y}"


_CITIES = ("Алматы", "Астана", "Шымкент", "Караганда", "Актобе", "Павлодар", "Тараз", "Костанай")
_STREETS = (
    "Абая", "Толе би", "Жибек жолы", "Сейфуллина", "Кунаева", "Назарбаева", "Ауэзова",
    "Гагарина", "Мангилик Ел", "Кабанбай батыра", "Сатпаева", "Розыбакиева", "Пушкина",
    "Ленина", "50 лет Октября", "Желтоксан", "Райымбека", "Достык",
)  # fmt: skip
_KZ_STREETS = ("Абай", "Төле би", "Жібек жолы", "Сейфуллин", "Қонаев", "Сәтбаев", "Достық")
_DISTRICTS = ("Самал-2", "Аксай-4", "Орбита-3", "Жетысу-1", "Алмагуль", "Мамыр-4", "Кулагер")


def random_address(rng: random.Random) -> tuple[str, str]:
    """(city part that may stay, street part that must go)."""
    city = rng.choice(_CITIES)
    house, flat = rng.randrange(1, 240), rng.randrange(1, 300)
    slash = f"/{rng.randrange(1, 9)}" if rng.random() < 0.15 else ""
    roll = rng.random()
    if roll < 0.5:
        kind = rng.choice(("ул.", "ул.", "улица", "пр.", "проспект", "пер."))
        house_word = rng.choice(("д.", "д. ", "дом ", ""))
        flat_word = rng.choice(("кв.", "кв. ", "квартира "))
        street = f"{kind} {rng.choice(_STREETS)}, {house_word}{house}{slash}, {flat_word}{flat}"
        return rng.choice((f"г. {city}", f"город {city}", f"г.{city}")), street
    if roll < 0.7:
        kind = rng.choice(("мкр.", "мкр", "микрорайон"))
        street = f"{kind} {rng.choice(_DISTRICTS)}, д. {house}, кв. {flat}"
        return f"г. {city}", street
    if roll < 0.85:
        street = f"{rng.choice(_KZ_STREETS)} көшесі, {house} үй, {flat} пәтер"
        return f"{city} қаласы", street
    street = f"ул. {rng.choice(_STREETS)}, {house}-{flat}"
    return f"г. {city}", street


# --- writing the act ----------------------------------------------------------------------


@dataclass
class _Writer:
    pieces: list[str] = field(default_factory=list)
    length: int = 0
    gold: list[Span] = field(default_factory=list)
    stay: list[Span] = field(default_factory=list)

    def plain(self, text: str) -> None:
        self.pieces.append(text)
        self.length += len(text)

    def label(self, kind: str, text: str, *, person: int | None = None, known=False) -> None:
        self.gold.append(Span(kind, self.length, self.length + len(text), person, known))
        self.plain(text)

    def keep(self, kind: str, text: str) -> None:
        self.stay.append(Span(kind, self.length, self.length + len(text)))
        self.plain(text)

    def write(self, parts: Iterable[tuple[str, str, dict] | str]) -> None:
        for part in parts:
            if isinstance(part, str):
                self.plain(part)
            elif part[0] == "stay":
                self.keep(part[1], part[2]["text"])
            else:
                self.label(part[0], part[1], **part[2])


_CASE_BEFORE = [
    (r"(?:отношении|у|от|участием|для|без|против|подсудимого|обвиняемого|свидетеля|"
     r"потерпевшего|потерпевшей|защитника|адвоката|представителя|вину|вина|виновность|"
     r"показаний|показания|показаниями|действия|действиях|личность|матери|отца|сына|дочери|"
     r"гражданина|гражданки|лица|квартире|квартиры|дома|имя|осужденного|задержания|допроса|"
     r"слов|пояснений|интересы|заявлению|заявление|ходатайство|объяснения|объяснений|рапорт|"
     r"подсудимой|обвиняемой|супруга|супруги)", "gen"),
    (r"(?:к|подсудимому|обвиняемому|свидетелю|потерпевшему|гражданину|передал|передала|"
     r"сообщил|сообщила|позвонил|позвонила|продал|продала|сбыл|сбыла|предложил|предложила)",
     "dat"),
    (r"(?:признать|привлечь|обязать|освободить|задержали|через|видел|видела|встретил|"
     r"встретила|попросил|попросила|увидел|увидела|знает|характеризует)", "acc"),
    (r"(?:с|со|между|подсудимым|свидетелем|потерпевшим|защитником|гражданином)", "ins"),
    (r"(?:о|об|при)", "prep"),
]  # fmt: skip
_CASE_BEFORE_RE = [(re.compile(rf"(?i:(?<![\w-]){w})[\s,–-]*$"), c) for w, c in _CASE_BEFORE]


def case_from_context(before: str) -> str | None:
    tail = before[-40:]
    for pattern, case in _CASE_BEFORE_RE:
        if pattern.search(tail):
            return case
    nominative = r"подсудим(?:ый|ая)|обвиняем(?:ый|ая)|свидетель|потерпевш(?:ий|ая)|истец|ответчик"
    if re.search(rf"(?:^|[.:;\n]\s*|,\s*|\s[–-]\s*|\b(?:и|или|{nominative})\s+)$", tail):
        return "nom"
    return None


# "Гришукова ФИО8": the courts sometimes hid only the first name and patronymic.
_PERSON_SLOT = r"(?:(?P<lead>[А-ЯЁ][а-яё]+)[^\S\n]+)?(?P<key>ФИО\d*|<ФИО>\d*|<обвиняемый \d+>)"
_LEAD_SURNAME = re.compile(
    r".+(?:(?:ов|ев|ёв|ин|ын)(?:а|у|ым|ой|е|ы)?|(?:ск|цк)(?:ий|ая|ого|ой|ому|им|ую)|енко|ук|юк|ян)"
)
_ADDRESS_SLOT = r"<(?:адрес|Адрес)[^<>\n]{0,12}>|<ул\.{3}>"
_DATE_SLOT = (
    r"ДД\.ММ\.ГГГГ|<(?:дата|Дата)[^<>\n]{0,12}>|<\s*Дата\s*>|\*\*\.\*\*\.\*\*\*\*|Дата обезличена"
)
_DETAILS_SLOT = r"<данные изъяты>"
_RU_CAP = r"(?:[А-ЯЁ][а-яё]+|[А-ЯЁ]{3,})(?:-[А-ЯЁ][а-яё]+)?"
_REAL_FULL = rf"{_RU_CAP}\s{_RU_CAP}\s[А-ЯЁ][а-яё]+(?:вич|вна|ична|ич)(?:а|у|ем|е|ы|ой)?"
_REAL_SI = rf"{_RU_CAP}\s?[А-ЯЁ]\.\s?[А-ЯЁ]\.?"
_REAL_IS = rf"[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?{_RU_CAP}"
_REAL_PHONE = r"(?:\+7|8)[\s-]?\(?9\d\d\)?[\s-]?\d{3}[\s-]?\d\d[\s-]?\d\d"
_REAL_ADDRESS = (
    r"(?:ул|пер|пр|пр-т|пл|мкр)\.\s?[А-ЯЁ0-9][^,\n]{1,30},\s?(?:д\.\s?№?\s?|дом\s)?\d+[^\s,;]*"
    r"(?:,?\s?кв\.\s?\d+)?"
)
_INITIALS_ONLY = r"[А-ЯЁ]\.\s?[А-ЯЁ]\.(?:\s?[А-ЯЁ]\.)?"
_SLOTS = re.compile(
    rf"(?P<person>{_PERSON_SLOT})|(?P<address>{_ADDRESS_SLOT})|(?P<date>{_DATE_SLOT})"
    rf"|(?P<details>{_DETAILS_SLOT})|(?P<phone>(?<!\d){_REAL_PHONE}(?!\d))"
    rf"|(?P<street>(?<!\w){_REAL_ADDRESS})"
    rf"|(?P<full>(?<![\w-]){_REAL_FULL}(?!\w))|(?P<si>(?<![\w-]){_REAL_SI}(?!\w))"
    rf"|(?P<is>(?<![\w.]){_REAL_IS}(?!\w))|(?P<initials>(?<![\w.]){_INITIALS_ONLY}(?!\w))"
)
_NOT_A_SURNAME = re.compile(
    r"(?i:(?:республик|федерац|гражданин|граждан|свидетел|подсудим|обвиняем|потерпевш|"
    r"защитник|прокурор|город|област|район|госнарко|водител|жител|сотрудник|оперуполномоч|"
    r"инспектор|отдел|управлен|согласно|полиц)\w*|судья|судьи|суд|суда|рф|коап|ук|ст|ч|п|г|"
    r"затем|потом|тогда|вечером|утром|около|примерно|мвд|омвд|умвд|после|кроме)"
)
_PLACE_SLOT_BEFORE = re.compile(
    r"(?:(?P<town>(?<![\w])(?<!ГГГГ\s)(?<!\d\s)(?<!обезличена\s)г\.|(?<![\w])город\w*)|(?<![\w])(?:ул|пр|пер|пл|им)\.|улиц\w*|"
    r"проспект\w*|площад\w*|имени|памятник\w*)\s*$"
)
_JUDGE_BEFORE = re.compile(
    r"(?:[Сс]удья|председательствующ\w*(?:\s+судьи)?|в\s+составе\s+судьи|[Сс]удьи)"
    r"(?:(?!отношени|ПОСТАНОВИЛ|постановил|рассмотр|установил|призна|обвин)"
    r"(?:[^.;\n]|(?:(?<=[\s(][а-яё])|(?<=[\s(][а-яё]{2}))\.)){0,140}$"
)
_ASSISTANT_BEFORE = re.compile(r"(?:помощник\w*|секретар\w*)\s+судьи[^.;\n]{0,40}$")


def _real_stem(word: str) -> tuple[str, str, str]:
    """(class, stem, ending) of a real surname as written, to transplant the ending."""
    word = word.capitalize() if word.isupper() else word
    if m := re.fullmatch(r"(.+(?:ов|ев|ёв|ин|ын))(а|у|ым|е|ой|ы|ых)?", word):
        return "ov", m[1], m[2] or ""
    if m := re.fullmatch(r"(.+[сц]к)(ий|ая|ого|ой|ому|им|ом|ую)", word):
        return "sk", m[1], m[2]
    if re.fullmatch(r".+(?:[оеиую]|[ыи]х)", word):
        return "indeclinable", word, ""
    if m := re.fullmatch(r"(.+?[бвгджзклмнпрстфхцчшщ])(а|у|ом|ем|е|ы)?", word):
        return "consonant", m[1], m[2] or ""
    return "indeclinable", word, ""


class _ActBuilder:
    def __init__(self, act_id: str, text: str, seed: int) -> None:
        self.rng = random.Random(f"{seed}:{act_id}")  # noqa: S311 - a reproducible sample
        self.act_id, self.source = act_id, text
        self.people: list[Person] = []
        self.known: list[bool] = []
        self.introduced: set[int] = set()
        self.by_key: dict[str, int] = {}
        self.judge: Person | None = None
        self.judge_stem: str | None = None
        self.writer = _Writer()
        self.last_person_end = -10
        self.real_sex: dict[str, bool] = {}
        self.source_words = {w[:-1] for w in re.findall(r"[А-ЯЁ][а-яё]+", _plain(text))} | {
            w[:-2] for w in re.findall(r"[А-ЯЁ][а-яё]+", _plain(text))
        }

    def _new_person(self, *, known: bool | None = None, female: bool | None = None) -> int:
        taken = {_plain(p.surname) for p in self.people}
        taken.add(_plain(self.judge.surname) if self.judge else "")
        for _attempt in range(50):  # an act with more people than surnames reuses one
            person = random_person(self.rng, female=female)
            if _plain(person.surname) not in taken and not self._in_source(person):
                break
        self.people.append(person)
        self.known.append(self.rng.random() < 0.5 if known is None else known)
        return len(self.people) - 1

    def _person_for(self, key: str) -> int:
        if key not in self.by_key:
            self.by_key[key] = self._new_person(female=self.real_sex.get(key))
        return self.by_key[key]

    def _mention(self, number: int, case: str) -> str:
        person = self.people[number]
        if number not in self.introduced:
            form = self.rng.choice(("full", "full", "surname_initials", "initials_surname"))
        elif self.known[number]:
            form = self.rng.choice(FORMS)
        else:
            form = self.rng.choice(FORMS[:4])
        self.introduced.add(number)
        return person_mention(person, case, form, self.rng)

    def _write_person(self, number: int, case: str | None, text: str | None = None) -> None:
        case = case or self.rng.choice(CASES)
        text = text or self._mention(number, case)
        self.writer.label(Kind.PERSON, text, person=number, known=self.known[number])
        self.last_person_end = self.writer.length

    # -- slots in the real text

    def fill(self, m: re.Match) -> None:
        before = self.source[max(0, m.start() - 60) : m.start()]
        slot = m.lastgroup
        place = _PLACE_SLOT_BEFORE.search(before)
        if slot in ("person", "full", "si", "is", "bare") and place:
            # The courts also hid towns, streets and monuments as "ФИО" ("г. ФИО6", "ул.
            # ФИО7", "сквер им. ФИО8"): a town or a street goes back there, not a person.
            if slot == "person":
                self.writer.keep("place", self.rng.choice(_CITIES if place["town"] else _STREETS))
            else:
                self.writer.plain(m.group())
        elif slot == "person":
            lead = m["lead"]
            if lead and not (_LEAD_SURNAME.fullmatch(lead) and not _NOT_A_SURNAME.fullmatch(lead)):
                self.writer.plain(self.source[m.start() : m.start("key")])
                before = self.source[max(0, m.start("key") - 60) : m.start("key")]
            self._write_person(self._person_for(m["key"]), case_from_context(before))
        elif slot in ("full", "si", "is", "bare"):
            self._real_name(m, before)
        elif slot == "initials":
            number = self._person_for(m.group().replace(" ", ""))
            self._write_person(number, case_from_context(before))
        elif slot == "address":
            self._address(before)
        elif slot == "street":
            self.writer.label(Kind.ADDRESS, random_address(self.rng)[1])
        elif slot == "date":
            self._date(m)
        elif slot == "phone":
            self.writer.label(Kind.PHONE, random_phone(self.rng))
        elif slot == "details":
            self._details(m)

    def _real_name(self, m: re.Match, before: str) -> None:
        words = re.findall(_RU_CAP, m.group())
        surname = words[0]
        if m.lastgroup == "is":
            surname = words[-1]
        if _NOT_A_SURNAME.fullmatch(surname):
            self._initials_beside_a_word(m, surname, before)
            return
        kind, stem, ending = _real_stem(surname)
        judge_context = _JUDGE_BEFORE.search(before) and not _ASSISTANT_BEFORE.search(before)
        if stem == self.judge_stem or (self.judge is None and judge_context):
            self._write_judge(kind, stem, ending, m)
            return
        number = self._person_for(stem)
        female = self.people[number].female
        case = _case_of_real_ending(kind, ending, female) or case_from_context(before)
        if m.lastgroup == "full":
            case = _case_of_patronymic(words[-1]) or case
        if m.lastgroup == "bare":
            person = self.people[number]
            case = case or self.rng.choice(CASES)
            self._write_person(number, case, surname_form(person.surname, female, case))
            return
        self._write_person(number, case)

    def _initials_beside_a_word(self, m: re.Match, word: str, before: str) -> None:
        """ "Затем А.Р." or "Ж.Л. Вечером": initials the courts left, next to an ordinary word."""
        initials = m.group().replace(word, "").strip()
        number = self._person_for(initials.replace(" ", ""))
        if m.group().startswith(word):
            self.writer.plain(m.group()[: m.group().index(initials)])
            self._write_person(number, "nom")
        else:
            self._write_person(number, case_from_context(before))
            self.writer.plain(m.group()[len(initials) :])

    def _in_source(self, person: Person) -> bool:
        """Whether the act already has the surname or first name, as a street ("ул. Павлова")
        or a real name the courts left: a synthetic name must not collide with them."""
        stems = {_plain(person.surname)[:-1], _plain(person.first_name)[:-1]}
        return any(stem in self.source_words for stem in stems)

    def _new_judge(self) -> Person:
        taken = {_plain(person.surname) for person in self.people}
        while True:
            judge = random_person(self.rng, kazakh=self.rng.random() < 0.5)
            if _surname_class(judge.surname) != "ov" or _plain(judge.surname) in taken:
                continue
            if not self._in_source(judge):
                return judge

    def _write_judge(self, kind: str, stem: str, ending: str, m: re.Match) -> None:
        if self.judge is None:
            self.judge = self._new_judge()
            self.judge_stem = stem
        judge = self.judge
        if m.lastgroup == "full":
            self.writer.keep("judge", person_mention(judge, "nom", "full", self.rng))
            return
        surname = judge.surname + ending if kind == "ov" else judge.surname
        if m.lastgroup == "si":
            text = f"{surname} {judge.initials()}"
        elif m.lastgroup == "bare":
            text = surname
        else:
            text = f"{judge.initials()} {surname}"
        self.writer.keep("judge", text)

    def _address(self, before: str) -> None:
        if re.search(r"(?i:урожен\w*|родил\w*|место\s+рождения)[^,.;]{0,12}$", before):
            self.writer.keep("city", f"г. {self.rng.choice(_CITIES)}")
            return
        city, street = random_address(self.rng)
        if self.rng.random() < 0.5:
            self.writer.plain(f"{city}, ")
        self.writer.label(Kind.ADDRESS, street)

    def _date(self, m: re.Match) -> None:
        after = self.source[m.end() : m.end() + 30]
        before = self.source[max(0, m.start() - 30) : m.start()]
        birth_after = re.match(r"\s*(?:года|г\.|г)?\s*(?:рождения|р\.|г\.р)", after)
        birth_before = re.search(r"(?i:рождения|родивш\w+|родил\w+)[:\s]*$", before)
        if birth_after or birth_before:
            text = date_text(random_birth_date(self.rng), self.rng, words=not after.startswith("г"))
            self.writer.label(Kind.BIRTH_DATE, text)
            return
        day = date(2010, 1, 1) + timedelta(days=self.rng.randrange(0, 365 * 9))
        self.writer.keep("date", f"{day:%d.%m.%Y}")

    def _details(self, m: re.Match) -> None:
        if self.writer.length - self.last_person_end > 8:
            self.writer.plain(m.group())
            return
        rng, write = self.rng, self.writer
        born = random_birth_date(rng)
        write.label(Kind.BIRTH_DATE, date_text(born, rng))
        write.plain(" года рождения, ИИН ")
        write.label(Kind.IIN, random_iin(rng, born, female=rng.random() < 0.5))
        if rng.random() < 0.6:
            city, street = random_address(rng)
            write.plain(f", проживающего по адресу: {city}, ")
            write.label(Kind.ADDRESS, street)
        if rng.random() < 0.4:
            write.plain(", тел. ")
            write.label(Kind.PHONE, random_phone(rng))

    # -- added sentences

    def added_paragraph(self) -> None:
        rng, write = self.rng, self.writer
        plaintiff = self._new_person(known=True)
        defendant = self._new_person(known=True)
        witness = self._new_person(known=False)
        write.plain("\n")
        for template in rng.sample(_TEMPLATES, k=rng.randint(2, 4)):
            write.write(template(self, plaintiff, defendant, witness))
            write.plain("\n")

    def person(self, number: int, case: str, form: str | None = None) -> tuple[str, str, dict]:
        person = self.people[number]
        chosen = form or ("full" if number not in self.introduced else None)
        if chosen is None:
            choices = FORMS if self.known[number] else FORMS[:3]
            chosen = self.rng.choice(choices)
        self.introduced.add(number)
        text = person_mention(person, case, chosen, self.rng)
        return (Kind.PERSON, text, {"person": number, "known": self.known[number]})

    def kazakh(self, number: int, case: str) -> tuple[str, str, dict]:
        text = kazakh_mention(self.people[number], case, self.rng)
        return (Kind.PERSON, text, {"person": number, "known": self.known[number]})

    def judge_name(self) -> tuple[str, str, dict]:
        if self.judge is None:
            self.judge = self._new_judge()
        surname = surname_form(self.judge.surname, self.judge.female, "gen")
        return ("stay", "judge", {"text": f"{surname} {self.judge.initials()}"})

    def _slots(self) -> list[re.Match]:
        """Placeholders and leftover personal data, plus bare forms of the real surnames."""
        matches = list(_SLOTS.finditer(self.source))
        endings: dict[str, tuple[str, set[str]]] = {}
        for m in matches:
            if _PLACE_SLOT_BEFORE.search(self.source, max(0, m.start() - 20), m.start()):
                continue  # "г. Сочи С.С.К." is a town, not a surname
            if m.lastgroup in ("full", "si", "is"):
                words = re.findall(_RU_CAP, m.group())
                surname = words[-1] if m.lastgroup == "is" else words[0]
                if not _NOT_A_SURNAME.fullmatch(surname):
                    kind, stem, ending = _real_stem(surname)
                    endings.setdefault(stem, (kind, set()))[1].add(ending)
        for stem, (kind, seen) in endings.items():
            self.real_sex[stem] = _sex_of_real(kind, seen, self.rng)
        if not endings:
            return matches
        stems = "|".join(re.escape(stem) for stem in sorted(endings, key=len, reverse=True))
        bare = re.compile(
            rf"(?<![\w-])(?P<bare>(?:{stems})(?:ым|ой|ом|ем|ых|ого|ому|ий|ая|им|ую|а|у|е|ы)?)"
            r"(?![\w-])"
        )
        chosen, end = [], -1
        everything = [*matches, *bare.finditer(self.source)]
        for m in sorted(everything, key=lambda m: (m.start(), -m.end())):
            if m.start() >= end:
                chosen.append(m)
                end = m.end()
        return chosen

    def build(self) -> LabelledAct:
        matches = self._slots()
        paragraph_at = self._paragraph_position()
        position, added = 0, False
        for m in matches:
            if not added and m.start() >= paragraph_at:
                paragraph_at = max(position, paragraph_at)
                self.writer.plain(self.source[position:paragraph_at])
                self.added_paragraph()
                position, added = paragraph_at, True
            self.writer.plain(self.source[position : m.start()])
            # The courts' placeholders are sometimes glued to a word ("подвергнутьФИО1");
            # a value put back there gets a space, as it had before it was taken out.
            glued_before = m.start() > 0 and self.source[m.start() - 1].isalnum()
            glued_after = m.end() < len(self.source) and self.source[m.end()].isalpha()
            self.writer.plain(" " if glued_before else "")
            self.fill(m)
            self.writer.plain(" " if glued_after else "")
            position = m.end()
        if not added:
            self.writer.plain(self.source[position:paragraph_at])
            self.added_paragraph()
            position = paragraph_at
        self.writer.plain(self.source[position:])
        keep = []
        if self.judge is not None:
            judge = self.judge
            keep.append(f"{surname_form(judge.surname, judge.female, 'nom')} {judge.initials()}")
        keep += list(_COURTS)
        known = [p.known() for p, flag in zip(self.people, self.known, strict=True) if flag]
        return LabelledAct(
            act_id=self.act_id,
            text="".join(self.writer.pieces),
            known_people=known,
            keep=keep,
            gold=self.writer.gold,
            must_stay=self.writer.stay,
        )

    def _paragraph_position(self) -> int:
        breaks = [m.end() for m in re.finditer(r"\n", self.source)]
        if not breaks:
            return len(self.source)
        middle = [b for b in breaks if len(self.source) * 0.2 < b < len(self.source) * 0.8]
        return self.rng.choice(middle or breaks)


def _sex_of_real(kind: str, endings: set[str], rng: random.Random) -> bool:
    """Whether the real person was a woman, as far as the surname's endings tell."""
    if kind == "ov" and "ой" in endings or kind == "sk" and endings & {"ая", "ую"}:
        return True
    if kind == "ov" and endings & {"", "ым", "е"} or kind == "sk" and endings & {"ий", "ого"}:
        return False
    return rng.random() < 0.45


def _case_of_real_ending(kind: str, ending: str, female: bool) -> str | None:
    if kind == "ov":
        table = (
            {"а": "nom", "ой": "gen", "у": "acc"}
            if female
            else {"": "nom", "а": "gen", "у": "dat", "ым": "ins", "е": "prep"}
        )
        return table.get(ending)
    if kind == "sk":
        table = {"ий": "nom", "ого": "gen", "ому": "dat", "им": "ins", "ом": "prep"}
        table |= {"ая": "nom", "ой": "gen", "ую": "acc"}
        return table.get(ending)
    return None


def _case_of_patronymic(word: str) -> str | None:
    endings = {
        "ич": "nom", "ича": "gen", "ичу": "dat", "ичем": "ins", "иче": "prep",
        "на": "nom", "ны": "gen", "не": "dat", "ну": "acc", "ной": "ins",
    }  # fmt: skip
    for ending, case in sorted(endings.items(), key=lambda item: -len(item[0])):
        if word.endswith(ending):
            return case
    return None


_COURTS = (
    "Медеуский районный суд города Алматы",
    "Специализированный межрайонный экономический суд города Астаны",
    "Алмалинский районный суд города Алматы",
)
_COMPANIES = ("Береке Строй", "Алатау Сервис", "Kaspi Bank", "Жетісу Агро", "Сарыарқа Транс")


def _t_claim(b: _ActBuilder, plaintiff: int, defendant: int, witness: int) -> list:
    rng = b.rng
    born = random_birth_date(rng)
    female = b.people[plaintiff].female
    city, street = random_address(rng)
    return [
        "Истец ", b.person(plaintiff, "nom", "full"), " (ИИН ",
        (Kind.IIN, random_iin(rng, born, female=female), {}),
        "), проживающий по адресу: ", city, ", ", (Kind.ADDRESS, street, {}), ", тел. ",
        (Kind.PHONE, random_phone(rng), {}), ", обратился в ",
        ("stay", "court", {"text": rng.choice(_COURTS)}), " с иском к ",
        b.person(defendant, "dat", rng.choice(("full", "surname_initials"))), ".",
    ]  # fmt: skip


def _t_birth(b: _ActBuilder, plaintiff: int, defendant: int, witness: int) -> list:
    rng = b.rng
    born = random_birth_date(rng)
    return rng.choice(
        (
            [
                "Ответчик ", b.person(defendant, "nom"), ", ",
                (Kind.BIRTH_DATE, date_text(born, rng), {}),
                " года рождения, извещён по телефону ", (Kind.PHONE, random_phone(rng), {}), ".",
            ],
            [
                "Дата рождения ответчика: ", (Kind.BIRTH_DATE, f"{born:%d.%m.%Y}", {}),
                ", ИИН ", (Kind.IIN, random_iin(rng, born), {}), ".",
            ],
            [
                b.person(witness, "nom", "full"), ", ", (Kind.BIRTH_DATE, f"{born:%d.%m.%Y}", {}),
                " г.р., допрошен в качестве свидетеля.",
            ],
            [
                "Свидетель ", b.person(witness, "nom", "full"), ", родившийся ",
                (Kind.BIRTH_DATE, date_text(born, rng, words=True), {}),
                " года в городе ", ("stay", "city", {"text": rng.choice(_CITIES)}),
                ", пояснил, что знает ", b.person(plaintiff, "acc"), " с ",
                ("stay", "date", {"text": str(rng.randrange(2001, 2019))}), " года.",
            ],
        )
    )  # fmt: skip


def _t_money(b: _ActBuilder, plaintiff: int, defendant: int, witness: int) -> list:
    rng = b.rng
    company = rng.choice(_COMPANIES)
    return [
        "Денежные средства перечислены ", b.person(defendant, "ins"), " на счёт ",
        (Kind.ACCOUNT, random_iban(rng), {}), " в АО «", ("stay", "company", {"text": company}),
        "» (БИН ", ("stay", "bin", {"text": random_bin(rng)}), ") с карты ",
        (Kind.CARD, random_card(rng), {}), ", принадлежащей ", b.person(plaintiff, "dat"), ".",
    ]  # fmt: skip


def _t_hearing(b: _ActBuilder, plaintiff: int, defendant: int, witness: int) -> list:
    rng = b.rng
    day = date(2019, 1, 1) + timedelta(days=rng.randrange(0, 365 * 5))
    return [
        "Дело рассмотрено ", ("stay", "date", {"text": date_text(day, rng)}),
        " под председательством судьи ", b.judge_name(), " в соответствии со ",
        ("stay", "law", {"text": "статьей 15 Гражданского процессуального кодекса Республики "
                                 "Казахстан"}),
        "; представитель ТОО «", ("stay", "company", {"text": rng.choice(_COMPANIES)}),
        "» ", b.person(witness, "nom", rng.choice(("full", "initials_surname"))),
        " поддержал доводы ", b.person(plaintiff, "gen"), ".",
    ]  # fmt: skip


def _t_kazakh(b: _ActBuilder, plaintiff: int, defendant: int, witness: int) -> list:
    rng = b.rng
    born = random_birth_date(rng)
    house, flat = rng.randrange(1, 240), rng.randrange(1, 300)
    street = rng.choice(
        (
            f"{rng.choice(_KZ_STREETS)} көшесі, {house} үй, {flat} пәтер",
            f"{rng.choice(_KZ_STREETS)} даңғылы, {house}-үй, {flat}-пәтер",
            f"{rng.choice(_DISTRICTS)} шағын ауданы, {house} үй, {flat} пәтер",
        )
    )
    return [
        "Талапкер ", b.kazakh(plaintiff, "nom"), " жауапкер ", b.kazakh(defendant, "abl"),
        f" {rng.randrange(100, 5000) * 1000} теңге өндіруді сұрайды. Хабарлама ",
        b.kazakh(defendant, "dat"), " ", (Kind.PHONE, random_phone(rng), {}),
        " телефон нөмірі арқылы жіберілді. Жауапкердің мекенжайы: ",
        f"{rng.choice(_CITIES)} қаласы, ",
        (Kind.ADDRESS, street, {}), ". ", b.kazakh(plaintiff, "gen"), " туған күні: ",
        (Kind.BIRTH_DATE, f"{born:%d.%m.%Y}", {}), ", ЖСН ", (Kind.IIN, random_iin(rng, born), {}),
        ".",
    ]  # fmt: skip


def _t_mentions(b: _ActBuilder, plaintiff: int, defendant: int, witness: int) -> list:
    rng = b.rng
    return [
        b.person(plaintiff, "nom", "initials_surname"), " и ",
        b.person(defendant, "nom", "surname_initials"), " в ",
        ("stay", "date", {"text": str(rng.randrange(2012, 2023))}), " году заключили договор; ",
        b.person(defendant, "nom", "surname"), " обязательства не исполнил, что подтвердил ",
        b.person(witness, "nom", "surname_initials"), ".",
    ]  # fmt: skip


_TEMPLATES = (_t_claim, _t_birth, _t_money, _t_hearing, _t_kazakh, _t_mentions)


def label_act(act_id: str, text: str, *, seed: int = SEED) -> LabelledAct:
    return _ActBuilder(act_id, text, seed).build()


def build_sample(
    directory: Path, *, every: int = 1, limit: int | None = None, seed: int = SEED
) -> list[LabelledAct]:
    """Labelled acts from every `every`-th act of the dataset, at most `limit` of them."""
    sample = []
    for number, (act_id, text) in enumerate(load_acts(directory)):
        if number % every:
            continue
        sample.append(label_act(act_id, text, seed=seed))
        if limit is not None and len(sample) >= limit:
            break
    return sample


# --- scoring ------------------------------------------------------------------------------


@dataclass
class Score:
    """Recall per gold kind, precision per predicted kind, and what must never survive."""

    gold: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    predicted: Counter = field(default_factory=Counter)
    right: Counter = field(default_factory=Counter)
    must_stay: Counter = field(default_factory=Counter)
    stayed: Counter = field(default_factory=Counter)
    survivors: list[tuple[str, str]] = field(default_factory=list)
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    false_positives: list[tuple[str, str, str]] = field(default_factory=list)
    removed_by_mistake: list[tuple[str, str, str]] = field(default_factory=list)

    def recall(self, kind: str | None = None) -> float:
        gold = self.gold[kind] if kind else sum(self.gold.values())
        found = self.found[kind] if kind else sum(self.found.values())
        return found / gold if gold else 1.0

    def precision(self, kind: str | None = None) -> float:
        predicted = self.predicted[kind] if kind else sum(self.predicted.values())
        right = self.right[kind] if kind else sum(self.right.values())
        return right / predicted if predicted else 1.0

    def kept(self, kind: str | None = None) -> float:
        total = self.must_stay[kind] if kind else sum(self.must_stay.values())
        kept = self.stayed[kind] if kind else sum(self.stayed.values())
        return kept / total if total else 1.0


KNOWN_PERSON = "person (known party)"
OTHER_PERSON = "person (other)"


def _gold_kind(span: Span) -> str:
    if span.kind == Kind.PERSON:
        return KNOWN_PERSON if span.known else OTHER_PERSON
    return str(span.kind)


def known_name_forms(person: KnownPerson) -> set[str]:
    """Every Russian and Kazakh form of a known party's name that must not be published."""
    forms: set[str] = set()
    surname = person.surname
    female = bool(
        re.search(r"(?:на|қызы|кызы)$", person.patronymic)
        or re.search(r"(?:ова|ева|ёва|ина|ына|ская|цкая)$", surname)
        or not person.patronymic
        and re.search(r"[ая]$", person.first_name)
    )
    base = re.sub(r"(ов|ев|ёв|ин|ын)а$", r"\1", surname) if female else surname
    base = re.sub(r"ая$", "ий", base)
    for case in CASES:
        forms.add(surname_form(base, female, case))
        forms.add(first_name_form(person.first_name, female, case))
        forms.add(patronymic_form(person.patronymic, female, case))
    for case in ("gen", "dat", "acc", "loc", "abl", "ins"):
        forms.add(kazakh_case(surname, case))
        if person.patronymic:
            forms.add(kazakh_case(person.patronymic, case))
    return {form for form in forms if form}


def score_act(act: LabelledAct, replacements: Iterable, published: str, score: Score) -> None:
    covered = bytearray(len(act.text))
    spans = sorted((r.start, r.end, str(r.kind)) for r in replacements)
    for start, end, _kind in spans:
        covered[start:end] = b"\x01" * (end - start)
    labelled = bytearray(len(act.text))
    for span in act.gold:
        labelled[span.start : span.end] = b"\x01" * (span.end - span.start)
        kind = _gold_kind(span)
        score.gold[kind] += 1
        value = act.text[span.start : span.end]
        if all(covered[i] for i in range(span.start, span.end) if value[i - span.start].isalnum()):
            score.found[kind] += 1
        else:
            score.misses.append((act.act_id, kind, _context(act.text, span.start, span.end)))
    for start, end, kind in spans:
        score.predicted[kind] += 1
        if any(labelled[start:end]):
            score.right[kind] += 1
        else:
            score.false_positives.append((act.act_id, kind, _context(act.text, start, end)))
    for span in act.must_stay:
        score.must_stay[span.kind] += 1
        if any(covered[span.start : span.end]):
            context = _context(act.text, span.start, span.end)
            score.removed_by_mistake.append((act.act_id, span.kind, context))
        else:
            score.stayed[span.kind] += 1
    _survivors(act, published, score)


def _survivors(act: LabelledAct, published: str, score: Score) -> None:
    """IINs (even re-spaced) and any form of a known party's name left in the published text."""
    for span in act.gold:
        if span.kind == Kind.IIN:
            iin = re.sub(r"\D", "", act.text[span.start : span.end])
            if re.search(rf"(?<!\d){'[ -]?'.join(iin)}(?!\d)", published):
                score.survivors.append((act.act_id, iin))
    forms = {form for person in act.known_people for form in known_name_forms(person)}
    if not forms:
        return
    alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    pattern = re.compile(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])")
    score.survivors += [(act.act_id, m.group()) for m in pattern.finditer(published)]


def _context(text: str, start: int, end: int) -> str:
    before = " ".join(text[max(0, start - 40) : start].split())
    after = " ".join(text[end : end + 25].split())
    return f"{before} ⟦{' '.join(text[start:end].split())}⟧ {after}"
