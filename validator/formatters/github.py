"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``--format auto`` (the default) picks this when ``GITHUB_ACTIONS=true``. Annotations show on the
changed file in a pull request; the closing plain line is for the job log.
"""

from __future__ import annotations

from validator.escape import visible
from validator.formatters import Formatter
from validator.model import Finding
from validator.results import FileReport, RunStats

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def outside(text: str) -> str:
    """Text from a file name, a report or a rule file: control characters visible, so only our own
    line breaks (escaped as %0A) separate the lines of an annotation."""
    return visible(text)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(path: str, finding: Finding, title: str) -> str:
    props = [f"file={escape_property(outside(path))}"]
    if finding.location is not None:
        props += [f"line={finding.location.line}", f"col={finding.location.column}"]
    props.append(f"title={escape_property(outside(title))}")
    body = outside(finding.message)
    if finding.quote:
        body += f"\n原文：“{outside(finding.quote)}”"
    body += f"\n依据：{outside(finding.basis)}\n建议：{outside(finding.hint)}"
    return f"::{COMMAND.get(finding.severity, 'warning')} {','.join(props)}::{escape_data(body)}"


class GithubFormatter(Formatter):
    streams = True

    def add(self, report: FileReport) -> None:
        if report.error is not None:
            self.out.write(f"::error file={escape_property(outside(report.path))},title=无法读取::"
                           f"{escape_data(outside(report.error))}\n")
            return
        for finding in report.findings:
            rule = self.ruleset.get(finding.rule)
            title = f"{rule.title if rule else finding.rule}（{finding.rule}）"
            self.out.write(annotation(report.path, finding, title) + "\n")
        for item in report.suppressed:
            if item.blocks:  # a suppressed error no reviewer has accepted still fails the run: say why
                rule = self.ruleset.get(item.finding.rule)
                title = f"{item.state}：{rule.title if rule else item.finding.rule}（{item.finding.rule}）"
                pending = item.finding._replace(message=f"{item.finding.message}（报送单位理由：{item.reason}；"
                                                        "审查人认可后用 --accept-suppressions）")
                self.out.write(annotation(report.path, pending, title) + "\n")

    def finish(self, stats: RunStats) -> None:
        self.out.write(f"fazhi-lint：共 {stats.files} 份报告，未通过 {stats.failed} 份，"
                       f"问题 {stats.findings} 个，已抑制 {stats.suppressed} 个\n")
