"""The benchmark still runs: the synthetic corpus is deterministic and checks clean, and every
figure of `python -m benchmarks.run` is produced at 100 reviews (no serve, no browser), and
`--serve-only` serves its three edits like a clean build and restores the files it edited,
and `benchmarks.serve_phases` times the same edits' rebuilds by phase.

Nothing here asserts a duration: performance is measured by the benchmark command and recorded
in benchmarks/RESULTS.md, never asserted in unit tests.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

sys.path.insert(0, str(REPO))  # the benchmarks package lives beside generator/

from benchmarks import (
    core_process,
    corpus,
    machine,
    options,
    profiling,
    project,
    report,
    run,
    serve,
    serve_phases,
)

EVERY_KEY = ("id", "title", "counterparty", "owner", "deal_type", "scenario", "tags", "status",
             "visibility", "confidential", "signed", "reviewed", "value", "currency",
             "term_months", "start_date", "renewal_date", "notice_days", "participants",
             "outcome", "what_worked", "leverage", "missed_questions", "blind_spots",
             "friction", "playbook_updates", "follow_through", "risks")


def digest(root: Path) -> str:
    hashed = hashlib.sha256()
    for path in sorted(p for p in (root / "content").rglob("*") if p.is_file()):
        hashed.update(path.relative_to(root).as_posix().encode())
        hashed.update(path.read_bytes())
    return hashed.hexdigest()


def test_corpus_is_deterministic_complete_and_clean(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    corpus.make_corpus(first, 40, seed=3)
    corpus.make_corpus(second, 40, seed=3)
    corpus.make_corpus(other, 40, seed=4)
    assert digest(first) == digest(second)
    assert digest(first) != digest(other)

    reviews = corpus.review_files(first)
    assert len(reviews) == 40
    assert len(corpus.question_files(first)) == 80
    assert {p.parent.name for p in reviews} <= {"2023", "2024", "2025", "2026"}
    for path in reviews:
        front = project.front_matter(path)
        assert set(EVERY_KEY) <= set(front), path
        assert {f["root_cause"] for f in front["friction"]} == {"internal", "external",
                                                                "process"}
        assert len(front["playbook_updates"]) == len(front["risks"]) == 3
        assert 2 <= len(front["missed_questions"]) <= 4
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        assert "## Timeline" in body and "## Notes" in body and len(body) > 1500

    logs = sorted((first / "content" / "logs").glob("*.md"))
    assert len(logs) >= 0.6 * len(reviews)  # most reviews have a relationship log
    assert {p.stem for p in logs} <= {p.stem for p in reviews}

    done = subprocess.run([str(Path(sys.executable).parent / "dealbook"), "check"], cwd=first,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert " 0 errors" in done.stdout


def test_benchmark_produces_every_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    chosen = options.parse(["--reviews", "100", "--skip-serve", "--skip-browser",
                            "--profile", "3", "--keep", str(tmp_path / "work")])
    measured = run.run_benchmark(chosen)
    report.print_report(measured, machine.machine())

    values = {f.key: f.value for f in measured.figures}
    expected = ["floor_s", "core_cold_s", "core_ratio", "core_warm_s", "warm_ratio", "core_rss",
                "anchor_s", "anchor_rss", "reference_per_review", "growth"]
    for search in ("material", "pagefind"):
        expected += [f"build_{search}_s", f"build_{search}_ratio", f"build_{search}_rss",
                     f"site_{search}_bytes", f"site_{search}_per_review",
                     f"html_{search}_per_review"]
    expected += ["build_material_cached_s", "build_material_cached_ratio"]
    for key in expected:
        value = values.get(key)
        assert value is not None and value > 0, (key, value)
    assert values["check_ok"] == 1.0
    assert values["reviews"] == 100
    assert all(f.verdict in ("", "PASS", "FAIL") for f in measured.figures)
    assert (tmp_path / "work" / "site-pagefind" / "pagefind" / "pagefind-entry.json").is_file()
    assert (tmp_path / "work" / "site-material" / "search" / "search_index.json").is_file()
    # The anchor builds the very pages Dealbook generates, as static Markdown.
    anchor = tmp_path / "work" / "anchor" / "site"
    assert (anchor / "deals").is_dir() and (anchor / "patterns" / "leverage").is_dir()
    printed = capsys.readouterr().out
    assert "core cold / YAML floor" in printed and "targets:" in printed
    # --profile times the functions the core calls: it must find them where the core does.
    phases = profiling.phases(tmp_path / "work" / "project", tmp_path / "work")
    assert set(phases) == set(core_process.PHASES.values())
    assert "core cold by phase" in printed and "build_site" in printed  # cProfile's table


def test_serve_only_times_three_edits_and_restores_them(tmp_path: Path) -> None:
    """`--serve-only`: the corpus, then the live preview alone, its three edits each timed
    TIMES times (made and undone) and the served site equal to a clean build; the edited files
    are as they were afterwards."""
    work = tmp_path / "work"
    chosen = options.parse(["--reviews", "100", "--search", "material", "--serve-only",
                            "--keep", str(work)])
    measured = run.run_benchmark(chosen)

    values = {f.key: f.value for f in measured.figures}
    labels = {f.key: f.label for f in measured.figures}
    assert "core_cold_s" not in values and "build_material_s" not in values
    assert "serve_ratio" not in values  # no full build to compare the edit with
    for key in ("serve_start_s", "serve_edit_s", "serve_edit_missed_s", "serve_edit_wording_s",
                "serve_restart_s", "serve_restart_ratio"):
        value = values.get(key)
        assert value is not None and value > 0, (key, value)
    for key in ("serve_edit_s", "serve_edit_missed_s", "serve_edit_wording_s"):
        assert f"median of {serve.TIMES}, " in labels[key]  # made and undone, each timed
    for key in ("check_ok", "serve_same_as_build", "serve_dependents", "serve_site_fresh"):
        assert values[key] == 1.0, (key, measured.notes)
    changed = subprocess.run(["git", "status", "--porcelain", "--", "content"],
                             cwd=work / "project", capture_output=True, text=True, check=True)
    assert changed.stdout == ""  # the review and the curated question restored

    # The same project's rebuilds timed by phase: a line an edit and a revert, every phase in
    # each, and the edited files restored again.
    phases = subprocess.run([sys.executable, "-m", "benchmarks.serve_phases",
                             str(work / "project"), "--cold"], cwd=REPO, capture_output=True,
                            text=True, timeout=600, check=True)
    lines = phases.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "title", "title reverted", "missed", "missed reverted", "wording", "wording reverted"]
    assert all(f" {phase}=" in line for line in lines for phase in serve_phases.PHASES)
    assert subprocess.run(["git", "status", "--porcelain", "--", "content"],
                          cwd=work / "project", capture_output=True, text=True,
                          check=True).stdout == ""


def test_serve_only_needs_one_search_option(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--serve-only"], ["--serve-only", "--search", "material", "--skip-serve"]):
        with pytest.raises(SystemExit):
            options.parse(argv)
        assert "--serve-only needs --search material or pagefind" in capsys.readouterr().err
