"""Benchmark fazhi-lint against the practical floor for a Python checker, in one run on one machine.

    python benchmarks/bench.py [--quick]

Prints, as figures and as ratios taken in the same run:
- cold one-file `check` (JSON output) vs. bare `python -c pass` vs. a floor script that reads the file and
  runs 50 compiled `regex` keyword patterns;
- a batch of 1,000 reports built from the sample reports: single process and with `--jobs` (all cores), in
  reports per second and as a ratio to the floor script over the same batch;
- peak RSS for batches of 1,000 and 10,000 reports.
Nothing here asserts a time; the figures go into the README.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT / "examples" / "compliant.txt", ROOT / "examples" / "deficient.txt"]
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


def median_seconds(cmd: list[str], runs: int, cwd: Path | None = None) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_kb(cmd: list[str]) -> int:
    """Peak resident set size of a child process, via wait4's rusage."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return int(usage.ru_maxrss)


def sample_reports() -> list[Path]:
    seeds = sorted(SHARED_SEEDS.glob("*.txt")) if SHARED_SEEDS.is_dir() else []
    return SAMPLES + seeds


def build_batch(directory: Path, count: int) -> list[Path]:
    samples = sample_reports()
    texts = [p.read_text(encoding="utf-8") for p in samples]
    paths = []
    for i in range(count):
        path = directory / f"r{i:05d}.txt"
        # vary each copy a little so nothing can be cached by content
        path.write_text(texts[i % len(texts)] + f"\n（副本{i}）\n", encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer runs and a smaller RSS batch")
    parser.add_argument("--cli", default=None, help="command that runs fazhi-lint (default: this Python -m validator)")
    args = parser.parse_args()
    python = sys.executable
    cli = args.cli.split() if args.cli else [python, "-m", "validator"]
    runs = 5 if args.quick else 15
    cores = os.cpu_count() or 1
    print(f"machine: {cores} cores, Python {sys.version.split()[0]}, {sys.platform}")

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        floor = tmp / "floor.py"
        floor.write_text(FLOOR_SCRIPT, encoding="utf-8")
        one = SAMPLES[0]

        # warm the OS file cache and fazhi-lint's rule-set cache, as a pre-commit hook's second run would see
        subprocess.run([*cli, "check", str(one), "--format", "json"], stdout=subprocess.DEVNULL, check=False)
        bare = median_seconds([python, "-c", "pass"], runs)
        floor_one = median_seconds([python, str(floor), str(one)], runs)
        lint_one = median_seconds([*cli, "check", str(one), "--format", "json", "--fail-on", "never"], runs)
        print("\n== cold one-file check (median of %d runs)" % runs)
        print(f"python -c pass        {bare * 1000:8.1f} ms")
        print(f"floor script          {floor_one * 1000:8.1f} ms")
        print(f"fazhi-lint check      {lint_one * 1000:8.1f} ms   = {lint_one / floor_one:.2f}x floor (target ≤ 3x)")

        batch_dir = tmp / "batch"
        batch_dir.mkdir()
        batch = build_batch(batch_dir, 1000)
        floor_batch = median_seconds([python, str(floor), *map(str, batch)], 3)
        print("\n== batch of 1,000 reports")
        print(f"floor script          {floor_batch:8.2f} s   {1000 / floor_batch:8.0f} reports/s")
        for jobs in (1, cores):
            cmd = [*cli, "check", str(batch_dir), "--format", "json", "--fail-on", "never", "--jobs", str(jobs)]
            t = median_seconds(cmd, 1 if args.quick else 3)
            share = floor_batch / t
            print(f"fazhi-lint --jobs {jobs:<3} {t:8.2f} s   {1000 / t:8.0f} reports/s   = {share:.0%} of floor throughput"
                  " (target ≥ 40% with all cores)")

        print("\n== peak RSS")
        sizes = (1000, 2000) if args.quick else (1000, 10000)
        for size in sizes:
            d = tmp / f"rss{size}"
            d.mkdir()
            build_batch(d, size)
            for jobs in (1, cores):
                kb = peak_rss_kb([*cli, "check", str(d), "--format", "json", "--fail-on", "never", "--jobs", str(jobs)])
                print(f"{size:6d} reports --jobs {jobs}: {kb / 1024:7.1f} MB (largest process)")
            shutil.rmtree(d)
    print(f"\n(children's total CPU: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
