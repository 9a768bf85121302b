"""A check type's parameters, declared once beside its code: JSON Schema, default, description (Chinese).

Each check type maps its parameter names to ``Param`` declarations. From them come

- the per-type parts of ``validator/schemas/rules.schema.json`` (the ``check`` enum, an ``if/then`` block
  per type, ``$defs/params/$defs/<type>``), written by ``tools/gen_rules_schema.py`` and compared with the
  declarations by a test;
- what ``ParamReader`` gives a check type's prepare function: the value written, or the default;
- which values name something the rule set defines elsewhere — a section kind, a claims topic or
  instrument — so the loader reports a misspelt name at its line, with a suggestion.

A parameter without a default is required; a default of ``None`` means "absent", and the prepare
function says what that stands for (a message made from the item's name, a size not checked …).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

PATTERN_REF = "#/$defs/pattern"
PATTERNS_REF = "#/$defs/patterns"
KIND_REF = "#/$defs/kind"


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()  # the default of a parameter the rule must give


class Deferred(NamedTuple):
    """A default kept where it is measured (a module too large to import for every rule file), read on use."""

    get: Callable[[], Any]


class Param(NamedTuple):
    schema: Mapping[str, Any]  # the JSON Schema of the value, without description and default
    description: str  # in Chinese, for the schema and the README
    default: Any = REQUIRED
    fields: Mapping[str, Param] | None = None  # a list of records: the declaration of each record's keys
    each: Mapping[str, Any] | None = None  # more constraints on each record (if/then, oneOf)
    names: str | None = None  # the value names a "section" kind, a claims "topic" or "instrument"

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    def default_value(self) -> Any:
        default = self.default.get() if isinstance(self.default, Deferred) else self.default
        return self.convert(default)

    def convert(self, value: Any) -> Any:
        """A value as the prepare functions use it: numbers as float, integers as int, flags as bool."""
        kind = self.schema.get("type")
        if value is None or value is REQUIRED:
            return value
        if kind == "number":
            return float(value)
        if kind == "integer":
            return int(value)
        if kind == "boolean":
            return bool(value)
        return value


Params = Mapping[str, Param]
NO_PARAMS: Params = {}


# --------------------------------------------------------------------------- declaring


def _limits(**limits: Any) -> dict[str, Any]:
    names = {"minimum": "minimum", "maximum": "maximum", "exclusive_minimum": "exclusiveMinimum",
             "min_length": "minLength", "max_length": "maxLength", "min_items": "minItems",
             "max_items": "maxItems", "unique": "uniqueItems", "pattern": "pattern"}
    return {names[k]: v for k, v in limits.items() if v is not None and v is not False}


def number(description: str, default: Any = REQUIRED, **limits: Any) -> Param:
    return Param({"type": "number", **_limits(**limits)}, description, default)


def integer(description: str, default: Any = REQUIRED, **limits: Any) -> Param:
    return Param({"type": "integer", **_limits(**limits)}, description, default)


def flag(description: str, default: bool | None) -> Param:
    return Param({"type": "boolean"}, description, default)


def text(description: str, default: Any = REQUIRED, **limits: Any) -> Param:
    return Param({"type": "string", **_limits(**limits)}, description, default)


def choice(description: str, values: Sequence[str], default: Any = REQUIRED) -> Param:
    return Param({"enum": list(values)}, description, default)


def identifier(description: str, default: Any = REQUIRED, names: str | None = None) -> Param:
    """A lower-case name (a-z, digits, hyphens): a section kind, a claims topic, a problem code."""
    return Param({"$ref": KIND_REF}, description, default, names=names)


def section_kind(description: str, default: Any = REQUIRED) -> Param:
    return identifier(description, default, names="section")


def section_kinds(description: str, default: Any = REQUIRED) -> Param:
    schema = {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"$ref": KIND_REF}}
    return Param(schema, description, default, names="section")


def pattern(description: str, default: Any = REQUIRED) -> Param:
    return Param({"$ref": PATTERN_REF}, description, default)


def patterns(description: str, default: Any = (), min_items: int = 0) -> Param:
    """A list of regular expressions; with ``min_items`` the list is required unless a default is given."""
    if min_items:
        return Param({"type": "array", "minItems": min_items, "items": {"$ref": PATTERN_REF}}, description, default)
    return Param({"$ref": PATTERNS_REF}, description, default)


def texts(description: str, default: Any = (), min_items: int = 0, **item_limits: Any) -> Param:
    schema: dict[str, Any] = {"type": "array", **_limits(min_items=min_items or None),
                              "items": {"type": "string", **_limits(**item_limits)}}
    return Param(schema, description, default)


def choices(description: str, values: Sequence[str], default: Any = REQUIRED, min_items: int = 1) -> Param:
    return Param({"type": "array", "minItems": min_items, "items": {"enum": list(values)}}, description, default)


def records(description: str, fields: Params, default: Any = REQUIRED, min_items: int = 1,
            each: Mapping[str, Any] | None = None) -> Param:
    """A list of records (checklist items, pattern items, terms …), each declared by ``fields``."""
    return Param({"type": "array", **_limits(min_items=min_items or None)}, description, default, fields, each)


# --------------------------------------------------------------------------- the schema


def _json_value(value: Any) -> Any:
    if isinstance(value, (tuple, list, frozenset, set)):
        return [_json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def value_schema(param: Param) -> dict[str, Any]:
    """The JSON Schema of one parameter, with its description and default as annotations."""
    schema = dict(param.schema)
    if param.fields is not None:
        schema["items"] = object_schema(param.fields, param.each)
    schema["description"] = param.description
    if not param.required:
        default = param.default.get() if isinstance(param.default, Deferred) else param.default
        if default is not None:
            schema["default"] = _json_value(default)
    return schema


def object_schema(fields: Params, each: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The JSON Schema of a mapping of declared keys (a rule's params, or one record of a list)."""
    schema: dict[str, Any] = {"type": "object", "additionalProperties": False}
    required = [k for k, p in fields.items() if p.required]
    if required:
        schema["required"] = required
    schema["properties"] = {k: value_schema(p) for k, p in fields.items()}
    if each:
        schema.update(each)
    return schema


def needs_params(fields: Params) -> bool:
    """A rule of this type must give ``params``: some parameter has no default."""
    return any(p.required for p in fields.values())


__all__ = ["NO_PARAMS", "REQUIRED", "Deferred", "Param", "Params", "choice", "choices", "flag", "identifier",
           "integer", "needs_params", "number", "object_schema", "pattern", "patterns", "records", "section_kind",
           "section_kinds", "text", "texts", "value_schema"]
