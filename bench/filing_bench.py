"""Claims filed per second end to end through the HTTP API, and the case page's latency.

    .venv/bin/python bench/filing_bench.py            # 3 rounds x 60 claims x 8 clients
    .venv/bin/python bench/filing_bench.py --help     # knobs

Everything runs on this machine against a database of its own, `judicial_account_bench`,
on the embedded PostgreSQL server (dropped and re-created at the start, dropped at the
end unless --keep), and on Redis logical databases 20-23 of the embedded Redis (flushed at
the start and at the end). The developer's database and queues are never touched.

Set-up: migrate; collectstatic into a temporary folder (DEBUG is off, so whitenoise
serves from the manifest); a throw-away CA, the portal's seals, one district court with
the categories "alimony" (exempt from the state fee) and "loans" (1% fee), judges
specialised in both, litigant accounts whose IINs are people of the local registry
(judicial_account/registries/data/local_registry.json), each with an API token and a
SIGN certificate from the throw-away CA, and the registry's legal entities with their
officers. Then gunicorn (sync, 2 workers, DATABASE_POOL=true) on 127.0.0.1 and one Celery
worker (prefork, concurrency 2) are started as children of this script.

A claim is: POST /api/v1/filings/ (plaintiff and defendant from the registry) -> one
small PDF attachment -> GET the manifest -> CMS signature over it made here with
judicial_account.pki.client.cms_sign -> POST sign -> POST submit -> (loans only: the
payment gateway's callback, POST /payments/callback/ signed with HMAC-SHA256 under the
bench's PAYMENTS_CALLBACK_SECRET, as the e-government gateway would send it) -> poll
GET /api/v1/filings/<id>/ until the intake robot in the worker has registered the case.
Client threads (stdlib http.client, one TCP connection per request) run claims
back to back; claims/s of a round = claims registered / (last registration seen - first
draft sent). Between rounds the worker's backlog (signature receipts) is drained.

Then the case page (GET /cases/<id>/, logged in through the login form as a plaintiff
of the case) and GET /api/v1/cases/<id>/ (token) are loaded by a few concurrent clients.

The report (medians over the rounds) is printed and written, with the machine and the
command, to bench/results/filing.md and filing.json. The numbers only count if every
submitted claim became exactly one registered case; the script checks that in the
database and exits with 1 otherwise. Every process it starts is stopped by its pid
(SIGTERM, then SIGKILL) on success, error, Ctrl-C, SIGTERM and SIGHUP.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import hmac
import http.client
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import benchlib
from benchlib import BIN_DIR, HOST

DEFAULT_PORT = 8111
# Nothing below is a secret: the values exist only in the bench's own processes.
SECRET_KEY = "filing-bench-only-secret-key-0f4c1d2e9a8b7c6d5e4f3a2b1c0d"  # noqa: S105
PAYMENTS_SECRET = "filing-bench-only-payments-callback-secret"  # noqa: S105
LITIGANT_PASSWORD = "Filing-bench-7431"  # noqa: S105
SANDBOX = benchlib.Sandbox(
    name="filing-bench",
    database="judicial_account_bench",
    first_redis_db=20,
    secret_key=SECRET_KEY,
    payments_secret=PAYMENTS_SECRET,
    own_prefixes=("FILING_",),
    own_names=frozenset({"TRUSTED_PROXIES", "REGISTRIES_BACKEND"}),
)
BENCH_DB = SANDBOX.database
COURT_CODE = "BENCH-D1"
VARIANTS = {
    "alimony": "alimony: exempt from the state fee (Tax Code art. 616), no payment step",
    "loans": "loans: 1% state fee, paid by the gateway's HMAC-signed POST /payments/callback/",
}


# --- set-up inside Django (runs as a child process: `filing_bench.py _setup`) -------------


def setup_data(out: Path, *, litigants: int, judges: int, port: int, work: Path) -> None:
    """Create the bench's court, people, keys and evidence file in the bench database and
    describe them in `out` (JSON) for the load generator."""
    import django

    django.setup()
    import weasyprint
    from cryptography.hazmat.primitives import serialization
    from django.conf import settings
    from django.db import transaction
    from rest_framework.authtoken.models import Token

    from cases.models import CaseCategory, Court, CourtLevel, CourtStaff, Position, Region
    from filings.fee_table import fee_table_load
    from judicial_account import registries
    from judicial_account.accounts.identifiers import make_iin
    from judicial_account.accounts.models import EntityOfficer, LegalEntity, Role, User
    from judicial_account.pki.ca import SIGN, CertificateAuthority
    from judicial_account.pki.seals import seals_issue

    if settings.DATABASES["default"]["NAME"] != BENCH_DB:
        raise SystemExit(f"refusing to set up anything outside {BENCH_DB}")
    ca = CertificateAuthority(settings.PKI_DIR, crl_base_url=f"http://{HOST}:{port}/pki/crl")
    ca.create()
    court_name = "Районный суд (нагрузочный тест)"
    seals_issue(ca, courts=[(COURT_CODE, court_name)])

    people = registries.backend().people()
    entities = registries.backend().legal_entities()
    # Officers first, so that the organisations sued have accounts that hear about it.
    officer_iins = [o.iin for e in entities for o in e.officers]
    ordered = sorted(people, key=lambda p: (p.iin not in officer_iins, people.index(p)))
    chosen = ordered[: max(1, min(litigants, len(ordered)))]
    keys_dir = work / "keys"
    keys_dir.mkdir()

    with transaction.atomic():
        fee_table_load()
        region = Region.objects.create(
            code="bench", name_ru="Тестовая область", name_kk="Сынақ облысы", name_en="Bench"
        )
        supreme = Court.objects.create(
            code="BENCH-SC", level=CourtLevel.SUPREME, name_ru="Верховный Суд (тест)"
        )
        regional = Court.objects.create(
            code="BENCH-R1",
            level=CourtLevel.REGIONAL,
            region=region,
            parent=supreme,
            name_ru="Областной суд (тест)",
        )
        court = Court.objects.create(
            code=COURT_CODE,
            level=CourtLevel.DISTRICT,
            region=region,
            parent=regional,
            name_ru=court_name,
            name_en="District Court (bench)",
        )
        categories = [
            CaseCategory.objects.create(
                code="alimony", name_ru="Взыскание алиментов", name_en="Alimony"
            ),
            CaseCategory.objects.create(
                code="loans", name_ru="Займы и долговые обязательства", name_en="Loans"
            ),
        ]
        court.specialisations.set(categories)
        registry_iins = {p.iin for p in people}
        serial = 7000
        for number in range(judges):
            iin = make_iin(dt.date(1966 + number, 4, 11), female=number % 2 == 1, serial=serial)
            while iin in registry_iins:
                serial += 1
                iin = make_iin(dt.date(1966 + number, 4, 11), female=number % 2 == 1, serial=serial)
            judge = User.objects.create_user(
                iin, None, last_name=f"Судьяев{number}", first_name="Тест", role=Role.JUDGE
            )
            post = CourtStaff.objects.create(court=court, user=judge, position=Position.JUDGE)
            post.specialisations.set(categories)
        described = []
        for index, person in enumerate(chosen):
            user = User.objects.create_user(
                person.iin,
                LITIGANT_PASSWORD,
                last_name=person.last_name,
                first_name=person.first_name,
                middle_name=person.middle_name,
                phone=registries.mobile_number_lookup(person.iin) or "",
                role=Role.LITIGANT,
            )
            token = Token.objects.create(user=user)
            key, cert = ca.issue(
                purpose=SIGN,
                common_name=f"{person.last_name} {person.first_name}".upper(),
                surname=person.last_name.upper(),
                given_name=person.middle_name.upper(),
                iin=person.iin,
                key_type="ec" if index % 2 else "rsa",
            )
            key_path, cert_path = keys_dir / f"{person.iin}.key", keys_dir / f"{person.iin}.pem"
            key_path.write_bytes(
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )
            key_path.chmod(0o600)
            cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
            described.append(
                {
                    "iin": person.iin,
                    "token": token.key,
                    "key": str(key_path),
                    "cert": str(cert_path),
                    "key_type": "ec" if index % 2 else "rsa",
                }
            )
        users = {u.iin: u for u in User.objects.filter(iin__in=officer_iins)}
        for record in entities:
            entity = LegalEntity.objects.create(
                bin=record.bin,
                name=record.name,
                address=record.address,
                registered_on=record.registered,
            )
            for officer in record.officers:
                if officer.iin in users:
                    EntityOfficer.objects.create(
                        entity=entity, user=users[officer.iin], position=officer.position
                    )

    pdf = work / "evidence.pdf"
    pdf.write_bytes(
        weasyprint.HTML(
            string="<h1>Справка</h1><p>Приложение к исковому заявлению (нагрузочный тест).</p>"
        ).write_pdf()
    )
    out.write_text(
        json.dumps(
            {
                "court": COURT_CODE,
                "litigants": described,
                "people": [p.iin for p in people],
                "entities": [
                    {"bin": e.bin, "officers": [o.iin for o in e.officers]} for e in entities
                ],
                "pdf": str(pdf),
                "judges": judges,
            },
            indent=1,
        )
    )


# --- HTTP ----------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    body: bytes
    headers: list[tuple[str, str]]
    seconds: float

    def json(self):
        return json.loads(self.body)

    def cookies(self) -> dict[str, str]:
        jar = SimpleCookie()
        for name, value in self.headers:
            if name.lower() == "set-cookie":
                jar.load(value)
        return {name: morsel.value for name, morsel in jar.items()}


class Http:
    """One request per TCP connection (gunicorn's sync worker closes it anyway)."""

    def __init__(self, port: int, timeout: float) -> None:
        self.port = port
        self.timeout = timeout

    def call(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Reply:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        started = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        return Reply(response.status, data, response.getheaders(), time.perf_counter() - started)


class ClaimFailed(Exception):
    def __init__(self, step: str, detail: str) -> None:
        super().__init__(f"{step}: {detail}")
        self.step = step


def expect(reply: Reply, status: int, step: str) -> Reply:
    if reply.status != status:
        raise ClaimFailed(step, f"HTTP {reply.status} (wanted {status}): {reply.body[:400]!r}")
    return reply


def multipart(name: str, content: bytes, content_type: str) -> tuple[str, bytes]:
    boundary = uuid.uuid4().hex
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode()
    return f"multipart/form-data; boundary={boundary}", head + content + (
        f"\r\n--{boundary}--\r\n".encode()
    )


# --- the load ----------------------------------------------------------------------------


@dataclass
class Litigant:
    iin: str
    token: str
    key: object
    cert: object
    key_type: str


@dataclass
class Bench:
    args: argparse.Namespace
    http: Http
    court: str
    litigants: list[Litigant]
    people: list[str]
    entities: list[dict]
    pdf: bytes
    run_id: str
    stop: threading.Event = field(default_factory=threading.Event)
    next_job: int = 0
    submitted: int = 0
    warnings: list[str] = field(default_factory=list)


def claim_body(bench: Bench, job: int, variant: str, plaintiff: str) -> dict:
    """The draft: plaintiff and defendant are people and organisations the registry knows
    (the intake robot returns claims with unknown parties)."""
    parties = [{"role": "plaintiff", "iin": plaintiff}]
    if variant == "alimony":
        others = [iin for iin in bench.people if iin != plaintiff]
        parties.append({"role": "defendant", "iin": others[(job * 7 + 3) % len(others)]})
        return {
            "court": bench.court,
            "category": "alimony",
            "subject": "Взыскание алиментов на содержание несовершеннолетнего ребёнка",
            "amount": None,
            "text": f"Прошу взыскать с ответчика алименты (заявление {job}).",
            "parties": parties,
        }
    # A litigant does not sue an organisation they sign for.
    entities = [e for e in bench.entities if plaintiff not in e["officers"]]
    parties.append({"role": "defendant", "bin": entities[job % len(entities)]["bin"]})
    return {
        "court": bench.court,
        "category": "loans",
        "subject": "Взыскание долга по договору займа",
        "amount": f"{100_000 + (job * 7_919) % 900 * 1_000}.00",
        "text": f"Прошу взыскать с ответчика сумму долга (заявление {job}).",
        "parties": parties,
    }


def pay_fee(bench: Bench, submitted: dict) -> Reply:
    """What the payment gateway does once the payer has paid: the signed callback."""
    match = re.search(r"/payments/sandbox/([0-9a-f-]{36})/", submitted.get("checkout_url") or "")
    if match is None:
        raise ClaimFailed("pay", f"no checkout URL in {submitted!r}")
    body = json.dumps(
        {
            "invoice": match[1],
            "status": "paid",
            "reference": f"BENCH-{uuid.uuid4().hex[:24].upper()}",
            "amount": submitted["fee_amount"],
            "paid_at": dt.datetime.now(dt.UTC).isoformat(),
        }
    ).encode()
    signature = hmac.new(PAYMENTS_SECRET.encode(), body, hashlib.sha256).hexdigest()
    reply = bench.http.call(
        "POST",
        "/payments/callback/",
        body,
        {"Content-Type": "application/json", "X-Gateway-Signature": signature},
    )
    expect(reply, 200, "pay")
    if reply.json().get("status") != "paid":
        raise ClaimFailed("pay", f"invoice not paid: {reply.body[:200]!r}")
    return reply


def file_claim(bench: Bench, job: int, variant: str) -> dict:
    """One claim from the first request to the registered case. Never raises."""
    from judicial_account.pki.client import cms_sign  # imported by measure() already

    who = bench.litigants[job % len(bench.litigants)]
    token = {"Authorization": f"Token {who.token}"}
    as_json = {**token, "Content-Type": "application/json"}
    call = bench.http.call
    result: dict = {"job": job, "variant": variant, "litigant": who.iin, "ok": False}
    steps: dict[str, float] = {}
    polls = 0
    started = time.perf_counter()
    result["start"] = started
    try:
        body = json.dumps(claim_body(bench, job, variant, who.iin)).encode()
        key = {"Idempotency-Key": f"bench-{bench.run_id}-{job}"}
        reply = expect(call("POST", "/api/v1/filings/", body, {**as_json, **key}), 201, "draft")
        steps["draft"] = reply.seconds
        filing = reply.json()["id"]
        result["filing"] = filing
        base = f"/api/v1/filings/{filing}/"

        content_type, upload = multipart("evidence.pdf", bench.pdf, "application/pdf")
        reply = call("POST", base + "attachments/", upload, {**token, "Content-Type": content_type})
        steps["attach"] = expect(reply, 201, "attach").seconds

        reply = expect(call("GET", base + "manifest/", None, token), 200, "manifest")
        steps["manifest"] = reply.seconds
        signing = time.perf_counter()
        cms = base64.b64encode(cms_sign(reply.body, who.key, who.cert)).decode()
        steps["cms_here"] = time.perf_counter() - signing

        reply = call("POST", base + "sign/", json.dumps({"cms": cms}).encode(), as_json)
        steps["sign"] = expect(reply, 200, "sign").seconds
        if reply.json().get("signed") is not True:
            raise ClaimFailed("sign", f"not signed: {reply.body[:300]!r}")

        reply = expect(call("POST", base + "submit/", b"", token), 200, "submit")
        steps["submit"] = reply.seconds
        submitted = reply.json()
        result["submitted"] = True
        wanted = "awaiting_payment" if variant == "loans" else "submitted"
        if submitted["status"] != wanted:
            raise ClaimFailed("submit", f"status {submitted['status']!r}, wanted {wanted!r}")
        if variant == "loans":
            steps["pay"] = pay_fee(bench, submitted).seconds

        waiting = time.perf_counter()
        deadline = waiting + bench.args.claim_timeout
        while True:
            if bench.stop.is_set():
                raise ClaimFailed("wait", "stopped")
            time.sleep(bench.args.poll)
            state = expect(call("GET", base, None, token), 200, "poll").json()
            polls += 1
            if state["status"] == "registered":
                break
            if state["status"] == "returned":
                raise ClaimFailed("intake", "returned: " + " ".join(state["return_reasons"]))
            if time.perf_counter() > deadline:
                raise ClaimFailed("wait", f"not registered after {bench.args.claim_timeout} s")
        ended = time.perf_counter()
        steps["wait"] = ended - waiting
        result.update(ok=True, case=state["case"], end=ended, latency=ended - started)
    except ClaimFailed as error:
        result["error"] = str(error)
    except (OSError, http.client.HTTPException, ValueError, KeyError, TypeError) as error:
        result["error"] = f"{type(error).__name__}: {error}"
    result["steps"] = steps
    result["polls"] = polls
    return result


def run_threads(bench: Bench, count: int, target, deadline: float) -> None:
    """Run `target(thread_index)` in `count` threads; stay responsive to Ctrl-C."""
    threads = [
        threading.Thread(target=target, args=(n,), daemon=True, name=f"client-{n}")
        for n in range(count)
    ]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(0.25)
                if time.monotonic() > deadline:
                    raise RuntimeError("--max-minutes reached")
    finally:
        if any(t.is_alive() for t in threads):  # interrupted or out of time: let them go
            bench.stop.set()


def run_claims(bench: Bench, variant: str, count: int, clients: int, deadline: float) -> dict:
    jobs = iter(range(bench.next_job, bench.next_job + count))
    bench.next_job += count
    lock = threading.Lock()
    results: list[dict] = []

    def client(_index: int) -> None:
        while not bench.stop.is_set():
            with lock:
                job = next(jobs, None)
            if job is None:
                return
            outcome = file_claim(bench, job, variant)
            with lock:
                results.append(outcome)

    run_threads(bench, clients, client, deadline)
    bench.submitted += sum(1 for r in results if r.get("submitted"))
    ok = [r for r in results if r["ok"]]
    failed = [r for r in results if not r["ok"]]
    span = (max(r["end"] for r in ok) - min(r["start"] for r in results)) if ok else 0.0
    latencies = [r["latency"] for r in ok]
    step_names = sorted({name for r in ok for name in r["steps"]})
    return {
        "variant": variant,
        "claims": count,
        "clients": clients,
        "registered": len(ok),
        "failed": len(failed),
        "errors": [f"job {r['job']} {r.get('filing', '')}: {r['error']}" for r in failed][:10],
        "seconds": round(span, 3),
        "claims_per_s": round(len(ok) / span, 3) if span else 0.0,
        "latency_s": {
            "p50": round(benchlib.quantile(latencies, 0.50), 3),
            "p95": round(benchlib.quantile(latencies, 0.95), 3),
            "max": round(max(latencies), 3) if latencies else None,
        },
        "step_median_s": {
            name: round(statistics.median(r["steps"][name] for r in ok if name in r["steps"]), 4)
            for name in step_names
        },
        "polls_median": statistics.median(r["polls"] for r in ok) if ok else None,
        "claims_detail": [
            {
                "filing": r.get("filing"),
                "case": r.get("case"),
                "litigant": r["litigant"],
                "latency_s": round(r["latency"], 4) if r["ok"] else None,
                "steps_s": {k: round(v, 4) for k, v in r["steps"].items()},
                "error": r.get("error"),
            }
            for r in sorted(results, key=lambda r: r["job"])
        ],
    }


def login(bench: Bench, iin: str) -> str:
    """Log in through the login form (IIN + password, CSRF) and return the session id."""
    call = bench.http.call
    page = call("GET", "/accounts/login/")
    if page.status != 200:
        raise RuntimeError(f"login page: HTTP {page.status}")
    csrf = page.cookies().get("csrftoken", "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body.decode())
    if not csrf or token is None:
        raise RuntimeError("login page: no CSRF token")
    form = urlencode(
        {"csrfmiddlewaretoken": token[1], "iin": iin, "password": LITIGANT_PASSWORD}
    ).encode()
    reply = call(
        "POST",
        "/accounts/login/",
        form,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
            "Referer": f"http://{HOST}:{bench.http.port}/accounts/login/",
        },
    )
    session = reply.cookies().get("sessionid")
    if reply.status != 302 or not session:
        raise RuntimeError(f"login of {iin} failed: HTTP {reply.status}")
    return session


@dataclass
class Reader:
    """A logged-in plaintiff and the cases they are a party to."""

    litigant: Litigant
    session: str
    cases: list[tuple[int, str]]


def read_request(bench: Bench, reader: Reader, endpoint: str, n: int) -> float:
    case_id, number = reader.cases[n % len(reader.cases)]
    if endpoint == "page":
        reply = bench.http.call(
            "GET", f"/cases/{case_id}/", None, {"Cookie": f"sessionid={reader.session}"}
        )
        if reply.status != 200 or number.encode() not in reply.body:
            raise RuntimeError(f"case page {case_id}: HTTP {reply.status}")
    else:
        reply = bench.http.call(
            "GET",
            f"/api/v1/cases/{case_id}/",
            None,
            {"Authorization": f"Token {reader.litigant.token}"},
        )
        if reply.status != 200 or reply.json().get("number") != number:
            raise RuntimeError(f"case API {case_id}: HTTP {reply.status}")
    return reply.seconds


def run_reads(
    bench: Bench, readers: list[Reader], endpoint: str, requests: int, deadline: float
) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    share = [requests // len(readers) + (i < requests % len(readers)) for i in range(len(readers))]

    def client(index: int) -> None:
        reader = readers[index]
        for n in range(share[index]):
            if bench.stop.is_set():
                return
            try:
                seconds = read_request(bench, reader, endpoint, n + index)
            except (RuntimeError, OSError, http.client.HTTPException, ValueError) as error:
                with lock:
                    errors.append(str(error))
                continue
            with lock:
                latencies.append(seconds)

    started = time.perf_counter()
    run_threads(bench, len(readers), client, deadline)
    span = time.perf_counter() - started
    return {
        "endpoint": endpoint,
        "requests": len(latencies),
        "errors": len(errors),
        "error_samples": errors[:5],
        "req_per_s": round(len(latencies) / span, 2) if span else 0.0,
        "p50_ms": round(benchlib.quantile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(benchlib.quantile(latencies, 0.95) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1) if latencies else None,
    }


# --- PostgreSQL's activity and the worker's backlog ----------------------------------------


class ActivitySampler(threading.Thread):
    """Samples pg_stat_activity of the bench database five times a second: backends
    running a query, and those waiting for a lock, in particular on the audit log's
    chain head (every audited write takes it) and on the per-court case number row."""

    QUERY = """
        SELECT count(*) FILTER (WHERE state = 'active'),
               count(*) FILTER (WHERE wait_event_type = 'Lock'),
               count(*) FILTER (WHERE wait_event_type = 'Lock'
                                AND query ILIKE '%%audit_auditchainhead%%'),
               count(*) FILTER (WHERE wait_event_type = 'Lock'
                                AND query ILIKE '%%cases_casenumbersequence%%')
          FROM pg_stat_activity
         WHERE datname = %s AND pid <> pg_backend_pid()
    """

    def __init__(self, database: benchlib.Database) -> None:
        super().__init__(daemon=True, name="pg-sampler")
        self.database = database
        self.samples: list[tuple[float, int, int, int, int]] = []
        self.halt = threading.Event()

    def run(self) -> None:
        import psycopg

        try:
            with self.database.connect(BENCH_DB) as conn:
                while not self.halt.is_set():
                    row = conn.execute(self.QUERY, (BENCH_DB,)).fetchone()
                    self.samples.append((time.perf_counter(), *row))
                    self.halt.wait(0.2)
        except psycopg.Error as error:
            print(f"warning: activity sampler stopped: {error}", file=sys.stderr)

    def stop(self) -> None:
        self.halt.set()
        self.join(5)

    def summary(self, start: float, end: float) -> dict:
        window = [s for s in self.samples if start <= s[0] <= end]
        if not window:
            return {}
        mean = [round(statistics.fmean(s[i] for s in window), 2) for i in range(1, 5)]
        return {
            "samples": len(window),
            "active_backends": mean[0],
            "waiting_on_locks": mean[1],
            "waiting_on_audit_chain_head": mean[2],
            "waiting_on_case_number": mean[3],
        }


def drain(bench: Bench, database: benchlib.Database, timeout: float) -> float:
    """Wait until the worker has done everything the round gave it (intakes, and the
    signature receipts that are wanted); return how long that took."""
    started = time.monotonic()
    while True:
        (pending,) = database.query(
            "SELECT (SELECT count(*) FROM pki_signingrequest"
            "         WHERE status = 'signed' AND receipt = '' AND receipt_wanted)"
            "     + (SELECT count(*) FROM filings_filing"
            "         WHERE status IN ('submitted', 'awaiting_payment'))"
        )[0]
        if pending == 0:
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            bench.warnings.append(f"{pending} worker tasks still pending after {timeout:.0f} s")
            return time.monotonic() - started
        time.sleep(0.25)


TASK_LINE = re.compile(r"Task ([\w.]+)\[[^\]]+\] succeeded in ([0-9.]+)s")


def worker_tasks(log: Path, offset: int) -> tuple[dict, int, int]:
    """Median run time and count per task from the worker's log after `offset`, the
    number of error lines there, and the new offset."""
    text, end = benchlib.log_since(log, offset)
    runs: dict[str, list[float]] = {}
    for name, seconds in TASK_LINE.findall(text):
        runs.setdefault(name, []).append(float(seconds))
    errors = sum(1 for line in text.splitlines() if "ERROR" in line or "Traceback" in line)
    summary = {
        name: {"count": len(v), "median_s": round(statistics.median(v), 3)}
        for name, v in runs.items()
    }
    return summary, errors, end


# --- report --------------------------------------------------------------------------------


def render(results: dict) -> str:
    args = results["args"]
    machine = results["machine"]
    filing = results["filing_rounds"]
    reads = results["read_rounds"]
    lines = [
        "# Filing throughput and case-page latency",
        "",
        f"{results['date']}, commit {machine['commit']} (+{machine['uncommitted_files']} "
        "uncommitted files).",
        "",
        f"Command: `{results['command']}`",
        "",
        f"Machine: {machine['nproc']} CPUs ({machine['cpu']}), {machine['memory_gib']} GiB, "
        f"Linux {machine['kernel']}; Python {machine['python']}, Django {machine['django']}, "
        f"DRF {machine['djangorestframework']}, gunicorn {machine['gunicorn']}, celery "
        f"{machine['celery']}, psycopg {machine['psycopg']}, PostgreSQL "
        f"{machine['postgresql']} (embedded, unix socket), Redis (embedded, unix socket).",
        "",
        f"Set-up: gunicorn sync, 2 workers, DATABASE_POOL=true, DEBUG=false on "
        f"{HOST}:{args['port']}; one Celery worker, prefork, concurrency 2; database "
        f"`{BENCH_DB}` on the same server; the load generator (Python threads, "
        "http.client, a new connection per request) runs on the same 2 cores. "
        f"{args['rounds']} rounds x {args['claims']} claims per variant with "
        f"{args['clients']} concurrent clients (each runs its claims back to back), "
        f"polling the filing every {args['poll']} s; then {args['reads']} requests per "
        f"endpoint and round from {args['readers']} concurrent logged-in plaintiffs. "
        f"Medians over the rounds. {results['litigants']} litigant accounts (people of "
        f"the local registry), {results['judges']} judges.",
        "",
        "| measure | median | each round |",
        "| --- | ---: | --- |",
    ]
    for variant in args["variants"]:
        rounds = [r for r in filing if r["variant"] == variant]
        each_rate = " / ".join(f"{r['claims_per_s']:.2f}" for r in rounds)
        each_lat = " ; ".join(
            f"{r['latency_s']['p50']:.2f}/{r['latency_s']['p95']:.2f}" for r in rounds
        )
        lines += [
            f"| claims/s end to end, {variant} | {benchlib.median_at(rounds, 'claims_per_s'):.2f} "
            f"| {each_rate} |",
            f"| claim latency draft -> registered, {variant}: p50 / p95 (s) "
            f"| {benchlib.median_at(rounds, 'latency_s', 'p50'):.2f} / "
            f"{benchlib.median_at(rounds, 'latency_s', 'p95'):.2f} | {each_lat} |",
        ]
    for endpoint, label in (
        ("page", "case page `GET /cases/<id>/`"),
        ("api", "case API `GET /api/v1/cases/<id>/`"),
    ):
        rounds = [r for r in reads if r["endpoint"] == endpoint]
        each = " ; ".join(f"{r['p50_ms']:.0f}/{r['p95_ms']:.0f}" for r in rounds)
        lines.append(
            f"| {label}: p50 / p95 (ms) | {benchlib.median_at(rounds, 'p50_ms'):.0f} / "
            f"{benchlib.median_at(rounds, 'p95_ms'):.0f} | {each} |"
        )
    verification = results["verification"]
    lines += [
        "",
        f"Check: {verification['submitted']} claims submitted (warm-up included), "
        f"{verification['filings_registered']} filings registered, "
        f"{verification['cases']} cases in the database, {verification['returned']} "
        f"returned: **{'OK' if verification['ok'] else 'MISMATCH, figures not valid'}**.",
        "",
        "Where the time goes (medians over the rounds; CPU in cores of the 2, measured over "
        "the round; lock waits are the mean number of PostgreSQL backends waiting):",
        "",
        "| variant | step medians (ms): draft / attach / manifest / sign / submit / pay / "
        "wait for intake | polls per claim | latency by the server's clock, p50 / p95 (s) "
        "| gunicorn CPU | worker CPU | load generator CPU | PostgreSQL, Redis, other "
        "| backends waiting on a lock (of which on the audit chain head) | worker drain "
        "after the last claim (s) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for variant in args["variants"]:
        rounds = [r for r in filing if r["variant"] == variant]
        names = ["draft", "attach", "manifest", "sign", "submit", "pay", "wait"]
        steps = " / ".join(
            f"{statistics.median(r['step_median_s'][n] for r in rounds) * 1000:.0f}"
            if n in rounds[0]["step_median_s"]
            else "-"
            for n in names
        )
        cpu = {
            k: statistics.median(r["cpu_cores"][k] for r in rounds) for k in rounds[0]["cpu_cores"]
        }
        locks = [r["db_activity"] for r in rounds if r["db_activity"]]
        lock_text = (
            f"{statistics.median(x['waiting_on_locks'] for x in locks):.2f} "
            f"({statistics.median(x['waiting_on_audit_chain_head'] for x in locks):.2f})"
            if locks
            else "-"
        )
        lines.append(
            f"| {variant} | {steps} | {benchlib.median_at(rounds, 'polls_median'):.0f} | "
            f"{benchlib.median_at(rounds, 'server_latency_s', 'p50'):.2f} / "
            f"{benchlib.median_at(rounds, 'server_latency_s', 'p95'):.2f} | "
            f"{cpu['gunicorn']:.2f} | {cpu['worker']:.2f} | "
            f"{cpu['load_generator']:.2f} | {cpu['rest']:.2f} | {lock_text} | "
            f"{benchlib.median_at(rounds, 'drain_s'):.1f} |"
        )
    tasks: dict[str, list[float]] = {}
    for item in filing:
        for name, info in item["worker_tasks"].items():
            tasks.setdefault(name, []).append(info["median_s"])
    if tasks:
        lines += [
            "",
            "Worker task run time, median (s): "
            + ", ".join(f"`{n}` {statistics.median(v):.2f}" for n, v in sorted(tasks.items()))
            + ".",
        ]
    backgrounds = [r["background_cores"] for r in filing + reads]
    lines += [
        "",
        f"Other work on the machine just before each round: median "
        f"{statistics.median(backgrounds):.2f} cores, worst {max(backgrounds):.2f}.",
    ]
    lines += ["", "Variants:", ""] + [f"- {VARIANTS[v]}" for v in args["variants"]]
    if results["warnings"]:
        lines += ["", "Warnings:", ""] + [f"- {w}" for w in results["warnings"]]
    return "\n".join(lines) + "\n"


# --- main ----------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--claims", type=int, default=60, help="claims per round and variant")
    parser.add_argument("--clients", type=int, default=8, help="concurrent filing clients")
    parser.add_argument(
        "--variants", default="alimony,loans", help=f"comma-separated, from: {', '.join(VARIANTS)}"
    )
    parser.add_argument("--warmup", type=int, default=8, help="claims filed before measuring")
    parser.add_argument("--litigants", type=int, default=40, help="accounts (registry people)")
    parser.add_argument("--judges", type=int, default=3)
    parser.add_argument("--poll", type=float, default=0.2, help="seconds between status polls")
    parser.add_argument("--claim-timeout", type=float, default=180)
    parser.add_argument("--readers", type=int, default=4, help="concurrent case-page clients")
    parser.add_argument("--reads", type=int, default=200, help="requests per endpoint/round")
    parser.add_argument("--drain-timeout", type=float, default=300)
    benchlib.add_sandbox_options(parser, port=DEFAULT_PORT, settle_wait=60, max_minutes=40)
    args = parser.parse_args(argv)
    args.variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    if not args.variants or any(v not in VARIANTS for v in args.variants):
        parser.error(f"--variants: choose from {', '.join(VARIANTS)}")
    benchlib.check_bounds(
        parser,
        args,
        {
            "rounds": (1, 9),
            "claims": (1, 1000),
            "clients": (1, 64),
            "readers": (1, 32),
            "reads": (1, 5000),
            "warmup": (0, 100),
            "poll": (0.05, 5),
            "max_minutes": (1, 180),
        },
    )
    if not 2 <= args.litigants <= 90 or args.readers > args.litigants:
        parser.error("--litigants must be 2-90 (registry people) and at least --readers")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    for tool in ("gunicorn", "celery"):
        if not (BIN_DIR / tool).exists():
            raise SystemExit(f"{BIN_DIR / tool} is missing: run this with the project's .venv")
    if not benchlib.port_free(args.port):
        raise SystemExit(f"{HOST}:{args.port} is taken; pick another --port")
    benchlib.handle_signals()

    deadline = time.monotonic() + args.max_minutes * 60
    work = Path(tempfile.mkdtemp(prefix="ja-filing-bench-"))
    print(f"work folder (logs, CA, media): {work}", flush=True)
    # The worker finishes the task it has in hand before it exits: give it longer.
    run = benchlib.BenchRun(SANDBOX, work, keep=args.keep, grace_for={"celery": 30})
    return run.run(lambda: measure(args, run, deadline))


def settle(args: argparse.Namespace) -> float:
    """Wait (at most --settle-wait s) until the rest of the machine uses under
    --settle-below cores while our servers idle; return the last reading."""
    return benchlib.settle(args.settle_below, args.settle_wait, benchlib.busy_cores)


def measure(args: argparse.Namespace, run: benchlib.BenchRun, deadline: float) -> int:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    from judicial_account.pki.client import cms_sign  # noqa: F401 - before the threads

    database = run.open()
    work = run.work
    for folder in ("ca", "seals", "media", "static", "logs"):
        (work / folder).mkdir()
    logs = work / "logs"
    ca = work / "ca"
    env = SANDBOX.child_env(
        {
            **SANDBOX.settings(
                socket_dir=run.socket_dir, redis_url=run.redis_url, port=args.port, work=work
            ),
            "PKI_DIR": str(ca),
            "PKI_TRUSTED_ROOTS": str(ca / "root.pem"),
            "PKI_INTERMEDIATES": str(ca / "issuing.pem"),
            "PKI_CRL_FILES": f"{ca / 'root.crl'},{ca / 'issuing.crl'}",
            "PKI_SEAL_DIR": str(work / "seals"),
            "PKI_TSA_URL": "",
        }
    )
    (work / "env.json").write_text(json.dumps({k: env[k] for k in sorted(env)}, indent=1))

    print("migrate + collectstatic (DEBUG=false serves static files from the manifest) ...")
    started = time.monotonic()
    manage = [sys.executable, "manage.py"]
    statics = benchlib.spawn(
        "collectstatic",
        [*manage, "collectstatic", "--noinput", "-v0"],
        env,
        logs / "collectstatic.log",
    )
    benchlib.run_child(
        "migrate", [*manage, "migrate", "--noinput", "-v0"], env, logs / "migrate.log", 600
    )
    setup_out = work / "setup.json"
    benchlib.run_child(
        "setup",
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "_setup",
            str(setup_out),
            str(args.litigants),
            str(args.judges),
            str(args.port),
            str(work),
        ],
        env,
        logs / "setup.log",
        600,
    )
    benchlib.wait_child(statics, max(0.0, deadline - time.monotonic()))  # --max-minutes
    print(f"  set up in {time.monotonic() - started:.0f} s", flush=True)

    described = json.loads(setup_out.read_text())
    litigants = [
        Litigant(
            iin=item["iin"],
            token=item["token"],
            key=serialization.load_pem_private_key(Path(item["key"]).read_bytes(), None),
            cert=x509.load_pem_x509_certificate(Path(item["cert"]).read_bytes()),
            key_type=item["key_type"],
        )
        for item in described["litigants"]
    ]
    bench = Bench(
        args=args,
        http=Http(args.port, timeout=60),
        court=described["court"],
        litigants=litigants,
        people=described["people"],
        entities=described["entities"],
        pdf=Path(described["pdf"]).read_bytes(),
        run_id=uuid.uuid4().hex[:8],
    )

    gunicorn = benchlib.spawn(
        "gunicorn",
        [
            str(BIN_DIR / "gunicorn"),
            "judicial_account.wsgi:application",
            "--bind",
            f"{HOST}:{args.port}",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--timeout",
            "60",
            "--graceful-timeout",
            "10",
            "--no-control-socket",
        ],
        {**env, "DATABASE_POOL": "true"},
        logs / "gunicorn.log",
    )
    worker = benchlib.spawn(
        "celery",
        [
            str(BIN_DIR / "celery"),
            "-A",
            "judicial_account",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            "2",
            "--pool",
            "prefork",
            "--hostname",
            f"filing-bench-{os.getpid()}@%h",
            "--queues",
            "default",
        ],
        env,
        logs / "celery.log",
    )
    print(f"gunicorn pid {gunicorn.proc.pid}, celery worker pid {worker.proc.pid}")
    print(f"  /healthz answered after {benchlib.wait_healthy(args.port, gunicorn, 90):.1f} s")
    sampler = ActivitySampler(database)
    run.before_stop.append(sampler.stop)  # it reads the database that is dropped then
    sampler.start()

    if args.warmup:
        print(f"warm-up: {args.warmup} claims per variant (not measured) ...", flush=True)
        for variant in args.variants:
            warm = run_claims(bench, variant, args.warmup, min(args.clients, args.warmup), deadline)
            if warm["failed"]:
                raise RuntimeError(f"warm-up {variant} failed: {warm['errors']}")
        drain(bench, database, args.drain_timeout)
    log_offset = worker.log.stat().st_size

    def cpu_reading() -> dict[str, float]:
        # gunicorn and Celery each count with their workers.
        return benchlib.cpu_reading(
            gunicorn=benchlib.tree_cpu_seconds(gunicorn.proc.pid),
            worker=benchlib.tree_cpu_seconds(worker.proc.pid),
            load_generator=time.process_time(),
        )

    filing_rounds: list[dict] = []
    for round_no in range(1, args.rounds + 1):
        for variant in args.variants:
            background = settle(args)
            before = cpu_reading()
            outcome = run_claims(bench, variant, args.claims, args.clients, deadline)
            after = cpu_reading()
            drained = drain(bench, database, args.drain_timeout)
            tasks, errors, log_offset = worker_tasks(worker.log, log_offset)
            cores = benchlib.cores_used(before, after)
            outcome.update(
                round=round_no,
                background_cores=round(background, 2),
                cpu_cores={k: round(v, 2) for k, v in cores.items()},
                db_activity=sampler.summary(before["t"], after["t"]),
                drain_s=round(drained, 2),
                worker_tasks=tasks,
                worker_error_lines=errors,
            )
            filing_rounds.append(outcome)
            print(
                f"round {round_no}/{args.rounds} {variant:<8} {outcome['registered']}/"
                f"{outcome['claims']} registered in {outcome['seconds']:.1f} s = "
                f"{outcome['claims_per_s']:.2f} claims/s; latency p50 "
                f"{outcome['latency_s']['p50']:.2f} s p95 {outcome['latency_s']['p95']:.2f} s;"
                f" CPU {cores['machine']:.2f} cores; drain {drained:.1f} s"
                f" (others before: {background:.2f} cores)",
                flush=True,
            )
            if outcome["failed"]:
                for line in outcome["errors"]:
                    print(f"  failed: {line}", file=sys.stderr)
                raise RuntimeError(f"{outcome['failed']} claims failed; figures would not hold")
            if errors:
                bench.warnings.append(
                    f"round {round_no} {variant}: {errors} error lines in the worker log"
                )

    # Case pages: the plaintiffs with the most cases, logged in through the login form.
    rows = database.query(
        "SELECT u.iin, c.id, c.number FROM cases_party p"
        " JOIN accounts_user u ON u.id = p.user_id JOIN cases_case c ON c.id = p.case_id"
        " WHERE p.role = 'plaintiff' ORDER BY u.iin, c.id"
    )
    by_iin: dict[str, list[tuple[int, str]]] = {}
    for iin, case_id, number in rows:
        by_iin.setdefault(iin, []).append((case_id, number))
    chosen = sorted(by_iin, key=lambda iin: (-len(by_iin[iin]), iin))[: args.readers]
    lookup = {lit.iin: lit for lit in litigants}
    readers = [Reader(lookup[iin], login(bench, iin), by_iin[iin]) for iin in chosen]
    for endpoint in ("page", "api"):  # warm-up, not measured
        run_reads(bench, readers, endpoint, 4 * len(readers), deadline)
    read_rounds: list[dict] = []
    for round_no in range(1, args.rounds + 1):
        for endpoint in ("page", "api"):
            background = settle(args)
            outcome = run_reads(bench, readers, endpoint, args.reads, deadline)
            outcome.update(round=round_no, background_cores=round(background, 2))
            read_rounds.append(outcome)
            print(
                f"round {round_no}/{args.rounds} {endpoint:<4} {outcome['requests']} requests, "
                f"{outcome['req_per_s']:.1f}/s, p50 {outcome['p50_ms']:.0f} ms, "
                f"p95 {outcome['p95_ms']:.0f} ms, errors {outcome['errors']}",
                flush=True,
            )
            if outcome["errors"]:
                raise RuntimeError(f"{endpoint} requests failed: {outcome['error_samples']}")

    # The figures hold only if every submitted claim became exactly one case.
    statuses = dict(database.query("SELECT status, count(*) FROM filings_filing GROUP BY status"))
    (cases,) = database.query("SELECT count(*) FROM cases_case")[0]
    (linked,) = database.query(
        "SELECT count(DISTINCT case_id) FROM filings_filing WHERE status = 'registered'"
    )[0]
    (receipts,) = database.query("SELECT count(*) FROM pki_signingrequest WHERE receipt <> ''")[0]
    seen = sum(r["registered"] for r in filing_rounds) + args.warmup * len(args.variants)
    verification = {
        "submitted": bench.submitted,
        "registered_seen_by_clients": seen,
        "filings_registered": statuses.get("registered", 0),
        "filings_linked_to_distinct_cases": linked,
        "cases": cases,
        "returned": statuses.get("returned", 0),
        "filing_statuses": statuses,
        "signature_receipts": receipts,
    }
    verification["ok"] = (
        bench.submitted == seen == verification["filings_registered"] == linked == cases
        and verification["returned"] == 0
    )
    print(f"check: {verification}", flush=True)

    # The server's own clock: filing created -> case registered_at (stamped inside the
    # intake transaction), per round, next to what the clients saw.
    server = dict(
        database.query(
            "SELECT f.public_id::text, EXTRACT(EPOCH FROM c.registered_at - f.created_at)"
            " FROM filings_filing f JOIN cases_case c ON c.id = f.case_id"
        )
    )
    for item in filing_rounds:
        values = [float(server[c["filing"]]) for c in item["claims_detail"] if c["filing"]]
        item["server_latency_s"] = {
            "p50": round(benchlib.quantile(values, 0.5), 3),
            "p95": round(benchlib.quantile(values, 0.95), 3),
        }

    results = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": benchlib.command_line(__file__),
        "machine": benchlib.machine_info(
            ["django", "djangorestframework", "gunicorn", "celery", "psycopg"],
            {"postgresql": database.version()},
        ),
        "args": {
            "rounds": args.rounds,
            "claims": args.claims,
            "clients": args.clients,
            "variants": args.variants,
            "warmup": args.warmup,
            "poll": args.poll,
            "readers": args.readers,
            "reads": args.reads,
            "port": args.port,
        },
        "litigants": len(litigants),
        "judges": described["judges"],
        "filing_rounds": filing_rounds,
        "read_rounds": read_rounds,
        "verification": verification,
        "warnings": bench.warnings,
    }
    benchlib.write_report(args.results, "filing", render(results), results)
    return 0 if verification["ok"] else 1


if __name__ == "__main__":
    if len(sys.argv) == 7 and sys.argv[1] == "_setup":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "judicial_account.settings")
        setup_data(
            Path(sys.argv[2]),
            litigants=int(sys.argv[3]),
            judges=int(sys.argv[4]),
            port=int(sys.argv[5]),
            work=Path(sys.argv[6]),
        )
        sys.exit(0)
    sys.exit(main())
