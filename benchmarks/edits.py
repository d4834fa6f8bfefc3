"""What the live-preview run edits and checks: the review whose title it changes and the pages
that show that title, the two other edits a writer makes (a missed question, a curated
question's wording), and the served site against a clean build once all three are in place."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from .builds import mkdocs_build, page_cache_aside
from .corpus import plan_files, question_files, review_files
from .project import front_matter

NEW_TITLE = "Edited benchmark title 7f3a9c"
MISSED_EDIT = "Which notice period applies to the renewal, benchmark 5d1e?"
WORDING_EDIT = " (benchmark wording 5d1e)"


@dataclass(frozen=True)
class Edit:
    """`old` replaced by `new` once in `path`; served when the site page `page` shows `shown`
    (or, for an edit undone, no longer shows it)."""

    key: str  # in the figure's key: serve_edit_<key>_s
    what: str  # in the figure's label
    path: Path
    old: str
    new: str
    page: str
    shown: str
    undoing: bool = False

    def served(self, html: str) -> bool:
        return (self.shown in html) != self.undoing

    def undone(self) -> Edit:
        """The edit taken back: served once the page no longer shows what it showed."""
        return replace(self, old=self.new, new=self.old, undoing=not self.undoing)


def title_edit(path: Path, front: dict[str, Any]) -> Edit:
    return Edit("title", "a review's title", path, f"title: {front['title']}\n",
                f"title: {NEW_TITLE}\n", f"deals/{front['id']}/", NEW_TITLE)


def more_edits(project: Path, path: Path, front: dict[str, Any]) -> list[Edit]:
    """A missed question added to the edited review (by `ref`, so the question bank pages
    change), then a new wording of the curated question its first `ref` names."""
    refs = [m["ref"] for m in front["missed_questions"] if m.get("ref")]
    added = next(q for q in sorted(question_files(project)) if q.stem not in refs)
    missed = (f'missed_questions:\n  - question: "{MISSED_EDIT}"\n    category: '
              f'{front_matter(added)["category"]}\n    informs: "Notice"\n'
              f'    ref: {added.stem}\n')
    curated = project / "content" / "questions" / f"{refs[0]}.md"
    wording = front_matter(curated)["question"]
    return [Edit("missed", "a missed question", path, "missed_questions:\n", missed,
                 f"deals/{front['id']}/", MISSED_EDIT),
            Edit("wording", "a curated question's wording", curated, wording,
                 wording + WORDING_EDIT, f"questions/{refs[0]}/", WORDING_EDIT.strip(" ()"))]


def edit_target(project: Path) -> tuple[Path, dict[str, Any]]:
    """The newest review that links to a curated question by `ref` and has tags and both kinds
    of leverage (the edit with the most dependent pages), whose title is in no other title (of
    a review or a plan)."""
    fronts = [(path, front_matter(path)) for path in review_files(project)]
    titles = [front["title"] for _, front in fronts] + [
        front_matter(path)["title"] for path in plan_files(project)]
    newest_first = sorted((pf for pf in fronts if _fits(pf[1])),
                          key=lambda pf: (pf[1]["signed"], pf[1]["id"]), reverse=True)
    for path, front in newest_first:
        # A title inside another's would defeat the check for stale copies of it.
        if sum(front["title"] in title for title in titles) == 1:
            return path, front
    raise SystemExit("no review fits the serve edit (a ref, tags, proven and assumed leverage, "
                     "a title found in no other)")


def _fits(front: dict[str, Any]) -> bool:
    leverage = front.get("leverage", {})
    return bool(any(m.get("ref") for m in front.get("missed_questions", []))
                and front.get("tags") and leverage.get("proven") and leverage.get("assumed"))


def dependent_pages(front: dict[str, Any], counterparty_slug: str) -> list[str]:
    """Every page that shows the review's title, as site paths."""
    scenario = front["scenario"]
    pages = [f"scenarios/{scenario}/", f"counterparties/{counterparty_slug}/",
             f"archive/{front['signed'].year}/"]
    pages += [f"tags/{tag}/" for tag in front["tags"]]
    for kind in ("proven", "assumed"):
        for source in front["leverage"][kind]:
            pages += [f"patterns/leverage/{scope}-{source}-{kind}/"
                      for scope in ("all", scenario)]
    pages += [f"questions/{m['ref']}/" for m in front["missed_questions"] if m.get("ref")]
    pages += ["", f"brief/{scenario}/"]  # home and brief list the latest reviews
    return list(dict.fromkeys(pages))


def files_containing(site: Path, text: str) -> list[str]:
    """The served site's files (pages, search index, sitemap) that contain `text`."""
    needle = text.encode("utf-8")
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                  if p.suffix in (".html", ".json", ".xml") and needle in p.read_bytes())


SEARCH_INDEX = "search/search_index.json"


def unlike_clean_build(config: Path, served: Path, base: str, work: Path) -> list[str]:
    """The files of the served site that a clean `mkdocs build` of the same content (same
    site_url) lacks, adds or writes otherwise; the search index compared entry by entry (a
    partial rebuild appends the entries of new pages at the end)."""
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["site_url"] = base
    clean_config = config.with_name("mkdocs-clean-check.yml")  # beside: same docs_dir
    clean_config.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    clean = work / "site-clean-check"
    try:
        with page_cache_aside(config.parent):  # the serve session's, for its second start
            mkdocs_build(clean_config, clean, work, "clean-check")
        names = [{p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
                 for site in (served, clean)]
        return sorted(names[0] ^ names[1]) + [
            name for name in sorted(names[0] & names[1])
            if ((served / name).read_bytes() != (clean / name).read_bytes()
                if name != SEARCH_INDEX else _entries(served) != _entries(clean))]
    finally:
        shutil.rmtree(clean, ignore_errors=True)
        clean_config.unlink()


def _entries(site: Path) -> list[str]:
    """The search index's entries, in an order that does not depend on the build."""
    return sorted(json.dumps(entry, sort_keys=True)
                  for entry in json.loads((site / SEARCH_INDEX).read_text())["docs"])
