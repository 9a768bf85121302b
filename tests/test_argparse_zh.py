"""The command line speaks Chinese: usage, help section titles, every option's help, and argparse's own
error messages — translated in our code (validator.argparse_zh), whatever the installed Python's gettext."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT, CliRun
from validator import cli
from validator.argparse_zh import translate


def last_line(err: str) -> str:
    return err.strip().splitlines()[-1]


@pytest.mark.parametrize(("argv", "message"), [
    (["check", "r.txt", "--fail-on", "bad"],
     "fazhi-lint check: 错误：参数 --fail-on：无效的值“bad”（可选：error、warning、info、never）"),
    (["check", "r.txt", "--fail-on", "warn"],
     "fazhi-lint check: 错误：参数 --fail-on：无效的值“warn”（可选：error、warning、info、never；是否要找：warning）"),
    (["chek", "r.txt"], "fazhi-lint: 错误：未知的命令“chek”（可选：check、summary、rules、serve、explain；是否要找：check）"),
    ([], "fazhi-lint: 错误：缺少命令（check、summary、rules、serve、explain）；fazhi-lint -h 查看用法"),
    (["explain"], "fazhi-lint explain: 错误：缺少必需的参数：规则ID"),
    (["check", "r.txt", "--bogus", "x"], "fazhi-lint: 错误：无法识别的参数：--bogus x"),
    (["check", "r.txt", "--output"], "fazhi-lint check: 错误：参数 --output/-o：需要一个值"),
    (["check", "r.txt", "--fail"], "fazhi-lint check: 错误：选项 --fail 有歧义，可能是：--fail-on、--fail-under"),
    (["check", "r.txt", "--jobs", "0"], "fazhi-lint check: 错误：参数 --jobs/-j：应为正整数，而不是 '0'"),
    (["check", "r.txt", "--fail-under", "101"],
     "fazhi-lint check: 错误：参数 --fail-under：应为 0 到 100 之间的数，而不是 '101'"),
    (["rules", "--format", "xml"], "fazhi-lint rules: 错误：参数 --format/-f：无效的值“xml”（可选：terminal、json）"),
    (["check", "--dump-text=yes", "r.txt"], "fazhi-lint check: 错误：参数 --dump-text：选项不接受值：“yes”"),
])
def test_usage_errors_are_in_chinese_with_exit_code_2(cli_run: CliRun, argv: list[str],
                                                      message: str) -> None:
    code, out, err = cli_run(*argv, exits=True)
    assert code == 2 and out == ""
    assert last_line(err) == message
    assert err.startswith("用法：fazhi-lint")
    assert not re.search(r"usage:|error:|invalid choice|required|unrecognized|expected|ambiguous", err)


@pytest.mark.parametrize("argv", [["-h"], ["check", "-h"], ["summary", "-h"], ["rules", "-h"], ["explain", "-h"]])
def test_help_is_in_chinese(cli_run: CliRun, argv: list[str]) -> None:
    code, out, _ = cli_run(*argv, exits=True)
    assert code == 0
    assert out.startswith("用法：fazhi-lint")
    assert "选项：\n" in out and "显示本帮助信息并退出" in out
    assert not re.search(r"usage:|positional arguments|options:|optional arguments|show this help|"
                         r"show program's version", out)


def test_every_option_has_chinese_help() -> None:
    parser = cli.build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    checked = 0
    for name, sub in [("", parser), *subparsers.choices.items()]:
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            label = "/".join(action.option_strings) or action.dest
            assert action.help and action.help != argparse.SUPPRESS, f"{name} {label}"
            assert re.search(r"[\u4e00-\u9fff]", action.help), f"{name} {label}: {action.help}"
            checked += 1
    assert checked > 40
    check = subparsers.choices["check"]
    helps = {a.dest: a.help for a in check._actions}
    assert "标准输入" in helps["paths"] and "NO_COLOR" in helps["color"]


def test_help_columns_line_up_with_chinese_metavars(cli_run: CliRun,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from validator.wrap import width

    monkeypatch.setenv("COLUMNS", "100")
    _, out, _ = cli_run("check", "-h", exits=True)
    starts = set()
    for line in out.splitlines():
        m = re.match(r"(  -\S.*?)  +(\S.*)$", line)
        if m and not line.startswith("用法"):
            starts.add(width(line) - width(m[2]))
    assert len(starts) == 1, starts  # every help text starts in the same column
    assert all(width(line) <= 100 for line in out.splitlines())


def test_the_translation_does_not_depend_on_the_locale() -> None:
    """A child process with another locale (and no Chinese gettext catalogue) prints the same Chinese."""
    env = {"PYTHONPATH": str(ROOT), "LANG": "C", "LC_ALL": "C", "LANGUAGE": "en", "PYTHONIOENCODING": "utf-8",
           "FAZHI_LINT_NO_CACHE": "1"}
    proc = subprocess.run([sys.executable, "-m", "validator", "check", "r.txt", "--fail-on", "bad"],
                          capture_output=True, text=True, encoding="utf-8", env=env)
    assert proc.returncode == 2
    assert last_line(proc.stderr) == "fazhi-lint check: 错误：参数 --fail-on：无效的值“bad”（可选：error、warning、info、never）"


@pytest.mark.parametrize(("english", "chinese"), [
    # both quotings argparse has used for choices across Python versions
    ("argument --color: invalid choice: 'x' (choose from 'auto', 'always', 'never')",
     "参数 --color：无效的值“x”（可选：auto、always、never）"),
    ("argument --color: invalid choice: 'x' (choose from auto, always, never)",
     "参数 --color：无效的值“x”（可选：auto、always、never）"),
    ("the following arguments are required: 规则ID", "缺少必需的参数：规则ID"),
    ("expected at least one argument", "至少需要一个值"),
    ("argument -n: expected 2 arguments", "参数 -n：需要 2 个值"),
    ("argument --a: not allowed with argument --b", "参数 --a：不能与参数 --b 同时使用"),
    ("one of the arguments --a --b is required", "必须给出以下参数之一：--a --b"),
    ("argument --n: invalid int value: 'x'", "参数 --n：无效的值“x”"),
    ("some message argparse may add one day", "some message argparse may add one day"),
])
def test_translate(english: str, chinese: str) -> None:
    assert translate(english) == chinese
