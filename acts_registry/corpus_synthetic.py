"""A synthetic corpus of civil judicial acts, so the register is worth searching on a fresh
clone: decisions, rulings and court orders of first instance, appeal and cassation
resolutions, across the courts, judges and categories in the database, with every outcome,
dates from 2019 to 2026 and amounts in tenge.

The text is written here from templates and word lists. Each act is drawn from its own
random stream (seed, number), so the corpus is the same on every run and an act does not
change when the count does. Names and IINs are invented; the public text is rendered from
the same template with the placeholders depersonalisation would put there, so no person's
name reaches the register.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from acts_registry.indexing import outbox_enqueue_many
from acts_registry.models import (
    FIRST_INSTANCE_OUTCOMES,
    REVIEW_OUTCOMES,
    Act,
    ActKind,
    ActSource,
    ActStatus,
    Outcome,
)
from cases.models import CaseCategory, Court, CourtLevel, CourtStaff, Instance, Position

DEFAULT_COUNT = 3000
DEFAULT_SEED = 2026
FIRST_DAY = date(2019, 1, 9)
LAST_DAY = date(2026, 10, 30)

MONTHS = (
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
).split()

# (surname, first name, patronymic, is female)
_MEN = [
    ("Ахметов", "Ерлан", "Серикович"),
    ("Жумабаев", "Нурлан", "Кайратович"),
    ("Иванов", "Сергей", "Петрович"),
    ("Касымов", "Данияр", "Маратович"),
    ("Петров", "Андрей", "Викторович"),
    ("Сагинтаев", "Арман", "Болатович"),
    ("Ким", "Владимир", "Николаевич"),
    ("Омаров", "Асхат", "Ерболович"),
    ("Байжанов", "Тимур", "Асанович"),
    ("Смирнов", "Олег", "Игоревич"),
    ("Нургалиев", "Айдос", "Муратович"),
    ("Ермеков", "Бауыржан", "Талгатович"),
]
_WOMEN = [
    ("Ахметова", "Айгерим", "Сериковна"),
    ("Жумабаева", "Динара", "Кайратовна"),
    ("Иванова", "Елена", "Петровна"),
    ("Касымова", "Гульнара", "Маратовна"),
    ("Петрова", "Ольга", "Викторовна"),
    ("Сагинтаева", "Асель", "Болатовна"),
    ("Ким", "Наталья", "Николаевна"),
    ("Омарова", "Жанар", "Ерболовна"),
    ("Байжанова", "Салтанат", "Асановна"),
    ("Смирнова", "Татьяна", "Игоревна"),
    ("Нургалиева", "Мадина", "Муратовна"),
    ("Ермекова", "Алия", "Талгатовна"),
]
_BANKS = [
    "АО «Народный сберегательный банк Казахстана»",
    "АО «Kaspi Bank»",
    "АО «Банк ЦентрКредит»",
    "АО «Евразийский банк»",
    "АО «ForteBank»",
]
_MFOS = ["ТОО «МФО «Быстрые деньги»", "ТОО «МФО «Кредит Плюс»", "ТОО «МФО «Займер KZ»"]
_EMPLOYERS = [
    "ТОО «СтройИнвест Групп»",
    "ТОО «Алатау Логистик»",
    "АО «Казахтелеком»",
    "ТОО «Меркурий Трейд»",
    "КГП «Городская поликлиника № 5»",
    "ТОО «Сарыарка Агро»",
]
_SELLERS = [
    "ТОО «Техномаркет»",
    "ИП «Электроника и быт»",
    "ТОО «Мебель Плюс»",
    "ТОО «АвтоЦентр Астана»",
    "ТОО «Туристическое агентство «Жибек жолы»",
]
_GOODS = [
    ("холодильник", "холодильника"),
    ("смартфон", "смартфона"),
    ("стиральная машина", "стиральной машины"),
    ("ноутбук", "ноутбука"),
    ("кухонный гарнитур", "кухонного гарнитура"),
    ("легковой автомобиль", "легкового автомобиля"),
]
_POSTS = ("инженера", "бухгалтера", "водителя", "менеджера по продажам", "медсестры")
_INSURERS = ["АО «Страховая компания «Номад Иншуранс»", "АО «СК «Евразия»", "АО «СК «Freedom»"]


@dataclass(frozen=True)
class Person:
    surname: str
    first_name: str
    patronymic: str
    female: bool
    iin: str

    @property
    def full(self) -> str:
        return f"{self.surname} {self.first_name} {self.patronymic}"

    @property
    def short(self) -> str:
        return f"{self.surname} {self.first_name[0]}.{self.patronymic[0]}."

    def verb(self, male: str, female: str) -> str:
        return female if self.female else male


@dataclass(frozen=True)
class CourtInfo:
    code: str
    name: str
    level: str
    region_code: str
    region_name: str
    city: str
    parent_name: str
    judges: tuple[str, ...]


@dataclass(frozen=True)
class Scene:
    """What one act is about. The text pieces are templates in which {P} and {D} stand for
    the plaintiff's and the defendant's names and {Pa} for the plaintiff's feminine verb
    ending (rendered twice, see _render). `defendant` names the organisation on the other
    side: the defendant itself when `defendant_is_person` is off, otherwise the lender that
    sues the person."""

    subject: str
    facts: str
    defence: str
    law: str
    relief: str
    amount: int | None
    defendant_is_person: bool
    defendant: str = ""


def _person(rng: random.Random) -> Person:
    female = rng.random() < 0.5
    surname, first, patronymic = rng.choice(_WOMEN if female else _MEN)
    born = date(rng.randint(1955, 2003), rng.randint(1, 12), rng.randint(1, 28))
    century = 3 if born.year < 2000 else 5
    iin = f"{born:%y%m%d}{century + int(female)}{rng.randint(0, 99999):05d}"
    return Person(surname, first, patronymic, female, iin)


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", " ") + " тенге"


def _day(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year} года"


# --- scenes by category --------------------------------------------------------------------


def _loans(rng: random.Random, when: date) -> Scene:
    amount = rng.randrange(150_000, 15_000_000, 5_000)
    lender_is_bank = rng.random() < 0.6
    lender = rng.choice(_BANKS + _MFOS) if lender_is_bank else ""
    signed = when - timedelta(days=rng.randint(300, 1500))
    if lender_is_bank:
        facts = (
            f"{_day(signed)} между {lender} и {{D}} заключён договор банковского займа № "
            f"{rng.randint(100, 99999)}, по условиям которого заёмщику предоставлен кредит в "
            f"сумме {_money(amount)} сроком на {rng.choice((12, 24, 36, 60))} месяцев под "
            f"{rng.randint(12, 46)} % годовых. Заёмщик нарушил график погашения, в связи с чем "
            f"образовалась задолженность по основному долгу и вознаграждению."
        )
        subject = "взыскании задолженности по договору банковского займа"
        defence = (
            "Ответчик в судебном заседании признал наличие долга, однако просил уменьшить "
            "размер неустойки, ссылаясь на тяжёлое материальное положение и утрату работы."
        )
    else:
        facts = (
            f"{_day(signed)} {{P}} передал{{Pa}} {{D}} в долг денежные средства в сумме "
            f"{_money(amount)} со сроком возврата до {_day(signed + timedelta(days=180))}, "
            f"что подтверждается распиской. В установленный срок долг не возвращён, "
            f"претензия истца оставлена без ответа."
        )
        subject = "взыскании долга по договору займа"
        defence = (
            "Ответчик иск не признал, пояснив, что денежные средства были возвращены "
            "частично наличными, однако доказательств возврата суду не представил."
        )
    return Scene(
        subject=subject,
        facts=facts,
        defence=defence,
        law=(
            "В силу пункта 1 статьи 715 Гражданского кодекса Республики Казахстан по договору "
            "займа одна сторона передаёт в собственность другой стороне деньги, а заёмщик "
            "обязуется своевременно возвратить такую же сумму денег. Согласно статье 272 "
            "Гражданского кодекса обязательство должно исполняться надлежащим образом, "
            "односторонний отказ от исполнения обязательства не допускается."
        ),
        relief=f"взыскать с ответчика в пользу истца сумму долга {_money(amount)}",
        amount=amount,
        defendant_is_person=True,
        defendant=lender,
    )


def _labour(rng: random.Random, when: date) -> Scene:
    employer = rng.choice(_EMPLOYERS)
    months = rng.randint(2, 9)
    amount = months * rng.randrange(150_000, 650_000, 1_000)
    if rng.random() < 0.5:
        subject = (
            "восстановлении на работе, взыскании среднего заработка за время вынужденного прогула"
        )
        facts = (
            f"{{P}} работал{{Pa}} в {employer} в должности "
            f"{rng.choice(_POSTS)}. "
            f"Приказом работодателя трудовой договор расторгнут по подпункту 2) пункта 1 "
            f"статьи 52 Трудового кодекса Республики Казахстан в связи с сокращением "
            f"численности работников. Истец полагает увольнение незаконным, поскольку "
            f"уведомление о предстоящем сокращении не вручалось за один месяц."
        )
        law = (
            "Согласно статье 52 Трудового кодекса Республики Казахстан при расторжении "
            "трудового договора в связи с сокращением численности работодатель обязан "
            "предупредить работника не менее чем за один месяц. В силу статьи 161 Трудового "
            "кодекса незаконно уволенный работник подлежит восстановлению на работе."
        )
    else:
        subject = "взыскании задолженности по заработной плате"
        facts = (
            f"{{P}} состоял{{Pa}} в трудовых отношениях с {employer}. За {months} месяцев "
            f"работодатель не выплатил заработную плату; задолженность составила "
            f"{_money(amount)}. Обращение в инспекцию труда результата не дало."
        )
        law = (
            "В соответствии со статьёй 113 Трудового кодекса Республики Казахстан заработная "
            "плата выплачивается работнику не реже одного раза в месяц. Задержка выплаты "
            "влечёт ответственность работодателя, предусмотренную статьёй 114 Кодекса."
        )
    return Scene(
        subject=subject,
        facts=facts,
        defence=(
            f"Представитель {employer} иск не признал, указав, что процедура увольнения "
            "соблюдена, а расчёт с работником произведён в полном объёме."
        ),
        law=law,
        relief=f"взыскать с {employer} в пользу истца {_money(amount)}",
        amount=amount,
        defendant_is_person=False,
        defendant=employer,
    )


def _family(rng: random.Random, when: date) -> Scene:
    married = when - timedelta(days=rng.randint(900, 6000))
    children = rng.randint(0, 3)
    kids = f", от брака имеют {children} несовершеннолетних детей" if children else ""
    return Scene(
        subject="расторжении брака и разделе совместно нажитого имущества",
        facts=(
            f"Стороны состоят в зарегистрированном браке с {_day(married)}{kids}. "
            f"Совместная жизнь не сложилась, брачные отношения прекращены более года назад, "
            f"общее хозяйство не ведётся. В период брака приобретена квартира и легковой "
            f"автомобиль, которые истец просит разделить в равных долях."
        ),
        defence=(
            "Ответчик против расторжения брака не возражал, однако полагал, что автомобиль "
            "приобретён на личные средства, полученные в дар от родителей."
        ),
        law=(
            "Согласно статье 20 Кодекса Республики Казахстан «О браке (супружестве) и семье» "
            "брак расторгается в судебном порядке, если суд установит, что дальнейшая "
            "совместная жизнь супругов и сохранение семьи невозможны. Имущество, нажитое "
            "супругами во время брака, является их общей совместной собственностью (статья 33)."
        ),
        relief="брак между сторонами расторгнуть; произвести раздел совместно нажитого имущества",
        amount=None,
        defendant_is_person=True,
    )


def _alimony(rng: random.Random, when: date) -> Scene:
    children = rng.randint(1, 3)
    share = {1: "одной четверти", 2: "одной трети", 3: "половины"}[children]
    return Scene(
        subject="взыскании алиментов на содержание несовершеннолетних детей",
        facts=(
            f"Стороны являются родителями {children} несовершеннолетних детей, которые "
            f"проживают с истцом. Ответчик добровольно материальной помощи на содержание "
            f"детей не оказывает, соглашение об уплате алиментов не заключалось."
        ),
        defence=(
            "Ответчик иск признал частично, просил определить алименты в твёрдой денежной "
            "сумме, поскольку имеет нерегулярный доход."
        ),
        law=(
            "В силу статьи 138 Кодекса Республики Казахстан «О браке (супружестве) и семье» "
            "родители обязаны содержать своих несовершеннолетних детей. Алименты взыскиваются "
            "судом ежемесячно в размере на одного ребёнка одной четверти, на двух детей одной "
            "трети, на трёх и более детей половины заработка и (или) иного дохода родителей."
        ),
        relief=(
            f"взыскать с ответчика алименты на содержание детей в размере {share} всех видов "
            f"заработка ежемесячно, начиная с даты обращения в суд и до совершеннолетия детей"
        ),
        amount=None,
        defendant_is_person=True,
    )


def _consumer(rng: random.Random, when: date) -> Scene:
    seller = rng.choice(_SELLERS)
    good, good_gen = rng.choice(_GOODS)
    price = rng.randrange(80_000, 9_000_000, 1_000)
    return Scene(
        subject="защите прав потребителя, возврате стоимости товара и взыскании неустойки",
        facts=(
            f"Истец приобрел{{Pa}} у {seller} {good} стоимостью {_money(price)}. В период "
            f"гарантийного срока выявлены существенные недостатки {good_gen}, товар "
            f"неоднократно находился в ремонте. Требование о возврате уплаченной суммы "
            f"продавец в установленный десятидневный срок не удовлетворил."
        ),
        defence=(
            f"Представитель {seller} пояснил, что недостатки возникли вследствие нарушения "
            "потребителем правил эксплуатации, и ходатайствовал о проведении экспертизы."
        ),
        law=(
            "Согласно статье 30 Закона Республики Казахстан «О защите прав потребителей» при "
            "обнаружении в товаре недостатков потребитель вправе потребовать возврата "
            "уплаченной суммы. Заключением судебной товароведческой экспертизы установлено, "
            "что недостатки носят производственный характер."
        ),
        relief=f"взыскать с {seller} в пользу истца стоимость товара {_money(price)} и неустойку",
        amount=price,
        defendant_is_person=False,
        defendant=seller,
    )


def _property(rng: random.Random, when: date) -> Scene:
    area = rng.randint(28, 140)
    return Scene(
        subject="признании права собственности на недвижимое имущество",
        facts=(
            f"Истец более пятнадцати лет добросовестно, открыто и непрерывно владеет жилым "
            f"домом общей площадью {area} кв. м как своим собственным, несёт расходы по его "
            f"содержанию, оплачивает налоги. Правоустанавливающие документы на дом утрачены."
        ),
        defence=(
            "Ответчик возражений по существу иска не представил, оставил решение на "
            "усмотрение суда."
        ),
        law=(
            "В соответствии со статьёй 240 Гражданского кодекса Республики Казахстан лицо, "
            "добросовестно, открыто и непрерывно владеющее как своим собственным недвижимым "
            "имуществом в течение семи лет, приобретает право собственности на это имущество "
            "(приобретательная давность)."
        ),
        relief="признать за истцом право собственности на жилой дом",
        amount=None,
        defendant_is_person=True,
    )


def _inheritance(rng: random.Random, when: date) -> Scene:
    died = when - timedelta(days=rng.randint(200, 1500))
    return Scene(
        subject="восстановлении срока для принятия наследства и признании права на наследство",
        facts=(
            f"{_day(died)} умер отец истца, после смерти которого открылось наследство в виде "
            f"квартиры и денежного вклада. Истец пропустил{{Pa}} шестимесячный срок для "
            f"принятия наследства, поскольку проживал{{Pa}} за пределами республики и не знал"
            f"{{Pa}} о смерти наследодателя."
        ),
        defence=(
            "Ответчик, также являющийся наследником первой очереди, полагал причины пропуска "
            "срока неуважительными."
        ),
        law=(
            "Согласно статье 1072 Гражданского кодекса Республики Казахстан по заявлению "
            "наследника, пропустившего срок для принятия наследства, суд может восстановить "
            "этот срок, если признает причины пропуска уважительными."
        ),
        relief=(
            "восстановить истцу срок для принятия наследства и признать его принявшим наследство"
        ),
        amount=None,
        defendant_is_person=True,
    )


def _housing(rng: random.Random, when: date) -> Scene:
    debt = rng.randrange(60_000, 2_500_000, 500)
    return Scene(
        subject="выселении и взыскании задолженности по оплате жилья",
        facts=(
            f"Ответчик проживает в квартире истца на основании договора найма жилища. С "
            f"{_day(when - timedelta(days=rng.randint(120, 700)))} наниматель не вносит "
            f"плату за наём и коммунальные услуги, задолженность составила {_money(debt)}. "
            f"Требование освободить жилище ответчик не исполнил."
        ),
        defence="Ответчик пояснил, что не имеет другого жилья, и просил предоставить отсрочку.",
        law=(
            "В соответствии со статьёй 107 Закона Республики Казахстан «О жилищных отношениях» "
            "наниматель может быть выселен в судебном порядке, если он систематически не "
            "вносит плату за жилище."
        ),
        relief=f"выселить ответчика из жилого помещения; взыскать задолженность {_money(debt)}",
        amount=debt,
        defendant_is_person=True,
    )


def _damages(rng: random.Random, when: date) -> Scene:
    damage = rng.randrange(200_000, 12_000_000, 1_000)
    insurer = rng.choice(_INSURERS)
    return Scene(
        subject="возмещении ущерба, причинённого дорожно-транспортным происшествием",
        facts=(
            f"В результате дорожно-транспортного происшествия по вине ответчика повреждён "
            f"автомобиль истца. Стоимость восстановительного ремонта по заключению оценщика "
            f"составила {_money(damage)}. {insurer} произвело страховую выплату в пределах "
            f"лимита, которой недостаточно для восстановления автомобиля."
        ),
        defence="Ответчик вину в происшествии не оспаривал, но не согласился с размером ущерба.",
        law=(
            "Согласно статье 917 Гражданского кодекса Республики Казахстан вред, причинённый "
            "имуществу гражданина, подлежит возмещению в полном объёме лицом, причинившим "
            "вред. Владелец источника повышенной опасности отвечает по статье 931 Кодекса."
        ),
        relief=f"взыскать с ответчика в пользу истца в возмещение ущерба {_money(damage)}",
        amount=damage,
        defendant_is_person=True,
    )


def _contracts(rng: random.Random, when: date) -> Scene:
    amount = rng.randrange(300_000, 40_000_000, 10_000)
    seller = rng.choice(_EMPLOYERS)
    return Scene(
        subject="взыскании задолженности по договору поставки и неустойки",
        facts=(
            f"Между истцом и {seller} заключён договор поставки, по которому истец поставил "
            f"товар на сумму {_money(amount)}. Покупатель обязательство по оплате не исполнил, "
            f"акт сверки взаиморасчётов подписан без возражений."
        ),
        defence=(
            f"Представитель {seller} сумму основного долга не оспаривал, просил снизить неустойку."
        ),
        law=(
            "По договору поставки поставщик обязуется передать товары покупателю, а покупатель "
            "оплатить их (статьи 458 и 463 Гражданского кодекса Республики Казахстан). Суд "
            "вправе уменьшить неустойку, если она чрезмерно велика (статья 297 Кодекса)."
        ),
        relief=f"взыскать с {seller} в пользу истца {_money(amount)}",
        amount=amount,
        defendant_is_person=False,
        defendant=seller,
    )


def _land(rng: random.Random, when: date) -> Scene:
    return Scene(
        subject="устранении препятствий в пользовании земельным участком",
        facts=(
            f"Истцу на праве частной собственности принадлежит земельный участок площадью "
            f"{rng.randint(6, 40) / 100:.2f} га. Ответчик, собственник смежного участка, "
            f"возвёл забор с захватом части участка истца, что подтверждается актом выноса "
            f"границ в натуру."
        ),
        defence="Ответчик полагал, что забор установлен по фактически сложившейся границе.",
        law=(
            "Согласно статье 264 Гражданского кодекса Республики Казахстан собственник может "
            "требовать устранения всяких нарушений его права, хотя бы эти нарушения и не были "
            "соединены с лишением владения. Земельный кодекс защищает права на землю (статья 164)."
        ),
        relief="обязать ответчика устранить препятствия и перенести забор по границе участков",
        amount=None,
        defendant_is_person=True,
    )


def _insurance(rng: random.Random, when: date) -> Scene:
    payout = rng.randrange(150_000, 8_000_000, 1_000)
    insurer = rng.choice(_INSURERS)
    return Scene(
        subject="взыскании страховой выплаты",
        facts=(
            f"Имущество истца застраховано в {insurer}. При наступлении страхового случая "
            f"страховщик отказал в выплате, сославшись на несвоевременное уведомление. Размер "
            f"ущерба определён оценщиком в {_money(payout)}."
        ),
        defence=f"Представитель {insurer} полагал отказ обоснованным условиями договора.",
        law=(
            "В силу статьи 817 Гражданского кодекса Республики Казахстан страховщик обязан "
            "произвести страховую выплату при наступлении страхового случая. Несвоевременное "
            "уведомление даёт право отказать, лишь если страховщик не мог узнать о случае."
        ),
        relief=f"взыскать с {insurer} в пользу истца страховую выплату {_money(payout)}",
        amount=payout,
        defendant_is_person=False,
        defendant=insurer,
    )


SCENES: dict[str, Callable[[random.Random, date], Scene]] = {
    "loans": _loans,
    "labour": _labour,
    "family": _family,
    "alimony": _alimony,
    "consumer": _consumer,
    "property": _property,
    "inheritance": _inheritance,
    "housing": _housing,
    "damages": _damages,
    "contracts": _contracts,
    "land": _land,
    "insurance": _insurance,
}

_OUTCOME_LINES = {
    Outcome.GRANTED: "Исковые требования удовлетворить. {relief}.",
    Outcome.PARTIALLY_GRANTED: (
        "Исковые требования удовлетворить частично. {relief}, в остальной части иска отказать."
    ),
    Outcome.DENIED: "В удовлетворении исковых требований отказать в полном объёме.",
    Outcome.DISCONTINUED: (
        "Производство по делу прекратить в связи с отказом истца от иска. Разъяснить сторонам, "
        "что повторное обращение в суд по спору между теми же сторонами, о том же предмете и "
        "по тем же основаниям не допускается."
    ),
    Outcome.LEFT_WITHOUT_CONSIDERATION: (
        "Исковое заявление оставить без рассмотрения в связи с несоблюдением досудебного "
        "порядка урегулирования спора."
    ),
    Outcome.SETTLEMENT_APPROVED: (
        "Утвердить мировое соглашение, заключённое между сторонами, на согласованных ими "
        "условиях. Производство по делу прекратить."
    ),
}
_REASONS = {
    Outcome.GRANTED: "Оценив доказательства в совокупности, суд находит иск обоснованным.",
    Outcome.PARTIALLY_GRANTED: (
        "Суд находит требования обоснованными в части, а заявленную неустойку явно "
        "несоразмерной последствиям нарушения обязательства."
    ),
    Outcome.DENIED: (
        "Истцом не представлено доказательств, достоверно подтверждающих заявленные "
        "требования, в связи с чем иск удовлетворению не подлежит (статья 72 ГПК)."
    ),
    Outcome.DISCONTINUED: "В судебном заседании истец заявил об отказе от иска.",
    Outcome.LEFT_WITHOUT_CONSIDERATION: (
        "Истцом не соблюдён установленный договором досудебный порядок урегулирования спора."
    ),
    Outcome.SETTLEMENT_APPROVED: (
        "Стороны представили мировое соглашение, которое не противоречит закону и не "
        "нарушает прав третьих лиц."
    ),
}
_REVIEW_LINES = {
    Outcome.UPHELD: (
        "Решение суда первой инстанции оставить без изменения, жалобу — без удовлетворения."
    ),
    Outcome.CHANGED: (
        "Решение суда первой инстанции изменить в части размера взысканной суммы, в остальной "
        "части решение оставить без изменения."
    ),
    Outcome.OVERTURNED: ("Решение суда первой инстанции отменить и вынести по делу новое решение."),
    Outcome.SENT_BACK: (
        "Решение суда первой инстанции отменить, дело направить на новое рассмотрение в суд "
        "первой инстанции в ином составе суда."
    ),
}


# --- the acts -----------------------------------------------------------------------------


def _courts() -> list[CourtInfo]:
    judges: dict[int, list[str]] = {}
    posts = (
        CourtStaff.objects.filter(position=Position.JUDGE, is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__middle_name", "user__iin")
    )
    for post in posts:
        judges.setdefault(post.court_id, []).append(post.user.short_name)
    courts = Court.objects.select_related("region", "parent").order_by("code")
    return [
        CourtInfo(
            code=court.code,
            name=court.name_ru,
            level=court.level,
            region_code=court.region.code if court.region else "",
            region_name=court.region.name_ru if court.region else "",
            city=_city(court),
            parent_name=court.parent.name_ru if court.parent else "",
            judges=tuple(judges.get(court.pk, ())),
        )
        for court in courts
    ]


def _city(court: Court) -> str:
    for marker in ("г. ", "города "):
        if marker in court.name_ru:
            return "г. " + court.name_ru.split(marker, 1)[1].split()[0]
    if court.level == CourtLevel.SUPREME:
        return "г. Астана"
    return court.region.name_ru if court.region else ""


def _categories() -> list[tuple[str, str]]:
    return list(
        CaseCategory.objects.filter(is_active=True).order_by("code").values_list("code", "name_ru")
    )


def _panel(rng: random.Random, court: CourtInfo, size: int) -> list[str]:
    names = list(court.judges)
    rng.shuffle(names)
    while len(names) < size:
        person = _person(rng)
        if person.short not in names:
            names.append(person.short)
    return names[:size]


def _render(template: str, plaintiff: Person, defendant: str, public_defendant: str) -> tuple:
    """The template with names, and with the placeholders the register shows instead."""
    ending = plaintiff.verb("", "а")
    named = template.replace("{P}", plaintiff.short).replace("{D}", defendant)
    public = template.replace("{P}", "[ФИО-1]").replace("{D}", public_defendant)
    return named.replace("{Pa}", ending), public.replace("{Pa}", ending)


def synthetic_act(
    rng: random.Random,
    number: int,
    court: CourtInfo,
    category: tuple[str, str],
    *,
    seed: int,
) -> Act:
    """One act, unsaved."""
    code, category_name = category
    when = FIRST_DAY + timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
    scene = SCENES.get(code, _contracts)(rng, when)
    plaintiff = _person(rng)
    defendant_person = _person(rng)
    if scene.defendant_is_person:
        defendant, public_defendant = defendant_person.short, "[ФИО-2]"
    else:
        defendant = public_defendant = scene.defendant
    if scene.defendant_is_person and scene.defendant:
        # A lender (bank or microcredit firm) suing a person.
        plaintiff_name = scene.defendant
    else:
        plaintiff_name = ""
    instance = {
        CourtLevel.DISTRICT: Instance.FIRST,
        CourtLevel.REGIONAL: Instance.APPEAL,
        CourtLevel.SUPREME: Instance.CASSATION,
    }.get(court.level, Instance.FIRST)
    panel = _panel(rng, court, 1 if instance == Instance.FIRST else 3)
    year = when.year
    if instance == Instance.FIRST:
        outcome = rng.choice(sorted(FIRST_INSTANCE_OUTCOMES))
        case_number = f"2-{rng.randint(1, 9999)}/{year}"
        kind = _first_kind(rng, outcome, code)
    else:
        outcome = rng.choice(sorted(REVIEW_OUTCOMES))
        prefix = "2а" if instance == Instance.APPEAL else f"6001-{year % 100:02d}-00-3г"
        case_number = (
            f"{prefix}/{rng.randint(1, 4999)}"
            if "-" in prefix
            else (f"{prefix}-{rng.randint(1, 4999)}/{year}")
        )
        kind = ActKind.RESOLUTION
    body = _body(scene, outcome, instance, kind, court, panel, case_number, when, plaintiff_name)
    text, text_public = _render(body, plaintiff, defendant, public_defendant)
    if plaintiff_name:
        text = text.replace("[LENDER]", plaintiff_name)
        text_public = text_public.replace("[LENDER]", plaintiff_name)
    amount = scene.amount if outcome in (Outcome.GRANTED, Outcome.PARTIALLY_GRANTED) else None
    if amount and outcome == Outcome.PARTIALLY_GRANTED:
        amount = amount * rng.randint(40, 90) // 100
    in_force = when + timedelta(days=rng.randint(31, 60))
    return Act(
        source=ActSource.SYNTHETIC,
        external_id=f"synthetic-{seed}-{number}",
        kind=kind,
        outcome=outcome,
        awarded_amount=amount,
        status=ActStatus.CHANGED if rng.random() < 0.04 else ActStatus.IN_FORCE,
        title=f"{ActKind(kind).label} по делу № {case_number}",
        text=text,
        text_public=text_public,
        case_number=case_number,
        court_code=court.code,
        court_name=court.name,
        region_code=court.region_code,
        region_name=court.region_name,
        category_code=code,
        category_name=category_name,
        instance=instance,
        judge_names=", ".join(panel),
        issued_on=when,
        in_force_on=in_force if instance == Instance.FIRST else when,
    )


def _first_kind(rng: random.Random, outcome: str, category: str) -> str:
    if outcome in (
        Outcome.DISCONTINUED,
        Outcome.LEFT_WITHOUT_CONSIDERATION,
        Outcome.SETTLEMENT_APPROVED,
    ):
        return ActKind.RULING
    if outcome == Outcome.GRANTED and category in ("loans", "alimony") and rng.random() < 0.2:
        return ActKind.COURT_ORDER
    return ActKind.DECISION


def _body(scene, outcome, instance, kind, court, panel, case_number, when, lender) -> str:
    plaintiff = "[LENDER]" if lender else "{P}"
    heading = {
        ActKind.DECISION: "РЕШЕНИЕ",
        ActKind.RULING: "ОПРЕДЕЛЕНИЕ",
        ActKind.COURT_ORDER: "СУДЕБНЫЙ ПРИКАЗ",
        ActKind.RESOLUTION: "ПОСТАНОВЛЕНИЕ",
    }[kind]
    judges = (
        f"председательствующего судьи {panel[0]}"
        if len(panel) == 1
        else f"председательствующего судьи {panel[0]}, судей {panel[1]} и {panel[2]}"
    )
    intro = (
        f"{heading}\nИМЕНЕМ РЕСПУБЛИКИ КАЗАХСТАН\n\n{_day(when)}\t\t{court.city}\n"
        f"Дело № {case_number}\n\n"
        f"{court.name} в составе {judges}, при секретаре судебного заседания, рассмотрев в "
        f"открытом судебном заседании гражданское дело по иску {plaintiff} к {{D}} о "
        f"{scene.subject},\n\n"
    )
    if instance == Instance.FIRST:
        verb = "РЕШИЛ" if kind == ActKind.DECISION else "ОПРЕДЕЛИЛ"
        if kind == ActKind.COURT_ORDER:
            verb = "ПОСТАНОВИЛ"
        operative = _OUTCOME_LINES[outcome].format(relief=_capital(scene.relief))
        appeal = (
            f"Решение может быть обжаловано в апелляционном порядке в {court.parent_name} "
            f"через {court.name} в течение одного месяца со дня получения копии решения."
        )
        return (
            f"{intro}УСТАНОВИЛ:\n{scene.facts}\n{scene.defence}\n\nСуд, выслушав стороны, "
            f"исследовав материалы дела, приходит к следующему.\n{scene.law}\n"
            f"{_REASONS[outcome]}\n\nНа основании изложенного, руководствуясь статьями "
            f"223–226 Гражданского процессуального кодекса Республики Казахстан, суд\n\n"
            f"{verb}:\n{operative}\n{appeal}\n\nСудья {panel[0]}\n"
        )
    review = "апелляционной" if instance == Instance.APPEAL else "кассационной"
    return (
        f"{intro}УСТАНОВИЛА:\nРешением районного суда по делу о {scene.subject} "
        f"{_review_history(outcome)}. На решение подана {review} жалоба, в которой "
        f"заявитель просит его отменить, ссылаясь на неправильное применение норм "
        f"материального права.\n{scene.facts}\n{scene.law}\nСудебная коллегия, проверив "
        f"законность и обоснованность решения в пределах доводов жалобы, приходит к "
        f"следующему. {_review_reason(outcome)}\n\nРуководствуясь статьями 424–426 "
        f"Гражданского процессуального кодекса Республики Казахстан, судебная коллегия\n\n"
        f"ПОСТАНОВИЛА:\n{_REVIEW_LINES[outcome]}\n"
        f"Постановление вступает в законную силу со дня его оглашения.\n\n"
        f"Председательствующий {panel[0]}\nСудьи {panel[1]}, {panel[2]}\n"
    )


def _review_history(outcome: str) -> str:
    return "иск удовлетворён" if outcome in (Outcome.UPHELD, Outcome.CHANGED) else "в иске отказано"


def _review_reason(outcome: str) -> str:
    return {
        Outcome.UPHELD: (
            "Выводы суда соответствуют обстоятельствам дела, нормы права применены верно."
        ),
        Outcome.CHANGED: "Суд первой инстанции неверно определил размер взыскания.",
        Outcome.OVERTURNED: (
            "Суд неправильно истолковал закон, что привело к вынесению незаконного решения."
        ),
        Outcome.SENT_BACK: (
            "Дело рассмотрено в отсутствие стороны, не извещённой о времени и месте заседания."
        ),
    }[outcome]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def synthetic_acts(*, count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED) -> list[Act]:
    """`count` acts, unsaved, the same for the same seed and database of courts."""
    courts, categories = _courts(), _categories()
    if not courts or not categories:
        return []
    acts = []
    for number in range(count):
        rng = random.Random(f"{seed}:{number}")  # noqa: S311 - text, not secrets
        court = courts[rng.randrange(len(courts))]
        category = categories[rng.randrange(len(categories))]
        acts.append(synthetic_act(rng, number, court, category, seed=seed))
    return acts


def synthetic_corpus_load(
    *, count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED, batch_size: int = 1000
) -> int:
    """Save the acts of `synthetic_acts` not saved yet, published in force, and queue them for
    indexing. Running it again adds nothing. Returns how many were created."""
    acts = synthetic_acts(count=count, seed=seed)
    have = set(
        Act.objects.filter(
            source=ActSource.SYNTHETIC, external_id__in=[a.external_id for a in acts]
        ).values_list("external_id", flat=True)
    )
    missing = [act for act in acts if act.external_id not in have]
    now = timezone.now()
    for act in missing:
        act.published_at = now
        act.depersonalised_at = now
    created = 0
    for start in range(0, len(missing), max(batch_size, 1)):
        with transaction.atomic():
            saved = Act.objects.bulk_create(missing[start : start + batch_size])
            outbox_enqueue_many([act.pk for act in saved])
        created += len(saved)
    return created
