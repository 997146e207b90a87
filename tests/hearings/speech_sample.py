"""A tiny spoken sample the tests make for themselves: two sentences synthesised by flite
(a Debian package; .ci/run installs it) with a pause between them, as 16 kHz mono WAV,
and the same sound in other containers by ffmpeg."""

import subprocess
import wave
from pathlib import Path

SENTENCES = (
    "The court is in session.",
    "The plaintiff asks for the debt to be paid.",
)
PAUSE_SECONDS = 1.5


def speech_wav(directory: Path) -> Path:
    pieces = []
    for number, sentence in enumerate(SENTENCES):
        piece = directory / f"sentence-{number}.wav"
        subprocess.run(["flite", "-voice", "slt", "-t", sentence, "-o", str(piece)], check=True)
        with wave.open(str(piece), "rb") as reader:
            assert (reader.getframerate(), reader.getnchannels()) == (16000, 1)
            pieces.append(reader.readframes(reader.getnframes()))
    silence = b"\x00\x00" * int(16000 * PAUSE_SECONDS)
    target = directory / "speech.wav"
    with wave.open(str(target), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(16000)
        writer.writeframes(silence.join(pieces))
    return target


def converted(source: Path, suffix: str, *extra: str) -> Path:
    target = source.with_suffix(suffix)
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", *extra, "-i", str(source), str(target)],
        check=True,
    )
    return target


def video_with(source: Path) -> Path:
    """An MP4 with a black picture and the sample as its sound, as a courtroom system
    would upload."""
    target = source.with_suffix(".mp4")
    with wave.open(str(source), "rb") as reader:
        seconds = reader.getnframes() / reader.getframerate()
    command = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi"]
    command += ["-i", f"color=c=black:s=160x120:r=5:d={seconds:.2f}", "-i", str(source)]
    command += ["-c:v", "libx264", "-c:a", "aac", str(target)]
    subprocess.run(command, check=True)
    return target


def words(text: str) -> set[str]:
    return {w.strip(".,").lower() for w in text.split()}
