"""Measure the year-over-year matcher on hand-labelled pairs of reports.

    python -m tests.yoy_measure                 # figures per variant of the matcher
    python -m tests.yoy_measure --items         # every item: label, verdict, best window
    python -m tests.yoy_measure --corpus DIR    # also the labelled pairs in DIR (default ../shared/corpus/yoy)

Pairs: examples/yoy/labels.yaml (development pairs, and held-out pairs written before the method was
fixed) and, when present, a labelled corpus in the shared layout (labels delivered / partly /
not-delivered / postponed), used as development pairs.

Plan follow-through: each of last year's plan items gets one of four verdicts (delivered, partly,
postponed, not found). For each variant of the matcher, the three thresholds of "enough work done"
(share of the item, share of its head, share at which the head is not needed) are fitted by grid
search on the development pairs, minimising errors where calling an undelivered item delivered costs
three and missing a delivered item one. Printed per variant: leave-one-pair-out figures on the
development pairs (thresholds fitted without the pair), figures on the held-out pairs with thresholds
fitted on all development pairs, and figures with the thresholds of the shipped rule file.
The figures: delivered items found (recall), undelivered or postponed items called delivered, partly
items judged partly, postponed items judged postponed.

Repetition: similarity of every (this year, last year) pair of problem and plan items, copied or not,
for character-trigram Jaccard and difflib's ratio.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import itertools
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from validator import yoy
from validator.checks import yoy as checks
from validator.model import Document
from validator.pipeline import load_document
from validator.ruleset import RuleSet, load_ruleset
from validator.vocabulary import Vocabulary

ROOT = Path(__file__).resolve().parent.parent
PAIRS_DIR = ROOT / "examples" / "yoy"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus" / "yoy"
CORPUS_VERDICT = {"delivered": "delivered", "partly": "partly", "not-delivered": "not_found", "postponed": "postponed"}
FALSE_DELIVERY_COST = 3


@dataclass(frozen=True)
class Pair:
    name: str
    held_out: bool
    previous: Document
    current: Document
    verdicts: list[str]  # labelled verdict per plan item of last year's report
    repeated: list[dict[str, Any]] = field(default_factory=list)


def load_pairs(ruleset: RuleSet, corpus: Path | None) -> list[Pair]:
    data = yaml.safe_load((PAIRS_DIR / "labels.yaml").read_text(encoding="utf-8"))
    pairs = [Pair(p["name"], bool(p.get("held_out", False)),
                  load_document(str(PAIRS_DIR / p["previous"]), ruleset),
                  load_document(str(PAIRS_DIR / p["current"]), ruleset),
                  [item["verdict"] for item in p["plan"]], p.get("repeated") or [])
             for p in data["pairs"]]
    if corpus is not None and (corpus / "labels.yaml").is_file():
        shared = yaml.safe_load((corpus / "labels.yaml").read_text(encoding="utf-8"))
        pairs += [Pair(f"corpus:{p['name']}", False,
                       load_document(str(corpus / p["previous"]), ruleset),
                       load_document(str(corpus / p["current"]), ruleset),
                       [CORPUS_VERDICT[item["label"]] for item in p["plan"]])
                  for p in shared["pairs"]]
    return pairs


# --------------------------------------------------------------------------- variants


@dataclass(frozen=True)
class Variant:
    name: str
    constants: dict[str, Any] = field(default_factory=dict)  # module constants of validator.yoy to override
    vocabulary: Callable[[Vocabulary], Vocabulary] = lambda v: v
    scope: str = "rule"  # rule: the rule's scope for done work | all: every section but the plan


def variants() -> list[Variant]:
    return [
        Variant("chosen: windows of 3, thesaurus, routine words 0.5, slogans 0.3"),
        Variant("  single units, no windows", {"WINDOW": 1}),
        Variant("  windows of 2", {"WINDOW": 2}),
        Variant("  without the thesaurus", vocabulary=lambda v: v._replace(synonyms=())),
        Variant("  routine words at full weight", {"ROUTINE_WEIGHT": 1.0}),
        Variant("  routine words at 0.3", {"ROUTINE_WEIGHT": 0.3}),
        Variant("  slogans at full weight", {"SLOGAN_WEIGHT": 1.0}),
        Variant("  without postponement and pending cues",
                vocabulary=lambda v: v._replace(postponed=(), pending=())),
    ]


@contextlib.contextmanager
def constants(overrides: dict[str, Any]) -> Iterator[None]:
    saved = {k: getattr(yoy, k) for k in overrides}
    for k, v in overrides.items():
        setattr(yoy, k, v)
    try:
        yield
    finally:
        for k, v in saved.items():
            setattr(yoy, k, v)


Gathered = list[tuple[list[yoy.Evidence], list[str], yoy.Reader]]  # per pair


def gather(pairs: Sequence[Pair], ruleset: RuleSet, v: Variant) -> Gathered:
    rule = ruleset.get("report.plan-followthrough")
    assert rule is not None
    params: checks.FollowThroughParams = rule.params
    vocabulary = v.vocabulary(ruleset.vocabulary)
    out: Gathered = []
    with constants(v.constants):
        for pair in pairs:
            reader = yoy.Reader(vocabulary)
            doc = pair.current
            units = yoy.units_of(doc, doc.paragraphs_of(rule.scope), doc.paragraphs_of(params.statements), reader)
            items = yoy.items_of(pair.previous, params.plan_kind)
            assert len(items) == len(pair.verdicts), (pair.name, [i.title for i in items])
            evidence = yoy.gather(items, units, yoy.rarity_of(units, pair.previous, reader), reader,
                                  params.thresholds, yoy.routine_grams(pair.previous, params.plan_kind, reader))
            out.append((evidence, pair.verdicts, reader))
    return out


# --------------------------------------------------------------------------- scoring


@dataclass
class Tally:
    delivered: list[int] = field(default_factory=lambda: [0, 0])  # [found, labelled]
    false: list[int] = field(default_factory=lambda: [0, 0])  # [called delivered, labelled not_found/postponed]
    partly: list[int] = field(default_factory=lambda: [0, 0])  # [judged partly, labelled]
    postponed: list[int] = field(default_factory=lambda: [0, 0])  # [judged postponed, labelled]

    def add(self, got: str, want: str) -> None:
        if want == "delivered":
            self.delivered[0] += got == "delivered"
            self.delivered[1] += 1
        else:
            self.false[0] += got == "delivered" and want != "partly"
            self.false[1] += want != "partly"
            if want == "partly":
                self.partly[0] += got == "partly"
                self.partly[1] += 1
            if want == "postponed":
                self.postponed[0] += got == "postponed"
                self.postponed[1] += 1

    def cost(self) -> int:
        return (self.delivered[1] - self.delivered[0]) + FALSE_DELIVERY_COST * self.false[0] \
            + (self.partly[1] - self.partly[0]) + (self.postponed[1] - self.postponed[0])

    def __str__(self) -> str:
        d, f, pa, po = self.delivered, self.false, self.partly, self.postponed
        recall = f"{100 * d[0] / d[1]:.0f}%" if d[1] else "—"
        return (f"delivered {d[0]}/{d[1]} ({recall}), undelivered called delivered {f[0]}/{f[1]}, "
                f"partly {pa[0]}/{pa[1]}, postponed {po[0]}/{po[1]}")


def tally(gathered: Gathered, thresholds: yoy.Thresholds) -> Tally:
    t = Tally()
    for evidence, verdicts, reader in gathered:
        for e, want in zip(evidence, verdicts):
            t.add(yoy.verdict(e, thresholds)[0], want)
    return t


GRID = {
    "delivered": [0.10, 0.12, 0.14, 0.15, 0.16, 0.18, 0.20, 0.22, 0.25],
    "head": [0.0, 0.05, 0.1, 0.15, 0.2, 0.3],
    "confident": [0.25, 0.3, 0.35, 0.4, 1.01],
}


def fit(gathered: Gathered, base: yoy.Thresholds) -> yoy.Thresholds:
    """The grid point with the lowest cost; among equals the one nearest the middle of the grid."""
    best: tuple[int, float, yoy.Thresholds] | None = None
    for d, h, c in itertools.product(GRID["delivered"], GRID["head"], GRID["confident"]):
        th = base._replace(delivered=d, head=h, confident=c)
        cost = tally(gathered, th).cost()
        centre = abs(d - 0.16) + abs(h - 0.1) + abs(c - 0.3)
        if best is None or (cost, centre) < best[:2]:
            best = (cost, centre, th)
    assert best is not None
    return best[2]


def evaluate(pairs: Sequence[Pair], ruleset: RuleSet, v: Variant, shipped: yoy.Thresholds) -> dict[str, Any]:
    gathered = gather(pairs, ruleset, v)
    dev = [i for i, p in enumerate(pairs) if not p.held_out]
    held = [i for i, p in enumerate(pairs) if p.held_out]
    lopo = Tally()
    for i in dev:
        th = fit([gathered[j] for j in dev if j != i], shipped)
        t = tally([gathered[i]], th)
        for a, b in ((lopo.delivered, t.delivered), (lopo.false, t.false), (lopo.partly, t.partly),
                     (lopo.postponed, t.postponed)):
            a[0] += b[0]
            a[1] += b[1]
    fitted = fit([gathered[i] for i in dev], shipped)
    return {
        "fitted": fitted,
        "lopo": lopo,
        "held": tally([gathered[i] for i in held], fitted),
        "shipped_dev": tally([gathered[i] for i in dev], shipped),
        "shipped_held": tally([gathered[i] for i in held], shipped),
    }


# --------------------------------------------------------------------------- repetition


def repetition_scores(pairs: Sequence[Pair], measure: Callable[[str, str], float]) -> tuple[list[float], list[float]]:
    """Best similarity of each of this year's problem/plan items to last year's, split by label."""
    copied, fresh = [], []
    for pair in pairs:
        if pair.name.startswith("corpus:"):
            continue  # the corpus labels copying per pair, not per item
        flagged = {(r["code"], r["item"]) for r in pair.repeated}
        for kind, code in (("problems", "problem-repeated"), ("plan", "plan-repeated")):
            previous = yoy.items_of(pair.previous, kind)
            for item in yoy.items_of(pair.current, kind):
                best = max((measure(item.text, p.text) for p in previous), default=0.0)
                (copied if (code, item.ordinal) in flagged else fresh).append(best)
    return copied, fresh


def difflib_ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


# --------------------------------------------------------------------------- main


def print_items(pairs: Sequence[Pair], ruleset: RuleSet, shipped: yoy.Thresholds) -> None:
    for pair, (evidence, verdicts, reader) in zip(pairs, gather(pairs, ruleset, variants()[0])):
        for e, want in zip(evidence, verdicts):
            d = yoy.decide(e, reader, shipped)
            best = e.windows[0] if e.windows else None
            said = e.statements[0].units[-1].modality if e.statements else None
            mark = "  " if d.outcome == want else "XX"
            print(f"{mark} {pair.name:26} {e.profile.item.ordinal:2} {want:10} {d.outcome:10} "
                  f"score {best.score if best else 0:.2f} head {best.head if best else 0:.2f} "
                  f"{said.kind + '“' + said.cue + '”' if said else '':18} {e.profile.item.title[:24]}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", action="store_true", help="print every item's verdict")
    parser.add_argument("--corpus", type=Path, default=SHARED_CORPUS, help="a labelled corpus of pairs (shared layout)")
    args = parser.parse_args(argv)
    ruleset = load_ruleset()
    rule = ruleset.get("report.plan-followthrough")
    assert rule is not None
    shipped: yoy.Thresholds = rule.params.thresholds
    pairs = load_pairs(ruleset, args.corpus if args.corpus.is_dir() else None)
    n_dev = sum(len(p.verdicts) for p in pairs if not p.held_out)
    n_held = sum(len(p.verdicts) for p in pairs if p.held_out)
    print(f"Plan follow-through: {n_dev} development items ({sum(not p.held_out for p in pairs)} pairs), "
          f"{n_held} held-out items ({sum(p.held_out for p in pairs)} pairs)")
    print(f"shipped thresholds: {tuple(shipped)}")
    if args.items:
        print_items(pairs, ruleset, shipped)
    for v in variants():
        r = evaluate(pairs, ruleset, v, shipped)
        f = r["fitted"]
        print(f"\n{v.name}\n    fitted (delivered, head, confident) = ({f.delivered}, {f.head}, {f.confident})")
        print(f"    development, leave one pair out: {r['lopo']}")
        print(f"    held out, fitted thresholds:     {r['held']}")
        print(f"    development, shipped thresholds: {r['shipped_dev']}")
        print(f"    held out, shipped thresholds:    {r['shipped_held']}")
    print("\nRepetition (best similarity to any of last year's items; copied vs not):")
    for name, measure in (("trigram Jaccard", yoy.similarity), ("difflib ratio", difflib_ratio)):
        copied, fresh = repetition_scores(pairs, measure)
        print(f"  {name:16} copied min {min(copied):.2f} (n={len(copied)})  not copied max {max(fresh):.2f} (n={len(fresh)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
