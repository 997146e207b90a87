import io
import zipfile

import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import PartyRole
from filings import services
from judicial_account import registries
from tests.factories import CaseCategoryFactory, CourtStaffFactory, DistrictCourtFactory


def pdf_bytes(text: str = "Договор займа") -> bytes:
    return weasyprint.HTML(string=f"<h1>{text}</h1>").write_pdf()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(content: bytes, name: str = "evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def registry_people(n: int):
    return [p for p in registries.backend().people() if registries.mobile_number_lookup(p.iin)][:n]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def court():
    court = DistrictCourtFactory()
    loans = CaseCategoryFactory(code="loans", name_ru="Займы")
    CourtStaffFactory(court=court).specialisations.set([loans])
    return court


@pytest.fixture
def fee_table(db):
    """The fee table comes from a data migration; tests that truncate tables (live server,
    worker) wipe it for the tests after them, so it is loaded again when missing."""
    from filings.fee_table import fee_table_load

    fee_table_load()


@pytest.fixture
def loans(court, fee_table):
    return CaseCategoryFactory(code="loans")


@pytest.fixture
def complete_claim(court, loans):
    """complete_claim(author) → a draft with everything a claim needs."""

    def make(author, *, amount=1_500_000, category=None):
        filing = services.filing_draft_create(author=author)
        services.filing_update(
            filing=filing,
            court=court,
            category=category or loans,
            subject="Взыскание долга по договору займа",
            amount=amount,
            text="Прошу взыскать с ответчика сумму долга.",
        )
        entity = registries.backend().legal_entities()[0]
        services.filing_party_add(filing=filing, role=PartyRole.PLAINTIFF, iin=author.iin)
        services.filing_party_add(filing=filing, role=PartyRole.DEFENDANT, bin_=entity.bin)
        services.filing_attachment_add(filing=filing, upload=upload(pdf_bytes()))
        return filing

    return make
