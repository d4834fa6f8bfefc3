"""Property-based tests: generated front matter, valid and broken.

- loading never raises anything but Dealbook's own errors (it reports diagnostics instead);
- every valid review survives a full render and gets its page;
- what the checker accepts, the build builds: dates and numbers within the declared bounds
  render, anything beyond them is an error at its file and line, and never a traceback;
- the output is the same for the same input, whatever the file order, locale or time zone.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, Project, question
from corpus import write_corpus
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.base.diagnostics import ConfigError, Severity
from generator.build import build_site, check_content, release_caches
from generator.check.load import read_corpus
from generator.schema.fields import (
    CATEGORIES,
    DEAL_TYPES,
    EARLIEST_DATE,
    LATEST_DATE,
    LEVERAGE_SOURCES,
    MAX_NOTICE_DAYS,
    MAX_TERM_MONTHS,
    MAX_VALUE,
    ROOT_CAUSES,
)

SCENARIO_OF = {"client": "client_fixed_scope", "vendor": "vendor_sla",
               "partner": "partner_revshare"}
slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,24}", fullmatch=True).filter(lambda s: s != "index")
text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
               ).filter(lambda t: t.strip())
days = st.dates(date(2020, 1, 1), date(2030, 12, 31))
# Each example writes and reads real files; keep the run, and any shrinking, short.
FAST = settings(max_examples=60, deadline=None, phases=[Phase.explicit, Phase.reuse,
                                                        Phase.generate, Phase.target],
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def valid_reviews(draw: st.DrawFn) -> dict[str, Any]:
    signed = draw(st.none() | days)
    deal_type = draw(st.sampled_from(DEAL_TYPES))
    review: dict[str, Any] = {
        "id": draw(slugs), "title": draw(text), "counterparty": draw(text),
        "owner": draw(text), "deal_type": deal_type, "scenario": SCENARIO_OF[deal_type],
        "signed": signed,
        "reviewed": draw(days.filter(lambda d: signed is None or d >= signed)),
        "tags": draw(st.lists(slugs, max_size=4)),
        # What a final review must hold (completeness.py): outcome, leverage, and a signed
        # deal's follow-through dates.
        "outcome": {"commercial": draw(text)},
        "leverage": draw(st.fixed_dictionaries({
            "proven": st.lists(st.sampled_from(LEVERAGE_SOURCES), max_size=3),
            "assumed": st.lists(st.sampled_from(LEVERAGE_SOURCES), max_size=3),
            "notes": text})),
    }
    if signed is not None:
        review["follow_through"] = {"handoff": draw(days)}
    optional: dict[str, Any] = {
        "value": st.integers(0, 10**12), "term_months": st.integers(1, 120),
        "what_worked": st.lists(text, max_size=3),
        "missed_questions": st.lists(st.fixed_dictionaries({
            "question": text, "category": st.sampled_from(CATEGORIES), "informs": text}),
            max_size=3),
        "friction": st.lists(st.fixed_dictionaries({
            "what": text, "root_cause": st.sampled_from(ROOT_CAUSES)}), max_size=3),
        "playbook_updates": st.lists(st.fixed_dictionaries({
            "change": text, "owner": text, "due": days, "done": st.booleans()}), max_size=3),
        "risks": st.lists(st.fixed_dictionaries({"risk": text}, optional={
            "mitigation": text}), max_size=3),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            review[key] = draw(strategy)
    if "value" in review:
        review["currency"] = "EUR"
    return review


def dump(front: dict[str, Any]) -> str:
    return yaml.safe_dump(front, allow_unicode=True, sort_keys=False)


def reset(project: Project) -> None:
    for path in (project.root / "content" / "deals").rglob("*.md"):
        path.unlink()


@FAST
@given(front=st.one_of(
    st.text(max_size=400),
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
                 | days, lambda inner: st.lists(inner, max_size=4)
                 | st.dictionaries(st.text(max_size=12), inner, max_size=6), max_leaves=20
                 ).map(lambda v: yaml.safe_dump(v, allow_unicode=True)),
    valid_reviews().map(dump).map(lambda t: t.replace(":", "", 1)),
))
def test_loading_only_reports_never_raises(project: Project, front: str) -> None:
    reset(project)
    project.add_deal("generated.md", front, "Body\n")
    corpus = read_corpus(project.settings)
    assert len(corpus.deals) + len(corpus.diagnostics) >= 1


@FAST
@given(review=valid_reviews())
def test_every_valid_review_renders(project: Project, review: dict[str, Any]) -> None:
    reset(project)
    project.add_deal("generated.md", review, "## Notes\n\nText.\n")
    result = build_site(project.settings)
    assert result.diagnostics == ()
    assert f"deals/{review['id']}.md" in result.pages


DAY = timedelta(days=1)
INSIDE_DATES = st.dates(EARLIEST_DATE, LATEST_DATE) | st.sampled_from([EARLIEST_DATE,
                                                                       LATEST_DATE])
OUTSIDE_DATES = (st.dates(max_value=EARLIEST_DATE - DAY) | st.dates(min_value=LATEST_DATE + DAY)
                 | st.sampled_from([date.min, date.max, EARLIEST_DATE - DAY, LATEST_DATE + DAY]))
# key: (inside, outside) for the numbers; every date key draws from the date strategies.
NUMBERS = {
    "notice_days": (st.integers(0, MAX_NOTICE_DAYS),
                    st.integers(MAX_NOTICE_DAYS + 1, 10**13) | st.just(10**12)),
    "term_months": (st.integers(1, MAX_TERM_MONTHS), st.integers(MAX_TERM_MONTHS + 1, 10**13)),
    "value": (st.integers(0, MAX_VALUE), st.integers(MAX_VALUE + 1, 10**30)),
}
NUMBERS_MAX = {"notice_days": MAX_NOTICE_DAYS, "term_months": MAX_TERM_MONTHS,
               "value": MAX_VALUE}
UPDATES = 2


@st.composite
def bounded_reviews(draw: st.DrawFn) -> dict[str, Any]:
    """A review whose every date and number lies beyond its bounds one time in eight. Pairs of
    dates are drawn in order, so a review breaks no rule but the bounds."""
    def pick(inside: st.SearchStrategy[Any], outside: st.SearchStrategy[Any]) -> Any:
        return draw(inside if draw(st.integers(0, 7)) else outside)

    signed, reviewed = sorted(pick(INSIDE_DATES, OUTSIDE_DATES) for _ in range(2))
    start_date, renewal_date = sorted(pick(INSIDE_DATES, OUTSIDE_DATES) for _ in range(2))
    return {
        "id": "bounded", "title": "Bounded", "counterparty": "Acme", "owner": "Priya",
        "deal_type": "client", "scenario": "client_fixed_scope", "signed": signed,
        "reviewed": reviewed, "start_date": start_date, "renewal_date": renewal_date,
        **{key: pick(*strategies) for key, strategies in NUMBERS.items()}, "currency": "EUR",
        "playbook_updates": [{"change": "Tighten the SLA", "owner": "Dana",
                              "due": pick(INSIDE_DATES, OUTSIDE_DATES),
                              "done": draw(st.booleans())} for _ in range(UPDATES)],
        "follow_through": {key: pick(INSIDE_DATES, OUTSIDE_DATES)
                           for key in ("handoff", "next_steps_sent", "kickoff")},
        # What a final review must say (completeness.py), so that only the bounds decide.
        "outcome": {"commercial": "Fixed price"}, "leverage": {"notes": "Nothing moved them."},
    }


def beyond_bounds(review: dict[str, Any]) -> set[str]:
    """The keys, as messages name them, whose value lies beyond its bounds."""
    values = {key: value for key, value in review.items() if not isinstance(value, list | dict)}
    values.update({f"playbook_updates[{n}].due": u["due"]
                   for n, u in enumerate(review["playbook_updates"], start=1)})
    values.update({f"follow_through.{k}": v for k, v in review["follow_through"].items()})
    limits = {key: (0 if key != "term_months" else 1, NUMBERS_MAX[key]) for key in NUMBERS_MAX}
    return {key for key, value in values.items()
            if (isinstance(value, date) and not EARLIEST_DATE <= value <= LATEST_DATE)
            or (key in limits and not limits[key][0] <= value <= limits[key][1])}


def key_lines(text: str) -> dict[str, int]:
    """The line of each key a bounds error can name, in a file written by `as_file`."""
    lines: dict[str, int] = {}
    update = 0
    for number, line in enumerate(text.splitlines(), start=1):
        found = re.match(r"^(\s*)(- )?(\w+):", line)
        if found is None:
            continue
        key = found[3]
        if key == "change":
            update += 1
        elif key == "due":
            lines[f"playbook_updates[{update}].due"] = number
        elif found[1]:
            lines[f"follow_through.{key}"] = number
        else:
            lines[key] = number
    return lines


@FAST
@given(review=bounded_reviews(), today=INSIDE_DATES)
def test_what_check_accepts_the_build_builds(project: Project, review: dict[str, Any],
                                             today: date) -> None:
    reset(project)
    release_caches()
    project.write_config(today=today.isoformat())
    path = project.add_deal("generated.md", review, "Body.\n")
    result = build_site(project.settings)  # never raises, whatever the dates and numbers
    assert check_content(project.settings)[0].diagnostics == result.diagnostics  # as check says
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    lines = key_lines(path.read_text(encoding="utf-8"))
    assert {(d.message.split(" ", 1)[0], d.line) for d in errors} == {
        (key, lines[key]) for key in beyond_bounds(review)}
    assert all(d.path == "content/deals/generated.md" and d.column > 0 for d in errors)
    assert ("deals/bounded.md" in result.pages) == (not errors)


@given(today=OUTSIDE_DATES | st.sampled_from(["2026-02-30", "0000-01-01", "2026-13-01"]))
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_today_beyond_the_bounds_is_a_config_error(project: Project, today: date | str
                                                      ) -> None:
    project.write_config(today=str(today))
    with pytest.raises(ConfigError, match=r"dealbook option 'today' (must be|is not a real)"):
        _ = project.settings


def pages_digest(project_root: Path, env: dict[str, str]) -> str:
    """A digest of every generated page and file, built in a fresh interpreter."""
    code = ("import hashlib, sys; from pathlib import Path; "
            "from generator.build import build_site; from generator.read.settings import "
            "load_settings; r = build_site(load_settings(Path(sys.argv[1]) / 'mkdocs.yml')); "
            "h = hashlib.sha256(); "
            "[h.update(u.encode() + r.pages[u].encode()) for u in sorted(r.pages)]; "
            "[h.update(u.encode() + r.files[u]) for u in sorted(r.files)]; print(h.hexdigest())")
    done = subprocess.run([sys.executable, "-c", code, str(project_root)], env=env,
                          capture_output=True, text=True, check=True, cwd=REPO, timeout=120)
    return done.stdout.strip()


def test_output_is_independent_of_file_order_locale_and_time_zone(project: Project) -> None:
    write_corpus(project)
    project.add_question("q2.md", question(id="q2", question="Which budget line pays?"))
    project.pin_file_dates()
    base = {k: v for k, v in os.environ.items() if k not in ("TZ", "LC_ALL", "LANG")}
    first = pages_digest(project.root, {**base, "TZ": "Pacific/Kiritimati", "LC_ALL": "C"})
    second = pages_digest(project.root, {**base, "TZ": "America/Adak",
                                         "LC_ALL": "de_DE.UTF-8", "PYTHONHASHSEED": "123"})
    assert first == second
    # The same reviews under other file names and folders, so they are read in another order.
    deals = project.root / "content" / "deals"
    for index, path in enumerate(sorted(deals.rglob("*.md"), reverse=True)):
        target = deals / f"z{index}" / f"{index}-{path.name}"
        target.parent.mkdir()
        path.rename(target)
        os.utime(target, (1_780_000_000, 1_780_000_000))
    assert pages_digest(project.root, {**base, "PYTHONHASHSEED": "7"}) == first


def test_counterparty_slug_collisions_resolve_the_same_way(project: Project) -> None:
    from conftest import review
    names = ["A&B Holdings", "A B Holdings", "a-b holdings!"]
    for index, name in enumerate(names):
        project.add_deal(f"{index}.md", review(id=f"d{index}", counterparty=name))
    first = sorted(k for k in build_site(project.settings).pages if k.startswith("counterp"))
    reset(project)
    for index, name in enumerate(reversed(names)):
        project.add_deal(f"{index}.md", review(id=f"d{2 - index}", counterparty=name))
    assert sorted(k for k in build_site(project.settings).pages
                  if k.startswith("counterp")) == first
    assert first == ["counterparties/a-b-holdings-2.md", "counterparties/a-b-holdings-3.md",
                     "counterparties/a-b-holdings.md", "counterparties/index.md"]
    assert json.dumps(first)  # plain strings, no surprises
