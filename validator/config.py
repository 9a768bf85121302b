"""Configuration: ``.fazhi-lint.yaml``, ``[tool.fazhi-lint]`` in ``pyproject.toml``, or ``--config FILE``.

Discovery walks up from the working directory; in each directory ``.fazhi-lint.yaml`` wins over
``pyproject.toml``, and a ``pyproject.toml`` without a ``[tool.fazhi-lint]`` table is passed over.
Values are layered, later over earlier: built-in defaults → the chosen profile
(``validator/profiles.yaml``) → the configuration file → the command line. Every value remembers
where it came from, for ``--print-config`` and for error messages, which name the file, the line
and the path to the bad value exactly as rule-file errors do.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from validator.errors import ConfigError, close_matches
from validator.ruleset import (
    Overrides,
    RuleSet,
    YamlPath,
    apply_overrides,
    config_error,
    load_ruleset,
    load_schema,
    parse_yaml,
    read_text_limited,
    read_yaml_file,
    refuse_non_finite,
    validate,
)
from validator.suppress import IgnoreEntry, Policy

SCHEMA_PATH = Path(__file__).parent / "schemas" / "config.schema.json"
PROFILES_PATH = Path(__file__).parent / "profiles.yaml"
YAML_NAMES = (".fazhi-lint.yaml", ".fazhi-lint.yml")
PYPROJECT = "pyproject.toml"
TOOL_TABLE = "tool.fazhi-lint"

DEFAULT = "默认"
COMMAND_LINE = "命令行"
FAIL_ON_DEFAULT = "error"


class Origin(NamedTuple):
    """Where a value was set: a label for people, and a place for error messages."""

    label: str  # 默认 | 命令行 | a file path | 配置方案 NAME
    name: str = ""  # file name used in error messages ("" for defaults and the command line)
    lines: Mapping[YamlPath, int] = MappingProxyType({})
    path: YamlPath = ()

    def at(self, *path: str | int) -> Origin:
        return Origin(self.label, self.name, self.lines, (*self.path, *path))

    def error(self, message: str) -> ConfigError:
        if not self.name:
            return ConfigError(message)
        return config_error(self.name, self.lines, self.path, message)


class Settings:
    """The effective configuration; each entry maps a value to where it came from."""

    def __init__(self) -> None:
        self.config_file: str | None = None
        self.profile: tuple[str | None, Origin] = (None, Origin(DEFAULT))
        self.rules: list[tuple[str, Origin]] = []
        self.enable: dict[str, Origin] = {}
        self.disable: dict[str, Origin] = {}
        self.severity: dict[str, tuple[str, Origin]] = {}
        self.weight: dict[str, tuple[float, Origin]] = {}
        self.fail_on: tuple[str, Origin] = (FAIL_ON_DEFAULT, Origin(DEFAULT))
        self.fail_under: tuple[float | None, Origin] = (None, Origin(DEFAULT))
        self.ignore: list[tuple[IgnoreEntry, Origin]] = []
        # suppressions (comments in reports, ignore entries) accepted by whoever runs the check
        self.accept_suppressions: tuple[bool, Origin] = (False, Origin(DEFAULT))

    # ------------------------------------------------------------------ layering

    def layer(self, data: Mapping[str, Any], origin: Origin, base: Path | None) -> None:
        """Apply one layer (profile, file or command line) on top of what is there."""
        for i, raw in enumerate(data.get("rules", [])):
            path = Path(raw) if base is None or Path(raw).is_absolute() else base / raw
            self.rules.append((str(path), origin.at("rules", i)))
        self._toggle(data, "enable", self.enable, self.disable, origin)
        self._toggle(data, "disable", self.disable, self.enable, origin)
        for rule, level in data.get("severity", {}).items():
            self.severity[rule] = (level, origin.at("severity", rule))
        for rule, weight in data.get("weight", {}).items():
            self.weight[rule] = (float(weight), origin.at("weight", rule))
        if "fail-on" in data:
            self.fail_on = (data["fail-on"], origin.at("fail-on"))
        if "fail-under" in data:
            self.fail_under = (float(data["fail-under"]), origin.at("fail-under"))
        if "accept-suppressions" in data:
            self.accept_suppressions = (bool(data["accept-suppressions"]), origin.at("accept-suppressions"))
        for i, raw in enumerate(data.get("ignore", [])):
            entry = IgnoreEntry(
                path=raw["path"], rules=tuple(raw.get("rules", ())), reason=raw["reason"].strip(),
                base=str(base or Path.cwd()), origin=origin.label,
            )
            self.ignore.append((entry, origin.at("ignore", i)))

    @staticmethod
    def _toggle(data: Mapping[str, Any], key: str, into: dict[str, Origin], other: dict[str, Origin],
                origin: Origin) -> None:
        both = set(data.get("enable", [])) & set(data.get("disable", []))
        for i, rule in enumerate(data.get(key, [])):
            if rule in both:
                raise origin.at(key, i).error(f"规则 {rule} 同时出现在 enable 和 disable 中")
            other.pop(rule, None)  # a later layer's enable undoes an earlier disable, and the reverse
            into[rule] = origin.at(key, i)

    # ------------------------------------------------------------------ results

    def rule_paths(self) -> list[str]:
        return [path for path, _ in self.rules]

    def overrides(self) -> Overrides:
        return Overrides(
            enable=frozenset(self.enable), disable=frozenset(self.disable),
            severity={rule: level for rule, (level, _) in self.severity.items()},
            weight={rule: weight for rule, (weight, _) in self.weight.items()},
        )

    def build_ruleset(self) -> RuleSet:
        """Load the rule files this configuration names and apply its overrides."""
        ruleset = load_ruleset(self.rule_paths())
        known = {r.id for r in ruleset.rules}
        named: list[tuple[str, Origin]] = [*self.enable.items(), *self.disable.items()]
        named += [(rule, origin) for rule, (_, origin) in [*self.severity.items(), *self.weight.items()]]
        for entry, origin in self.ignore:
            named += [(rule, origin.at("rules", i)) for i, rule in enumerate(entry.rules)]
        problems: list[str] = []
        for rule, origin in named:
            if rule not in known:
                close = close_matches(rule, sorted(known), n=1)
                hint = f"；是否要找：{close[0]}" if close else "；运行 fazhi-lint rules 查看全部规则"
                problems += origin.error(f"未知的规则 {rule!r}{hint}").lines()
        if problems:  # every unknown rule id at once, in the order of the file
            raise ConfigError(*problems)
        return apply_overrides(ruleset, self.overrides())

    def policy(self, no_suppress: bool) -> Policy:
        if no_suppress:
            return Policy(comments=False)
        return Policy(ignore=tuple(entry for entry, _ in self.ignore), comments=True,
                      accept=self.accept_suppressions[0])


# --------------------------------------------------------------------------- reading files


def validate_config(data: Any, name: str, lines: Mapping[YamlPath, int], schema: Mapping[str, Any]) -> None:
    validate(data, schema, name, lines, key_noun="配置项")


def _toml_module() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    import tomli  # the backport, a dependency only below Python 3.11

    return tomli


def read_pyproject(path: Path) -> tuple[Any, dict[YamlPath, int], str] | None:
    """The ``[tool.fazhi-lint]`` table of a pyproject.toml, or None when it has none."""
    # a byte-order mark (Windows editors write one) is not TOML, but it is no reason to refuse the file
    text = read_text_limited(path, "pyproject.toml ").removeprefix("\ufeff")
    if "fazhi-lint" not in text:
        return None
    toml = _toml_module()
    try:
        document = toml.loads(text)
    except toml.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: TOML 语法错误：{exc}") from None
    except RecursionError:  # tomllib reads nested arrays recursively
        raise ConfigError(f"{path}: TOML 嵌套过深，拒绝加载") from None
    except ValueError as exc:  # an integer of more digits than Python converts
        raise ConfigError(f"{path}: TOML 中有无法转换的值：{str(exc).splitlines()[0]}") from None
    tool = document.get("tool", {})
    table = tool.get("fazhi-lint") if isinstance(tool, dict) else None
    if table is None:
        return None
    name, lines = f"{path} [{TOOL_TABLE}]", _toml_key_lines(text)
    refuse_non_finite(table, name, lines)
    return table, lines, name


def _toml_key_lines(text: str) -> dict[YamlPath, int]:
    """Line numbers of the keys in [tool.fazhi-lint] and its sub-tables (enough to point at a bad key)."""
    lines: dict[YamlPath, int] = {}
    table: YamlPath | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("["):
            name = line.strip("[] ")
            prefix = TOOL_TABLE
            table = None
            if name == prefix:
                table = ()
            elif name.startswith(prefix + "."):
                table = (name[len(prefix) + 1:].strip('"'),)
                lines[table] = number
            continue
        if table is not None and "=" in line and not line.startswith("#"):
            key = line.split("=", 1)[0].strip().strip('"')
            lines.setdefault((*table, key), number)
    return lines


def load_file(path: Path) -> tuple[Mapping[str, Any], Origin, Path]:
    """Read and validate one configuration file: (data, origin, directory paths are relative to)."""
    from validator.cache import cached

    return cached("config", [path], lambda: _load_file(path))


def _load_file(path: Path) -> tuple[Mapping[str, Any], Origin, Path]:
    if path.name == PYPROJECT or path.suffix.lower() == ".toml":  # --config 本单位.toml: a pyproject-style table
        found = read_pyproject(path)
        if found is None:
            raise ConfigError(f"{path}: 没有 [{TOOL_TABLE}] 配置")
        data, lines, name = found
    else:
        data, lines = read_yaml_file(path, "配置文件")
        name = str(path)
    validate_config(data, name, lines, load_schema(SCHEMA_PATH))
    return data, Origin(str(path), name, lines), path.parent.resolve()


def discover(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``."""
    for directory in [start, *start.parents]:
        for name in YAML_NAMES:
            if (directory / name).is_file():
                return directory / name
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and read_pyproject(pyproject) is not None:
            return pyproject
    return None


def load_profiles() -> dict[str, dict[str, Any]]:
    from validator.cache import cached

    def parse() -> dict[str, dict[str, Any]]:
        data, _ = parse_yaml(PROFILES_PATH.read_text(encoding="utf-8"), str(PROFILES_PATH))
        profiles: dict[str, dict[str, Any]] = data["profiles"]
        return profiles

    return cached("profiles", [PROFILES_PATH], parse)


# --------------------------------------------------------------------------- putting it together


class CommandLine(NamedTuple):
    """The command-line flags that take part in configuration (None: not given)."""

    config: str | None = None
    rules: Sequence[str] = ()
    profile: str | None = None
    fail_on: str | None = None
    fail_under: float | None = None
    accept_suppressions: bool = False  # --accept-suppressions (only ever turns acceptance on)


def resolve(cli: CommandLine, cwd: Path | None = None) -> Settings:
    """The effective configuration for this run."""
    settings = Settings()
    if cli.config is not None:
        path: Path | None = Path(cli.config)
        if path is None or not path.is_file():
            exists = path is not None and path.exists()
            raise ConfigError(f"{cli.config}: {'不是普通文件，不能作为配置文件' if exists else '配置文件不存在'}")
    else:
        path = discover((cwd or Path.cwd()).resolve())
    data: Mapping[str, Any] = {}
    origin, base = Origin(DEFAULT), None
    if path is not None:
        data, origin, base = load_file(path)
        settings.config_file = str(path)
    profile, profile_origin = (cli.profile, Origin(COMMAND_LINE)) if cli.profile else \
        (data.get("profile"), origin.at("profile"))
    if profile is not None:
        _apply_profile(settings, profile, profile_origin)
    settings.layer(data, origin, base)
    settings.layer(_cli_layer(cli), Origin(COMMAND_LINE), None)
    return settings


def _apply_profile(settings: Settings, name: str, origin: Origin) -> None:
    profiles = load_profiles()
    if name not in profiles:
        raise origin.error(f"未知的配置方案 {name!r}（可选：{'、'.join(profiles)}）")
    settings.profile = (name, origin)
    preset = {k: v for k, v in profiles[name].items() if k != "description"}
    settings.layer(preset, Origin(f"配置方案 {name}"), None)


def _cli_layer(cli: CommandLine) -> dict[str, Any]:
    layer: dict[str, Any] = {"rules": [str(Path(r)) for r in cli.rules]}
    if cli.fail_on is not None:
        layer["fail-on"] = cli.fail_on
    if cli.fail_under is not None:
        layer["fail-under"] = cli.fail_under
    if cli.accept_suppressions:
        layer["accept-suppressions"] = True
    return layer


# --------------------------------------------------------------------------- --print-config


def render(settings: Settings) -> str:
    """The effective configuration as YAML, each value followed by where it came from."""

    from validator.escape import json_text, visible

    # values as JSON strings (control characters and bytes that were not UTF-8 escaped), sources made visible:
    # a file name with a newline cannot add a line of its own to what looks like YAML
    def scalar(value: object) -> str:
        return json_text(json.dumps(value, ensure_ascii=False))

    def src(origin: Origin) -> str:
        return f"  # {visible(origin.label)}"

    out = ["# fazhi-lint 生效的配置（# 后为来源：默认、配置文件、配置方案或命令行）",
           f"# 配置文件：{visible(settings.config_file or '（未找到，使用默认值）')}"]
    name, origin = settings.profile
    out.append(f"profile: {scalar(name)}{src(origin)}")
    out.append(f"fail-on: {scalar(settings.fail_on[0])}{src(settings.fail_on[1])}")
    out.append(f"fail-under: {scalar(settings.fail_under[0])}{src(settings.fail_under[1])}")
    accept, accept_origin = settings.accept_suppressions
    out.append(f"accept-suppressions: {scalar(accept)}{src(accept_origin)}")
    out.append("rules:" + ("" if settings.rules else f" []{src(Origin(DEFAULT))}"))
    out += [f"  - {scalar(path)}{src(o)}" for path, o in settings.rules]
    for key, ids in (("enable", settings.enable), ("disable", settings.disable)):
        out.append(f"{key}:" + ("" if ids else " []"))
        out += [f"  - {scalar(rule)}{src(o)}" for rule, o in ids.items()]
    for key, table in (("severity", settings.severity), ("weight", settings.weight)):
        out.append(f"{key}:" + ("" if table else " {}"))
        out += [f"  {scalar(rule)}: {scalar(value)}{src(o)}" for rule, (value, o) in table.items()]
    out.append("ignore:" + ("" if settings.ignore else " []"))
    for entry, _ in settings.ignore:
        out.append(f"  - path: {scalar(entry.path)}  # {visible(entry.origin)}")
        out.append(f"    rules: {scalar(list(entry.rules))}")
        out.append(f"    reason: {scalar(entry.reason)}")
    return "\n".join(out) + "\n"
