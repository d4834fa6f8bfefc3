"""`dealbook init`: a new team playbook that installs Dealbook instead of forking it.

The folder gets the settings (mkdocs.yml, pyproject.toml with one pinned dependency and its
uv.lock), the CI workflow, the pre-commit hook, the method pages and the curated question bank;
templates, styles and theme overrides stay in the installed package.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from string import Template

from generator.base.diagnostics import DealbookError
from generator.render.shipped import STARTER_CONTENT, shipped

_STARTER = Path(__file__).parent / "starter"
UV_VERSION = "0.13.9"  # the uv the team's CI installs; the Makefile uses the same
# starter file → where it goes in the new playbook
_FILES = {
    "mkdocs.yml": "mkdocs.yml",
    "pyproject.toml.tmpl": "pyproject.toml",
    "gitignore": ".gitignore",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "site.yml": ".github/workflows/site.yml",
}
_CONTENT = ("method", "questions")


@dataclass(frozen=True)
class Initialised:
    written: tuple[Path, ...]
    locked: bool  # uv.lock was written
    note: str  # why not, when it was not


def dealbook_requirement() -> str:
    """The requirement that pins the running Dealbook, e.g. `dealbook==0.1.0`."""
    try:
        return f"dealbook=={version('dealbook')}"
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "dealbook"


def init_playbook(folder: Path, *, site_name: str, requirement: str) -> Initialised:
    """Write a new playbook into `folder` (new or empty), then lock its dependencies."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise DealbookError(f"{folder} exists and is not empty: choose a new folder")
    name = re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-") or "playbook"
    values = {"site_name": site_name, "name": name, "dealbook": requirement,
              "uv_version": UV_VERSION}
    written = []
    for source, target in _FILES.items():
        path = folder / target
        path.parent.mkdir(parents=True, exist_ok=True)
        text = Template((_STARTER / source).read_text(encoding="utf-8")).substitute(values)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for part in _CONTENT:
        shutil.copytree(shipped(STARTER_CONTENT) / part, folder / "content" / part)
        written.append(folder / "content" / part)
    deals = folder / "content" / "deals"
    deals.mkdir()
    (deals / ".gitkeep").touch()  # git keeps no empty folder
    written.append(deals)
    locked, note = _lock(folder)
    return Initialised(tuple(written), locked, note)


def _lock(folder: Path) -> tuple[bool, str]:
    """Run `uv lock` in the new playbook: its CI installs exactly what was tested here."""
    uv = os.environ.get("UV") or shutil.which("uv")
    if not uv:
        return False, "uv is not installed: install it, then run 'uv lock' in the folder"
    env = {k: v for k, v in os.environ.items() if k != "UV_PROJECT_ENVIRONMENT"}
    try:
        done = subprocess.run([uv, "lock", "--quiet"], cwd=folder, env=env,
                              capture_output=True, text=True, check=False)
    except OSError as exc:
        return False, f"cannot run {uv}: {exc.strerror}; run 'uv lock' in the folder"
    if done.returncode:
        reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return False, (f"'uv lock' failed ({reason}): make the dependency in pyproject.toml "
                       "point at where your team gets Dealbook, then run 'uv lock'")
    return True, ""
