"""Load rule sets from YAML: parse with line numbers, validate against the JSON Schema, compile.

A rule file may hold ``sections`` (the section classifier: kind → heading patterns), ``rules``,
``claims`` (validator.claims) and ``vocabulary`` (validator.vocabulary). Files are merged in order; a
later file extends a section kind's heading patterns, adds kinds and rules, or adds vocabulary entries.

Every problem of every file is found in one run and reported together, each as one line naming the
file, the line and the path to the bad value, pre-commit style (``==> At key: rules ==> At index 3``):
first what the JSON Schema finds, then what compiling the rules finds (bad regular expressions,
unknown section kinds and claims topics, values a check type refuses), each at its own line.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from validator.checks import CHECK_TYPES, ParamReader
from validator.checks.base import BudgetSpent
from validator.checks.params import Params
from validator.claims import ClaimVocabulary, merge_vocabulary
from validator.errors import ConfigError
from validator.places import ConfigProblem, Place, YamlPath, config_error, describe_path
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
# Problems shown for one run; a file of thousands of bad patterns is not worth thousands of lines.
MAX_PROBLEMS_SHOWN = 100

# What a rule may leave out (the schema shows them as defaults; the README's 编写本省规则 lists them).
# ``message`` defaults to the rule's title. Every rule must still give id, title, check, basis and hint.
RULE_DEFAULTS: Mapping[str, Any] = MappingProxyType({
    "severity": "warning", "weight": 1, "scope": "whole", "why": "", "enabled": True,
})

_EMPTY: Mapping[str, Any] = MappingProxyType({})  # a default no record can change

__all__ = ["RULE_DEFAULTS", "SCHEMA_PATH", "Example", "Overrides", "Rule", "RuleSet", "YamlPath", "apply_overrides",
           "build_ruleset", "config_error", "default_rule_files", "default_rules_dir", "describe_path",
           "expand_rule_paths", "load_ruleset", "load_schema", "parse_yaml", "read_text_limited", "read_yaml_file",
           "refuse_non_finite", "schema_problems", "validate"]


class Example(NamedTuple):
    """A passing or failing example of a rule; ``fixed`` is the text after --fix, where the rule fixes."""

    text: str
    fixed: str | None = None


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
    examples: Mapping[str, tuple[Example, ...]] = _EMPTY  # "pass" and "fail"
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
            seen: dict[str, int] = {}
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    raise ConfigError(f"{name}:{key.start_mark.line + 1}: YAML 的键只能是文字，不能是映射或列表")
                _refuse_duplicate(seen, key, name)
                # a value is found at its key's line: "params:" rather than its first entry below
                out.setdefault((*path, str(key.value)), key.start_mark.line + 1)
                stack.append((value, (*path, str(key.value))))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((value, (*path, i)) for i, value in enumerate(node.value))
        elif isinstance(node, yaml.ScalarNode) and len(node.value) > MAX_YAML_SCALAR_DIGITS \
                and node.tag.endswith((":int", ":float")):
            raise ConfigError(f"{name}:{node.start_mark.line + 1}: 数字有 {len(node.value)} 位，超过上限，拒绝加载")


def _refuse_duplicate(seen: dict[str, int], key: Any, name: str) -> None:
    """A key written twice in one mapping: YAML would silently keep the last ("fail-on: warning" then
    "fail-on: never" means never), so which one the author meant is asked, not guessed. The merge key "<<"
    of YAML anchors may repeat."""
    line = key.start_mark.line + 1
    if key.value != "<<" and key.value in seen:
        raise ConfigError(f"{name}:{line}: 键“{key.value}”重复（第 {seen[key.value]} 行已有），请删除其中一个")
    seen.setdefault(key.value, line)


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


class SchemaProblem(NamedTuple):
    """A schema violation in the users' language, at the path of the value it is about."""

    path: YamlPath
    message: str
    keyword: str  # the JSON Schema keyword that failed (additionalProperties for an unknown key)


def schema_problems(data: Any, schema: Mapping[str, Any], key_noun: str = "键") -> list[SchemaProblem]:
    """Every violation of ``schema`` in ``data``, in Chinese: an unknown key at the key's own path with a
    suggestion, one alternative for a value that fits none (the most relevant), duplicates dropped."""
    import jsonschema

    found: dict[tuple[YamlPath, str], SchemaProblem] = {}
    for error in jsonschema.Draft202012Validator(schema).iter_errors(data):
        for problem in _described(error, key_noun):
            found.setdefault((problem.path, problem.message), problem)
    return list(found.values())


def _described(error: Any, key_noun: str) -> Iterator[SchemaProblem]:
    from validator import schema_messages

    path: YamlPath = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        for key in schema_messages.unknown_keys(error.instance, error.schema):
            yield SchemaProblem((*path, key), schema_messages.unknown_key_message(key, error.schema, key_noun),
                                "additionalProperties")
        return
    if error.validator in ("oneOf", "anyOf") and schema_messages.alternatives(error) is None and error.context:
        # the alternative the value came closest to says what is wrong; the value's shape is still in doubt
        for inner in _closest_alternative(error.context):
            for problem in _described(inner, key_noun):
                yield problem._replace(keyword=str(error.validator))
        return
    yield SchemaProblem(path, schema_messages.describe(error), str(error.validator))


def _closest_alternative(context: Iterable[Any]) -> list[Any]:
    """The errors of the alternative a value fits best: the one whose errors lie deepest in the value (its
    type was right and something inside is wrong), and whose errors are not merely of the wrong type."""
    branches: dict[Any, list[Any]] = {}
    for error in context:
        branches.setdefault(error.relative_schema_path[0], []).append(error)

    def fit(errors: list[Any]) -> tuple[int, bool]:
        return (max(len(e.absolute_path) for e in errors),
                any(e.validator not in ("type", "const", "enum") for e in errors))

    return max(branches.values(), key=fit)


def validate(data: Any, schema: Mapping[str, Any], name: str, lines: Mapping[YamlPath, int],
             key_noun: str = "键") -> None:
    """Raise a ConfigError naming every schema violation, each at its line, in the order of the file."""
    problems = schema_problems(data, schema, key_noun)
    if problems:
        place = Place(name, lines)
        raise ConfigError(*capped(shown([ConfigProblem(place.at(*p.path), p.message) for p in problems])))


def shown(problems: Sequence[ConfigProblem]) -> list[str]:
    """The problems as lines, in the order of the file (stable for one line)."""
    return [p.text() for p in sorted(problems, key=ConfigProblem.line)]


def capped(lines: list[str]) -> list[str]:
    """At most MAX_PROBLEMS_SHOWN lines, and how many more there were."""
    if len(lines) <= MAX_PROBLEMS_SHOWN:
        return lines
    return [*lines[:MAX_PROBLEMS_SHOWN], f"……另有 {len(lines) - MAX_PROBLEMS_SHOWN} 处问题未列出"]


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
            found = sorted(q for q in p.iterdir() if q.suffix in (".yaml", ".yml") and q.is_file())
            if not found:  # a mistyped directory must not pass as "no rule failed"
                raise ConfigError(f"{p}: 目录中没有规则文件（*.yaml、*.yml）")
            out.extend(found)
        elif p.is_file():
            out.append(p)
        else:
            raise ConfigError(f"{p}: 规则文件或目录不存在")
    return out


def default_rule_files() -> list[Path]:
    return expand_rule_paths([default_rules_dir()])


class _Reference(NamedTuple):
    """A value of a rule that names something the rule set defines: a section kind, a claims topic or instrument."""

    place: Place
    value: str
    names: str  # section | topic | instrument


_DEFINED = {"section": "部分类型", "topic": "主张事项", "instrument": "制度"}


class _File(NamedTuple):
    place: Place  # the file, at its root
    schema: list[SchemaProblem]  # what the JSON Schema found in it

    def problems_under(self, path: YamlPath) -> list[SchemaProblem]:
        return [p for p in self.schema if p.path[:len(path)] == path]

    def readable(self, path: YamlPath) -> bool:
        """Can the value at ``path`` be compiled? Nothing in it is of a shape compiling cannot take."""
        return _compilable(self.problems_under(path))


# Violations that leave a value's shape as compiling expects it (an unknown key nothing reads, a number
# out of range, a string too long …): the value is compiled anyway, so its bad patterns are found in the
# same run. A wrong type, a missing key or a list of the wrong length is not compiled.
_SHAPE_KEPT = frozenset({"additionalProperties", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                         "minLength", "maxLength", "pattern", "enum", "const", "uniqueItems", "propertyNames"})


def _compilable(problems: Iterable[SchemaProblem]) -> bool:
    return all(p.keyword in _SHAPE_KEPT for p in problems)


class _Builder:
    """Compiles the files of a rule set in order, collecting every problem rather than stopping at the first."""

    def __init__(self) -> None:
        self.kinds: dict[str, dict[str, Any]] = {}  # kind -> {name, patterns}
        self.rules: list[Rule] = []
        self.ids: dict[str, str] = {}  # rule id -> the file that defines it
        self.references: list[_Reference] = []
        self.vocabularies: list[tuple[ParamReader, Mapping[str, Any]]] = []
        self.vocabulary = VocabularyBuilder()
        self.budget = CompileBudget()  # what all the rule set's patterns may cost to compile together
        self.problems: list[ConfigProblem] = []  # found while compiling, in every file
        self.incomplete = False  # a part that defines kinds or claims could not be read: names are not checked

    def reader(self, raw: Mapping[str, Any], place: Place, declared: Params | None = None) -> ParamReader:
        return ParamReader(raw, place, declared or {}, self.budget, self.problems)

    def add_file(self, file: _File, data: Any) -> None:
        if not isinstance(data, dict):
            return
        if "claims" in data:
            if isinstance(data["claims"], dict) and file.readable(("claims",)):
                self.vocabularies.append((self.reader(data["claims"], file.place.at("claims")), data["claims"]))
            else:
                self.incomplete = True
        sections = data.get("sections", [])
        for i, kind in enumerate(sections if isinstance(sections, list) else ()):
            if isinstance(kind, dict) and file.readable(("sections", i)):
                self._add_kind(file.place.at("sections", i), kind)
            else:
                self.incomplete = True
        if isinstance(data.get("vocabulary"), dict) and file.readable(("vocabulary",)):
            self.vocabulary.add(data["vocabulary"], self.reader(data["vocabulary"], file.place.at("vocabulary")).pattern)
        rules = data.get("rules", [])
        for i, raw in enumerate(rules if isinstance(rules, list) else ()):
            if isinstance(raw, dict):
                self._add_rule(file, ("rules", i), raw)

    def _add_kind(self, place: Place, raw: Mapping[str, Any]) -> None:
        patterns = self.reader(raw, place).patterns("headings")
        entry = self.kinds.setdefault(raw["kind"], {"name": raw.get("name", raw["kind"]), "patterns": []})
        entry["name"] = raw.get("name", entry["name"])
        entry["patterns"].extend(patterns)

    def _add_rule(self, file: _File, path: YamlPath, raw: Mapping[str, Any]) -> None:
        place = file.place.at(*path)
        before = len(self.problems)
        rule_id = raw.get("id")
        if isinstance(rule_id, str) and file.readable((*path, "id")):
            if rule_id in self.ids:
                self.problems.append(ConfigProblem(place.at("id"), f"规则 {rule_id} 已在 {self.ids[rule_id]} 中定义"))
            else:
                self.ids[rule_id] = place.name
        scope = raw.get("scope", RULE_DEFAULTS["scope"])
        if isinstance(scope, list) and file.readable((*path, "scope")):
            self.references += [_Reference(place.at("scope", i), kind, "section") for i, kind in enumerate(scope)
                                if isinstance(kind, str)]
        params = self._prepare(file, path, raw)
        if file.problems_under(path) or len(self.problems) > before or params is _UNREAD:
            return  # the run fails with every problem listed; this rule is not needed
        self.rules.append(Rule(
            id=raw["id"], title=raw["title"], check=raw["check"], params=params,
            severity=raw.get("severity", RULE_DEFAULTS["severity"]),
            weight=float(raw.get("weight", RULE_DEFAULTS["weight"])),
            scope=None if scope == "whole" else frozenset(scope),
            basis=raw["basis"], why=raw.get("why", RULE_DEFAULTS["why"]), message=raw.get("message", raw["title"]),
            hint=raw["hint"], levels=dict(raw.get("levels", {})), examples=_examples(raw.get("examples", {})),
            enabled=raw.get("enabled", RULE_DEFAULTS["enabled"]), source=place.name,
        ))

    def _prepare(self, file: _File, path: YamlPath, raw: Mapping[str, Any]) -> Any:
        """The rule's compiled parameters, or _UNREAD when they cannot be read (the schema said why)."""
        name = raw.get("check")
        check = CHECK_TYPES.get(name) if isinstance(name, str) else None
        params = raw.get("params", {})
        if check is None or not isinstance(params, dict) or not file.readable((*path, "params")):
            return _UNREAD
        if any(key not in params for key, p in check.params.items() if p.required):
            return _UNREAD
        place = file.place.at(*path, "params")
        self.references += _references(check.params, params, place)
        # a check type reports a value it cannot use (ParamReader.report) and goes on, so all are found
        return check.prepare(self.reader(params, place, check.params))

    def build(self, files: list[str]) -> RuleSet:
        classifier = Classifier(tuple(
            SectionKind(kind, entry["name"], tuple(entry["patterns"])) for kind, entry in self.kinds.items()
        ))
        claim_vocabulary = merge_vocabulary(self.vocabularies)
        if not self.incomplete:
            defined = {"section": sorted(classifier.known_kinds()),
                       "topic": [t.id for t in claim_vocabulary.topics],
                       "instrument": [i.id for i in claim_vocabulary.instruments]}
            for ref in self.references:
                if ref.value not in defined[ref.names]:
                    self.problems.append(ConfigProblem(ref.place, _unknown(ref, defined[ref.names])))
        return RuleSet(tuple(self.rules), classifier, tuple(files), self.vocabulary.build(), claim_vocabulary)


_UNREAD: Any = object()  # parameters not compiled: the schema found them wrong


def _references(declared: Params, raw: Mapping[str, Any], place: Place) -> list[_Reference]:
    """The values of ``raw`` that name a section kind, claims topic or instrument, by their declaration."""
    out: list[_Reference] = []
    for key, param in declared.items():
        value, where = raw.get(key), place.at(key)
        if param.names is not None and isinstance(value, str):
            out.append(_Reference(where, value, param.names))
        elif param.names is not None and isinstance(value, list):
            out += [_Reference(where.at(i), v, param.names) for i, v in enumerate(value) if isinstance(v, str)]
        if param.fields is not None and isinstance(value, list):
            out += [r for i, record in enumerate(value) if isinstance(record, dict)
                    for r in _references(param.fields, record, where.at(i))]
    return out


def _unknown(ref: _Reference, defined: Sequence[str]) -> str:
    from validator.errors import close_matches

    what = _DEFINED[ref.names]
    close = close_matches(ref.value, list(defined))
    hint = f"是否要找：{close[0]}；" if close else ""
    where = "claims 中" if ref.names != "section" else ""
    return f"未知的{what} {ref.value!r}（{hint}{where}已定义：{'、'.join(defined) or '无'}）"


def _examples(raw: Mapping[str, Any]) -> dict[str, tuple[Example, ...]]:
    """A rule's examples: texts, or (for a failing one) a text and what --fix makes of it."""
    return {kind: tuple(Example(e) if isinstance(e, str) else Example(e["text"], e.get("fixed")) for e in items)
            for kind, items in raw.items()}


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


def prepare_params(check: str, raw: Mapping[str, Any], name: str) -> Any:
    """A check type's parameters from ``raw``, checked against its schema and compiled as in a rule file
    (the section kinds and claims topics they name are not checked); ``name`` stands for the file in errors."""
    schema = load_schema()
    declared = {"$defs": schema["$defs"], **schema["$defs"]["params"]["$defs"][check]}
    place = Place(name)
    found = schema_problems(raw, declared)
    problems = [ConfigProblem(place.at(*p.path), p.message) for p in found]
    params = _UNREAD
    if _compilable(found):
        params = CHECK_TYPES[check].prepare(ParamReader(raw, place, CHECK_TYPES[check].params, problems=problems))
    if problems:
        raise ConfigError(*capped(shown(problems)))
    return params


def build_ruleset(files: list[Path]) -> RuleSet:
    """Parse, validate and compile rule files, in order, into one rule set.

    Every problem of every file is collected; if there is any, one ConfigError lists them all, file by
    file: what the schema finds, then what compiling finds, each in the order of the file.
    """
    schema = load_schema()
    builder = _Builder()
    unreadable: dict[str, list[str]] = {}
    checked: list[_File] = []
    try:
        for path in files:
            name = str(path)
            try:
                data, lines = read_yaml_file(path)
            except ConfigError as exc:
                unreadable[name] = exc.lines()
                builder.incomplete = True
                continue
            file = _File(Place(name, lines), schema_problems(data, schema))
            checked.append(file)
            builder.add_file(file, data)
        ruleset = builder.build([str(f) for f in files])
    except BudgetSpent as spent:  # nothing more is compiled; what was found so far is shown with it
        builder.problems.append(spent.problem)
        ruleset = None
    schema_found = {f.place.name: [ConfigProblem(f.place.at(*p.path), p.message) for p in f.schema] for f in checked}
    report: list[str] = []
    for path in files:
        name = str(path)
        report += unreadable.get(name, [])
        report += shown(schema_found.get(name, []))
        report += shown([p for p in builder.problems if p.place.name == name])
    if report or ruleset is None:
        raise ConfigError(*capped(report))
    return ruleset


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
