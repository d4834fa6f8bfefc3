"""Loading the whole corpus: read and validate every file, then the checks across files."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from .cache import ParseCache
from .completeness import SHORTFALLS, check_final
from .diagnostics import Diagnostic, Severity, error, warning
from .history import last_updated
from .model import Deal, Question, deal_from, question_from
from .questionbank import duplicate_questions
from .schema import QUESTION, REVIEW, Field
from .settings import Settings
from .source import read_document
from .validate import validate

Item = TypeVar("Item", Deal, Question)
# Kept for the life of the process: `mkdocs serve` re-reads only the files that changed.
_PARSED: ParseCache[Any] = ParseCache()


@dataclass(frozen=True)
class Corpus:
    """Every valid review (drafts included) and question, and what was wrong with the rest."""

    deals: tuple[Deal, ...]
    questions: tuple[Question, ...]
    diagnostics: tuple[Diagnostic, ...]
    files_read: int


def content_files(folder: Path) -> list[Path]:
    """The Markdown files under `folder`, in a stable order."""
    return scan_folder(folder, lambda path, message, hint: None)


def scan_folder(folder: Path, problem: Callable[[Path, str, str], object]) -> list[Path]:
    """The Markdown files under `folder`; `problem` hears of anything passed over, so no file
    is ever skipped silently (linked folders, broken links, '.MD')."""
    found = []
    for parent, folders, names in os.walk(folder):
        here = Path(parent)
        for name in list(folders):
            if (here / name).is_symlink():
                folders.remove(name)
                problem(here / name, "folder is a link, which is not followed",
                        "move or copy the files into the folder instead")
        for name in names:
            path = here / name
            if not name.lower().endswith(".md"):
                continue
            if not name.endswith(".md"):
                problem(path, "file is not read: the extension must be '.md' in lower case",
                        f"rename it to {name[:-3]}.md")
            elif not path.exists():
                problem(path, "file is a link to a file that does not exist",
                        "fix or remove the link")
            else:
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def forget_parses() -> None:
    """Drop every cached parse (a process that reads the content once keeps none)."""
    _PARSED.clear()


def read_corpus(settings: Settings) -> Corpus:
    """Read, validate and cross-check all reviews and questions of a project."""
    diagnostics: list[Diagnostic] = []
    def skipped(path: Path, message: str, hint: str) -> None:
        diagnostics.append(error(settings.display(path), 0, 0, message, hint))

    question_files = scan_folder(settings.questions_dir, skipped)
    deal_files = scan_folder(settings.deals_dir, skipped)
    _PARSED.forget_except(set(question_files) | set(deal_files))
    questions = _read_all(settings, settings.questions_dir, question_files, QUESTION,
                          question_from, diagnostics)
    questions = _unique(questions, "question", diagnostics)
    diagnostics.extend(duplicate_questions(questions))
    deals = _read_all(settings, settings.deals_dir, deal_files, REVIEW, deal_from, diagnostics)
    deals = _unique(deals, "review", diagnostics)
    known = {q.id for q in questions}
    deals = _with_history([d for d in deals if _refs_resolve(d, known, diagnostics)],
                          settings)
    for deal in deals:
        diagnostics.extend(_scenario_fits(deal, settings))
    return Corpus(tuple(deals), tuple(questions), tuple(sorted(diagnostics)),
                  len(deal_files) + len(question_files))


def _read_all(settings: Settings, folder: Path, files: list[Path], spec: Field,
              build: Callable[[dict[str, Any], str, str], Item],
              diagnostics: list[Diagnostic]) -> list[Item]:
    inside = folder.resolve()
    readable = []
    for path in files:
        display = settings.display(path)
        # scan_folder does not enter linked folders: only a linked file can lead outside.
        if path.is_symlink() and not path.resolve().is_relative_to(inside):
            diagnostics.append(error(display, 0, 0, "file is a link to somewhere outside "
                                     f"{settings.display(folder)}/",
                                     "copy the file into the folder instead of linking it"))
        else:
            readable.append((path, display))
    parse = partial(_parse, spec=spec, scenarios=settings.scenario_keys, build=build)
    items = []
    for parsed in _PARSED.parse_all(readable, (spec.name, settings.scenario_keys), parse):
        if isinstance(parsed, Diagnostic):
            diagnostics.append(parsed)
            continue
        item, problems = parsed
        diagnostics.extend(problems)
        if item is not None:
            items.append(item)
    return items


def _parse(raw: bytes, display: str, *, spec: Field, scenarios: tuple[str, ...],
           build: Callable[[dict[str, Any], str, str], Item]
           ) -> tuple[Item | None, list[Diagnostic]]:
    """One file's content → its model object (None when invalid) and its problems."""
    doc = read_document(raw, display)
    if isinstance(doc, Diagnostic):
        return None, [doc]
    values, problems = validate(doc, spec, scenarios)
    if values is None:
        return None, problems
    if spec is REVIEW:
        # What a final review lacks: errors keep it out of the site; warnings are advice,
        # which `dealbook check` reports as warnings and a build only mentions.
        lacking = check_final(doc, values)
        if any(p.severity is Severity.ERROR for p in lacking):
            return None, problems + lacking
        values[SHORTFALLS] = tuple(lacking)
    return build(values, display, doc.body), problems


def _with_history(deals: list[Deal], settings: Settings) -> list[Deal]:
    """Each review with the date it last changed."""
    paths = {d.id: settings.root / d.path for d in deals}
    updated = last_updated(paths.values(), settings.deals_dir)
    return [replace(d, updated=updated[paths[d.id]].day, updated_from=updated[paths[d.id]].source)
            for d in deals]


def _unique(items: Iterable[Item], kind: str, diagnostics: list[Diagnostic]) -> list[Item]:
    """Drop every item whose id is taken twice: neither copy can be trusted to be the one."""
    by_id: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_id[item.id].append(item)
    for clash in (group for group in by_id.values() if len(group) > 1):
        paths = ", ".join(item.path for item in clash)
        for item in clash:
            diagnostics.append(error(item.path, item.line, 1,
                                     f"{kind} id '{item.id}' is used by {len(clash)} files "
                                     f"({paths})", "give each file its own id"))
    return [group[0] for group in by_id.values() if len(group) == 1]


def _refs_resolve(deal: Deal, known: set[str], diagnostics: list[Diagnostic]) -> bool:
    missing = [m for m in deal.missed_questions if m.ref and m.ref not in known]
    for miss in missing:
        diagnostics.append(error(deal.path, miss.line, miss.column,
                                 f"missed question refers to '{miss.ref}', which is not a "
                                 "curated question",
                                 "fix the id, remove 'ref', or add the question to "
                                 "content/questions/"))
    return not missing


def _scenario_fits(deal: Deal, settings: Settings) -> list[Diagnostic]:
    expected = settings.scenario(deal.scenario).deal_type
    if expected is None or expected == deal.deal_type:
        return []
    return [warning(deal.path, deal.line, 1,
                    f"scenario '{deal.scenario}' is declared for {expected} deals, but this "
                    f"review's deal_type is '{deal.deal_type}'",
                    "check deal_type, or pick a scenario of that deal type")]
