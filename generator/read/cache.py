"""What one process keeps between builds (`mkdocs serve`, benchmarks, repeated checks).

Two layers: each file's parse result, keyed by its content hash and found through its stat so
an unchanged file is not even read; and the whole previous result, reused while no input
changed (content, templates, settings, the git index that dates the reviews).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from generator.base.diagnostics import Diagnostic
from generator.base.parallel import map_batch
from generator.read.source import read_bytes

Parsed = TypeVar("Parsed")
Result = TypeVar("Result")
Context = TypeVar("Context", bound=Hashable)


@dataclass(frozen=True)
class _Entry(Generic[Parsed]):
    stat: tuple[int, int, int]
    digest: bytes
    parsed: Parsed | Diagnostic


# A file to read: where its result goes, its path, display name and context, its stat, and
# its last entry.
_Job = tuple[int, Path, str, Context, tuple[int, int, int], "_Entry[Any] | None"]


class ParseCache(Generic[Parsed]):
    """Parse results by file, valid while the file's content hash is unchanged."""

    def __init__(self) -> None:
        self._entries: dict[tuple[Path, Hashable], _Entry[Parsed]] = {}

    def parse_all(self, files: Sequence[tuple[Path, str, Context]],
                  parse: Callable[[bytes, str, Context], Parsed]) -> list[Parsed | Diagnostic]:
        """The parse of each (path, display, context), `context` being what else its parse
        depends on. Unchanged files are not even read; the others are read, hashed and parsed
        as one batch, so the reading is shared too (a tenth of a cold core at 10,000 reviews
        was this process reading files one after the other)."""
        found: list[Parsed | Diagnostic | None] = []
        jobs: list[_Job[Context]] = []
        for path, display, context in files:
            entry = self._entries.get((path, context))
            stat = _stat(path)
            if entry is not None and entry.stat == stat:
                found.append(entry.parsed)
                continue
            jobs.append((len(found), path, display, context, stat, entry))
            found.append(None)
        results = map_batch(lambda job: _read_and_parse(job, parse), jobs)
        for (index, path, _, context, stat, entry), (digest, parsed) in zip(jobs, results,
                                                                           strict=True):
            if digest is not None:
                if parsed is None:  # touched, not changed: the same objects as before
                    assert entry is not None
                    parsed = entry.parsed
                self._entries[(path, context)] = _Entry(stat, digest, parsed)
            found[index] = parsed
        return found  # type: ignore[return-value]

    def clear(self) -> None:
        self._entries = {}

    def forget_except(self, paths: set[Path]) -> None:
        """Drop entries of files that are gone, so a long session does not grow forever."""
        self._entries = {k: v for k, v in self._entries.items() if k[0] in paths}


class ResultCache(Generic[Result]):
    """The latest result and the signature of the inputs it was made from."""

    def __init__(self) -> None:
        self._last: tuple[Hashable, Result] | None = None

    def get(self, signature: Hashable) -> Result | None:
        if self._last is not None and self._last[0] == signature:
            return self._last[1]
        return None

    def put(self, signature: Hashable, result: Result) -> None:
        self._last = (signature, result)

    def clear(self) -> None:
        self._last = None


def _read_and_parse(job: _Job[Context], parse: Callable[[bytes, str, Context], Parsed]
                    ) -> tuple[bytes | None, Parsed | Diagnostic | None]:
    """(digest, parse) of one file: no digest if it cannot be read, no parse if its content
    is the last entry's."""
    _, path, display, context, _, entry = job
    raw = read_bytes(path, display)
    if isinstance(raw, Diagnostic):
        return None, raw
    digest = hashlib.blake2b(raw, digest_size=16).digest()
    if entry is not None and entry.digest == digest:
        return digest, None
    return digest, parse(raw, display, context)


def inputs_signature(*paths: Path) -> tuple[tuple[str, tuple[int, int, int]], ...]:
    """Every file given, or under the folders given, with its stat: any edit, addition or
    removal changes it."""
    found: list[tuple[str, tuple[int, int, int]]] = []
    for folder in paths:
        if folder.is_file():
            found.append((str(folder), _stat(folder)))
        for parent, _, names in os.walk(folder):
            # Joined and stat'ed as strings: a Path per file cost 0.3 s at 10,000 reviews.
            found.extend((file, _stat(file)) for file in (os.path.join(parent, n)
                                                          for n in names))
    return tuple(sorted(found))


def _stat(path: Path | str) -> tuple[int, int, int]:
    try:
        info = os.stat(path)
    except OSError:
        return (-1, -1, -1)
    return (info.st_mtime_ns, info.st_size, info.st_ino)
