"""The portal's RFC 3161 time-stamping service (for the demo and for clients without
access to the national TSA): POST application/timestamp-query, answer
application/timestamp-reply, signed with the TSA key."""

from asn1crypto import tsp
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from judicial_account.pki.pades import local_timestamper

MAX_QUERY_BYTES = 4096


@csrf_exempt  # a protocol endpoint for machines, no session involved
@require_POST
def timestamp(request):
    body = request.body
    if not body or len(body) > MAX_QUERY_BYTES:
        return HttpResponse("bad request", status=400, content_type="text/plain")
    if request.content_type != "application/timestamp-query":
        return HttpResponse(
            "expected application/timestamp-query", status=415, content_type="text/plain"
        )
    try:
        query = tsp.TimeStampReq.load(body, strict=True)
        query["message_imprint"]["hash_algorithm"]["algorithm"].native  # noqa: B018 - parses
    except (ValueError, TypeError, KeyError):
        return HttpResponse("malformed time-stamp query", status=400, content_type="text/plain")
    reply = local_timestamper().request_tsa_response(query)
    return HttpResponse(reply.dump(), content_type="application/timestamp-reply")
