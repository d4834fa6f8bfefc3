"""The Pagefind option: one setting swaps Material's whole-file index for Pagefind's fragments,
indexing reviews and questions with their facets as filters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import Project
from corpus import write_corpus


def test_search_pagefind_builds_a_fragment_index(project: Project, tmp_path: Path) -> None:
    write_corpus(project)
    project.write_config(search="pagefind")
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                           str(project.root / "mkdocs.yml"), "-d", str(site)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr
    assert not (site / "search" / "search_index.json").exists()
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert sum(language["page_count"] for language in entry["languages"].values()) == 5
    review = (site / "deals" / "kestrel-2025" / "index.html").read_text()
    assert "<div data-pagefind-body>" in review
    for facet in ("Type:Review", "Scenario:vendor_sla", "Deal type:Vendor / SLA", "Tag:hosting",
                  "Tag:sla", "Year:2025"):
        assert f'data-pagefind-filter="{facet}"' in review
    question = (site / "questions" / "sla-measured" / "index.html").read_text()
    assert 'data-pagefind-filter="Category:Success criteria"' in question
    listing = (site / "scenarios" / "vendor_sla" / "index.html").read_text()
    assert "data-pagefind-body" not in listing
    find = (site / "find" / "index.html").read_text()
    assert "new PagefindUI" in find and 'href="../../find/"' in review
