"""Speed of the automatic transcript: seconds of CPU per second of hearing audio.

Builds a spoken sample with flite (a few court sentences with pauses, repeated to the asked
length), stores it as 16 kHz WAV and as Ogg/Opus (what a courtroom system may upload, decoded
through ffmpeg), and runs the portal's speech backend over each, several rounds. Reports the
median real-time factor (wall seconds / audio seconds) and what an hour of audio costs one
worker process. Needs flite and ffmpeg (Debian packages).

    .venv/bin/python bench/transcribe_bench.py [--minutes 2] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

SENTENCES = [
    "The court is in session.",
    "The plaintiff asks for the debt to be paid.",
    "The defendant does not agree with the claim.",
    "The court will announce its decision after a short recess.",
]


def sample(directory: Path, seconds: float) -> Path:
    """The sentences with a one second pause after each, repeated to `seconds`."""
    frames = []
    for number, sentence in enumerate(SENTENCES):
        piece = directory / f"s{number}.wav"
        command = ["flite", "-voice", "slt", "-t", sentence, "-o", str(piece)]
        subprocess.run(command, check=True)  # noqa: S603, S607 - fixed argv, tool from PATH
        with wave.open(str(piece), "rb") as reader:
            frames.append(reader.readframes(reader.getnframes()) + b"\x00\x00" * 16000)
    one_pass = b"".join(frames)
    repeats = max(1, round(seconds * 32000 / len(one_pass)))
    target = directory / "sample.wav"
    with wave.open(str(target), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(16000)
        writer.writeframes(one_pass * repeats)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "judicial_account.settings")
    from django.conf import settings

    # The speech backend reads only its own settings; no database or Redis is needed.
    settings.SPEECH_MODELS = {"ru": "", "kk": "", "en": "builtin"}
    from hearings.speech import PocketSphinxBackend

    with tempfile.TemporaryDirectory() as work:
        wav_path = sample(Path(work), args.minutes * 60)
        with wave.open(str(wav_path), "rb") as reader:
            audio_seconds = reader.getnframes() / reader.getframerate()
        ogg_path = wav_path.with_suffix(".ogg")
        command = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(wav_path), str(ogg_path)]
        subprocess.run(command, check=True)  # noqa: S603, S607 - fixed argv, tool from PATH
        print(f"# Transcript speed: {os.cpu_count()} cores, Python {platform.python_version()}")
        print(f"Audio: {audio_seconds:.0f} s; {args.rounds} rounds; medians.\n")
        print("| input | wall s | real-time factor | one hour of audio (min) | segments |")
        print("|---|---:|---:|---:|---:|")
        for label, path in (("WAV 16 kHz", wav_path), ("Ogg/Opus via ffmpeg", ogg_path)):
            walls, segments = [], 0
            for _ in range(args.rounds):
                started = time.perf_counter()
                result = PocketSphinxBackend().transcribe(path, "en")
                walls.append(time.perf_counter() - started)
                segments = len(result.segments)
            wall = statistics.median(walls)
            factor = wall / audio_seconds
            print(f"| {label} | {wall:.1f} | {factor:.3f} | {factor * 60:.1f} | {segments} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
