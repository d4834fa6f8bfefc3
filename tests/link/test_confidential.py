"""Audiences: canary strings planted in restricted reviews, confidential fields, ids made from
hidden names, and files MkDocs would publish as they are, searched for in every byte of real
builds for each audience."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import Project, as_file, plan, question, review
from corpus import write_corpus

from generator.base.diagnostics import ConfigError
from generator.build import build_site
from generator.check.load import read_corpus
from generator.cli.main import main
from generator.link.audience import _REDACTED, opaque_id, revealing_ids
from generator.schema.fields import CONFIDENTIAL_KEYS

RESTRICTED = "canaryrestricted"
CONFIDENTIAL = "canaryconfidential"
NEVER = "canarymisplaced"  # in files no audience may see as they are
OPAQUE = re.compile(r"deals/confidential-[0-9a-f]{12}/")


def plant(project: Project) -> None:
    write_corpus(project)
    project.add_question("q.md", question(id="q", question="Who approves the budget line?"))
    project.add_deal("secret.md", review(
        id="secret-merger-talks", title=f"Merger talks {RESTRICTED} title",
        counterparty=f"Target {RESTRICTED} Corp", visibility="restricted",
        tags=[f"{RESTRICTED}-tag"], renewal_date=date(2027, 1, 1), notice_days=30,
        missed_questions=[{"question": f"Who {RESTRICTED} approves?", "category":
                           "approval_process", "informs": "x", "ref": "q"}],
        friction=[{"what": f"{RESTRICTED} friction", "root_cause": "internal"}],
        playbook_updates=[{"change": f"{RESTRICTED} change", "owner": "o",
                           "due": date(2026, 12, 1)}],
        risks=[{"risk": f"{RESTRICTED} risk"}]), f"{RESTRICTED} narrative\n")
    # Ids as `dealbook new` makes them: from the title, so they hold the hidden names.
    project.add_deal("terms.md", review(
        id=f"pricing-{CONFIDENTIAL}-deal", title=f"Pricing {CONFIDENTIAL} deal",
        counterparty=f"Client {CONFIDENTIAL}", owner=f"Owner {CONFIDENTIAL}",
        value=987654321, currency="EUR", tags=[f"{CONFIDENTIAL}-tag"],
        confidential=["title", "counterparty", "owner", "value", "outcome", "leverage",
                      "tags", "missed_questions", "risks", "body", "playbook_updates",
                      "renewal_date"],
        renewal_date=date(2027, 2, 1),
        outcome={"commercial": f"{CONFIDENTIAL} terms"},
        leverage={"proven": ["risk"], "notes": f"{CONFIDENTIAL} notes"},
        missed_questions=[{"question": f"What {CONFIDENTIAL} budget?", "category":
                           "approval_process", "informs": "x"}],
        playbook_updates=[{"change": f"{CONFIDENTIAL} update", "owner": "o",
                           "due": date(2026, 12, 1)}],
        risks=[{"risk": f"{CONFIDENTIAL} risk"}]), f"{CONFIDENTIAL} narrative\n")
    project.add_deal("party.md", review(
        id=f"{CONFIDENTIAL}-rollout", title="Rollout", counterparty=f"{CONFIDENTIAL} Corp",
        confidential=["counterparty"], renewal_date=date(2027, 3, 1), notice_days=30))
    plant_plans(project)


def plant_plans(project: Project) -> None:
    """Plans hold walk-away points: internal ones reach internal and restricted builds, never
    a public one, and neither does what a review says of its plan."""
    terms = [{"term": f"Price {CONFIDENTIAL} term", "priority": "must",
              "walk_away": f"EUR {CONFIDENTIAL} walk-away"}]
    project.add_plan("internal.md", plan(
        id=f"{CONFIDENTIAL}-plan", title=f"Plan {CONFIDENTIAL} title",
        counterparty=f"Plan {CONFIDENTIAL} Corp", terms=terms,
        impasses=[{"issue": f"{CONFIDENTIAL} deadlock", "result": "held"}]),
        f"{CONFIDENTIAL} dossier\n")
    project.add_plan("closed.md", plan(id="closed-plan", title=f"Closed {CONFIDENTIAL} plan",
                                       terms=terms))
    project.add_deal("planned.md", review(
        id="planned-deal", title="Planned deal", plan="closed-plan",
        plan_results=[{"term": f"Price {CONFIDENTIAL} term", "result": "conceded",
                       "note": f"{CONFIDENTIAL} result"}]))
    project.add_plan("restricted.md", plan(
        id="restricted-plan", title=f"Plan {RESTRICTED} title", visibility="restricted",
        counterparty="Acme", starts=date(2026, 12, 10), decide_by=date(2027, 1, 10)))


def plant_odd_files(project: Project) -> None:
    """Files MkDocs would publish as they are: reviews saved outside deals/, a link to a file
    outside the project, and named pipes, which hang whatever opens them."""
    secret = review(id="misplaced", title=f"{NEVER} title", counterparty=f"{NEVER} Corp",
                    visibility="restricted")
    body = f"{NEVER} narrative <script>{NEVER}()</script>\n"
    content = project.root / "content"
    (content / "2026").mkdir()
    (content / "2026" / "secret-review.md").write_text(as_file(secret, body))
    (content / "method" / "old.markdown").write_text(as_file(review(title=NEVER), body))
    (content / "deals" / f"{NEVER}.markdown").write_text(as_file(secret, body))
    (project.root.parent / "hostname").write_text(f"{NEVER} host\n")
    (content / "method" / "hostname.txt").symlink_to(project.root.parent / "hostname")
    for folder in ("deals", "questions", "method"):
        os.mkfifo(content / folder / "pipe.md")
    os.mkfifo(content / "method" / "pipe.svg")  # MkDocs would copy it, waiting for a writer


def mkdocs_build(project: Project, audience: str, site: Path) -> subprocess.CompletedProcess[str]:
    """A real `mkdocs build --strict` for the audience, stopped if it hangs."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DEALBOOK_AUDIENCE": audience}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                           str(project.root / "mkdocs.yml"), "-d", str(site)],
                          capture_output=True, text=True, env=env, timeout=300)


def built_text(project: Project, audience: str, tmp_path: Path) -> str:
    """Every file of a real build for the audience, decompressed, as one text."""
    site = tmp_path / audience
    result = mkdocs_build(project, audience, site)
    assert result.returncode == 0, result.stderr
    return every_byte(site)


def every_byte(site: Path) -> str:
    """Every output file's path and content, decompressed, as one lower-case text."""
    texts = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        texts.append(path.relative_to(site).as_posix())
        texts.append((gzip.decompress(raw) if path.suffix == ".gz" else raw).decode(
            "utf-8", "replace"))
    return "\n".join(texts).lower()


@pytest.fixture
def planted(project: Project) -> Project:
    plant(project)
    return project


@pytest.mark.parametrize("audience,restricted,confidential", [
    ("public", False, False), ("internal", False, True), ("restricted", True, True)])
def test_canaries_reach_only_their_audience(planted: Project, tmp_path: Path, audience: str,
                                            restricted: bool, confidential: bool) -> None:
    everything = built_text(planted, audience, tmp_path)
    assert (RESTRICTED in everything) == restricted
    assert (CONFIDENTIAL in everything) == confidential
    assert ("987654321" in everything or "987,654,321" in everything) == confidential
    assert ("secret-merger-talks" in everything) == restricted
    # The reviews stay published when only some of their fields are confidential: in a public
    # build, at an address made from nothing they hide.
    assert len(set(OPAQUE.findall(everything))) == (0 if confidential else 2)
    assert ("deals/canaryconfidential-rollout/" in everything) == confidential
    # Plans: no page, index, nav link, accuracy figures, review section or calendar event in
    # a public build; a restricted plan only in the restricted one.
    for trace in ("plans/index.html", "plans/closed-plan/", "planning-accuracy",
                  'id="plan-against-outcome"', "uid:plan-decide-",
                  'plans/" class="md-nav__link'):
        assert (trace in everything) == confidential, trace
    assert ("restricted-plan" in everything) == restricted


@pytest.mark.parametrize("audience", ["public", "restricted"])
def test_odd_files_reach_no_audience(planted: Project, tmp_path: Path, audience: str) -> None:
    """A strict build fails on them, and even then writes none of them: a publish step that
    ignored the failure would leak nothing."""
    plant_odd_files(planted)
    site = tmp_path / audience
    result = mkdocs_build(planted, audience, site)
    everything = every_byte(site)
    assert "index.html" in everything
    assert NEVER not in everything
    outputs = [path.relative_to(site).as_posix() for path in site.rglob("*")]
    assert not [path for path in outputs if "secret-review" in path or "pipe" in path
                or path.startswith("2026") or "hostname" in path or "old" in path]
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for expected in ["content/2026/secret-review.md:1:1: error: page left out of the site",
                     "content/method/old.markdown:1:1: error: page left out of the site",
                     "content/method/hostname.txt:0:0: error: file is a link to somewhere "
                     "outside content/",
                     f"content/deals/{NEVER}.markdown:0:0: warning: file is not read",
                     "content/method/pipe.svg:0:0: error: file is a named pipe",
                     *(f"content/{folder}/pipe.md:0:0: error: file is a named pipe"
                       for folder in ("deals", "questions", "method"))]:
        assert expected in result.stderr


def test_audience_option_in_mkdocs_yml(planted: Project, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEALBOOK_AUDIENCE", raising=False)
    planted.write_config(audience="public")
    pages = build_site(planted.settings).pages
    assert not any(CONFIDENTIAL in text or RESTRICTED in text for text in pages.values())
    terms = next(d for d in read_corpus(planted.settings).deals if d.id.startswith("pricing"))
    opaque = opaque_id(terms)
    assert f"Confidential counterparty ({opaque})" in pages[f"deals/{opaque}.md"]


def test_opaque_ids_are_stable(project: Project) -> None:
    """The same review has the same public address in every build, on every machine."""
    project.add_deal("a.md", review(confidential=["title"]))
    deal = read_corpus(project.settings).deals[0]
    assert opaque_id(deal) == "confidential-5a803b272c50"
    assert build_site(project.settings).pages.keys() >= {"deals/acme-rollout.md"}
    project.write_config(audience="public")
    assert "deals/confidential-5a803b272c50.md" in build_site(project.settings).pages


def test_check_warns_when_the_id_reveals_a_hidden_name(
        planted: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--strict", str(planted.root)]) == 1
    out = capsys.readouterr().out
    assert (f"content/deals/terms.md:2:1: warning: id 'pricing-{CONFIDENTIAL}-deal' contains "
            f"'pricing', '{CONFIDENTIAL}', 'deal' from the confidential title") in out
    assert (f"content/deals/party.md:2:1: warning: id '{CONFIDENTIAL}-rollout' contains "
            f"'{CONFIDENTIAL}' from the confidential counterparty") in out
    assert out.count(" from the confidential ") == 3  # counterparty of terms.md too


def test_neutral_ids_are_not_warned(project: Project) -> None:
    project.add_deal("a.md", review(id="client-2026-03", title="Acme 2026 rollout",
                                    counterparty="Acme", confidential=["title", "counterparty"]))
    project.add_deal("b.md", review(id="acme-renewal", title="Acme renewal", counterparty="Acme",
                                    confidential=["owner"]))
    assert revealing_ids(read_corpus(project.settings).deals) == []


def test_environment_overrides_the_option(planted: Project,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    planted.write_config(audience="public")
    monkeypatch.setenv("DEALBOOK_AUDIENCE", "restricted")
    assert planted.settings.audience == "restricted"
    monkeypatch.setenv("DEALBOOK_AUDIENCE", "everyone")
    with pytest.raises(ConfigError, match="DEALBOOK_AUDIENCE must be one of public"):
        planted.settings  # noqa: B018


def test_every_confidential_key_has_a_redaction() -> None:
    # `log` hides the whole log, which link/logs.py leaves out of public builds.
    assert set(CONFIDENTIAL_KEYS) - set(_REDACTED) == {"title", "counterparty", "log"}
