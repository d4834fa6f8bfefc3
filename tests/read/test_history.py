"""Last-updated dates: from git history for committed files, the file's own date otherwise."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

from generator.read.history import Updated, last_updated

STAMP = 1_780_000_000  # 2026-05-28 in UTC: a file date distinct from every commit date


def git(repo: Path, *args: str, when: str = "") -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                   cwd=repo, env=env, check=True, capture_output=True)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    os.utime(path, (STAMP, STAMP))
    return path


def test_git_dates_with_file_date_fallbacks(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    deals = repo / "content" / "deals"
    old = write(deals / "old.md", "v1")
    edited = write(deals / "edited.md", "v1")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first", when="2025-03-01T12:00:00Z")
    write(edited, "version two")
    git(repo, "commit", "-q", "-am", "second", when="2025-09-15T12:00:00Z")
    write(edited, "v3, not committed")
    new = write(deals / "2026" / "new.md", "untracked")

    found = last_updated([old, edited, new], deals)

    file_day = datetime.fromtimestamp(STAMP, UTC).date()
    assert found == {old: Updated(date(2025, 3, 1), "git"),
                     edited: Updated(file_day, "file"),
                     new: Updated(file_day, "file")}
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "third", when="2026-01-10T12:00:00Z")
    assert last_updated([edited, new], deals) == {edited: Updated(date(2026, 1, 10), "git"),
                                                  new: Updated(date(2026, 1, 10), "git")}


def test_outside_git_every_file_has_its_own_date(tmp_path: Path) -> None:
    path = write(tmp_path / "deals" / "a.md", "x")
    assert last_updated([path], tmp_path / "deals") == {
        path: Updated(datetime.fromtimestamp(STAMP, UTC).date(), "file")}
