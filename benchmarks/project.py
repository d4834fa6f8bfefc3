"""The synthetic project the benchmark builds: generated (corpus.py), committed, checked, and
configured once per search option."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import yaml

from .corpus import REPO, TODAY, make_corpus, question_files, review_files, write_config
from .options import Options
from .processes import DEALBOOK, ENV, run_child
from .report import Report, step


def measure_corpus(options: Options, work: Path, report: Report) -> Path:
    """The project, generated or reused; its size, and whether `dealbook check` passes."""
    n = options.reviews
    project = work / "project"
    step(f"corpus: {n:,} reviews, seed {options.seed}, in {project}")
    start = time.perf_counter()
    made = prepare(project, n, options.seed)
    files = review_files(project)
    if len(files) != n:
        raise SystemExit(f"{project} holds {len(files)} reviews, not {n}: use another --keep")
    report.notes.append(f"corpus {'generated' if made else 'reused'} in "
                        f"{time.perf_counter() - start:.1f} s")
    size = sum(p.stat().st_size for p in files)
    report.add("reviews", "reviews", n, "")
    report.add("questions", "curated questions", len(question_files(project)), "")
    report.add("review_bytes", "review files, bytes per review", size / n, "B")
    code, summary = check(project, work)
    report.add("check_ok", f"dealbook check exits 0 ({summary})", float(code == 0), "bool",
               target=1.0)
    return project


def prepare(project: Path, n: int, seed: int) -> bool:
    """Generate the corpus unless the folder already holds one; True when generated. A kept
    corpus gets the current templates, method pages and configuration."""
    if (project / "content").exists():
        refresh(project)
        return False
    make_corpus(project, n, seed)
    commit(project)
    return True


def refresh(project: Path) -> None:
    """Replace a kept corpus's copies of the code it builds with (the reviews stay)."""
    for name in ("site_templates", "content/method"):
        shutil.rmtree(project / name)
        shutil.copytree(REPO / name, project / name)
    write_config(project)


def commit(project: Path) -> bool:
    """Put the project under git with one commit, as a real Dealbook project is (reviews are
    dated from git history); fixed dates keep the pages identical run to run."""
    if shutil.which("git") is None:
        return False
    env = {**ENV, "GIT_AUTHOR_DATE": f"{TODAY}T12:00:00+00:00",
           "GIT_COMMITTER_DATE": f"{TODAY}T12:00:00+00:00"}
    for args in (["init", "-q"], ["add", "-A"],
                 ["-c", "user.name=Benchmark", "-c", "user.email=bench@example.invalid",
                  "commit", "-q", "-m", "synthetic corpus"]):
        subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)
    return True


def check(project: Path, work: Path) -> tuple[int, str]:
    """`dealbook check`'s exit code and summary line."""
    child = run_child([DEALBOOK, "check"], project, work / "check.log")
    summary = child.log.strip().splitlines()[-1] if child.log.strip() else ""
    return child.returncode, summary


def configure(project: Path, search: str) -> Path:
    """A copy of the project's mkdocs.yml for one search option, beside the original."""
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "dealbook" in entry:
            if search == "pagefind":
                entry["dealbook"]["search"] = "pagefind"
            else:
                entry["dealbook"].pop("search", None)
    path = project / f"mkdocs-{search}.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    return path


def front_matter(path: Path) -> dict[str, Any]:
    """A review's front matter, as libyaml reads it."""
    text = path.read_text(encoding="utf-8")
    _, front, _ = text.split("---\n", 2)
    loaded: dict[str, Any] = yaml.load(front, Loader=getattr(yaml, "CSafeLoader",
                                                              yaml.SafeLoader))
    return loaded
