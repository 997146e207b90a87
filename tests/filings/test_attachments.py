import io

import pytest
from PIL import Image
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import copy_into_new_writer

from filings.attachments import AttachmentRefused, attachment_check
from tests.filings.conftest import docx_bytes, pdf_bytes, upload


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, "PNG")
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(pdf_bytes())))
    writer.encrypt("owner", "user")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [
        (pdf_bytes(), "claim.pdf", "application/pdf"),
        (pdf_bytes(), "named-wrong.docx", "application/pdf"),
        (png_bytes(), "photo.png", "image/png"),
        (
            docx_bytes(),
            "contract.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_type_comes_from_the_content(content, name, kind):
    checked = attachment_check(upload(content, name))
    assert checked.content_type == kind and len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"MZ\x90\x00 this is a windows program", "scan.pdf", "type"),
        (b"plain text pretending", "claim.pdf", "type"),
        (b"", "empty.pdf", "empty"),
        (b"%PDF-1.7\nthis is not really a pdf", "broken.pdf", "corrupt"),
        (encrypted_pdf(), "locked.pdf", "pdf_encrypted"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "broken.png", "corrupt"),
        (b"PK\x03\x04 not a zip at all", "fake.docx", "corrupt"),
    ],
)
def test_bad_files_are_refused_with_the_reason(content, name, code):
    with pytest.raises(AttachmentRefused) as refusal:
        attachment_check(upload(content, name))
    assert refusal.value.code == code
    assert refusal.value.message


def test_zip_that_is_not_a_word_document_is_refused():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("readme.txt", "hello")
    with pytest.raises(AttachmentRefused) as refusal:
        attachment_check(upload(buffer.getvalue(), "x.docx"))
    assert refusal.value.code == "type"


def test_size_limits(settings):
    settings.FILING_MAX_FILE_BYTES = 1000
    with pytest.raises(AttachmentRefused) as refusal:
        attachment_check(upload(pdf_bytes() + b" " * 2000))
    assert refusal.value.code == "too_large"
    settings.FILING_MAX_FILE_BYTES = 10**7
    settings.FILING_MAX_TOTAL_BYTES = 3000
    with pytest.raises(AttachmentRefused) as refusal:
        attachment_check(upload(pdf_bytes()), already_attached_bytes=2500)
    assert refusal.value.code == "total_too_large"


def test_unreachable_virus_scanner_fails_closed(settings, tmp_path):
    settings.FILING_CLAMD_SOCKET = str(tmp_path / "no-clamd.sock")
    with pytest.raises(AttachmentRefused) as refusal:
        attachment_check(upload(pdf_bytes()))
    assert refusal.value.code == "scan_failed"
