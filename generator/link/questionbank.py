"""The question bank: every missed question of every published review, matched to the curated
questions or gathered as an uncurated candidate."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from generator.base.diagnostics import Diagnostic, warning
from generator.base.text import listed
from generator.base.uris import candidate_uri
from generator.base.wording import Matcher
from generator.check.model import Deal, MissedQuestion, Question
from generator.schema.slugs import Slugs

REF, SAME, NEAR, CANDIDATE = "ref", "same wording", "near wording", "candidate"


@dataclass(frozen=True, slots=True)
class Miss:
    """One missed question of one review, and what it was matched to."""

    deal: Deal
    missed: MissedQuestion
    question_id: str | None
    how: str
    score: float
    candidate_id: str | None = None
    candidate_category: str | None = None  # the category its candidate is filed under


@dataclass(frozen=True)
class Candidate:
    """A question missed in reviews but not curated yet, with a proposed id."""

    id: str
    question: str
    category: str
    informs: str
    misses: tuple[Miss, ...]

    @property
    def deals(self) -> tuple[Deal, ...]:
        return tuple(dict.fromkeys(m.deal for m in self.misses))


@dataclass(frozen=True)
class Ranked:
    """A curated question's record of misses."""

    question: Question
    times: int
    deals: int
    last: date


@dataclass(frozen=True)
class QuestionBank:
    by_question: dict[str, tuple[Miss, ...]]
    by_deal: dict[str, tuple[Miss, ...]]
    candidates: tuple[Candidate, ...]
    ranking: tuple[Ranked, ...]


def harvest(deals: Sequence[Deal], questions: Sequence[Question]) -> QuestionBank:
    """Match each missed question of `deals` (published, newest first) to the bank."""
    curated = Matcher()
    for question in questions:
        curated.add(question.id, question.question)
    resolved = [_resolve(deal, missed, curated)
                for deal in reversed(deals) for missed in deal.missed_questions]
    filed = iter(_filed([m for m in resolved if m.question_id is None],
                        {q.id for q in questions}))
    misses = [m if m.question_id else next(filed) for m in resolved]
    by_question: dict[str, list[Miss]] = defaultdict(list)
    by_deal: dict[str, list[Miss]] = defaultdict(list)
    for miss in misses:
        by_deal[miss.deal.id].append(miss)
        if miss.question_id is not None:
            by_question[miss.question_id].append(miss)
    # Newest review first, each review's misses in its own order (the sort is stable).
    rank = {deal.id: i for i, deal in enumerate(deals)}
    for found in by_question.values():
        found.sort(key=lambda m: rank[m.deal.id])
    return QuestionBank(
        by_question={k: tuple(v) for k, v in by_question.items()},
        by_deal={k: tuple(v) for k, v in by_deal.items()},
        candidates=_candidates([m for m in misses if m.candidate_id]),
        ranking=_ranking(questions, by_question),
    )


def _resolve(deal: Deal, missed: MissedQuestion, curated: Matcher) -> Miss:
    if missed.ref:
        return Miss(deal, missed, missed.ref, REF, 1.0)
    found = curated.match(missed.question)
    if found is None:
        return Miss(deal, missed, None, CANDIDATE, 0.0)
    question_id, score = found
    return Miss(deal, missed, question_id, SAME if score == 1.0 else NEAR, score)


def _filed(misses: Sequence[Miss], taken: set[str]) -> list[Miss]:
    """Each uncurated miss with its candidate's id and category: the category of the
    candidate's oldest miss, as _candidates files it."""
    keys = _cluster(misses, taken)
    categories: dict[str, str] = {}
    for key, miss in zip(keys, misses, strict=True):
        categories.setdefault(key, miss.missed.category)
    return [replace(miss, candidate_id=key, candidate_category=categories[key])
            for key, miss in zip(keys, misses, strict=True)]


def _cluster(misses: Sequence[Miss], taken: set[str]) -> list[str]:
    """A candidate id for each uncurated miss, oldest first so that an id stays put as
    reviews are added; near wordings share one."""
    matcher = Matcher()
    slugs = Slugs(taken)
    keys = []
    for miss in misses:
        found = matcher.match(miss.missed.question)
        if found is None:
            key = slugs.add(miss.missed.question)
            matcher.add(key, miss.missed.question)
            found = (key, 1.0)
        keys.append(found[0])
    return keys


def _candidates(misses: Sequence[Miss]) -> tuple[Candidate, ...]:
    """Candidates with their misses newest first; the most widely missed first."""
    groups: dict[str, list[Miss]] = defaultdict(list)
    for miss in misses:
        groups[str(miss.candidate_id)].append(miss)
    made = [Candidate(key, group[0].missed.question, str(group[0].candidate_category),
                      group[-1].missed.informs, tuple(reversed(group)))
            for key, group in groups.items()]
    return tuple(sorted(made, key=lambda c: (-len(c.deals), c.id)))


def _ranking(questions: Sequence[Question], by_question: dict[str, list[Miss]]
             ) -> tuple[Ranked, ...]:
    ranked = [Ranked(q, len(found), len({m.deal.id for m in found}), found[0].deal.date)
              for q in questions if (found := by_question.get(q.id))]
    return tuple(sorted(ranked, key=lambda r: (-r.times, -r.deals, -r.last.toordinal(),
                                               r.question.id)))



def curation_advice(bank: QuestionBank) -> list[Diagnostic]:
    """A warning for each candidate missed in two or more reviews and still not curated."""
    advice = []
    for candidate in bank.candidates:
        if len(candidate.deals) < 2:
            continue
        newest = candidate.misses[0]
        others = listed(m.deal.path for m in candidate.misses[1:])
        advice.append(warning(
            newest.deal.path, newest.missed.line, newest.missed.column,
            f"'{candidate.question}' was missed in {len(candidate.deals)} reviews (also "
            f"{others}) but is not in the question bank",
            f"curate it: the Candidates page {candidate_uri(candidate.category, candidate.id)}"
            f" has a ready file for content/questions/{candidate.id}.md"))
    return advice
