"""What `dealbook render` writes besides the pages, so that engines without Dealbook's plugin
(Zensical; MkDocs or ProperDocs without the plugin) build the rendered folder as it is.

The folder is a project of its own: `mkdocs.yml`, `docs/` with every page and Dealbook's
assets, and `overrides/` with the theme overrides that every engine can read.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import ConfigError
from .settings import Settings
from .shipped import shipped_files

DOCS = "docs"
OVERRIDES = "overrides"
ASSETS = "assets"
CSS_URI = f"{ASSETS}/dealbook.css"
# Jinja2 and Zensical's MiniJinja both read these; the search dialog override is Material's
# own markup, which Zensical's search replaces.
PORTABLE_OVERRIDES = ("partials/tags.html",)


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml without running it: tags such as !ENV become None."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def engine_config(config_path: Path) -> str:
    """The project's mkdocs.yml for the rendered folder: the same site, without the dealbook
    plugin (the pages are already generated: it would read them again as reviews)."""
    try:
        config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{config_path}: cannot read it: {exc}") from None
    if not isinstance(config, Mapping):
        raise ConfigError(f"{config_path}: expected keys with values")
    config = dict(config) | {"docs_dir": DOCS, "site_dir": "site"}
    config["plugins"] = [p for p in _plugin_list(config.get("plugins")) if not _is_dealbook(p)]
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


def _plugin_list(plugins: object) -> list[Any]:
    if isinstance(plugins, Mapping):
        return [{name: options} for name, options in plugins.items()]
    return list(plugins) if isinstance(plugins, list) else []


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
