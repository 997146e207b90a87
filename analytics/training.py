"""The outcome model: features, fitting, calibration and evaluation on a held-out split.

The model reads only the text before the operative part (the answer is written there) and,
of that, the opening (court, articles, who is accused of what) and the last few thousand
characters: the court's reasoning on the circumstances, which sits right before the
operative part and is what the outcome turns on. Features are TF-IDF word uni- and bigrams
(readable, so they can explain a forecast) plus character n-grams inside words (robust to
Russian and Kazakh inflection); the classifier is a class-balanced logistic regression
whose probabilities are calibrated by temperature scaling on a part of the training data
set aside for it. See bench/results/analytics-forecast.md for the comparison that chose it.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

SEED = 20260101
TEST_SHARE = 0.3
CALIBRATION_SHARE = 0.2
HEAD_CHARS = 300
TAIL_CHARS = 3000
# A class seen fewer times than this in the training part cannot be learned or evaluated
# sensibly; such examples stay in the data (they count as errors for the model) but the
# classifier never predicts that class.
MIN_CLASS_EXAMPLES = 3

# The operative part of a Russian or Kazakh act starts after one of these verbs.
_OPERATIVE = re.compile(
    r"(?:^|\n|\s)(?:РЕШИЛ|ПОСТАНОВИЛ|ПОСТАНОВИЛА|ПРИГОВОРИЛ|ОПРЕДЕЛИЛ|ОПРЕДЕЛИЛА|"
    r"решил|постановил|приговорил|определил|ШЕШТІ|ҚАУЛЫ ЕТТІ|ҰЙҒАРДЫ)\s*:",
)


def text_before_operative(text: str) -> str:
    """The act's text up to its operative part (all of it when no marker is found)."""
    match = _OPERATIVE.search(text or "")
    return (text or "")[: match.start()] if match else (text or "")


def model_view(text: str, *, head: int = HEAD_CHARS, tail: int = TAIL_CHARS) -> str:
    """What the model reads of a text before the operative part: opening and reasoning
    (tail=0: all of it)."""
    text = text.strip()
    if not tail or len(text) <= head + tail:
        return text
    return text[:head] + "\n…\n" + text[-tail:]


@dataclass
class OutcomeModel:
    """A fitted model. Pickled into a ModelArtifact (see analytics.artifacts)."""

    words: TfidfVectorizer
    chars: TfidfVectorizer | None
    classifier: LogisticRegression
    temperature: float = 1.0
    head: int = HEAD_CHARS
    tail: int = TAIL_CHARS
    meta: dict = field(default_factory=dict)

    def view(self, text: str) -> str:
        return model_view(text, head=self.head, tail=self.tail)

    @property
    def classes(self) -> list[str]:
        return [str(c) for c in self.classifier.classes_]

    def _features(self, texts: list[str]):
        views = [self.view(t) for t in texts]
        parts = [self.words.transform(views)]
        if self.chars is not None:
            parts.append(self.chars.transform(views))
        return hstack(parts).tocsr()

    def _logits(self, texts: list[str]) -> np.ndarray:
        return self.classifier.decision_function(self._features(texts)).reshape(len(texts), -1)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        logits = self._logits(texts)
        if logits.shape[1] == 1:  # two classes: sklearn gives one logit
            logits = np.hstack([-logits / 2, logits / 2]) * 2
        return _softmax(logits / self.temperature)

    def explain(self, text: str, label: str, *, limit: int = 8) -> list[dict]:
        """The words and phrases of `text` that pushed the model most towards `label`
        (weight × their TF-IDF value in this text), readable ones only (word features)."""
        if label not in self.classes:
            return []
        row = self.words.transform([self.view(text)])
        if self.classifier.coef_.shape[0] == 1:
            sign = 1 if self.classes.index(label) == 1 else -1
            weights = sign * self.classifier.coef_[0][: row.shape[1]]
        else:
            weights = self.classifier.coef_[self.classes.index(label)][: row.shape[1]]
        names = self.words.get_feature_names_out()
        scores = [(row.data[i] * weights[j], names[j]) for i, j in enumerate(row.indices)]
        scores = sorted((s for s in scores if s[0] > 0), reverse=True)[:limit]
        return [{"term": term, "weight": round(float(score), 4)} for score, term in scores]


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


# --- splitting ---------------------------------------------------------------------


def stratified_split(
    labels: list[str], *, share: float, seed: int = SEED
) -> tuple[list[int], list[int]]:
    """Indexes (kept, held out): `share` of each class held out, at least one example of a
    class with two or more, none of a class seen once (it cannot be both learned and
    tested). Deterministic for a seed."""
    by_class: dict[str, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        by_class[label].append(index)
    rng = random.Random(seed)  # noqa: S311 - a reproducible split, not a secret
    kept, held = [], []
    for label in sorted(by_class):
        indexes = by_class[label][:]
        rng.shuffle(indexes)
        n_held = 0 if len(indexes) < 2 else max(1, round(len(indexes) * share))
        held += indexes[:n_held]
        kept += indexes[n_held:]
    return sorted(kept), sorted(held)


# --- fitting -----------------------------------------------------------------------


def _vectorizers(with_chars: bool) -> tuple[TfidfVectorizer, TfidfVectorizer | None]:
    words = TfidfVectorizer(
        ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=50_000, lowercase=True
    )
    chars = (
        TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            min_df=2,
            sublinear_tf=True,
            max_features=100_000,
        )
        if with_chars
        else None
    )
    return words, chars


def _learnable(texts: list[str], labels: list[str]) -> tuple[list[str], list[str]]:
    counts = Counter(labels)
    pairs = [(t, y) for t, y in zip(texts, labels, strict=True) if counts[y] >= MIN_CLASS_EXAMPLES]
    if len({y for _, y in pairs}) < 2:
        raise ValueError("at least two outcomes with enough examples are needed")
    return [t for t, _ in pairs], [y for _, y in pairs]


def fit_outcome_model(
    texts: list[str],
    labels: list[str],
    *,
    with_chars: bool = True,
    calibrate: bool = True,
    balanced: bool = True,
    tail: int = TAIL_CHARS,
    seed: int = SEED,
) -> OutcomeModel:
    """Fit on texts before the operative part. With `calibrate`, a first fit on four
    fifths of the data chooses the softmax temperature that minimises the log-loss of the
    fifth left out; the model is then refitted on everything and keeps that temperature."""
    texts, labels = _learnable(texts, labels)
    settings = {"with_chars": with_chars, "balanced": balanced, "tail": tail}
    temperature = 1.0
    if calibrate:
        fit_idx, cal_idx = stratified_split(labels, share=CALIBRATION_SHARE, seed=seed)
        probe = _fit([texts[i] for i in fit_idx], [labels[i] for i in fit_idx], **settings)
        temperature = _best_temperature(
            probe, [texts[i] for i in cal_idx], [labels[i] for i in cal_idx]
        )
    model = _fit(texts, labels, **settings)
    model.temperature = temperature
    return model


def _fit(
    texts: list[str], labels: list[str], *, with_chars: bool, balanced: bool, tail: int
) -> OutcomeModel:
    words, chars = _vectorizers(with_chars)
    head = HEAD_CHARS if tail else 0
    views = [model_view(t, head=head, tail=tail) for t in texts]
    parts = [words.fit_transform(views)]
    if chars is not None:
        parts.append(chars.fit_transform(views))
    classifier = LogisticRegression(
        C=10.0, max_iter=3000, class_weight="balanced" if balanced else None
    )
    classifier.fit(hstack(parts).tocsr(), labels)
    return OutcomeModel(words=words, chars=chars, classifier=classifier, head=head, tail=tail)


def _best_temperature(model: OutcomeModel, texts: list[str], labels: list[str]) -> float:
    logits = model._logits(texts)
    if logits.shape[1] == 1:
        logits = np.hstack([-logits / 2, logits / 2]) * 2
    known = [i for i, y in enumerate(labels) if y in model.classes]
    if not known:
        return 1.0
    target = np.array([model.classes.index(labels[i]) for i in known])
    logits = logits[known]
    best, best_loss = 1.0, float("inf")
    for temperature in np.exp(np.linspace(np.log(0.2), np.log(10.0), 60)):
        probs = _softmax(logits / temperature)
        loss = -np.mean(np.log(probs[np.arange(len(target)), target] + 1e-12))
        if loss < best_loss:
            best, best_loss = float(temperature), loss
    return best


# --- evaluation --------------------------------------------------------------------


def expected_calibration_error(
    probabilities: np.ndarray, classes: list[str], labels: list[str], *, bins: int = 10
) -> float:
    """Top-label ECE: the gap between confidence and accuracy, averaged over confidence
    bins weighted by how many predictions fall in each."""
    confidence = probabilities.max(axis=1)
    predicted = np.array(classes)[probabilities.argmax(axis=1)]
    correct = predicted == np.array(labels)
    edges = np.linspace(0.0, 1.0, bins + 1)
    error = 0.0
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        in_bin = (confidence > low) & (confidence <= high)
        if in_bin.any():
            error += in_bin.mean() * abs(confidence[in_bin].mean() - correct[in_bin].mean())
    return float(error)


def classification_metrics(
    labels: list[str],
    predicted: list[str],
    probabilities: np.ndarray | None = None,
    classes: list[str] | None = None,
) -> dict:
    present = sorted(set(labels) | set(predicted))
    precision, recall, f1, support = precision_recall_fscore_support(
        labels, predicted, labels=present, zero_division=0
    )
    metrics = {
        "n": len(labels),
        "accuracy": round(float(accuracy_score(labels, predicted)), 4),
        "macro_f1": round(float(f1_score(labels, predicted, average="macro", zero_division=0)), 4),
        "per_class": {
            label: {
                "precision": round(float(p), 4),
                "recall": round(float(r), 4),
                "f1": round(float(f), 4),
                "support": int(s),
            }
            for label, p, r, f, s in zip(present, precision, recall, f1, support, strict=True)
        },
    }
    if probabilities is not None and classes is not None:
        metrics["ece"] = round(expected_calibration_error(probabilities, classes, labels), 4)
    return metrics


def evaluate_model(model: OutcomeModel, texts: list[str], labels: list[str]) -> dict:
    probabilities = model.predict_proba(texts)
    predicted = [model.classes[i] for i in probabilities.argmax(axis=1)]
    return classification_metrics(labels, predicted, probabilities, model.classes)


def majority_baseline(train_labels: list[str], test_labels: list[str]) -> dict:
    majority = Counter(train_labels).most_common(1)[0][0]
    metrics = classification_metrics(test_labels, [majority] * len(test_labels))
    metrics["predicts"] = majority
    return metrics


@dataclass
class Evaluation:
    model: OutcomeModel
    report: dict


MODEL_DESCRIPTION = {
    "features": "TF-IDF word 1-2-grams + char_wb 3-5-grams of the opening (300 chars) and "
    "the reasoning (last 3000 chars) before the operative part",
    "classifier": "logistic regression, balanced classes, temperature-calibrated",
}


def train_and_evaluate(
    examples: list[dict],
    *,
    seed: int = SEED,
    baselines: bool = True,
    refit: bool = True,
    calibrate: bool = True,
) -> Evaluation:
    """Hold out a stratified share, fit the chosen model (and the baselines) on the rest,
    evaluate on the held-out part; then, with `refit`, fit the chosen model again on
    everything (the figures describe the method; the shipped model has seen all the data).
    The TF-IDF + LR baseline is the textbook one: word 1-2-grams of the whole text before
    the operative part, plain logistic regression, no calibration."""
    texts = [e["text"] for e in examples]
    labels = [str(e["outcome"]) for e in examples]
    kept, held = stratified_split(labels, share=TEST_SHARE, seed=seed)
    train_x, train_y = [texts[i] for i in kept], [labels[i] for i in kept]
    test_x, test_y = [texts[i] for i in held], [labels[i] for i in held]
    chosen = fit_outcome_model(train_x, train_y, seed=seed, calibrate=calibrate)
    report = {
        "seed": seed,
        "split": {"train": len(kept), "test": len(held), "test_share": TEST_SHARE},
        "classes": dict(sorted(Counter(labels).items())),
        "model": {
            **MODEL_DESCRIPTION,
            "temperature": round(chosen.temperature, 3),
            **evaluate_model(chosen, test_x, test_y),
        },
        "baselines": {"majority": majority_baseline(train_y, test_y)},
    }
    if baselines:
        plain = fit_outcome_model(
            train_x, train_y, with_chars=False, calibrate=False, balanced=False, tail=0
        )
        report["baselines"]["tfidf_lr"] = evaluate_model(plain, test_x, test_y)
    final = fit_outcome_model(texts, labels, seed=seed) if refit else chosen
    final.meta = {"held_out": {k: report["model"][k] for k in ("accuracy", "macro_f1", "ece")}}
    return Evaluation(model=final, report=report)


# --- corpora and artifacts ---------------------------------------------------------


def database_examples() -> list[dict]:
    """First-instance acts of the register (in force, published, depersonalised) with an
    outcome, as training lines. Only the depersonalised text is used: the words a forecast
    shows as its reasons come from here and must not carry anybody's name."""
    from acts_registry.access import public_acts
    from acts_registry.models import FIRST_INSTANCE_OUTCOMES

    acts = (
        public_acts()
        .filter(outcome__in=FIRST_INSTANCE_OUTCOMES)
        .exclude(text_public="")
        .order_by("pk")
        .values_list("pk", "text_public", "outcome")
    )
    examples = []
    for pk, text, outcome in acts.iterator(chunk_size=500):
        before = text_before_operative(text).strip()
        if before:
            examples.append({"id": f"act:{pk}", "text": before, "outcome": outcome})
    return examples


def train_outcome_model(
    examples: list[dict], *, name: str, trained_on: str, seed: int = SEED
) -> tuple[object, bool, dict]:
    """Train, evaluate and store a new version of `name`. Returns (ModelArtifact, whether
    it became current, the evaluation report)."""
    from analytics.artifacts import artifact_save, check_name

    check_name(name)
    evaluation = train_and_evaluate(examples, seed=seed)
    artifact, promoted = artifact_save(
        name=name,
        task="outcome",
        model=evaluation.model,
        metrics=evaluation.report,
        trained_on=trained_on,
    )
    return artifact, promoted, evaluation.report


RECALL_QUERIES = 50


def hnsw_recall_at_10(*, queries: int = RECALL_QUERIES) -> dict:
    """Recall@10 of the HNSW index against exact search, over act vectors of the current
    embedding model used as queries (each query's own act excluded from both lists). With
    no vectors in the database it says so: the similar-cases tests measure it instead."""
    from django.db import connection, transaction
    from pgvector.django import CosineDistance

    from analytics.embeddings import MODEL_NAME, MODEL_VERSION
    from analytics.models import ActEmbedding

    vectors = ActEmbedding.objects.filter(model_name=MODEL_NAME, model_version=MODEL_VERSION)
    sample = list(
        vectors.filter(chunk=0).order_by("act_id").values_list("act_id", "vector")[:queries]
    )
    if len(sample) < 2 or vectors.count() < 20:
        return {
            "recall": None,
            "queries": 0,
            "note": "no act vectors in this database; measured by tests/analytics (similar cases)",
        }

    def top(vector, act_id, *, exact: bool) -> set[int]:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL hnsw.ef_search = 200")
            if exact:
                cursor.execute("SET LOCAL enable_indexscan = off")
            rows = (
                vectors.exclude(act_id=act_id)
                .annotate(distance=CosineDistance("vector", vector))
                .order_by("distance")
                .values_list("pk", flat=True)[:10]
            )
            return set(rows)

    hits = total = 0
    for act_id, vector in sample:
        exact = top(vector, act_id, exact=True)
        hits += len(exact & top(vector, act_id, exact=False))
        total += len(exact)
    return {"recall": round(hits / total, 4) if total else None, "queries": len(sample)}
