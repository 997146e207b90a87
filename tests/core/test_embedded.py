import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from judicial_account import embedded

BASE = Path(__file__).resolve().parents[2]
uses_embedded = pytest.mark.skipif(
    not settings.DATABASES["default"]["HOST"].startswith("/"),
    reason="DATABASE_URL points at an external server",
)


@uses_embedded
@pytest.mark.django_db
def test_embedded_postgres_has_pgvector():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
        version = cursor.fetchone()[0]
        cursor.execute("SHOW server_version_num")
        server = int(cursor.fetchone()[0])
    assert version.startswith("0.8")
    assert server >= 180000


@uses_embedded
def test_second_process_reuses_running_servers():
    code = (
        "from judicial_account import embedded;"
        "print(embedded.postgres_settings()['HOST']); print(embedded.redis_url())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    host, redis_url = result.stdout.split()
    assert host == settings.DATABASES["default"]["HOST"]
    assert redis_url == embedded.redis_url()


def test_redis_socket_path_stays_short_for_deep_checkouts(monkeypatch, tmp_path):
    deep = tmp_path / ("x" * 120)
    monkeypatch.setattr(embedded, "REDIS_DIR", deep)
    path = embedded._redis_socket_path()
    assert len(str(path)) <= embedded._SOCKET_PATH_MAX


def test_processes_starting_together_start_one_redis(tmp_path):
    """make run starts web, workers and beat at once; each finds no Redis. Only one may
    start it: a second redis-server would take the socket over and orphan the first."""
    import os
    import signal

    import redis

    directory = tmp_path / "r"
    code = (
        "import sys; from pathlib import Path; from judicial_account import embedded;"
        "embedded.REDIS_DIR = Path(sys.argv[1]); print(embedded.redis_url())"
    )
    starters = [
        subprocess.Popen(  # noqa: S603 - this interpreter, a fixed script
            [sys.executable, "-c", code, str(directory)], cwd=BASE, stdout=subprocess.PIPE
        )
        for _ in range(4)
    ]
    urls = {starter.communicate(timeout=60)[0].decode().strip() for starter in starters}
    socket = directory / "redis.sock"
    servers = subprocess.run(
        ["pgrep", "-f", f"unixsocket:{socket}"], capture_output=True, text=True
    ).stdout.split()
    try:
        assert urls == {f"unix://{socket}"}
        assert len(servers) == 1
    finally:
        try:
            redis.Redis(unix_socket_path=str(socket)).shutdown(nosave=True)
        except redis.exceptions.ConnectionError:
            pass
        for pid in servers:
            try:
                os.kill(int(pid), signal.SIGTERM)
            except ProcessLookupError:
                pass
