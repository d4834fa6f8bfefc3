"""Loading the whole corpus: read and validate every file, then the checks across files."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .diagnostics import Diagnostic, error, warning
from .model import Deal, Question, deal_from, question_from
from .questionbank import duplicate_questions
from .schema import QUESTION, RESERVED_IDS, REVIEW, Field
from .settings import Settings
from .source import Document, read_document
from .validate import AT, validate

Item = TypeVar("Item", Deal, Question)


@dataclass(frozen=True)
class Corpus:
    """Every valid review (drafts included) and question, and what was wrong with the rest."""

    deals: tuple[Deal, ...]
    questions: tuple[Question, ...]
    diagnostics: tuple[Diagnostic, ...]
    files_read: int


def content_files(folder: Path) -> list[Path]:
    """The Markdown files under `folder`, in a stable order."""
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.rglob("*.md") if p.is_file()),
                  key=lambda p: p.relative_to(folder).as_posix())


def read_corpus(settings: Settings) -> Corpus:
    """Read, validate and cross-check all reviews and questions of a project."""
    diagnostics: list[Diagnostic] = []
    question_files = content_files(settings.questions_dir)
    deal_files = content_files(settings.deals_dir)
    questions = _read_all(settings, settings.questions_dir, question_files, QUESTION,
                          question_from, diagnostics)
    questions = _unique(questions, "question", diagnostics)
    diagnostics.extend(duplicate_questions(questions))
    deals = _read_all(settings, settings.deals_dir, deal_files, REVIEW, deal_from, diagnostics)
    deals = _unique(deals, "review", diagnostics)
    known = {q.id for q in questions}
    deals = [d for d in deals if _refs_resolve(d, known, diagnostics)]
    for deal in deals:
        diagnostics.extend(_scenario_fits(deal, settings))
    return Corpus(tuple(deals), tuple(questions), tuple(sorted(diagnostics)),
                  len(deal_files) + len(question_files))


def _read_all(settings: Settings, folder: Path, files: list[Path], spec: Field,
              build: Callable[[dict[str, Any], str, str], Item],
              diagnostics: list[Diagnostic]) -> list[Item]:
    items = []
    inside = folder.resolve()
    for path in files:
        display = settings.display(path)
        if not path.resolve().is_relative_to(inside):
            diagnostics.append(error(display, 0, 0, "file is a link to somewhere outside "
                                     f"{settings.display(folder)}/",
                                     "copy the file into the folder instead of linking it"))
            continue
        doc = read_document(path, display)
        if isinstance(doc, Diagnostic):
            diagnostics.append(doc)
            continue
        values, problems = validate(doc, spec, settings.scenario_keys)
        diagnostics.extend(problems)
        if values is not None and _id_allowed(values, doc, diagnostics):
            items.append(build(values, display, doc.body))
    return items


def _id_allowed(values: dict[str, Any], doc: Document, diagnostics: list[Diagnostic]) -> bool:
    if values["id"] not in RESERVED_IDS:
        return True
    diagnostics.append(error(doc.path, values[AT][0], 1, f"id '{values['id']}' is reserved "
                             "for a generated page", "choose a more specific id"))
    return False


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
