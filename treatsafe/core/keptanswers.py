"""Answers a process worked out from shared data, kept in its memory while that data stays at the
version they were worked out at. The version lives in the database, where every process reads it:
a kept answer is only ever served after reading the current version and finding it unchanged, so
no process serves what another has changed. Bounded by the bytes kept; the least recently used
answer goes first."""

import threading
from collections.abc import Hashable

DEFAULT_MAX_BYTES = 8 * 1024 * 1024


class KeptAnswers:
    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES):
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._answers: dict[Hashable, tuple[Hashable, bytes]] = {}  # oldest use first
        self._bytes = 0

    def has(self, key: Hashable) -> bool:
        """Whether an answer is kept for `key` at any version (worth reading the version)."""
        return key in self._answers

    def get(self, key: Hashable, version: Hashable) -> bytes | None:
        """The answer kept for `key` if it was worked out at `version`."""
        with self._lock:
            kept = self._answers.pop(key, None)
            if kept is None:
                return None
            if kept[0] != version:  # stale for good: versions never come back
                self._bytes -= len(kept[1])
                return None
            self._answers[key] = kept  # now the most recently used
            return kept[1]

    def put(self, key: Hashable, version: Hashable, body: bytes) -> None:
        if len(body) > self.max_bytes:
            return
        with self._lock:
            old = self._answers.pop(key, None)
            if old is not None:
                self._bytes -= len(old[1])
            self._answers[key] = (version, body)
            self._bytes += len(body)
            while self._bytes > self.max_bytes:
                oldest = next(iter(self._answers))
                self._bytes -= len(self._answers.pop(oldest)[1])

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._answers)

    @property
    def size_bytes(self) -> int:
        return self._bytes
