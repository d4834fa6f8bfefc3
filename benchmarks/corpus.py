"""A deterministic synthetic Dealbook project for benchmarks.

`make_corpus(root, n, seed)` writes a complete project into `root`: mkdocs.yml (the repository's,
with `today` pinned), the hand-written method pages, the templates, about 80 curated questions,
`n` reviews that use every key of the format, with bodies of 2–4 KB, a relationship log for
most signed reviews (benchmarks/logs.py) and a negotiation plan per ten reviews
(plan_corpus.py). Everything comes from
one `random.Random(seed)`, so the same (n, seed) gives byte-identical files.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any

import yaml

from generator.base.wording import Matcher
from generator.schema.slugs import slugify

from . import phrases as P
from .logs import Facts, relationship_log
from .plan_corpus import write_plans

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 22)
SPAN_DAYS = 3 * 365  # reviews are signed over the three years before TODAY
N_CANDIDATES = 300  # uncurated wordings reviews draw from
# Shares of the missed questions: by `ref`, with a curated question's exact wording, uncurated.
REF_SHARE, SAME_SHARE = 0.4, 0.3


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


@dataclass(frozen=True)
class Curated:
    id: str
    question: str
    category: str
    stage: str
    deal_types: tuple[str, ...]
    scenarios: tuple[str, ...]
    informs: str


@dataclass(frozen=True)
class Party:
    name: str
    scenario: int  # index into P.SCENARIOS: their usual kind of deal
    industry: str


def curated_questions() -> list[Curated]:
    return [Curated(qid, text, category, stage, types, scenarios, informs)
            for category, rows in P.QUESTIONS
            for qid, text, stage, types, scenarios, informs in rows]


def candidate_wordings(rng: Random, curated: list[Curated]) -> list[tuple[str, str, str]]:
    """About N_CANDIDATES (category, wording, informs) that match no curated question and no
    other candidate by the generator's rule (generator/base/wording.py)."""
    pool = [(cat, template.format(a=a, b=b))
            for cat, template, first, second in P.CANDIDATE_TEMPLATES
            for a in first for b in second]
    rng.shuffle(pool)
    # The generator's own matching rule decides what counts as a different question.
    matcher = Matcher()
    for question in curated:
        matcher.add(question.id, question.question)
    chosen: list[tuple[str, str, str]] = []
    for category, wording in pool:
        if matcher.match(wording) is None:
            matcher.add(f"candidate-{len(chosen)}", wording)
            chosen.append((category, wording, rng.choice(P.CANDIDATE_INFORMS)))
        if len(chosen) == N_CANDIDATES:
            break
    return chosen


def make_parties(rng: Random, count: int) -> list[Party]:
    names: list[str] = []
    taken: set[str] = set()
    while len(names) < count:
        name = " ".join(w for w in (rng.choice(P.NAME_FIRST), rng.choice(P.NAME_SECOND),
                                    rng.choice(P.NAME_SUFFIX)) if w)
        if slugify(name) not in taken:
            taken.add(slugify(name))
            names.append(name)
    weights = (4, 2, 3, 2)  # fixed scope, retainer, vendor, partner
    return [Party(name, rng.choices(range(4), weights)[0], rng.choice(P.INDUSTRY_TAGS))
            for name in names]


class _Filler:
    """Fills the slots of the phrase templates with plausible values."""

    def __init__(self, rng: Random, party: Party, currency: str, term: int) -> None:
        self.rng, self.party, self.currency, self.term = rng, party, currency, term

    def __call__(self, template: str) -> str:
        r = self.rng
        values: dict[str, Any] = {
            "n": r.randint(2, 40), "h": r.choice((2, 4, 8)), "d": r.choice((5, 10, 15)),
            "w": r.randint(2, 6), "k": r.randint(2, 6), "pct": r.choice((3, 5, 7, 10, 12, 15)),
            "pct2": r.choice((2, 3, 5)), "term": self.term, "cur": self.currency,
            "amount": f"{r.randint(20, 900) * 1000:,}", "monthly": f"{r.randint(4, 60) * 250:,}",
            "days": r.choice((8, 12, 16, 20)), "role": r.choice(P.THEIR_ROLES),
            "them": f"their {r.choice(P.THEIR_ROLES)}", "cp": self.party.name,
            "industry": r.choice(P.INDUSTRY_TAGS).replace("-", " "),
            "stage": r.choice(("discovery", "proposal", "closing")),
            "doc": r.choice(P.UPDATE_DOCS), "item": r.choice(P.UPDATE_ITEMS),
            "kind": r.choice(("retainer", "fixed-price", "managed service")),
            "q": r.choice(P.QUESTIONS)[1][r.randrange(16)][1],
        }
        return template.format(**values)


def person(rng: Random) -> str:
    return f"{rng.choice(P.FIRST_NAMES)} {rng.choice(P.LAST_NAMES)}"


def make_team(rng: Random, reviews: int) -> list[str]:
    """Our side's people, who own the deals and the playbook updates: about one per ten
    reviews (a team writes several a year), at least a dozen, no two with the same name."""
    size = min(max(12, reviews // 10), len(P.FIRST_NAMES) * len(P.LAST_NAMES))
    team: dict[str, None] = {}
    while len(team) < size:
        team[person(rng)] = None
    return list(team)


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _review(rng: Random, party: Party, signed: date, curated: list[Curated],
            candidates: list[tuple[str, str, str]], team: list[str], taken_ids: set[str],
            taken_titles: set[str]) -> tuple[str, str, Facts]:
    """(id, file text, what its log needs) of one review with every key of the format."""
    key, deal_type, projects, _ = P.SCENARIOS[
        party.scenario if rng.random() < 0.85 else rng.randrange(4)]
    project = rng.choice(projects)
    title = f"{party.name} {project} — {rng.choice(P.TITLE_FLAVOURS)}"
    while title in taken_titles:
        title = f"{title} {rng.randint(2, 99)}"
    taken_titles.add(title)
    base = slugify(f"{party.name.split()[0]} {project} {signed.year}")[:90]
    deal_id, suffix = base, 2
    while deal_id in taken_ids:
        deal_id, suffix = f"{base}-{suffix}", suffix + 1
    taken_ids.add(deal_id)
    currency = rng.choice(P.CURRENCIES)
    term = rng.choice((6, 12, 12, 24, 24, 36))
    fill = _Filler(rng, party, currency, term)
    owner = rng.choice(team)
    reviewed = min(signed + timedelta(days=rng.randint(1, 5)), TODAY)
    start = signed + timedelta(days=rng.randint(7, 45))
    renewal = date(start.year + (start.month - 1 + term) // 12, (start.month - 1 + term) % 12 + 1,
                   min(start.day, 28))
    tags = [party.industry, *rng.sample(P.TOPIC_TAGS[key], rng.randint(1, 3))]
    if rng.random() < 0.5:
        tags.append(rng.choice(P.SHARED_TAGS))
    tags = list(dict.fromkeys(tags))
    participants = [f"{owner} (deal owner)"] + [
        f"{rng.choice(team)} ({role})" for role in rng.sample(P.ROLES[1:], rng.randint(1, 3))]
    sources = rng.sample(list(P.LEVERAGE_WORDS), rng.randint(2, 4))
    split = rng.randint(1, len(sources) - 1)
    proven, assumed = sources[:split], sources[split:]
    notes = rng.choice(P.LEVERAGE_NOTES).format(
        proven=P.LEVERAGE_WORDS[proven[0]], assumed=P.LEVERAGE_WORDS[assumed[0]],
        role=rng.choice(P.THEIR_ROLES), cp=party.name)
    notes = notes[0].upper() + notes[1:]
    lines = [
        "---",
        f"id: {deal_id}",
        f"title: {title}",
        f"counterparty: {party.name}",
        f"owner: {owner}",
        f"deal_type: {deal_type}",
        f"scenario: {key}",
        f"tags: {_flow(tags)}",
        "status: final",
        "visibility: internal",
        f"confidential: {_flow(['value'] if rng.random() < 0.1 else [])}",
        f"signed: {signed}",
        f"reviewed: {reviewed}",
        f"value: {rng.randint(20, 2000) * 1000}",
        f"currency: {currency}",
        f"term_months: {term}",
        f"start_date: {start}",
        f"renewal_date: {renewal}",
        f"notice_days: {rng.choice((30, 60, 90))}",
        f"participants: {_flow([q(p) for p in participants])}",
        "outcome:",
        f"  commercial: {q(fill(rng.choice(P.COMMERCIAL[key])))}",
        f"  non_commercial: {q(fill(rng.choice(P.NON_COMMERCIAL[key])))}",
        f"  trade_offs: {q(fill(f'Gave: {rng.choice(P.GAVE)}. Got: {rng.choice(P.GOT)}.'))}",
        "what_worked:",
        *(f"  - {q(fill(t))}" for t in rng.sample(P.WORKED, rng.randint(2, 4))),
        "leverage:",
        f"  proven: {_flow(proven)}",
        f"  assumed: {_flow(assumed)}",
        f"  notes: {q(notes)}",
        "missed_questions:",
    ]
    for _ in range(rng.randint(2, 4)):
        roll = rng.random()
        if roll < REF_SHARE + SAME_SHARE:
            question = rng.choice(curated)
            wording = question.question
            if roll < REF_SHARE:
                lead = rng.choice(P.REF_LEADS)
                wording = lead + wording[0].lower() + wording[1:] if lead else wording
            lines += [f"  - question: {q(wording)}", f"    category: {question.category}",
                      f"    informs: {q(question.informs)}"]
            if roll < REF_SHARE:
                lines.append(f"    ref: {question.id}")
        else:
            category, wording, informs = rng.choice(candidates)
            lines += [f"  - question: {q(wording)}", f"    category: {category}",
                      f"    informs: {q(informs)}"]
    lines.append("blind_spots:")
    lines += [f"  - {q(fill(t))}" for t in rng.sample(P.BLIND_SPOTS, rng.randint(1, 3))]
    lines.append("friction:")
    for cause in ("internal", "external", "process"):
        lines += [f"  - what: {q(fill(rng.choice(P.FRICTION[cause])))}",
                  f"    root_cause: {cause}"]
    lines.append("playbook_updates:")
    for update in rng.sample(P.UPDATES, 3):
        due = signed + timedelta(days=rng.choice((5, 7, 7, 10, 21)))
        done = rng.random() < (0.9 if due < TODAY else 0.2)
        lines += [f"  - change: {q(fill(update))}", f"    owner: {rng.choice(team)}",
                  f"    due: {due}", f"    done: {'true' if done else 'false'}"]
    names = [f"{rng.choice(P.THEIR_ROLES)} {person(rng)}" for _ in range(3)]
    ours = [rng.choice(team) for _ in range(3)]
    levels = zip(P.ESCALATION, names, ours, strict=True)
    # Drawn in the order the lines list them, so the reviews stay what they were before logs.
    handoff = signed + timedelta(days=rng.choice((0, 1, 1, 2, 3)))
    next_steps = signed + timedelta(days=rng.choice((1, 2, 2, 3, 5)))
    kickoff = signed + timedelta(days=rng.randint(5, 20))
    cadence = rng.choice(P.CADENCES)
    metrics = [fill(m) for m in rng.sample(P.METRICS, rng.randint(3, 5))]
    facts = Facts(deal_id, deal_type, kickoff, start, renewal, cadence, tuple(metrics),
                  tuple(proven), tuple(assumed))
    lines += [
        "follow_through:",
        f"  handoff: {handoff}",
        f"  next_steps_sent: {next_steps}",
        f"  kickoff: {kickoff}",
        f"  cadence: {cadence}",
        f"  metrics: {_flow([q(m) for m in metrics])}",
        f"  escalation: {_flow([q(e.format(a=a, b=b)) for e, a, b in levels])}",
        "risks:",
    ]
    for risk, mitigation in rng.sample(P.RISKS, 3):
        lines.append(f"  - risk: {q(risk)}")
        if rng.random() < 0.8:
            lines.append(f"    mitigation: {q(mitigation)}")
    lines += ["---", "## Timeline", ""]
    day = signed - timedelta(days=rng.randint(40, 120))
    # Events in their usual order (the pool is roughly chronological).
    for event in sorted(rng.sample(range(len(P.EVENTS)), rng.randint(5, 9))):
        day = min(day + timedelta(days=rng.randint(3, 20)), signed - timedelta(days=1))
        lines.append(f"- {day}: {fill(P.EVENTS[event])}")
    lines += [f"- {signed}: signed.", "", "## Notes", ""]
    sentences = [fill(s) for s in rng.sample(P.NOTES, rng.randint(17, 32))]
    while sentences:
        size = rng.randint(3, 5)
        lines += [_wrap(" ".join(sentences[:size])), ""]
        sentences = sentences[size:]
    return deal_id, "\n".join(lines), facts


def _wrap(text: str, width: int = 96) -> str:
    out, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([*out, line])


def _question_file(rng: Random, question: Curated) -> str:
    lines = ["---", f"id: {question.id}", f"question: {q(question.question)}",
             f"category: {question.category}", f"informs: {q(question.informs)}",
             f"deal_types: {_flow(list(question.deal_types))}"]
    if question.scenarios:
        lines.append(f"scenarios: {_flow(list(question.scenarios))}")
    lines += [f"stage: {question.stage}", "---", "## Why it matters", ""]
    for _ in range(2):
        lines += [_wrap(" ".join(rng.sample(P.WHY, 3))), ""]
    lines += ["## Follow-ups", ""]
    lines += [f"- {f}" for f in rng.sample(P.FOLLOW_UPS, 3)]
    return "\n".join(lines) + "\n"


def write_config(root: Path, search: str = "material") -> None:
    """The repository's mkdocs.yml with `today` pinned (and the search option, if not the
    default), so every measured build uses the real theme, extensions and nav."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "dealbook" in entry:
            options = entry["dealbook"] = dict(entry["dealbook"] or {})
            options["today"] = TODAY.isoformat()
            if search != "material":
                options["search"] = search
            else:
                options.pop("search", None)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
                                     encoding="utf-8")


def make_corpus(root: Path, n: int, seed: int = 7) -> None:
    """Write a complete project with `n` reviews into `root` (created; must not hold content)."""
    rng = Random(seed)
    log_rng = Random(f"logs-{seed}")  # its own stream: logs leave the reviews as they were
    root.mkdir(parents=True, exist_ok=True)
    content = root / "content"
    if content.exists():
        raise FileExistsError(f"{content} exists: make_corpus writes a new project")
    write_config(root)
    shutil.copytree(REPO / "content" / "method", content / "method")
    shutil.copytree(REPO / "site_templates", root / "site_templates")
    curated = curated_questions()
    questions_dir = content / "questions"
    questions_dir.mkdir(parents=True)
    for question in curated:
        (questions_dir / f"{question.id}.md").write_text(_question_file(rng, question),
                                                          encoding="utf-8")
    candidates = candidate_wordings(rng, curated)
    parties = make_parties(rng, max(1, n // 4))
    team = make_team(rng, n)
    taken_ids: set[str] = set()
    taken_titles: set[str] = set()
    written: list[tuple[Path, str]] = []
    for i in range(n):
        # Every counterparty gets a first review; the rest is repeat business.
        party = parties[i] if i < len(parties) else rng.choice(parties)
        signed = TODAY - timedelta(days=rng.randint(3, SPAN_DAYS))
        deal_id, text, facts = _review(rng, party, signed, curated, candidates, team,
                                       taken_ids, taken_titles)
        folder = content / "deals" / str(signed.year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{deal_id}.md").write_text(text + "\n", encoding="utf-8")
        log = relationship_log(log_rng, facts, TODAY)
        if log is not None:
            (content / "logs").mkdir(exist_ok=True)
            (content / "logs" / f"{deal_id}.md").write_text(log, encoding="utf-8")
        written.append((folder / f"{deal_id}.md", deal_id))
    write_plans(root, written, [c.id for c in curated], TODAY, seed)


def review_files(root: Path) -> list[Path]:
    return sorted((root / "content" / "deals").rglob("*.md"))


def question_files(root: Path) -> list[Path]:
    return sorted((root / "content" / "questions").glob("*.md"))


def plan_files(root: Path) -> list[Path]:
    return sorted((root / "content" / "plans").glob("*.md"))


def document_files(root: Path) -> list[Path]:
    """Every file whose front matter the core reads: reviews, questions, logs and plans."""
    logs = sorted((root / "content" / "logs").glob("*.md"))
    return review_files(root) + question_files(root) + logs + plan_files(root)
