"""What is under content/: the reviews and questions Dealbook reads, and the files MkDocs
publishes as they are. Found without following a folder link and without opening anything but
a regular file, so no odd file can hang a build, walk the disk or publish what it must not.

MkDocs walks its docs folder following every folder link, with no bound: a link to / copies
the disk, a link to a parent folder repeats the tree until paths are too long and then crashes.
So a folder link anywhere under content/ is `blocking`: the build stops before MkDocs walks.
Any other bad file is an error that leaves it out of the site.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.base.diagnostics import Diagnostic, error, warning
from generator.read.settings import Settings
from generator.read.source import file_kind, not_regular, read_bytes
from generator.schema.fields import LOG, REVIEW
from generator.schema.plans import PLAN

# The suffixes MkDocs renders as pages (mkdocs.utils.markdown_extensions).
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
# Keys only a review has: two of them make a page a review. (A hand-written page may well have
# a title, an id, an owner and the date it was last reviewed.)
REVIEW_KEYS = frozenset(f.name for f in REVIEW.fields if f.required) - {
    "id", "title", "owner", "reviewed"}
# A relationship log names its review and holds at least one of its lists.
LOG_KEYS = frozenset(f.name for f in LOG.fields) - {"deal"}
# Keys only a plan has (its goals, terms, stakeholders…): with a review's keys, a plan.
PLAN_KEYS = frozenset(f.name for f in PLAN.fields) - frozenset(f.name for f in REVIEW.fields)
_KEY = re.compile(r"""["']?([A-Za-z_][\w-]*)["']?[ \t]*:""")
_META_LINE = re.compile(r"[ ]{0,3}[A-Za-z0-9_-]+:")  # MkDocs' MultiMarkdown metadata
# Anywhere in the front matter, in any YAML style: a nested or flow mapping counts too.
_RESTRICTED = re.compile(r"""\bvisibility["']?\s*:\s*["']?restricted\b""", re.IGNORECASE)
_FOLDER_LINK = ("folder is a link, which is not followed",
                "move or copy the files into the folder instead")


@dataclass(frozen=True)
class ContentTree:
    """Every file found, sorted by what becomes of it; `diagnostics` say why files are left
    out, `blocking` (among them) are the folder links MkDocs must not be left to walk."""

    reviews: tuple[Path, ...]
    questions: tuple[Path, ...]
    published: tuple[Path, ...]  # MkDocs' own files: hand-written pages, images
    refused: frozenset[str]  # MkDocs' own files it must leave out, relative to content/
    diagnostics: tuple[Diagnostic, ...]
    blocking: tuple[Diagnostic, ...]
    plans: tuple[Path, ...] = ()  # negotiation plans, content/plans/
    logs: tuple[Path, ...] = ()  # relationship logs, never published as they are


def walk_content(settings: Settings) -> ContentTree:
    """Sort every file under content/ (and the review folders, wherever they are)."""
    found: dict[str, list[Path]] = {"reviews": [], "questions": [], "published": [],
                                    "plans": [], "logs": []}
    refused: set[str] = set()
    diagnostics: list[Diagnostic] = []
    blocking: list[Diagnostic] = []
    for parent, entries in _folders(settings, diagnostics):
        here = _folder_place(Path(parent), settings)
        for entry, is_folder_link in entries:
            path = Path(entry.path)
            if is_folder_link:
                blocking.append(error(settings.display(path), 0, 0, *_FOLDER_LINK))
                continue
            place, problem = _place(entry, path, here, settings)
            if problem is not None:
                diagnostics.append(problem)
            if place == "refused":
                refused.add(path.relative_to(settings.docs_dir).as_posix())
            elif place:
                found[place].append(path)
    return ContentTree(_sorted(found["reviews"]), _sorted(found["questions"]),
                       _sorted(found["published"]), frozenset(refused),
                       tuple(sorted(diagnostics + blocking)), tuple(sorted(blocking)),
                       _sorted(found["plans"]), _sorted(found["logs"]))


Entry = tuple[os.DirEntry[str], bool]  # a file, or a folder link (True), which is not entered


def _folders(settings: Settings, diagnostics: list[Diagnostic]
             ) -> Iterator[tuple[str, list[Entry]]]:
    """Every folder (links to folders are not entered) with its files and folder links, as
    os.walk sorts them; scandir's entries know a plain file without a stat of its own (at
    10,000 reviews, 20,000 stats and path checks were most of the walk)."""
    tops = [settings.docs_dir, *(folder for folder in _review_folders(settings)
                                 if not folder.is_relative_to(settings.docs_dir))]
    pending = [str(top) for top in reversed(tops)]
    while pending:
        parent = pending.pop()
        try:
            with os.scandir(parent) as scan:
                listed = list(scan)
        except OSError as exc:
            diagnostics.append(error(settings.display(Path(str(exc.filename))), 0, 0,
                                     f"cannot read the folder: {exc.strerror}"))
            continue
        entries: list[Entry] = []
        for entry in listed:
            if not _is_folder(entry):
                entries.append((entry, False))
            elif entry.is_symlink():
                entries.append((entry, True))
            else:
                pending.append(entry.path)
        yield parent, entries


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """A folder, or a link to one, as os.walk tells them (an entry it cannot stat is a file)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _plain_file(entry: os.DirEntry[str]) -> bool:
    """A regular file, not a link (known from the folder's listing on most file systems)."""
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:  # _unreadable says why
        return False


@dataclass(frozen=True)
class _FolderPlace:
    """What a folder's files become: read as `place` from the review folder `folder`, or
    (no place) MkDocs' own files, never published when `hidden`."""

    place: str = ""
    folder: Path | None = None
    hidden: bool = False


def _folder_place(parent: Path, settings: Settings) -> _FolderPlace:
    for folder, place in ((settings.deals_dir, "reviews"), (settings.questions_dir, "questions"),
                          (settings.plans_dir, "plans"), (settings.logs_dir, "logs")):
        if parent.is_relative_to(folder):
            return _FolderPlace(place, folder)
    relative = parent.relative_to(settings.docs_dir)
    return _FolderPlace(hidden=any(part.startswith(".") for part in relative.parts))


def _place(entry: os.DirEntry[str], path: Path, here: _FolderPlace, settings: Settings
           ) -> tuple[str, Diagnostic | None]:
    """Where one file goes ('reviews', 'questions', 'published', 'refused', or '' when it is
    neither read nor published), and the problem that put it there, if any."""
    if here.folder is not None:
        return _review_folder_file(entry, path, here.folder, here.place, settings)
    if here.hidden or entry.name.startswith("."):
        return "", None  # MkDocs never publishes hidden files
    display = settings.display(path)
    problem = _unreadable(path, display, settings.docs_dir, settings)
    if problem is None and path.suffix.lower() in MARKDOWN_SUFFIXES:
        problem = _misplaced_review(path, display, settings)
    return ("refused", problem) if problem else ("published", None)


def _review_folder_file(entry: os.DirEntry[str], path: Path, folder: Path, place: str,
                        settings: Settings) -> tuple[str, Diagnostic | None]:
    """A file in deals/, questions/, plans/ or logs/: only '.md' files are read; the folder is never
    published as it is."""
    name = entry.name
    if name.endswith(".md"):
        if _plain_file(entry):
            return place, None  # nothing to check
        problem = _unreadable(path, settings.display(path), folder, settings)
        return ("", problem) if problem else (place, None)
    lower = name.lower()
    if lower.endswith(".md"):
        return "", error(settings.display(path), 0, 0, "file is not read: the extension must "
                         "be '.md' in lower case", f"rename it to {name[:-3]}.md")
    suffix = next((s for s in MARKDOWN_SUFFIXES if lower.endswith(s)), "")
    if suffix:
        return "", warning(settings.display(path), 0, 0, "file is not read: the extension "
                           f"must be '.md' (got '{name[-len(suffix):]}')",
                           f"rename it to {name[:-len(suffix)]}.md")
    return "", None


def _unreadable(path: Path, display: str, inside: Path, settings: Settings
                ) -> Diagnostic | None:
    """Why a file must be neither read nor published, if it must not: a broken link, a link
    out of `inside` or into a review folder from outside it, anything but a regular file."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if os.path.islink(path):
            return error(display, 0, 0, "file is a link to a file that does not exist",
                         "fix or remove the link")
        return error(display, 0, 0, f"cannot read the file: {exc.strerror}")
    if os.path.islink(path):
        target = Path(os.path.realpath(path))
        shown = settings.display(inside)
        if not target.is_relative_to(os.path.realpath(inside)):
            return error(display, 0, 0, f"file is a link to somewhere outside {shown}/",
                         "copy the file into the folder instead of linking it")
        for folder in _review_folders(settings):
            if not path.is_relative_to(folder) and target.is_relative_to(
                    os.path.realpath(folder)):
                return error(display, 0, 0, f"file is a link into {settings.display(folder)}/,"
                             " whose files are never published as they are",
                             "copy the file here instead of linking it")
    kind = file_kind(mode)
    return not_regular(display, kind) if kind else None


def _misplaced_review(path: Path, display: str, settings: Settings) -> Diagnostic | None:
    """An error if a Markdown page outside the folders Dealbook reads is a review, a plan or
    a relationship log: MkDocs would publish it raw."""
    raw = read_bytes(path, display)
    if isinstance(raw, Diagnostic):
        return raw
    front = front_matter(raw)
    keys = set(top_level_keys(front))
    review_keys = sorted(REVIEW_KEYS & keys)
    if "deal" in keys and LOG_KEYS & keys:
        logs = settings.display(settings.logs_dir)
        return error(display, 1, 1, "page left out of the site: its front matter has the keys "
                     f"of a relationship log (deal, {', '.join(sorted(LOG_KEYS & keys))}), and "
                     f"logs are read only from {logs}/", f"move the log into {logs}/, where "
                     "it is checked")
    if _RESTRICTED.search(front):
        why = "its front matter says 'visibility: restricted'"
    elif len(review_keys) >= 2:
        why = f"its front matter has the keys of a review ({', '.join(review_keys)})"
    else:
        return None
    if PLAN_KEYS & keys and "reviewed" not in keys:
        plans = settings.display(settings.plans_dir)
        return error(display, 1, 1, f"page left out of the site: {why.replace('review', 'plan')}"
                     f", and plans are read only from {plans}/",
                     f"move the plan into {plans}/, where it is checked")
    deals = settings.display(settings.deals_dir)
    return error(display, 1, 1, f"page left out of the site: {why}, and reviews are published "
                 f"only from {deals}/", f"move the review into {deals}/, where it is checked")


def front_matter(raw: bytes) -> str:
    """The front matter as MkDocs may read it: between '---' lines (or to the end: never
    closed, MkDocs publishes it as text), else MultiMarkdown's 'key: value' lines at the top."""
    text = raw.decode("utf-8", "replace").lstrip("\ufeff")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[0].rstrip() == "---":
        end = next((i for i, line in enumerate(lines) if i and line.rstrip() in ("---", "...")),
                   len(lines))
        return "\n".join(lines[1:end])
    front: list[str] = []
    for line in lines:
        if not (_META_LINE.match(line) or (front and line.startswith(("    ", "\t")))):
            break
        front.append(line)
    return "\n".join(front)


def top_level_keys(front: str) -> list[str]:
    """The keys that start a line of the front matter, as written."""
    return [match[1] for line in front.split("\n") if (match := _KEY.match(line))]


def _review_folders(settings: Settings) -> tuple[Path, ...]:
    return settings.deals_dir, settings.questions_dir, settings.plans_dir, settings.logs_dir


def _sorted(paths: list[Path]) -> tuple[Path, ...]:
    """In the order of their paths relative to their folder, which all share (as text)."""
    return tuple(sorted(paths, key=str))
