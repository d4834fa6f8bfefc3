"""Golden cases: each bad review in cases/invalid/ → the exact diagnostics in its .expected file.

Regenerate the expected files after a deliberate change with:
    .venv/bin/pytest tests/check/test_validation_golden.py --update-golden
and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import Project, assert_golden, question

from generator.check.load import read_corpus

CASES = Path(__file__).resolve().parents[1] / "cases" / "invalid"
# Cases that document an accepted input: they must load with no diagnostics at all.
ACCEPTED = {"numbers-as-text"}


@pytest.mark.parametrize("case", sorted(p.stem for p in CASES.glob("*.md")))
def test_case(case: str, project: Project, update_golden: bool) -> None:
    project.add_question("who-signs.md", question())
    target = project.root / "content" / "deals" / f"{case}.md"
    shutil.copyfile(CASES / f"{case}.md", target)

    corpus = read_corpus(project.settings)

    output = assert_golden(CASES / f"{case}.expected", corpus.diagnostics, update_golden)
    if case in ACCEPTED:
        assert output == "" and len(corpus.deals) == 1
    else:
        has_error = any(d.severity == "error" for d in corpus.diagnostics)
        assert len(corpus.deals) == (0 if has_error else 1)
