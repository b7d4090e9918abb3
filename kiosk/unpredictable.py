"""Unpredictable values on the request path (submission ids, reference codes) without a system call each.

`secrets` asks the operating system for every value, and that system call lets go of the GIL. Under load
the thread then queues behind the other request threads to get it back: one such call per served form cost
the form page about a tenth of its throughput, and a reference code drawn symbol by symbol did the same to
submits (bench/README.md).

Here 256 bits from the operating system, drawn once per process (and again in a forked child), key BLAKE2b
over a counter. Without the key the outputs cannot be told from random (BLAKE2b as a keyed pseudorandom
function), and they never repeat: within a process the counter differs, between processes the key does.
"""
from __future__ import annotations

import hashlib
import itertools
import os
import secrets

_key = secrets.token_bytes(32)
_counter = itertools.count()  # next() on it is atomic: no lock needed between request threads


def _new_key() -> None:
    global _key
    _key = secrets.token_bytes(32)


if hasattr(os, "register_at_fork"):  # POSIX: a forked server process must not repeat its parent's values
    os.register_at_fork(after_in_child=_new_key)


def token_bytes(size: int = 16) -> bytes:
    """`size` (1 to 64) unpredictable bytes."""
    return hashlib.blake2b(next(_counter).to_bytes(8, "little"), key=_key, digest_size=size).digest()


def token_hex(size: int = 16) -> str:
    return token_bytes(size).hex()


def randbits(count: int) -> int:
    """An unpredictable whole number of `count` bits (1 to 512)."""
    size = (count + 7) // 8
    return int.from_bytes(token_bytes(size), "little") >> (8 * size - count)
