"""The parts of the rule-file schema that come from the check types' declarations.

``validator/schemas/rules.schema.json`` is written by hand except for what each check type declares
(validator.checks.params): the ``check`` enum, one ``if/then`` block per type choosing its parameters,
``$defs/params/$defs/<type>``, and the defaults of a rule's optional keys (``RULE_DEFAULTS``). ``generated``
puts those parts into the hand-written rest; ``tools/gen_rules_schema.py`` writes the result, and a
test proves the shipped file is exactly what the declarations make. Nothing here runs when rules load.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

from validator.checks import CHECK_TYPES
from validator.checks.params import needs_params, object_schema
from validator.ruleset import RULE_DEFAULTS


def _choice(name: str, required: bool) -> dict[str, Any]:
    then: dict[str, Any] = {"properties": {"params": {"$ref": f"#/$defs/params/$defs/{name}"}}}
    if required:
        then = {"required": ["params"], **then}
    return {"if": {"required": ["check"], "properties": {"check": {"const": name}}}, "then": then}


def generated(schema: Mapping[str, Any]) -> dict[str, Any]:
    """``schema`` with its generated parts made from the registry (the rest as it is)."""
    out = copy.deepcopy(dict(schema))
    rule = out["$defs"]["rule"]
    rule["properties"]["check"] = {"description": "检查类型（validator/checks/__init__.py 中登记的名称）",
                                   "enum": list(CHECK_TYPES)}
    for key, default in RULE_DEFAULTS.items():
        rule["properties"][key]["default"] = default
    rule["allOf"] = [_choice(name, needs_params(check.params)) for name, check in CHECK_TYPES.items()]
    # in a $defs of their own: a type named like a keyword ("pattern") would make $defs/params an invalid schema
    out["$defs"]["params"] = {
        "$comment": "each check type's params, generated from its declaration in validator/checks/",
        "$defs": {name: object_schema(check.params) for name, check in CHECK_TYPES.items()},
    }
    return out


WIDTH = 120  # a value that fits on one line within this width is written on one line


def dumped(schema: Mapping[str, Any]) -> str:
    """The schema file's text as a person would write it: short values on one line, two-space indents,
    Chinese as written, a final newline."""
    return _dump(schema, 0) + "\n"


def _dump(value: Any, indent: int, lead: int = 0) -> str:
    """``value`` at ``indent``, after ``lead`` characters already on its line (its key)."""
    flat = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    if indent + lead + len(flat) <= WIDTH or not isinstance(value, (dict, list)) or not value:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        items = []
        for k, v in value.items():
            key = json.dumps(k, ensure_ascii=False) + ": "
            items.append(pad + key + _dump(v, indent + 2, len(key)))
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    return "[\n" + ",\n".join(pad + _dump(v, indent + 2) for v in value) + "\n" + " " * indent + "]"
