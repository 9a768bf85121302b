"""Measure the year-over-year matcher on the hand-labelled pairs in examples/yoy/.

    python -m tests.yoy_measure            # the table in the README / CHANGELOG
    python -m tests.yoy_measure --items    # every item with its score

Plan follow-through: each of last year's plan items is scored against this year's report by
several variants of the matcher. For each variant the threshold is picked from data: on the
development pairs, the cut that best separates delivered from not-found items (midpoint of the
widest gap among the best cuts). Reported: leave-one-pair-out precision/recall of "delivered" on
the development pairs, and precision/recall on the held-out pairs (written after the method and
threshold were fixed) with the threshold fitted on all development pairs.

Repetition: similarity of every (this year, last year) pair of problem and plan items, copied or
not (labels from the same file), for character-trigram Jaccard and difflib's ratio.
"""

from __future__ import annotations

import argparse
import difflib
import math
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from validator import yoy
from validator.model import Document
from validator.pipeline import load_document
from validator.ruleset import load_ruleset

ROOT = Path(__file__).resolve().parent.parent
PAIRS_DIR = ROOT / "examples" / "yoy"


@dataclass(frozen=True)
class Pair:
    name: str
    held_out: bool
    previous: Document
    current: Document
    plan: list[dict[str, str]]
    repeated: list[dict[str, Any]]


def evidence_kinds() -> frozenset[str] | None:
    """Where the default rule looks for this year's evidence: its scope."""
    rule = load_ruleset().get("report.plan-followthrough")
    assert rule is not None
    return rule.scope


def load_pairs() -> list[Pair]:
    ruleset = load_ruleset()
    data = yaml.safe_load((PAIRS_DIR / "labels.yaml").read_text(encoding="utf-8"))
    return [
        Pair(p["name"], bool(p.get("held_out", False)),
             load_document(str(PAIRS_DIR / p["previous"]), ruleset),
             load_document(str(PAIRS_DIR / p["current"]), ruleset),
             p["plan"], p.get("repeated") or [])
        for p in data["pairs"]
    ]


# --------------------------------------------------------------------------- variants

Features = Callable[[str], frozenset[str]]


def no_stop_bigrams(text: str) -> frozenset[str]:
    flat = [r for r in yoy._NON_CONTENT.split(text) if r]
    return frozenset(r[i : i + 2] for r in flat for i in range(len(r) - 1))


def bigrams(text: str) -> frozenset[str]:
    return yoy.grams(text, (2,))


def bi_and_trigrams(text: str) -> frozenset[str]:
    return yoy.grams(text, (2, 3))


def key_phrase(item_grams: frozenset[str], passage_grams: frozenset[str], rarity: yoy.Rarity) -> bool:
    """Whether the two share a trigram found in at most two sentences of the two reports."""
    return any(len(g) >= 3 and rarity.df.get(g, 0) <= 2 for g in item_grams & passage_grams)


def jieba_words(text: str) -> frozenset[str]:
    import jieba  # optional, measured only where installed

    stop = set(yoy.STOP_PHRASES)
    return frozenset(w for run in yoy.content_runs(text) for w in jieba.lcut(run) if len(w) >= 2 and w not in stop)


@dataclass(frozen=True)
class Variant:
    name: str
    features: Features = bigrams
    unit: str = "sentence"  # sentence | paragraph
    idf: bool = True
    item_text: str = "text"  # text | title
    key: bool = False  # also require a distinctive shared trigram


def variants() -> list[Variant]:
    out = [
        Variant("bigrams, stop phrases removed, idf, sentence (chosen)"),
        Variant("  bigrams and trigrams", features=bi_and_trigrams),
        Variant("  bi+trigrams, requiring a rare shared trigram", features=bi_and_trigrams, key=True),
        Variant("  without stop-phrase removal", features=no_stop_bigrams),
        Variant("  without idf weighting", idf=False),
        Variant("  two-sentence window as passage", unit="window"),
        Variant("  whole paragraph as passage", unit="paragraph"),
        Variant("  item title only", item_text="title"),
    ]
    try:
        import jieba  # noqa: F401

        jieba.setLogLevel(60)
        out.append(Variant("  jieba words instead of n-grams", features=jieba_words))
    except ImportError:
        pass
    return out


def passages_of(document: Document, kinds: frozenset[str] | None, v: Variant) -> list[tuple[str, frozenset[str]]]:
    paragraphs = document.paragraphs_of(kinds)
    if kinds is not None:  # where evidence is looked for, as the check does
        paragraphs = yoy.evidence_paragraphs(document, paragraphs)
    if v.unit == "paragraph":
        units = [p.text for p in paragraphs]
    elif v.unit == "window":
        units = []
        for p in paragraphs:
            sents = [m.group(0) for m in yoy._SENTENCE.finditer(p.text)]
            units.extend(sents)
            units.extend(a + b for a, b in zip(sents, sents[1:]))
    else:
        units = [m.group(0) for p in paragraphs for m in yoy._SENTENCE.finditer(p.text)]
    return [(u, v.features(u)) for u in units if v.features(u)]


def score_items(pair: Pair, v: Variant) -> list[tuple[str, float, bool]]:
    """(item title, score, has key phrase) for each of last year's plan items."""
    found = passages_of(pair.current, evidence_kinds(), v)
    corpus = passages_of(pair.current, None, v) + passages_of(pair.previous, None, v)
    rarity = yoy.Rarity(g for _, g in corpus)
    out = []
    for item in yoy.items_of(pair.previous, "plan"):
        item_grams = v.features(item.title if v.item_text == "title" else item.text)
        best, key = 0.0, False
        for _, passage_grams in found:
            shared = item_grams & passage_grams
            if v.idf:
                total = rarity.weight(item_grams)
                s = rarity.weight(shared) / total if total else 0.0
            else:
                s = len(shared) / len(item_grams) if item_grams else 0.0
            if s > best:
                best = s
                key = key_phrase(item_grams, passage_grams, rarity)
        out.append((item.title, best, key))
    return out


# --------------------------------------------------------------------------- thresholds

Scored = list[tuple[float, bool, bool]]  # (score, has key, labelled delivered)


def predict(score: float, key: bool, threshold: float, v: Variant) -> bool:
    return score >= threshold and (key or not v.key)


def fit_threshold(scored: Scored, v: Variant) -> float:
    """The cut with the fewest errors; among equals, the middle of the widest gap."""
    values = sorted({s for s, _, _ in scored} | {0.0, 1.0})
    cuts = [(a + b) / 2 for a, b in zip(values, values[1:])]
    def errors(t: float) -> int:
        return sum(predict(s, k, t, v) != y for s, k, y in scored)
    def gap(t: float) -> float:
        below = max((s for s, _, _ in scored if s < t), default=0.0)
        above = min((s for s, _, _ in scored if s >= t), default=1.0)
        return above - below
    return min(cuts, key=lambda t: (errors(t), -gap(t)))


def precision_recall(pairs: Iterable[tuple[bool, bool]]) -> tuple[float, float, int, int]:
    tp = fp = fn = 0
    total = correct = 0
    for predicted, actual in pairs:
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
        total += 1
        correct += predicted == actual
    precision = tp / (tp + fp) if tp + fp else math.nan
    recall = tp / (tp + fn) if tp + fn else math.nan
    return precision, recall, correct, total


def labelled(pair: Pair, v: Variant) -> Scored:
    scores = score_items(pair, v)
    assert len(scores) == len(pair.plan), (pair.name, [t for t, _, _ in scores])
    return [(s, k, lab["verdict"] == "delivered") for (_, s, k), lab in zip(scores, pair.plan)]


def evaluate(pairs: Sequence[Pair], v: Variant) -> dict[str, Any]:
    dev = [p for p in pairs if not p.held_out]
    # each item once, with the pair's name, for the errors listing
    held = [p for p in pairs if p.held_out]
    scored = {p.name: labelled(p, v) for p in pairs}
    cv: list[tuple[bool, bool]] = []
    for p in dev:
        train = [x for q in dev if q is not p for x in scored[q.name]]
        t = fit_threshold(train, v)
        cv.extend((predict(s, k, t, v), y) for s, k, y in scored[p.name])
    everything = [x for p in dev for x in scored[p.name]]
    threshold = fit_threshold(everything, v)
    lowest_delivered = min((s for s, _, y in everything if y), default=math.nan)
    highest_not_found = max((s for s, _, y in everything if not y), default=math.nan)
    test = [(predict(s, k, threshold, v), y) for p in held for s, k, y in scored[p.name]]
    return {"threshold": threshold, "cv": precision_recall(cv), "held_out": precision_recall(test),
            "gap": (highest_not_found, lowest_delivered)}


def fmt(pr: tuple[float, float, int, int]) -> str:
    p, r, correct, total = pr
    return f"P {p:.2f} R {r:.2f} ({correct}/{total} correct)"


# --------------------------------------------------------------------------- repetition


def repetition_scores(pairs: Sequence[Pair], measure: Callable[[str, str], float]) -> tuple[list[float], list[float]]:
    """Best similarity of each of this year's problem/plan items to last year's, split by label."""
    copied, fresh = [], []
    for pair in pairs:
        flagged = {(r["code"], r["item"]) for r in pair.repeated}
        for kind, code in (("problems", "problem-repeated"), ("plan", "plan-repeated")):
            previous = yoy.items_of(pair.previous, kind)
            for item in yoy.items_of(pair.current, kind):
                best = max((measure(item.text, p.text) for p in previous), default=0.0)
                if (code, item.ordinal) in flagged:
                    copied.append(best)
                else:
                    fresh.append(best)
    return copied, fresh


def difflib_ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", action="store_true", help="print every item's score")
    args = parser.parse_args(argv)
    pairs = load_pairs()
    n_dev = sum(len(p.plan) for p in pairs if not p.held_out)
    n_held = sum(len(p.plan) for p in pairs if p.held_out)
    print(f"Plan follow-through: {n_dev} development items, {n_held} held-out items; 'delivered' is positive")
    for v in variants():
        result = evaluate(pairs, v)
        low, high = result["gap"]
        held = f"  held-out {fmt(result['held_out'])}" if n_held else ""
        print(f"{v.name:48} t={result['threshold']:.3f} not-found max {low:.3f} delivered min {high:.3f}"
              f"  LOPO {fmt(result['cv'])}{held}")
    if args.items:
        v = variants()[0]
        for pair in pairs:
            for (title, s, k), lab in zip(score_items(pair, v), pair.plan):
                print(f"  {pair.name:9} {lab['verdict']:10} {s:.3f} key={k!s:5} {title}")
    print("\nRepetition (best similarity to any of last year's items; copied vs not):")
    for name, measure in (("trigram Jaccard", yoy.similarity), ("difflib ratio", difflib_ratio)):
        copied, fresh = repetition_scores(pairs, measure)
        print(f"  {name:16} copied min {min(copied):.2f} (n={len(copied)})  not copied max {max(fresh):.2f} (n={len(fresh)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
