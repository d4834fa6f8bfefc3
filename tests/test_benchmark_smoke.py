"""The benchmark still runs: the synthetic corpus is deterministic and checks clean, and every
figure of `python -m benchmarks.run` is produced at 100 reviews (no serve, no browser).

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

from benchmarks import corpus, run

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
        front = run.front_matter(path)
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
    options = run.parse(["--reviews", "100", "--skip-serve", "--skip-browser",
                         "--keep", str(tmp_path / "work")])
    report = run.run_benchmark(options)
    run.print_report(report, run.machine())

    values = {f.key: f.value for f in report.figures}
    expected = ["floor_s", "core_cold_s", "core_ratio", "core_warm_s", "warm_ratio", "core_rss",
                "anchor_s", "anchor_rss", "reference_per_review", "growth"]
    for search in ("material", "pagefind"):
        expected += [f"build_{search}_s", f"build_{search}_ratio", f"build_{search}_rss",
                     f"site_{search}_bytes", f"site_{search}_per_review",
                     f"html_{search}_per_review"]
    for key in expected:
        value = values.get(key)
        assert value is not None and value > 0, (key, value)
    assert values["check_ok"] == 1.0
    assert values["reviews"] == 100
    assert all(f.verdict in ("", "PASS", "FAIL") for f in report.figures)
    assert (tmp_path / "work" / "site-pagefind" / "pagefind" / "pagefind-entry.json").is_file()
    assert (tmp_path / "work" / "site-material" / "search" / "search_index.json").is_file()
    # The anchor builds the very pages Dealbook generates, as static Markdown.
    anchor = tmp_path / "work" / "anchor" / "site"
    assert (anchor / "deals").is_dir() and (anchor / "patterns" / "leverage").is_dir()
    printed = capsys.readouterr().out
    assert "core cold / YAML floor" in printed and "targets:" in printed
    # --profile's breakdown repeats the core's steps: it must follow the core's shape.
    phases = run.phases(tmp_path / "work" / "project", tmp_path / "work")
    assert set(phases) >= {"load + validate (read_corpus)", "render Markdown (render_pages)"}
