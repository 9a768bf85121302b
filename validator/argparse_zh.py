"""argparse in Chinese: usage, help section titles, -h/--version help and the parse errors.

argparse words its messages through gettext, so they are Chinese only where the installed Python
ships a Chinese catalogue and the locale selects it — almost never, and never the same way twice.
Nothing here touches gettext or argparse's module state. What argparse builds from public parts
(the usage prefix, group titles, the help of -h and --version) is set through its public API; its
error messages, which it formats in English before calling ``error()``, are translated there by
matching the English message forms (argparse's message ids, stable across Python 3.10–3.13). A form
this table does not know is shown as argparse wrote it: still a clear error, never a crash.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import regex

from validator.errors import close_matches
from validator.escape import visible
from validator.wrap import width as text_width
from validator.wrap import wrap

USAGE_PREFIX = "用法："
POSITIONALS_TITLE = "位置参数"
OPTIONALS_TITLE = "选项"
HELP_HELP = "显示本帮助信息并退出"
VERSION_HELP = "显示版本号并退出"
COMMAND_METAVAR = "命令"
# argparse's own group titles (3.10+ "options", before "optional arguments"); renamed when the help is
# drawn, not on the parser: parents' groups are merged into a subcommand's by their title
SECTION_TITLES = {"positional arguments": POSITIONALS_TITLE, "options": OPTIONALS_TITLE,
                  "optional arguments": OPTIONALS_TITLE}


def _quoted(text: str) -> str:
    """'x' or x (argparse quotes differently across versions) as “x”."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    return f"“{text}”"


def _choices(text: str) -> list[str]:
    """"'a', 'b'" or "a, b" as [a, b]."""
    return [c.strip().strip("'\"") for c in text.split(",") if c.strip()]


def _invalid_choice(m: regex.Match[str]) -> str:
    choices = _choices(m["choices"])
    value = _quoted(m["value"])[1:-1]
    close = close_matches(value, choices, n=1)
    hint = f"；是否要找：{close[0]}" if close else ""
    return f"无效的值“{value}”（可选：{'、'.join(choices)}{hint}）"


# (English message form, its Chinese): the forms argparse itself raises, in the order they are tried.
_Translate = Callable[[regex.Match[str]], str]
MESSAGES: tuple[tuple[regex.Pattern[str], _Translate], ...] = tuple(
    (regex.compile(pattern, regex.DOTALL), translate) for pattern, translate in (
        (r"the following arguments are required: (?P<args>.+)",
         lambda m: f"缺少必需的参数：{m['args'].strip()}"),
        (r"unrecognized arguments: (?P<args>.*)",
         lambda m: f"无法识别的参数：{m['args'].strip()}"),
        (r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.*)\)", _invalid_choice),
        (r"invalid (?P<type>\S+) value: (?P<value>.+)",
         lambda m: f"无效的值{_quoted(m['value'])}"),
        (r"expected one argument", lambda m: "需要一个值"),
        (r"expected at most one argument", lambda m: "最多只能有一个值"),
        (r"expected at least one argument", lambda m: "至少需要一个值"),
        (r"expected (?P<n>\d+) arguments?", lambda m: f"需要 {m['n']} 个值"),
        (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)",
         lambda m: f"选项 {m['option']} 有歧义，可能是：{'、'.join(_choices(m['matches']))}"),
        (r"not allowed with argument (?P<other>.+)", lambda m: f"不能与参数 {m['other']} 同时使用"),
        (r"one of the arguments (?P<args>.+) is required", lambda m: f"必须给出以下参数之一：{m['args']}"),
        (r"ignored explicit argument (?P<value>.+)", lambda m: f"选项不接受值：{_quoted(m['value'])}"),
    )
)
_ARGUMENT = regex.compile(r"argument (?P<name>.+?): (?P<message>.+)", regex.DOTALL)


def translate(message: str, commands: Sequence[str] = ()) -> str:
    """argparse's English error message in Chinese ("argument --fail-on: invalid choice: …" →
    "参数 --fail-on：无效的值“x”（可选：…）"); a message in no known form is returned as it is.
    ``commands``: the subcommands, named when the command is missing or unknown."""
    m = _ARGUMENT.fullmatch(message)
    if m is not None:
        name = m["name"]
        inner = translate(m["message"])
        if name == COMMAND_METAVAR and inner.startswith("无效的值"):
            return "未知的" + COMMAND_METAVAR + inner[len("无效的值"):]
        return f"参数 {name}：{inner}"
    if commands and message.strip().endswith(f"required: {COMMAND_METAVAR}"):
        return f"缺少{COMMAND_METAVAR}（{'、'.join(commands)}）；fazhi-lint -h 查看用法"
    for pattern, chinese in MESSAGES:
        found = pattern.fullmatch(message)
        if found is not None:
            return chinese(found)
    return message


_SPACES = regex.compile(r"\s+")
# the parts of a usage line argparse keeps together: "[--rules 路径]", "(a | b)", "路径"
_USAGE_PART = regex.compile(r"\(.*?\)+(?=\s|$)|\[.*?\]+(?=\s|$)|\S+")


class HelpFormatter(argparse.HelpFormatter):
    """Help in Chinese: "用法：", section titles with a full-width colon, help text broken by display width
    between Chinese characters (textwrap breaks only at spaces and counts a Chinese character as one
    column), and the help column aligned after option names with Chinese metavars."""

    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, USAGE_PREFIX if prefix is None else prefix)

    def _format_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None) -> str:
        """argparse's usage, its lines broken again by display width and continued under the first
        argument (argparse counts characters: Chinese metavars made lines too wide and misaligned)."""
        text = super()._format_usage(usage, actions, groups, prefix)
        lines = text.rstrip("\n").split("\n")
        start = f"{USAGE_PREFIX if prefix is None else prefix}{self._prog}"
        if not lines[0].startswith(start):
            return text
        body = " ".join(line.strip() for line in [lines[0][len(start):], *lines[1:]])
        indent = " " * text_width(start + " ")
        out, line = [], start
        for part in _USAGE_PART.findall(body):
            if line.strip() and line != start and text_width(f"{line} {part}") > self._width:
                out.append(line)
                line = indent + part
            else:
                line = f"{line} {part}"
        out.append(line)
        return "\n".join(out) + "\n\n"

    def start_section(self, heading: str | None) -> None:
        super().start_section(SECTION_TITLES.get(heading or "", heading))

    def format_help(self) -> str:
        text = super().format_help()
        for title in set(SECTION_TITLES.values()):
            text = text.replace(f"{title}:\n", f"{title}：\n")
        return text

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(_SPACES.sub(" ", text).strip(), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines = wrap(_SPACES.sub(" ", text).strip(), max(1, width - len(indent)))
        return "\n".join(indent + line for line in lines)

    def _format_action(self, action: argparse.Action) -> str:
        text = super()._format_action(action)
        invocation = self._format_action_invocation(action)
        extra = text_width(invocation) - len(invocation)  # argparse padded by characters, not columns
        head, newline, tail = text.partition("\n")
        lead = head[: len(head) - len(head.lstrip())]
        after = head[len(lead):]
        if extra <= 0 or not after.startswith(invocation) or not after[len(invocation):].strip():
            return text
        gap = len(after) - len(invocation) - len(after[len(invocation):].lstrip())
        help_first = after[len(invocation) + gap:]
        if gap - extra >= 2:
            return f"{lead}{invocation}{' ' * (gap - extra)}{help_first}{newline}{tail}"
        column = len(lead) + len(invocation) + gap  # where argparse starts the help (it counts characters)
        return f"{lead}{invocation}\n{' ' * column}{help_first}{newline}{tail}"


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Chinese: usage, help, and every parse error, on one line after the
    usage (its arguments made visible like every other line on stderr), exit code 2."""

    commands: tuple[str, ...] = ()  # the subcommands, named in errors about a missing or unknown one

    def __init__(self, prog: str | None = None, *, add_help: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(prog, add_help=False, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP_HELP)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        # made visible first: what argparse quotes came from the command line (a newline, "::error::")
        self.exit(2, f"{self.prog}: 错误：{translate(visible(message), self.commands)}\n")


def add_version(parser: argparse.ArgumentParser, version: str) -> None:
    parser.add_argument("--version", action="version", version=version, help=VERSION_HELP)
