"""The field's vocabulary for reading a report against last year's, as data from the rule files.

A rule file may hold a ``vocabulary`` mapping (rules/61-yoy-vocabulary.yaml ships the defaults):

- ``synonyms``: groups of names for one thing (bodies, systems, reforms and their abbreviations:
  医疗纠纷人民调解委员会 / 医调委). A later file adds groups, or extends a group by naming one of its
  members again: groups that share a name are merged.
- ``postponed``: patterns of statements that a piece of work was deferred to a later year or
  dropped (推迟至、暂缓、不再实施、未能按期、延期).
- ``pending``: patterns of statements that a piece of work is still unfinished (尚未出台、正在征求意见、
  其余…正在).
- ``causes``: patterns of sentences that give the cause of a shortfall (原因在于…); an unfinished thing
  named there describes the problem, not a plan item done in part.
- ``studied``: patterns of clauses that report studying or relaying something (专题学习《…》, 观摩学习),
  which shows the work done only of a plan item about study (``study``: 学法、培训) — a leaders' study
  of a law does not deliver a plan to publicise it.
- ``slogans``: patterns of the clauses of a plan item that state an aim rather than a deliverable
  (营造…氛围、打通“最后一公里”); their words count for less when an item is matched.
- ``issuers``: groups of names of one issuer (a body renamed or merged), for pairing a batch.

Files are merged in order, as the section classifier is: a province's file passed with --rules, or
listed under ``rules:`` in the configuration, adds entries to the shipped ones.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple, TypeAlias

import regex

from validator.lazyre import lazy_regex

Pattern: TypeAlias = "regex.Pattern[str]"


class Vocabulary(NamedTuple):
    synonyms: tuple[tuple[str, ...], ...] = ()  # each group: its canonical name first
    postponed: tuple[Pattern, ...] = ()
    pending: tuple[Pattern, ...] = ()
    slogans: tuple[Pattern, ...] = ()
    causes: tuple[Pattern, ...] = ()
    studied: tuple[Pattern, ...] = ()
    study: tuple[Pattern, ...] = ()
    issuers: tuple[tuple[str, ...], ...] = ()


EMPTY = Vocabulary()


def merge_groups(groups: Iterable[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    """Groups of names with every two groups that share a name made one (the first group's order kept).

    Names are compared with spaces removed; empty names are dropped, and so are groups left with
    fewer than two names (a name alone is no synonym).
    """
    merged: list[list[str]] = []
    where: dict[str, int] = {}
    for group in groups:
        names = [n for n in ("".join(str(name).split()) for name in group) if n]
        targets = sorted({where[n] for n in names if n in where})
        if not targets:
            merged.append([])
            target = len(merged) - 1
        else:
            target = targets[0]
            for other in targets[1:]:  # this group joins groups merged separately so far
                for n in merged[other]:
                    if n not in merged[target]:
                        merged[target].append(n)
                    where[n] = target
                merged[other] = []
        for n in names:
            if n not in merged[target]:
                merged[target].append(n)
            where[n] = target
    return tuple(tuple(g) for g in merged if len(g) >= 2)


class VocabularyBuilder:
    """Vocabulary entries gathered file by file, merged by ``build``."""

    def __init__(self) -> None:
        self.synonyms: list[Sequence[str]] = []
        self.issuers: list[Sequence[str]] = []
        self.patterns: dict[str, list[Pattern]] = {"postponed": [], "pending": [], "slogans": [], "causes": [], "studied": [], "study": []}

    def add(self, raw: Mapping[str, Any], compile_pattern: Callable[[tuple[str, int], str], Pattern]) -> None:
        """Add one file's ``vocabulary`` mapping; ``compile_pattern((key, index), value)`` checks and compiles a
        pattern."""
        self.synonyms.extend(raw.get("synonyms", []))
        self.issuers.extend(raw.get("issuers", []))
        for key, out in self.patterns.items():
            for i, value in enumerate(raw.get(key, [])):
                out.append(compile_pattern((key, i), value))

    def build(self) -> Vocabulary:
        return Vocabulary(
            synonyms=merge_groups(self.synonyms),
            postponed=tuple(self.patterns["postponed"]),
            pending=tuple(self.patterns["pending"]),
            slogans=tuple(self.patterns["slogans"]),
            causes=tuple(self.patterns["causes"]),
            studied=tuple(self.patterns["studied"]),
            study=tuple(self.patterns["study"]),
            issuers=merge_groups(self.issuers),
        )


# --------------------------------------------------------------------------- the thesaurus


class Thesaurus:
    """Rewrites every name of a synonym group to the group's canonical name, and says which name stood where.

    Longer names are matched first, so a name inside a longer one ("检察院" in "人民检察院") does not
    split it.
    """

    def __init__(self, groups: Sequence[Sequence[str]]) -> None:
        self.canonical: dict[str, str] = {}
        for group in groups:
            for name in group:
                self.canonical.setdefault(name, group[0])
        names = sorted(self.canonical, key=len, reverse=True)
        self._pattern = lazy_regex("|".join(map(regex.escape, names))) if names else None

    def names_in(self, text: str) -> list[tuple[str, str]]:
        """(name as written, canonical name) for each synonym in ``text``, in order."""
        if self._pattern is None:
            return []
        return [(m.group(0), self.canonical[m.group(0)]) for m in self._pattern.finditer(text)]

    def normalise(self, text: str) -> str:
        """``text`` with every synonym written as its group's canonical name."""
        if self._pattern is None:
            return text
        canonical = self.canonical
        result: str = self._pattern.sub(lambda m: canonical[m.group(0)], text)
        return result


@functools.lru_cache(maxsize=8)
def thesaurus(groups: tuple[tuple[str, ...], ...]) -> Thesaurus:
    """The thesaurus of a vocabulary's synonym groups, built once per rule set."""
    return Thesaurus(groups)
