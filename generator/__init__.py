"""Dealbook: turns negotiation reviews into a playbook site.

The flow, one package per stage (generator/README.md says what each holds):
schema → read → check → link → summarize → pages → render → build, then the adapters
`plugin` (MkDocs) and `cli`. `base` holds what every stage shares. A stage imports only
earlier ones, and only `plugin` imports MkDocs (tests/test_architecture.py).
"""

from generator.base.diagnostics import Diagnostic
from generator.build import BuildResult, build_site
from generator.cli.main import main
from generator.read.settings import Settings

__all__ = ["BuildResult", "Diagnostic", "Settings", "build_site", "main"]
