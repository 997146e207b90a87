"""Who may see or change a filing: its author (and nobody else) while it is theirs; once
filed into a case it is also part of the e-case file, which cases.access governs."""

from django.http import Http404

from filings.models import Filing


def filings_visible(user):
    if not user.is_authenticated:
        return Filing.objects.none()
    return Filing.objects.filter(author=user)


def filing_get_for(user, public_id) -> Filing:
    filing = (
        filings_visible(user)
        .select_related("court", "category", "case", "signing_request__signature", "author")
        .filter(public_id=public_id)
        .first()
    )
    if filing is None:
        raise Http404
    return filing
