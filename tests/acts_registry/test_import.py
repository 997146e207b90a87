"""Outside corpora: import_acts (the real dataset's format and the generic one), and the
synthetic civil corpus. The real corpus is read from the shared datasets folder beside the
repository; without it those tests skip, unless REQUIRE_DATASETS=1 makes that a failure."""

import json
import os
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from acts_registry.corpus import acts_import, plain_text
from acts_registry.corpus_synthetic import synthetic_acts, synthetic_corpus_load
from acts_registry.depersonalise import depersonalise
from acts_registry.indexing import outbox_drain
from acts_registry.models import Act, ActSource, ActStatus, SearchOutbox
from acts_registry.search import Audience
from tests.acts_registry.registry_support import found_ids

pytestmark = pytest.mark.django_db

DATASET_DIR = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "datasets"
).resolve() / "ru-court-acts-judgement"
RALLIES = DATASET_DIR / "admin_rallies.jsonl"
SUBSET = 50


@pytest.fixture
def rallies():
    if not RALLIES.is_file():
        reason = "the ru-court-acts-judgement dataset is not in the shared datasets folder"
        if os.environ.get("REQUIRE_DATASETS") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    with open(RALLIES, encoding="utf-8") as lines:
        rows = [json.loads(next(lines)) for _ in range(SUBSET)]
    return rows


@pytest.fixture
def imported(rallies):
    report = acts_import(RALLIES, limit=SUBSET)
    outbox_drain()
    return report


def test_real_acts_are_imported_depersonalised_published_and_indexed(rallies, imported):
    acts = Act.objects.filter(source=ActSource.IMPORT)

    assert imported.created == SUBSET
    assert acts.count() == SUBSET
    act = acts.get(external_id=f"ru-court-acts-judgement/{rallies[0]['id']}")
    assert act.text == plain_text(rallies[0]["text_annotated"]).strip()
    assert act.text_public == depersonalise(act.text).text
    assert act.status == ActStatus.IN_FORCE
    assert act.published_at is not None
    assert act.case_number == rallies[0]["case_number"]
    assert not SearchOutbox.objects.exists()
    assert str(act.pk) in found_ids(Audience.PUBLIC, act.case_number)


def test_a_second_import_updates_instead_of_duplicating(imported):
    again = acts_import(RALLIES, limit=SUBSET)

    assert (again.created, again.updated) == (0, SUBSET)
    assert Act.objects.filter(source=ActSource.IMPORT).count() == SUBSET


def test_a_case_number_finds_its_act_first(rallies, imported):
    row = next(r for r in rallies if r["case_number"])
    act = Act.objects.get(external_id=f"ru-court-acts-judgement/{row['id']}")

    assert found_ids(Audience.PUBLIC, f"дело № {row['case_number']}")[0] == str(act.pk)


def test_a_word_finds_its_inflected_forms(imported):
    # Acts that say "мероприятия" / "мероприятии" but never the query's own form.
    inflected = {
        str(act.pk)
        for act in Act.objects.filter(source=ActSource.IMPORT)
        if re.search(r"\bмероприяти[яиюей]\b", act.text_public, re.IGNORECASE)
        and not re.search(r"\bмероприятие\b", act.text_public, re.IGNORECASE)
    }

    assert inflected
    assert inflected <= set(found_ids(Audience.PUBLIC, "мероприятие"))


def test_bad_lines_are_reported_with_their_numbers_and_skipped(tmp_path):
    source = tmp_path / "acts.jsonl"
    good = {"id": "a1", "text": "Суд решил взыскать долг.", "issued_on": "2024-02-01"}
    source.write_text(
        "\n".join(
            [
                json.dumps(good, ensure_ascii=False),
                "{not json",
                json.dumps({"id": "a2", "text": "Текст", "issued_on": "2024-02-31"}),
                json.dumps({"id": "a3"}),
                json.dumps({"id": "a4", "text": "Текст", "kind": "verdict"}),
                "",
                json.dumps(["a list"]),
            ]
        ),
        encoding="utf-8",
    )
    out, err = StringIO(), StringIO()

    call_command("import_acts", str(source), "--source-name", "test", stdout=out, stderr=err)

    assert [line for line, _ in acts_import(source, source_name="test").problems] == [
        2,
        3,
        4,
        5,
        7,
    ]
    assert "acts.jsonl:2:" in err.getvalue()
    assert "1 created" in out.getvalue()
    act = Act.objects.get(source=ActSource.IMPORT, external_id="test/a1")
    assert str(act.pk) in found_ids(Audience.PUBLIC, "долг")


def test_synthetic_corpus_is_deterministic(
    district_court, judge_first, judge_appeal, judge_cassation
):
    first = [(a.external_id, a.text, a.text_public) for a in synthetic_acts(count=40, seed=7)]
    again = [(a.external_id, a.text, a.text_public) for a in synthetic_acts(count=40, seed=7)]
    other = [(a.external_id, a.text, a.text_public) for a in synthetic_acts(count=40, seed=8)]

    assert first == again
    assert first != other


def test_synthetic_corpus_spans_instances_and_outcomes_and_hides_parties(
    district_court, judge_first, judge_appeal, judge_cassation
):
    acts = synthetic_acts(count=300, seed=1)

    assert {a.instance for a in acts} == {"first", "appeal", "cassation"}
    assert len({a.outcome for a in acts}) == 10
    assert min(a.issued_on.year for a in acts) == 2019
    assert max(a.issued_on.year for a in acts) == 2026
    assert all("{" not in a.text and "{" not in a.text_public for a in acts)
    assert any("[ФИО-1]" in a.text_public for a in acts)
    assert any(judge_first.short_name in a.judge_names for a in acts)


def test_synthetic_corpus_loads_once_and_is_searchable(district_court, judge_first):
    assert synthetic_corpus_load(count=30, seed=3) == 30
    assert synthetic_corpus_load(count=30, seed=3) == 0
    outbox_drain()

    assert Act.objects.filter(source=ActSource.SYNTHETIC).count() == 30
    assert len(found_ids(Audience.PUBLIC)) == 30
