"""Serve the portal with gunicorn (WSGI) and with uvicorn (ASGI) and load it with wrk.

Each server runs as a child process of this script on 127.0.0.1 (WSGI on 8101, ASGI on
8102) with production-like settings (DEBUG off, whitenoise manifest static files, no SSL
redirect). For every round, every server configuration is started, answers /healthz,
gets a short warm-up per endpoint, then one measured wrk run per endpoint, and is stopped
again; rounds alternate the servers so that drift on a shared machine hits all of them
alike. The report is the median of the rounds. wrk sends "Connection: close" (a new TCP
connection per request, as gunicorn's sync worker and nginx's default upstream do), except
for the "+keepalive" configuration.

    .venv/bin/python bench/serve_wsgi_vs_asgi.py              # the default matrix
    .venv/bin/python bench/serve_wsgi_vs_asgi.py --help       # knobs

Only the standard library is used here and in benchlib (the code the benchmarks share);
the servers, collectstatic and the database connection sampler run as subprocesses with the
project's interpreter. Every child is stopped by its own pid (SIGTERM, then SIGKILL after a
timeout) on success, on error, on Ctrl-C and on SIGTERM/SIGHUP.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import importlib.metadata
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import benchlib
from benchlib import BASE_DIR, BIN_DIR, HOST

# Where the servers' code comes from: this checkout, or with --ref a `git archive` of one
# commit unpacked in the log folder (set in main).
SOURCE_DIR = BASE_DIR
WSGI_PORT = 8101
ASGI_PORT = 8102

# Settings for every server and helper process started here. Nothing here is a secret:
# the key exists only so that DEBUG=false starts.
BENCH_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "PAYMENTS_CALLBACK_SECRET": "bench-only-payments-callback-secret",
    "ALLOWED_HOSTS": HOST,
    "SECURE_SSL_REDIRECT": "false",
    "DATABASE_CONN_MAX_AGE": "60",
    "DJANGO_SETTINGS_MODULE": "judicial_account.settings",
    "PYTHONUNBUFFERED": "1",
}


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    what: str
    needs_token: bool = False


ENDPOINTS = {
    e.name: e
    for e in [
        Endpoint("healthz", "/healthz", "1 DB query + 1 Redis PING, JSON"),
        Endpoint("home", "/", "template render, no DB for anonymous"),
        Endpoint("login", "/accounts/login/", "GET form render, CSRF cookie"),
        Endpoint("me", "/api/v1/me/", "DRF, token auth = 1 indexed row lookup", True),
    ]
}


@dataclass(frozen=True)
class ServerConfig:
    name: str
    kind: str  # "WSGI" or "ASGI"
    port: int
    env: dict
    note: str
    # wrk sends "Connection: close" unless this is set: gunicorn's sync worker closes every
    # connection anyway, and so does nginx towards its upstream by default.
    keepalive: bool = False

    def command(self) -> list[str]:
        if self.kind == "WSGI":
            return [
                str(BIN_DIR / "gunicorn"),
                "judicial_account.wsgi:application",
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--graceful-timeout",
                "5",
                "--no-control-socket",
            ]
        return [
            str(BIN_DIR / "uvicorn"),
            "judicial_account.asgi:application",
            "--host",
            HOST,
            "--port",
            str(self.port),
            "--workers",
            "2",
            "--no-access-log",
            # Channels' ProtocolTypeRouter has no lifespan handler; "off" keeps the log quiet.
            "--lifespan",
            "off",
            "--timeout-graceful-shutdown",
            "5",
        ]


CONFIGS = {
    c.name: c
    for c in [
        ServerConfig(
            "gunicorn",
            "WSGI",
            WSGI_PORT,
            {"DATABASE_CONN_MAX_AGE": "60"},
            "gunicorn sync, 2 workers, persistent DB connections (CONN_MAX_AGE=60)",
        ),
        ServerConfig(
            "gunicorn+pool",
            "WSGI",
            WSGI_PORT,
            {"DATABASE_POOL": "true"},
            "gunicorn sync, 2 workers, psycopg pool (DATABASE_POOL=true)",
        ),
        ServerConfig(
            "uvicorn",
            "ASGI",
            ASGI_PORT,
            {"DATABASE_CONN_MAX_AGE": "0"},
            "uvicorn, 2 workers, a DB connection per request (CONN_MAX_AGE=0, as Django "
            "advises for ASGI)",
        ),
        ServerConfig(
            "uvicorn+pool",
            "ASGI",
            ASGI_PORT,
            {"DATABASE_POOL": "true"},
            "uvicorn, 2 workers, psycopg pool (DATABASE_POOL=true)",
        ),
        # The same server as "uvicorn", loaded over keep-alive connections. With
        # --workers N uvicorn binds the listening socket itself with proto 0, so asyncio
        # never sets TCP_NODELAY on accepted sockets and every request after the first on
        # a connection waits for the client's delayed ACK (~40 ms on Linux; uvicorn issue
        # #3149). gunicorn's sync worker closes every connection, so it has no such mode.
        ServerConfig(
            "uvicorn+keepalive",
            "ASGI",
            ASGI_PORT,
            {"DATABASE_CONN_MAX_AGE": "0"},
            "as uvicorn, but wrk keeps connections alive (hits uvicorn's missing TCP_NODELAY "
            "with --workers N)",
            keepalive=True,
        ),
        # Not in the default matrix: under ASGI each request runs its sync code in a thread
        # of its own, so each one leaves a persistent connection behind; within seconds the
        # server holds every PostgreSQL slot (max_connections) and other clients of the
        # same database are refused too. Run it only on a database of your own.
        ServerConfig(
            "uvicorn+persistent",
            "ASGI",
            ASGI_PORT,
            {"DATABASE_CONN_MAX_AGE": "60"},
            "uvicorn, 2 workers, CONN_MAX_AGE=60 (exhausts max_connections; opt-in)",
        ),
    ]
}
DEFAULT_CONFIGS = ["gunicorn", "gunicorn+pool", "uvicorn", "uvicorn+pool", "uvicorn+keepalive"]
# WSGI/ASGI pairs that the ratio table compares.
PAIRS = [
    ("gunicorn", "uvicorn"),
    ("gunicorn+pool", "uvicorn+pool"),
    ("gunicorn", "uvicorn+keepalive"),
]


# --- the rest of the machine, and the servers' environment -------------------------------


def settle(limit: float, max_wait: float) -> float:
    """Wait (at most `max_wait` s) until other work on the machine uses under `limit` of
    the CPU (a share of all cores, as --settle-below is given); return the last reading,
    which is recorded with the run."""
    return benchlib.settle(limit, max_wait, benchlib.busy_share)


def _pid_file(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


class InterferenceMeter:
    """How much of the machine went to work that is not this benchmark during one run.

    Ours is this script's process tree (servers, wrk once waited for, the sampler) plus the
    embedded PostgreSQL and Redis that the servers talk to; everything else busy on the
    machine is interference. Other clients of the same PostgreSQL count as ours, so this
    under-reports a little."""

    def __init__(self):
        var = Path(os.environ.get("JA_VAR_DIR", BASE_DIR / "var"))
        self.roots = [os.getpid()]
        if not os.environ.get("DATABASE_URL"):
            self.roots.append(_pid_file(var / "postgres" / "postmaster.pid"))
        if not os.environ.get("REDIS_URL"):
            self.roots.append(_pid_file(var / "redis" / "redis.pid"))
        self.roots = [pid for pid in self.roots if pid]

    def _ours(self) -> int:
        pids = set()
        for root in self.roots:
            pids.add(root)
            pids.update(benchlib.descendants(root))
        return sum(benchlib.process_cpu_ticks(pid) for pid in pids)

    def start(self) -> None:
        self._cpu0, self._ours0 = benchlib.machine_cpu_ticks(), self._ours()

    def stop(self) -> float:
        busy1, total1 = benchlib.machine_cpu_ticks()
        ours1 = self._ours()
        busy0, total0 = self._cpu0
        others = (busy1 - busy0) - (ours1 - self._ours0)
        return max(0.0, others / max(1, total1 - total0))


def child_env(extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_POOL",)}
    # A snapshot (--ref) still uses this checkout's embedded PostgreSQL and Redis.
    env.setdefault("JA_VAR_DIR", str(BASE_DIR / "var"))
    env.update(BENCH_ENV)
    env.update(extra or {})
    return env


def http_get(path: str, port: int, headers: dict | None = None, timeout: float = 5.0):
    request = urllib.request.Request(f"http://{HOST}:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - fixed http://127.0.0.1
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


# --- database connection sampler ---------------------------------------------------------

SAMPLER_CODE = r"""
import sys, time
import django
django.setup()
from django.db import connection
from django.db.utils import OperationalError
printed_version = False
while True:
    try:
        with connection.cursor() as cursor:
            if not printed_version:
                cursor.execute("SHOW server_version")
                print("version", cursor.fetchone()[0], flush=True)
                cursor.execute("SHOW max_connections")
                print("max", cursor.fetchone()[0], flush=True)
                printed_version = True
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
            )
            print("count", cursor.fetchone()[0], flush=True)
    except OperationalError:
        connection.close()
        print("count -1", flush=True)  # the sampler itself was refused or cut off
    time.sleep(0.5)
"""


class ConnectionSampler:
    """Counts other clients of the portal's database twice a second, from a child process
    that keeps one connection of its own, so a run's peak can be read afterwards."""

    def __init__(self, log_dir: Path):
        self.version = "?"
        self.max_connections = 0
        self.current = 0
        self.peak = 0
        self.refused = 0
        self._ready = threading.Event()
        self._lock = threading.Lock()
        with open(log_dir / "sampler.log", "w") as log:
            self.proc = subprocess.Popen(  # noqa: S603 - our own interpreter and code
                [sys.executable, "-c", SAMPLER_CODE],
                cwd=SOURCE_DIR,
                env=child_env({"DATABASE_CONN_MAX_AGE": "600"}),
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                start_new_session=True,
            )
        # Stopped with the servers; its stdout is left to the reader thread below.
        self.child = benchlib.track(
            benchlib.Child("db-sampler", self.proc, log_dir / "sampler.log")
        )
        threading.Thread(target=self._read, daemon=True).start()
        if not self._ready.wait(60):
            raise RuntimeError(f"connection sampler did not start; see {log_dir}/sampler.log")

    def _read(self):
        for line in self.proc.stdout:
            kind, _, value = line.strip().partition(" ")
            with self._lock:
                if kind == "version":
                    self.version = value
                elif kind == "max":
                    self.max_connections = int(value)
                elif kind == "count":
                    count = int(value)
                    if count < 0:
                        self.refused += 1
                    else:
                        self.current = count
                        self.peak = max(self.peak, count)
                    self._ready.set()

    def reset_peak(self) -> None:
        with self._lock:
            self.peak = self.current
            self.refused = 0

    def snapshot(self) -> tuple[int, int, int]:
        with self._lock:
            return self.current, self.peak, self.refused

    def near_limit(self, peak: int) -> bool:
        """Did the database run out of slots for ordinary clients? (+1 is the sampler; 3 are
        PostgreSQL's default superuser_reserved_connections.)"""
        return bool(self.max_connections) and peak + 1 >= self.max_connections - 3

    def stop(self) -> None:
        benchlib.stop_child(self.child, 5)


# --- servers ------------------------------------------------------------------------------


@dataclass
class RunningServer:
    config: ServerConfig
    child: benchlib.Child
    started_in: float


def start_server(config: ServerConfig, log_dir: Path, timeout: float = 60.0) -> RunningServer:
    if not benchlib.port_free(config.port):
        raise RuntimeError(
            f"{HOST}:{config.port} is already in use; this script only uses ports it finds free"
        )
    log_path = log_dir / f"{config.name}.log"
    with open(log_path, "a") as log:
        log.write(f"\n=== {dt.datetime.now(dt.UTC).isoformat()} {' '.join(config.command())}\n")
    began = time.monotonic()
    child = benchlib.spawn(
        config.name, config.command(), child_env(config.env), log_path, cwd=SOURCE_DIR
    )
    try:
        # "start to first 200" in the report: polled every 0.2 s, each probe given 2 s.
        benchlib.wait_healthy(config.port, child, timeout, every=0.2, probe_timeout=2)
    except RuntimeError:
        benchlib.stop_child(child, 15)
        raise
    return RunningServer(config, child, time.monotonic() - began)


def stop_server(server: RunningServer) -> None:
    benchlib.stop_child(server.child, 15)
    deadline = time.monotonic() + 10
    while not benchlib.port_free(server.config.port) and time.monotonic() < deadline:
        time.sleep(0.1)


# --- wrk --------------------------------------------------------------------------------

_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def _to_ms(value: str, unit: str) -> float:
    return float(value) * _UNIT_MS[unit]


def parse_wrk(output: str) -> dict:
    result: dict = {
        "rps": None,
        "latency_ms": {},
        "requests": 0,
        "non_2xx_3xx": 0,
        "socket_errors": {"connect": 0, "read": 0, "write": 0, "timeout": 0},
    }
    if m := re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M):
        result["rps"] = float(m.group(1))
    for m in re.finditer(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.M):
        result["latency_ms"][m.group(1)] = _to_ms(m.group(2), m.group(3))
    if m := re.search(r"^\s+(\d+) requests in", output, re.M):
        result["requests"] = int(m.group(1))
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        result["non_2xx_3xx"] = int(m.group(1))
    if m := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        result["socket_errors"] = dict(
            zip(("connect", "read", "write", "timeout"), map(int, m.groups()), strict=True)
        )
    if result["rps"] is None or "50" not in result["latency_ms"]:
        raise RuntimeError(f"could not read wrk's output:\n{output}")
    return result


def run_wrk(
    args, config: ServerConfig, endpoint: Endpoint, token: str | None, seconds: int
) -> dict:
    command = [
        args.wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if not config.keepalive:
        command += ["-H", "Connection: close"]
    if endpoint.needs_token:
        command += ["-H", f"Authorization: Token {token}"]
    command.append(f"http://{HOST}:{config.port}{endpoint.path}")
    completed = subprocess.run(  # noqa: S603 - wrk against 127.0.0.1 only
        command, capture_output=True, text=True, timeout=seconds + 30, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"wrk failed ({completed.returncode}): {completed.stderr.strip()}")
    return parse_wrk(completed.stdout) | {"raw": completed.stdout}


# --- the benchmark ----------------------------------------------------------------------


@dataclass
class Cell:
    runs: list[dict] = field(default_factory=list)

    def median(self, key: str) -> float:
        if key == "rps":
            return statistics.median(r["rps"] for r in self.runs)
        return statistics.median(r["latency_ms"][key] for r in self.runs)

    def errors(self) -> int:
        return sum(r["non_2xx_3xx"] + sum(r["socket_errors"].values()) for r in self.runs)

    def requests(self) -> int:
        return sum(r["requests"] for r in self.runs)


def litigant_token(port: int) -> str:
    """An API token for the first demo litigant, from the portal's own login API."""
    credentials = json.loads((BASE_DIR / "var/demo/credentials.json").read_text())
    litigant = next(c for c in credentials if c["role"] == "litigant")
    body = json.dumps({"iin": litigant["iin"], "password": litigant["password"]}).encode()
    request = urllib.request.Request(
        f"http://{HOST}:{port}/api/v1/auth/login/",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - 127.0.0.1
        return json.loads(response.read())["token"]


def check_endpoints(port: int, endpoints: list[Endpoint], token: str | None) -> None:
    for endpoint in endpoints:
        headers = {"Authorization": f"Token {token}"} if endpoint.needs_token else {}
        status, body = http_get(endpoint.path, port, headers)
        if status != 200:
            raise RuntimeError(f"GET {endpoint.path} answered {status}: {body[:300]!r}")


def snapshot(ref: str, log_dir: Path) -> tuple[Path, str]:
    """Unpack `git archive` of `ref` into the log folder, so the servers run one fixed commit
    while the checkout goes on changing. Only reads the repository."""
    git = shutil.which("git") or "git"
    sha = subprocess.run(  # noqa: S603 - read-only git
        [git, "-C", str(BASE_DIR), "rev-parse", "--verify", f"{ref}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout.strip()
    target = log_dir / "src"
    target.mkdir()
    archive = subprocess.Popen(  # noqa: S603
        [git, "-C", str(BASE_DIR), "archive", "--format=tar", sha],
        stdout=subprocess.PIPE,
    )
    with tarfile.open(fileobj=archive.stdout, mode="r|") as tar:
        tar.extractall(target, filter="data")
    if archive.wait(timeout=60) != 0:
        raise RuntimeError(f"git archive {sha} failed")
    # The demo credentials and keys live in this checkout's var/demo; the snapshot gets its
    # own var/static from collectstatic below.
    (target / "var").mkdir(exist_ok=True)
    (target / "var" / "demo").symlink_to(BASE_DIR / "var" / "demo")
    # Bundled browser code is built from npm (make), not committed; the checkout's build
    # stands in for it, since only its presence in the static manifest matters here.
    built = BASE_DIR / "static" / "build"
    if built.is_dir() and not (target / "static" / "build").exists():
        shutil.copytree(built, target / "static" / "build")
    print(f"serving commit {sha[:12]} from {target}", flush=True)
    try:
        benchlib.run_child(
            "messages_compile",
            [sys.executable, "manage.py", "messages_compile"],
            child_env(),
            log_dir / "messages.log",
            300,
            cwd=target,
        )
    except RuntimeError:
        print(f"warning: messages_compile failed; see {log_dir}/messages.log", file=sys.stderr)
    return target, sha


def collectstatic(log_dir: Path) -> None:
    print("collectstatic (DEBUG=false needs the whitenoise manifest) ...", flush=True)
    benchlib.run_child(
        "collectstatic",
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        child_env(),
        log_dir / "collectstatic.log",
        600,
        cwd=SOURCE_DIR,
    )


def machine_info(db_version: str, wrk_path: str) -> dict:
    wrk_version = benchlib.run_text([wrk_path, "--version"], timeout=10).splitlines()
    extras = {name: _installed(name) for name in ("uvloop", "httptools", "websockets", "wsproto")}
    info = benchlib.machine_info(
        ["django", "gunicorn", "uvicorn", "psycopg"],
        {"uvicorn_extras": extras, "postgresql": db_version},
    )
    return info | {"wrk": wrk_version[0] if wrk_version else "?"}


def _installed(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def render_markdown(results: dict) -> str:
    args = results["args"]
    configs = results["configs"]
    endpoints = [ENDPOINTS[name] for name in args["endpoints"]]
    cells = results["cells"]
    runs = [
        run
        for per_endpoint in cells.values()
        for cell in per_endpoint.values()
        for run in cell.runs
    ]
    during = [run.get("others_cpu_during", 0.0) for run in runs]
    repeated = sum(len(run.get("discarded_attempts", [])) for run in runs)
    lines = [
        f"wrk -t{args['threads']} -c{args['connections']} -d{args['duration']}s --latency, "
        f"{args['rounds']} rounds, median of the rounds; `Connection: close` except for "
        f"+keepalive; errors = non-2xx/3xx + socket errors over all rounds.",
        "",
        f"Other work on the machine during the counted runs: median "
        f"{statistics.median(during):.0%} of its CPU, worst {max(during):.0%}; {repeated} "
        f"run(s) were measured again because other work took over {args['noisy']:.0%}.",
        "",
        "| endpoint | server | req/s | p50 ms | p99 ms | req/s of each round | errors |",
        "| --- | --- | ---: | ---: | ---: | --- | ---: |",
    ]
    for endpoint in endpoints:
        for name in configs:
            cell = cells[name][endpoint.name]
            each = " / ".join(f"{r['rps']:.0f}" for r in cell.runs)
            lines.append(
                f"| `{endpoint.path}` | {name} | {cell.median('rps'):.0f} | "
                f"{cell.median('50'):.1f} | {cell.median('99'):.1f} | {each} | "
                f"{cell.errors()} |"
            )
    pairs = [(w, a) for w, a in PAIRS if w in configs and a in configs]
    if pairs:
        lines += [
            "",
            "Ratios WSGI/ASGI of the medians (req/s above 1: WSGI serves more; "
            "p99 below 1: WSGI's tail is shorter):",
            "",
        ]
        header = "| endpoint |"
        rule = "| --- |"
        for w, a in pairs:
            header += f" {w}/{a} req/s | {w}/{a} p99 |"
            rule += " ---: | ---: |"
        lines += [header, rule]
        for endpoint in endpoints:
            row = f"| `{endpoint.path}` |"
            for w, a in pairs:
                cw, ca = cells[w][endpoint.name], cells[a][endpoint.name]
                row += (
                    f" {cw.median('rps') / ca.median('rps'):.2f} |"
                    f" {cw.median('99') / ca.median('99'):.2f} |"
                )
            lines.append(row)
    lines += [
        "",
        "| server | what | start to first 200 (s) | RSS, master + workers (MiB) "
        "| peak DB connections |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for name in configs:
        info = results["servers"][name]
        lines.append(
            f"| {name} | {CONFIGS[name].note} | {statistics.median(info['started_in']):.1f} | "
            f"{statistics.median(info['rss_mib']):.0f} | {max(info['db_peak'])}"
            f"{' (max_connections reached)' if info['db_refused'] else ''} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measured run")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per endpoint")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--configs",
        default=",".join(DEFAULT_CONFIGS),
        help=f"comma-separated, from: {', '.join(CONFIGS)}",
    )
    parser.add_argument(
        "--endpoints",
        default=",".join(ENDPOINTS),
        help=f"comma-separated, from: {', '.join(ENDPOINTS)}",
    )
    parser.add_argument(
        "--skip-collectstatic",
        action="store_true",
        help="reuse var/static from an earlier run with DEBUG=false",
    )
    benchlib.add_settle_options(parser, below=0.25, wait=30, share=True)
    parser.add_argument(
        "--noisy",
        type=float,
        default=0.3,
        help="measure a run again when other work took more than this fraction of the "
        "machine's CPU during it ...",
    )
    parser.add_argument(
        "--retries", type=int, default=2, help="... at most this many times per run"
    )
    parser.add_argument(
        "--ref",
        help="serve this commit (unpacked with git archive) instead of the working tree",
    )
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="one more setting for the servers (repeatable)",
    )
    parser.add_argument("--json", type=Path, help="also write every run's numbers here")
    parser.add_argument(
        "--max-minutes", type=float, default=45, help="give up (and clean up) after this long"
    )
    args = parser.parse_args(argv)
    global SOURCE_DIR
    for item in args.env:
        name, sep, value = item.partition("=")
        if not sep or not name:
            parser.error(f"--env wants NAME=VALUE, not {item!r}")
        BENCH_ENV[name] = value

    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    endpoints = [ENDPOINTS[e.strip()] for e in args.endpoints.split(",") if e.strip()]
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        parser.error(f"unknown config(s): {', '.join(unknown)}")
    benchlib.check_bounds(
        parser, args, {"rounds": (1, 9), "duration": (1, 60), "connections": (1, 256)}
    )
    args.wrk = shutil.which("wrk")
    if not args.wrk:
        parser.error("wrk is not installed (Debian: apt-get install -y wrk)")
    for tool in ("gunicorn", "uvicorn"):
        if not (BIN_DIR / tool).exists():
            parser.error(f"{BIN_DIR / tool} is missing; run this with the project's .venv")

    benchlib.handle_signals()
    atexit.register(benchlib.stop_children)
    deadline = time.monotonic() + args.max_minutes * 60
    log_dir = Path(tempfile.mkdtemp(prefix="ja-bench-"))
    print(f"server logs: {log_dir}", flush=True)

    cells = {name: {e.name: Cell() for e in endpoints} for name in configs}
    servers = {
        name: {"started_in": [], "rss_mib": [], "db_peak": [], "db_refused": 0} for name in configs
    }
    token = None
    sampler = None
    source = "working tree"
    try:
        if args.ref:
            SOURCE_DIR, sha = snapshot(args.ref, log_dir)
            source = f"commit {sha[:12]} (git archive)"
        if not args.skip_collectstatic or args.ref:
            collectstatic(log_dir)
        sampler = ConnectionSampler(log_dir)
        meter = InterferenceMeter()
        for round_no in range(1, args.rounds + 1):
            for name in configs:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"--max-minutes {args.max_minutes} reached")
                config = CONFIGS[name]
                baseline = sampler.snapshot()[0]
                server = start_server(config, log_dir)
                try:
                    if token is None and any(e.needs_token for e in endpoints):
                        token = litigant_token(config.port)
                    check_endpoints(config.port, endpoints, token)
                    servers[name]["started_in"].append(server.started_in)
                    rss = 0.0
                    sampler.reset_peak()
                    for endpoint in endpoints:
                        attempts = []
                        while True:
                            background = settle(args.settle_below, args.settle_wait)
                            if args.warmup:
                                run_wrk(args, config, endpoint, token, args.warmup)
                            meter.start()
                            result = run_wrk(args, config, endpoint, token, args.duration)
                            result["others_cpu_before"] = round(background, 3)
                            result["others_cpu_during"] = round(meter.stop(), 3)
                            attempts.append(result)
                            if (
                                result["others_cpu_during"] <= args.noisy
                                or len(attempts) > args.retries
                            ):
                                break
                            print(
                                f"round {round_no}/{args.rounds} {name:<14} {endpoint.path:<18} "
                                f"other work took {result['others_cpu_during']:.0%} of the "
                                f"CPU during the run; measuring again",
                                flush=True,
                            )
                        # The last attempt counts; the earlier ones are kept in the JSON.
                        result["discarded_attempts"] = attempts[:-1]
                        cells[name][endpoint.name].runs.append(result)
                        rss = max(rss, benchlib.tree_rss_mib(server.child.proc.pid))
                        errors = result["non_2xx_3xx"] + sum(result["socket_errors"].values())
                        print(
                            f"round {round_no}/{args.rounds} {name:<14} {endpoint.path:<18} "
                            f"{result['rps']:8.1f} req/s  p50 {result['latency_ms']['50']:7.1f}"
                            f" ms  p99 {result['latency_ms']['99']:7.1f} ms"
                            f"  (others' CPU during: {result['others_cpu_during']:.0%})"
                            f"{f'  errors {errors}' if errors else ''}",
                            flush=True,
                        )
                    _, peak, refused = sampler.snapshot()
                    servers[name]["rss_mib"].append(rss)
                    servers[name]["db_peak"].append(max(0, peak - baseline))
                    servers[name]["db_refused"] += refused + sampler.near_limit(peak)
                finally:
                    stop_server(server)
    except KeyboardInterrupt:
        print("\ninterrupted; stopping the servers", file=sys.stderr)
        return 130
    finally:
        with benchlib.ctrl_c_ignored():
            benchlib.stop_children()

    results = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": benchlib.command_line(__file__),
        "source": source,
        "machine": machine_info(sampler.version if sampler else "?", args.wrk),
        "args": {
            "rounds": args.rounds,
            "duration": args.duration,
            "warmup": args.warmup,
            "threads": args.threads,
            "connections": args.connections,
            "noisy": args.noisy,
            "endpoints": [e.name for e in endpoints],
        },
        "configs": configs,
        "cells": cells,
        "servers": servers,
    }
    markdown = render_markdown(results)
    machine = results["machine"]
    print(
        f"\n{results['date']}  {machine['nproc']} CPUs ({machine['cpu']}), "
        f"{machine['memory_gib']} GiB, Python {machine['python']}, Django {machine['django']}, "
        f"gunicorn {machine['gunicorn']}, uvicorn {machine['uvicorn']}, "
        f"PostgreSQL {machine['postgresql']}; served: {source} (checkout at "
        f"{machine['commit']} +{machine['uncommitted_files']} uncommitted files)\n"
    )
    print(markdown)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        serialisable = results | {
            "cells": {n: {e: c.runs for e, c in per.items()} for n, per in cells.items()}
        }
        args.json.write_text(json.dumps(serialisable, indent=2, ensure_ascii=False) + "\n")
        print(f"\nevery run: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
