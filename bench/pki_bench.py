"""Signature throughput on one core: CMS verification (signature, chain to the root, CRL
lookup, key usage) for RSA-2048 and ECDSA P-256 signers, and PAdES B-LT sealing of a
two-page act (WeasyPrint render excluded, local RFC 3161 time-stamp included).

    .venv/bin/python bench/pki_bench.py [--rounds 5] [--verifications 400] [--seals 20]

Prints a Markdown table of medians over the rounds. Runs in one process (one core); it
uses a throw-away CA in a temporary directory and touches no database row.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "judicial_account.settings")

import benchlib  # noqa: E402 - the bench folder is on the path when run as a script


def rate(func, count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        func()
    return count / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--verifications", type=int, default=400)
    parser.add_argument("--seals", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    import weasyprint
    from django.test import override_settings

    from judicial_account.pki.ca import SIGN
    from judicial_account.pki.client import cms_sign
    from judicial_account.pki.pades import pdf_seal
    from judicial_account.pki.seals import seal_identity, seals_issue
    from judicial_account.pki.trust import trust_store
    from judicial_account.pki.verify import cms_verify

    work = Path(tempfile.mkdtemp(prefix="pki-bench-"))
    ca, pki = benchlib.throwaway_ca(work)
    document = os.urandom(200 * 1024)  # a 200 KB attachment
    results = {}
    with override_settings(**pki):
        # A CRL with a few thousand revoked serials, as a real issuing CA publishes.
        index = ca._index()  # noqa: SLF001 - filling the demo CA's index directly
        for serial in range(2000):
            index["revoked"][str(10**30 + serial)] = "2024-01-01T00:00:00+00:00"
        ca._save_index(index)  # noqa: SLF001
        ca.publish_crls()
        store = trust_store()
        for key_type, label in (("rsa", "RSA-2048"), ("ec", "ECDSA P-256")):
            key, cert = ca.issue(
                purpose=SIGN, common_name="BENCH", key_type=key_type, iin="850314300017"
            )
            cms_der = cms_sign(document, key, cert)
            assert cms_verify(cms_der, content=document, store=store).valid
            results[f"CMS verify, {label} (chain + CRL), per s"] = [
                rate(
                    lambda cms_der=cms_der: cms_verify(cms_der, content=document, store=store),
                    args.verifications,
                )
                for _ in range(args.rounds)
            ]
            results[f"CMS sign, {label}, per s"] = [
                rate(lambda key=key, cert=cert: cms_sign(document, key, cert), args.verifications)
                for _ in range(args.rounds)
            ]
        seals_issue(ca, courts=[("B1", "Bench court")])
        act = weasyprint.HTML(
            string="<h1>Решение</h1>" + "<p>Текст решения суда.</p>" * 120
        ).write_pdf()
        court = seal_identity("court-b1")
        results["PAdES B-LT seal (with time-stamp), per s"] = [
            rate(lambda: pdf_seal(act, identity=court, field_name="CourtSeal"), args.seals)
            for _ in range(args.rounds)
        ]
        results["WeasyPrint render, 2-page act, per s"] = [
            rate(
                lambda: weasyprint.HTML(
                    string="<h1>Решение</h1>" + "<p>Текст решения суда.</p>" * 120
                ).write_pdf(),
                5,
            )
            for _ in range(args.rounds)
        ]
    print(f"| measure (one core) | median | min | max |  (rounds: {args.rounds})")
    print("|---|---|---|---|")
    for name, values in results.items():
        print(
            f"| {name} | {statistics.median(values):,.0f} | {min(values):,.0f} "
            f"| {max(values):,.0f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
