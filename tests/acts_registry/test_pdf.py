"""The act's PDF, checked by outside referees: poppler's pdfsig for the seal, pdftoppm +
zbarimg for the QR code and the barcode, pdftotext for what the public copy says."""

import hashlib
import re
import subprocess
from io import BytesIO

import pytest
import weasyprint
from pyhanko.pdf_utils.reader import PdfFileReader

from acts_registry.barcode import BarcodeError, code128_svg, code128b_values, code128b_widths
from acts_registry.models import Act, ActSource, ActStatus
from acts_registry.pdf import act_pdf_issue, act_pdf_render, act_public_pdf_issue, public_pdf_ensure
from acts_registry.tasks import act_pdf_issue_task, pdf_issue_enqueue, public_pdf_enqueue

SITE = "https://sud.example.kz"

pytestmark = pytest.mark.django_db


def run(command: list[str]) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=False).stdout


def pdfsig(path) -> str:
    return run(["pdfsig", str(path)])


def pdftotext(path) -> str:
    return run(["pdftotext", "-layout", str(path), "-"])


def zbar_symbols(pdf_path, tmp_path, dpi: int = 150) -> list[str]:
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(pdf_path), str(tmp_path / "page")], check=True
    )
    pages = sorted(str(p) for p in tmp_path.glob("page*.png"))
    return run(["zbarimg", "-q", *pages]).splitlines()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = SITE
    return settings.MEDIA_ROOT


@pytest.fixture
def court_act(act_make, plaintiff, defendant, seals, media):
    """An issued act of the court "T1" (whose seal the test CA issued), naming both parties
    in its full text and only placeholders in its depersonalised one."""
    return act_make(
        court_code="T1",
        text=(
            f"Истец {plaintiff.full_name} обратился в суд с иском к {defendant.full_name} о "
            "взыскании долга по договору займа.\n\nСуд решил: иск удовлетворить."
        ),
        text_public=(
            "Истец [ФИО 1] обратился в суд с иском к [ФИО 2] о взыскании долга по договору "
            "займа.\n\nСуд решил: иск удовлетворить."
        ),
    )


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_issued_pdf_is_sealed_by_the_court_and_stored_with_its_hash(court_act, tmp_path):
    act = act_pdf_issue(court_act.pk)
    data = act.pdf.read()
    assert act.pdf_sha256 == hashlib.sha256(data).hexdigest()
    assert act.pdf_generated_at is not None
    report = pdfsig(write(tmp_path, "act.pdf", data))
    assert report.count("Signature is Valid.") == 1, report
    assert "Казыбекбийский районный суд" in report


def test_qr_points_to_the_verification_page_and_barcode_carries_the_code(court_act, tmp_path):
    act = act_pdf_issue(court_act.pk)
    symbols = zbar_symbols(write(tmp_path, "act.pdf", act.pdf.read()), tmp_path)
    code = act.verification_code
    assert f"QR-Code:{SITE}/verify/{code}/" in symbols
    assert f"CODE-128:{code}" in symbols


def test_code_and_verify_line_are_printed_in_text(court_act, tmp_path):
    act = act_pdf_issue(court_act.pk)
    text = pdftotext(write(tmp_path, "act.pdf", act.pdf.read()))
    assert act.verification_code in text
    assert f"{SITE}/verify/" in text
    assert act.case_number in text
    assert act.court_name.upper() in text


def test_public_copy_has_no_party_names(court_act, plaintiff, defendant, tmp_path):
    issued = pdftotext(write(tmp_path, "issued.pdf", act_pdf_issue(court_act.pk).pdf.read()))
    act = act_public_pdf_issue(court_act.pk)
    data = act.pdf_public.read()
    public = pdftotext(write(tmp_path, "public.pdf", data))
    assert plaintiff.last_name in issued and defendant.last_name in issued
    assert plaintiff.last_name not in public
    assert defendant.last_name not in public
    assert "[ФИО 1]" in public
    assert act.pdf_public_sha256 == hashlib.sha256(data).hexdigest()
    assert pdfsig(write(tmp_path, "p.pdf", data)).count("Signature is Valid.") == 1


def test_no_public_copy_without_a_depersonalised_text(act_make, seals, media):
    act = act_make(text_public="")
    assert act_public_pdf_issue(act.pk).pdf_public_sha256 == ""


def test_drafts_get_no_pdf(act_make, seals, media):
    draft = act_make(status=ActStatus.DRAFT, text_public="[ФИО 1]")
    assert act_pdf_issue(draft.pk).pdf_sha256 == ""
    assert act_public_pdf_issue(draft.pk).pdf_public_sha256 == ""


def test_issuing_twice_keeps_the_first_pdf(court_act):
    first = act_pdf_issue(court_act.pk)
    second = act_pdf_issue(court_act.pk)
    assert second.pdf.name == first.pdf.name
    assert second.pdf_sha256 == first.pdf_sha256


def test_a_court_without_a_seal_gets_the_portal_seal(act_make, seals, media, tmp_path):
    act = act_pdf_issue(act_make(court_code="NOSEAL").pk)
    report = pdfsig(write(tmp_path, "act.pdf", act.pdf.read()))
    assert report.count("Signature is Valid.") == 1, report
    assert "Judicial Account" in report


def test_long_act_has_numbered_pages(act_make, seals, media, tmp_path):
    act = act_make(text="\n\n".join(["Суд установил обстоятельства дела. " * 12] * 25))
    path = write(tmp_path, "long.pdf", act_pdf_render(act, public=False))
    pages = run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(path), "-"])
    info = run(["pdfinfo", str(path)])
    count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert count >= 2
    assert re.search(rf"\b1\s*/\s*{count}\b", pages), pages


def test_metadata_carries_the_code_and_the_copy(court_act):
    act = act_public_pdf_issue(court_act.pk)
    info = PdfFileReader(BytesIO(act.pdf_public.read())).trailer["/Info"]
    entries = {str(key).lower(): str(value) for key, value in info.items()}
    assert entries["/verificationcode"] == act.verification_code
    assert entries["/actcopy"] == "public"


def test_imported_act_gets_a_code_and_a_public_copy_on_first_download(act_make, seals, media):
    act = act_make(
        source=ActSource.IMPORT, verification_code=None, text_public="Суд решил: [ФИО 1]."
    )
    ensured = public_pdf_ensure(act)
    assert ensured.verification_code
    assert ensured.pdf_public_sha256
    assert Act.objects.get(pk=act.pk).pdf_public_sha256 == ensured.pdf_public_sha256


def test_tasks_are_queued_after_commit_and_run_the_service(
    court_act, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pdf_issue_enqueue(court_act.pk)
        public_pdf_enqueue(court_act.pk)
    assert len(callbacks) == 2
    act_pdf_issue_task(court_act.pk)
    assert Act.objects.get(pk=court_act.pk).pdf_sha256


# --- Code 128 --------------------------------------------------------------------------


def test_code128_symbol_structure():
    values = code128b_values("AB")
    assert values[0] == 104  # Start B
    assert values[1:3] == [33, 34]
    assert values[3] == (104 + 1 * 33 + 2 * 34) % 103
    widths = code128b_widths("AB")
    # Start, two characters and the check symbol of 11 modules each, Stop of 13.
    assert sum(widths) == 4 * 11 + 13
    assert len(widths) == 4 * 6 + 7


def test_code128_refuses_characters_outside_set_b():
    with pytest.raises(BarcodeError):
        code128b_values("Код")
    with pytest.raises(BarcodeError):
        code128b_values("")


PRINTABLE = "".join(chr(c) for c in range(32, 127))


def test_code128_decodes_with_zbar_for_every_printable_character(tmp_path):
    chunks = [PRINTABLE[i : i + 24] for i in range(0, len(PRINTABLE), 24)]
    html = "<style>@page { size: A4 landscape }</style>" + "".join(
        f'<div style="margin: 5mm">{code128_svg(chunk, module_mm=0.3)}</div>' for chunk in chunks
    )
    path = write(tmp_path, "codes.pdf", weasyprint.HTML(string=html).write_pdf())
    symbols = zbar_symbols(path, tmp_path, dpi=200)
    assert sorted(symbols) == sorted(f"CODE-128:{chunk}" for chunk in chunks)
