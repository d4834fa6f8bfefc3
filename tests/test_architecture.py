"""The shape we promised: a core without MkDocs, one schema, a documented example that is valid."""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

from conftest import REPO, Project

from generator.load import read_corpus
from generator.model import Deal, Question
from generator.schema import QUESTION, REVIEW


def test_only_the_plugin_imports_mkdocs() -> None:
    importers = []
    for path in sorted((REPO / "generator").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "mkdocs" or n.startswith("mkdocs.") for n in names):
                importers.append(path.name)
    assert sorted(set(importers)) == ["plugin.py"]


def test_core_runs_without_loading_mkdocs() -> None:
    code = ("import sys, generator.build, generator.cli; "
            "print(any(m == 'mkdocs' or m.startswith('mkdocs.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO)
    assert out.stdout.strip() == "False"


def test_model_holds_every_declared_key() -> None:
    assert {f.name for f in REVIEW.fields} <= {f.name for f in fields(Deal)}
    assert {f.name for f in QUESTION.fields} <= {f.name for f in fields(Question)}


def test_the_documented_example_review_is_valid(project: Project, tmp_path: Path) -> None:
    example = (REPO / "site_templates" / "example-review.md").read_text()
    (project.root / "content/deals/example.md").write_text(example)
    corpus = read_corpus(project.settings)
    assert corpus.diagnostics == () and len(corpus.deals) == 1


def test_shipped_content_is_clean() -> None:
    from generator.settings import load_settings
    corpus = read_corpus(load_settings(REPO / "mkdocs.yml"))
    assert [d.format() for d in corpus.diagnostics] == []
