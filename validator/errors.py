"""Errors the user can act on, each carrying the documented exit code.

The CLI is the one place that turns these into messages and exit codes; everything
else raises them and lets them travel.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_INTERNAL = 4


class FazhiError(Exception):
    """Base class: a one-line message meant for the user."""

    exit_code = EXIT_USAGE

    def lines(self) -> list[str]:
        """The message as the lines to show, one problem each."""
        return [str(self)]


class UsageError(FazhiError):
    """Bad command-line arguments."""

    exit_code = EXIT_USAGE


class ConfigError(FazhiError):
    """A rule file or configuration file is unreadable or invalid: one problem, or every problem found.

    Each problem is one line (file, line, path to the value, message); ``lines`` gives them one by one,
    so a user sees all the problems of a file in one run.
    """

    exit_code = EXIT_USAGE

    def __init__(self, *problems: str) -> None:
        super().__init__("\n".join(problems))
        self.problems: tuple[str, ...] = problems

    def lines(self) -> list[str]:
        return list(self.problems) or [str(self)]


class InputError(FazhiError):
    """An input report could not be read (missing, unsupported, undecodable, ...)."""

    exit_code = EXIT_INPUT


class UnknownRuleError(UsageError):
    """A rule id that no loaded rule set defines."""


def close_matches(word: str, choices: list[str], n: int = 1) -> list[str]:
    """Suggestions for a mistyped name in an error message ("是否要找：…")."""
    import difflib  # only on the error path: it costs a clean run's start-up otherwise

    return difflib.get_close_matches(word, choices, n=n)
