"""Generate validator/data/citations.tsv, the reference titles the cite.* rules check against.

usage: python3 tools/gen_citation_data.py [SHARED_DATA_DIR] [--check]

Inputs:
- SHARED_DATA_DIR/law_titles.tsv — official titles of laws, administrative regulations, judicial
  interpretations, some departmental rules and local regulations (one row per version);
- SHARED_DATA_DIR/central_documents.tsv — Party/State documents with their period and status;
- tools/data/article_counts.tsv — article counts of the laws reports cite by article (curated);
- tools/data/superseded.tsv — repealed laws and what replaced them (curated).
An ``articles`` column in law_titles.tsv, when the shared data gains one, is used as well.

Output: one row per title (versions collapsed) with its kind, its period (start—end) when it has
one, the first report year in which citing it as the current basis is wrong, what replaced it, and
its article count. The output is committed: titles are facts, and a report is checked without
../shared. ``--check`` exits 1 when the committed file differs from what the inputs give.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared" / "data"
CURATED = ROOT / "tools" / "data"
OUTPUT = ROOT / "validator" / "data" / "citations.tsv"
COLUMNS = ("title", "kind", "period", "superseded_from", "replaced_by", "articles")

_PERIOD = re.compile(r"^(\d{4})—(\d{4})$")
_ENDED = re.compile(r"period ended (\d{4})")
_SUPERSEDED = re.compile(r"superseded by the (.+?)$")
_PERIOD_NAMED = re.compile(r"^(\d{4})—(\d{4}) (.+)$")


def read_tsv(path: Path) -> list[dict[str, str]]:
    text = "".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                   if not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


def _successor(note: str, documents: list[dict[str, str]]) -> tuple[str, int]:
    """(title of what superseded a document, first year it applies) from a note like
    "superseded by the 2021—2025 纲要" or "superseded by the 法治政府建设实施纲要"."""
    name = note.strip().rstrip(".")
    named = _PERIOD_NAMED.match(name)
    if named:
        start, end, word = named.groups()
        hits = [d for d in documents if d["period_or_date"] == f"{start}—{end}" and word in d["title"]]
        if len(hits) != 1:
            raise SystemExit(f"cannot resolve successor {name!r}: {[d['title'] for d in hits]}")
        return hits[0]["title"], int(start)
    hits = [d for d in documents if d["title"].startswith(name)]
    starts = [int(m.group(1)) for d in hits if (m := _PERIOD.match(d["period_or_date"]))]
    if not starts:
        raise SystemExit(f"cannot resolve successor {name!r}")
    # the first of the series was issued late in its first year (纲要 2015: December)
    return name, min(starts) + 1


def central_rows(documents: list[dict[str, str]]) -> list[dict[str, str]]:
    rows = []
    for d in documents:
        note = d["status_note"]
        period = d["period_or_date"] if _PERIOD.match(d["period_or_date"]) else ""
        superseded_from, replaced_by = "", ""
        ended = _ENDED.search(note)
        if ended:
            if not period or not period.endswith(ended.group(1)):
                raise SystemExit(f"{d['title']}: note {note!r} disagrees with period {d['period_or_date']!r}")
        superseded = _SUPERSEDED.search(note.split(";")[-1].strip())
        if superseded:
            replaced_by, first = _successor(superseded.group(1), documents)
            superseded_from = str(int(period[-4:]) + 1) if period else str(first)
        elif not (note.startswith(("in force", "edition")) or ended):
            raise SystemExit(f"{d['title']}: status note not understood: {note!r}")
        rows.append({"title": d["title"], "kind": d["kind"], "period": period,
                     "superseded_from": superseded_from, "replaced_by": replaced_by, "articles": ""})
    return rows


def build(shared: Path) -> str:
    laws = read_tsv(shared / "law_titles.tsv")
    documents = read_tsv(shared / "central_documents.tsv")
    counts = {r["title"]: r["articles"] for r in read_tsv(CURATED / "article_counts.tsv")}
    superseded = read_tsv(CURATED / "superseded.tsv")
    rows: dict[str, dict[str, str]] = {}
    for law in laws:
        row = rows.setdefault(law["title"], {"title": law["title"], "kind": law["kind"], "period": "",
                                             "superseded_from": "", "replaced_by": "", "articles": ""})
        given = (law.get("articles") or "").strip()
        if given and int(given) > int(row["articles"] or 0):
            row["articles"] = given  # the largest count over the versions: an article of any version exists
    for entry in superseded:
        row = rows.setdefault(entry["title"], {"title": entry["title"], "kind": entry["kind"], "period": "",
                                               "superseded_from": "", "replaced_by": "", "articles": ""})
        row["superseded_from"], row["replaced_by"] = entry["from"], entry["replaced_by"]
    for title, count in counts.items():
        if title not in rows:
            raise SystemExit(f"article count for a title not in the data: {title}")
        rows[title]["articles"] = str(max(int(count), int(rows[title]["articles"] or 0)))
    for row in central_rows(documents):
        if row["title"] in rows:
            raise SystemExit(f"{row['title']} is in both law_titles.tsv and central_documents.tsv")
        rows[row["title"]] = row
    out = io.StringIO()
    out.write("# Generated by tools/gen_citation_data.py from ../shared/data (law_titles.tsv: titles from the\n"
              "# national law database via the LawRefBook/Laws collection; central_documents.tsv) and\n"
              "# tools/data/*.tsv. Do not edit: change the inputs and run the script again.\n")
    writer = csv.DictWriter(out, COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    for title in sorted(rows):
        writer.writerow(rows[title])
    return out.getvalue()


def main(argv: list[str]) -> int:
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    shared = Path(args[0]) if args else DEFAULT_SHARED
    text = build(shared)
    if check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.is_file() else ""
        if current != text:
            print(f"{OUTPUT} is out of date: run python3 tools/gen_citation_data.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {text.count(chr(10)) - 4} titles")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
