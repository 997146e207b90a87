"""The public on a phone: searches the register, opens an act (depersonalised), checks its
authenticity from the act's page, follows the QR code printed on the act's PDF (read with
zbar from the rendered page) and uploads the PDF to the checker. Nobody is logged in."""

import secrets
import subprocess
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from acts_registry import indexing
from acts_registry.models import Act, ActKind, ActSource, ActStatus, Outcome
from acts_registry.pdf import act_pdf_issue, act_public_pdf_issue
from tests.factories import CaseCategoryFactory, DistrictCourtFactory

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "Тайноватов"


def public_act(court, category, **fields) -> Act:
    now = timezone.now()
    values = {
        "source": ActSource.SYNTHETIC,
        "kind": ActKind.DECISION,
        "outcome": Outcome.GRANTED,
        "status": ActStatus.IN_FORCE,
        "title": "Решение",
        "text": f"Истец {SECRET} просит взыскать долг по договору займа. Иск удовлетворить.",
        "text_public": "Истец [ФИО-1] просит взыскать долг по договору займа. Иск удовлетворить.",
        "case_number": f"2-{secrets.randbelow(9000) + 1000}/2026",
        "court_code": court.code,
        "court_name": court.name_ru,
        "region_code": court.region.code,
        "region_name": court.region.name_ru,
        "category_code": category.code,
        "category_name": category.name_ru,
        "instance": "first",
        "issued_at": now,
        "issued_on": timezone.localdate(),
        "in_force_on": timezone.localdate(),
        "published_at": now,
        "depersonalised_at": now,
        "verification_code": secrets.token_hex(6).upper(),
    }
    return Act.objects.create(**(values | fields))


def in_own_thread(work):
    """pyHanko seals through asyncio.run(), which refuses to run in a thread where
    Playwright's event loop is running: seal in a thread of its own."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def run():
        try:
            return work()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def qr_urls(pdf: bytes, directory) -> list[str]:
    (directory / "act.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", str(directory / "act.pdf"), str(directory / "page")],
        check=True,
    )
    pages = sorted(str(p) for p in directory.glob("page*.png"))
    decoded = subprocess.run(
        ["zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", *pages],
        capture_output=True,
        text=True,
    )
    return decoded.stdout.split()


def test_public_search_act_page_and_verification_by_qr(
    phone_page, live_server, seals, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = live_server.url  # the QR code points at this server
    court = DistrictCourtFactory(code="T1")  # the test seals include court T1's
    category = CaseCategoryFactory(code="loans", name_ru="Займы")
    act = public_act(court, category)
    public_act(court, category, text_public="Иск о расторжении брака удовлетворить.")
    act = in_own_thread(lambda: (act_pdf_issue(act.pk), act_public_pdf_issue(act.pk))[1])
    indexing.search_reindex()
    page = phone_page

    # Search with another form of the words than the act uses ("договор займ" finds
    # "договору займа"): one act, its snippet highlighted, no party name anywhere.
    page.goto(f"{live_server.url}/register/")
    page.fill("#r-q", "договор займ")
    page.press("#r-q", "Enter")
    page.wait_for_url("**/register/?*")
    hits = page.locator(".register-hit")
    assert hits.count() == 1
    assert hits.first.locator("mark").count() >= 1
    assert act.case_number in hits.first.inner_text()
    assert SECRET not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The act's page shows the depersonalised text and leads to its verification page.
    hits.first.locator("h3 a").click()
    page.wait_for_url(f"**/register/{act.pk}/")
    assert "[ФИО-1]" in page.content() and SECRET not in page.content()
    page.locator(f'a[href="/verify/{act.verification_code}/"]').click()
    page.wait_for_url(f"**/verify/{act.verification_code}/")
    assert act.case_number in page.content() and act.pdf_sha256 in page.content()

    # The QR code printed on the issued PDF opens the same page.
    urls = qr_urls(act.pdf.read(), tmp_path)
    assert urls == [f"{live_server.url}/verify/{act.verification_code}/"]
    page.goto(urls[0])
    assert act.case_number in page.locator("main").inner_text()

    # Uploading the issued PDF: byte-identical, seal valid; a tampered copy: not identical.
    page.goto(f"{live_server.url}/verify/")
    page.set_input_files("#file", str(tmp_path / "act.pdf"))
    page.locator('form[enctype="multipart/form-data"] button[type="submit"]').click()
    status = page.locator("[data-reason]")
    assert status.get_attribute("data-reason") == "identical"
    tampered = bytearray((tmp_path / "act.pdf").read_bytes())
    tampered[len(tampered) // 3] ^= 0x01
    (tmp_path / "tampered.pdf").write_bytes(bytes(tampered))
    page.goto(f"{live_server.url}/verify/")
    page.set_input_files("#file", str(tmp_path / "tampered.pdf"))
    page.locator('form[enctype="multipart/form-data"] button[type="submit"]').click()
    reason = page.locator("[data-reason]").get_attribute("data-reason")
    assert reason not in ("identical", "identical_seal_invalid")
    assert urlparse(page.url).path.startswith("/verify/")
