"""Loading the whole corpus: read and validate every file, then the checks across files."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from generator.base.diagnostics import Diagnostic, Severity, error, warning
from generator.base.text import listed, suggest
from generator.base.wording import Matcher
from generator.check.checked import Checked
from generator.check.completeness import check_final
from generator.check.logs import Log, check_logs, log_from
from generator.check.model import Deal, Question, deal_from, question_from
from generator.check.plan_checks import check_plans
from generator.check.plans import Plan, plan_from
from generator.check.validate import validate
from generator.read.cache import ParseCache
from generator.read.history import last_updated
from generator.read.settings import Settings
from generator.read.source import Document, read_document
from generator.read.tree import ContentTree, walk_content
from generator.schema.fields import LOG, QUESTION, REVIEW, Field
from generator.schema.plans import PLAN

Item = TypeVar("Item", Deal, Question, Plan)
Parsed = TypeVar("Parsed", Deal, Question, Log, Plan)
# A validated document → its model object (None when it may not be used), and more problems.
Build = Callable[[Document, Checked], tuple[Parsed | None, list[Diagnostic]]]
# Kept for the life of the process: `mkdocs serve` re-reads only the files that changed.
_PARSED: ParseCache[Any] = ParseCache()


@dataclass(frozen=True)
class Corpus:
    """Every valid review (drafts included) and question, and what was wrong with the rest."""

    deals: tuple[Deal, ...]
    questions: tuple[Question, ...]
    diagnostics: tuple[Diagnostic, ...]  # the tree's among them
    files_read: int
    tree: ContentTree
    plans: tuple[Plan, ...] = ()  # every valid plan, every audience's
    plan_advice: tuple[Diagnostic, ...] = ()  # gaps in plans, must-haves reviews leave out
    logs: tuple[Log, ...] = ()  # valid logs of known reviews (drafts' too)


def forget_parses() -> None:
    """Drop every cached parse (a process that reads the content once keeps none)."""
    _PARSED.clear()
    _DATED.clear()


def read_corpus(settings: Settings) -> Corpus:
    """Read, validate and cross-check all reviews and questions of a project."""
    tree = walk_content(settings)
    diagnostics = list(tree.diagnostics)
    read = _read_all(settings, tree, diagnostics)
    questions = _unique(read[QUESTION.name], "question", diagnostics)
    diagnostics.extend(duplicate_questions(questions))
    deals = _unique(read[REVIEW.name], "review", diagnostics)
    known = {q.id for q in questions}
    reviews = {d.id for d in deals}
    plans = _unique(read[PLAN.name], "plan", diagnostics)
    checked = check_plans(plans, [d for d in deals if _refs_resolve(d, known, diagnostics)
                                  and _renews_resolves(d, reviews, diagnostics)],
                          known, reviews)
    diagnostics.extend(checked.errors)
    deals = _with_history(list(checked.deals), settings)
    items: list[Deal | Plan] = [*deals, *checked.plans]
    for item in items:
        diagnostics.extend(_scenario_fits(item, settings))
    logs, problems = check_logs(read[LOG.name], deals)
    diagnostics.extend(problems)
    return Corpus(tuple(deals), tuple(questions), tuple(sorted(diagnostics)),
                  len(tree.reviews) + len(tree.questions) + len(tree.plans) + len(tree.logs),
                  tree, checked.plans, tuple(sorted(checked.advice)), logs)


def _read_all(settings: Settings, tree: ContentTree, diagnostics: list[Diagnostic]
              ) -> dict[str, list[Any]]:
    """Every file Dealbook reads, read as one batch: the valid ones' model objects by kind
    (the schema's name), and every file's problems in `diagnostics`."""
    kinds = ((QUESTION, tree.questions), (REVIEW, tree.reviews), (PLAN, tree.plans),
             (LOG, tree.logs))
    files = [(path, settings.display(path), (spec.name, settings.scenario_keys))
             for spec, paths in kinds for path in paths]
    _PARSED.forget_except({path for path, _, _ in files})
    read: dict[str, list[Any]] = {spec.name: [] for spec, _ in kinds}
    for (_, _, (kind, _)), parsed in zip(files, _PARSED.parse_all(files, _parse), strict=True):
        if isinstance(parsed, Diagnostic):
            diagnostics.append(parsed)
            continue
        item, problems = parsed
        diagnostics.extend(problems)
        if item is not None:
            read[kind].append(item)
    return read


def _parse(raw: bytes, display: str, context: tuple[str, tuple[str, ...]]
           ) -> tuple[Parsed | None, list[Diagnostic]]:
    """One file's content → its model object (None when invalid) and its problems; `context`
    is its kind (the schema's name) and the scenarios declared."""
    kind, scenarios = context
    spec, build = _KINDS[kind]
    doc = read_document(raw, display)
    if isinstance(doc, Diagnostic):
        return None, [doc]
    values, problems = validate(doc, spec, scenarios)
    if values is None:
        return None, problems
    item, more = build(doc, values)
    return item, problems + more


def _deal(doc: Document, values: Checked) -> tuple[Deal | None, list[Diagnostic]]:
    # What a final review lacks: errors keep it out of the site; warnings are advice, which
    # `dealbook check` reports as warnings and a build only mentions.
    lacking = check_final(doc, values)
    if any(p.severity is Severity.ERROR for p in lacking):
        return None, lacking
    return deal_from(values, doc.path, doc.body, tuple(lacking)), []


def _question(doc: Document, values: Checked) -> tuple[Question | None, list[Diagnostic]]:
    return question_from(values, doc.path, doc.body), []


def _plan(doc: Document, values: Checked) -> tuple[Plan | None, list[Diagnostic]]:
    return plan_from(values, doc.path, doc.body), []


def _log(doc: Document, values: Checked) -> tuple[Log | None, list[Diagnostic]]:
    return log_from(values, doc.path, doc.body), []


# Each kind of file Dealbook reads, by its schema's name: the schema, and what makes its object.
_KINDS: dict[str, tuple[Field, Build[Any]]] = {
    spec.name: (spec, build) for spec, build in ((QUESTION, _question), (REVIEW, _deal),
                                                 (PLAN, _plan), (LOG, _log))}


# Each review as last dated, by the parsed review it was dated from: an unchanged review stays
# the very same object from build to build, so comparing two builds' pages is quick.
_DATED: dict[int, tuple[Deal, Deal]] = {}


def _with_history(deals: list[Deal], settings: Settings) -> list[Deal]:
    """Each review with the date it last changed."""
    paths = {d.id: settings.root / d.path for d in deals}
    updated = last_updated(paths.values(), settings.deals_dir)
    dated = []
    for deal in deals:
        when = updated[paths[deal.id]]
        parsed, last = _DATED.get(id(deal), (None, None))
        if (parsed is not deal or last is None or last.updated != when.day
                or last.updated_from != when.source):
            last = replace(deal, updated=when.day, updated_from=when.source)
        dated.append(last)
    _DATED.clear()
    _DATED.update((id(parsed), (parsed, deal)) for parsed, deal in zip(deals, dated, strict=True))
    return dated


def _unique(items: Iterable[Item], kind: str, diagnostics: list[Diagnostic]) -> list[Item]:
    """Drop every item whose id is taken twice: neither copy can be trusted to be the one."""
    by_id: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_id[item.id].append(item)
    for clash in (group for group in by_id.values() if len(group) > 1):
        paths = listed(item.path for item in clash)
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


def _renews_resolves(deal: Deal, reviews: set[str], diagnostics: list[Diagnostic]) -> bool:
    if deal.renews is None or (deal.renews in reviews and deal.renews != deal.id):
        return True
    if deal.renews == deal.id:
        message, hint = "a review cannot renew itself", "name the review of the earlier contract"
    else:
        message = f"renews '{deal.renews}', which is not the id of a review"
        hint = suggest(deal.renews, sorted(reviews)) or "use the id of the earlier review"
    diagnostics.append(error(deal.path, *deal.renews_at, message, hint))
    return False


def _scenario_fits(item: Deal | Plan, settings: Settings) -> list[Diagnostic]:
    """A review or a plan whose scenario is declared for another deal type."""
    expected = settings.scenario(item.scenario).deal_type
    if expected is None or expected == item.deal_type:
        return []
    kind = "plan" if isinstance(item, Plan) else "review"
    return [warning(item.path, item.line, 1,
                    f"scenario '{item.scenario}' is declared for {expected} deals, but this "
                    f"{kind}'s deal_type is '{item.deal_type}'",
                    "check deal_type, or pick a scenario of that deal type")]


def duplicate_questions(questions: Sequence[Question]) -> list[Diagnostic]:
    """Curated questions worded (nearly) like an earlier one, by file order."""
    matcher = Matcher()
    found = []
    for question in sorted(questions, key=lambda q: q.path):
        match = matcher.match(question.question)
        if match is not None:
            other = next(q for q in questions if q.id == match[0])
            found.append(warning(
                question.path, question.line, 1,
                f"question is worded like '{other.id}' ({other.path}), similarity "
                f"{match[1]:.2f}: likely a duplicate",
                "merge the two files, or reword one so they ask different things"))
        matcher.add(question.id, question.question)
    return found
