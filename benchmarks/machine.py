"""What the figures were measured on: the machine, the tools' versions and the code's commit."""

from __future__ import annotations

import contextlib
import os
import platform
import re
import subprocess
from importlib import metadata
from pathlib import Path

import yaml

from .browser import CHROMIUM
from .corpus import REPO

# The code a run measures: an edit to it during the run is reported.
CODE = ("generator", "site_templates", "mkdocs.yml", "content/method")


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    return {
        "CPU": _cpu(), "cores": str(os.cpu_count()), "RAM": _ram(), "OS": _system(),
        "Python": platform.python_version(), "MkDocs": _version("mkdocs"),
        "Material": _version("mkdocs-material"), "Pagefind": _version("pagefind"),
        "PyYAML": f"{_version('pyyaml')} "
                  f"(libyaml: {'yes' if hasattr(yaml, 'CSafeLoader') else 'no'})",
        "Chromium": _chromium_version(),
        "load average": load_average(),
    }


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _cpu() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown"


def _ram() -> str:
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        return f"{kib / 1024 ** 2:.1f} GiB"
    return "unknown"


def _system() -> str:
    with contextlib.suppress(OSError):
        found = re.search(r'PRETTY_NAME="(.*)"', Path("/etc/os-release").read_text())
        if found:
            return found[1]
    return platform.platform()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _chromium_version() -> str:
    try:
        done = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True,
                              timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"
    return done.stdout.strip() or "unknown"


def code_version() -> str:
    """The commit measured, and whether the code the benchmark runs has local changes."""
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    changed = _git("status", "--porcelain", "--", *CODE)
    return f"commit {commit}" + (" with local changes to the measured code" if changed else "")


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True,
                              timeout=60, check=False).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def code_snapshot() -> dict[str, tuple[int, int]]:
    """Every file of the measured code with its mtime and size, to notice edits mid-run."""
    found = {}
    for name in CODE:
        top = REPO / name
        for path in [top] if top.is_file() else top.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                info = path.stat()
                found[str(path.relative_to(REPO))] = (info.st_mtime_ns, info.st_size)
    return found
