"""Trained models as named, versioned artifacts: a file under ANALYTICS_DIR, its SHA-256 and
its evaluation in a ModelArtifact row. A new version becomes the current one only if it
scores no worse (macro-F1 on its held-out split) than the current one.

The files are pickles. They are only ever read back from our own directory and only after
their SHA-256 matches the one recorded when they were written, so a file swapped on disk is
refused instead of executed."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import tempfile
import threading
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from analytics.models import ModelArtifact

DEFAULT_OUTCOME_MODEL = "outcome"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,99}$")
_loaded: dict[tuple[str, int, str], object] = {}
_lock = threading.Lock()


class UnknownModel(LookupError):
    pass


class BadModelName(ValueError):
    pass


class TamperedArtifact(RuntimeError):
    pass


def analytics_dir() -> Path:
    return Path(getattr(settings, "ANALYTICS_DIR", settings.VAR_DIR / "analytics"))


def check_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.match(name):
        raise BadModelName(name)
    return name


def score_of(metrics: dict) -> float:
    """What decides whether a version replaces the current one: held-out macro-F1."""
    return float((metrics.get("model") or {}).get("macro_f1", -1.0))


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)


@transaction.atomic
def artifact_save(
    *, name: str, task: str, model: object, metrics: dict, trained_on: str = ""
) -> tuple[ModelArtifact, bool]:
    """Store a new version of `name`; return it and whether it became the current one."""
    check_name(name)
    # Lock the name's rows so two trainings cannot take the same version number.
    list(ModelArtifact.objects.select_for_update().filter(name=name).values_list("pk"))
    version = (ModelArtifact.objects.filter(name=name).aggregate(v=Max("version"))["v"] or 0) + 1
    data = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
    relative = f"models/{name}/v{version}.pkl"
    _write_atomically(analytics_dir() / relative, data)
    current = ModelArtifact.objects.filter(name=name, is_current=True).first()
    promote = current is None or score_of(metrics) >= score_of(current.metrics)
    if promote and current is not None:
        current.is_current = False
        current.save(update_fields=["is_current"])
    artifact = ModelArtifact.objects.create(
        name=name,
        version=version,
        task=task,
        path=relative,
        sha256=hashlib.sha256(data).hexdigest(),
        metrics=metrics,
        trained_on=trained_on[:500],
        is_current=promote,
    )
    return artifact, promote


def artifact_current(name: str = DEFAULT_OUTCOME_MODEL) -> ModelArtifact:
    check_name(name)
    artifact = ModelArtifact.objects.filter(name=name, is_current=True).first()
    if artifact is None:
        raise UnknownModel(name)
    return artifact


def artifact_load(artifact: ModelArtifact) -> object:
    """The artifact's model, read once per process and checked against its SHA-256."""
    key = (artifact.name, artifact.version, artifact.sha256)
    with _lock:
        if key in _loaded:
            return _loaded[key]
        data = (analytics_dir() / artifact.path).read_bytes()
        if hashlib.sha256(data).hexdigest() != artifact.sha256:
            raise TamperedArtifact(artifact.path)
        model = pickle.loads(data)  # noqa: S301 - our own file, hash checked above
        _loaded[key] = model
        return model


def model_current(name: str = DEFAULT_OUTCOME_MODEL) -> tuple[ModelArtifact, object]:
    artifact = artifact_current(name)
    return artifact, artifact_load(artifact)
