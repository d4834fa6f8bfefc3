"""Writing a new review or question from the templates in site_templates/, never over a file."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from string import Template

from generator.base.diagnostics import DealbookError, Diagnostic
from generator.read.settings import Settings
from generator.read.source import read_bytes
from generator.read.tree import walk_content
from generator.render.shipped import find_template
from generator.schema.slugs import unique_slugs

REVIEW_TEMPLATE = "new-review.md.tmpl"
QUESTION_TEMPLATE = "new-question.md.tmpl"


def unique_id(text: str, taken: Iterable[str]) -> str:
    """A slug of the first words of `text`, with -2, -3… if it is taken."""
    return unique_slugs([text], taken)[0]


def existing_ids(files: Iterable[Path]) -> set[str]:
    """Ids in use among content files, read cheaply: file names and `id:` lines."""
    ids = set()
    for path in files:
        ids.add(path.stem)
        raw = read_bytes(path, path.name)
        lines = [] if isinstance(raw, Diagnostic) else raw.decode("utf-8", "replace").splitlines()
        for line in lines[:40]:
            if line.startswith("id:"):
                ids.add(line[3:].split("#")[0].strip().strip("'\""))
    return ids


def new_review(settings: Settings, *, title: str, counterparty: str, owner: str,
               deal_type: str, scenario: str, signed: date | None) -> Path:
    """Write a draft review from the form; returns its path."""
    review_id = unique_id(title, existing_ids(walk_content(settings).reviews))
    # The calendar's date, not the build's `today`: a project pins that one to keep its figures
    # still, and a debrief held today dated months back would precede its own signature.
    reviewed = date.today()
    year = (signed or reviewed).year
    values = {"id": review_id, "title": yaml_scalar(title),
              "counterparty": yaml_scalar(counterparty),
              "owner": yaml_scalar(owner), "deal_type": deal_type, "scenario": scenario,
              "signed": signed.isoformat() if signed else "", "reviewed": reviewed.isoformat()}
    return write_from_template(settings, REVIEW_TEMPLATE, values,
                  settings.deals_dir / str(year) / f"{review_id}.md")


def new_question(settings: Settings, *, question: str, category: str, informs: str,
                 stage: str) -> Path:
    """Write a curated question file; returns its path."""
    question_id = unique_id(question, existing_ids(walk_content(settings).questions))
    values = {"id": question_id, "question": yaml_scalar(question), "category": category,
              "informs": yaml_scalar(informs), "stage": stage}
    return write_from_template(settings, QUESTION_TEMPLATE, values,
                  settings.questions_dir / f"{question_id}.md")


def yaml_scalar(text: str) -> str:
    """A YAML scalar for any text: JSON strings are valid YAML."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def write_from_template(settings: Settings, template: str, values: dict[str, str], path: Path
                        ) -> Path:
    """Fill a template of site_templates/ and write it to `path`, never over a file."""
    source = find_template(settings, template)
    try:
        text = Template(source.read_text(encoding="utf-8")).substitute(values)
    except (OSError, UnicodeDecodeError) as exc:
        raise DealbookError(f"cannot read the template {settings.display(source)}: "
                            f"{getattr(exc, 'strerror', None) or exc}") from None
    except (KeyError, ValueError) as exc:  # templates_dir may hold someone's own templates
        raise DealbookError(f"the template {settings.display(source)} has a placeholder "
                            f"that is not a field of the form: {exc}") from None
    if not settings.docs_dir.is_dir():  # a wrong --project or docs_dir: write nothing there
        raise DealbookError(f"{settings.display(settings.docs_dir)}/ is not a folder (docs_dir "
                            "in mkdocs.yml); nothing was written")
    blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise DealbookError(f"{settings.display(blocking)} is a file where a folder is needed; "
                            "nothing was written")
    opened = False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as out:  # "x": fail rather than overwrite
            opened = True
            out.write(text)
    except FileExistsError:
        raise DealbookError(f"{settings.display(path)} exists already; nothing was "
                            "written") from None
    except OSError as exc:  # read-only folder, disk full…
        if opened:
            path.unlink(missing_ok=True)  # never leave half a review behind
        raise DealbookError(f"cannot write {settings.display(path)}: {exc.strerror}; nothing "
                            "was written") from None
    return path
