"""Depersonalisation of a judicial act before it is published.

`depersonalise(text, known_people=..., keep=...)` returns the text to publish and the list of
what was taken out (kind, span in the original text, original value), for the audit trail.
The public sees only `Result.text`; the original and the replacements stay with the court.

What is replaced, by what, and why:

- People: every name becomes "[ФИО-n]", numbered by first appearance, the same number for
  every mention of the same person in one act, so the published text still reads ("[ФИО-1]
  обратился с иском к [ФИО-2]"). Known parties are matched in every Russian case form, in
  Kazakh case forms (Ахметовке, Ахметовтың), with or without Kazakh letters (Серікқызы,
  Серикkызы), as full names and with initials in either order. Other people are found by
  shape: surname + first name + patronymic (Russian -ович/-овна and Kazakh -ұлы/-қызы),
  first name + patronymic, surname with initials. A surname found that way is then matched
  wherever else it occurs in the act, in any form.
- An individual entrepreneur ("ИП Иванов И.И.") is a person: the name is replaced and "ИП"
  stays. A quoted trade or company name ("ТОО «Иванов и К»") is a legal entity and is kept.
- Names in `keep` (the judges, the court) stay. A name that is both kept and a known party's
  is replaced: a leak costs more than a missing judge's name.
- IIN "[ИИН]": every 12-digit number whose 5th digit is 0-3 (in an IIN that digit starts the
  day of birth). A 12-digit number whose 5th digit is 4, 5 or 6 is a BIN, a legal entity's
  number, and is kept. A wrong check digit does not save an IIN: a typo must not leak it.
- Phone "[телефон]": +7/8 followed by ten digits in the usual groupings, a 7xx number written
  in groups, or any number after "тел.", "моб.", "ұялы телефон".
- Address "[адрес]": the street, house and flat (Russian "ул./пр./мкр., д., кв." and Kazakh
  "көшесі, даңғылы, шағын ауданы, үй, пәтер"). The city and region stay: they say where the
  court sits, not who lives where. A street name without a house number stays too.
- Date of birth "[дата рождения]": a date or year next to "года рождения", "г.р.", "дата
  рождения", "родившегося", "туған". Other dates (hearing, act, laws) stay.
- Account "[счёт]": a KZ IBAN (mod-97 valid, or labelled "ИИК", "IBAN", "р/с"), except the
  Treasury's (bank code 070), which belongs to the state; a labelled 20-digit account unless
  it is a budget account (401-403); any 20-digit account of the 408/423 personal ranges.
- Card "[номер карты]": 16 digits (grouped or not) that pass Luhn, or follow the word "карта".

The placeholders are Russian because the acts are in Russian or Kazakh and Russian is the
language both readerships share; they are bracketed so nobody takes them for a name.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    PERSON = "person"
    IIN = "iin"
    PHONE = "phone"
    ADDRESS = "address"
    BIRTH_DATE = "birth_date"
    ACCOUNT = "account"
    CARD = "card"


PLACEHOLDERS = {
    Kind.IIN: "[ИИН]",
    Kind.PHONE: "[телефон]",
    Kind.ADDRESS: "[адрес]",
    Kind.BIRTH_DATE: "[дата рождения]",
    Kind.ACCOUNT: "[счёт]",
    Kind.CARD: "[номер карты]",
}
PERSON_PLACEHOLDER = "[ФИО-{}]"


@dataclass(frozen=True)
class KnownPerson:
    """A party or participant named in the case file, in the nominative."""

    surname: str
    first_name: str = ""
    patronymic: str = ""


@dataclass(frozen=True)
class Replacement:
    kind: Kind
    start: int
    end: int
    value: str
    placeholder: str


@dataclass(frozen=True)
class Result:
    text: str
    replacements: list[Replacement]


# --- check digits -------------------------------------------------------------------------

_IIN_WEIGHTS = (tuple(range(1, 12)), (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2))


def kz_id_check_digit(first_eleven: str) -> int | None:
    """Check digit of an IIN or BIN, or None when no digit is possible (such ids are not issued)."""
    digits = [int(c) for c in first_eleven]
    for weights in _IIN_WEIGHTS:
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def kz_id_is_valid(number: str) -> bool:
    return (
        len(number) == 12 and number.isdigit() and kz_id_check_digit(number[:11]) == int(number[11])
    )


def kz_id_is_bin(number: str) -> bool:
    """A BIN has 4, 5 or 6 in the 5th place; in an IIN that digit starts the day of birth."""
    return number[4] in "456"


def luhn_is_valid(number: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def iban_is_valid(iban: str) -> bool:
    compact = iban.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[0-9A-Z]{1,30}", compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


# --- names: spelling and forms ------------------------------------------------------------

# Kazakh letters, ё and a stray Latin i are folded to their Russian look-alikes one for one,
# so the folded text has the same offsets and one pattern matches "Серікұлы" and "Серикулы".
_FOLD = str.maketrans("ӘәҒғҚқҢңӨөҰұҮүҺһІіЁёIi", "АаГгКкНнОоУуУуХхИиЕеИи")


def _fold(text: str) -> str:
    return text.translate(_FOLD)


_NOUN_ENDINGS = (
    "", "а", "я", "у", "ю", "ы", "и", "е", "ь", "й", "ом", "ем", "ой", "ей", "ою", "ею", "ью",
    "ий", "ия", "ию", "ием", "ии", "ией",
)  # fmt: skip
_OV_ENDINGS = ("", "а", "у", "ым", "е", "ой", "ою", "ы", "ых", "ыми")
_ADJ_ENDINGS = (
    "ий", "ый", "ой", "ого", "его", "ому", "ему", "им", "ым", "ом", "ем", "ая", "яя", "ую",
    "юю", "ие", "ые", "их", "ых", "ими", "ыми",
)  # fmt: skip
_PATRONYMIC_M_ENDINGS = ("", "а", "у", "ем", "е")
_PATRONYMIC_F_ENDINGS = ("а", "ы", "е", "у", "ой", "ою")
# Kazakh case endings, folded (ң→н, ғ→г, қ→к, і→и). After a consonant the n-forms are left
# out: they belong after vowels, and "Иванов" + "на" would be the patronymic "Ивановна".
_KZ_AFTER_VOWEL = (
    "нын", "нин", "га", "ге", "на", "не", "ны", "ни", "да", "де", "нда", "нде", "дан", "ден",
    "нан", "нен", "мен",
)  # fmt: skip
_KZ_AFTER_CONSONANT = (
    "нын", "нин", "дын", "дин", "тын", "тин", "га", "ге", "ка", "ке", "ды", "ди", "ты", "ти",
    "да", "де", "та", "те", "дан", "ден", "тан", "тен", "нан", "нен", "мен", "бен", "пен",
)  # fmt: skip
_KZ_SUFFIXES = tuple(sorted(set(_KZ_AFTER_VOWEL + _KZ_AFTER_CONSONANT), key=len, reverse=True))
_VOWELS = "аеиоуыэюя"
_OV_SURNAME = re.compile(r"(.+?(?:ов|ев|ин|ын))(?:а|у|ым|е|ой|ою|ы|ых|ыми)?")
_SK_SURNAME = re.compile(r"(.+[сц]к)(?:ий|ой|ого|ому|им|ом|ая|ую|ие|их|ими)")
_ADJ_SURNAME = re.compile(r"(.{3,}[^аеиоуыэюя])(?:ый|ой|ий|ая|яя)")
_INDECLINABLE = re.compile(r".*(?:[оеиуюэ]|[ыи]х|улы|кызы)")
_KZ_BASE = re.compile(r".+(?:ов|ев|ин|ын|ова|ева|ина|ына|улы|кызы)")
_SURNAME_LIKE = re.compile(
    r".*(?:ов|ев|ин|ын|енко|ко|ук|юк|ич|ян|дзе|швили|улы|кызы|их|ых|бек|бай|ли|ким|пак|цой)"
)


def _with_kazakh_endings(base: str) -> set[str]:
    endings = _KZ_AFTER_VOWEL if base[-1] in _VOWELS else _KZ_AFTER_CONSONANT
    return {base + ending for ending in endings}


@functools.lru_cache(maxsize=65536)
def surname_stem(word: str) -> tuple[str, frozenset[str]]:
    """(stem, every form) of a surname seen in any form; the stem identifies the family name."""
    w = _fold(word).lower()
    for suffix in _KZ_SUFFIXES:
        if w.endswith(suffix) and _KZ_BASE.fullmatch(w[: -len(suffix)]):
            w = w[: -len(suffix)]
            break
    if match := _OV_SURNAME.fullmatch(w):
        stem = match[1]
        forms = {stem + e for e in _OV_ENDINGS}
        forms |= _with_kazakh_endings(stem) | _with_kazakh_endings(stem + "а")
        return stem, frozenset(forms)
    if (match := _SK_SURNAME.fullmatch(w)) or (match := _ADJ_SURNAME.fullmatch(w)):
        stem = match[1]
        forms = {stem + e for e in _ADJ_ENDINGS} | _with_kazakh_endings(w)
        return stem, frozenset(forms)
    if len(w) <= 3 and w[-1] in _VOWELS or _INDECLINABLE.fullmatch(w):
        return w, frozenset({w} | _with_kazakh_endings(w))
    stem = w
    for ending in ("ом", "ем", "ой", "ей", "ою", "ею", "а", "я", "у", "ю", "е", "ы", "и", "ь", "й"):
        if w.endswith(ending) and len(w) - len(ending) >= 3:
            stem = w[: -len(ending)]
            break
    forms = {stem + e for e in _NOUN_ENDINGS} | _with_kazakh_endings(w)
    return stem, frozenset(forms)


def _given_name_forms(word: str) -> frozenset[str]:
    w = _fold(word).lower()
    if not w:
        return frozenset()
    stem = w[:-1] if w[-1] in "аяьйо" and len(w) > 2 else w
    return frozenset({stem + e for e in _NOUN_ENDINGS} | _with_kazakh_endings(w))


def _patronymic_forms(word: str) -> frozenset[str]:
    w = re.sub(r"[\s-]+(?=(?:улы|кызы)$)", "", _fold(word).lower())
    if not w:
        return frozenset()
    if w.endswith("ич"):
        forms = {w + e for e in _PATRONYMIC_M_ENDINGS}
    elif w.endswith("на"):
        forms = {w[:-1] + e for e in _PATRONYMIC_F_ENDINGS}
    elif w.endswith(("улы", "кызы")):
        forms = {w}
    else:
        return _given_name_forms(word)
    return frozenset(forms | _with_kazakh_endings(w))


@dataclass(frozen=True)
class _Person:
    surnames: frozenset[str]
    first_names: frozenset[str]
    patronymics: frozenset[str]
    initials: tuple[str, str]

    @classmethod
    def of(cls, surname: str, first_name: str, patronymic: str, initials=("", "")) -> _Person:
        first_initial = _fold(first_name[:1]).upper() or initials[0]
        second_initial = _fold(patronymic[:1]).upper() or initials[1]
        return cls(
            surname_stem(surname)[1] if surname else frozenset(),
            _given_name_forms(first_name),
            _patronymic_forms(patronymic),
            (first_initial, second_initial),
        )

    def fits(self, mention: _Mention) -> bool:
        """Whether the mention's first name, patronymic or initials do not contradict ours."""
        if mention.first and self.first_names and mention.first.lower() not in self.first_names:
            return False
        if mention.patronymic and self.patronymics:
            if mention.patronymic.lower() not in self.patronymics:
                return False
        first, second = self.initials
        if mention.initials[0] and first and mention.initials[0] != first:
            return False
        return not (mention.initials[1] and second and mention.initials[1] != second)


# --- shapes of a name ---------------------------------------------------------------------

_W = r"[А-Я](?:[а-я]+|[А-Я]+)(?:-[А-Я](?:[а-я]+|[А-Я]+))?"
# A name ends where letters end: a digit glued to it ("Ахметовой12.03.1985") does not hide it.
# A hyphen joins a name only to another capitalised part (Иванов-Петров); "Иванова-два" in a
# list or "ему-Мусиной" (a typo) still hold a name.
_BEFORE = r"(?<![^\W\d_])"
_AFTER = r"(?![^\W\d_]|-[А-Я][А-Яа-я])"
_SEP = r"(?:[^\S\n]+(?:\n[^\S\n]*)?|\n[^\S\n]*)"
_KZ_SUFFIX_RE = "|".join(_KZ_SUFFIXES)
_PATRONYMIC = (
    r"[А-Я](?:[а-я]+|[А-Я]+)"
    r"(?:(?i:ович|евич|ьич|ич)(?i:а|у|ем|е)?|(?i:овн|евн|ичн)(?i:а|ы|е|у|ой|ою)"
    rf"|[ -]?(?i:улы|кызы)(?i:{_KZ_SUFFIX_RE})?)"
)
_PATRONYMIC_WORD = re.compile(_PATRONYMIC)
# Zero-width, so that every first name + patronymic pair is seen even when pairs overlap
# ("Судья Ерланкызы Марат Асанулы": a Kazakh surname can look like a patronymic).
_FIRST_PATRONYMIC = re.compile(
    rf"{_BEFORE}(?=(?P<first>{_W}){_SEP}(?P<patronymic>{_PATRONYMIC}){_AFTER})"
)
_WORD_BEFORE = re.compile(rf"{_BEFORE}(?P<word>{_W}){_SEP}\Z")
_WORD_AFTER = re.compile(rf"{_SEP}(?P<word>{_W}){_AFTER}")
_SURNAME_INITIALS = re.compile(
    rf"{_BEFORE}(?P<surname>{_W}){_SEP}(?P<i1>[А-Я])\.[^\S\n]?(?:(?P<i2>[А-Я])(?:\.|(?!\w)))?"
    r"(?![^\S\n]?[А-Я]\.)"
)
_INITIALS_SURNAME = re.compile(
    rf"(?<![^\W\d_])(?<![А-Я]\.)(?P<i1>[А-Я])\.[^\S\n]?(?:(?P<i2>[А-Я])\.[^\S\n]?)?(?P<surname>{_W}){_AFTER}"
)
_CAPITALISED = re.compile(rf"{_BEFORE}{_W}{_AFTER}")

_NOT_SURNAME_EXACT = frozenset(
    """в во на с со из у о об от до за для и а но что как при по к не ни так если когда это
    его ее их он она они оно мы вы я суд суда суду судом суде рк рф ип тоо ао оао зао ооо пао
    нао гу кгу ргп гкп кгп гпк упк коап ук гк нк рб ст ч п пп г гор обл мкр ул д кв дом тел
    согласно кроме также однако вместе ранее далее таким между после перед через данный
    указанный сам сама сами кто где там тут здесь все всё весь вся этот эта эти тот та те
    один одна два три иск иска иску истец ответчик заявитель свидетель потерпевший
    потерпевшая подсудимый подсудимая гражданин гражданка решение приговор определение
    постановление установил установила постановил решил определил приговорил затем потом
    тогда примерно около спустя вечером утром днем ночью иногда поскольку исходя был была
    было были будет дата акт пакет жидкость автомобиль семена подходя догнав впоследствии
    сначала сразу однажды позже позднее вскоре находясь являясь имея зная желая понимая
    действуя получив совершив прибыв увидев вина факт учитывая принимая вещественные
    протокол рапорт мак экстракт средство город село район область улица дом жена муж сын
    дочь мать отец брат сестра именно насколько сев доводы довод""".split()
)  # fmt: skip
_NOT_SURNAME_PREFIX = re.compile(
    r"(?:истц|истиц|ответчи|заявител|должник|взыскател|свидетел|подсудим|обвиняем|осужд|"
    r"потерпевш|представител|защитник|адвокат|прокурор|секретар|судь|судеб|помощник|"
    r"председател|гражданин|гражданк|граждан|инспектор|следовател|дознавател|эксперт|"
    r"специалист|переводчик|нотариус|медиатор|сотрудник|участков|директор|начальник|"
    r"бухгалтер|республик|казахстан|россий|росси|федерал|федерац|город|област|районн|"
    r"алмат|астан|шымкент|караганд|москв|кодекс|закон|конституц|стать|пункт|постановлен|"
    r"решени|приговор|определени|министерств|департамент|управлени|комитет|товариществ|"
    r"обществ|компани|учреждени|предприяти|уважаем|указанн|вышеуказанн|данн|настоящ|"
    r"верховн|апелляцион|кассацион|специализирован|межрайон|гражданск|уголовн|администрат|"
    r"процессуал|налогов|трудов|семейн|жилищн|земельн|национальн|государствен|банк|"
    r"талапкер|жауапкер|сотта|судья|куәгер|айыпталуш|жәбірленуш|госнарко|наркоконтрол|"
    r"оперуполномоч|водител|жител|понят)"
)
_ADJECTIVE_LIKE = re.compile(r".*(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им)")
_SURNAME_ADJECTIVE = re.compile(r".*[сц]к(?:ий|ой|ая|ого|ому|им|ом|ую|ие|их)")


# Verbs, gerunds and abstract nouns that open sentences ("Показаниями свидетеля ...").
_NOT_NAME_ENDING = re.compile(
    r".*(?:ся|сь|ть|вши|ешь|ями|ами|ость|ости|ение|ения|ании|ание|ания|ство|ства|ция|ции|ствия"
    r"|[аиыя]в)"
)
_PLACE_BEFORE = re.compile(
    r"(?:(?<![\w])(?<!\d{4}\s)(?<!\d{4})(?:г|гор|с|п|пос|пгт|ст|д|х|мкр|ул|пр|пер|пл)\.|(?i:город\w*|"
    r"сел[оау]\w*|посел\w*|улиц\w*|проспект\w*|станиц\w*|деревн\w*|округа|каласы)|на-)[^\S\n]*$"
)


def _after_place_word(folded: str, start: int) -> bool:
    """Whether a word follows "г.", "города", "района": "г. Сочи" is not a surname."""
    return bool(_PLACE_BEFORE.search(folded, max(0, start - 16), start))


def _is_common_word(word: str) -> bool:
    """A role, an institution, a place or an ordinary word that starts a sentence."""
    w = word.lower()
    if w in _FIRST_NAME_FORMS:
        return False  # Евгения ends like "решения" but is a name
    if w in _NOT_SURNAME_EXACT or _NOT_SURNAME_PREFIX.match(w) or _NOT_NAME_ENDING.fullmatch(w):
        return True
    return word.isupper() and len(word) <= 4  # an abbreviation: ГПК, КоАП, МВД


def _can_be_surname(word: str) -> bool:
    if _is_common_word(word):
        return False
    w = word.lower()
    if _OV_SURNAME.fullmatch(w) or _SURNAME_ADJECTIVE.fullmatch(w):
        return True
    return len(w) < 5 or not _ADJECTIVE_LIKE.fullmatch(w)  # Ким and Цой are not adjectives


# Common first names, folded (no Kazakh letters, е for ё), to tell "Ахметов Ерлан" from
# "Суд Республики" when there is no patronymic, as is usual in Kazakh names.
_FIRST_NAMES = frozenset(
    """александр алексей анатолий андрей антон аркадий арсений артем артур борис вадим
    валентин валерий василий виктор виталий владимир владислав вячеслав геннадий георгий
    герман глеб григорий даниил денис дмитрий евгений егор иван игорь илья кирилл константин
    леонид максим марк михаил никита николай олег павел петр роман руслан сергей станислав
    степан тимофей тимур федор эдуард юрий яков ярослав александра алена алина алла анастасия
    ангелина анна антонина валентина валерия вера вероника виктория галина дарья диана
    евгения екатерина елена елизавета жанна зинаида зоя инна ирина карина кристина ксения
    лариса лидия лилия любовь людмила маргарита марина мария надежда наталья наталия нина
    оксана ольга полина раиса светлана софья софия тамара татьяна ульяна юлия яна абай
    абылай адилет айдар айдос айбек алихан алмас алтынбек аман амир арман арсен асан асет
    асхат ахмет бауыржан бахыт бекзат берик болат габит галым дамир данияр даулет даурен
    ерболат ербол ерлан ермек ержан ерасыл азамат жандос жанибек жасулан кайрат канат касым
    куаныш мадияр максат марат мейрам мурат нурбол нурлан нуржан олжас рамазан расул самат
    санжар сакен серик султан талгат улан шынгыс алибек айгерим айгуль айжан айнур айша
    акмарал алия альмира асель асем аружан ботагоз гаухар гульмира гульнар гульназ гульнара
    гульжан динара дильназ жадыра жанар жибек зарина индира камила карлыгаш ляззат мадина
    малика меруерт молдир назерке назым нургуль салтанат сауле сабина толганай томирис
    улжан умит шолпан аяулым гулнар гулмира гулназ гулжан айгул нургул гулнара святослав
    мирослав ростислав""".split()
)

_FIRST_NAME_FORMS = frozenset(form for name in _FIRST_NAMES for form in _given_name_forms(name))


def _is_first_name(word: str) -> bool:
    return word.lower() in _FIRST_NAME_FORMS


@functools.lru_cache(maxsize=65536)
def _looks_like_surname(word: str) -> bool:
    """Ends like a surname: -ов, -ин, -енко, -ұлы, or -ский with its adjective ending."""
    w = _fold(word).lower()
    return bool(_SURNAME_LIKE.fullmatch(surname_stem(word)[0]) or _SK_SURNAME.fullmatch(w))


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    surname: str = ""
    first: str = ""
    patronymic: str = ""
    initials: tuple[str, str] = ("", "")
    surname_at: int = -1
    surname_first: bool = True

    @property
    def strong(self) -> bool:
        """Whether the shape is sure enough to look for the bare surname elsewhere.

        The word before a first name and patronymic may be a place ("МВД по РСО-Алания
        Евгению Ильичу"), so it spreads only when it ends like a surname.
        """
        if self.first:
            return _looks_like_surname(self.surname)
        return bool(self.initials[1])


def _full_name_mentions(folded: str) -> Iterable[_Mention]:
    for m in _FIRST_PATRONYMIC.finditer(folded):
        first, patronymic = m["first"], m["patronymic"]
        if _is_common_word(first.capitalize()):
            continue
        start, end, initials = m.start("first"), m.end("patronymic"), (first[0], patronymic[0])
        left = _WORD_BEFORE.search(folded, max(0, start - 40), start)
        right = _WORD_AFTER.match(folded, end)
        # Before a first name and patronymic even an adjective-like word is a surname (Толстой).
        if left and not _is_common_word(left["word"].capitalize()):
            at = left.start("word")
            yield _Mention(at, end, left["word"], first, patronymic, initials, at)
        elif right and _can_be_surname(right["word"]) and _looks_like_surname(right["word"]):
            at = right.start("word")
            yield _Mention(start, right.end(), right["word"], first, patronymic, initials, at)
        else:
            yield _Mention(start, end, "", first, patronymic, initials)


def _first_name_pairs(folded: str) -> Iterable[_Mention]:
    """ "Ахметов Ерлан", "Ерлан Ахметов": a surname next to a common first name."""
    words = list(_CAPITALISED.finditer(folded))
    for left, right in zip(words, words[1:], strict=False):
        gap = folded[left.end() : right.start()]
        if gap.strip() or gap.count("\n") > 1 or not gap:
            continue
        for surname, first in ((left, right), (right, left)):
            if not _is_first_name(first.group()) or _is_first_name(surname.group()):
                continue
            if surname is right and _PATRONYMIC_WORD.fullmatch(surname.group()):
                continue  # "Ерлан Серикулы" is a name and patronymic; "Серикулы Ерлан" is not
            if _can_be_surname(surname.group()) and _looks_like_surname(surname.group()):
                yield _Mention(
                    left.start(),
                    right.end(),
                    surname.group(),
                    first.group(),
                    "",
                    (first.group()[0], ""),
                    surname.start(),
                    surname is left,
                )
                break


def _initials_mentions(folded: str) -> Iterable[_Mention]:
    for pattern in (_SURNAME_INITIALS, _INITIALS_SURNAME):
        for m in pattern.finditer(folded):
            initials = (m["i1"], m["i2"] or "")
            first = pattern is _SURNAME_INITIALS
            at = m.start("surname") if first else m.start()
            yield _Mention(m.start(), m.end(), m["surname"], "", "", initials, at, first)


# --- other kinds --------------------------------------------------------------------------

_MONTHS = (
    r"(?i:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|"
    r"қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан)\w*"
)
_DATE = (
    rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-](?:19|20)\d\d|\d{{1,2}}\s+{_MONTHS}\s+(?:19|20)\d\d"
    rf"|(?:19|20)\d\d\s*(?i:ж\.|жылғы)\s*\d{{1,2}}\s+{_MONTHS}"
    r"|(?:19|20)\d\d-\d\d-\d\d|(?:19|20)\d\d)(?!\d)"
)
# "… года рождения", "… г.р.", "… жылы туған": the words are found first, then the date
# right before them, which is much faster than trying a date at every digit.
_BIRTH_WORDS = re.compile(
    r"(?i:рождения|рожд\.|туған)|(?<=[гж])\.?[^\S\n]?[рт](?:\.|(?!\w))|(?<=\d)[^\S\n]?р(?:\.|(?!\w))"
)
_DATE_BEFORE_WORDS = re.compile(
    rf"(?<![\d.])(?P<value>{_DATE})(?:\s*(?i:года|год|г\.?|жылы|жылғы|ж\.?))?\s*\Z"
)
_BIRTH_DATE_AFTER_WORDS = re.compile(
    r"(?i:дат[аыеу]\s+(?:и\s+мест[оа]\s+)?рождения|д\.\s?р\.|д/р|год[аеу]?\s+рождения"
    r"|(?<![\w])рождения|родил(?:ся|ась)|родивш\w+|рожд[её]нн\w+|туған\s+(?:күні|жылы)"
    r"|туылған\s+күні)"
    rf"(?:[^\S\n]+[а-яё]+){{0,2}}\s*[:\-–—,]?\s*(?:в\s+)?(?P<value>{_DATE})"
)
_IIN = re.compile(r"(?<!\d)\d{12}(?!\d)")
_NOT_IIN_BEFORE = re.compile(
    r"(?i:дел[оауе]?[^\S\n]*№|производств[оуае]?[^\S\n]*№|КБК|ОКТМО|ОКАТО|ОКПО|КПП|БИК|ОГРН\w*|УИН|"
    r"р/с|к/с|л/с)[\s:№]*\Z"
)
_IIN_SPACED = re.compile(r"(?i:ИИН|ЖСН)\s*[:№]?\s*(?P<value>\d(?:[\s-]?\d){11})(?![\d])")
_REGISTRY_LABEL = re.compile(
    r"(?i:ОКТМО|ОКАТО|ОКПО|КБК|ИНН|КПП|БИК|ОГРН|БИН|КБе|КНП|р/с|к/с|л/с|сч[её]т\w*|УИН)"
    r"[\s:№]*[\d\s]*$"
)
_PHONE_PREFIXED = re.compile(
    r"(?<![\w+])(?:\+[^\S\n]?7|8)[^\S\n-]?[\s-]?\(?\d{3}\)?[^\S\n]?-?[^\S\n]?\d{3}"
    r"[^\S\n]?-?[^\S\n]?\d{2}[^\S\n]?-?[^\S\n]?\d{2}(?![\d])"
)
_PHONE_GROUPED = re.compile(
    r"(?<![\w+(])\(?7\d{2}\)?[^\S\n]?[\s-][^\S\n]?\d{3}[\s-]?\d{2}[\s-]?\d{2}(?![\d])"
)
_PHONE_LABELLED = re.compile(
    r"(?i:тел(?:ефон\w*)?\.?|моб(?:ильн\w+|\.)?|сот(?:ов\w+|\.)|ұялы\s+телефон\w*|"
    r"телефон\s+нөмірі)\s*[:№]?\s*(?:номер\w*\s*)?"
    r"(?P<value>[+\d(][\d\s()\-]{3,17}\d)(?![\d])"
)
_CARD = re.compile(r"(?<![\d\w])\d{4}([ -]?)\d{4}\1\d{4}\1\d{4}(?![ -]?\d)")
_CARD_MASKED = re.compile(
    r"(?<![\d\w])\d{4}[ -]?\d{2}[*XxХх]{2}[ -]?[*XxХх]{4}[ -]?\d{4}(?![ -]?\d)"
)
_CARD_LABEL = re.compile(r"(?i:карт\w*|card)[^\n\d]{0,30}$")
_IBAN = re.compile(r"(?<![\w])KZ\d{2}(?:[ ]?[0-9A-Z]{4}){4}(?![\w])")
_ACCOUNT_LABEL = re.compile(
    r"(?i:ИИК|IBAN|ЖСК|р/с|р/сч|расч[её]тн\w*\s+сч[её]т\w*|сч[её]т\w*|банковск\w+\s+сч[её]т\w*)"
    r"[\s:№]*$"
)
_ACCOUNT_20 = re.compile(r"(?<!\d)\d{20}(?!\d)")

# Whole words may be capitalised; a one-letter abbreviation only in lower case, so that the
# initials "Ж.М." or "Ш." are never taken for "ж.м." (жилой массив) or "ш." (шоссе).
_STREET_TYPE = (
    r"(?:[Уу]л\.|[Уу]л(?=\s)|[Уу]лиц[аеуы]|[Уу]лицей|[Пп]р-кт\.?|[Пп]р-т\.?|[Пп]росп\.|[Пп]р\.|"
    r"[Пп]роспект(?:а|е|у|ом)?|[Пп]ер\.|[Пп]ереул(?:ок|ка|ке|ку|ком)|б-р\.?|"
    r"[Бб]ульвар(?:а|е|у|ом)?|ш\.|[Шш]оссе|[Пп]л\.|[Пп]лощад[ьи]|[Мм]кр-н\.?|[Мм]крн\.?|"
    r"[Мм]кр\.?|[Мм]икрорайон(?:а|е|у|ом)?|м-н\.?|[Пп]роезд(?:а|е|у|ом)?|[Нн]аб\.|"
    r"[Нн]абережн(?:ая|ой|ую)|[Тт]упик(?:а|е|у|ом)?|[Аа]лле[яи]|[Кк]вартал(?:а|е)?|кв-л\.?|ж/м|"
    r"ж\.м\.|[Жж]ил(?:ой|ого|ом)\s+массив(?:а|е)?|[Тт]ракт(?:а|е)?)"
)
_STREET_WORD = r"[«\"]?[А-ЯЁӘҒҚҢӨҰҮҺІA-Z0-9][\w.\-]*[»\"]?"
# A street's name starts with a capital, or with a number and then a word: "8 Марта",
# "50 лет Октября", "1-я Тверская" (but "площадью 237,8 кв. м" is an area, not a square).
_STREET_NAME = (
    r"(?:\d+(?:-?[а-я]{1,2})?[^\S\n]+(?:лет[^\S\n]+)?)?[«\"]?[А-ЯЁӘҒҚҢӨҰҮҺІA-Z][\w.\-]*[»\"]?"
    rf"(?:[^\S\n](?:{_STREET_WORD}|имени|им\.|лет|би|батыра|батыр|ата|ана|хана|жолы|көшесі)){{0,3}}"
)
_HOUSE_NUMBER = r"\d+[а-яА-Я]?(?:[^\S\n]?[/\-][^\S\n]?\d+[а-яА-Я]?)?(?!\d|[.:]\d)"
_ADDRESS_PART = (
    r"(?i:д\.|дом(?:а|е)?|уч\.|участок|зд\.|здание|стр\.|строение|корп\.|корпус|к\.|кв\.|"
    r"квартир(?:а|ы|е|у)|оф\.|офис|комн\.|комната|пом\.|помещение)"
    rf"[^\S\n]*№?[^\S\n]*{_HOUSE_NUMBER}"
)
_KZ_ADDRESS_PART = (
    r"(?:\d+[\w/]*[^\S\n]*-?[^\S\n]*(?:үй|пәтер|кеңсе)\w*|(?:үй|пәтер|кеңсе)[^\S\n]*№?"
    rf"[^\S\n]*{_HOUSE_NUMBER})"
)
_STREET_RU = re.compile(
    rf"(?<![\w]){_STREET_TYPE}[^\S\n]*(?P<name>{_STREET_NAME})"
    rf"(?P<house>(?:,?[^\S\n]*{_HOUSE_NUMBER})?(?:,?[^\S\n]*(?:{_ADDRESS_PART}|{_KZ_ADDRESS_PART}))*)"
)
_KZ_STREET_TYPE = (
    r"(?:көшесі\w*|даңғылы\w*|шағын\s+ауданы\w*|ықшам\s+ауданы\w*|мөлтек\s+ауданы\w*|"
    r"к-сі|көш\.|даң\.|ш/а|ш\.а\.)"
)
_STREET_KZ = re.compile(
    r"(?<![\w])(?P<name>[А-ЯЁӘҒҚҢӨҰҮҺІA-Z][\w\-]*(?:[^\S\n]+(?:[А-ЯЁӘҒҚҢӨҰҮҺІA-Z0-9][\w\-]*"
    rf"|жолы|би|батыр|ата|ана|хан)){{0,2}})[^\S\n]+{_KZ_STREET_TYPE}"
    rf"(?P<house>(?:,?[^\S\n]*(?:{_KZ_ADDRESS_PART}|{_ADDRESS_PART}|{_HOUSE_NUMBER}))*)"
)
_HOUSE_FLAT = re.compile(
    rf"(?<![\w])(?i:д\.|дом)[^\S\n]*№?[^\S\n]*{_HOUSE_NUMBER},?[^\S\n]*(?:{_ADDRESS_PART})+"
    rf"|(?<![\w]){_KZ_ADDRESS_PART}(?:,?[^\S\n]*{_KZ_ADDRESS_PART})+"
)
# The words right after a street type are the street's name even when they are a person's:
# "ул. Д. Кунаева", "ул. Ахмета Байтурсынова" (but "на ул. Пушкина Ахметов Н.Н." has a person).
_STREET_NAMED = re.compile(
    rf"(?<![\w]){_STREET_TYPE}[^\S\n]*(?P<name>(?:[А-Я]\.[^\S\n]?){{0,2}})(?P<first>{_W})"
    rf"(?:[^\S\n]+(?P<second>{_W}))?"
)
_NAMED_AFTER = re.compile(
    rf"(?<![\w])(?<![Пп]о\s)(?<![Оо]т\s)(?i:им\.|имени)[^\S\n]+(?:[А-Я]\.[^\S\n]?){{0,2}}"
    rf"(?P<word>{_W})(?:[^\S\n]+{_W}){{0,2}}"
    rf"|(?<![\w])(?i:памятник\w*|монумент\w*|бюст\w*)[^\S\n]+(?:[А-Я]\.[^\S\n]?){{0,2}}{_W}"
    rf"|(?:[А-Я]\.[^\S\n]?){{0,2}}{_W}(?:[^\S\n]+{_W}){{0,2}}[^\S\n]+атындагы"
)
_NOMINATIVE_SURNAME = re.compile(r".+(?:ов|ев|ин|ын)")
_QUOTED = re.compile(r"[«\"„“](?P<name>[^«»\"„“”\n]{1,100})[»\"“”]")
# An individual entrepreneur (ИП) is a person, so the name in "ИП «Новиков В.М.»" is not kept.
_ENTITY_BEFORE = re.compile(
    r"(?:(?<![\w])(?:ТОО|АО|ООО|ОАО|ЗАО|ПАО|НАО|АК|ЖШС|ЖАК|ГУ|КГУ|РГУ|РГП|РГКП|ГКП|КГП|ПК|ОО|ОФ|"
    r"ЧУ|КХ|ФХ|ЖК)|(?i:товариществ|обществ|предприяти|учреждени|компани|банк|фирм|"
    r"кооператив|фонд|партнерств|объединени|организаци|корпораци|холдинг)[а-я]{0,3})"
    r"[^\S\n]*(?:с\s+ограниченной\s+ответственностью[^\S\n]*)?\Z"
)


# --- assembling ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    kind: Kind
    start: int
    end: int
    who: tuple | None = None
    # Which of two overlapping names wins: a known party, then a full name, then the likelier
    # surname, then the Russian order; "Республики Башкортостан Е.Н. Ахметов" gives the
    # initials to Ахметов although "Башкортостан Е.Н." is longer.
    order: tuple[bool, ...] = (True, True, True, True)
    forms: frozenset[str] | None = None  # the surname's forms, to look for it bare elsewhere
    surname_span: tuple[int, int] | None = None


def _keep_people(keep: Sequence[str]) -> list[_Person]:
    """The kept entries that are people's names: 1-3 capitalised words and initials."""
    people = []
    for entry in keep:
        folded = _fold(entry).strip()
        initials = re.findall(r"(?<![А-Яа-я])([А-Я])\.", folded)
        words = re.findall(_W, re.sub(r"(?<![А-Яа-я])[А-Я]\.", " ", folded))
        leftover = re.sub(rf"{_W}|(?<![А-Яа-я])[А-Я]\.|[\s,]", "", folded)
        if leftover or not 1 <= len(words) <= 3 or (len(words) == 1 and not initials):
            continue
        if len(words) == 3 and re.fullmatch(_PATRONYMIC, words[1]):
            first, patronymic, surname = words
        else:
            surname, first, patronymic = (*words, "", "")[:3]
        pair = ((initials + ["", ""])[0], (initials + ["", ""])[1])
        people.append(_Person.of(surname, first, patronymic, initials=pair))
    return people


def _index_forms(people: Sequence[_Person], tag: str) -> dict[str, list[tuple[str, int]]]:
    index: dict[str, list[tuple[str, int]]] = {}
    for number, person in enumerate(people):
        for forms in (person.surnames, person.first_names, person.patronymics):
            for form in forms:
                index.setdefault(form, []).append((tag, number))
    return index


class _Spans:
    """A set of character ranges that answers "does [start, end) meet any of them?"."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [start for start, _ in merged]
        self.ends = [end for _, end in merged]

    def meets(self, start: int, end: int) -> bool:
        position = bisect.bisect_left(self.starts, end)
        return position > 0 and self.ends[position - 1] > start


class _PersonFinder:
    def __init__(self, folded: str, known: Sequence[KnownPerson], keep: Sequence[str]) -> None:
        self.folded = folded
        self.known = [_Person.of(p.surname, p.first_name, p.patronymic) for p in known]
        self.kept = _keep_people(keep)
        self.index = _index_forms(self.known, "known")
        for form, owners in _index_forms(self.kept, "kept").items():
            self.index.setdefault(form, []).extend(owners)
        self.found_stems: dict[str, list[tuple[int, tuple]]] = {}
        self.found_forms: dict[str, frozenset[str]] = {}
        self.kept_spans: list[tuple[int, int]] = []

    def _who(self, mention: _Mention) -> tuple | str | None:
        """Known person, "kept", an unknown person's key, or None when it is not a name."""
        word = mention.surname or mention.first
        owners = self.index.get(word.lower(), [])
        for tag, number in owners:
            if tag == "known" and self.known[number].fits(mention):
                return ("known", number)
        kept = [number for tag, number in owners if tag == "kept"]
        if kept:
            # A judge's namesake with other initials cannot sit in the same case (the judge
            # would step down), so other initials are a neighbour's: "Судья Ким Н.И. Фомин".
            return "kept" if any(self.kept[n].fits(mention) for n in kept) else None
        if not mention.surname:
            return ("name", mention.first.lower()[:4], mention.patronymic.lower()[:4])
        sure = mention.first and mention.patronymic  # "Мостового Олега Сергеевича"
        if not sure and not _can_be_surname(mention.surname):
            return None
        if _after_place_word(self.folded, mention.surname_at):
            return None
        single_initial = mention.initials[0] and not mention.initials[1] and not mention.first
        if single_initial and not owners and not _looks_like_surname(mention.surname):
            return None
        return ("found", surname_stem(mention.surname)[0], mention.initials[0])

    def shaped(self) -> list[_Candidate]:
        candidates = []
        mentions = [
            *_full_name_mentions(self.folded),
            *_first_name_pairs(self.folded),
            *_initials_mentions(self.folded),
        ]
        for mention in mentions:
            who = self._who(mention)
            if who is None:
                continue
            if who == "kept":
                self.kept_spans.append((mention.start, mention.end))
                continue
            order = (
                who[0] != "known",
                not mention.first,
                not _looks_like_surname(mention.surname or mention.first),
                not mention.surname_first,
            )
            spreads = who[0] == "found" and mention.strong
            forms = surname_stem(mention.surname)[1] if spreads else None
            surname_span = None
            if mention.surname and mention.surname_at >= 0:
                surname_span = (mention.surname_at, mention.surname_at + len(mention.surname))
            candidate = _Candidate(
                Kind.PERSON, mention.start, mention.end, who, order, forms, surname_span
            )
            candidates.append(candidate)
        return candidates

    def learn(self, chosen: Iterable[_Candidate]) -> None:
        """Remember the surnames of the names that won their place, to find them bare."""
        for candidate in chosen:
            if candidate.forms is not None:
                stem = candidate.who[1]
                self.found_stems.setdefault(stem, []).append((candidate.start, candidate.who))
                self.found_forms.setdefault(stem, candidate.forms)

    def bare(self, taken: _Spans) -> list[_Candidate]:
        """Single words that are forms of a known, kept or already found surname."""
        found_index: dict[str, str] = {}
        for stem, forms in self.found_forms.items():
            for form in forms:
                found_index.setdefault(form, stem)
        kept = _Spans(self.kept_spans)
        candidates = []
        for m in _CAPITALISED.finditer(self.folded):
            start, end = m.span()
            if taken.meets(start, end) or kept.meets(start, end):
                continue
            word = m.group().lower()
            owners = self.index.get(word, [])
            known = [number for tag, number in owners if tag == "known"]
            if known:
                candidates.append(_Candidate(Kind.PERSON, start, end, ("known", known[0])))
                continue
            if owners:
                continue
            stem = found_index.get(word)
            if stem is None or _after_place_word(self.folded, start):
                continue
            if _can_be_surname(m.group()):
                candidates.append(_Candidate(Kind.PERSON, start, end, self._nearest(stem, start)))
        return candidates

    def _nearest(self, stem: str, position: int) -> tuple:
        mentions = self.found_stems[stem]
        before = [who for start, who in mentions if start < position]
        return before[-1] if before else mentions[0][1]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _numbers(text: str) -> list[_Candidate]:
    found = []
    for m in _IIN.finditer(text):
        not_iin = _NOT_IIN_BEFORE.search(text, max(0, m.start() - 24), m.start())
        if not kz_id_is_bin(m.group()) and not not_iin:
            found.append(_Candidate(Kind.IIN, *m.span()))
    for m in _IIN_SPACED.finditer(text):
        if not kz_id_is_bin(_digits(m["value"])):
            found.append(_Candidate(Kind.IIN, *m.span("value")))
    for m in _CARD.finditer(text):
        labelled = _CARD_LABEL.search(text, max(0, m.start() - 40), m.start())
        if luhn_is_valid(_digits(m.group())) or labelled:
            found.append(_Candidate(Kind.CARD, *m.span()))
    found += [_Candidate(Kind.CARD, *m.span()) for m in _CARD_MASKED.finditer(text)]
    for m in _IBAN.finditer(text):
        iban = m.group().replace(" ", "")
        labelled = _ACCOUNT_LABEL.search(text, max(0, m.start() - 40), m.start())
        if iban[4:7] != "070" and (iban_is_valid(iban) or labelled):
            found.append(_Candidate(Kind.ACCOUNT, *m.span()))
    for m in _ACCOUNT_20.finditer(text):
        number = m.group()
        labelled = _ACCOUNT_LABEL.search(text, max(0, m.start() - 40), m.start())
        personal = number.startswith(("408", "423"))
        budget = number.startswith(("401", "402", "403", "301"))
        if personal or (labelled and not budget):
            found.append(_Candidate(Kind.ACCOUNT, *m.span()))
    return found


def _phones(text: str) -> list[_Candidate]:
    found = []
    for m in _PHONE_PREFIXED.finditer(text):
        digits = _digits(m.group())
        contiguous = len(digits) == len(m.group().lstrip("+"))
        if contiguous and digits[0] == "8" and digits[1] not in "79":
            continue
        if _REGISTRY_LABEL.search(text, max(0, m.start() - 20), m.start()):
            continue
        found.append(_Candidate(Kind.PHONE, *m.span()))
    found += [_Candidate(Kind.PHONE, *m.span()) for m in _PHONE_GROUPED.finditer(text)]
    for m in _PHONE_LABELLED.finditer(text):
        if 5 <= len(_digits(m["value"])) <= 12:
            found.append(_Candidate(Kind.PHONE, *m.span("value")))
    return found


def _addresses(text: str) -> list[_Candidate]:
    found = []
    for pattern in (_STREET_RU, _STREET_KZ):
        for m in pattern.finditer(text):
            if m["house"].strip(" ,"):
                found.append(_Candidate(Kind.ADDRESS, m.start(), m.end("house")))
    found += [_Candidate(Kind.ADDRESS, *m.span()) for m in _HOUSE_FLAT.finditer(text)]
    return found


def _birth_dates(text: str) -> list[_Candidate]:
    found = []
    for word in _BIRTH_WORDS.finditer(text):
        start = word.start() - 1 if text[word.start() - 1 : word.start()] in "гж" else word.start()
        m = _DATE_BEFORE_WORDS.search(text, max(0, start - 48), start)
        if m is None:
            continue
        if word.group().strip() in ("р", "р.") and m["value"].isdigit():
            continue  # "2000 р." after a bare year is two thousand roubles
        found.append(_Candidate(Kind.BIRTH_DATE, *m.span("value")))
    found += [
        _Candidate(Kind.BIRTH_DATE, *m.span("value"))
        for m in _BIRTH_DATE_AFTER_WORDS.finditer(text)
    ]
    return found


def _named_things(text: str, folded: str) -> _Spans:
    """Where a name is not a person's: companies, streets, "named after"."""
    spans = [
        m.span("name")
        for m in _QUOTED.finditer(folded)
        if _ENTITY_BEFORE.search(folded, max(0, m.start() - 60), m.start())
    ]
    for m in _STREET_NAMED.finditer(folded):
        if _NOMINATIVE_SURNAME.fullmatch(m["first"].lower()):
            continue  # "на улице Оспанов передал": a street is named in the genitive (Абая)
        one_word = m["second"] and not _is_first_name(m["first"])
        spans.append((m.start("name"), m.end("first") if one_word else m.end()))
    spans += [m.span("name") for m in _STREET_KZ.finditer(text)]
    spans += [
        m.span()
        for m in _NAMED_AFTER.finditer(folded)
        if not (m["word"] and _is_common_word(m["word"]))  # "владения им. Также ..."
    ]
    return _Spans(spans)


def _kept_strings(folded: str, keep: Sequence[str]) -> _Spans:
    spans = []
    for entry in keep:
        needle = _fold(entry).strip()
        start = folded.find(needle) if needle else -1
        while start != -1:
            spans.append((start, start + len(needle)))
            start = folded.find(needle, start + 1)
    return _Spans(spans)


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Numbers, addresses and dates before names, longest first; names by their `order`.

    A candidate that overlaps one already chosen is dropped.
    """
    rank = {kind: number for number, kind in enumerate(Kind)}
    chosen: list[_Candidate] = []
    starts: list[tuple[int, int]] = []

    def key(c: _Candidate) -> tuple:
        person = c.kind is Kind.PERSON
        return (person, c.order if person else (), c.start - c.end, rank[c.kind], c.start)

    ordered = sorted(candidates, key=key)
    for candidate in ordered:
        position = bisect.bisect_left(starts, (candidate.start, candidate.end))
        neighbours = starts[max(0, position - 1) : position + 1]
        if any(s < candidate.end and candidate.start < e for s, e in neighbours):
            continue
        starts.insert(position, (candidate.start, candidate.end))
        chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.start)


def depersonalise(
    text: str, *, known_people: Sequence[KnownPerson] = (), keep: Sequence[str] = ()
) -> Result:
    """The act as it may be published, and every span taken out of it."""
    if not text:
        return Result(text="", replacements=[])
    folded = _fold(text)
    others = [*_numbers(text), *_phones(text), *_birth_dates(text), *_addresses(text)]
    kept_strings, named = _kept_strings(folded, keep), _named_things(text, folded)
    finder = _PersonFinder(folded, known_people, keep)
    shaped = finder.shaped()
    kept_names = _Spans(finder.kept_spans)

    def allowed(c: _Candidate) -> bool:
        # A known party's name goes even inside a company's or a street's name; only what
        # the caller asked to keep stays.
        if kept_strings.meets(c.start, c.end):
            return False
        return c.who[0] == "known" or not (
            named.meets(c.start, c.end) or kept_names.meets(c.start, c.end)
        )

    chosen = _select([*others, *filter(allowed, shaped)])
    finder.learn(chosen)
    taken = _Spans((c.start, c.end) for c in chosen)
    chosen += [
        c for c in [*_leftover_surnames(shaped, chosen, taken), *finder.bare(taken)] if allowed(c)
    ]
    chosen = _with_initials(folded, _select(chosen))
    return _render(text, _merge_names(text, chosen))


def _leftover_surnames(
    shaped: list[_Candidate], chosen: list[_Candidate], taken: _Spans
) -> list[_Candidate]:
    """The surname of a name that lost its initials to a neighbour is still a name:
    in "Абенова А.Е. Тулегеновой" the initials go to one of them, both surnames go."""
    winners = set(map(id, chosen))
    leftovers = []
    for candidate in shaped:
        if id(candidate) in winners or candidate.surname_span is None:
            continue
        start, end = candidate.surname_span
        if not taken.meets(start, end):
            leftovers.append(_Candidate(Kind.PERSON, start, end, candidate.who))
    return leftovers


_INITIALS_AFTER = re.compile(r"[^\S\n]?[А-Я]\.(?:[^\S\n]?[А-Я]\.)?")
_INITIALS_BEFORE = re.compile(r"(?<![\w.])[А-Я]\.[^\S\n]?(?:[А-Я]\.[^\S\n]?)?\Z")


def _with_initials(folded: str, chosen: list[_Candidate]) -> list[_Candidate]:
    """A name whose shape lost a tie still takes the initials right next to it."""
    result = []
    for number, candidate in enumerate(chosen):
        if candidate.kind is not Kind.PERSON:
            result.append(candidate)
            continue
        start, end = candidate.start, candidate.end
        previous_end = result[-1].end if result else 0
        following = chosen[number + 1].start if number + 1 < len(chosen) else len(folded)
        if not folded[start:end].endswith(".") and (m := _INITIALS_AFTER.match(folded, end)):
            if m.end() <= following and (m.end() == len(folded) or not folded[m.end()].isalpha()):
                end = m.end()
        if m := _INITIALS_BEFORE.search(folded, max(previous_end, start - 6), start):
            start = m.start()
        result.append(_Candidate(Kind.PERSON, start, end, candidate.who, candidate.order))
    return result


def _merge_names(text: str, chosen: list[_Candidate]) -> list[_Candidate]:
    """One span for "Иванов Иван Иванович" even when its words were found one by one."""
    merged: list[_Candidate] = []
    for candidate in chosen:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and candidate.kind is Kind.PERSON
            and previous.kind is Kind.PERSON
            and previous.who == candidate.who
            and not text[previous.end : candidate.start].strip()
        ):
            merged[-1] = _Candidate(Kind.PERSON, previous.start, candidate.end, previous.who)
        else:
            merged.append(candidate)
    return merged


def _render(text: str, chosen: list[_Candidate]) -> Result:
    numbers: dict[tuple, int] = {}
    pieces, replacements, position = [], [], 0
    for candidate in chosen:
        if candidate.kind is Kind.PERSON:
            number = numbers.setdefault(candidate.who, len(numbers) + 1)
            placeholder = PERSON_PLACEHOLDER.format(number)
        else:
            placeholder = PLACEHOLDERS[candidate.kind]
        value = text[candidate.start : candidate.end]
        pieces += [text[position : candidate.start], placeholder]
        position = candidate.end
        replacements.append(
            Replacement(candidate.kind, candidate.start, candidate.end, value, placeholder)
        )
    pieces.append(text[position:])
    return Result(text="".join(pieces), replacements=replacements)


__all__: Sequence[str] = (
    "Kind",
    "KnownPerson",
    "Replacement",
    "Result",
    "depersonalise",
    "iban_is_valid",
    "kz_id_check_digit",
    "kz_id_is_bin",
    "kz_id_is_valid",
    "luhn_is_valid",
)
