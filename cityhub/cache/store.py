"""The kept answers: bounded in bytes (least recently used goes first), each with a
lifetime, valid only while the versions of what it read are unchanged."""

from __future__ import annotations

import gzip
import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cityhub import clock
from cityhub.cache.versions import Deps, Versions

ENTRY_OVERHEAD = 512  # bytes counted per entry beyond its body (key, headers, bookkeeping)


@dataclass
class Entry:
    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...]
    deps: Deps
    expires: datetime  # on the project's clock (tests that move it move this too)
    # Not an answer: "the answer to this depends on who asks; look for theirs".
    per_viewer: bool = False
    etag: str = ""
    _gzipped: bytes | None = field(default=None, repr=False)

    @property
    def size(self) -> int:
        return len(self.body) + len(self._gzipped or b"") + ENTRY_OVERHEAD

    def gzipped(self) -> bytes:
        if self._gzipped is None:
            self._gzipped = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self._gzipped


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def expiry(ttl: float, changes_at: datetime | None, now: datetime) -> datetime:
    """Until when an answer may be kept: the TTL, or less when it changes with the clock."""
    until = now + timedelta(seconds=ttl)
    return until if changes_at is None else min(until, changes_at)


class Store:
    def __init__(self, versions: Versions, max_bytes: int, ttl: float) -> None:
        self.versions = versions
        self.max_bytes = max_bytes
        self.ttl = ttl
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        self.stores = 0
        self.evictions = 0
        self._entries: OrderedDict[tuple[object, ...], Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: tuple[object, ...]) -> Entry | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.expires <= clock.now() or not self.versions.still_valid(entry.deps):
            self._drop(key)
            return None
        self._entries.move_to_end(key)
        return entry

    def put(self, key: tuple[object, ...], entry: Entry) -> None:
        if entry.size > self.max_bytes // 4:  # one answer never pushes out a quarter
            return
        self._drop(key)
        self._entries[key] = entry
        self.bytes += entry.size
        self.stores += 1
        while self.bytes > self.max_bytes and self._entries:
            oldest = next(iter(self._entries))
            self._drop(oldest)
            self.evictions += 1

    def grew(self, entry: Entry, before: int) -> None:
        """An entry's compressed body was added after it was stored."""
        self.bytes += entry.size - before

    def clear(self) -> None:
        self._entries.clear()
        self.bytes = 0

    def _drop(self, key: tuple[object, ...]) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self.bytes -= entry.size
