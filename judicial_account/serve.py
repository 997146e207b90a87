"""`make run`: the web server (HTTP + websockets), a Celery worker and Celery beat, side by
side, until Ctrl-C; then all of them and the embedded servers stop.

The embedded PostgreSQL and Redis are started by the settings on first use, so by the time
this runs (after migrate) they are up and every child process reuses them."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8000")


def _commands() -> dict[str, list[str]]:
    bin_dir = Path(sys.executable).parent
    var = BASE_DIR / "var"
    return {
        "web": [
            str(bin_dir / "uvicorn"),
            "judicial_account.asgi:application",
            "--host",
            HOST,
            "--port",
            PORT,
            "--workers",
            "1",
            "--no-access-log",
            "--ws",
            "websockets-sansio",
        ],
        "worker": [
            str(bin_dir / "celery"),
            "-A",
            "judicial_account",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            "2",
            "-Q",
            "default,media",
        ],
        # The search index's one writer: the outbox drain runs here, one at a time.
        "search-worker": [
            str(bin_dir / "celery"),
            "-A",
            "judicial_account",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            "1",
            "-Q",
            "search",
            "-n",
            "search@%h",
        ],
        "beat": [
            str(bin_dir / "celery"),
            "-A",
            "judicial_account",
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(var / "celerybeat-schedule"),
        ],
    }


def _banner() -> None:
    print(f"\n  Judicial Account is running on http://{HOST}:{PORT}/   (Ctrl-C stops it)\n")
    credentials = BASE_DIR / "var" / "demo" / "credentials.json"
    if credentials.exists():
        print("  Demo logins (all in var/demo/credentials.json):")
        seen = set()
        for entry in json.loads(credentials.read_text()):
            if entry["role"] in seen:
                continue
            seen.add(entry["role"])
            totp = "  + one-time code (TOTP secret in the file)" if "totp_secret" in entry else ""
            print(f"    {entry['role']:<16} IIN {entry['iin']}  password {entry['password']}{totp}")
    print(flush=True)


def main() -> int:
    children: dict[str, subprocess.Popen] = {}
    for name, command in _commands().items():
        children[name] = subprocess.Popen(command, cwd=BASE_DIR)  # noqa: S603
    stopping = False

    def stop(*_args) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    time.sleep(2)
    _banner()
    exit_code = 0
    while not stopping:
        for name, child in children.items():
            if child.poll() is not None:
                print(f"{name} exited with {child.returncode}; stopping everything.")
                exit_code = child.returncode or 1
                stopping = True
        time.sleep(0.5)
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for child in children.values():
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
    from judicial_account import embedded

    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        embedded.stop()
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
