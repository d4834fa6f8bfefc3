"""The files Dealbook ships: page templates, theme overrides, assets and the starter content.

A team's project holds only its content and settings; these come from the installed package,
so upgrading Dealbook is bumping one version. A file of the same name in the project's own
templates folder (`site_templates/` by default) takes the place of the shipped one.
"""

from __future__ import annotations

from pathlib import Path

from generator.read.settings import Settings

_PACKAGE = Path(__file__).parents[1]  # the generator package
TEMPLATES = "site_templates"
STARTER_CONTENT = "starter_content"
# In a source checkout the reference playbook keeps these at the top level; the wheel maps them
# into the package (pyproject.toml, [tool.setuptools.package-dir]).
_IN_CHECKOUT = {TEMPLATES: "site_templates", STARTER_CONTENT: "content"}


def shipped(name: str) -> Path:
    """A folder Dealbook ships: inside the installed package, else in the source checkout."""
    installed = _PACKAGE / name
    return installed if installed.is_dir() else _PACKAGE.parent / _IN_CHECKOUT[name]


def template_dirs(settings: Settings) -> tuple[Path, ...]:
    """Where templates are looked up, first match wins: the project's own, then Dealbook's."""
    folders = (settings.templates_dir, shipped(TEMPLATES))
    unique = {folder.resolve(): folder for folder in reversed(folders) if folder.is_dir()}
    return tuple(reversed(unique.values()))


def find_template(settings: Settings, name: str) -> Path:
    """The file a template name stands for: the project's if it has one, else Dealbook's."""
    for folder in template_dirs(settings):
        if (folder / name).is_file():
            return folder / name
    return settings.templates_dir / name  # missing everywhere: the reader names this path


def shipped_files(settings: Settings, folder: str) -> dict[str, Path]:
    """Every file under `folder` of the templates, by its path below the templates, the
    project's own taking the place of Dealbook's."""
    found: dict[str, Path] = {}
    for root in reversed(template_dirs(settings)):
        for path in sorted(p for p in (root / folder).rglob("*") if p.is_file()):
            found[path.relative_to(root).as_posix()] = path
    return dict(sorted(found.items()))
