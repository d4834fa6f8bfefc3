"""What `dealbook render` writes besides the pages, so that engines without Dealbook's plugin
(Zensical; MkDocs or ProperDocs without the plugin) build the rendered folder as it is.

The folder is a project of its own: `mkdocs.yml`, `docs/` with every page and Dealbook's
assets, and `overrides/` with the theme overrides that every engine can read.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

from generator.read.settings import Settings, plugin_entries, read_config
from generator.render.shipped import shipped_files

DOCS = "docs"
OVERRIDES = "overrides"
ASSETS = "assets"
CSS_URI = f"{ASSETS}/dealbook.css"
# Jinja2 and Zensical's MiniJinja both read these; the search dialog override is Material's
# own markup, which Zensical's search replaces.
PORTABLE_OVERRIDES = ("partials/tags.html",)


def engine_config(config_path: Path) -> str:
    """The project's mkdocs.yml for the rendered folder: the same site, without the dealbook
    plugin (the pages are already generated: it would read them again as reviews)."""
    config = read_config(config_path) | {"docs_dir": DOCS, "site_dir": "site"}
    config["plugins"] = [p for p in plugin_entries(config) if not _is_dealbook(p)]
    theme = config.get("theme")
    theme = dict(theme) if isinstance(theme, Mapping) else {"name": theme or "material"}
    config["theme"] = theme | {"custom_dir": OVERRIDES}
    extra_css = list(config.get("extra_css") or [])
    config["extra_css"] = extra_css if CSS_URI in extra_css else [*extra_css, CSS_URI]
    header = ("# Written by `dealbook render` from the project's mkdocs.yml: build this folder "
              "with zensical, properdocs or mkdocs.\n")
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)


def _is_dealbook(plugin: object) -> bool:
    return plugin == "dealbook" or (isinstance(plugin, Mapping) and "dealbook" in plugin)


def write_engine_files(out_dir: Path, settings: Settings, config_path: Path) -> None:
    """The rendered folder's config, Dealbook's assets and the portable theme overrides."""
    (out_dir / "mkdocs.yml").write_text(engine_config(config_path), encoding="utf-8")
    for uri, path in shipped_files(settings, ASSETS).items():
        _copy(path, out_dir / DOCS / uri)
    overrides = shipped_files(settings, OVERRIDES)
    for name in PORTABLE_OVERRIDES:
        _copy(overrides[f"{OVERRIDES}/{name}"], out_dir / OVERRIDES / name)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes())
