"""Writing a new review or question from the templates in site_templates/, never over a file."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from string import Template

from .diagnostics import DealbookError
from .load import content_files
from .settings import Settings
from .text import slugify

REVIEW_TEMPLATE = "new-review.md.tmpl"
QUESTION_TEMPLATE = "new-question.md.tmpl"
MAX_ID_WORDS = 8


def unique_id(text: str, taken: Iterable[str]) -> str:
    """A slug of the first words of `text`, with -2, -3… if it is taken."""
    used = set(taken)
    base = "-".join(slugify(text).split("-")[:MAX_ID_WORDS])
    candidate, suffix = base, 2
    while candidate in used or candidate == "index":
        candidate, suffix = f"{base}-{suffix}", suffix + 1
    return candidate


def existing_ids(folder: Path) -> set[str]:
    """Ids in use in a content folder, read cheaply: file names and `id:` lines."""
    ids = set()
    for path in content_files(folder):
        ids.add(path.stem)
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()[:40]:
            if line.startswith("id:"):
                ids.add(line[3:].split("#")[0].strip().strip("'\""))
    return ids


def new_review(settings: Settings, *, title: str, counterparty: str, owner: str,
               deal_type: str, scenario: str, signed: date | None) -> Path:
    """Write a draft review from the form; returns its path."""
    review_id = unique_id(title, existing_ids(settings.deals_dir))
    # The calendar's date, not the build's `today`: a project pins that one to keep its figures
    # still, and a debrief held today dated months back would precede its own signature.
    reviewed = date.today()
    year = (signed or reviewed).year
    values = {"id": review_id, "title": _scalar(title), "counterparty": _scalar(counterparty),
              "owner": _scalar(owner), "deal_type": deal_type, "scenario": scenario,
              "signed": signed.isoformat() if signed else "", "reviewed": reviewed.isoformat()}
    return _write(settings, REVIEW_TEMPLATE, values,
                  settings.deals_dir / str(year) / f"{review_id}.md")


def new_question(settings: Settings, *, question: str, category: str, informs: str,
                 stage: str) -> Path:
    """Write a curated question file; returns its path."""
    question_id = unique_id(question, existing_ids(settings.questions_dir))
    values = {"id": question_id, "question": _scalar(question), "category": category,
              "informs": _scalar(informs), "stage": stage}
    return _write(settings, QUESTION_TEMPLATE, values,
                  settings.questions_dir / f"{question_id}.md")


def _scalar(text: str) -> str:
    """A YAML scalar for any text: JSON strings are valid YAML."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def _write(settings: Settings, template: str, values: dict[str, str], path: Path) -> Path:
    text = Template((settings.templates_dir / template).read_text(encoding="utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as out:  # "x": fail rather than overwrite
            out.write(text.substitute(values))
    except FileExistsError:
        raise DealbookError(f"{settings.display(path)} exists already; nothing was "
                            "written") from None
    return path
