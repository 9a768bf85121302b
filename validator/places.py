"""Where a value stands in a rule or configuration file: its path, its line, and an error naming both.

Messages follow pre-commit's style, ``文件:行: ==> At key: rules ==> At index 3 ==> At key: params: 消息``,
so every problem of a file can be found by its line and understood by its path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import NamedTuple

from validator.errors import ConfigError

YamlPath = tuple[str | int, ...]


def describe_path(path: Iterable[str | int]) -> str:
    """``==> At key: rules ==> At index 3``; a key's control characters shown as escapes, so it stays one line."""
    from validator.escape import visible

    parts = [f"At index {p}" if isinstance(p, int) else f"At key: {visible(p)}" for p in path]
    return " ".join(f"==> {p}" for p in parts)


def line_for(lines: Mapping[YamlPath, int], path: YamlPath) -> int | None:
    """The line of the value at ``path``, or of the nearest enclosing value that has one."""
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)


def located(name: str, lines: Mapping[YamlPath, int], path: YamlPath, message: str) -> str:
    """One problem as one line: the file, the line, the path to the value, the message."""
    line = line_for(lines, path)
    where = f"{name}:{line}" if line else name
    at = describe_path(path)
    return f"{where}: {at + ': ' if at else ''}{message}"


def config_error(name: str, lines: Mapping[YamlPath, int], path: YamlPath, message: str) -> ConfigError:
    return ConfigError(located(name, lines, path, message))


class Place(NamedTuple):
    """A value in a file: the file's name, the file's line map, and the path to the value."""

    name: str
    lines: Mapping[YamlPath, int] = MappingProxyType({})
    path: YamlPath = ()

    def at(self, *path: str | int) -> Place:
        return Place(self.name, self.lines, (*self.path, *path))

    def line(self) -> int | None:
        return line_for(self.lines, self.path)

    def message(self, message: str) -> str:
        return located(self.name, self.lines, self.path, message)

    def error(self, message: str) -> ConfigError:
        return ConfigError(self.message(message))


class ConfigProblem(NamedTuple):
    """One problem of a rule or configuration file, kept with its place until all of them are shown."""

    place: Place
    message: str

    def line(self) -> int:
        return self.place.line() or 0

    def text(self) -> str:
        return self.place.message(self.message)
