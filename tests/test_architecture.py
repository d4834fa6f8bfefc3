"""The shape we promised: a core without MkDocs, one schema, a documented example that is valid."""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

from conftest import REPO, Project

from generator.check.load import read_corpus
from generator.check.model import Deal, Question
from generator.schema.fields import QUESTION, REVIEW

# The stages in the order data flows through them; each may import only the ones before it.
FLOW = ("base", "schema", "read", "check", "link", "summarize", "pages", "render", "build")
ADAPTERS = ("plugin", "cli")  # both sit on top of the core, and neither imports the other


def _modules() -> dict[str, Path]:
    return {".".join(p.relative_to(REPO).with_suffix("").parts): p
            for p in sorted((REPO / "generator").rglob("*.py"))}


def _imports(path: Path) -> set[str]:
    """Every module a file imports, wherever in the file (function bodies included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def _stage(module: str) -> str:
    return module.split(".")[1]


def _our_imports() -> dict[str, set[str]]:
    modules = _modules()
    return {name: {m for m in _imports(path) if m in modules and m != name}
            for name, path in modules.items() if name != "generator.__init__"}


def test_the_folder_reads_as_the_flow() -> None:
    stages = {_stage(m) for m in _modules() if m != "generator.__init__"}
    assert stages == set(FLOW) | set(ADAPTERS)


def test_imports_only_go_down_the_flow() -> None:
    order = {stage: i for i, stage in enumerate(FLOW)}
    backwards = []
    for module, imported in _our_imports().items():
        mine = _stage(module)
        for other in imported:
            theirs = _stage(other)
            if mine in ADAPTERS:
                ok = theirs in order or theirs == mine
            else:
                ok = theirs in order and order[theirs] <= order[mine]
            if not ok:
                backwards.append(f"{module} imports {other}")
    assert backwards == []


def test_no_module_imports_itself_back() -> None:
    graph = _our_imports()
    done: set[str] = set()

    def visit(module: str, trail: tuple[str, ...]) -> None:
        assert module not in trail, " → ".join((*trail, module))
        if module not in done:
            for other in graph.get(module, ()):
                visit(other, (*trail, module))
            done.add(module)

    for module in graph:
        visit(module, ())


def test_only_the_plugin_imports_mkdocs() -> None:
    importers = {name for name, path in _modules().items()
                 if any(m == "mkdocs" or m.startswith("mkdocs.") for m in _imports(path))}
    assert importers and {_stage(m) for m in importers} == {"plugin"}


def test_the_package_exports_its_public_api() -> None:
    import generator
    assert sorted(generator.__all__) == ["BuildResult", "Diagnostic", "Settings", "build_site",
                                         "main"]
    assert all(hasattr(generator, name) for name in generator.__all__)


def test_core_runs_without_loading_mkdocs() -> None:
    code = ("import sys, generator; "
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
    from generator.read.settings import load_settings
    corpus = read_corpus(load_settings(REPO / "mkdocs.yml"))
    assert [d.format() for d in corpus.diagnostics] == []
