"""Install, don't fork: `dealbook init` makes a second repository that holds only content and
settings, installs Dealbook from a built wheel (not this source tree) into a fresh venv from its
own lock file, and builds strictly with MkDocs and with ProperDocs.

The venvs come from uv's shared cache: the slow test takes about a minute.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from generator.cli.main import main

UV = REPO / ".uv" / "bin" / "uv"
# Nothing of this checkout may leak into the team's environment.
ENV = {k: v for k, v in os.environ.items()
       if k not in ("UV_PROJECT_ENVIRONMENT", "VIRTUAL_ENV", "PYTHONPATH")}
ENV |= {"NO_MKDOCS_2_WARNING": "1", "UV": str(UV)}


def _run(*args: str | Path, cwd: Path) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=ENV, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _run(UV, "build", "--wheel", "--quiet", "-o", out, cwd=REPO)
    (built,) = out.glob("dealbook-*.whl")
    return built


def test_the_wheel_carries_what_the_plugin_needs(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (p for p in (REPO / "site_templates").rglob("*") if p.is_file()):
        assert f"generator/site_templates/{path.relative_to(REPO / 'site_templates')}" in names
    for path in (REPO / "content/questions").glob("*.md"):
        assert f"generator/starter_content/questions/{path.name}" in names
    assert "generator/cli/starter/mkdocs.yml" in names
    assert not any(n.startswith("generator/starter_content/deals/") for n in names)


def test_a_team_playbook_builds_from_the_wheel(wheel: Path, tmp_path: Path) -> None:
    team = tmp_path / "team-playbook"
    _run(Path(sys.executable).parent / "dealbook", "init", team, "--site-name", "Team playbook",
         "--dealbook", f"dealbook @ {wheel.as_uri()}", cwd=tmp_path)
    assert "dealbook" in (team / "uv.lock").read_text()
    _run(UV, "sync", "--locked", "--quiet", cwd=team)
    dealbook = team / ".venv/bin/dealbook"
    assert sorted(p.name for p in (team / "content/deals").iterdir()) == [".gitkeep"]
    # The venv's Dealbook is the wheel's, not this checkout.
    where = _run(team / ".venv/bin/python", "-c",
                 "import generator; print(generator.__file__)", cwd=team)
    assert str(team / ".venv") in where and str(REPO) not in where
    # One review: the documented example, a final review that cites the curated bank.
    example = (REPO / "site_templates/example-review.md").read_text()
    (team / "content/deals/harbor.md").write_text(example)
    # A template of the team's own takes the place of Dealbook's, by name.
    home = (REPO / "site_templates/home.md.j2").read_text()
    (team / "site_templates").mkdir()
    (team / "site_templates/home.md.j2").write_text(home + "\nOur own home page note.\n")
    partials = team / "site_templates/overrides/partials"
    partials.mkdir(parents=True)  # a theme partial too, with no custom_dir in mkdocs.yml
    (partials / "copyright.html").write_text("<small>Team footer</small>\n")
    _run(dealbook, "check", "--strict", cwd=team)
    _run(UV, "pip", "install", "--quiet", "--python", team / ".venv",
         f"properdocs=={version('properdocs')}", cwd=team)
    for engine in ("mkdocs", "properdocs"):
        _run(team / ".venv/bin" / engine, "build", "--strict", "-f", "mkdocs.yml",
             "-d", f"site-{engine}", cwd=team)
        site = team / f"site-{engine}"
        index = (site / "index.html").read_text()
        assert "Our own home page note." in index and "Team footer" in index
        # Dealbook's own overrides still apply below the team's: its tag chips link to its
        # tag pages.
        review = (site / "deals/harbor-freight-wms-support-renewal/index.html").read_text()
        assert '<a href="../../tags/warehouse/" class="md-tag">' in review
        assert (site / "assets/dealbook.css").is_file()
        assert (site / "method/debrief/index.html").is_file()
        assert "Harbor Freight Systems" in (
            site / "deals/harbor-freight-wms-support-renewal/index.html").read_text()
        assert "Harbor Freight Systems" in (site / "counterparties/index.html").read_text()


def test_init_writes_only_content_and_settings(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UV", str(tmp_path / "no-uv"))  # lock fails: reported, files kept
    team = tmp_path / "team"
    assert main(["init", str(team)]) == 1
    assert "no uv.lock" in capsys.readouterr().err
    found = sorted(p.relative_to(team).as_posix() for p in team.rglob("*") if p.is_file())
    assert [p for p in found if not p.startswith("content/")] == [
        ".github/workflows/site.yml", ".gitignore", ".pre-commit-config.yaml", "mkdocs.yml",
        "pyproject.toml"]
    assert "content/deals/.gitkeep" in found
    questions = sorted(p.name for p in (REPO / "content/questions").glob("*.md"))
    assert sorted(p.name for p in (team / "content/questions").iterdir()) == questions
    config = yaml.safe_load((team / "mkdocs.yml").read_text())
    assert "dealbook" in config["plugins"] and "custom_dir" not in config["theme"]
    # The same site as the reference playbook's, so the two cannot drift apart.
    reference = yaml.safe_load((REPO / "mkdocs.yml").read_text())
    for key in ("nav", "markdown_extensions", "docs_dir"):
        assert config[key] == reference[key], key
    assert 'dependencies = ["dealbook' in (team / "pyproject.toml").read_text()
    # Never over someone's files.
    assert main(["init", str(team)]) == 2
    assert "not empty" in capsys.readouterr().err


def test_the_pre_commit_hook_is_consumable_by_other_repositories() -> None:
    _run(Path(sys.executable).parent / "pre-commit", "validate-manifest",
         ".pre-commit-hooks.yaml", cwd=REPO)
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "dealbook-check" and hook["language"] == "python"
    # The entry is the console script the package installs.
    assert hook["entry"].split()[0] in (REPO / "pyproject.toml").read_text()
    local = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    (same,) = local["repos"][0]["hooks"]
    assert (same["id"], same["files"]) == (hook["id"], hook["files"])


def test_a_team_repository_runs_the_published_hook(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """`pre-commit try-repo` installs this repository's hook the way a team's `repo:` entry
    would (its own venv, Dealbook built from the repository) and runs it on a team's files.
    About 50 s: pre-commit installs with pip."""
    monkeypatch.setenv("UV", str(tmp_path / "no-uv"))  # no lock needed for the hook
    team = tmp_path / "team"
    main(["init", str(team)])
    review_path = team / "content/deals/harbor.md"
    example = (REPO / "site_templates/example-review.md").read_text()
    review_path.write_text(example.replace("owner: Dana Whitfield", 'owner: ""'))
    _run("git", "init", "-q", cwd=team)
    _run("git", "add", "-A", cwd=team)
    pre_commit = [Path(sys.executable).parent / "pre-commit", "try-repo", REPO, "dealbook-check",
                  "--files", "content/deals/harbor.md"]
    env = ENV | {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    failed = subprocess.run([str(a) for a in pre_commit], cwd=team, env=env,
                            capture_output=True, text=True, timeout=600)
    assert failed.returncode == 1
    assert "content/deals/harbor.md:5:1: error: owner is empty" in failed.stdout
    review_path.write_text(example)
    passed = subprocess.run([str(a) for a in pre_commit], cwd=team, env=env,
                            capture_output=True, text=True, timeout=600)
    assert passed.returncode == 0, passed.stdout
