"""The `dealbook` command: check content, render the generated pages to a folder."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from generator.base.diagnostics import DealbookError, Diagnostic, Severity, count, error
from generator.base.text import CHOICES_SHOWN, listed
from generator.build import build_site, check_content
from generator.cli.init import dealbook_requirement, init_playbook
from generator.cli.new_log import new_log
from generator.cli.plan_scaffold import new_plan
from generator.cli.render_out import DOCS, write_engine_files
from generator.cli.scaffold import new_question, new_review
from generator.read import source
from generator.read.settings import Settings, find_config, load_settings
from generator.render.sanitize import prerendered_bodies
from generator.schema.fields import (
    CATEGORIES,
    DEAL_TYPES,
    EARLIEST_DATE,
    LATEST_DATE,
    QUESTION,
    STAGES,
    default_choice,
)
from generator.schema.json_schema import write_schemas

Ask = Callable[[str], str]

RENDER_MARKER = ".dealbook-render"


def main(argv: Sequence[str] | None = None, ask: Ask | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 problems, 2 unusable input).

    `ask` answers prompts for missing values; by default the terminal does, if there is one.
    """
    args = _parser().parse_args(argv)
    if not source.HAS_LIBYAML:
        print(f"dealbook: warning: {source.NO_LIBYAML}", file=sys.stderr)
    if ask is None and sys.stdin.isatty():
        ask = input
    try:
        if args.command == "check":
            return check(args.paths, strict=args.strict)
        if args.command == "render":
            return render(Path(args.out_dir), Path(args.project))
        if args.command == "init":
            return _init(args)
        settings = load_settings(find_config(Path(args.project)))
        if args.command == "schema":
            for path in write_schemas(settings.scenario_keys, Path(args.out)):
                print(f"wrote {path}")
            return 0
        if args.command == "new":
            return _new_review(settings, args, ask)
        if args.command == "new-plan":
            return _new_plan(settings, args, ask)
        if args.command == "new-log":
            print(f"wrote {settings.display(new_log(settings, args.review_id))}")
            return 0
        return _new_question(settings, args, ask)
    except DealbookError as exc:
        print(f"dealbook: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dealbook", description="Check negotiation reviews and render the playbook pages.")
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser(
        "check", help="validate every review and question, printing all problems")
    check_cmd.add_argument(
        "paths", nargs="*", metavar="PATH",
        help="report only on these files or folders (default: the whole project); "
             "the whole project is always read, so cross-file problems are found")
    check_cmd.add_argument("--strict", action="store_true", help="fail on warnings too")
    render_cmd = commands.add_parser(
        "render", help="write every generated page as Markdown into a folder")
    render_cmd.add_argument("out_dir", metavar="OUT_DIR")
    render_cmd.add_argument("--project", default=".", help="the project folder (default: .)")
    init_cmd = commands.add_parser(
        "init", help="start a team playbook that installs Dealbook (a new or empty folder)")
    init_cmd.add_argument("folder", metavar="FOLDER")
    init_cmd.add_argument("--site-name", default="Negotiation playbook")
    init_cmd.add_argument("--dealbook", default=None, metavar="REQUIREMENT",
                          help="where the playbook gets Dealbook, e.g. 'dealbook @ git+https://"
                               "…@v0.1.0' (default: this version by name)")
    new_cmd = commands.add_parser(
        "new", help="start a review from the one-page form (asks for what flags do not give)")
    for flag in ("title", "counterparty", "owner", "deal-type", "scenario"):
        new_cmd.add_argument(f"--{flag}")
    new_cmd.add_argument("--signed", help="YYYY-MM-DD, or 'no' for a deal not signed")
    plan_cmd = commands.add_parser(
        "new-plan", help="start a negotiation plan, prefilled from the playbook")
    for flag in ("title", "counterparty", "owner", "deal-type", "scenario"):
        plan_cmd.add_argument(f"--{flag}")
    question_cmd = commands.add_parser("new-question", help="start a curated question")
    for flag in ("question", "category", "informs", "stage"):
        question_cmd.add_argument(f"--{flag}")
    log_cmd = commands.add_parser(
        "new-log", help="start the relationship log of a review, prefilled from it")
    log_cmd.add_argument("review_id", metavar="REVIEW_ID")
    schema_cmd = commands.add_parser(
        "schema", help="write the JSON Schemas of the front matter, for editors")
    schema_cmd.add_argument("--out", default="schemas", help="folder (default: schemas)")
    for sub in (new_cmd, plan_cmd, question_cmd, log_cmd, schema_cmd):
        sub.add_argument("--project", default=".", help="the project folder (default: .)")
    return parser


def _answer(value: str | None, name: str, ask: Ask | None,
            choices: Sequence[str] = (), default: str = "") -> str:
    """A flag's value, or the user's answer to a prompt, checked against its choices."""
    flag = f"--{name.replace('_', '-')}"
    while value is None or not value.strip() or (choices and value not in choices):
        given = (value or "").strip()
        wrong = f"'{given}' is not one of {listed(choices, CHOICES_SHOWN)}" + (
            f": write it in lower case, '{given.lower()}'" if given.lower() in choices else "")
        if ask is None:
            raise DealbookError(f"{flag} {wrong}" if given else
                                f"{flag} is required when not run in a terminal"
                                + (f" (one of {listed(choices, CHOICES_SHOWN)})"
                                   if choices else ""))
        if given:
            print(f"  {wrong}")
        shown = f" ({'/'.join(choices)})" if choices else ""
        value = ask(f"{name.replace('_', ' ').capitalize()}{shown}"
                    f"{f' [{default}]' if default else ''}: ").strip() or default
    return value.strip()


def _signed(value: str | None, ask: Ask | None) -> date | None:
    while True:
        text = _answer(value, "signed", ask, default="no" if ask else "")
        if text.lower() in ("no", "none", "-"):
            return None
        try:
            signed = date.fromisoformat(text)
        except ValueError:
            signed = None
        if signed is not None and EARLIEST_DATE <= signed <= LATEST_DATE:
            return signed
        if ask is None:
            raise DealbookError(f"--signed must be a date from {EARLIEST_DATE} to "
                                f"{LATEST_DATE} written YYYY-MM-DD, or 'no' (got '{text}')")
        print("  write the date as YYYY-MM-DD, or 'no' if the deal was not signed")
        value = None


def _the_deal(settings: Settings, args: argparse.Namespace, ask: Ask | None) -> dict[str, str]:
    """What a new review and a new plan both start from: the flags, or answers to prompts."""
    title = _answer(args.title, "title", ask)
    counterparty = _answer(args.counterparty, "counterparty", ask)
    owner = _answer(args.owner, "owner", ask)
    deal_type = _answer(args.deal_type, "deal_type", ask, DEAL_TYPES)
    fitting = [s.key for s in settings.scenarios if s.deal_type in (None, deal_type)]
    scenario = _answer(args.scenario, "scenario", ask, settings.scenario_keys,
                       default=fitting[0] if fitting else "")
    return {"title": title, "counterparty": counterparty, "owner": owner,
            "deal_type": deal_type, "scenario": scenario}


def _new_review(settings: Settings, args: argparse.Namespace, ask: Ask | None) -> int:
    deal = _the_deal(settings, args, ask)
    path = new_review(settings, **deal, signed=_signed(args.signed, ask))
    print(f"wrote {settings.display(path)}")
    print("  it is a draft: fill it in, run 'make check' (or 'dealbook check'), then set "
          "'status: final'")
    return 0


def _new_plan(settings: Settings, args: argparse.Namespace, ask: Ask | None) -> int:
    deal = _the_deal(settings, args, ask)
    _, playbook, _ = check_content(settings)
    path = new_plan(settings, playbook, **deal)
    print(f"wrote {settings.display(path)}")
    print("  it is a draft: write the goals, terms and walk-away points, run 'make check', "
          "then set 'status: active'")
    return 0


def _init(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    done = init_playbook(folder, site_name=args.site_name,
                         requirement=args.dealbook or dealbook_requirement())
    print(f"wrote a Dealbook playbook in {folder}")
    if not done.locked:
        print(f"dealbook: warning: no uv.lock: {done.note}", file=sys.stderr)
    print("  next: 'uv sync', then '.venv/bin/dealbook new' and '.venv/bin/mkdocs serve'")
    return 0 if done.locked else 1


def _new_question(settings: Settings, args: argparse.Namespace, ask: Ask | None) -> int:
    path = new_question(
        settings, question=_answer(args.question, "question", ask),
        category=_answer(args.category, "category", ask, CATEGORIES),
        informs=_answer(args.informs, "informs", ask),
        stage=_answer(args.stage, "stage", ask, STAGES,
                      default=default_choice(QUESTION, "stage")))
    print(f"wrote {settings.display(path)}")
    return 0


def check(paths: Sequence[str], *, strict: bool = False) -> int:
    """Print every problem as path:line:column; 1 if any error (or warning, when strict)."""
    # abspath, not resolve: a link's own path, not its target, says where it belongs.
    targets = [Path(os.path.abspath(p)) for p in paths]
    settings = load_settings(find_config(targets[0] if targets else Path.cwd()))
    root = Path(os.path.abspath(settings.root))
    targets = [t for t in targets if t != root]  # the whole project: report everything
    # A mistyped path would otherwise report nothing, which reads as "no problems".
    missing = [error(settings.display(t), 0, 0, "no such file or folder",
                     "check the path; with no path, 'dealbook check' checks the whole project")
               for t in targets if not os.path.lexists(t)]
    corpus, _, advice = check_content(settings)
    shown = sorted(missing + [d for d in corpus.diagnostics + advice
                              if _concerns(d, settings, targets)])
    for diagnostic in shown:
        print(diagnostic.format())
    errors, warnings = count(shown, Severity.ERROR), count(shown, Severity.WARNING)
    print(f"checked {corpus.files_read} files: {_plural(errors, 'error')}, "
          f"{_plural(warnings, 'warning')}")
    return 1 if errors or (strict and warnings) else 0


def _concerns(diagnostic: Diagnostic, settings: Settings, targets: list[Path]) -> bool:
    if not targets:
        return True
    path = Path(os.path.abspath(settings.root / diagnostic.path))
    return any(path == t or path.is_relative_to(t) for t in targets)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render(out_dir: Path, project: Path) -> int:
    """Write the generated pages plus the hand-written ones into `out_dir/docs`, with a
    mkdocs.yml without the plugin: a project that Zensical, ProperDocs or MkDocs builds."""
    config_path = find_config(project)
    settings = load_settings(config_path)
    _prepare_output(out_dir.resolve(), settings)
    result = build_site(settings)
    for diagnostic in result.diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    docs = out_dir / DOCS
    for path in result.tree.published:
        target = docs / path.relative_to(settings.docs_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    # The engine will not run our plugin: bodies go in as HTML, sanitised already.
    generated = {uri: prerendered_bodies(text).encode()
                 for uri, text in result.pages.items()} | result.files
    for uri, content in generated.items():
        target = docs / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    write_engine_files(out_dir, settings, config_path)
    print(f"wrote {len(result.pages)} generated pages to {docs}, and {out_dir / 'mkdocs.yml'}")
    return 1 if count(result.diagnostics, Severity.ERROR) else 0


def _prepare_output(out_dir: Path, settings: Settings) -> None:
    """Refuse any folder holding someone's files; reuse only one that render made before."""
    if out_dir.is_relative_to(settings.docs_dir.resolve()) or settings.root.resolve() == out_dir:
        raise DealbookError(f"{out_dir}: render into a folder outside the project's content")
    if out_dir.exists():
        if any(out_dir.iterdir()) and not (out_dir / RENDER_MARKER).exists():
            raise DealbookError(f"{out_dir} is not empty and was not made by 'dealbook render': "
                                "choose a new folder")
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    (out_dir / RENDER_MARKER).write_text("made by dealbook render; safe to delete\n")
