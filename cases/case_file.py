"""The e-case file: adding documents (append-only, hash-chained per case) and verifying
the whole file against its chain and the stored bytes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cases.models import Case, CaseDocument
from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record

GENESIS = "0" * 64


def _link(previous: str, position: int, kind: str, sha256: str) -> str:
    return hashlib.sha256(f"{previous}|{position}|{kind}|{sha256}".encode()).hexdigest()


@transaction.atomic
def case_document_add(
    *,
    case: Case,
    kind: str,
    title: str,
    content: bytes,
    file_name: str,
    content_type: str,
    filed_by=None,
    signature=None,
    previous_version: CaseDocument | None = None,
) -> CaseDocument:
    """Append a document to the case file. The case row is locked so that positions and
    the chain stay in one order under concurrent filings."""
    Case.objects.select_for_update().filter(pk=case.pk).first()
    last = CaseDocument.objects.filter(case=case).order_by("-position").first()
    position = (last.position + 1) if last else 1
    sha256 = hashlib.sha256(content).hexdigest()
    document = CaseDocument(
        case=case,
        position=position,
        kind=kind,
        title=title[:255],
        file_name=file_name[-255:],
        content_type=content_type,
        size=len(content),
        sha256=sha256,
        filed_by=filed_by,
        filed_at=timezone.now(),
        signature=signature,
        previous_version=previous_version,
        chain_hash=_link(last.chain_hash if last else GENESIS, position, kind, sha256),
    )
    document.file.save(file_name[-80:], ContentFile(content), save=False)
    document.save()
    audit_record(
        filed_by,
        AuditAction.CASE_DOCUMENT_ADDED,
        target=case,
        details={"position": position, "kind": kind, "sha256": sha256},
    )
    return document


@dataclass(frozen=True)
class CaseFileReport:
    ok: bool
    checked: int
    first_broken: int | None = None
    reason: str = ""


def case_file_verify(case: Case) -> CaseFileReport:
    """Walk the chain and re-hash every stored file."""
    previous = GENESIS
    checked = 0
    for document in CaseDocument.objects.filter(case=case).order_by("position"):
        if document.chain_hash != _link(
            previous, document.position, document.kind, document.sha256
        ):
            return CaseFileReport(False, checked, document.position, "chain")
        digest = hashlib.sha256()
        with document.file.open("rb") as handle:
            for chunk in iter(lambda handle=handle: handle.read(1 << 20), b""):
                digest.update(chunk)
        if digest.hexdigest() != document.sha256:
            return CaseFileReport(False, checked, document.position, "content")
        previous = document.chain_hash
        checked += 1
    return CaseFileReport(True, checked)
