"""Who may see or act on signing requests and signatures: the one place for it."""

from django.http import Http404

from judicial_account.pki.models import SigningRequest


def signing_requests_visible(user):
    """A document put up for signing is its owner's alone (court staff see filed
    documents through the case file, not here)."""
    if not user.is_authenticated:
        return SigningRequest.objects.none()
    return SigningRequest.objects.filter(owner=user)


def signing_request_get_for(user, public_id) -> SigningRequest:
    """The request if `user` may see it; otherwise 404, the same as a missing one."""
    request = (
        signing_requests_visible(user)
        .select_related("signature")
        .filter(public_id=public_id)
        .first()
    )
    if request is None:
        raise Http404
    return request
