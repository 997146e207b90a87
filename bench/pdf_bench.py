"""The act's PDF on one worker: WeasyPrint render of a two-page act (court header, text,
QR code and Code 128 barcode as inline SVG, page numbers) and PAdES B-LT sealing by a
court's seal with a local RFC 3161 time-stamp, as `acts_registry.pdf` does them.

    .venv/bin/python bench/pdf_bench.py [--runs 12] [--results bench/results]

One process = one core (a Celery worker process does one PDF at a time). The act is an
unsaved model object and the seal comes from a throw-away CA in a temporary directory:
no database, nothing stored. Writes pdf.md and pdf.json.
"""

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import benchlib

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "judicial_account.settings")

PARAGRAPH = (
    "Суд, рассмотрев в открытом судебном заседании гражданское дело по иску [ФИО 1] к "
    "ТОО «Ромашка» о взыскании задолженности по договору займа, исследовав материалы "
    "дела и выслушав стороны, установил следующее. "
)


def bench_act(paragraphs: int):
    from acts_registry.models import Act, ActKind, ActStatus, Outcome

    return Act(
        pk=1,
        kind=ActKind.DECISION,
        outcome=Outcome.PARTIALLY_GRANTED,
        awarded_amount=1_250_000,
        status=ActStatus.ISSUED,
        title="Решение",
        text="Именем Республики Казахстан.\n\n" + "\n\n".join([PARAGRAPH * 3] * paragraphs),
        case_number="2-1504/2026",
        court_code="B1",
        court_name="Казыбекбийский районный суд г. Караганды",
        region_name="Карагандинская область",
        judge_names="Сейтказиева А. М.",
        issued_on=dt.date(2026, 3, 2),
        verification_code="BENCH2345678",
    )


def page_count(pdf: bytes, work: Path) -> int:
    path = work / "act.pdf"
    path.write_bytes(pdf)
    pdfinfo = shutil.which("pdfinfo") or "pdfinfo"
    info = subprocess.run(  # noqa: S603 - a fixed poppler tool on our own file
        [pdfinfo, str(path)], capture_output=True, text=True, check=True
    ).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=12)
    parser.add_argument("--paragraphs", type=int, default=5, help="text length (2 pages)")
    parser.add_argument("--results", type=Path, default=benchlib.BASE_DIR / "bench/results")
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import override_settings

    from acts_registry.pdf import act_pdf_render, act_pdf_seal
    from judicial_account.pki.seals import seals_issue

    work = Path(tempfile.mkdtemp(prefix="pdf-bench-"))
    ca, pki = benchlib.throwaway_ca(work)
    act = bench_act(args.paragraphs)
    render_ms, seal_ms, total_ms = [], [], []
    with override_settings(**pki):
        seals_issue(ca, courts=[("B1", "Bench court")])
        # Warm-up: fonts, templates, the seal's key and pyHanko's first use are one-offs.
        pages = page_count(act_pdf_seal(act_pdf_render(act, public=False), act), work)
        for _ in range(args.runs):
            start = time.perf_counter()
            pdf = act_pdf_render(act, public=False)
            rendered = time.perf_counter()
            act_pdf_seal(pdf, act)
            done = time.perf_counter()
            render_ms.append((rendered - start) * 1000)
            seal_ms.append((done - rendered) * 1000)
            total_ms.append((done - start) * 1000)

    def row(name: str, values: list[float]) -> str:
        return (
            f"| {name} | {statistics.median(values):.0f} | {benchlib.quantile(values, 0.95):.0f} "
            f"| {min(values):.0f} | {max(values):.0f} |"
        )

    info = benchlib.machine_info(["Django", "weasyprint", "pyHanko", "qrcode"], {})
    per_second = 1000 / statistics.median(total_ms)
    markdown = "\n".join(
        [
            "# Act PDF: render + seal per worker (bench/pdf_bench.py)",
            "",
            f"{dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}, commit {info['commit']} "
            f"(+{info['uncommitted_files']} uncommitted files).",
            "",
            f"Command: `{benchlib.command_line(__file__)}`",
            "",
            f"Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory_gib']} GiB, "
            f"Linux {info['kernel']}; Python {info['python']}, WeasyPrint {info['weasyprint']}, "
            f"pyHanko {info['pyHanko']}, qrcode {info['qrcode']}. One process, one core; the "
            "machine is shared, so read medians.",
            "",
            f"Act: {pages} A4 pages ({len(act.text):,} characters of text), court header, "
            "outcome, QR code and Code 128 barcode as inline SVG, page numbers. Seal: ECDSA "
            "P-256 court seal, PAdES B-LT (chain and CRLs embedded) with a local RFC 3161 "
            f"time-stamp. {args.runs} runs after one warm-up.",
            "",
            "| ms per PDF | median | p95 | min | max |",
            "|---|---:|---:|---:|---:|",
            row("WeasyPrint render", render_ms),
            row("PAdES seal", seal_ms),
            row("render + seal", total_ms),
            "",
            f"**{per_second:.1f} sealed PDFs per second per worker process** (1000 / median "
            "render + seal); a Celery worker with concurrency N on N cores makes about N times "
            "that.",
            "",
        ]
    )
    results = {
        "machine": info,
        "pages": pages,
        "runs": args.runs,
        "render_ms": render_ms,
        "seal_ms": seal_ms,
        "total_ms": total_ms,
        "pdfs_per_second_per_worker": per_second,
    }
    benchlib.write_report(args.results, "pdf", markdown, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
