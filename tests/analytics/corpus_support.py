"""A small embedded corpus for the similar-case, category and trace tests: a few acts per
category, public and not, indexed for search and embedded with the real model."""

import datetime as dt

from django.utils import timezone

from acts_registry.indexing import outbox_drain, outbox_enqueue
from analytics.embeddings import acts_embed
from cases.models import PartyRole
from cases.services import PartyInput, case_register
from tests.acts_registry.registry_support import public_fields
from tests.factories import UserFactory

LOANS = [
    "Истец просит взыскать с ответчика долг по договору займа и проценты за пользование займом.",
    "Заемщик не вернул сумму займа в срок, истец требует взыскать основной долг и неустойку.",
    "Взыскание задолженности по расписке: деньги переданы в долг, ответчик долг не вернул.",
]
LABOUR = [
    "Работник просит восстановить его на работе и взыскать средний заработок за прогул.",
    "Истец оспаривает увольнение по сокращению штата и требует восстановления на работе.",
    "Взыскание невыплаченной заработной платы и компенсации за задержку зарплаты работодателем.",
]
FAMILY = [
    "Супруга просит расторгнуть брак и разделить совместно нажитое имущество супругов.",
    "Иск о взыскании алиментов на содержание несовершеннолетнего ребенка с отца.",
    "Определение места жительства ребенка при раздельном проживании родителей после развода.",
]


def public(text: str, category: str, day: dt.date, **fields) -> dict:
    return (
        public_fields(text=text, text_public=text, issued_on=day)
        | {
            "category_code": category,
            "category_name": category.title(),
        }
        | fields
    )


def corpus_make(act_make, case) -> dict:
    """{"loans": [acts], "labour": [...], "family": [...]}, all public, dated a day apart,
    all of `case` (another case than the one the tests ask about)."""
    start = dt.date(2025, 1, 10)
    made = {}
    for offset, (category, texts) in enumerate(
        (("loans", LOANS), ("labour", LABOUR), ("family", FAMILY))
    ):
        made[category] = [
            act_make(
                case=case, **public(text, category, start + dt.timedelta(days=offset * 10 + i))
            )
            for i, text in enumerate(texts)
        ]
    return made


def index_and_embed(*acts) -> None:
    for act in acts:
        outbox_enqueue(act.pk)
    outbox_drain()
    acts_embed()


def other_case(court, category, judge_user=None, *, closed=False):
    case = case_register(
        court=court,
        category=category,
        subject="Другой спор",
        amount=100000,
        filed_at=timezone.now(),
        parties=[
            PartyInput(role=PartyRole.PLAINTIFF, name="Истцов Истец", iin=UserFactory().iin),
            PartyInput(role=PartyRole.DEFENDANT, name="Ответчиков Ответчик", iin=UserFactory().iin),
        ],
    )
    if closed:
        case.is_closed_session = True
        case.save()
    return case
