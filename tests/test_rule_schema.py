"""One declaration per check type: the rule schema's per-type parts are what the declarations make."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import ROOT
from validator.checks import CHECK_TYPES
from validator.checks import params as par
from validator.checks.params import Deferred, Param, Params
from validator.rule_schema import dumped, generated
from validator.ruleset import SCHEMA_PATH, load_ruleset, load_schema, prepare_params, read_yaml_file


def test_the_schema_file_is_what_the_declarations_make() -> None:
    text = SCHEMA_PATH.read_text(encoding="utf-8")
    assert dumped(generated(json.loads(text))) == text


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(load_schema())


def test_the_generator_checks_the_file() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_rules_schema.py"), "--check"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_a_changed_declaration_changes_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    section = CHECK_TYPES["section"]
    monkeypatch.setattr(section, "params", {**section.params, "min_headings": par.integer("示例", 1, minimum=1)})
    schema = generated(load_schema())
    declared = schema["$defs"]["params"]["$defs"]["section"]["properties"]["min_headings"]
    assert declared == {"type": "integer", "minimum": 1, "description": "示例", "default": 1}
    assert generated(load_schema()) != load_schema()


def test_each_type_chooses_its_params_and_requires_them_only_when_a_parameter_has_no_default() -> None:
    blocks = {b["if"]["properties"]["check"]["const"]: b for b in load_schema()["$defs"]["rule"]["allOf"]}
    assert list(blocks) == list(CHECK_TYPES)
    assert blocks["phrase"] == {
        "if": {"required": ["check"], "properties": {"check": {"const": "phrase"}}},
        "then": {"required": ["params"], "properties": {"params": {"$ref": "#/$defs/params/$defs/phrase"}}},
    }
    assert "required" not in blocks["punctuation-width"]["then"]


def _params(fields: Params, where: str) -> list[tuple[str, Param]]:
    out = [(f"{where}.{k}", p) for k, p in fields.items()]
    for key, p in fields.items():
        if p.fields is not None:
            out += _params(p.fields, f"{where}.{key}[]")
    return out


DECLARED = [pytest.param(name, param, id=name) for check in CHECK_TYPES.values()
            for name, param in _params(check.params, check.name)]


@pytest.mark.parametrize(("name", "param"), DECLARED)
def test_every_parameter_is_described_in_chinese_and_its_default_is_valid(name: str, param: Param) -> None:
    assert any("\u4e00" <= c <= "\u9fff" for c in param.description), name
    if param.required or param.default is None:
        return
    default = param.default.get() if isinstance(param.default, Deferred) else param.default
    schema = {"$defs": load_schema()["$defs"], **par.value_schema(param)}
    jsonschema.validate(json.loads(json.dumps(default)), schema)


def test_every_check_type_is_used_by_a_shipped_rule() -> None:
    assert {r.check for r in load_ruleset().rules} == set(CHECK_TYPES)


def _raw_params(check: str) -> dict[str, Any]:
    """The params of the first shipped rule of this type, as written."""
    rule = next(r for r in load_ruleset().rules if r.check == check)
    data, _ = read_yaml_file(Path(rule.source))
    return dict(next(r for r in data["rules"] if r["id"] == rule.id).get("params", {}))


@pytest.mark.parametrize("check", list(CHECK_TYPES))
def test_prepare_reads_the_declared_defaults(check: str) -> None:
    """With only the required parameters given, every other value is its declared default."""
    declared = CHECK_TYPES[check].params
    raw = {k: v for k, v in _raw_params(check).items() if declared[k].required}
    # the same parameters with every default written out, as a rule file would write it
    written = {k: json.loads(json.dumps(p.default_value())) for k, p in declared.items()
               if not p.required and p.default is not None}
    assert repr(prepare_params(check, raw, "defaults")) == repr(prepare_params(check, {**raw, **written}, "written"))


def test_an_undeclared_parameter_is_a_programming_error() -> None:
    from validator.checks.base import ParamReader

    with pytest.raises(KeyError):
        ParamReader({}, "t", CHECK_TYPES["section"].params).get("mention")
