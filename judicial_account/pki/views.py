from django.conf import settings
from django.http import FileResponse, Http404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

# Only these files are published; the names come from the URL pattern, never a path.
_PUBLISHED = {
    ("crl", "root"): ("root.crl", "application/pkix-crl"),
    ("crl", "issuing"): ("issuing.crl", "application/pkix-crl"),
    ("ca", "root"): ("root.pem", "application/x-pem-file"),
    ("ca", "issuing"): ("issuing.pem", "application/x-pem-file"),
}


@require_GET
@cache_control(public=True, max_age=3600)
def published_file(request, kind: str, name: str):
    """The CA certificates and CRLs the portal's demo CA publishes (the CRL distribution
    point in every certificate it issues points here)."""
    entry = _PUBLISHED.get((kind, name))
    path = settings.PKI_DIR / entry[0] if entry else None
    if path is None or not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), content_type=entry[1], filename=entry[0])
