"""Audiences: canary strings planted in restricted reviews and confidential fields, searched for
in every byte of real builds for each audience."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import Project, question, review
from corpus import write_corpus

from generator.audience import _REDACTED
from generator.build import build_site
from generator.diagnostics import ConfigError
from generator.schema import CONFIDENTIAL_KEYS

RESTRICTED = "canaryrestricted"
CONFIDENTIAL = "canaryconfidential"


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
    project.add_deal("terms.md", review(
        id="terms-hidden", title=f"Pricing {CONFIDENTIAL} deal",
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


def built_text(project: Project, audience: str, tmp_path: Path) -> str:
    """Every file of a real build for the audience, decompressed, as one text."""
    site = tmp_path / audience
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DEALBOOK_AUDIENCE": audience}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                             str(project.root / "mkdocs.yml"), "-d", str(site)],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
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
    # The review itself stays published when only some of its fields are confidential.
    assert "deals/terms-hidden/" in everything


def test_audience_option_in_mkdocs_yml(planted: Project, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEALBOOK_AUDIENCE", raising=False)
    planted.write_config(audience="public")
    pages = build_site(planted.settings).pages
    assert not any(CONFIDENTIAL in text or RESTRICTED in text for text in pages.values())
    assert "Confidential counterparty (terms-hidden)" in pages["deals/terms-hidden.md"]


def test_environment_overrides_the_option(planted: Project,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    planted.write_config(audience="public")
    monkeypatch.setenv("DEALBOOK_AUDIENCE", "restricted")
    assert planted.settings.audience == "restricted"
    monkeypatch.setenv("DEALBOOK_AUDIENCE", "everyone")
    with pytest.raises(ConfigError, match="DEALBOOK_AUDIENCE must be one of public"):
        planted.settings  # noqa: B018


def test_every_confidential_key_has_a_redaction() -> None:
    assert set(CONFIDENTIAL_KEYS) - set(_REDACTED) == {"title", "counterparty"}
