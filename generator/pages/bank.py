"""Planning the question bank's pages: questions, scopes, candidates inbox, checklists."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from generator.base.text import sentence
from generator.base.uris import CANDIDATES_URI, CHECKLISTS_URI, QUESTIONS_URI, Addresses, PagePlan
from generator.check.model import Deal, Question
from generator.link.playbook import Playbook
from generator.link.questionbank import Candidate, Miss
from generator.read.settings import Scenario, Settings
from generator.schema.fields import (
    CATEGORIES,
    DEAL_TYPE_NOUNS,
    DEAL_TYPES,
    LABELS,
    OUR_SIDE,
    QUESTION,
    STAGES,
    default_choice,
)

RELATED = 5
# libyaml's emitter when PyYAML has it: the same text, many times faster.
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
MOST_MISSED = 15


@dataclass(frozen=True)
class ScopeRow:
    """A question as seen from one scope (category, scenario or deal type)."""

    question: Question
    missed_here: int
    missed_total: int


def plan_bank_pages(playbook: Playbook, settings: Settings, to: Addresses
                    ) -> Iterator[PagePlan]:
    """Every page of the question bank."""
    by_category: dict[str, list[Question]] = defaultdict(list)
    for question in playbook.questions:
        by_category[question.category].append(question)
    yield from _question_pages(playbook, settings, by_category, to)
    yield from _scope_pages(playbook, settings, by_category, to)
    yield from _candidate_pages(playbook.bank.candidates, to)
    yield from _checklists(playbook, settings, to)


def _candidate_pages(candidates: Sequence[Candidate], to: Addresses) -> Iterator[PagePlan]:
    """The inbox's summary (counts, the most missed), and a page per category holding each
    candidate with its ready file: one page of them all grows with every review."""
    groups = [(c, [k for k in candidates if k.category == c]) for c in CATEGORIES]
    yield CANDIDATES_URI, "candidates.md.j2", {}, {
        "groups": [(c, found, sum(1 for k in found if len(k.deals) >= 2))
                   for c, found in groups],
        "total": len(candidates), "most_missed": candidates[:MOST_MISSED], "limit": MOST_MISSED,
    }
    for category, found in groups:
        if found:
            yield to.candidates(category), "candidates_category.md.j2", {}, {
                "category": category, "candidates": found,
                "files": {k.id: candidate_file(k) for k in found},
            }


def _question_pages(playbook: Playbook, settings: Settings,
                    by_category: dict[str, list[Question]], to: Addresses
                    ) -> Iterator[PagePlan]:
    """A page per curated question, and the bank's index."""
    bank = playbook.bank
    for question in playbook.questions:
        yield to.question(question.id), "question.md.j2", {
            "facets": {
                "Type": ["Question"], "Category": [LABELS[question.category]],
                "Scenario": [settings.scenario(key).title for key in question.scenarios],
                "Deal type": [LABELS[t] for t in question.deal_types]}}, {
            "question": question, "misses": bank.by_question.get(question.id, ()),
            "deal_types": [(f"{LABELS[t]} ({OUR_SIDE[t]})", to.deal_type(t))
                           for t in question.deal_types],
            "scenarios": [(settings.scenario(k).title, to.scenario(k))
                          for k in question.scenarios],
            "related": _related(question, by_category[question.category], playbook),
        }
    yield QUESTIONS_URI, "questions_index.md.j2", {}, {
        "grid": [(c, [(t, sum(1 for q in _for_type(playbook, t) if q.category == c))
                      for t in DEAL_TYPES]) for c in CATEGORIES],
        "categories": [(c, by_category[c], _times(by_category[c], playbook),
                        [k for k in bank.candidates if k.category == c]) for c in CATEGORIES],
        "ranking": bank.ranking[:MOST_MISSED], "scenarios": settings.scenarios,
        "deal_types": DEAL_TYPES, "candidates": bank.candidates,
    }


def _scope_pages(playbook: Playbook, settings: Settings,
                 by_category: dict[str, list[Question]], to: Addresses) -> Iterator[PagePlan]:
    """The bank seen by category, by scenario and by deal type."""
    for category in CATEGORIES:
        yield _scope_page(to.category(category), LABELS[category],
                          "Curated questions of this category, most missed first.",
                          by_category[category], _any_deal, playbook,
                          [k for k in playbook.bank.candidates if k.category == category])
    for scenario in settings.scenarios:
        yield _scope_page(to.bank_scenario(scenario.key), f"Questions for: {scenario.title}",
                          "The questions that apply to this scenario, most often missed in "
                          "its reviews first.", _with_missed(
                              applicable_questions(playbook.questions, scenario),
                              _in_scenario(scenario.key), playbook),
                          _in_scenario(scenario.key), playbook)
    for deal_type in DEAL_TYPES:
        questions = _for_type(playbook, deal_type)
        type_candidates = _candidates_where(playbook.bank.candidates, _of_type(deal_type))
        yield _scope_page(to.bank_deal_type(deal_type), f"Questions for: {LABELS[deal_type]}",
                          f"The questions that suit a {DEAL_TYPE_NOUNS[deal_type]}, where "
                          f"{OUR_SIDE[deal_type]}, most often missed in its reviews first.",
                          questions, _of_type(deal_type), playbook)
        for category in CATEGORIES:
            yield _scope_page(
                to.bank_cell(category, deal_type),
                f"{LABELS[category]}: {LABELS[deal_type]}",
                f"{LABELS[category]} questions that suit a {DEAL_TYPE_NOUNS[deal_type]}, "
                f"where {OUR_SIDE[deal_type]}, most often missed in its reviews first.",
                [q for q in questions if q.category == category], _of_type(deal_type),
                playbook, [k for k in type_candidates if k.category == category])


def _for_type(playbook: Playbook, deal_type: str) -> list[Question]:
    """What a deal type's pages list: the questions that suit it, and any missed in it."""
    return _with_missed(suited(playbook.questions, deal_type), _of_type(deal_type), playbook)


def suited(questions: Sequence[Question], deal_type: str) -> list[Question]:
    """The questions that suit a deal type: those for it, and those for every type."""
    return [q for q in questions if not q.deal_types or deal_type in q.deal_types]


def _times(questions: Sequence[Question], playbook: Playbook) -> int:
    return sum(len(playbook.bank.by_question.get(q.id, ())) for q in questions)


def applicable_questions(questions: Sequence[Question], scenario: Scenario) -> list[Question]:
    """Questions not restricted away from this scenario or its deal type."""
    return [q for q in questions
            if (not q.scenarios or scenario.key in q.scenarios)
            and (not q.deal_types or scenario.deal_type is None
                 or scenario.deal_type in q.deal_types)]


DealFilter = Callable[[Deal], bool]


def _any_deal(deal: Deal) -> bool:
    return True


def _in_scenario(key: str) -> DealFilter:
    return lambda deal: deal.scenario == key


def _of_type(deal_type: str) -> DealFilter:
    return lambda deal: deal.deal_type == deal_type


def _candidates_where(candidates: Sequence[Candidate], keep: DealFilter) -> list[Candidate]:
    return [c for c in candidates if any(keep(m.deal) for m in c.misses)]


def _with_missed(questions: Sequence[Question], here: DealFilter, playbook: Playbook
                 ) -> list[Question]:
    """The questions, plus any missed in the scope although their front matter restricts
    them elsewhere: what was missed here matters here."""
    missed_here = {qid for qid, misses in playbook.bank.by_question.items()
                   if any(here(m.deal) for m in misses)}
    shown = {q.id: q for q in questions}
    return [*questions, *(q for q in playbook.questions
                          if q.id in missed_here and q.id not in shown)]


def _scope_page(uri: str, title: str, intro: str, questions: Sequence[Question],
                here: DealFilter, playbook: Playbook,
                candidates: list[Candidate] | None = None) -> PagePlan:
    """Questions ranked by how often they were missed within the scope."""
    bank = playbook.bank

    def count(misses: Sequence[Miss]) -> int:
        return sum(1 for m in misses if here(m.deal))

    rows = [ScopeRow(q, count(bank.by_question.get(q.id, ())),
                     len(bank.by_question.get(q.id, ()))) for q in questions]
    rows.sort(key=lambda r: (-r.missed_here, STAGES.index(r.question.stage), r.question.id))
    if candidates is None:
        candidates = _candidates_where(bank.candidates, here)
    return uri, "bank_scope.md.j2", {}, {
        "title": title, "intro": intro, "rows": rows, "candidates": candidates,
    }


def _related(question: Question, same_category: Sequence[Question], playbook: Playbook
             ) -> list[Question]:
    """Questions of the same category that can apply to one of the same scenarios."""
    def overlaps(other: Question) -> bool:
        return not (question.scenarios and other.scenarios) or bool(
            set(question.scenarios) & set(other.scenarios))
    related = [q for q in same_category if q.id != question.id and overlaps(q)]
    related.sort(key=lambda q: (-len(playbook.bank.by_question.get(q.id, ())), q.id))
    return related[:RELATED]


def candidate_file(candidate: Candidate) -> str:
    """A question file for the candidate, ready to save into content/questions/."""
    deals = candidate.deals
    front = {
        "id": candidate.id, "question": candidate.question, "category": candidate.category,
        "informs": candidate.informs,
        "deal_types": sorted({d.deal_type for d in deals}, key=DEAL_TYPES.index),
        "scenarios": sorted({d.scenario for d in deals}),
        "stage": default_choice(QUESTION, "stage"),
    }
    missed_in = "; ".join(d.title for d in deals)
    text = yaml.dump(front, Dumper=DUMPER, sort_keys=False, allow_unicode=True, width=1000)
    return (f"---\n{text}"
            f"---\nMissed in: {sentence(missed_in)}\n\n"
            "Why it matters: (what the answer changes)\n\nFollow-ups:\n\n- \n")


def _checklists(playbook: Playbook, settings: Settings, to: Addresses) -> Iterator[PagePlan]:
    for scenario in settings.scenarios:
        questions = applicable_questions(playbook.questions, scenario)
        misses = {q.id: sum(1 for m in playbook.bank.by_question.get(q.id, ())
                            if m.deal.scenario == scenario.key) for q in questions}
        stages = [(stage, sorted((q for q in questions if q.stage == stage),
                                 key=lambda q: (-misses[q.id], q.id))) for stage in STAGES]
        title = f"Checklist: {scenario.title}"
        yield to.checklist(scenario.key), "checklist.md.j2", searched("Checklist", scenario), {
            "title": title, "scenario": scenario, "stages": [s for s in stages if s[1]],
            "side": OUR_SIDE.get(scenario.deal_type or ""),
            "misses": misses,
            "candidates": _candidates_where(playbook.bank.candidates,
                                            _in_scenario(scenario.key)),
        }
    yield CHECKLISTS_URI, "checklists_index.md.j2", {}, {
        "scenarios": settings.scenarios,
    }


def searched(kind: str, scenario: Scenario | None = None, deal_type: str = ""
             ) -> dict[str, Any]:
    """The meta that puts a page read before a negotiation (brief, checklist) in the search
    index, with the filters Pagefind offers: facets are what the plugin indexes."""
    facets = {"Type": [kind]}
    if scenario is not None:
        facets["Scenario"] = [scenario.title]
    if deal_type:
        facets["Deal type"] = [LABELS[deal_type]]
    return {"facets": facets}
