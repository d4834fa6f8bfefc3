"""The full `mkdocs build` per search option against the anchor (the same pages as static
Markdown in plain MkDocs + Material), peak memory, and the site's bytes and their growth."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from generator.plugin.converted import CACHE_FILE

from .options import Options
from .processes import DEALBOOK, PYTHON, Child, best, must, run_child
from .project import configure, prepare
from .report import Report, step
from .targets import BUILD_RATIO, GROWTH, PEAK_MEMORY, REFERENCE_N


def measure_builds(options: Options, project: Path, work: Path, report: Report
                   ) -> dict[str, Path]:
    """The anchor and every build, in rounds; the built site of each search option."""
    step("anchor: dealbook render, then plain MkDocs + Material, one-entry nav")
    anchor_config, render_s = prepare_anchor(project, work)
    report.notes.append(f"dealbook render took {render_s:.1f} s (not part of the anchor time)")
    sites = {search: work / f"site-{search}" for search in options.searches}
    builds: dict[str, list[Child]] = {name: [] for name in ("anchor", *sites)}
    # Round by round, so that a machine slowing down or speeding up over the minutes this
    # takes weighs on the anchor and the builds alike.
    for _ in range(options.repeat):
        builds["anchor"].append(mkdocs_build(anchor_config, anchor_config.parent / "site",
                                             work, "anchor"))
        for search, site in sites.items():
            builds[search].append(mkdocs_build(configure(project, search), site, work,
                                               search))
    anchor = best(builds["anchor"])
    report.add("anchor_s", "anchor build (same pages, static Markdown)", anchor.seconds, "s")
    report.add("anchor_rss", "anchor peak memory", anchor.peak_memory, "B")
    for search, site in sites.items():
        _add_build(report, search, best(builds[search]), anchor, site, options.reviews)
    _add_cached_build(report, options.searches[0], project, work)
    return sites


def _add_cached_build(report: Report, search: str, project: Path, work: Path) -> None:
    """The same build again, the corpus unchanged: the page cache the last one left."""
    step(f"full mkdocs build again, search: {search}, the page cache warm")
    built = mkdocs_build(configure(project, search), work / f"site-{search}-cached", work,
                         f"{search}-cached", cached=True)
    cold = report.value(f"build_{search}_s") or built.seconds
    report.add(f"build_{search}_cached_s", f"full build again, page cache warm ({search})",
               built.seconds, "s")
    report.add(f"build_{search}_cached_ratio", "full build again / cold", built.seconds / cold,
               "x")


def _add_build(report: Report, search: str, built: Child, anchor: Child, site: Path,
               n: int) -> None:
    step(f"full mkdocs build, search: {search}")
    report.add(f"build_{search}_s", f"full build ({search})", built.seconds, "s")
    report.add(f"build_{search}_ratio", f"full build ({search}) / anchor",
               built.seconds / anchor.seconds, "x", BUILD_RATIO)
    report.add(f"build_{search}_rss", f"full build ({search}) peak memory", built.peak_memory,
               "B", PEAK_MEMORY)
    total, html, count = site_bytes(site)
    report.add(f"site_{search}_bytes", f"site bytes ({search}, {count:,} files)", total, "B")
    report.add(f"site_{search}_per_review", f"site bytes per review ({search})", total / n, "B")
    report.add(f"html_{search}_per_review", f"HTML bytes per review ({search})", html / n, "B")


def measure_growth(options: Options, work: Path, report: Report) -> None:
    """Bytes per review at N against the same build at REFERENCE_N reviews."""
    main = options.searches[0]
    per_review = report.value(f"site_{main}_per_review") or 0.0
    if options.reviews == REFERENCE_N:
        reference = per_review
    else:
        step(f"reference: the same build at {REFERENCE_N} reviews (seed {options.seed})")
        small = work / f"reference-{REFERENCE_N}"
        prepare(small, REFERENCE_N, options.seed)
        site = work / f"site-reference-{REFERENCE_N}"
        mkdocs_build(configure(small, main), site, work, f"reference-{REFERENCE_N}")
        reference = site_bytes(site)[0] / REFERENCE_N
    report.add("reference_per_review", f"site bytes per review at {REFERENCE_N} ({main})",
               reference, "B")
    report.add("growth", f"bytes per review at {options.reviews:,} / at {REFERENCE_N}",
               per_review / reference, "x", GROWTH)


def mkdocs_build(config: Path, site: Path, work: Path, name: str, *,
                 cached: bool = False) -> Child:
    """A timed `mkdocs build`: cold unless `cached`, i.e. without the page cache of earlier
    builds (generator/plugin/converted.py), which the anchor has no counterpart of."""
    if site.exists():
        shutil.rmtree(site)
    if not cached:
        forget_page_cache(config.parent)
    return must(run_child([PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d",
                           str(site)], config.parent, work / f"build-{name}.log"),
                f"mkdocs build ({name})")


def site_bytes(site: Path) -> tuple[int, int, int]:
    """(all bytes, HTML bytes, files) of a built site."""
    total = html = count = 0
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            count += 1
            if path.suffix == ".html":
                html += size
    return total, html, count


def prepare_anchor(project: Path, work: Path) -> tuple[Path, float]:
    """The anchor's project (its mkdocs.yml) and the time `dealbook render` took: the same
    pages as static Markdown, for plain MkDocs + Material with the same theme, overrides and
    extensions, the search plugin only, a one-entry nav."""
    anchor = work / "anchor"
    if anchor.exists():
        shutil.rmtree(anchor)
    # render writes the pages and assets to anchor/docs; its own mkdocs.yml is replaced below.
    render = must(run_child([DEALBOOK, "render", str(anchor), "--project", str(project)],
                            project, work / "render.log"), "dealbook render")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(project / "site_templates" / "overrides")
    anchor_config = {
        "site_name": config["site_name"], "docs_dir": "docs", "site_dir": "site",
        "theme": config["theme"], "plugins": ["search"],
        "markdown_extensions": config["markdown_extensions"],
        "extra_css": ["assets/dealbook.css"], "nav": ["index.md"],
    }
    (anchor / "mkdocs.yml").write_text(yaml.safe_dump(anchor_config, sort_keys=False),
                                       encoding="utf-8")
    return anchor / "mkdocs.yml", render.seconds


def forget_page_cache(project: Path) -> None:
    shutil.rmtree(_page_cache(project), ignore_errors=True)


@contextmanager
def page_cache_aside(project: Path) -> Iterator[None]:
    """Within, the project has no page cache; after, the one it had."""
    cache = _page_cache(project)
    aside = cache.with_name(f"{cache.name}.aside")
    shutil.rmtree(aside, ignore_errors=True)
    if cache.exists():
        cache.rename(aside)
    try:
        yield
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        if aside.exists():
            aside.rename(cache)


def _page_cache(project: Path) -> Path:
    return project / CACHE_FILE.parent
