"""How long OCR of scanned PDF pages takes (the ``ocr`` extra), page by page.

    python benchmarks/ocr.py [SCANNED.pdf ...]

Without arguments, the scanned renderings in ../shared/corpus/formats/. Prints the engine's load
time, then for each page the characters recognised, the wall-clock seconds and the CPU seconds of
this process (ONNX Runtime uses every core, so CPU seconds over wall seconds shows how many it got;
on a busy machine the wall time grows and the CPU time stays). Nothing here asserts a time; the
figures go into the README (性能).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from validator.readers import ocr  # noqa: E402

DEFAULT = sorted((ROOT.parent / "shared" / "corpus" / "formats").glob("*.scanned.pdf"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdfs", nargs="*", type=Path, default=DEFAULT)
    args = parser.parse_args()
    if not ocr.available():
        print("the ocr extra is not installed: pip install '.[ocr]'")
        return 2
    if not args.pdfs:
        print("no scanned PDF given and none in ../shared/corpus/formats/")
        return 2
    import pypdfium2

    wall, cpu = time.perf_counter(), time.process_time()
    ocr._engine()
    print(f"engine load: {time.perf_counter() - wall:.2f} s wall, {time.process_time() - cpu:.2f} s CPU")
    walls: list[float] = []
    cpus: list[float] = []
    for path in args.pdfs:
        document = pypdfium2.PdfDocument(str(path))
        try:
            for number in range(1, len(document) + 1):
                wall, cpu = time.perf_counter(), time.process_time()
                (page,) = ocr.recognise(document, [number], str(path))
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
                chars = sum(len(line.text) for line in page.lines)
                print(f"{path.name} page {number}: {chars} characters, {walls[-1]:.1f} s wall, {cpus[-1]:.1f} s CPU")
        finally:
            document.close()
    print(f"per page: median {statistics.median(walls):.1f} s wall, {statistics.median(cpus):.1f} s CPU "
          f"over {len(walls)} pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
