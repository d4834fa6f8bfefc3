"""Problems found in content, kept as data and formatted in one place."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """An error leaves the file out of the site; a warning only reports."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at `path:line:column` (1-based; line 0 means the whole file)."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str
    hint: str = ""

    def format(self) -> str:
        """Render as `path:line:column: severity: message`, editors turn this into a link."""
        text = f"{self.path}:{self.line}:{self.column}: {self.severity.value}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


def error(path: str, line: int, column: int, message: str, hint: str = "") -> Diagnostic:
    """Shorthand for an error diagnostic."""
    return Diagnostic(path, line, column, Severity.ERROR, message, hint)


def warning(path: str, line: int, column: int, message: str, hint: str = "") -> Diagnostic:
    """Shorthand for a warning diagnostic."""
    return Diagnostic(path, line, column, Severity.WARNING, message, hint)


def count(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...], severity: Severity) -> int:
    """How many diagnostics have this severity."""
    return sum(1 for d in diagnostics if d.severity is severity)


class DealbookError(Exception):
    """Base of the errors Dealbook raises; anything else escaping is a bug."""


class ConfigError(DealbookError):
    """The project's configuration (mkdocs.yml, plugin options) is unusable."""
