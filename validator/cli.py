"""Command line: ``fazhi-lint check | summary | serve | rules | explain``.

``main`` is the one place that turns exceptions into messages and exit codes:
0 all passed, 1 a finding at or above the fail level (or a score under --fail-under),
2 usage, configuration or rule-file error, 3 an input could not be read, 4 internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

from validator import __version__
from validator.escape import visible
from validator.errors import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    FazhiError,
    UnknownRuleError,
    UsageError,
    close_matches,
)
from validator.model import SEVERITY_RANK
from validator.results import RunStats

if TYPE_CHECKING:
    from validator.batch import Inputs
    from validator.config import Settings
    from validator.fix import FixOutcome
    from validator.model import Document
    from validator.results import FileReport
    from validator.ruleset import RuleSet
    from validator.summary import SummaryPlan

PROG = "fazhi-lint"
FAIL_LEVELS = ("error", "warning", "info", "never")


COMMANDS = ("check", "summary", "rules", "serve", "explain")


def build_parser() -> argparse.ArgumentParser:
    from validator.argparse_zh import COMMAND_METAVAR, Parser, add_version

    parser = Parser(
        prog=PROG,
        description="法治政府建设年度报告合规检查：按规则集检查报告，评分，并给出带证据的问题清单。"
                    "命令：check 检查报告，summary 审查人汇总，rules 规则一览，serve 网页服务，explain 规则说明；"
                    "fazhi-lint 命令 -h 查看该命令的选项。",
    )
    parser.commands = COMMANDS
    add_version(parser, f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar=COMMAND_METAVAR, parser_class=Parser)
    sub.required = True

    rules_opt = Parser(add_help=False)
    rules_opt.add_argument("--rules", action="append", default=[], metavar="路径",
                           help="追加规则文件或目录（可重复）")
    rules_opt.add_argument("--config", metavar="文件",
                           help="配置文件（.fazhi-lint.yaml 或 pyproject.toml）；默认从当前目录向上查找")
    rules_opt.add_argument("--profile", metavar="方案",
                           help="配置方案：government、department、strict、portal、department-portal")

    batch_opt = Parser(add_help=False)
    batch_opt.add_argument("--print-config", action="store_true", help="显示生效的配置及每个值的来源，不做检查")
    batch_opt.add_argument("paths", nargs="*", metavar="路径",
                           help="要检查的报告文件或目录（可以有多个；目录中按扩展名找出报告）；- 表示从标准输入读取")
    batch_opt.add_argument("--no-suppress", action="store_true",
                           help="忽略抑制注释和配置中的 ignore，显示全部问题（供审计）")
    batch_opt.add_argument("--accept-suppressions", action="store_true",
                           help="审查人认可报送单位的抑制说明：被抑制的错误级问题不再使报告“未通过”"
                                "（默认显示为“单位说明不适用（待核实）”，报告不算通过）")
    batch_opt.add_argument("--stdin-filename", default="stdin.txt", metavar="文件名",
                           help="从标准输入读取时使用的文件名（决定按哪种格式读取）")
    batch_opt.add_argument("--no-pair", action="store_true",
                           help="批量检查时不自动配对同一发文机关上一年度的报告")
    batch_opt.add_argument("--jobs", "-j", type=jobs_count, default=None, metavar="N",
                           help="并行检查的进程数（默认：全部 CPU 核数；1 表示不并行）")

    check = sub.add_parser("check", parents=[rules_opt, batch_opt], help="检查报告（文件或目录；- 表示标准输入）",
                           description="检查报告：状态（通过与否及原因）、得分、按规则归并的问题及原文证据。")
    check.add_argument("--format", "-f", default="auto", metavar="格式",
                       help="输出格式：auto（默认：GitHub Actions 中为 github，终端上为 terminal，"
                            "管道、文件和日志中为 text）、terminal、text、json、sarif、github、parsable")
    check.add_argument("--output", "-o", metavar="文件", help="把结果写入文件（原子写入）而不是标准输出")
    check.add_argument("--verbose", "-v", action="store_true",
                       help="terminal、text 格式逐处列出每个问题（位置、原文、完整依据）和逐项检查清单；"
                            "默认每条规则的问题合为一组，只列出前几处")
    check.add_argument("--fail-on", choices=FAIL_LEVELS, default=None, metavar="级别",
                       help="出现该级别及以上的问题时退出码为 1：error（默认）、warning、info、never（从不）")
    check.add_argument("--fail-under", type=score_threshold, metavar="分数",
                       help="任一报告得分低于该分数（0–100）时退出码为 1")
    check.add_argument("--previous", metavar="上年报告",
                       help="上年报告：对照检查上年安排的落实情况和照抄上年的问题（只能检查一份本年报告）")
    check.add_argument("--dump-text", action="store_true", help="显示检查器看到的规范化文本和部分结构，不做检查")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto", metavar="何时",
                       help="终端颜色：auto（默认：标准输出是终端且未设置 NO_COLOR 时着色）、always（总是着色，"
                            "并使用 terminal 格式）、never")
    check.add_argument("--fix", action="store_true",
                       help="自动修改可机械修改的问题（半角标点、转换残留、规范表述、文件名称；只改 .txt/.md，原子写入），再检查修改后的文件")
    check.add_argument("--diff", action="store_true", help="只显示 --fix 将做的修改（统一 diff 格式），不写文件")
    check.add_argument("--annotate", metavar="输出.docx",
                       help="把每个问题作为 Word 批注写入报告的副本（.docx；原文件不变；.txt/.md 等写成纯文字的 .docx）")
    check.add_argument("--annotate-author", metavar="作者", help="批注的作者名（默认 fazhi-lint）")
    check.set_defaults(func=cmd_check)

    summary = sub.add_parser("summary", parents=[rules_opt, batch_opt],
                             help="审查人汇总：多份报告一张表（最差的在前）、各规则通过率、审查意见草稿",
                             description="审查人汇总：多份报告一张表（最差的在前）、各规则通过率、审查意见草稿。")
    summary.add_argument("--format", "-f", default=None, metavar="格式",
                         help="html、markdown（默认）、csv、xlsx、docx、pdf、json；给出 --output 时按其扩展名")
    summary.add_argument("--output", "-o", metavar="文件", help="把汇总写入文件（原子写入）")
    summary.add_argument("--output-dir", metavar="目录",
                         help="把全部格式（summary.html/.md/.csv/.xlsx/.docx/.pdf/.json）和审查意见草稿写入该目录")
    summary.add_argument("--opinions", metavar="目录",
                         help="为每份报告写一份审查意见草稿和一份审查人备注到该目录")
    summary.add_argument("--opinion-format", choices=("docx", "markdown"), default="docx", metavar="格式",
                         help="审查意见草稿的格式：docx（默认，公文格式的 Word 文档）或 markdown")
    summary.add_argument("--title", metavar="标题", help="汇总的标题（默认：法治政府建设年度报告审查汇总）")
    summary.add_argument("--unit", metavar="单位", help="审查单位：写在汇总的标题下和审查意见的落款处")
    summary.set_defaults(func=cmd_summary)

    rules = sub.add_parser("rules", parents=[rules_opt], help="列出规则", description="列出规则集中的全部规则。")
    rules.add_argument("--format", "-f", choices=("terminal", "json"), default="terminal", metavar="格式",
                       help="terminal（默认，表格）或 json")
    rules.add_argument("--print-config", action="store_true", help="显示生效的配置及每个值的来源")
    rules.add_argument("--test", nargs="+", metavar="FILE",
                       help="运行规则文件（或目录）中每条规则的合格、不合格示例和 fixed，像测试一样报告；有未通过的退出码为 1")
    rules.set_defaults(func=cmd_rules)

    serve = sub.add_parser("serve", parents=[rules_opt],
                           help="审查人使用的网页：拖入一批报告，在浏览器中查看汇总、检查清单并下载（需要可选组件 serve）",
                           description="审查人使用的网页：拖入一批报告，在浏览器中查看汇总、检查清单并下载 XLSX、审查意见和批注版 Word。")
    serve.add_argument("--port", type=port_number, default=8765, metavar="数", help="端口（默认 8765；0 表示任选空闲端口）")
    serve.add_argument("--host", default="127.0.0.1", metavar="地址",
                       help="监听地址（默认 127.0.0.1，只有本机可以访问；其他地址须凭启动时显示的令牌访问）")
    serve.add_argument("--open", action="store_true", help="启动后在浏览器中打开页面")
    serve.add_argument("--token", action="store_true", help="在本机地址上也要求访问令牌（多人共用的电脑）")
    serve.add_argument("--workers", type=jobs_count, default=None, metavar="数",
                       help="检查进程数（默认：CPU 核数，最多 4；与 --jobs 一样至多每核 2 个）")
    serve.set_defaults(func=cmd_serve)

    explain = sub.add_parser("explain", parents=[rules_opt], help="解释一条规则：检查什么、依据、怎么改、示例",
                             description="解释一条规则：检查什么、为什么、依据、怎么改、合格与不合格的示例。")
    explain.add_argument("rule_id", metavar="规则ID", help="规则 ID，如 decision.comment-period（fazhi-lint rules 列出全部）")
    explain.set_defaults(func=cmd_explain)
    return parser


# --------------------------------------------------------------------------- inputs


@contextmanager
def open_output(path: str | None) -> Iterator[TextIO]:
    """Standard output, or ``--output``: a file written atomically, or a pipe, terminal or /dev/null
    written into (validator.fileio says what an output may be)."""
    if path is None:
        yield sys.stdout
        return
    from validator.fileio import atomic_writer

    try:
        with atomic_writer(path) as fh:
            yield fh
    except OSError as exc:
        raise UsageError(f"{path}: 无法写入输出文件（{exc.strerror or exc}）") from None


def warn(message: str) -> None:
    """One line on stderr. Everything in it that came from outside (file names, report text) is made
    visible: a newline or a ``::error::`` in a file name cannot forge a line of its own, in a terminal,
    a log or a CI run."""
    print(f"{PROG}: {visible(message)}", file=sys.stderr)


def to_terminal(args: argparse.Namespace) -> bool:
    """Is the report drawn for a terminal (the rich report), or for a pipe, a file or a log (plain text)?"""
    return args.color == "always" or (args.output is None and sys.stdout.isatty())


def use_color(choice: str, out: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    return out.isatty() and "NO_COLOR" not in os.environ


# --------------------------------------------------------------------------- commands


def load_settings(args: argparse.Namespace) -> Settings:
    """The effective configuration: discovered or --config file, --profile, then the other flags."""
    from validator.config import CommandLine, resolve

    return resolve(CommandLine(
        config=args.config, rules=args.rules, profile=args.profile,
        fail_on=getattr(args, "fail_on", None), fail_under=getattr(args, "fail_under", None),
        accept_suppressions=bool(getattr(args, "accept_suppressions", False)),
    ))


def print_config(settings: Settings) -> int:
    from validator.config import render

    sys.stdout.write(render(settings))
    return EXIT_OK


def require_paths(args: argparse.Namespace) -> None:
    if not args.paths:
        raise UsageError(f"{args.command}：请给出要检查的文件或目录（- 表示标准输入）")


def jobs_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为正整数，而不是 {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数，而不是 {text!r}")
    return value


def port_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为 0 到 65535 之间的整数，而不是 {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"应为 0 到 65535 之间的整数，而不是 {text!r}")
    return value


def score_threshold(text: str) -> float:
    """``--fail-under``: a score from 0 to 100, as the configuration's ``fail-under`` must be."""
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为 0 到 100 之间的数，而不是 {text!r}") from None
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"应为 0 到 100 之间的数，而不是 {text!r}")
    return value


def default_jobs(requested: int | None) -> int:
    """All cores unless told otherwise (the cores this process may use, where the OS says)."""
    if requested is not None:
        return requested
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def expand(args: argparse.Namespace) -> Inputs:
    """The command line's inputs, walked once; what the walk has to say goes to stderr."""
    from validator.batch import expand_inputs

    inputs = expand_inputs(args.paths)
    for note in inputs.notes:
        warn(f"注意：{note}")
    return inputs


def run_inputs(args: argparse.Namespace, inputs: Inputs, settings: Settings, ruleset: RuleSet) -> list[str]:
    """Every file this run reads: the reports, --previous, the rule files and the configuration file."""
    from validator.batch import STDIN
    from validator.config import PROFILES_PATH

    previous = [args.previous] if getattr(args, "previous", None) else []
    config = [settings.config_file] if settings.config_file else []
    return [*(p for p in inputs.names if p != STDIN), *previous, *ruleset.files, *config, str(PROFILES_PATH)]


def guard_inputs(outputs: Sequence[str | None], inputs: Sequence[str], chosen: bool = False) -> None:
    """Before any work: refuse to write an output over a file the run reads (inputs are never modified),
    or to what can never be an output (a directory, a block device; a link where fazhi-lint names the file)."""
    from validator.fileio import check_output, refuse_overwriting_inputs

    refuse_overwriting_inputs(outputs, inputs)
    for output in outputs:
        if output is not None:
            check_output(output, chosen=chosen)


def show_progress(output: str | None, streams: bool) -> bool:
    """A progress bar on stderr only when it is a terminal and would not tangle with output streamed there."""
    if not sys.stderr.isatty():
        return False
    return not (streams and output is None and sys.stdout.isatty())


def check_mode(args: argparse.Namespace) -> str:
    """The one thing ``check`` is asked to do, decided from the flags before any work: a combination
    that asks for two is a usage error now, not after a batch. ``--diff`` with ``--fix`` previews."""
    if args.print_config:
        return "print-config"
    if args.annotate is not None and (args.fix or args.diff or args.dump_text):
        raise UsageError("--annotate 不能与 --fix、--diff、--dump-text 同时使用")
    if args.dump_text:
        if args.fix or args.diff:
            raise UsageError("--dump-text 不能与 --fix、--diff 同时使用")
        return _plain_text_mode("dump-text", args.output)
    if args.diff:
        return _plain_text_mode("diff", args.output)
    return "fix" if args.fix else "check"


# what --diff and --dump-text write is plain text: never into a file whose name promises another format
_NOT_PLAIN_TEXT = (".json", ".sarif", ".html", ".htm", ".xlsx", ".docx", ".csv", ".pdf")


def _plain_text_mode(mode: str, output: str | None) -> str:
    suffix = os.path.splitext(output)[1].lower() if output else ""
    if suffix in _NOT_PLAIN_TEXT:
        raise UsageError(f"--output {output}: --{mode} 输出的是纯文本，不能写成 {suffix} 文件（可用 .txt、.diff 或 .patch）")
    return mode


def cmd_check(args: argparse.Namespace) -> int:
    from validator.fileio import protecting

    mode = check_mode(args)
    settings = load_settings(args)
    if mode == "print-config":
        return print_config(settings)
    require_paths(args)
    ruleset = settings.build_ruleset()
    inputs = expand(args)
    if args.annotate is not None:
        from validator.annotate import check_request

        check_request(args.annotate, list(inputs.names))
    read = run_inputs(args, inputs, settings, ruleset)
    guard_inputs([args.output, args.annotate], read)
    with protecting(read):
        return CHECK_MODES[mode](args, settings, ruleset, inputs)


def run_check(args: argparse.Namespace, settings: Settings, ruleset: RuleSet, inputs: Inputs) -> int:
    """``check``: every report checked, formatted as it arrives; the exit code from all of them."""
    from validator.batch import run_batch
    from validator.formatters import get_formatter

    formatter_cls = get_formatter(args.format, to_terminal(args), args.output)
    previous = load_previous(args.previous, inputs, ruleset) if args.previous is not None else None
    outcome = Outcome(settings.fail_on[0], settings.fail_under[0])
    batch = run_batch(inputs, ruleset, args.stdin_filename, policy=settings.policy(args.no_suppress),
                      progress=show_progress(args.output, formatter_cls.streams), previous=previous,
                      pair=not args.no_pair, jobs=default_jobs(args.jobs))
    last: FileReport | None = None
    with open_output(args.output) as out:
        formatter = formatter_cls(out, ruleset, color=use_color(args.color, out), verbose=args.verbose)
        for report in batch:
            if report.error is not None:
                warn(report.error)
            elif previous is not None and report.document is not None:
                warn_mismatch(report.document, previous, args.previous)
            warn_rule_errors(report)
            formatter.add(report)
            outcome.add(report)
            last = report
        formatter.finish(outcome.stats)
    if formatter_cls.for_people:
        outcome.hint_fixable()
    if args.annotate is not None and last is not None and last.error is None:
        annotate(last, args.annotate, args.annotate_author)
    return outcome.code()


def annotate(report: FileReport, output: str, author: str | None) -> None:
    from validator.annotate import annotate_path

    count = annotate_path(report, output, author)
    print(f"{PROG}: 已写入批注文件 {output}（{count} 条问题批注和 1 条总评）", file=sys.stderr)


def cmd_summary(args: argparse.Namespace) -> int:
    from validator.batch import run_batch
    from validator.fileio import protecting
    from validator.summary import write_outputs

    settings = load_settings(args)
    if args.print_config:
        return print_config(settings)
    require_paths(args)
    ruleset = settings.build_ruleset()
    plan = summary_plan(args)  # before checking: a bad format is a usage error, not a wasted batch
    inputs = expand(args)
    read = run_inputs(args, inputs, settings, ruleset)
    guard_inputs([target for _, target in plan.outputs], read, chosen=plan.chosen)
    with protecting(read):
        reports = []
        for report in run_batch(inputs, ruleset, args.stdin_filename, policy=settings.policy(args.no_suppress),
                                progress=show_progress(None, streams=False), pair=not args.no_pair,
                                jobs=default_jobs(args.jobs)):
            if report.error is not None:
                warn(report.error)
            warn_rule_errors(report)
            reports.append(report)
        write_outputs(reports, ruleset, plan, say=warn)
    return EXIT_INPUT if any(r.error is not None for r in reports) else EXIT_OK


def summary_plan(args: argparse.Namespace) -> SummaryPlan:
    from validator.summary import plan_outputs
    from validator.summary.model import DEFAULT_TITLE, Heading

    heading = Heading(title=args.title or DEFAULT_TITLE, unit=args.unit or "")
    return plan_outputs(fmt=args.format, output=args.output, output_dir=args.output_dir, opinions=args.opinions,
                        stdout_is_terminal=sys.stdout.isatty(), opinion_format=args.opinion_format, heading=heading)


def load_previous(path: str, inputs: Inputs, ruleset: RuleSet) -> Document:
    """Last year's report for ``check --previous``: one report this year, and a readable one last year."""
    from validator import pipeline
    from validator.batch import STDIN
    from validator.errors import InputError

    count = len(inputs.names)
    if count != 1:
        raise UsageError(f"--previous 只能与一份本年报告一起使用（收到 {count} 份）；批量检查时会自动配对上年报告")
    if path == STDIN:
        raise UsageError("--previous 需要文件路径，不能从标准输入读取")
    if os.path.isdir(path):
        raise InputError(f"上年报告 {path}: 是目录，不是报告文件")
    try:
        document = pipeline.load_document(path, ruleset)
    except InputError as exc:
        raise InputError(f"上年报告 {exc}") from None
    if not document.paragraphs:
        raise InputError(f"上年报告 {pipeline.no_text(path)}")
    return document


def warn_mismatch(document: Document, previous: Document, path: str) -> None:
    from validator.pairing import pairing_mismatch

    problem = pairing_mismatch(document.metadata, previous.metadata)
    if problem:
        warn(f"注意：上年报告 {path} {problem}，仍按其对照")


def warn_rule_errors(report: FileReport) -> None:
    """One line on stderr per rule that could not run to the end on a report (it is also a finding)."""
    for finding in report.rule_errors:
        warn(f"警告：{report.path}: {finding.rule}：{finding.message}")


class Outcome:
    """What the exit code depends on, gathered report by report: a batch is never held in memory."""

    def __init__(self, fail_on: str, fail_under: float | None) -> None:
        self.threshold = None if fail_on == "never" else SEVERITY_RANK[fail_on]
        self.fail_under = fail_under
        self.unreadable = self.failing = False
        self.fixable = 0
        self.stats = RunStats()  # what the formatters say at the end, counted here once

    def add(self, report: FileReport) -> None:
        from validator.readers import can_fix

        self.stats.add(report)
        self.unreadable |= report.error is not None
        if self.threshold is not None:
            self.failing |= any(SEVERITY_RANK[f.severity] >= self.threshold for f in report.findings)
            # a suppressed error no reviewer has accepted is still the drafter's claim, not a pass
            self.failing |= any(s.blocks for s in report.suppressed)
        value = report.score.value if report.score else None
        self.failing |= self.fail_under is not None and value is not None and value < self.fail_under
        if can_fix(report.path):
            self.fixable += sum(f.fixable for f in report.findings)

    def hint_fixable(self) -> None:
        if self.fixable:
            warn(f"有 {self.fixable} 个问题可以自动修改：运行 fazhi-lint check --fix（--diff 预览修改）")

    def code(self) -> int:
        if self.unreadable:
            return EXIT_INPUT
        return EXIT_FINDINGS if self.failing else EXIT_OK


def _fix_inputs(inputs: Inputs) -> list[str]:
    from validator.batch import STDIN

    if STDIN in inputs.names:
        raise UsageError("--fix、--diff 不能用于标准输入，请给出文件路径")
    return inputs.names


def _fix_one(name: str, ruleset: RuleSet, inputs: Inputs, write: bool) -> FixOutcome:
    from validator.fix import FixOutcome, fix_path
    from validator.results import FileReport

    if name in inputs.problems:
        return FixOutcome(name, FileReport(name, error=inputs.problems[name]))
    return fix_path(name, ruleset, write=write)


def apply_fixes(args: argparse.Namespace, settings: Settings, ruleset: RuleSet, inputs: Inputs) -> int:
    """``check --fix``: fix each text file in place, then report on the files as they now are."""
    from validator import suppress
    from validator.formatters import get_formatter
    from validator.streams import check_signals

    formatter_cls = get_formatter(args.format, to_terminal(args), args.output)
    policy = settings.policy(args.no_suppress)
    known = frozenset(r.id for r in ruleset.rules)
    outcome = Outcome(settings.fail_on[0], settings.fail_under[0])
    with open_output(args.output) as out:
        formatter = formatter_cls(out, ruleset, color=use_color(args.color, out), verbose=args.verbose)
        for name in _fix_inputs(inputs):
            check_signals()
            fixed = _fix_one(name, ruleset, inputs, write=True)
            if fixed.refused is not None:
                warn(fixed.refused)
            elif fixed.changed:
                warn(f"已修改 {name}（{fixed.applied} 处）")
            if fixed.report.error is not None:
                warn(fixed.report.error)
            warn_rule_errors(fixed.report)
            report = suppress.apply(fixed.report, policy, known)
            formatter.add(report)
            outcome.add(report)
        formatter.finish(outcome.stats)
    return outcome.code()


def show_fixes(args: argparse.Namespace, settings: Settings, ruleset: RuleSet, inputs: Inputs) -> int:
    """``check --diff``: print what --fix would change; exit 1 when it would change something."""
    from validator.fix import unified_diff
    from validator.streams import check_signals

    changed = unreadable = False
    with open_output(args.output) as out:
        for name in _fix_inputs(inputs):
            check_signals()
            outcome = _fix_one(name, ruleset, inputs, write=False)
            if outcome.refused is not None:
                warn(outcome.refused)
            if outcome.report.error is not None:
                warn(outcome.report.error)
                unreadable = True
            if outcome.changed:
                out.write(unified_diff(outcome))
                changed = True
    if unreadable:
        return EXIT_INPUT
    return EXIT_FINDINGS if changed else EXIT_OK


def dump_text(args: argparse.Namespace, settings: Settings, ruleset: RuleSet, inputs: Inputs) -> int:
    from validator.batch import STDIN, load_one
    from validator.pipeline import no_text
    from validator.dump import render_document, render_follow_through
    from validator.errors import InputError
    from validator.streams import check_signals

    names = list(inputs.names)
    previous = load_previous(args.previous, inputs, ruleset) if args.previous is not None else None
    pairing = previous is None and not args.no_pair and len(names) > 1
    failed = False

    def documents() -> Iterator[tuple[str, Document]]:
        nonlocal failed
        for name in names:
            check_signals()
            try:
                if name in inputs.problems:
                    raise InputError(inputs.problems[name])
                document = load_one(name, ruleset, args.stdin_filename)
                if not document.paragraphs:  # as check says of it (exit 3)
                    raise InputError(no_text(document.source.path))
                yield name, document
            except InputError as exc:
                warn(str(exc))
                failed = True

    # pairing a batch needs every report's metadata first; otherwise each report is read, shown and let go
    loaded = dict(documents()) if pairing else None
    pairs: dict[str, str] = {}
    if loaded is not None:
        from validator.pairing import pair_documents

        pairs = pair_documents({n: d.metadata for n, d in loaded.items() if n != STDIN}, ruleset.vocabulary.issuers)
    with open_output(args.output) as out:
        for name, document in (loaded.items() if loaded is not None else documents()):
            out.write(render_document(document, ruleset))
            last_year = previous if previous is not None else (loaded or {}).get(pairs.get(name, ""))
            if last_year is not None:
                out.write(render_follow_through(document, last_year, ruleset))
    return EXIT_INPUT if failed else EXIT_OK


# check's modes (check_mode names them), each one short path with the same arguments
CHECK_MODES: dict[str, Callable[[argparse.Namespace, Settings, RuleSet, Inputs], int]] = {
    "check": run_check,
    "fix": apply_fixes,
    "diff": show_fixes,
    "dump-text": dump_text,
}


def cmd_serve(args: argparse.Namespace) -> int:
    from validator.serve import Options, serve

    return serve(Options(host=args.host, port=args.port, open_browser=args.open, workers=args.workers,
                         token=args.token, config=args.config, rules=tuple(args.rules), profile=args.profile))


def cmd_rules(args: argparse.Namespace) -> int:
    settings = load_settings(args)
    if args.print_config:
        return print_config(settings)
    if args.test:
        return test_rules(args.test, settings)
    ruleset = settings.build_ruleset()
    if args.format == "json":
        import json

        from validator.escape import ascii_only, json_text
        from validator.serialize import rule_dict

        dumped = json.dumps([rule_dict(r) for r in ruleset.rules], ensure_ascii=ascii_only(sys.stdout), indent=2)
        sys.stdout.write(json_text(dumped))
        sys.stdout.write("\n")
        return EXIT_OK
    from validator import streams
    from rich.table import Table
    from rich.text import Text

    table = Table(title="fazhi-lint 规则", header_style="bold")
    table.add_column("规则", no_wrap=True)
    for column in ("检查项", "级别", "权重", "类型", "范围"):
        table.add_column(column)
    for r in ruleset.rules:
        scope = "全文" if r.scope is None else ", ".join(sorted(r.scope))
        # Text, not str: a rule file's "[bold]" or "[/x]" is text to show, never rich markup
        cells = (r.id, r.title, r.severity, f"{r.weight:g}", r.check, scope)
        table.add_row(*(Text(visible(cell)) for cell in cells), style=None if r.enabled else "dim")
    console = streams.console(highlight=False)
    if not console.is_terminal:
        console.width = 140
    console.print(table)
    return EXIT_OK


def test_rules(paths: Sequence[str], settings: Settings) -> int:
    """``rules --test``: each rule's examples in the given files; 1 when one of them fails."""
    from validator.ruletest import load_for_test, run_tests

    ruleset, files = load_for_test(paths, settings.rule_paths())
    return EXIT_OK if run_tests(ruleset, files, sys.stdout) else EXIT_FINDINGS


def cmd_explain(args: argparse.Namespace) -> int:
    ruleset = load_settings(args).build_ruleset()
    rule = ruleset.get(args.rule_id)
    if rule is None:
        ids = [r.id for r in ruleset.rules]
        close = close_matches(args.rule_id, ids, n=3)
        hint = f"；是否要找：{'、'.join(close)}" if close else "；运行 fazhi-lint rules 查看全部规则"
        raise UnknownRuleError(f"没有规则 {args.rule_id!r}{hint}")
    from validator.explain import render_rule

    sys.stdout.write(render_rule(rule, ruleset))
    return EXIT_OK


# --------------------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> int:
    from validator.streams import (
        EXIT_INTERRUPTED,
        OutputError,
        Terminated,
        safe_streams,
        terminate_on_sigterm,
    )

    with safe_streams(), terminate_on_sigterm():
        try:
            code = _main(argv)
            sys.stdout.flush()  # what is still buffered reaches its reader now, or its failure is said
            return code
        except OutputError as exc:
            warn(f"错误：{exc}")
            return exc.exit_code
        except KeyboardInterrupt:
            warn("已中断")
            return EXIT_INTERRUPTED
        except Terminated as stop:
            warn(f"已终止（{stop.name}）")
            return stop.exit_code


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        code: int = args.func(args)
        return code
    except FazhiError as exc:
        for line in exc.lines():  # every problem of a rule or configuration file, one line each
            warn(f"错误：{line}")
        return exc.exit_code
    except BrokenPipeError:
        # only where stdout is not a real stream (validator.streams makes a real one discard instead):
        # what the checks decided is unknown, and a failure must not be reported as success
        return EXIT_FINDINGS
    except Exception as exc:  # noqa: BLE001 - the one place a bug becomes a message, not a traceback
        if os.environ.get("FAZHI_LINT_DEBUG"):
            raise
        warn(f"内部错误：{type(exc).__name__}: {exc}（设置 FAZHI_LINT_DEBUG=1 可查看详细信息，请报告此问题）")
        return EXIT_INTERNAL
