"""Speech recognition for hearing recordings, behind one small interface.

`transcribe(path, language)` answers the recognised speech as timed segments. The engine is
chosen by `SPEECH_BACKEND`:

- "pocketsphinx": CMU PocketSphinx, offline, in the worker process. Its wheel ships a US
  English model; a model for Russian or Kazakh is a directory the operator installs and
  names in `SPEECH_MODEL_RU` / `SPEECH_MODEL_KK` (an acoustic model folder with `mdef`, a
  language model `*.lm.bin` or `*.lm`, a pronunciation dictionary `*.dict` or `*.dic`).
- "off": nothing is transcribed.

A language with no model is not guessed at with another language's model: the transcript
is marked unavailable with the reason, because a wrong-language transcript is worse than
none. Another engine (Vosk, a Whisper server) is one more class with `name` and
`transcribe`.

Audio of any container the recordings accept is decoded to 16 kHz mono PCM by ffmpeg,
streamed, so a three-hour hearing is never held in memory; voice activity detection cuts
it into utterances, each decoded on its own and timed from the start of the recording.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from django.conf import settings
from django.utils.translation import gettext_lazy as _

SAMPLE_RATE = 16000


@dataclass(frozen=True)
class Segment:
    start: float  # seconds from the beginning of the recording
    end: float
    text: str


@dataclass(frozen=True)
class Result:
    engine: str  # engine and model, kept with the transcript
    segments: list[Segment]


# Why a transcript cannot be made. The code is stored with the transcript and turned into
# words in the reader's language when shown (the worker's language is nobody's).
REASONS = {
    "off": _("Automatic transcripts are switched off."),
    "no_model": _("No speech model is installed for the recording's language."),
    "model_missing": _("The speech model directory does not exist."),
    "model_incomplete": _(
        "The speech model directory lacks an acoustic model, a language model or a dictionary."
    ),
    "no_ffmpeg": _("ffmpeg is not installed, so this recording cannot be decoded."),
    "undecodable": _("The recording's sound could not be decoded."),
    "failed": _("The speech engine failed; staff can ask for the transcript again."),
}


class SpeechUnavailable(Exception):
    """The recording cannot be transcribed here: `code` is a key of REASONS; `detail` is
    what the tool said (language-neutral), if anything."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


class Backend(Protocol):
    name: str

    def transcribe(self, path: Path, language: str) -> Result: ...


@dataclass(frozen=True)
class Model:
    acoustic: Path
    language_model: Path
    dictionary: Path
    label: str


def model_find(setting: str) -> Model:
    """The model files inside a directory named by a SPEECH_MODEL_* setting."""
    if setting == "builtin":
        from pocketsphinx import get_model_path

        base = Path(get_model_path()) / "en-us"
        return Model(
            acoustic=base / "en-us",
            language_model=base / "en-us.lm.bin",
            dictionary=base / "cmudict-en-us.dict",
            label="en-us (builtin)",
        )
    root = Path(setting)
    if not root.is_dir():
        raise SpeechUnavailable("model_missing")
    acoustic = next((p.parent for p in sorted(root.rglob("mdef"))), None)
    # The phone-loop model that some distributions ship beside the word model is no use
    # for a transcript.
    models = [
        p
        for pattern in ("*.lm.bin", "*.lm", "*.lm.dmp")
        for p in sorted(root.rglob(pattern))
        if "phone" not in p.name
    ]
    dictionaries = [p for pattern in ("*.dict", "*.dic") for p in sorted(root.rglob(pattern))]
    if acoustic is None or not models or not dictionaries:
        raise SpeechUnavailable("model_incomplete")
    return Model(
        acoustic=acoustic, language_model=models[0], dictionary=dictionaries[0], label=root.name
    )


@contextlib.contextmanager
def pcm_open(path: Path) -> Iterator[BinaryIO]:
    """A stream of 16 kHz mono 16-bit PCM of the recording's sound track. A WAV file
    already in that shape is read directly; anything else goes through ffmpeg."""
    try:
        with wave.open(str(path), "rb") as probe:
            plain = (probe.getframerate(), probe.getnchannels(), probe.getsampwidth()) == (
                SAMPLE_RATE,
                1,
                2,
            )
    except (wave.Error, EOFError):
        plain = False
    if plain:
        with wave.open(str(path), "rb") as reader:
            yield reader.getfp()  # the file object, positioned at the first sample
        return
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise SpeechUnavailable("no_ffmpeg")
    command = [ffmpeg, "-nostdin", "-v", "error", "-i", str(path)]
    command += ["-vn", "-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "s16le", "-"]
    # ffmpeg's complaints go to a file, not a pipe: a damaged recording can make it write
    # more than a pipe holds, and it would then stall while we wait on its sound.
    with tempfile.TemporaryFile() as complaints:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=complaints)  # noqa: S603 - fixed argv, no shell
        try:
            yield process.stdout
        except BaseException:
            process.kill()  # the reader gave up: so does the decoder, and its error wins
            raise
        finally:
            process.stdout.close()
            process.wait()
        if process.returncode:
            complaints.seek(0)
            said = complaints.read()[-600:].decode(errors="replace")
            # ffmpeg names its input: keep the storage layout out of what people read.
            said = said.replace(str(path), path.name).strip()[-300:]
            raise SpeechUnavailable("undecodable", said)


class PocketSphinxBackend:
    name = "pocketsphinx"

    def transcribe(self, path: Path, language: str) -> Result:
        setting = settings.SPEECH_MODELS.get(language) or ""
        if not setting:
            raise SpeechUnavailable("no_model")
        model = model_find(setting)
        from pocketsphinx import Decoder, Segmenter

        decoder = Decoder(
            hmm=str(model.acoustic),
            lm=str(model.language_model),
            dict=str(model.dictionary),
            samprate=SAMPLE_RATE,
            loglevel="FATAL",
        )
        segments = []
        with pcm_open(path) as stream:
            for utterance in Segmenter(sample_rate=SAMPLE_RATE).segment(stream):
                text = _decode(decoder, utterance.pcm)
                if text:
                    segments.append(
                        Segment(
                            start=round(utterance.start_time, 2),
                            end=round(utterance.end_time, 2),
                            text=text,
                        )
                    )
        return Result(engine=f"pocketsphinx {_version()} {model.label}", segments=segments)


def _decode(decoder, pcm: bytes) -> str:
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    hypothesis = decoder.hyp()
    if hypothesis is None:
        return ""
    # Alternate pronunciations come back as "word(2)"; fillers as <sil>, [noise].
    words = (segment.word.split("(")[0] for segment in decoder.seg())
    return " ".join(w for w in words if w and w[0] not in "<[").strip()


def _version() -> str:
    from importlib.metadata import version

    return version("pocketsphinx")


def backend() -> Backend | None:
    if settings.SPEECH_BACKEND == "pocketsphinx":
        return PocketSphinxBackend()
    return None
