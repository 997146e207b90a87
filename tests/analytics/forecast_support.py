"""A small labelled corpus the outcome model learns in a second, and a fixture that trains
it into a temporary ANALYTICS_DIR as the current "outcome" model."""

import itertools

import pytest

from analytics.training import train_outcome_model

_GRANTED = [
    "ответчик получил деньги по договору займа и не вернул долг",
    "расписка подтверждает передачу денег, долг не возвращен",
    "заемщик признал задолженность по займу, доказательства оплаты не представлены",
]
_DENIED = [
    "истец пропустил срок исковой давности, о восстановлении срока не просил",
    "доказательств передачи денег истец не представил, договор не подписан",
    "требования не подтверждены, исковая давность истекла",
]
_PARTIAL = [
    "неустойка явно несоразмерна последствиям нарушения и подлежит снижению",
    "размер процентов завышен, расчет истца неверен в части",
    "долг подтвержден частично, часть суммы ответчик вернул",
]
_FILLERS = ["Суд установил:", "Из материалов дела следует:", "Исследовав доказательства,"]


def labelled_corpus(per_class: int = 12) -> list[dict]:
    rows = []
    for outcome, phrases in (
        ("granted", _GRANTED),
        ("denied", _DENIED),
        ("partially_granted", _PARTIAL),
    ):
        pairs = itertools.islice(itertools.cycle(itertools.product(_FILLERS, phrases)), per_class)
        for number, (filler, phrase) in enumerate(pairs):
            rows.append(
                {
                    "id": f"{outcome}-{number}",
                    "text": f"{filler} {phrase}. Дело номер {number}.",
                    "outcome": outcome,
                }
            )
    return rows


LOAN_TEXT = "Ответчик получил деньги по договору займа и долг не вернул, расписка есть."


@pytest.fixture(name="analytics_dir")
def analytics_dir_fixture(settings, tmp_path):
    settings.ANALYTICS_DIR = tmp_path / "analytics"
    return settings.ANALYTICS_DIR


@pytest.fixture(name="outcome_model")
def outcome_model_fixture(analytics_dir):
    artifact, promoted, report = train_outcome_model(
        labelled_corpus(), name="outcome", trained_on="test corpus"
    )
    assert promoted
    return artifact
