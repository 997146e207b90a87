"""Serving a stored file with HTTP range requests (RFC 9110 §14), which audio and video
players need to seek: a player asks for `Range: bytes=N-` when the user jumps to a moment,
and a three-hour recording must not be sent from its beginning each time.

One range per request is served; a request for several gets the whole file, which the
RFC allows and no browser player needs otherwise."""

from __future__ import annotations

import re

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def range_parse(header: str, size: int) -> tuple[int, int] | None | bool:
    """(first, last) byte positions, inclusive; None when the whole file is to be sent
    (no header, several ranges, or a header this parser does not understand); False when
    the range cannot be satisfied."""
    match = _RANGE.match(header.strip()) if header else None
    if match is None:
        return None
    first_text, last_text = match.groups()
    if not first_text and not last_text:
        return None
    if not first_text:  # "bytes=-500": the last 500 bytes
        suffix = int(last_text)
        if suffix == 0:
            return False
        return max(size - suffix, 0), size - 1
    first = int(first_text)
    last = int(last_text) if last_text else size - 1
    if first >= size or last < first:
        return False
    return first, min(last, size - 1)


def _chunks(handle, first: int, length: int):
    try:
        handle.seek(first)
        remaining = length
        while remaining > 0:
            block = handle.read(min(CHUNK, remaining))
            if not block:
                break
            remaining -= len(block)
            yield block
    finally:
        handle.close()


def ranged_file_response(
    request, field_file, *, size: int, content_type: str, filename: str, as_attachment: bool
):
    """A 200 with the whole file, or a 206 with the part asked for, or a 416."""
    wanted = range_parse(request.headers.get("Range", ""), size)
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    if wanted is None:
        response = FileResponse(
            field_file.open("rb"),
            as_attachment=as_attachment,
            filename=filename,
            content_type=content_type,
        )
        response["Accept-Ranges"] = "bytes"
        return response
    first, last = wanted
    length = last - first + 1
    response = StreamingHttpResponse(
        _chunks(field_file.open("rb"), first, length), status=206, content_type=content_type
    )
    response["Content-Length"] = str(length)
    response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response
