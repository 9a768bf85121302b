"""Load rule sets from YAML: parse with line numbers, validate against the JSON Schema, compile.

A rule file may hold ``sections`` (the section classifier: kind → heading patterns), ``rules`` and
``vocabulary`` (validator.vocabulary). Files are merged in order; a later file extends a section
kind's heading patterns, adds kinds and rules, or adds vocabulary entries. Every problem is a ConfigError naming the file, the line where there is
one, and the path to the bad value, pre-commit style: ``==> At key: rules ==> At index 3``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from validator.checks import CHECK_TYPES, ParamReader
from validator.claims import ClaimVocabulary, merge_vocabulary
from validator.errors import ConfigError, close_matches
from validator.regex_limits import CompileBudget
from validator.segment import Classifier, SectionKind
from validator.vocabulary import EMPTY as EMPTY_VOCABULARY
from validator.vocabulary import Vocabulary, VocabularyBuilder

SCHEMA_PATH = Path(__file__).parent / "schemas" / "rules.schema.json"
# A YAML document whose aliases expand past this many nodes is refused (an "alias bomb"), and so is
# one nested deeper than MAX_YAML_DEPTH (libyaml composes nodes recursively in C: a few ten thousand
# "[" crash the process) or a rule or configuration file larger than MAX_RULE_FILE_BYTES (the shipped
# rule sets together are 40 KB).
MAX_YAML_NODES = 200_000
MAX_YAML_DEPTH = 64
# A number written with more digits than this is refused (Python converts at most 4,300 digits).
MAX_YAML_SCALAR_DIGITS = 1000
MAX_RULE_FILE_BYTES = 5 * 1024 * 1024

YamlPath = tuple[str | int, ...]
_EMPTY: Mapping[str, Any] = MappingProxyType({})  # a default no record can change


class Rule(NamedTuple):
    id: str
    title: str
    check: str
    params: Any  # the check type's compiled parameters
    severity: str
    weight: float
    scope: frozenset[str] | None  # None: the whole text
    basis: str
    why: str
    message: str
    hint: str
    levels: Mapping[str, str] = _EMPTY  # severity per problem code
    examples: Mapping[str, tuple[str, ...]] = _EMPTY
    enabled: bool = True
    source: str = ""

    def level_for(self, code: str) -> str:
        return self.levels.get(code, self.severity)


class RuleSet(NamedTuple):
    rules: tuple[Rule, ...]
    classifier: Classifier
    files: tuple[str, ...]
    vocabulary: Vocabulary = EMPTY_VOCABULARY  # synonyms and cues for reading against last year's report
    claim_vocabulary: ClaimVocabulary = ClaimVocabulary()  # the claims stage's words (``claims:``)

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


# --------------------------------------------------------------------------- YAML with lines


def describe_path(path: Iterable[str | int]) -> str:
    parts = [f"At index {p}" if isinstance(p, int) else f"At key: {p}" for p in path]
    return " ".join(f"==> {p}" for p in parts)


def _line_map(node: Any, path: YamlPath, out: dict[YamlPath, int], name: str) -> None:
    """Record the line of every value, counting nodes as if aliases were expanded.

    Iterative, so no Python recursion limit is involved; keys must be plain scalars (a key that is
    a mapping or a list, or an alias to one, means nothing in a rule or configuration file, and
    spelling it out is how an alias bomb inside a key costs gigabytes).
    """
    import yaml

    budget = MAX_YAML_NODES
    stack: list[tuple[Any, YamlPath]] = [(node, path)]
    while stack:
        node, path = stack.pop()
        budget -= 1
        if budget < 0:
            raise ConfigError(f"{name}: YAML 展开后超过 {MAX_YAML_NODES} 个节点（别名炸弹？），拒绝加载")
        out.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    raise ConfigError(f"{name}:{key.start_mark.line + 1}: YAML 的键只能是文字，不能是映射或列表")
                stack.append((value, (*path, str(key.value))))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((value, (*path, i)) for i, value in enumerate(node.value))
        elif isinstance(node, yaml.ScalarNode) and len(node.value) > MAX_YAML_SCALAR_DIGITS \
                and node.tag.endswith((":int", ":float")):
            raise ConfigError(f"{name}:{node.start_mark.line + 1}: 数字有 {len(node.value)} 位，超过上限，拒绝加载")


def parse_yaml(text: str, name: str) -> tuple[Any, dict[YamlPath, int]]:
    """Parse one YAML document; return the data and a map from value path to line number.

    Refused with a ConfigError: nesting deeper than MAX_YAML_DEPTH (checked on the parser's events,
    before any node is built, whatever nesting limit the installed libyaml has of its own), aliases
    expanding past MAX_YAML_NODES, keys that are not scalars, numbers too long to convert, and numbers
    that are not finite (.inf, .nan, 1e999), which no setting means and which would turn a score into NaN.
    """
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        _check_depth(text, name, loader_cls)
        loader = loader_cls(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, {}
            lines: dict[YamlPath, int] = {}
            _line_map(node, (), lines, name)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise ConfigError(f"{where}: YAML 语法错误：{exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(f"{name}: YAML 错误：{first}") from None
    except (ValueError, OverflowError) as exc:  # a scalar the constructor cannot convert (a date 2024-13-45)
        raise ConfigError(f"{name}: YAML 中有无法转换的值：{str(exc).splitlines()[0]}") from None
    refuse_non_finite(data, name, lines)
    return data, lines


def _check_depth(text: str, name: str, loader_cls: Any) -> None:
    """Refuse nesting deeper than MAX_YAML_DEPTH, counting on the parser's events (no node is built).

    libyaml has a nesting limit of its own in some versions (1000 levels in PyYAML 6.0.4's, found while
    scanning ahead, before the events that would reach our limit): when the fast parser stops with an
    error, the pure-Python parser, which has no such limit and no recursion, decides whether the file
    is too deep for us; otherwise the fast parser's error stands.
    """
    import yaml

    try:
        _deepest_event(text, name, loader_cls)
    except yaml.YAMLError:
        if loader_cls is yaml.SafeLoader:
            raise
        try:
            _deepest_event(text, name, yaml.SafeLoader)
        except yaml.YAMLError:
            pass
        raise


def _deepest_event(text: str, name: str, loader_cls: Any) -> None:
    import yaml

    loader = loader_cls(text)
    try:
        depth = 0
        while (event := loader.get_event()) is not None:
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    where = f"{name}:{event.start_mark.line + 1}" if event.start_mark else name
                    raise ConfigError(f"{where}: YAML 嵌套超过 {MAX_YAML_DEPTH} 层，拒绝加载")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        loader.dispose()


def refuse_non_finite(data: Any, name: str, lines: Mapping[YamlPath, int]) -> None:
    """A ConfigError naming the first infinite or NaN number, or nesting past MAX_YAML_DEPTH, in parsed data.

    YAML is checked for depth while it is parsed; this catches the same in TOML, whose parser has no limit
    below Python's recursion limit.
    """
    stack: list[tuple[Any, YamlPath]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            raise config_error(name, lines, path, f"{value} 不是有限的数")
        if len(path) > MAX_YAML_DEPTH:
            raise config_error(name, lines, path[:1], f"嵌套超过 {MAX_YAML_DEPTH} 层，拒绝加载")
        if isinstance(value, dict):
            stack.extend((v, (*path, str(k))) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, (*path, i)) for i, v in enumerate(value))


def _line_for(lines: Mapping[YamlPath, int], path: YamlPath) -> int | None:
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)


def config_error(name: str, lines: Mapping[YamlPath, int], path: YamlPath, message: str) -> ConfigError:
    line = _line_for(lines, path)
    where = f"{name}:{line}" if line else name
    at = describe_path(path)
    return ConfigError(f"{where}: {at + ': ' if at else ''}{message}")


def validate(data: Any, schema: Mapping[str, Any], name: str, lines: Mapping[YamlPath, int],
             key_noun: str = "键") -> None:
    """Raise a ConfigError for the most relevant schema violation, if any, in Chinese.

    An unknown key is reported at the key's own line and path, with a suggestion.
    """
    import jsonschema
    from jsonschema.exceptions import best_match

    from validator import schema_messages

    error = best_match(jsonschema.Draft202012Validator(schema).iter_errors(data))
    if error is None:
        return
    path: YamlPath = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        extra = sorted(schema_messages.unknown_keys(error.instance, error.schema),
                       key=lambda k: lines.get((*path, k), 0))
        if extra:
            raise config_error(name, lines, (*path, extra[0]),
                               schema_messages.unknown_key_message(extra[0], error.schema, key_noun))
    raise config_error(name, lines, path, schema_messages.describe(error))


def load_schema(path: Path = SCHEMA_PATH) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        schema: dict[str, Any] = json.load(fh)
    return schema


# --------------------------------------------------------------------------- files → rule set


def default_rules_dir() -> Path:
    """The shipped rule sets: inside the installed package, or rules/ in a source checkout."""
    packaged = Path(__file__).parent / "_rules"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "rules"


def expand_rule_paths(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.iterdir() if q.suffix in (".yaml", ".yml") and q.is_file()))
        elif p.is_file():
            out.append(p)
        else:
            raise ConfigError(f"{p}: 规则文件或目录不存在")
    return out


def default_rule_files() -> list[Path]:
    return expand_rule_paths([default_rules_dir()])


class _Builder:
    def __init__(self) -> None:
        self.kinds: dict[str, dict[str, Any]] = {}  # kind -> {name, patterns}
        self.rules: list[Rule] = []
        self.scopes: list[tuple[str, Mapping[YamlPath, int], YamlPath, frozenset[str]]] = []
        self.vocabularies: list[tuple[ParamReader, Mapping[str, Any]]] = []
        self.topics: list[tuple[str, Mapping[YamlPath, int], YamlPath, str]] = []  # claims topics rules name
        self.vocabulary = VocabularyBuilder()
        self.budget = CompileBudget()  # what all the rule set's patterns may cost to compile together

    def add_file(self, name: str, data: Mapping[str, Any], lines: Mapping[YamlPath, int]) -> None:
        if "claims" in data:
            line = _line_for(lines, ("claims",))
            self.vocabularies.append((ParamReader(data["claims"], f"{name}:{line}: ==> At key: claims", self.budget),
                                      data["claims"]))
        for i, kind in enumerate(data.get("sections", [])):
            self._add_kind(name, lines, ("sections", i), kind)
        if "vocabulary" in data:
            reader = ParamReader(data["vocabulary"], f"{name}: {describe_path(('vocabulary',))}", self.budget)
            self.vocabulary.add(data["vocabulary"], reader.pattern)
        for i, raw in enumerate(data.get("rules", [])):
            self._add_rule(name, lines, ("rules", i), raw)

    def _add_kind(self, name: str, lines: Mapping[YamlPath, int], path: YamlPath, raw: Mapping[str, Any]) -> None:
        reader = ParamReader(raw, f"{name}: {describe_path(path)}", self.budget)
        patterns = reader.patterns("headings")
        entry = self.kinds.setdefault(raw["kind"], {"name": raw.get("name", raw["kind"]), "patterns": []})
        entry["name"] = raw.get("name", entry["name"])
        entry["patterns"].extend(patterns)

    def _add_rule(self, name: str, lines: Mapping[YamlPath, int], path: YamlPath, raw: Mapping[str, Any]) -> None:
        if any(r.id == raw["id"] for r in self.rules):
            other = next(r.source for r in self.rules if r.id == raw["id"])
            raise config_error(name, lines, (*path, "id"), f"规则 {raw['id']} 已在 {other} 中定义")
        check = CHECK_TYPES[raw["check"]]
        params_path = (*path, "params")
        line = _line_for(lines, params_path)
        where = f"{name}:{line}: {describe_path(params_path)}" if line else f"{name}: {describe_path(params_path)}"
        params = check.prepare(ParamReader(raw.get("params", {}), where, self.budget))
        if check.uses_claims and "topic" in raw.get("params", {}):
            self.topics.append((name, lines, (*params_path, "topic"), raw["params"]["topic"]))
        scope_raw = raw.get("scope", "whole")
        scope = None if scope_raw == "whole" else frozenset(scope_raw)
        if scope is not None:
            self.scopes.append((name, lines, (*path, "scope"), scope))
        examples = {k: tuple(v) for k, v in raw.get("examples", {}).items()}
        self.rules.append(Rule(
            id=raw["id"], title=raw["title"], check=raw["check"], params=params,
            severity=raw["severity"], weight=float(raw["weight"]), scope=scope,
            basis=raw["basis"], why=raw.get("why", ""), message=raw["message"], hint=raw["hint"],
            levels=dict(raw.get("levels", {})), examples=examples, enabled=raw.get("enabled", True),
            source=name,
        ))

    def build(self, files: list[str]) -> RuleSet:
        classifier = Classifier(tuple(
            SectionKind(kind, entry["name"], tuple(entry["patterns"])) for kind, entry in self.kinds.items()
        ))
        known = classifier.known_kinds()
        for name, lines, path, scope in self.scopes:
            unknown = sorted(scope - known)
            if unknown:
                raise config_error(name, lines, path, f"未知的部分类型 {unknown}（已定义：{sorted(known)}）")
        claim_vocabulary = merge_vocabulary(self.vocabularies)
        topics = sorted(t.id for t in claim_vocabulary.topics)
        for name, lines, path, topic in self.topics:
            if topic not in topics:
                close = close_matches(topic, topics)
                hint = f"；是否要找：{close[0]}" if close else ""
                raise config_error(name, lines, path, f"未知的主张事项 {topic!r}（claims 中已定义：{'、'.join(topics) or '无'}{hint}）")
        return RuleSet(tuple(self.rules), classifier, tuple(files), self.vocabulary.build(), claim_vocabulary)


def read_text_limited(path: Path, what: str) -> str:
    """A rule or configuration file's text (UTF-8), refused past MAX_RULE_FILE_BYTES before it is read."""
    try:
        if path.stat().st_size > MAX_RULE_FILE_BYTES:
            raise ConfigError(f"{path}: {what}过大（超过 {MAX_RULE_FILE_BYTES // 1024 // 1024} MB），拒绝加载")
        with open(path, "rb") as fh:
            data = fh.read(MAX_RULE_FILE_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: 无法读取{what}（{exc.strerror or exc}）") from None
    if len(data) > MAX_RULE_FILE_BYTES:
        raise ConfigError(f"{path}: {what}过大（超过 {MAX_RULE_FILE_BYTES // 1024 // 1024} MB），拒绝加载")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: {what}不是 UTF-8 文本") from None


def read_yaml_file(path: Path, what: str = "规则文件") -> tuple[Any, dict[YamlPath, int]]:
    """A rule or configuration file's data (an empty file is an empty mapping) and its line map."""
    text = read_text_limited(path, what)
    data, lines = parse_yaml(text, str(path))
    return ({} if data is None else data), lines


def load_ruleset(extra: Iterable[str | Path] = (), include_defaults: bool = True) -> RuleSet:
    """Load the default rule sets plus ``extra`` rule files or directories (cached while unchanged)."""
    from validator.cache import cached

    files = (default_rule_files() if include_defaults else []) + expand_rule_paths(extra)
    return cached("ruleset", files, lambda: build_ruleset(files))


def build_ruleset(files: list[Path]) -> RuleSet:
    """Parse, validate and compile rule files, in order, into one rule set."""
    schema = load_schema()
    builder = _Builder()
    for path in files:
        data, lines = read_yaml_file(path)
        validate(data, schema, str(path), lines)
        builder.add_file(str(path), data, lines)
    return builder.build([str(f) for f in files])


# --------------------------------------------------------------------------- overrides


class Overrides(NamedTuple):
    """Changes a configuration makes to the loaded rules; rule ids are checked by the caller."""

    enable: frozenset[str] = frozenset()
    disable: frozenset[str] = frozenset()
    severity: Mapping[str, str] = _EMPTY
    weight: Mapping[str, float] = _EMPTY


def apply_overrides(ruleset: RuleSet, overrides: Overrides) -> RuleSet:
    """A new rule set with rules enabled, disabled, re-levelled or re-weighted.

    A severity override sets the level of every finding the rule reports (its per-problem ``levels``
    included), so "severity: info" really quiets a rule and "severity: error" really fails on it.
    """
    def changed(rule: Rule) -> Rule:
        enabled = (rule.enabled or rule.id in overrides.enable) and rule.id not in overrides.disable
        severity = overrides.severity.get(rule.id)
        weight = overrides.weight.get(rule.id)
        return rule._replace(
            enabled=enabled,
            severity=severity or rule.severity,
            levels={} if severity else rule.levels,
            weight=rule.weight if weight is None else float(weight),
        )

    return ruleset._replace(rules=tuple(changed(r) for r in ruleset.rules))
