"""Project settings: the dealbook plugin's options, read by the plugin and by the CLI alike."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from generator.base.diagnostics import ConfigError
from generator.base.text import CHOICES_SHOWN, listed
from generator.schema.fields import AUDIENCES, DEAL_TYPES, EARLIEST_DATE, LATEST_DATE


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    deal_type: str | None
    description: str


DEFAULT_SCENARIOS = (
    Scenario("client_fixed_scope", "Client project, fixed scope", "client",
             "Fixed-price client work: acceptance criteria, change control and scope limits "
             "decide whether the margin survives."),
    Scenario("vendor_sla", "Vendor with a service level agreement", "vendor",
             "Buying a service against service levels: how they are measured, what credits "
             "apply and how the relationship is governed."),
    Scenario("partner_revshare", "Revenue-share partnership", "partner",
             "Joint go-to-market with shared revenue: pipeline rules, attribution, exclusivity "
             "and governance over goodwill."),
)

SEARCH_ENGINES = ("material", "pagefind")


@dataclass(frozen=True)
class Option:
    """An option of the dealbook plugin in mkdocs.yml. Declared here once: the plugin's
    config scheme is made from these, and the CLI reads mkdocs.yml with them."""

    types: tuple[type, ...]
    default: str | None = None  # also when the option is written empty


OPTIONS = {
    "deals_dir": Option((str,), "deals"),  # under docs_dir
    "questions_dir": Option((str,), "questions"),  # under docs_dir
    "templates_dir": Option((str,), "site_templates"),  # under the project
    "today": Option((str, date)),  # else the clock
    "scenarios": Option((dict,)),  # beside the default ones
    "audience": Option((str,), "internal"),  # one of AUDIENCES
    "search": Option((str,), SEARCH_ENGINES[0]),  # one of SEARCH_ENGINES
}
AUDIENCE_VARIABLE = "DEALBOOK_AUDIENCE"
_SCENARIO_KEY = re.compile(r"^[a-z0-9][a-z0-9_]*$")


@dataclass(frozen=True)
class Settings:
    """Where content lives and what the build considers true."""

    root: Path
    docs_dir: Path
    deals_dir: Path
    questions_dir: Path
    templates_dir: Path
    today: date
    scenarios: tuple[Scenario, ...]
    audience: str
    search: str
    site_url: str = ""  # mkdocs.yml's site_url, ending in '/': absolute links in files

    @property
    def plans_dir(self) -> Path:
        """Negotiation plans: read and checked like reviews, never published as they are."""
        return self.docs_dir / "plans"

    @property
    def logs_dir(self) -> Path:
        """The relationship logs after signature, one per review."""
        return self.docs_dir / "logs"

    @property
    def scenario_keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.scenarios)

    def scenario(self, key: str) -> Scenario:
        return next(s for s in self.scenarios if s.key == key)

    def display(self, path: Path) -> str:
        """A path as shown in messages: relative to the project when inside it, and printable
        (undecodable bytes and control characters escaped, so one message stays one line)."""
        try:
            shown = path.relative_to(self.root).as_posix()
        except ValueError:
            shown = path.as_posix()
        if shown.isprintable():  # nearly always (lone surrogates are not printable)
            return shown
        return "".join(c if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF
                       else f"\\x{ord(c) & 0xFF:02x}" if 0xDC80 <= ord(c) <= 0xDCFF
                       else f"\\u{ord(c):04x}" for c in shown)


def settings_from_options(options: Mapping[str, Any], *, root: Path, docs_dir: Path,
                          site_url: str = "") -> Settings:
    """Build Settings from the plugin's options; raises ConfigError naming the bad option."""
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise ConfigError(f"unknown dealbook option(s): {listed(unknown)} "
                          f"(known: {listed(OPTIONS, CHOICES_SHOWN)})")
    given = {name: options.get(name) or option.default for name, option in OPTIONS.items()}
    return Settings(
        root=root,
        docs_dir=docs_dir,
        deals_dir=docs_dir / str(given["deals_dir"]),
        questions_dir=docs_dir / str(given["questions_dir"]),
        templates_dir=root / str(given["templates_dir"]),
        today=_today(given["today"]),
        scenarios=DEFAULT_SCENARIOS + _scenarios(given["scenarios"] or {}),
        audience=_audience(given["audience"]),
        search=_search(given["search"]),
        site_url=site_url.rstrip("/") + "/" if site_url else "",
    )


def _search(value: object) -> str:
    if value not in SEARCH_ENGINES:
        raise ConfigError("dealbook option 'search' must be one of "
                          f"{listed(SEARCH_ENGINES, CHOICES_SHOWN)} (got '{value}')")
    return str(value)


def _audience(option: object) -> str:
    """The environment variable wins over the option, so CI can build several audiences."""
    value = os.environ.get(AUDIENCE_VARIABLE) or option
    if value not in AUDIENCES:
        source = AUDIENCE_VARIABLE if os.environ.get(AUDIENCE_VARIABLE) else "option 'audience'"
        raise ConfigError(f"dealbook {source} must be one of {listed(AUDIENCES, CHOICES_SHOWN)} "
                          f"(got '{value}')")
    return str(value)


def _today(value: object) -> date:
    """The date the build treats as today: the option, else the clock; within the bounds of
    review dates, so that every date computed from it exists."""
    if value in (None, ""):
        day = date.today()
    elif isinstance(value, date):  # YAML reads an unquoted date (or date and time) as one
        day = value.date() if isinstance(value, datetime) else value
    else:
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            problem = ("is not a real date" if re.match(r"^\d{4}-\d{2}-\d{2}$", str(value))
                       else "must be a date written YYYY-MM-DD")
            raise ConfigError(f"dealbook option 'today' {problem} (got '{value}')") from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ConfigError(f"dealbook option 'today' must be between {EARLIEST_DATE} and "
                          f"{LATEST_DATE} (got '{value or day}')")
    return day


def _scenarios(declared: object) -> tuple[Scenario, ...]:
    if not isinstance(declared, Mapping):
        raise ConfigError("dealbook option 'scenarios' must map scenario keys to "
                          "{title, deal_type, description}")
    known = {s.key for s in DEFAULT_SCENARIOS}
    scenarios = []
    for key, spec in declared.items():
        spec = spec or {}
        if (not _SCENARIO_KEY.match(str(key)) or key in known or key == "index"
                or len(str(key)) > 60 or not isinstance(spec, Mapping)):
            raise ConfigError(f"dealbook scenario '{key}': keys are lower case with digits and "
                              "'_' (at most 60 characters), neither a default nor 'index', and "
                              "map to {title, deal_type, description}")
        deal_type = spec.get("deal_type")
        if deal_type is not None and deal_type not in DEAL_TYPES:
            raise ConfigError(f"dealbook scenario '{key}': deal_type must be one of "
                              f"{listed(DEAL_TYPES, CHOICES_SHOWN)} (got '{deal_type}')")
        scenarios.append(Scenario(str(key), str(spec.get("title") or key.replace("_", " ")),
                                  deal_type, str(spec.get("description") or "")))
    return tuple(scenarios)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running it: tags such as !ENV or !!python/name become None."""


def _lenient_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    """A date YAML recognises but the calendar lacks (2026-02-30) stays text, so the option
    that holds it reports it instead of the YAML reader raising."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_ConfigLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/",
                                    lambda loader, suffix, node: None)


def find_config(start: Path) -> Path:
    """The mkdocs.yml in `start` or its nearest parent."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder / "mkdocs.yml"
    raise ConfigError(f"no mkdocs.yml in {start} or its parents: run dealbook inside a "
                      "Dealbook project, or pass a path inside one")


def read_config(config_path: Path) -> dict[str, Any]:
    """mkdocs.yml's keys, read without running it (tags become None)."""
    try:
        config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{config_path}: cannot read it: {exc}") from None
    if not isinstance(config, Mapping):
        raise ConfigError(f"{config_path}: expected keys with values")
    return dict(config)


def plugin_entries(config: Mapping[str, Any]) -> list[Any]:
    """mkdocs.yml's plugins as a list of names and {name: options}, however it was written."""
    plugins = config.get("plugins")
    if isinstance(plugins, Mapping):
        return [{name: options} for name, options in plugins.items()]
    return list(plugins) if isinstance(plugins, list) else []


def load_settings(config_path: Path) -> Settings:
    """Settings for the CLI, read from mkdocs.yml the way the plugin would see them."""
    config = read_config(config_path)
    root = config_path.parent
    options: Mapping[str, Any] = {}
    for entry in plugin_entries(config):
        if isinstance(entry, Mapping) and "dealbook" in entry:
            options = entry["dealbook"] or {}
    return settings_from_options(options, root=root,
                                 docs_dir=root / str(config.get("docs_dir") or "docs"),
                                 site_url=str(config.get("site_url") or ""))
