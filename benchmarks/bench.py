"""Benchmark fazhi-lint against the practical floor and other prose linters, in one run on one machine.

    python benchmarks/bench.py [--quick] [--inputs DIR_OR_FILE ...] [--rounds N] [--batch N]

What it measures, all in the same run, each figure the median of interleaved rounds (every command runs
once per round, in turn, so a machine that gets busier part-way slows every command alike):

- one cold file: fazhi-lint ``check --format json`` against ``python -c pass`` and a floor script (read the
  file, run 50 compiled ``regex`` keyword patterns: what any Python checker built on regular expressions pays);
- a batch (default 1,000 reports): fazhi-lint with ``-j 1`` and with its default jobs, the floor script,
  and, when they are on PATH, autocorrect, zhlint, textlint and proselint over the same files;
- peak RSS of fazhi-lint for a batch of 1,000 and of 10,000 reports (``--quick``: 1,000 and 2,000).

It says which inputs it used: by default the five real reports in ../shared/corpus/seeds (next to the
checkout), the examples and our held-out reports (examples/heldout*/: many distinct texts); with
``--inputs``, the .txt/.md files given. Nothing here asserts a time; the figures go into the README.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [ROOT / "examples" / "compliant.txt", ROOT / "examples" / "deficient.txt"]
# our held-out reports (fictional, labelled blind): many distinct texts, so a batch is not a few texts copied
# over and over (what a process remembers across reports, such as heading answers, would look better than it is)
def _utf8(path: Path) -> bool:
    try:
        path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):  # heldout4 has a GB18030 report on purpose
        return False
    return True


HELD_OUT = sorted(p for p in (ROOT / "examples").glob("heldout*/*") if p.suffix in (".txt", ".md") and _utf8(p))
SHARED_SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"

FLOOR_SCRIPT = r'''
import sys, regex
WORDS = ["主要举措", "成效", "存在", "问题", "不足", "原因", "第一责任人", "亲自部署", "亲自督办", "下一年度",
         "工作安排", "重大行政决策", "目录", "征求意见", "合法性审查", "工作日", "专家论证", "风险评估", "集体讨论",
         "公众参与", "法治政府", "报告", "人民政府", "办公室", "年度", "成文", "发布", "时间", "法律顾问", "复议",
         "诉讼", "执法", "普法", "学法", "述法", "规范性文件", "备案", "清理", "政务公开", "信息公开", "营商环境",
         "监督", "督察", "考核", "培训", "宣传", "纠纷", "调解", "信访", "安全"]
PATTERNS = [regex.compile(w + r".{0,10}") for w in WORDS]
hits = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    for p in PATTERNS:
        hits += len(p.findall(text))
print(hits)
'''

# Other linters of Chinese prose, run when installed: (name, command before the file names).
OTHERS: tuple[tuple[str, list[str]], ...] = (
    ("autocorrect", ["autocorrect", "--lint"]),
    ("zhlint", ["zhlint"]),
    ("textlint", ["textlint"]),
    ("proselint", ["proselint"]),
)

Command = Callable[[Sequence[Path]], list[str]]


def choose_inputs(given: Sequence[str]) -> tuple[list[Path], str]:
    """The sample reports and a sentence saying where they came from."""
    if given:
        found: list[Path] = []
        for name in given:
            path = Path(name)
            found += sorted(p for p in path.rglob("*") if p.suffix in (".txt", ".md")) if path.is_dir() else [path]
        return found, f"{len(found)} files given with --inputs"
    seeds = sorted(SHARED_SEEDS.glob("*.txt")) if SHARED_SEEDS.is_dir() else []
    where = (f"{len(seeds)} real reports from {SHARED_SEEDS} and " if seeds else
             f"no {SHARED_SEEDS} next to the checkout, so only ")
    return [*EXAMPLES, *seeds, *HELD_OUT], where + f"the {len(EXAMPLES)} examples and {len(HELD_OUT)} held-out reports (examples/heldout*/)"


def build_batch(directory: Path, samples: Sequence[Path], count: int) -> list[Path]:
    texts = [p.read_text(encoding="utf-8") for p in samples]
    paths = []
    for i in range(count):
        path = directory / f"r{i:05d}{samples[i % len(samples)].suffix}"
        # each copy differs a little, so nothing can be served from a cache by content
        path.write_text(texts[i % len(texts)] + f"\n（副本{i}）\n", encoding="utf-8")
        paths.append(path)
    return paths


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def interleaved(commands: dict[str, list[str]], rounds: int) -> dict[str, float]:
    """Median seconds of each command, the commands taking turns within every round."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, cmd in commands.items():
            times[name].append(timed(cmd))
    return {name: statistics.median(t) for name, t in times.items()}


def peak_rss_mb(cmd: list[str]) -> float:
    """Peak resident set size of the largest process of the command (wait4's rusage), in MB."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss / 1024


def table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer rounds, smaller batches")
    parser.add_argument("--inputs", nargs="*", default=[], help="sample reports (.txt/.md files or folders)")
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds (default 15, --quick 5)")
    parser.add_argument("--batch", type=int, default=1000, help="reports in the batch (default 1000)")
    parser.add_argument("--cli", default=None, help="command that runs fazhi-lint (default: this Python -m validator)")
    args = parser.parse_args()
    python = sys.executable
    lint = args.cli.split() if args.cli else [python, "-m", "validator"]
    rounds = args.rounds or (5 if args.quick else 15)
    samples, where = choose_inputs(args.inputs)
    if not samples:
        print("no sample reports found", file=sys.stderr)
        return 2
    chars = sum(len(p.read_text(encoding="utf-8")) for p in samples)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {sys.platform}")
    print(f"inputs: {where}; {chars:,} characters, {chars // len(samples):,} per report on average")
    others = {name: cmd for name, cmd in OTHERS if shutil.which(cmd[0])}
    print("other linters found: " + (", ".join(others) if others else "none (autocorrect, zhlint, textlint, "
                                                                      "proselint are compared when on PATH)"))
    check = [*lint, "check", "--format", "json", "--fail-on", "never"]

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        floor = tmp / "floor.py"
        floor.write_text(FLOOR_SCRIPT, encoding="utf-8")
        one = samples[0]
        subprocess.run([*check, str(one)], stdout=subprocess.DEVNULL, check=False)  # a warm rule-set cache
        cold = interleaved({
            "python -c pass": [python, "-c", "pass"],
            "floor script": [python, str(floor), str(one)],
            "fazhi-lint check": [*check, str(one)],
            **{name: [*cmd, str(one)] for name, cmd in others.items()},
        }, rounds)

        batch_dir = tmp / "batch"
        batch_dir.mkdir()
        batch = [str(p) for p in build_batch(batch_dir, samples, args.batch)]
        batch_rounds = max(1, rounds // 5)
        warm = interleaved({
            "floor script": [python, str(floor), *batch],
            "fazhi-lint check -j 1": [*check, "-j", "1", str(batch_dir)],
            "fazhi-lint check (default jobs)": [*check, str(batch_dir)],
            **{name: [*cmd, *batch] for name, cmd in others.items()},
        }, batch_rounds)

        print(f"\n== one cold file ({one.name}), median of {rounds} interleaved rounds")
        rows = [["command", "ms", "x floor script"]]
        for name, seconds in cold.items():
            rows.append([name, f"{seconds * 1000:.0f}", f"{seconds / cold['floor script']:.2f}"])
        print(table(rows))

        print(f"\n== batch of {args.batch:,} reports, median of {batch_rounds} interleaved rounds")
        rows = [["command", "s", "reports/s", "x fazhi-lint default"]]
        default = warm["fazhi-lint check (default jobs)"]
        for name, seconds in warm.items():
            rows.append([name, f"{seconds:.2f}", f"{args.batch / seconds:.0f}", f"{default / seconds:.2f}"])
        print(table(rows))

        print("\n== peak RSS of fazhi-lint (largest process)")
        rows = [["reports", "-j 1 MB", "default jobs MB"]]
        for size in (1000, 2000) if args.quick else (1000, 10000):
            directory = tmp / f"rss{size}"
            directory.mkdir()
            build_batch(directory, samples, size)
            rows.append([f"{size:,}", f"{peak_rss_mb([*check, '-j', '1', str(directory)]):.0f}",
                         f"{peak_rss_mb([*check, str(directory)]):.0f}"])
            shutil.rmtree(directory)
        print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
