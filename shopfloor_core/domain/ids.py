"""Client-made record ids: UUIDv7 (RFC 9562), time-ordered so inserts stay index-friendly.

Python 3.11 has no ``uuid.uuid7``. Ids made within the same millisecond are kept strictly
increasing with the 12-bit ``rand_a`` field used as a counter (RFC 9562, method 1), so the
order of ids made on one device is the order they were made in.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def uuid7(now_ms: int | None = None) -> uuid.UUID:
    """Return a new UUIDv7; ``now_ms`` is for tests only."""
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000 if now_ms is None else now_ms
        if ms <= _last_ms:
            # Same millisecond, or the wall clock stepped back: keep counting from the last
            # stamp so ids never go backwards on this device.
            _counter += 1
            if _counter > 0xFFF:
                _last_ms += 1
                _counter = 0
            ms = _last_ms
        else:
            _last_ms = ms
            _counter = int.from_bytes(os.urandom(2), "big") & 0x3FF  # leave room to count
        rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
        value = (ms & ((1 << 48) - 1)) << 80
        value |= 0x7 << 76
        value |= _counter << 64
        value |= 0b10 << 62
        value |= rand_b
        return uuid.UUID(int=value)


def new_id() -> str:
    """A new record id as the canonical 36-character string."""
    return str(uuid7())


def timestamp_ms(record_id: str) -> int:
    """The Unix time in milliseconds embedded in a UUIDv7 id."""
    return uuid.UUID(record_id).int >> 80
