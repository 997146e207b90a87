"""What a person signs when they sign a filing: a canonical, human-readable JSON document
with every field of the filing and the SHA-256 of every attachment. Changing anything,
including an attachment, changes the manifest, so the signature no longer matches."""

import json

from filings.models import Filing


def filing_manifest(filing: Filing) -> bytes:
    document = {
        "type": "judicial-account/filing",
        "version": 1,
        "id": str(filing.public_id),
        "kind": filing.kind,
        "author_iin": filing.author.iin,
        "on_behalf_of_bin": filing.on_behalf_of.bin if filing.on_behalf_of else None,
        "court": filing.court.code if filing.court else None,
        "category": filing.category.code if filing.category else None,
        # A review names the lower case it was filed in, also after it opened its own case.
        "case": (
            filing.appealed_act.case_number
            if filing.appealed_act_id
            else (filing.case.number if filing.case else None)
        ),
        "subject": filing.subject,
        # Fixed two decimals: 1500000 and 1500000.00 are the same claim and must sign alike.
        "amount": f"{filing.amount:.2f}" if filing.amount is not None else None,
        "simplified": filing.simplified,
        "text": filing.text,
        "parties": [
            {"role": p.role, "iin": p.iin, "bin": p.bin, "name": p.name, "address": p.address}
            for p in filing.parties.all()
        ],
        "attachments": [
            {"name": a.name, "type": a.content_type, "size": a.size, "sha256": a.sha256}
            for a in filing.attachments.all()
        ],
    }
    if filing.appealed_act_id:
        # Only reviews carry this key, so every other manifest (and its signature) is as before.
        document["appealed_act"] = filing.appealed_act.verification_code
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1).encode()
