"""JSON Schema violations in the users' language, built from the failed keyword and its values.

jsonschema's own messages are English and change between versions; ours are written from the
keyword (``type``, ``required``, ``enum`` …), the schema's value for it and the instance, so they
are Chinese, stable, and name what to write instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from validator.errors import close_matches

TYPE_NAMES = {
    "string": "文字", "number": "数", "integer": "整数", "array": "列表", "object": "映射（键: 值）",
    "boolean": "true 或 false", "null": "空值",
}


def shown(value: Any, limit: int = 40) -> str:
    """A value as a user wrote it, cut to ``limit`` characters."""
    if isinstance(value, str):
        text = repr(value)
    elif value is None:
        text = "空值"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, dict):
        text = "映射"
    elif isinstance(value, list):
        text = "列表"
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _types(value: Any) -> str:
    names = [value] if isinstance(value, str) else list(value)
    return "或".join(TYPE_NAMES.get(n, n) for n in names)


def _suggest(word: Any, choices: Iterable[Any]) -> str:
    close = close_matches(str(word), [str(c) for c in choices], n=1)
    return f"是否要找：{close[0]}；" if close else ""


def unknown_keys(instance: Mapping[str, Any], schema: Mapping[str, Any]) -> list[str]:
    allowed = schema.get("properties", {})
    return [str(k) for k in instance if k not in allowed]


def unknown_key_message(key: str, schema: Mapping[str, Any], noun: str = "键") -> str:
    allowed = sorted(schema.get("properties", {}))
    return f"未知的{noun} {key!r}（{_suggest(key, allowed)}可用：{'、'.join(allowed)}）"


def alternatives(error: Any) -> str | None:
    """A value that must have exactly one of some keys (``oneOf`` of ``required`` alone): which to write."""
    branches = error.validator_value if error.validator in ("oneOf", "anyOf") else None
    if not branches or not all(set(b) == {"required"} and len(b["required"]) == 1 for b in branches):
        return None
    keys = [b["required"][0] for b in branches]
    present = [k for k in keys if isinstance(error.instance, dict) and k in error.instance]
    if present and error.validator == "oneOf":
        return f"{'、'.join(present)} 只能写一个"
    return f"需要 {' 或 '.join(keys)}（写一个）"


def message(keyword: str, expected: Any, instance: Any, schema: Mapping[str, Any]) -> str:
    """One violation: ``keyword`` failed with the schema's value ``expected`` on ``instance``."""
    if keyword == "type":
        return f"{shown(instance)} 的类型不对，应为{_types(expected)}"
    if keyword == "required":
        missing = [k for k in expected if isinstance(instance, dict) and k not in instance]
        return f"缺少必填项：{'、'.join(missing)}"
    if keyword == "additionalProperties" and isinstance(instance, dict):
        keys = unknown_keys(instance, schema)
        return unknown_key_message(keys[0], schema) if keys else "有未知的键"
    if keyword == "enum":
        return f"{shown(instance)} 不是可选值（{_suggest(instance, expected)}可选：{'、'.join(map(str, expected))}）"
    if keyword == "const":
        return f"应为 {shown(expected)}，而不是 {shown(instance)}"
    if keyword == "pattern":
        return f"{shown(instance)} 的写法不对（应符合 {expected}）"
    if keyword == "propertyNames":
        return f"键 {shown(instance)} 的写法不对"
    if keyword == "minLength":
        return "不能为空" if expected <= 1 else f"至少 {expected} 个字符"
    if keyword == "maxLength":
        return f"过长（{len(instance)} 个字符，上限 {expected}）"
    if keyword in ("minimum", "exclusiveMinimum"):
        return f"{shown(instance)} 太小（{'不小于' if keyword == 'minimum' else '大于'} {expected}）"
    if keyword in ("maximum", "exclusiveMaximum"):
        return f"{shown(instance)} 太大（{'不大于' if keyword == 'maximum' else '小于'} {expected}）"
    if keyword == "minItems":
        return "不能是空列表" if expected <= 1 else f"至少要有 {expected} 项"
    if keyword == "maxItems":
        return f"最多 {expected} 项"
    if keyword == "uniqueItems":
        return "列表中有重复的项"
    if keyword == "minProperties":
        return "不能是空映射"
    return f"{shown(instance)} 不符合要求（{keyword}）"


def describe(error: Any) -> str:
    """The message for one ``jsonschema.ValidationError``."""
    return alternatives(error) or message(str(error.validator), error.validator_value, error.instance, error.schema)
