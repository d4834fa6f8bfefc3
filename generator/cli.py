"""The `dealbook` command: check content, render the generated pages to a folder."""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from .build import build_site, check_content
from .diagnostics import DealbookError, Diagnostic, Severity, count
from .settings import Settings, find_config, load_settings

RENDER_MARKER = ".dealbook-render"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 problems, 2 unusable input)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            return check(args.paths, strict=args.strict)
        return render(Path(args.out_dir), Path(args.project))
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
    return parser


def check(paths: Sequence[str], *, strict: bool = False) -> int:
    """Print every problem as path:line:column; 1 if any error (or warning, when strict)."""
    targets = [Path(p).resolve() for p in paths]
    settings = load_settings(find_config(targets[0] if targets else Path.cwd()))
    corpus, _, advice = check_content(settings)
    shown = [d for d in sorted(corpus.diagnostics + advice) if _concerns(d, settings, targets)]
    for diagnostic in shown:
        print(diagnostic.format())
    errors, warnings = count(shown, Severity.ERROR), count(shown, Severity.WARNING)
    print(f"checked {corpus.files_read} files: {_plural(errors, 'error')}, "
          f"{_plural(warnings, 'warning')}")
    return 1 if errors or (strict and warnings) else 0


def _concerns(diagnostic: Diagnostic, settings: Settings, targets: list[Path]) -> bool:
    if not targets:
        return True
    path = (settings.root / diagnostic.path).resolve()
    return any(path == t or path.is_relative_to(t) for t in targets)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render(out_dir: Path, project: Path) -> int:
    """Write the generated pages plus the hand-written ones, ready for any MkDocs-like engine."""
    settings = load_settings(find_config(project))
    _prepare_output(out_dir.resolve(), settings)
    result = build_site(settings)
    for diagnostic in result.diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    sources = (settings.deals_dir.resolve(), settings.questions_dir.resolve())
    for path in sorted(settings.docs_dir.rglob("*")):
        if path.is_file() and not any(path.resolve().is_relative_to(s) for s in sources):
            target = out_dir / path.relative_to(settings.docs_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    generated = {uri: text.encode() for uri, text in result.pages.items()} | result.files
    for uri, content in generated.items():
        target = out_dir / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    print(f"wrote {len(result.pages)} generated pages to {out_dir}")
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
