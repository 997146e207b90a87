"""The real ASGI server (uvicorn, as `make run` and the ws container start it) speaks
websockets: a missing protocol library shows up here, not in production."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

BASE = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def uvicorn_url():
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "judicial_account.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
        ],
        cwd=BASE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://{url}/healthz", timeout=2)  # noqa: S310
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail(server.stderr.read().decode()[-2000:])
            time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(timeout=15)


def test_http_is_served(uvicorn_url):
    with urllib.request.urlopen(f"http://{uvicorn_url}/healthz", timeout=10) as response:  # noqa: S310
        assert response.status == 200


def test_websocket_upgrade_reaches_the_consumer(uvicorn_url):
    # Anonymous: the consumer itself refuses before accepting, which the server turns into
    # a 403 handshake answer (without a websocket library it would answer 400 instead).
    with pytest.raises(InvalidStatus) as refused:
        connect(
            f"ws://{uvicorn_url}/ws/notifications/", origin=f"http://{uvicorn_url}", open_timeout=10
        )
    assert refused.value.response.status_code == 403


def test_websocket_from_foreign_origin_refused(uvicorn_url):
    with pytest.raises(InvalidStatus) as refused:
        connect(
            f"ws://{uvicorn_url}/ws/notifications/", origin="http://evil.example", open_timeout=10
        )
    assert refused.value.response.status_code == 403
