"""When each review last changed: from git history, else from the file itself.

One `git log` walk gives every file's newest commit date, so the cost does not grow with one
process per review. Files that git does not track, or that have uncommitted changes, take their
modification date. A shallow clone knows only its newest commit: CI must fetch full history.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path


@dataclass(frozen=True)
class Updated:
    day: date
    source: str  # "git" or "file"


def last_updated(files: Iterable[Path], folder: Path) -> dict[Path, Updated]:
    """The last-updated date of each file under `folder`."""
    committed, dirty = _git_dates(folder)
    result = {}
    # Git names files by their real path; resolving each one costs a system call per folder
    # level, so only links are resolved. Paths as text: a preview rebuild dates every review.
    inside, real_folder = os.path.join(folder, ""), str(folder.resolve())
    for path in files:
        name = str(path)
        resolved = (str(path.resolve()) if not name.startswith(inside) or path.is_symlink()
                    else real_folder + name[len(inside) - 1:])
        if resolved in committed and resolved not in dirty:
            result[path] = Updated(committed[resolved], "git")
        else:
            # In UTC, so a build gives the same pages in every time zone.
            stamp = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            result[path] = Updated(stamp.date(), "file")
    return result


def _git_dates(folder: Path) -> tuple[dict[str, date], set[str]]:
    """Newest commit date per tracked file, and the files with uncommitted changes, by their
    real paths."""
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top is None:
        return {}, set()
    root = os.path.join(top.strip(), "")
    log = _git(folder, "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", ".")
    status = _git(folder, "status", "--porcelain", "--untracked-files=all", "--", ".")
    dates: dict[str, date] = {}
    day = None
    for line in (log or "").splitlines():
        if line.startswith("\0"):
            day = date.fromisoformat(line[1:])
        elif line and day is not None:
            dates.setdefault(root + line, day)  # git's paths are real already
    dirty = {root + line[3:].strip('"') for line in (status or "").splitlines()}
    return dates, dirty


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True,
                              timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
