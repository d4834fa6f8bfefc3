"""The engines Dealbook is proven on, each from the lock file (`--extra engines`): MkDocs 1.6
and ProperDocs build the shipped content with the plugin; Zensical, which runs no plugin,
builds what `dealbook render` writes, with no hand edits.

The three builds run once, in one module fixture; their times go to
test-artifacts/engine-builds.txt, side by side.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from conftest import REPO

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# The one line the two engines write differently: who generated the page.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


@dataclass(frozen=True)
class Build:
    site: Path
    seconds: float


def _run(engine: str, args: list[str], site: Path, cwd: Path) -> Build:
    started = time.perf_counter()
    done = subprocess.run([str(BIN / engine), *args], cwd=cwd, env=ENV, capture_output=True,
                          text=True, timeout=600)
    seconds = time.perf_counter() - started
    assert done.returncode == 0, f"{engine} failed:\n{done.stdout}\n{done.stderr}"
    return Build(site, seconds)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    out = tmp_path_factory.mktemp("engines")
    config = str(REPO / "mkdocs.yml")
    found = {
        "mkdocs": _run("mkdocs", ["build", "--strict", "-f", config, "-d", str(out / "mkdocs")],
                       out / "mkdocs", REPO),
        "properdocs": _run("properdocs", ["build", "--strict", "-f", config,
                                          "-d", str(out / "properdocs")], out / "properdocs", REPO),
    }
    rendered = out / "rendered"
    found["dealbook render"] = _run("dealbook", ["render", str(rendered), "--project",
                                                 str(REPO)], rendered, REPO)
    found["zensical"] = _run("zensical", ["build", "--strict"], rendered / "site", rendered)
    artifacts = REPO / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    lines = [f"{name:<16} {version(name.split()[0]):<8} {b.seconds:6.1f} s"
             for name, b in found.items()]
    (artifacts / "engine-builds.txt").write_text(
        "Shipped content, strict builds in one test run (zensical: the rendered folder)\n"
        + "\n".join(lines) + "\n")
    return found


def _files(site: Path) -> dict[str, bytes]:
    found = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":  # gzip stores a time: compare what it holds
            data = gzip.decompress(data)
        found[path.relative_to(site).as_posix()] = GENERATOR.sub(b"", data)
    return found


def test_properdocs_builds_what_mkdocs_builds(builds: dict[str, Build]) -> None:
    mkdocs, properdocs = _files(builds["mkdocs"].site), _files(builds["properdocs"].site)
    assert mkdocs.keys() == properdocs.keys()
    differing = [name for name in mkdocs if mkdocs[name] != properdocs[name]]
    assert differing == []
    assert len([n for n in mkdocs if n.startswith("deals/") and n.endswith(".html")]) > 10


def test_zensical_builds_the_rendered_site(builds: dict[str, Build]) -> None:
    site = builds["zensical"].site
    mkdocs = builds["mkdocs"].site
    pages = {p.relative_to(mkdocs).as_posix() for p in mkdocs.rglob("index.html")}
    built = {p.relative_to(site).as_posix() for p in site.rglob("index.html")}
    # Every page MkDocs built, and no page made by reading generated pages as reviews again.
    assert pages <= built
    assert {p for p in built - pages if p.startswith(("deals/", "questions/"))} == set()
    review = (site / "deals/quillfield-payroll-service/index.html").read_text()
    # The print and state-badge styles survive, and tag chips link to Dealbook's tag pages.
    assert 'href="../../assets/dealbook.css"' in review
    assert (site / "assets/dealbook.css").read_bytes() == (
        REPO / "site_templates/assets/dealbook.css").read_bytes()
    assert '<a href="../../tags/data-protection/" class="md-tag">' in review
    assert "@media print" in (site / "assets/dealbook.css").read_text()


def test_rendered_config_is_the_projects_without_the_plugin(builds: dict[str, Build]) -> None:
    rendered = yaml.safe_load((builds["dealbook render"].site / "mkdocs.yml").read_text())
    project = yaml.safe_load((REPO / "mkdocs.yml").read_text())
    assert rendered["nav"] == project["nav"]
    assert rendered["markdown_extensions"] == project["markdown_extensions"]
    assert [p for p in project["plugins"] if "dealbook" in str(p)] != []
    assert [p for p in rendered["plugins"] if "dealbook" in str(p)] == []
