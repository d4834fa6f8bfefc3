"""Publishing: the CI workflow, `mkdocs gh-deploy` to a real (local) remote, the pre-commit hook.

Every git repository lives under tmp_path and git ignores the user's global configuration, so
these tests neither read nor write anything outside pytest's temporary folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml
from conftest import REPO, Project

WORKFLOW = REPO / ".github/workflows/site.yml"
GOOD_REVIEW = "content/deals/2026/halvorsen-support-retainer.md"
# The commands installed beside the interpreter that runs the tests, wherever its venv is.
SCRIPTS = Path(sysconfig.get_path("scripts"))


def git_env(tmp_path: Path) -> dict[str, str]:
    """The environment without inherited GIT_* variables and with an empty global config."""
    (tmp_path / "gitconfig").write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return {**env, "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
            "NO_MKDOCS_2_WARNING": "1", "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}


def run(args: list[str], cwd: Path, env: dict[str, str],
        timeout: int = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def git_project(tmp_path: Path, env: dict[str, str]) -> Path:
    """A committed copy of the project's site sources, in a fresh repository on main."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(REPO / "mkdocs.yml", work)
    shutil.copy(REPO / ".pre-commit-config.yaml", work)
    for folder in ("content", "site_templates"):
        shutil.copytree(REPO / folder, work / folder)
    for args in (["init", "-q", "-b", "main"], ["config", "user.name", "Dealbook Test"],
                 ["config", "user.email", "test@example.invalid"], ["add", "-A"],
                 ["commit", "-q", "-m", "content"]):
        result = run(["git", *args], work, env)
        assert result.returncode == 0, result.stderr
    return work


def test_workflow_tests_every_change_and_deploys_only_main() -> None:
    """The workflow runs .ci/run on every change and daily; only main deploys, and it deploys
    the artifact that run built and tested, not a rebuild."""
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as the boolean True
    assert {"push", "pull_request", "schedule", "workflow_dispatch"} <= set(triggers)
    assert triggers["push"] is None, "push must not be limited to some branches"
    assert triggers["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"], "daily"
    assert workflow["permissions"] == {"contents": "read"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = [step.get("run", "") for step in build["steps"]]
    assert "bash .ci/run" in runs
    assert any("apt-get install -y chromium" in r for r in runs)
    checkout = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    upload = build["steps"][-1]
    assert upload["uses"] == "actions/upload-pages-artifact@v5"
    assert upload["with"]["path"] == "site" and upload["if"] == deploy["if"]
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"]["cancel-in-progress"] is False
    assert [step.get("uses") for step in deploy["steps"]] == ["actions/deploy-pages@v5"]
    assert all("run" not in step for step in deploy["steps"]), "deploy must not rebuild"


def test_ci_runs_the_readmes_test_command_and_builds_from_the_lock() -> None:
    """.ci/run is the README's test command, and every install goes through uv.lock."""
    ci = (REPO / ".ci/run").read_text()
    assert "make test" in ci and "make site" in ci
    readme = (REPO / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line.split("#")[0].strip() for line in
                quick_start.split("```sh", 1)[1].split("```", 1)[0].strip().splitlines()]
    assert commands == ["make site", "make test"]
    makefile = (REPO / "Makefile").read_text()
    assert "sync --locked" in makefile and "lock --check" in makefile
    assert "pip install" not in makefile.replace("pip install --quiet --disable-pip-version-"
                                                 "check uv==$(UV_VERSION)", "")


def test_gh_deploy_pushes_the_built_site_to_gh_pages(tmp_path: Path) -> None:
    """`mkdocs gh-deploy` builds the real content and pushes only the built site to gh-pages."""
    env = git_env(tmp_path)
    work = git_project(tmp_path, env)
    remote = tmp_path / "remote.git"
    assert run(["git", "init", "-q", "--bare", str(remote)], tmp_path, env).returncode == 0
    assert run(["git", "remote", "add", "origin", str(remote)], work, env).returncode == 0
    deploy = run([sys.executable, "-m", "mkdocs", "gh-deploy", "--force", "--remote-name",
                  "origin", "--no-history"], work, env, timeout=300)
    assert deploy.returncode == 0, deploy.stderr
    listing = run(["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only", "gh-pages"],
                  tmp_path, env)
    assert listing.returncode == 0, listing.stderr
    files = set(listing.stdout.splitlines())
    deal_id = yaml.safe_load((REPO / GOOD_REVIEW).read_text().split("---\n")[1])["id"]
    for expected in ("index.html", ".nojekyll", "calendar.ics", f"deals/{deal_id}/index.html",
                     "search/search_index.json"):
        assert expected in files, expected
    sources = {p.relative_to(REPO / "content").as_posix()
               for p in (REPO / "content").rglob("*.md")}
    assert not files & sources, "Markdown sources must not be published"
    assert not [f for f in files if f.startswith("deals/") and f.endswith(".md")]
    home = run(["git", "--git-dir", str(remote), "show", "gh-pages:index.html"], tmp_path, env)
    assert "Dealbook" in home.stdout


def test_pre_commit_hook_blocks_a_broken_review(tmp_path: Path) -> None:
    """The hook passes a good review; a broken one fails the hook and the real `git commit`."""
    env = git_env(tmp_path)
    work = git_project(tmp_path, env)
    (work / ".venv").mkdir()
    (work / ".venv/bin").symlink_to(SCRIPTS)  # the hook's entry is .venv/bin/dealbook
    pre_commit = str(SCRIPTS / "pre-commit")
    good = run([pre_commit, "run", "--files", GOOD_REVIEW], work, env)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "dealbook check" in good.stdout and "Passed" in good.stdout
    text = (REPO / GOOD_REVIEW).read_text()
    broken = text.replace("id: halvorsen-support-retainer", "id: broken-review", 1)
    broken = broken.replace("deal_type: client", "deal_type: supplier", 1)
    assert "deal_type: supplier" in broken and "id: broken-review" in broken
    path = "content/deals/2026/broken-review.md"
    (work / path).write_text(broken)
    assert run(["git", "add", path], work, env).returncode == 0
    bad = run([pre_commit, "run", "--files", path], work, env)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert f"{path}:" in bad.stdout
    assert "error: deal_type must be one of" in bad.stdout
    assert run([pre_commit, "install"], work, env).returncode == 0
    commit = run(["git", "commit", "-m", "broken review"], work, env)
    assert commit.returncode == 1 and "error: deal_type must be one of" in commit.stderr
    assert run(["git", "rev-list", "--count", "HEAD"], work, env).stdout.strip() == "1"


def test_make_site_never_publishes_a_failed_build(tmp_path: Path) -> None:
    """`make site` swaps the new build in only when `mkdocs build --strict` passed."""
    work = tmp_path / "work"
    work.mkdir()
    for name in ("mkdocs.yml", "Makefile"):
        shutil.copy(REPO / name, work / name)
    for name in ("content", "site_templates"):
        shutil.copytree(REPO / name, work / name)
    make = ["make", "-C", str(work), "site", f"BIN={SCRIPTS}", "STAMP="]
    assert subprocess.run(make, capture_output=True, timeout=300).returncode == 0
    good = (work / "site" / "index.html").read_bytes()
    broken = work / "content" / "deals" / "broken.md"
    broken.write_text((REPO / "site_templates" / "example-review.md").read_text().replace(
        "id: harbor-freight-wms-support-renewal", "id: broken\nowner_typo: x").replace(
        "deal_type: vendor", "deal_type: supplier"))
    failed = subprocess.run(make, capture_output=True, text=True, timeout=300)
    assert failed.returncode != 0 and "deal_type must be one of" in failed.stderr
    assert (work / "site" / "index.html").read_bytes() == good
    assert not (work / "site.previous").exists()


def test_a_pin_changed_without_relocking_stops_the_install_with_the_command_to_run(
        tmp_path: Path) -> None:
    """pyproject.toml and uv.lock disagree: `make` refuses to install and names the fix."""
    uv = REPO / ".uv/bin/uv"
    if not uv.exists():
        pytest.skip("needs the uv that `make` installs into .uv/")
    for name in ("Makefile", "pyproject.toml", "uv.lock"):
        shutil.copy(REPO / name, tmp_path / name)
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"pygal>=3.0"', '"pygal>=3.0,<3.0.1"'))
    done = subprocess.run(["make", "-C", str(tmp_path), "test", f"UV={uv}"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "uv.lock does not match pyproject.toml" in done.stdout
    assert "make lock" in done.stdout and "make upgrade" in done.stdout
    assert not (tmp_path / ".venv").exists(), "nothing may be installed from a stale lock"



def test_the_404_page_links_within_the_published_address(project: Project) -> None:
    """404.html is served at any missing address, so its links start from site_url; a GitHub
    Pages project site lives under /<repo>/, so CI passes the address (DEALBOOK_SITE_URL)."""
    site = project.root / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                           str(project.root / "mkdocs.yml"), "-d", str(site)],
                          capture_output=True, text=True, timeout=300, env={
                              **os.environ, "NO_MKDOCS_2_WARNING": "1",
                              "DEALBOOK_SITE_URL": "https://example.github.io/dealbook"})
    assert done.returncode == 0, done.stderr
    rooted = re.findall(r'(?:href|src)="(/[^"#]*)"', (site / "404.html").read_text())
    assert rooted and all(link.startswith("/dealbook/") for link in rooted), rooted
    workflow = (REPO / ".github/workflows/site.yml").read_text()
    assert "DEALBOOK_SITE_URL: ${{ vars.DEALBOOK_SITE_URL }}" in workflow
