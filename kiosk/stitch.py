"""A stored page with one value of its own per response: the blank consult form and its submission_id.

The blank form is the same for every patient but for its `submission_id` (SPEC §4: fresh in every served
form, so two patients never share one). So it is rendered once per language and catalog version with a
slot where the id goes, and kept in two pieces around the slot, plain and compressed. A response is the
pieces with the new id between them: no rendering, no compression per request.

The gzip form is stitched the same way. The part before the slot is deflated and ended with a full flush
(byte-aligned, and nothing after it refers back into it), the id follows as a stored (uncompressed)
deflate block, and the part after it is deflated on its own as the stream's final block. The gzip trailer
holds the CRC-32 and length of the whole page: the CRC of the first part is kept, and carried over the id
and the rest per response (zlib.crc32 continues a running value).
"""
from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, current_app

from . import extensions, pagecache
from .assets import accepts_gzip

SLOT = "kiosk-stitch-slot"  # rendered where the value goes; appears nowhere else on the page
# zlib.crc32 lets go of the GIL for more than 5 KiB. Under load a thread that lets go waits for it again
# behind the other request threads, which cost the form page a seventh of its throughput (bench/README.md);
# the CRC of a few KiB takes a microsecond or two, so it is computed in pieces that keep the GIL.
CRC_PIECE = 4096
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # deflate, no name, mtime 0, best, unknown OS


@dataclass(frozen=True)
class Stitched:
    status: int
    head: bytes
    tail: bytes
    plain_headers: tuple[tuple[str, str], ...]
    gzip_head: bytes
    gzip_tail: bytes
    head_crc: int
    gzip_headers: tuple[tuple[str, str], ...]
    tail_pieces: tuple[bytes, ...]  # the tail in pieces of at most CRC_PIECE bytes


def _deflate(data: bytes, mode: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(mode)


def _store(response: Response, cache_control: str) -> Stitched:
    body = response.get_data()
    head, slot, tail = body.partition(SLOT.encode())
    if not slot or SLOT.encode() in tail:
        raise ValueError("a stitched page must show its slot exactly once")
    content_type = response.headers["Content-Type"]
    return Stitched(
        response.status_code, head, tail,
        pagecache.ready_headers(content_type, cache_control, None),
        _GZIP_HEADER + _deflate(head, zlib.Z_FULL_FLUSH), _deflate(tail, zlib.Z_FINISH), zlib.crc32(head),
        pagecache.ready_headers(content_type, cache_control, "gzip"),
        tuple(tail[start:start + CRC_PIECE] for start in range(0, len(tail), CRC_PIECE)))


def _gzip_body(page: Stitched, value: bytes) -> bytes:
    # A non-final stored block: BFINAL=0, BTYPE=00 (byte-aligned after the full flush), LEN, NLEN, bytes.
    stored = b"\x00" + struct.pack("<HH", len(value), len(value) ^ 0xFFFF) + value
    crc = zlib.crc32(value, page.head_crc)
    for piece in page.tail_pieces:
        crc = zlib.crc32(piece, crc)
    size = (len(page.head) + len(value) + len(page.tail)) & 0xFFFFFFFF
    return b"".join((page.gzip_head, stored, page.gzip_tail, struct.pack("<II", crc, size)))


def serve(name: str, render: Callable[[str], object], value: str, cache_control: str) -> Response:
    """The page stored under `name` with `value` in its slot; `render(SLOT)` renders it on a miss."""
    cache = extensions.pagecache()
    key = (name, pagecache.catalog_version())
    page = cache.get(key)
    if page is None:
        page = _store(current_app.make_response(render(SLOT)), cache_control)
        cache.put(key, page)
    filler = value.encode()
    if len(filler) > 0xFFFF:
        raise ValueError("a stitched value fits one stored block")
    if accepts_gzip():
        return pagecache.ready_response(_gzip_body(page, filler), page.status, page.gzip_headers)
    return pagecache.ready_response(page.head + filler + page.tail, page.status, page.plain_headers)
