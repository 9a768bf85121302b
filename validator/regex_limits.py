"""Regular expressions from rule files that would cost too much to compile are refused when loaded.

How long a pattern takes to *match* depends on the text and is bounded at run time
(``validator.timeouts``). What it costs to *compile* depends on the pattern alone, so that is
checked when the rule file is loaded, reliably: the ``regex`` module unrolls a counted repetition
into copies of what it repeats (``a{100000}`` compiles to 40 MB; ``a{99999999}`` never finishes;
``(?:a{1000}){1000}`` takes 270 MB), and its parser recurses once per nested group (a few hundred
nested parentheses raise RecursionError). ``problem`` measures both on the pattern's text.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from validator.lazyre import lazy_regex

# The size a pattern may unroll to: each atom counts 1, times the lower bound of the repetition it
# stands in, through every enclosing group. The largest shipped pattern unrolls to under 300.
MAX_PATTERN_SIZE = 50_000
# Groups nested deeper than this: no rule needs more than a handful.
MAX_PATTERN_NESTING = 50
# What all the patterns of a rule set (the shipped rules and every --rules file, loaded together) may
# unroll to between them: four patterns at the per-pattern limit. Each pattern under its own limit is
# cheap, but a hundred of them cost gigabytes and half a minute to compile; the shipped rules use
# about 1,600.
MAX_RULESET_PATTERN_SIZE = 200_000

_QUANTIFIER = regex.compile(r"\{(\d*)(?:,(\d*))?\}")
_BRACED_ESCAPES = frozenset("pPNx")


def problem(pattern: str) -> str | None:
    """Why compiling ``pattern`` would be too costly (in Chinese, for the error message), or None."""
    if _verbose(pattern):
        return "使用了详细模式 (?x)：其中的空白和 # 注释使展开后的规模无法核算（如 a{9 9 9}），规则文件中不支持"
    nesting = _nesting(pattern)
    if nesting is not None:
        return nesting
    if unrolled_size(pattern) > MAX_PATTERN_SIZE:
        return f"展开后过大（重复次数过多，超过 {MAX_PATTERN_SIZE}），编译它会耗尽时间和内存"
    return None


class CompileBudget:
    """The unrolled size left to the patterns of one rule set (MAX_RULESET_PATTERN_SIZE)."""

    def __init__(self, limit: int = MAX_RULESET_PATTERN_SIZE) -> None:
        self.limit = limit
        self.used = 0

    def take(self, pattern: str) -> str | None:
        """Count ``pattern`` against the budget (it passed ``problem``); why not, once it is spent."""
        self.used += unrolled_size(pattern)
        if self.used > self.limit:
            return (f"使规则集中全部正则表达式展开后的规模合计超过 {self.limit}（至此 {self.used}），"
                    f"编译它们会耗尽时间和内存；请减少重复次数大的表达式")
        return None


def _syntax(pattern: str) -> Iterator[tuple[int, str]]:
    """(offset, character) of the pattern's own syntax: what is not escaped, not inside a character class
    and not inside a "(?#…)" comment."""
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
        elif char == "[":
            i = _atom_end(pattern, i)
        elif pattern.startswith("(?#", i):
            end = pattern.find(")", i)
            i = len(pattern) if end == -1 else end + 1
        else:
            yield i, char
            i += 1


def _verbose(pattern: str) -> bool:
    """Does the pattern turn on verbose mode ("(?x)", "(?ix:…)")? There whitespace and "#" comments are
    not pattern: "a{9 9 9}" repeats 999 times and a comment can hide a ")" from unrolled_size."""
    for i, char in _syntax(pattern):
        if char == "(" and pattern.startswith("(?", i):
            flags = _FLAGS.match(pattern, i + 2)
            if flags is not None and "x" in flags[1]:
                return True
    return False


# the flags of an inline flag group: "(?ix)", "(?i-x:", "(?V1x)" (a "-" turns the rest off)
_FLAGS = lazy_regex(r"([a-zA-Z0-9]*)(?:-[a-zA-Z]*)?[:)]")


def _nesting(pattern: str) -> str | None:
    depth = deepest = 0
    for _, char in _syntax(pattern):
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")" and depth:
            depth -= 1
    return f"分组嵌套超过 {MAX_PATTERN_NESTING} 层" if deepest + 1 > MAX_PATTERN_NESTING else None


def unrolled_size(pattern: str) -> int:
    """What ``pattern`` unrolls to when compiled (see MAX_PATTERN_SIZE); counting stops a little past
    the limit, so a pattern that asks for a billion copies costs no more to measure than one past it."""
    levels: list[int] = [0]  # the unrolled size of each open group's content so far
    last: list[int] = [0]  # the size of the last atom at each level (what a quantifier repeats)
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "(":
            levels.append(0)
            last.append(0)
            i = _skip_comment(pattern, i)
            continue
        if char == ")" and len(levels) > 1:
            size = max(1, levels.pop())
            last.pop()
            _add(levels, last, size)
        elif char in "{":
            m = _QUANTIFIER.match(pattern, i)
            if m is not None and (m[1] or m[2]):
                i = m.end()
                repeat = int(m[1]) if m[1] else 0
                if repeat > 1:
                    levels[-1] += last[-1] * (repeat - 1)
                    last[-1] *= repeat
                if levels[-1] > MAX_PATTERN_SIZE:
                    break
                continue
            _add(levels, last, 1)
        elif char in "*+?|":
            pass  # a lower bound of 0 or 1 unrolls nothing; "|" separates what is added up anyway
        else:
            i = _atom_end(pattern, i)
            _add(levels, last, 1)
            if levels[-1] > MAX_PATTERN_SIZE:
                break
            continue
        if levels[-1] > MAX_PATTERN_SIZE:
            break
        i += 1
    return sum(levels)


def _add(levels: list[int], last: list[int], size: int) -> None:
    levels[-1] += size
    last[-1] = size


def _skip_comment(pattern: str, i: int) -> int:
    """Past "(" — or past a whole "(?#…)" comment, which holds no pattern."""
    if pattern.startswith("(?#", i):
        end = pattern.find(")", i)
        return len(pattern) if end == -1 else end  # its ")" closes the level just opened
    return i + 1


def _atom_end(pattern: str, i: int) -> int:
    """The offset after the single-character atom, escape or character class starting at ``i``."""
    char = pattern[i]
    if char == "\\":
        if i + 2 < len(pattern) and pattern[i + 1] in _BRACED_ESCAPES and pattern[i + 2] == "{":
            end = pattern.find("}", i + 2)
            return len(pattern) if end == -1 else end + 1
        return i + 2
    if char == "[":
        j = i + 1
        if j < len(pattern) and pattern[j] == "^":
            j += 1
        if j < len(pattern) and pattern[j] == "]":
            j += 1  # a "]" first in a class is a literal
        while j < len(pattern) and pattern[j] != "]":
            j += 2 if pattern[j] == "\\" else 1
        return j + 1
    return i + 1
