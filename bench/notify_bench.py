"""Notices: fan-out of one notice to 1,000 people, and websocket delivery latency.

    .venv/bin/python bench/notify_bench.py            # 3 rounds, 1,000 users, 500 sockets
    .venv/bin/python bench/notify_bench.py --help     # knobs

Everything runs on this machine against a database of its own,
`judicial_account_bench_notify`, on the embedded PostgreSQL server (dropped and re-created
at the start, dropped at the end unless --keep), and on Redis logical databases 24-27 of
the embedded Redis (flushed at the start and at the end). The developer's database and
queues are never touched. Only 127.0.0.1 is ever connected to.

Processes, all children of this script, each stopped by its pid (SIGTERM, then SIGKILL)
on success, error, Ctrl-C, SIGTERM and SIGHUP:

- `manage.py migrate` against the bench database;
- the sender: this file run as `notify_bench.py _sender`, one Django process (like a
  Celery worker or a WSGI worker) that creates the users and their sessions, then calls
  notifications.services.notify() when told to, over a line protocol on its stdin/stdout;
- uvicorn, 1 worker, `--ws websockets-sansio`, serving judicial_account.asgi:application
  on 127.0.0.1 with DATABASE_CONN_MAX_AGE=0 (Django's advice under ASGI).

This process is the websocket side: one asyncio event loop holding every connection
(`websockets` client library, the `sessionid` cookie of a session created in the bench
database and `Origin: http://127.0.0.1:<port>`, as a browser sends them).

(a) Fan-out: notify() called for each of 1,000 recipients in one process, as a service
that tells everyone about one event does. Each call stores the notice (its own
transaction) and, on commit, publishes it to the recipient's group "user.<id>". Measured
twice per round: with no websocket open (time to store and publish all 1,000), and with
200 of the 1,000 connected (every 5th recipient, so the last one is near the end of the
loop): time from the first call until every connected client has its push.

(b) Latency: 500 users connected; the sender notifies each of them once, one notice every
--interval seconds (an open-loop schedule, so notices do not queue behind each other). It
records CLOCK_MONOTONIC just before notify() and puts it in the title; the client records
CLOCK_MONOTONIC when the message comes out of its connection. Both processes read the
same system-wide clock, so receive - send is the latency: store + commit + publish to
Redis + channels_redis -> uvicorn -> consumer -> socket -> client.

The figures count only if every connected client got exactly its own notice, once, and the
database holds exactly one row per recipient and notice; otherwise the script exits 1.
Between (a) and (b) the clients leave a few at a time. After (b), outside the figures,
all clients leave at the same moment; the script counts what uvicorn logged then and the
group memberships left behind in Redis (each disconnect() runs group_discard at once, and
redis-py's asyncio pool allows 100 connections by default).
The report is printed and written, with the machine and the command, to
bench/results/notify.md and notify.json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import itertools
import json
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import benchlib
from benchlib import BIN_DIR, HOST

DEFAULT_PORT = 8112  # filing_bench uses 8111
# Nothing below is a secret: the values exist only in the bench's own processes.
SECRET_KEY = "notify-bench-only-secret-key-7d1e3c5a9b2f4e6d8c0a1b3d5f7e9a2c"  # noqa: S105
PAYMENTS_SECRET = "notify-bench-only-payments-callback-secret"  # noqa: S105
SANDBOX = benchlib.Sandbox(
    name="notify-bench",
    database="judicial_account_bench_notify",
    first_redis_db=24,
    secret_key=SECRET_KEY,
    payments_secret=PAYMENTS_SECRET,
    own_prefixes=("NOTIFICATIONS_",),
    own_names=frozenset({"LANGUAGE_CODE"}),
)
BENCH_DB = SANDBOX.database
REDIS_DBS = SANDBOX.redis_dbs
REPLY_PREFIX = "@@notify-bench "  # the sender's replies; anything else on its stdout is noise
NOTICE_KIND = "bench"


# --- the sender: a Django process that calls notify() (`notify_bench.py _sender`) ----------


def sender_main() -> int:
    """Answer one JSON request per stdin line with one reply line on stdout."""
    replies = sys.stdout
    sys.stdout = sys.stderr  # a stray print() must not break the protocol
    import django

    django.setup()
    from django.conf import settings

    if (
        settings.DATABASES["default"]["NAME"] != BENCH_DB
        or settings.REDIS_DB_CHANNELS != REDIS_DBS["REDIS_DB_CHANNELS"]
    ):
        raise SystemExit(f"refusing to run outside {BENCH_DB} and Redis DBs 24-27")
    handlers = {"setup": _sender_setup, "fanout": _sender_fanout, "paced": _sender_paced}
    for line in sys.stdin:
        request = json.loads(line)
        if request["op"] == "quit":
            break
        try:
            reply = {"ok": True, **handlers[request["op"]](request)}
        except Exception as error:  # reported to the main process, which stops the run
            reply = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        replies.write(REPLY_PREFIX + json.dumps(reply) + "\n")
        replies.flush()
    return 0


def _sender_setup(request: dict) -> dict:
    """Bench users (IINs built for the purpose, no password) and one logged-in database
    session each, as django.contrib.auth.login() would leave it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import transaction

    from judicial_account.accounts.identifiers import make_iin
    from judicial_account.accounts.models import Language, Role, User

    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    people = []
    for number in range(request["users"]):
        born = dt.date(1950, 1, 1) + dt.timedelta(days=number)  # one person per birthday
        user = User(
            iin=make_iin(born, female=number % 2 == 1, serial=4100),
            last_name=f"Нагрузкин{number}",
            first_name="Тест",
            role=Role.LITIGANT,
            language=Language.RU,
        )
        user.set_unusable_password()
        people.append(user)
    with transaction.atomic():
        User.objects.bulk_create(people, batch_size=500)
    backend = settings.AUTHENTICATION_BACKENDS[0]
    sessions = []
    for user in people:
        store = store_class()
        store[SESSION_KEY] = user._meta.pk.value_to_string(user)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions.append([user.pk, store.session_key])
    return {"sessions": sessions, "cookie": settings.SESSION_COOKIE_NAME}


def _sender_users(ids: list[int]) -> list:
    from judicial_account.accounts.models import User

    by_pk = User.objects.in_bulk(ids)
    return [by_pk[pk] for pk in ids]


def _sender_fanout(request: dict) -> dict:
    """One notice to every recipient, back to back (the recipients are loaded first)."""
    from notifications.services import notify

    tag = request["tag"]
    users = _sender_users(request["users"])
    starts = []
    started = time.monotonic_ns()
    for user in users:
        starts.append(time.monotonic_ns())
        notify(
            recipient=user,
            kind=NOTICE_KIND,
            title=f"bench {tag} 0",
            body="Судебное извещение (нагрузочный тест).",
            idempotency_key=f"bench-{tag}",
        )
    ended = time.monotonic_ns()
    return {
        "start_ns": started,
        "end_ns": ended,
        "sent": [[user.pk, at] for user, at in zip(users, starts, strict=True)],
    }


def _sender_paced(request: dict) -> dict:
    """One notice per recipient, one every `interval` s; each title carries the send
    time (CLOCK_MONOTONIC, ns) read just before notify()."""
    from notifications.services import notify

    tag = request["tag"]
    users = _sender_users(request["users"])
    step = int(request["interval"] * 1e9)
    first = time.monotonic_ns() + 50_000_000
    rows, late = [], 0
    for index, user in enumerate(users):
        wait = first + index * step - time.monotonic_ns()
        if wait > 0:
            time.sleep(wait / 1e9)
        elif -wait > step:
            late += 1  # the previous calls took longer than the interval
        sent = time.monotonic_ns()
        notification = notify(
            recipient=user,
            kind=NOTICE_KIND,
            title=f"bench {tag} {sent}",
            body="Судебное извещение (нагрузочный тест).",
            idempotency_key=f"bench-{tag}",
        )
        rows.append([user.pk, notification.pk, sent, time.monotonic_ns()])
    return {"rows": rows, "late": late}


# --- the sender's other end --------------------------------------------------------------


class Sender:
    """The main process's end of the sender's line protocol."""

    def __init__(self, child: benchlib.Child) -> None:
        self.child = child
        self.lock = threading.Lock()

    def call(self, request: dict) -> dict:
        proc = self.child.proc
        with self.lock:
            try:
                proc.stdin.write(json.dumps(request) + "\n")
                proc.stdin.flush()
            except (OSError, ValueError) as error:
                raise RuntimeError(f"sender gone ({error}); see {self.child.log}") from error
            while True:
                try:
                    line = proc.stdout.readline()
                except (OSError, ValueError) as error:
                    raise RuntimeError(f"sender gone ({error})") from error
                if not line:
                    raise RuntimeError(f"the sender exited; see {self.child.log}")
                if line.startswith(REPLY_PREFIX):
                    reply = json.loads(line[len(REPLY_PREFIX) :])
                    break
        if not reply.pop("ok"):
            raise RuntimeError(f"sender {request['op']}: {reply['error']}; see {self.child.log}")
        return reply


# --- the machine ---------------------------------------------------------------------------


def other_test_runs() -> int:
    """Processes running pytest on this machine (someone else's tests), to note them."""
    count = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            with contextlib.suppress(OSError):
                if b"pytest" in (entry / "cmdline").read_bytes():
                    count += 1
    return count


def raise_open_files(needed: int) -> dict:
    """Lift the soft RLIMIT_NOFILE (inherited by uvicorn) to at least `needed`."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        if hard != resource.RLIM_INFINITY and hard < needed:
            raise SystemExit(f"open-files hard limit {hard} < {needed} needed; lower --clients")
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
    return {"before": soft, "now": resource.getrlimit(resource.RLIMIT_NOFILE)[0], "hard": hard}


# --- statistics ----------------------------------------------------------------------------


def spread(values: list[float]) -> dict:
    return {
        "p50": round(benchlib.quantile(values, 0.5), 2),
        "p95": round(benchlib.quantile(values, 0.95), 2),
        "max": round(max(values), 2) if values else None,
        "n": len(values),
    }


# --- websocket clients ----------------------------------------------------------------------


class Clients:
    """Every bench websocket, on this process's one event loop. Each message is stamped
    with CLOCK_MONOTONIC as soon as the connection hands it over and filed under the
    notice's tag (the second word of the title)."""

    def __init__(self, port: int, sessions: dict[int, str], cookie: str) -> None:
        self.port = port
        self.sessions = sessions
        self.cookie = cookie
        self.open: dict[int, object] = {}
        self.readers: dict[int, asyncio.Task] = {}
        self.inbox: dict[str, dict[int, list[tuple[int, dict]]]] = {}
        self.expected: dict[str, tuple[int, asyncio.Event]] = {}
        self.unparsed = 0
        self.dropped: list[str] = []
        self.closing = False

    async def connect(self, users: list[int], concurrency: int, timeout: float) -> dict:
        import websockets
        from websockets.asyncio.client import connect

        gate = asyncio.Semaphore(concurrency)
        handshakes: list[float] = []
        errors: list[str] = []
        url = f"ws://{HOST}:{self.port}/ws/notifications/"

        async def one(user: int) -> None:
            async with gate:
                started = time.perf_counter()
                try:
                    socket_ = await connect(
                        url,
                        origin=f"http://{HOST}:{self.port}",
                        additional_headers={"Cookie": f"{self.cookie}={self.sessions[user]}"},
                        proxy=None,  # never through a proxy from the environment
                        ping_interval=None,  # browsers do not ping; uvicorn does
                        open_timeout=timeout,
                    )
                except (OSError, TimeoutError, websockets.exceptions.WebSocketException) as err:
                    errors.append(f"user {user}: {type(err).__name__}: {err}")
                    return
                handshakes.append((time.perf_counter() - started) * 1000)
                self.open[user] = socket_
                self.readers[user] = asyncio.create_task(self._read(user, socket_))

        started = time.perf_counter()
        await asyncio.gather(*(one(user) for user in users if user not in self.open))
        return {
            "wanted": len(users),
            "connected": len(handshakes),
            "seconds": round(time.perf_counter() - started, 2),
            "handshake_ms": spread(handshakes),
            "concurrency": concurrency,
            "errors": errors[:20],
            "error_count": len(errors),
        }

    async def _read(self, user: int, socket_) -> None:
        import websockets

        try:
            async for message in socket_:
                received = time.monotonic_ns()
                try:
                    data = json.loads(message)
                    tag = data["title"].split(" ")[1]
                except (ValueError, TypeError, KeyError, IndexError, AttributeError):
                    self.unparsed += 1
                    continue
                box = self.inbox.setdefault(tag, {})
                box.setdefault(user, []).append((received, data))
                wanted = self.expected.get(tag)
                if wanted is not None and len(box) >= wanted[0]:
                    wanted[1].set()
        except websockets.exceptions.ConnectionClosed as error:
            if not self.closing:
                self.dropped.append(f"user {user}: {error}")
            return
        if not self.closing:
            self.dropped.append(f"user {user}: closed by the server ({socket_.close_code})")

    def expect(self, tag: str, count: int) -> asyncio.Event:
        """Register before sending: the event is set once `count` clients got `tag`."""
        event = asyncio.Event()
        self.expected[tag] = (count, event)
        if count == 0:
            event.set()
        return event

    async def close_all(self, concurrency: int | None = None) -> float:
        """Close every socket, `concurrency` at a time (all at once if None); return the
        seconds it took."""
        self.closing = True
        started = time.perf_counter()
        gate = asyncio.Semaphore(concurrency or max(1, len(self.open)))

        async def one(socket_) -> None:
            async with gate:
                await socket_.close()

        sockets = list(self.open.values())
        if sockets:
            await asyncio.wait([asyncio.create_task(one(s)) for s in sockets], timeout=60)
        seconds = time.perf_counter() - started
        for task in self.readers.values():
            task.cancel()
        await asyncio.gather(*self.readers.values(), return_exceptions=True)
        self.open.clear()
        self.readers.clear()
        self.closing = False
        return seconds


async def in_thread(function, *args, timeout: float):
    """Run a blocking call in a daemon thread (never blocks interpreter exit), so this
    event loop keeps reading the sockets meanwhile."""
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def settle(result, error) -> None:
        if not future.done():
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(result)

    def run() -> None:
        try:
            result, error = function(*args), None
        except BaseException as caught:  # handed to the awaiting coroutine
            result, error = None, caught
        with contextlib.suppress(RuntimeError):  # the loop is gone: nobody waits any more
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=run, daemon=True, name="sender-call").start()
    try:
        return await asyncio.wait_for(future, timeout)
    except TimeoutError as error:
        raise RuntimeError(f"the sender did not answer within {timeout:.0f} s") from error


# --- what the server logged, and what Redis holds ------------------------------------------


def server_errors(log: Path, offset: int) -> tuple[dict[str, int], int]:
    """Exceptions uvicorn logged after `offset`, as {"<consumer method>: <exception>":
    count}; and the new offset."""
    text, end = benchlib.log_since(log, offset)
    found: dict[str, int] = {}
    for block in text.split("Traceback (most recent call last):")[1:]:
        lines = [line for line in block.splitlines() if line.strip()]
        where = "?"
        for line in lines:
            stripped = line.strip()
            if stripped.startswith('File "') and "/notifications/consumers.py" in stripped:
                where = stripped.rsplit(" in ", 1)[-1]
        failure = next(
            (
                line.split(":", 1)[0]
                for line in lines
                if not line.startswith(" ") and not line.startswith("During handling")
            ),
            "?",
        )
        key = f"{where}: {failure}"
        found[key] = found.get(key, 0) + 1
    return found, end


def group_members(url: str) -> int:
    """Channels still listed in any websocket group (channels_redis keeps groups as sorted
    sets named asgi:group:<name>); with every client gone this should be 0."""
    client = benchlib.redis_client(url, REDIS_DBS["REDIS_DB_CHANNELS"])
    try:
        return sum(client.zcard(key) for key in client.scan_iter(match="asgi:group:*"))
    finally:
        client.close()


# --- measuring -------------------------------------------------------------------------------


@dataclass
class Phase:
    """One measured sending: the sender's reply, what each client received (user ->
    [(CLOCK_MONOTONIC ns, message)]), the machine's load before it, and CPU readings
    before the request, when the sender answered and when the clients had theirs."""

    reply: dict
    box: dict[int, list[tuple[int, dict]]]
    background: float
    pytest_runs: int
    before: dict
    answered: dict
    after: dict


@dataclass
class Run:
    args: argparse.Namespace
    sender: Sender
    uvicorn: benchlib.Child
    clients: Clients
    database: benchlib.Database
    users: list[int]
    deadline: float
    warnings: list[str]
    redis_url: str

    def check_deadline(self) -> None:
        if time.monotonic() > self.deadline:
            raise RuntimeError("--max-minutes reached")

    def remaining(self, seconds: float) -> float:
        """`seconds`, or less if --max-minutes ends sooner."""
        return max(1.0, min(seconds, self.deadline - time.monotonic()))

    def snapshot(self) -> dict:
        # One process each (uvicorn runs one worker in its own process), so no tree is
        # walked in /proc at the moment the measured window opens or closes.
        return benchlib.cpu_reading(
            uvicorn=benchlib.process_cpu_seconds(self.uvicorn.proc.pid),
            sender=benchlib.process_cpu_seconds(self.sender.child.proc.pid),
            clients=time.process_time(),
        )

    @staticmethod
    def cores(before: dict, after: dict) -> dict:
        return {k: round(v, 2) for k, v in benchlib.cores_used(before, after).items()}

    async def settle(self) -> float:
        """Wait (at most --settle-wait s) until the machine, our idle servers included,
        uses fewer than --settle-below cores; return the last one-second reading."""
        deadline = time.monotonic() + self.args.settle_wait
        while True:
            before = benchlib.machine_busy_seconds()
            await asyncio.sleep(1)  # not benchlib.settle(): the sockets are read meanwhile
            busy = benchlib.machine_busy_seconds() - before
            if busy < self.args.settle_below or time.monotonic() > deadline:
                return round(busy, 2)

    def uvicorn_rss_mib(self) -> float:
        return round(benchlib.process_rss_kib(self.uvicorn.proc.pid) / 1024, 1)

    async def connect(self, label: str, users: list[int]) -> dict:
        """Open a websocket for each of `users`; stop the run if any fails."""
        print(f"{label} connecting {len(users)} clients ...", flush=True)
        opened = await self.clients.connect(users, self.args.connect_concurrency, self.args.timeout)
        print(f"  {opened}", flush=True)
        if opened["error_count"]:
            raise RuntimeError(f"websocket connections failed: {opened['errors']}")
        return opened

    def stored(self, tag: str) -> int:
        (count,) = self.database.query(
            "SELECT count(*) FROM notifications_notification WHERE idempotency_key = %s",
            (f"bench-{tag}",),
        )[0]
        return count

    async def phase(self, tag: str, expected: int, request: dict, timeout: float) -> Phase:
        """What (a) and (b) share: wait for a quiet machine, send `request` (a notice or
        many, all tagged `tag`) to the sender, wait until `expected` clients have theirs,
        then a moment longer for duplicates."""
        self.check_deadline()
        background = await self.settle()
        pytest_runs = other_test_runs()
        arrived = self.clients.expect(tag, expected)
        before = self.snapshot()
        reply = await in_thread(
            self.sender.call, {**request, "tag": tag}, timeout=self.remaining(timeout)
        )
        answered = self.snapshot()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(arrived.wait(), self.remaining(self.args.timeout))
        after = self.snapshot()
        await asyncio.sleep(self.args.quiet)  # let duplicates, if any, arrive
        return Phase(
            reply=reply,
            box=self.clients.inbox.get(tag, {}),
            background=background,
            pytest_runs=pytest_runs,
            before=before,
            answered=answered,
            after=after,
        )

    async def fanout(self, tag: str, connected: list[int]) -> dict:
        """notify() for every bench user; wait for every connected client's push."""
        phase = await self.phase(
            tag,
            len(connected),
            {"op": "fanout", "users": self.users},
            self.args.timeout + len(self.users),
        )
        reply, box = phase.reply, phase.box
        start, end = reply["start_ns"], reply["end_ns"]
        sent_at = dict(reply["sent"])
        calls = [b - a for (_, a), (_, b) in itertools.pairwise(reply["sent"])]
        calls.append(end - reply["sent"][-1][1])
        got = [box[user][0][0] for user in connected if user in box]
        result = {
            "tag": tag,
            "recipients": len(self.users),
            "connected": len(connected),
            "loop_s": round((end - start) / 1e9, 3),
            "notices_per_s": round(len(self.users) / ((end - start) / 1e9), 1),
            "call_ms": spread([c / 1e6 for c in calls]),
            "calls_over_100ms": sum(1 for c in calls if c > 100_000_000),
            "delivered": len(got),
            "duplicates": sum(len(box[u]) - 1 for u in box),
            "strangers": len(set(box) - set(connected)),
            "stored": self.stored(tag),
            "background_cores": phase.background,
            "pytest_processes": phase.pytest_runs,
            "cpu_cores_loop": self.cores(phase.before, phase.answered),
        }
        if connected:
            result.update(
                all_delivered_s=round((max(got) - start) / 1e9, 3) if got else None,
                first_delivered_s=round((min(got) - start) / 1e9, 3) if got else None,
                last_after_loop_ms=round((max(got) - end) / 1e6, 1) if got else None,
                push_latency_ms=spread(
                    [(box[u][0][0] - sent_at[u]) / 1e6 for u in connected if u in box]
                ),
                cpu_cores_until_delivered=self.cores(phase.before, phase.after),
            )
        return result

    async def paced(self, tag: str, order: list[int]) -> dict:
        """One notice to each user in `order`, every --interval s; latency per notice."""
        interval = self.args.interval
        phase = await self.phase(
            tag,
            len(order),
            {"op": "paced", "users": order, "interval": interval},
            self.args.timeout + len(order) * (interval + 1),
        )
        reply, box = phase.reply, phase.box
        latency, after_return, calls, wrong = [], [], [], 0
        step = int(interval * 1e9)
        first = reply["rows"][0][2]
        lag = max(row[2] - (first + index * step) for index, row in enumerate(reply["rows"]))
        for user, notification, sent, returned in reply["rows"]:
            calls.append((returned - sent) / 1e6)
            if user in box:
                received, data = box[user][0]
                latency.append((received - sent) / 1e6)
                after_return.append((received - returned) / 1e6)
                wrong += data.get("id") != notification or data["title"].split(" ")[2] != str(sent)
        return {
            "tag": tag,
            "notices": len(order),
            "received": len(latency),
            "missing": len(order) - len(latency),
            "duplicates": sum(len(box[u]) - 1 for u in box),
            "strangers": len(set(box) - set(order)),
            "wrong_payload": wrong,
            "stored": self.stored(tag),
            "latency_ms": spread(latency),
            "after_notify_returned_ms": spread(after_return),
            "notify_call_ms": spread(calls),
            "sender_fell_behind": reply["late"],
            "sender_max_lag_ms": round(lag / 1e6, 1),
            "calls_over_100ms": sum(1 for c in calls if c > 100),
            "seconds": round(phase.after["t"] - phase.before["t"], 2),
            "background_cores": phase.background,
            "pytest_processes": phase.pytest_runs,
            "cpu_cores": self.cores(phase.before, phase.after),
            "latency_ms_raw": [round(x, 3) for x in latency],
        }


async def measure(run: Run) -> dict:
    args, clients, users = run.args, run.clients, run.users
    step = max(1, len(users) // args.fanout_clients)
    fan_clients = users[::step][: args.fanout_clients]
    out: dict = {"fanout_connected_users": f"every {step}th of {len(users)} (by id)"}

    print("(a) fan-out, no websocket open: warm-up, then rounds ...", flush=True)
    await run.fanout("warm-a1", [])
    quiet_rounds = []
    for number in range(1, args.rounds + 1):
        item = await run.fanout(f"a1-r{number}", [])
        item["round"] = number
        quiet_rounds.append(item)
        print(
            f"  round {number}: {item['stored']}/{item['recipients']} stored and published in "
            f"{item['loop_s']:.2f} s ({item['notices_per_s']:.0f}/s), notify() p50 "
            f"{item['call_ms']['p50']:.1f} ms; other work before {item['background_cores']}",
            flush=True,
        )
    out["fanout_no_clients"] = quiet_rounds

    out["connect_fanout"] = await run.connect("(a)", fan_clients)
    await run.fanout("warm-a2", fan_clients)
    live_rounds = []
    for number in range(1, args.rounds + 1):
        item = await run.fanout(f"a2-r{number}", fan_clients)
        item["round"] = number
        live_rounds.append(item)
        print(
            f"  round {number}: loop {item['loop_s']:.2f} s; {item['delivered']}/"
            f"{item['connected']} pushes, all in by {item['all_delivered_s']} s "
            f"(+{item['last_after_loop_ms']} ms after the loop); dup {item['duplicates']}",
            flush=True,
        )
    out["fanout_with_clients"] = live_rounds
    out["uvicorn_rss_mib_fanout"] = run.uvicorn_rss_mib()
    # As people leave, a few at a time: a burst is looked at separately at the end.
    await clients.close_all(args.connect_concurrency)
    await asyncio.sleep(1)
    out["group_members_after_fanout_clients_left"] = group_members(run.redis_url)

    latency_users = users[: args.clients]
    out["connect_latency"] = await run.connect("(b)", latency_users)
    out["uvicorn_rss_mib_connected"] = run.uvicorn_rss_mib()
    out["open_files_uvicorn"] = len(os.listdir(f"/proc/{run.uvicorn.proc.pid}/fd"))
    await run.paced("warm-b", latency_users[: min(50, len(latency_users))])
    paced_rounds = []
    for number in range(1, args.rounds + 1):
        shift = (number - 1) * len(latency_users) // args.rounds
        order = (latency_users[shift:] + latency_users[:shift])[: args.notices]
        item = await run.paced(f"b-r{number}", order)
        item["round"] = number
        paced_rounds.append(item)
        lat = item["latency_ms"]
        print(
            f"  round {number}: {item['received']}/{item['notices']} received; latency p50 "
            f"{lat['p50']:.1f} ms p95 {lat['p95']:.1f} ms max {lat['max']} ms; notify() p50 "
            f"{item['notify_call_ms']['p50']:.1f} ms; dup {item['duplicates']}, wrong "
            f"{item['wrong_payload']}; CPU {item['cpu_cores']}",
            flush=True,
        )
    out["latency"] = paced_rounds
    out["dropped_connections"] = clients.dropped[:20]
    out["dropped_count"] = len(clients.dropped)
    out["unparsed_messages"] = clients.unparsed
    out["server_errors_measured"], offset = server_errors(run.uvicorn.log, 0)

    # Not part of the figures: every client leaves at the same moment (a network blip, a
    # proxy restart), and each consumer's disconnect() runs group_discard at once.
    count = len(clients.open)
    seconds = await clients.close_all(None)
    await asyncio.sleep(3)
    errors, _ = server_errors(run.uvicorn.log, offset)
    out["burst_close"] = {
        "clients": count,
        "seconds": round(seconds, 2),
        "server_errors": errors,
        "group_members_left": group_members(run.redis_url),
    }
    print(f"(burst) {count} clients closed at once: {out['burst_close']}", flush=True)
    return out


# --- the report --------------------------------------------------------------------------------


_med = benchlib.median_at


def _each(rounds: list[dict], fmt: str, *path: str) -> str:
    return " / ".join(format(value, fmt) for value in benchlib.values_at(rounds, *path))


def render(results: dict) -> str:
    m, a, out = results["machine"], results["args"], results["measured"]
    quiet, live, paced = out["fanout_no_clients"], out["fanout_with_clients"], out["latency"]
    n, k = a["users"], a["fanout_clients"]
    lines = [
        f"# Notices: fan-out to {n:,} recipients and websocket delivery latency",
        "",
        f"{results['date']}, commit {m['commit']} (+{m['uncommitted_files']} uncommitted "
        "files in the working tree).",
        "",
        f"Command: `{results['command']}`",
        "",
        f"Machine: `nproc` {m['nproc']} ({m['cpu']}), {m['memory_gib']} GiB, Linux "
        f"{m['kernel']}; Python {m['python']}, Django {m['django']}, channels "
        f"{m['channels']}, channels-redis {m['channels-redis']}, uvicorn {m['uvicorn']}, "
        f"asgiref {m['asgiref']}, websockets {m['websockets']}, redis-py {m['redis']}, "
        f"psycopg {m['psycopg']}; PostgreSQL {m['postgresql']} (embedded, unix socket), "
        f"Redis {m['redis_server']} (embedded, unix socket).",
        "",
        f"Set-up: database `{BENCH_DB}` (created, migrated, dropped at the end) and Redis "
        "DBs 24-27 on the embedded servers; DEBUG=false. uvicorn, 1 worker, "
        "`--ws websockets-sansio`, asyncio + h11 (no uvloop/httptools installed), "
        f"DATABASE_CONN_MAX_AGE=0, on {HOST}:{a['port']}, serving "
        "`judicial_account.asgi:application`. notify() runs in one separate Django process "
        "(the sender). The websocket clients are one asyncio event loop in the script's "
        f"own process ({a['clients']} connections at most), each with the `sessionid` of "
        "a session created in the bench database and `Origin: http://127.0.0.1:<port>`. "
        f"{n} users. All on the same {m['nproc']} cores. {a['rounds']} rounds; medians "
        "over the rounds.",
        "",
        f"## (a) One notice to {n:,} recipients",
        "",
        f"notify() called for each recipient in turn (each call stores the notice in its "
        "own transaction and publishes it to `user.<id>` on commit). With clients: "
        f"{k} of the {n:,} connected ({out['fanout_connected_users']}).",
        "",
        "| measure | median | each round |",
        "| --- | ---: | --- |",
        f"| no websocket open: {n:,} stored and published (s) | "
        f"{_med(quiet, 'loop_s'):.2f} | {_each(quiet, '.2f', 'loop_s')} |",
        f"| no websocket open: notices per s | {_med(quiet, 'notices_per_s'):.0f} | "
        f"{_each(quiet, '.0f', 'notices_per_s')} |",
        f"| no websocket open: one notify() call, p50 / p95 (ms) | "
        f"{_med(quiet, 'call_ms', 'p50'):.1f} / {_med(quiet, 'call_ms', 'p95'):.1f} | "
        f"{_each(quiet, '.1f', 'call_ms', 'p50')} |",
        f"| {k} connected: {n:,} stored and published (s) | {_med(live, 'loop_s'):.2f} | "
        f"{_each(live, '.2f', 'loop_s')} |",
        f"| {k} connected: every connected client has its push, from the first call (s) | "
        f"{_med(live, 'all_delivered_s'):.2f} | {_each(live, '.2f', 'all_delivered_s')} |",
        f"| {k} connected: last push after the last notify() returned (ms) | "
        f"{_med(live, 'last_after_loop_ms'):.0f} | "
        f"{_each(live, '.0f', 'last_after_loop_ms')} |",
        f"| {k} connected: push latency from that recipient's notify() call, p50 / p95 (ms) | "
        f"{_med(live, 'push_latency_ms', 'p50'):.1f} / "
        f"{_med(live, 'push_latency_ms', 'p95'):.1f} | "
        f"{_each(live, '.1f', 'push_latency_ms', 'p95')} (p95) |",
        f"| pushes received / expected, duplicates | "
        f"{sum(r['delivered'] for r in live)} / {sum(r['connected'] for r in live)}, "
        f"{sum(r['duplicates'] for r in live)} | {_each(live, 'd', 'delivered')} |",
        f"| rows stored / expected (all {2 * a['rounds']} measured fan-outs) | "
        f"{sum(r['stored'] for r in quiet + live)} / "
        f"{sum(r['recipients'] for r in quiet + live)} | |",
        "",
        f"## (b) Delivery latency, {a['clients']} connected clients",
        "",
        f"{a['notices']} notices per round, one to each connected user, one every "
        f"{a['interval'] * 1000:.0f} ms from the sender process. Latency = CLOCK_MONOTONIC when "
        "the client's connection hands over the message - CLOCK_MONOTONIC just before "
        "notify() (carried in the title).",
        "",
        "| round | received | latency p50 (ms) | p95 (ms) | max (ms) | notify() call p50 / p95 "
        "(ms) | from notify() returning to the client, p50 / p95 (ms) | uvicorn CPU (cores) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for item in paced:
        lines.append(
            f"| {item['round']} | {item['received']} / {item['notices']} | "
            f"{item['latency_ms']['p50']:.1f} | {item['latency_ms']['p95']:.1f} | "
            f"{item['latency_ms']['max']:.1f} | {item['notify_call_ms']['p50']:.1f} / "
            f"{item['notify_call_ms']['p95']:.1f} | "
            f"{item['after_notify_returned_ms']['p50']:.1f} / "
            f"{item['after_notify_returned_ms']['p95']:.1f} | {item['cpu_cores']['uvicorn']} |"
        )
    pooled = [x for item in paced for x in item["latency_ms_raw"]]
    lines += [
        f"| **median of rounds** | {sum(r['received'] for r in paced)} / "
        f"{sum(r['notices'] for r in paced)} | **{_med(paced, 'latency_ms', 'p50'):.1f}** | "
        f"**{_med(paced, 'latency_ms', 'p95'):.1f}** | {_med(paced, 'latency_ms', 'max'):.1f} | "
        f"{_med(paced, 'notify_call_ms', 'p50'):.1f} / "
        f"{_med(paced, 'notify_call_ms', 'p95'):.1f} | "
        f"{_med(paced, 'after_notify_returned_ms', 'p50'):.1f} / "
        f"{_med(paced, 'after_notify_returned_ms', 'p95'):.1f} | "
        f"{_med(paced, 'cpu_cores', 'uvicorn'):.2f} |",
        f"| all rounds pooled | {len(pooled)} | {benchlib.quantile(pooled, 0.5):.1f} | "
        f"{benchlib.quantile(pooled, 0.95):.1f} | {max(pooled):.1f} | | | |",
        "",
        "Connections and resources:",
        "",
    ]
    for label, key in (("(a)", "connect_fanout"), ("(b)", "connect_latency")):
        c = out[key]
        lines.append(
            f"- {label} {c['connected']} / {c['wanted']} websockets opened ({c['concurrency']} "
            f"handshakes at a time) in {c['seconds']:.1f} s; handshake (session + user "
            f"lookup, group_add) p50 {c['handshake_ms']['p50']:.0f} ms, p95 "
            f"{c['handshake_ms']['p95']:.0f} ms, max {c['handshake_ms']['max']:.0f} ms."
        )
    lines += [
        f"- uvicorn RSS: {out['uvicorn_rss_mib_fanout']:.0f} MiB with {k} sockets open, "
        f"{out['uvicorn_rss_mib_connected']:.0f} MiB with {a['clients']}; uvicorn had "
        f"{out['open_files_uvicorn']} open files. Open-files limit of this script (inherited "
        f"by uvicorn): {results['open_files_limit']['now']} (was "
        f"{results['open_files_limit']['before']}).",
        f"- Stalls: notify() calls over 100 ms, per round: (a) no websocket "
        f"{_each(quiet, 'd', 'calls_over_100ms')}, (a) connected "
        f"{_each(live, 'd', 'calls_over_100ms')}, (b) {_each(paced, 'd', 'calls_over_100ms')}; "
        f"longest (a) call {max(r['call_ms']['max'] for r in quiet + live):.0f} ms. (b) sender "
        f"behind its schedule by at most {_each(paced, '.0f', 'sender_max_lag_ms')} ms.",
        f"- Exceptions uvicorn logged during the measured phases: "
        f"{out['server_errors_measured'] or 'none'}. Group memberships left in Redis after "
        f"the {k} fan-out clients left ({a['connect_concurrency']} at a time): "
        f"{out['group_members_after_fanout_clients_left']}.",
    ]
    cpu_loop = {
        key: statistics.median(r["cpu_cores_loop"][key] for r in quiet)
        for key in quiet[0]["cpu_cores_loop"]
    }
    cpu_live = {
        key: statistics.median(r["cpu_cores_until_delivered"][key] for r in live)
        for key in live[0]["cpu_cores_until_delivered"]
    }
    cpu_paced = {
        key: statistics.median(r["cpu_cores"][key] for r in paced) for key in paced[0]["cpu_cores"]
    }
    lines += [
        "",
        f"CPU in cores of the {m['nproc']}, medians over the rounds (`rest` = PostgreSQL, "
        "Redis and anything else on the machine):",
        "",
        "| phase | sender (notify) | uvicorn | clients (this script) | rest | whole machine |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, cpu in (
        ("(a) fan-out, no websocket open", cpu_loop),
        (f"(a) fan-out, {k} connected, until all delivered", cpu_live),
        (f"(b) paced notices, {a['clients']} connected", cpu_paced),
    ):
        lines.append(
            f"| {label} | {cpu['sender']:.2f} | {cpu['uvicorn']:.2f} | {cpu['clients']:.2f} | "
            f"{cpu['rest']:.2f} | {cpu['machine']:.2f} |"
        )
    measured = quiet + live + paced
    backgrounds = [r["background_cores"] for r in measured]
    tests = max(r["pytest_processes"] for r in measured)
    lines += [
        "",
        f"Other work on the machine, measured over 1 s just before each round (our servers "
        f"idle): median {statistics.median(backgrounds):.2f} cores, worst "
        f"{max(backgrounds):.2f}. pytest processes of other people seen at a round's start: "
        f"at most {tests}.",
        "",
        f"Check: {results['verification']['summary']} "
        f"**{'OK' if results['verification']['ok'] else 'FAILED'}**.",
    ]
    burst = out["burst_close"]
    lines += [
        "",
        f"Not in the figures: at the end, all {burst['clients']} clients closed at the same "
        f"moment ({burst['seconds']:.1f} s), as after a network blip or a proxy restart. "
        f"Exceptions uvicorn logged: {burst['server_errors'] or 'none'}; group memberships "
        f"left in Redis with no client connected: {burst['group_members_left']} (they "
        "stay until channels_redis' group_expiry, 1 day, and every notice to those people "
        "is also written to their dead channels until then).",
    ]
    if results["warnings"]:
        lines += ["", "Warnings:", ""] + [f"- {w}" for w in results["warnings"]]
    return "\n".join(lines) + "\n"


def verify(out: dict) -> dict:
    quiet, live, paced = out["fanout_no_clients"], out["fanout_with_clients"], out["latency"]
    problems = []
    for item in quiet + live:
        if item["stored"] != item["recipients"]:
            problems.append(f"{item['tag']}: {item['stored']} rows for {item['recipients']}")
    for item in live:
        if item["delivered"] != item["connected"] or item["duplicates"] or item["strangers"]:
            problems.append(
                f"{item['tag']}: {item['delivered']}/{item['connected']} pushes, "
                f"{item['duplicates']} duplicates, {item['strangers']} to others"
            )
    for item in paced:
        if (
            item["received"] != item["notices"]
            or item["stored"] != item["notices"]
            or item["duplicates"]
            or item["strangers"]
            or item["wrong_payload"]
        ):
            problems.append(
                f"{item['tag']}: {item['received']}/{item['notices']} received, "
                f"{item['stored']} stored, {item['duplicates']} duplicates, "
                f"{item['strangers']} to others, {item['wrong_payload']} wrong payloads"
            )
    if out["dropped_count"]:
        problems.append(f"{out['dropped_count']} websockets dropped: {out['dropped_connections']}")
    stored = sum(r["stored"] for r in quiet + live + paced)
    expected = sum(r["recipients"] for r in quiet + live) + sum(r["notices"] for r in paced)
    received = sum(r["delivered"] for r in live) + sum(r["received"] for r in paced)
    wanted = sum(r["connected"] for r in live) + sum(r["notices"] for r in paced)
    summary = (
        f"{stored} of {expected} notices stored (one row per recipient and notice); "
        f"{received} of {wanted} pushes received by connected clients, each exactly once and "
        f"its own; {out['dropped_count']} connections dropped."
    )
    return {"ok": not problems, "problems": problems, "summary": summary}


# --- main -------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--users", type=int, default=1000, help="recipients of the fan-out")
    parser.add_argument("--fanout-clients", type=int, default=200, help="connected in (a)")
    parser.add_argument("--clients", type=int, default=500, help="connected in (b)")
    parser.add_argument("--notices", type=int, default=500, help="(b) notices per round")
    parser.add_argument("--interval", type=float, default=0.02, help="(b) s between notices")
    parser.add_argument("--connect-concurrency", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=60, help="s to wait for pushes")
    parser.add_argument("--quiet", type=float, default=0.5, help="s to wait for duplicates")
    benchlib.add_sandbox_options(parser, port=DEFAULT_PORT, settle_wait=30, max_minutes=20)
    args = parser.parse_args(argv)
    benchlib.check_bounds(
        parser,
        args,
        {
            "rounds": (1, 9),
            "users": (10, 2000),
            # The limits below depend on --users and --clients.
            "fanout_clients": (1, args.users),
            "clients": (1, min(args.users, 1000)),
            "notices": (1, args.clients),
            "interval": (0.001, 1),
            "connect_concurrency": (1, 100),
            "timeout": (1, 600),
            "quiet": (0, 10),
            "max_minutes": (1, 60),
            "port": (1024, 65535),
        },
    )
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not (BIN_DIR / "uvicorn").exists():
        raise SystemExit(f"{BIN_DIR / 'uvicorn'} is missing: run this with the project's .venv")
    if not benchlib.port_free(args.port):
        raise SystemExit(f"{HOST}:{args.port} is taken; pick another --port")
    # Our client sockets, plus uvicorn's (it inherits the limit), with room to spare.
    limits = raise_open_files(2 * args.clients + 1024)
    benchlib.handle_signals()

    work = Path(tempfile.mkdtemp(prefix="ja-notify-bench-"))
    print(f"work folder (logs): {work}", flush=True)
    run = benchlib.BenchRun(SANDBOX, work, keep=args.keep)
    return run.run(lambda: run_bench(args, run, limits))


def run_bench(args: argparse.Namespace, run: benchlib.BenchRun, limits: dict) -> int:
    deadline = time.monotonic() + args.max_minutes * 60
    database = run.open()
    work, redis_url = run.work, run.redis_url

    logs = work / "logs"
    logs.mkdir()
    (work / "static").mkdir()  # STATIC_ROOT; nothing is collected, no page is served
    env = SANDBOX.child_env(
        {
            **SANDBOX.settings(
                socket_dir=run.socket_dir, redis_url=redis_url, port=args.port, work=work
            ),
            "DATABASE_CONN_MAX_AGE": "0",
            "NOTIFICATIONS_BACKEND": "local",
        }
    )
    (work / "env.json").write_text(json.dumps({k: env[k] for k in sorted(env)}, indent=1))

    print("migrate ...", flush=True)
    started = time.monotonic()
    benchlib.run_child(
        "migrate",
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        env,
        logs / "migrate.log",
        600,
    )
    sender = Sender(
        benchlib.spawn(
            "sender",
            [sys.executable, str(Path(__file__).resolve()), "_sender"],
            env,
            logs / "sender.log",
            pipes=True,
        )
    )
    setup = sender.call({"op": "setup", "users": args.users})
    sessions = {user: key for user, key in setup["sessions"]}
    users = sorted(sessions)
    print(
        f"  migrated; {len(users)} users with sessions in {time.monotonic() - started:.0f} s",
        flush=True,
    )

    uvicorn = benchlib.spawn(
        "uvicorn",
        [
            str(BIN_DIR / "uvicorn"),
            "judicial_account.asgi:application",
            "--host",
            HOST,
            "--port",
            str(args.port),
            "--workers",
            "1",
            "--ws",
            "websockets-sansio",
            "--lifespan",
            "off",
            "--log-level",
            "warning",
            "--no-access-log",
            "--timeout-graceful-shutdown",
            "5",
        ],
        env,
        logs / "uvicorn.log",
    )
    print(f"sender pid {sender.child.proc.pid}, uvicorn pid {uvicorn.proc.pid}", flush=True)
    print(
        f"  /healthz answered after {benchlib.wait_healthy(args.port, uvicorn, 90):.1f} s",
        flush=True,
    )

    bench = Run(
        args=args,
        sender=sender,
        uvicorn=uvicorn,
        clients=Clients(args.port, sessions, setup["cookie"]),
        database=database,
        users=users,
        deadline=deadline,
        warnings=[],
        redis_url=redis_url,
    )

    async def measured() -> dict:
        try:
            return await measure(bench)
        finally:
            await bench.clients.close_all()

    out = asyncio.run(measured())
    verification = verify(out)
    if any(r["pytest_processes"] for r in out["latency"] + out["fanout_with_clients"]):
        bench.warnings.append(
            "someone's pytest ran during some rounds (see pytest_processes in the JSON); "
            "compare background_cores and the `rest` CPU of those rounds"
        )
    late = sum(r["sender_fell_behind"] for r in out["latency"])
    if late:
        bench.warnings.append(
            f"(b) {late} notices went out more than one --interval behind the schedule "
            "(a notify() call stalled, the next ones caught up); their latency is still "
            "measured from the moment notify() was called"
        )
    if out["server_errors_measured"]:
        bench.warnings.append(
            f"uvicorn logged exceptions during the measured phases: {out['server_errors_measured']}"
        )
    results = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": benchlib.command_line(__file__),
        "machine": benchlib.machine_info(
            [
                "django",
                "channels",
                "channels-redis",
                "uvicorn",
                "websockets",
                "asgiref",
                "redis",
                "psycopg",
            ],
            {
                "postgresql": database.version(),
                "redis_server": benchlib.redis_version(redis_url, REDIS_DBS["REDIS_DB_CACHE"]),
            },
        ),
        "args": {
            "rounds": args.rounds,
            "users": args.users,
            "fanout_clients": args.fanout_clients,
            "clients": args.clients,
            "notices": args.notices,
            "interval": args.interval,
            "connect_concurrency": args.connect_concurrency,
            "timeout": args.timeout,
            "port": args.port,
            "settle_below": args.settle_below,
            "settle_wait": args.settle_wait,
        },
        "open_files_limit": limits,
        "measured": out,
        "verification": verification,
        "warnings": bench.warnings,
    }
    benchlib.write_report(args.results, "notify", render(results), results)
    if not verification["ok"]:
        for problem in verification["problems"]:
            print(f"check failed: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["_sender"]:
        sys.exit(sender_main())
    sys.exit(main())
