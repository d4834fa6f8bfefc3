"""Hostile and broken inputs: each one gives a clear path:line message or a documented
acceptance, within bounded time and memory, and never a traceback.

Every case has its exact diagnostics in cases/hostile/<name>.expected, like cases/invalid/:
- file cases are cases/hostile/<name>.md, copied into content/deals/ as they are;
- generated cases (GENERATED below) are written at run time: inputs that are big, binary,
  invisible in an editor or that need the file system (CRLF, byte-order marks, control
  characters, megabyte files, deep nesting, symlinks, odd file names), so the repository holds
  no huge or fragile files. Their .expected file has no .md beside it.

Regenerate the expected files after a deliberate change with
    .venv/bin/pytest tests/check/test_hostile.py --update-golden
and review the diff.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Project, question

from generator.base.diagnostics import ConfigError, Diagnostic, Severity
from generator.build import build_site
from generator.check.load import Corpus, read_corpus
from generator.cli.main import main

CASES = Path(__file__).resolve().parents[1] / "cases" / "hostile"
REPO = Path(__file__).resolve().parents[2]
# A guard against hangs and quadratic blow-ups (minutes to hours), never a speed claim: every
# case reads in well under a second, so only a hang or a blow-up can reach it on a busy machine.
SECONDS = 30.0
PEAK_BYTES = 200 * 1024 * 1024
LONGEST_DIAGNOSTIC = 2000  # characters of one formatted diagnostic, hint included

# The minimal valid review of cases/invalid/: id is on line 2, reviewed on line 9, extra keys
# start on line 10.
BASE = """\
id: acme-rollout
title: Acme rollout
counterparty: Acme
owner: Priya
deal_type: client
scenario: client_fixed_scope
signed: 2026-03-01
reviewed: 2026-03-03
"""


# What a final review must hold to be published without a warning (completeness.py).
COMPLETE_FORM = (CASES / "complete-form.yml").read_text(encoding="utf-8")


def review(extra: str = "", body: str = "", **lines: str) -> str:
    """The base review with whole lines replaced by key (each ending in a newline), plus extra
    lines at the end of the front matter."""
    front = {line.split(":", 1)[0]: line + "\n" for line in BASE.splitlines()}
    front.update(lines)
    given = "".join(front.values()) + extra
    # Last, so the lines above keep their numbers: what a final review must hold.
    form = "".join(f"{line}\n" for line in COMPLETE_FORM.splitlines()
                   if f"\n{line.split(':', 1)[0]}:" not in f"\n{given}")
    return "---\n" + given + form + "---\n" + body


Writer = Callable[[Project, str], object]


def write(project: Project, name: str | bytes, data: str | bytes) -> Path:
    """Write raw bytes into content/deals/: no newline translation, any file name."""
    folder = project.root / "content" / "deals"
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), os.fsencode(name))))
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def endings(text: str, *newlines: str) -> str:
    """`text` with its line endings replaced by `newlines`, used in turn."""
    lines = text.split("\n")
    return "".join(line + newlines[i % len(newlines)]
                   for i, line in enumerate(lines[:-1])) + lines[-1]


def sized(total: int) -> str:
    """A valid review of exactly `total` bytes: the body fills up the rest."""
    head = review(body="Notes.\n")
    return head + "x" * (total - len(head.encode()) - 1) + "\n"


def sparse(project: Project, case: str) -> None:
    with (project.root / "content" / "deals" / f"{case}.md").open("wb") as handle:
        handle.write(review().encode())
        handle.truncate(256 * 1024 * 1024)


def symlink_outside(project: Project, case: str) -> None:
    outside = project.root.parent / "outside.md"
    outside.write_text(review(), encoding="utf-8")
    (project.root / "content" / "deals" / f"{case}.md").symlink_to(outside)


def symlink_inside(project: Project, case: str) -> None:
    target = write(project, "acme-rollout.md", review())
    (project.root / "content" / "deals" / f"{case}.md").symlink_to(target)


def symlink_dangling(project: Project, case: str) -> None:
    (project.root / "content" / "deals" / f"{case}.md").symlink_to(project.root / "gone.md")


def symlink_folder(project: Project, case: str) -> None:
    outside = project.root.parent / "elsewhere"
    outside.mkdir()
    (outside / "acme-rollout.md").write_text(review(), encoding="utf-8")
    (project.root / "content" / "deals" / case).symlink_to(outside)


def content(project: Project, relative: str, text: str = "") -> Path:
    """Write a file anywhere under content/."""
    path = project.root / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def named_pipe(folder: str) -> Writer:
    def make(project: Project, case: str) -> None:
        os.mkfifo(project.root / "content" / folder / f"{case}.md")
    return make


def symlink_folder_root(project: Project, case: str) -> None:
    (project.root / "content" / "deals" / "2026").mkdir()
    (project.root / "content" / "deals" / "2026" / "root").symlink_to("/")


def symlink_folder_loop(project: Project, case: str) -> None:
    (project.root / "content" / "method" / "loop").mkdir()
    (project.root / "content" / "method" / "loop" / "up").symlink_to("..")


def symlink_page(target: str) -> Writer:
    """A link among the hand-written pages: to a file outside the project, or into deals/."""
    def make(project: Project, case: str) -> None:
        outside = project.root.parent / "hostname"
        outside.write_text("canaryhost\n", encoding="utf-8")
        attachment = write(project, "contract.pdf", "%PDF-1.4 terms")
        link = project.root / "content" / "method" / f"{case}.{target}"
        link.symlink_to(outside if target == "txt" else attachment)
    return make


def misplaced(relative: str, text: str) -> Writer:
    return lambda project, case: content(project, relative, text)


def other_extension(suffix: str) -> Writer:
    def make(project: Project, case: str) -> None:
        write(project, "acme-rollout.md", review())
        write(project, f"{case}{suffix}", review(id="id: second\n"))
    return make


def deal_id(page: str) -> Writer:
    return lambda project, case: write(project, f"{case}.md", review(id=f"id: {page}\n"))


def question_id_index(project: Project, case: str) -> None:
    project.add_question(f"{case}.md", question(id="index"))


def same_id_in_files(files: int) -> Writer:
    def writer(project: Project, case: str) -> None:
        for n in range(files):
            write(project, f"{case}-{n}.md", review())
    return writer


def block_nesting(levels: int) -> str:
    return "tags:\n" + "".join("  " * level + "-\n" for level in range(1, levels + 1))


# Cases written at run time: name → writer(project, name). Plain ones write content/deals/<name>.md.
GENERATED: dict[str, Writer] = {
    "crlf-line-endings": lambda p, c: write(p, f"{c}.md", endings(review(body="Notes.\n"),
                                                                  "\r\n")),
    "crlf-with-error": lambda p, c: write(p, f"{c}.md", endings(review("currency: eur\n"),
                                                                "\r\n")),
    "cr-line-endings": lambda p, c: write(p, f"{c}.md", endings(review("currency: eur\n"), "\r")),
    "mixed-line-endings": lambda p, c: write(p, f"{c}.md", endings(
        review("currency: eur\n"), "\n", "\r\n", "\r")),
    "bom": lambda p, c: write(p, f"{c}.md", b"\xef\xbb\xbf" + review().encode()),
    "bom-crlf-with-error": lambda p, c: write(p, f"{c}.md", b"\xef\xbb\xbf" + endings(
        review("currency: eur\n"), "\r\n").encode()),
    "double-bom": lambda p, c: write(p, f"{c}.md", b"\xef\xbb\xbf" * 2 + review().encode()),
    "utf-16": lambda p, c: write(p, f"{c}.md", review().encode("utf-16")),
    "control-characters": lambda p, c: write(p, f"{c}.md", review(owner="owner: Pri\aya\n")),
    "unicode-line-separator": lambda p, c: write(p, f"{c}.md", review(
        "currency: eur\n", title='title: "Acme\u2028rollout"\n')),
    "zero-width-space-in-id": lambda p, c: write(p, f"{c}.md", review(
        id="id: acme\u200b-rollout\n")),
    "right-to-left-override-in-title": lambda p, c: write(p, f"{c}.md", review(
        title="title: Acme \u202erollout\n")),
    "huge-line": lambda p, c: write(p, f"{c}.md", review(title=f"title: {'A' * 900_000}\n")),
    "huge-invalid-value": lambda p, c: write(p, f"{c}.md", review(
        id=f"id: {'Acme Rollout ' * 69_000}\n")),
    "key-over-1024-chars": lambda p, c: write(p, f"{c}.md", review(f"x_{'k' * 1100}: 1\n")),
    "five-megabytes": lambda p, c: write(p, f"{c}.md", review(
        body="lorem ipsum " * (5 * 1024 * 1024 // 12))),
    "size-at-limit": lambda p, c: write(p, f"{c}.md", sized(1_000_000)),
    "size-over-limit": lambda p, c: write(p, f"{c}.md", sized(1_000_001)),
    "sparse-256-megabytes": sparse,
    "nested-10k": lambda p, c: write(p, f"{c}.md", review(
        f"tags: {'[' * 10_000}{']' * 10_000}\n")),
    "nested-100k": lambda p, c: write(p, f"{c}.md", review(
        f"tags: {'[' * 100_000}{']' * 100_000}\n")),
    "deep-block-nesting": lambda p, c: write(p, f"{c}.md", review(block_nesting(700))),
    "list-item-flood": lambda p, c: write(p, f"{c}.md", review(
        f"tags: [{','.join(['A'] * 490_000)}]\n")),
    "symlink-outside": symlink_outside,
    "symlink-inside": symlink_inside,
    "symlink-dangling": symlink_dangling,
    "symlink-folder-outside": symlink_folder,
    "name-with-spaces": lambda p, c: write(p, "name with spaces.md", review()),
    "non-ascii-name": lambda p, c: write(p, "révision-été-日本.md", review("currency: eur\n")),
    "newline-in-name": lambda p, c: write(p, "newline\nin-name.md", review("currency: eur\n")),
    "non-utf8-name": lambda p, c: write(p, b"caf\xe9.md", review("currency: eur\n")),
    "upper-case-extension": lambda p, c: write(p, "Review.MD", review()),
    "very-long-id": lambda p, c: write(p, f"{c}.md", review(id=f"id: {'a' * 300}\n")),
    "very-long-tag": lambda p, c: write(p, f"{c}.md", review(f"tags: [{'t' * 300}]\n")),
    "deal-id-tags": deal_id("tags"),
    "deal-id-questions": deal_id("questions"),
    "deal-id-scenarios": deal_id("scenarios"),
    "deal-id-archive": deal_id("archive"),
    "deal-id-bank": deal_id("bank"),
    "question-id-index": question_id_index,
    # Look-alike letters are invisible in an editor: the message names them.
    "id-cyrillic-letter": lambda p, c: write(p, f"{c}.md", review(id="id: \u0430cme-rollout\n")),
    "id-fullwidth-letters": lambda p, c: write(p, f"{c}.md", review(
        id="id: \uff41\uff43\uff4d\uff45-rollout\n")),
    "tag-greek-omicron": lambda p, c: write(p, f"{c}.md", review("tags: [hosting, d\u03bfcs]\n")),
    "id-chinese": lambda p, c: write(p, f"{c}.md", review(id="id: \u5317\u4eac-rollout\n")),
    "decomposed-accents": lambda p, c: write(p, f"{c}.md", review(
        counterparty="counterparty: Lumen Teleme\u0301try\n", body="Cafe\u0301 notes.\n")),
    "tags-over-limit": lambda p, c: write(p, f"{c}.md", review(
        f"tags: [{', '.join(f't{n}' for n in range(31))}]\n")),
    "participants-over-limit": lambda p, c: write(p, f"{c}.md", review(
        "participants:\n" + "".join(f"  - Person {n}\n" for n in range(31)))),
    "same-id-in-eight-files": same_id_in_files(8),
    "named-pipe": named_pipe("deals"),
    "named-pipe-question": named_pipe("questions"),
    "named-pipe-page": named_pipe("method"),
    "symlink-folder-root": symlink_folder_root,
    "symlink-folder-loop": symlink_folder_loop,
    "symlink-page-outside": symlink_page("txt"),
    "symlink-page-into-deals": symlink_page("pdf"),
    "misplaced-restricted-review": misplaced("2026/secret-review.md", review(
        "visibility: restricted\n", body="<script>alert(1)</script>\n")),
    # Never closed: MkDocs finds no front matter and publishes it all as text.
    "misplaced-restricted-unclosed": misplaced(
        "notes/draft.md", f"---\n{BASE}visibility: 'restricted'\nNotes.\n"),
    "misplaced-review-by-keys": misplaced("method/old-review.markdown", review()),
    "misplaced-restricted-flow": misplaced(
        "2026/flow.md", "---\n{title: Q3, visibility: restricted}\n---\nText.\n"),
    "markdown-extension": other_extension(".markdown"),
    "mdown-extension": other_extension(".mdown"),
}

# Inputs that are fine: they must load the deal with no diagnostics at all.
ACCEPTED = {
    "double-bom",  # every leading byte-order mark is dropped: editors and pastes stack them
    "tab-after-key",  # YAML allows tabs as the separator after ':'; only indentation is spaces
    "yaml-document-end-marker",  # '...' ends the YAML document; the '---' after it closes
    "scalar-aliases",  # a reused text value cannot blow up; only reused lists/mappings are refused
    "timestamp-with-time",  # a date-time is filed under its date as written; the time is dropped
    "numbers-in-text-fields",  # text takes the value as written: owner 007, title 1.0e+3
    "null-optionals",  # an empty optional key is the same as leaving it out
    "null-list-items",  # empty list items ('-' alone, ~, null) are skipped
    "empty-lists",  # an empty list is the same as no list
    "empty-mappings",  # an empty mapping is the same as leaving it out
    "value-digit-separators",  # YAML allows '_' between digits: 1_250_000 is 1250000
    "tags-duplicates",  # a repeated tag is listed once
    "crlf-line-endings",  # Windows line endings are normalised before parsing
    "bom",  # editors on Windows save a UTF-8 byte-order mark; it is dropped
    "right-to-left-override-in-title",  # bidi controls are kept, as right-to-left names need
    "huge-line",  # a 900,000-character title is long but valid and under the size limit
    "size-at-limit",  # exactly 1,000,000 bytes is within the limit
    "name-with-spaces",  # the file name is free; the id makes the page address
    "deal-id-tags",  # deal pages live at deals/<id>.md: listing names do not collide there
    "deal-id-questions",  # idem
    "deal-id-scenarios",  # idem
    "deal-id-archive",  # idem
    "deal-id-bank",  # idem
    "decomposed-accents",  # read as NFC: one name however the accent was typed
    "bounds-at-limits",  # every date and number at the edge of its plausible range
}

# Accepted ids named like a listing page: the deal's own page must still be generated.
DEAL_PAGES = {f"deal-id-{page}": f"deals/{page}.md"
              for page in ("tags", "questions", "scenarios", "archive", "bank")}
# Cases read with tracemalloc on, whose peak must stay under PEAK_BYTES.
MEMORY_BOUND = {"alias-bomb-nested", "alias-bomb-mapping", "nested-10k", "nested-100k",
                "deep-block-nesting", "five-megabytes", "sparse-256-megabytes"}
# Cases that crash or stall the interpreter: read in a child process, never in pytest's own.
ISOLATED = {"nested-100k", "list-item-flood"}
# Cases that once hung reading or checking (a named pipe waits for a writer forever): read and
# checked in a child process, which a timeout stops.
HUNG = {"named-pipe", "named-pipe-question", "named-pipe-page", "symlink-folder-root",
        "symlink-folder-loop"}


@dataclass(frozen=True)
class Result:
    """What reading the project gave: in-process (with the corpus) or from a child process."""

    diagnostics: tuple[Diagnostic, ...]
    deals: int
    files_read: int
    seconds: float
    peak: int
    corpus: Corpus | None

    @property
    def output(self) -> str:
        return "".join(d.format() + "\n" for d in self.diagnostics)

    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


def read_in_process(project: Project, trace: bool) -> Result:
    settings = project.settings
    if trace:
        tracemalloc.start()
    try:
        start = time.perf_counter()
        corpus = read_corpus(settings)
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] if trace else 0
    finally:
        if trace:
            tracemalloc.stop()
    return Result(corpus.diagnostics, len(corpus.deals), corpus.files_read, seconds, peak, corpus)


CHILD = """
import json, sys, time, tracemalloc
from pathlib import Path
from generator.check.load import read_corpus
from generator.read.settings import load_settings
settings = load_settings(Path(sys.argv[1]))
if sys.argv[2] == "trace":
    tracemalloc.start()
start = time.perf_counter()
corpus = read_corpus(settings)
seconds = time.perf_counter() - start
print(json.dumps({
    "seconds": seconds, "peak": tracemalloc.get_traced_memory()[1], "deals": len(corpus.deals),
    "files_read": corpus.files_read,
    "diagnostics": [[d.path, d.line, d.column, d.severity.value, d.message, d.hint]
                    for d in corpus.diagnostics]}))
"""


def read_in_child(project: Project, trace: bool) -> Result:
    """Read in a child process, which may crash or be stopped without taking pytest along."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(project.root / "mkdocs.yml"),
             "trace" if trace else "-"],
            capture_output=True, text=True, cwd=REPO, timeout=SECONDS + 3)
    except subprocess.TimeoutExpired:
        pytest.fail(f"read_corpus did not finish within {SECONDS + 3:.0f} s")
    if done.returncode != 0:
        pytest.fail(f"read_corpus died with exit status {done.returncode}: {done.stderr[-2000:]}")
    got = json.loads(done.stdout)
    diagnostics = tuple(Diagnostic(path, line, column, Severity(severity), message, hint)
                        for path, line, column, severity, message, hint in got["diagnostics"])
    return Result(diagnostics, got["deals"], got["files_read"], got["seconds"], got["peak"],
                  None)


def check_in_child(project: Project) -> tuple[int, str]:
    """`dealbook check` in a child process, stopped if it does not finish in time."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", "import sys; from generator.cli.main import main; "
             "sys.exit(main(sys.argv[1:]))", "check", str(project.root)],
            capture_output=True, text=True, cwd=REPO, timeout=SECONDS + 3)
    except subprocess.TimeoutExpired:
        pytest.fail(f"dealbook check did not finish within {SECONDS + 3:.0f} s")
    return done.returncode, done.stdout + done.stderr


FILE_CASES = sorted(p.stem for p in CASES.glob("*.md"))
ALL_CASES = sorted([*FILE_CASES, *GENERATED])


def _well_formed(diagnostic: Diagnostic) -> None:
    """path:line:column on one line, a one-line message, a bounded length."""
    assert diagnostic.path.startswith("content/"), diagnostic
    assert (diagnostic.line, diagnostic.column) == (0, 0) or min(
        diagnostic.line, diagnostic.column) >= 1, diagnostic
    assert "\n" not in diagnostic.path + diagnostic.message + diagnostic.hint, diagnostic
    assert len(diagnostic.format()) < LONGEST_DIAGNOSTIC


@pytest.mark.parametrize("case", ALL_CASES)
def test_hostile_input(case: str, project: Project, update_golden: bool,
                       capsys: pytest.CaptureFixture[str]) -> None:
    project.add_question("who-signs.md", question())
    if case in GENERATED:
        GENERATED[case](project, case)
    else:
        shutil.copyfile(CASES / f"{case}.md", project.root / "content" / "deals" / f"{case}.md")

    read = read_in_child if case in ISOLATED | HUNG else read_in_process
    result = read(project, case in MEMORY_BOUND)

    assert result.seconds < SECONDS
    if case in MEMORY_BOUND:
        assert result.peak < PEAK_BYTES
    for diagnostic in result.diagnostics:
        _well_formed(diagnostic)
    expected_path = CASES / f"{case}.expected"
    if update_golden:
        expected_path.write_text(result.output, encoding="utf-8")
    assert result.output == expected_path.read_text(encoding="utf-8")
    has_error = bool(result.errors())
    if case in ACCEPTED:
        assert (result.output, result.deals) == ("", 1)
    else:
        assert has_error or result.diagnostics, "a rejected input must say why"
        assert result.deals == (0 if has_error else 1)
    if not has_error and case not in ISOLATED | HUNG:  # what check accepts, the build builds
        pages = build_site(project.settings).pages
        if result.corpus is not None and any(d.published for d in result.corpus.deals):
            assert DEAL_PAGES.get(case, "deals/acme-rollout.md") in pages
    if case in HUNG:
        status, output = check_in_child(project)
    elif case not in ISOLATED:
        status = main(["check", str(project.root)])
        output = "".join(capsys.readouterr())
    if case not in ISOLATED:
        assert "Traceback" not in output
        assert status == (1 if has_error else 0)


def test_every_expected_file_belongs_to_a_case() -> None:
    expected = {p.stem for p in CASES.glob("*.expected")}
    assert not expected - set(ALL_CASES), "stale: no such case"
    assert not set(ALL_CASES) - expected, "missing: run --update-golden"
    assert not set(FILE_CASES) & set(GENERATED)
    assert set(ACCEPTED) <= set(ALL_CASES)
    assert len(ALL_CASES) >= 131


def test_scenario_key_index_is_refused(project: Project) -> None:
    """'index' would collide with the scenarios' own index page, so the key is refused."""
    project.write_config(scenarios={"index": {"title": "Index deals", "deal_type": "client"}})
    with pytest.raises(ConfigError, match="scenario 'index'"):
        _ = project.settings


# The plugin option `today` as written in mkdocs.yml, and what both `dealbook check` and the
# build say about it.
TODAY_OPTIONS = {
    "2026-02-30": "dealbook option 'today' is not a real date (got '2026-02-30')",
    "'2026-02-30'": "dealbook option 'today' is not a real date (got '2026-02-30')",
    "'next week'": "dealbook option 'today' must be a date written YYYY-MM-DD "
                   "(got 'next week')",
    "0001-01-01": "dealbook option 'today' must be between 1970-01-01 and 2199-12-31 "
                  "(got '0001-01-01')",
    "'9999-12-31'": "dealbook option 'today' must be between 1970-01-01 and 2199-12-31 "
                    "(got '9999-12-31')",
}


def with_today(project: Project, written: str) -> None:
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(f"today: '{project.today}'", f"today: {written}"),
                      encoding="utf-8")
    assert f"today: {written}\n" in config.read_text(encoding="utf-8")


@pytest.mark.parametrize("written", sorted(TODAY_OPTIONS))
def test_today_option_is_checked(written: str, project: Project,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    with_today(project, written)
    assert main(["check", str(project.root)]) == 2
    assert capsys.readouterr().err == f"dealbook: {TODAY_OPTIONS[written]}\n"


@pytest.mark.parametrize("written", ["'2026-02-30'", "0001-01-01"])
def test_today_option_stops_the_build_with_its_message(written: str, project: Project,
                                                        tmp_path: Path) -> None:
    """The same message from `mkdocs build`. (An unquoted impossible date such as 2026-02-30
    never reaches the plugin: MkDocs' own reading of mkdocs.yml fails on it first, with a
    traceback; `dealbook check` names it.)"""
    with_today(project, written)
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                           str(project.root / "mkdocs.yml"), "-d", str(tmp_path / "site")],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"ERROR   -  {TODAY_OPTIONS[written]}" in done.stderr
